//! Borrowing prepared output pieces into an assessment.
//!
//! Shared pieces (trace lists, trade-offs, questions, findings) are prepared
//! once with `'static` contents and borrowed whole by every assessment: the
//! output types hold them as `Cow<'e, [T<'static>]>`, which keeps the output
//! types covariant in `'e` (a `Cow<'e, [T<'e>]>` would not be).

use std::borrow::Cow;

/// Borrows a prepared piece.
#[inline]
pub(crate) fn shared<T: ?Sized + ToOwned>(x: &T) -> Cow<'_, T> {
    Cow::Borrowed(x)
}

/// Borrows a prepared list as a slice.
#[inline]
pub(crate) fn list<T: Clone>(x: &[T]) -> Cow<'_, [T]> {
    Cow::Borrowed(x)
}
