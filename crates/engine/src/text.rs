//! Shared text: the languages an assessment can be written in, and the cheap
//! string type the output uses.
//!
//! Every text of the KB is put into output shape once, when the
//! [`crate::Engine`] is built; an assessment then *borrows* those strings from
//! the engine (a [`Txt`] is a `Cow<str>`: borrowed when made by the engine,
//! owned when read back from JSON). Borrowing costs nothing, where copying or
//! even reference counting thousands of strings per assessment would dominate
//! its cost.

use std::borrow::Cow;

use kompas_kb::Text;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A string of the output: borrowed from the engine, or owned. Serialises as a
/// plain JSON string.
pub type Txt<'a> = Cow<'a, str>;

/// The languages kompas writes in. KB texts fall back to English when the KB
/// has no text in the language asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Dutch.
    Nl,
}

impl Lang {
    /// Every language, in a fixed order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// The language code used in KB texts (`en`, `nl`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// The language for a code, if kompas writes it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A KB text in one language.
pub(crate) fn local(text: &Text, lang: Lang) -> Txt<'static> {
    Cow::Owned(text.get(lang.code()).to_owned())
}

/// An optional KB text in one language.
pub(crate) fn local_opt(text: Option<&Text>, lang: Lang) -> Option<Txt<'static>> {
    text.map(|t| local(t, lang))
}

/// A plain string as an owned [`Txt`].
pub(crate) fn txt(s: &str) -> Txt<'static> {
    Cow::Owned(s.to_owned())
}

/// Borrows a prepared string.
#[inline]
pub(crate) fn b<'a>(s: &'a Txt<'_>) -> Txt<'a> {
    Cow::Borrowed(s)
}
