//! kompas-render: assessments as people read them.
//!
//! - [`markdown`]: the report an architect pastes into a wiki;
//! - [`text`]: the terminal summary (`kompas assess`);
//! - [`explain_text`]: one decision in plain sentences (`kompas explain`).
//!
//! Fixed headings and sentences come in English and Dutch ([`Lang`]); KB texts
//! come from the assessment, in the language it was assessed in (assess with
//! `kompas_engine::AssessOptions { lang: Lang::Nl, .. }` for Dutch KB texts).

#![warn(missing_docs)]

mod explain;
mod markdown;
mod sentences;
mod style;
mod terminal;
mod words;

pub use explain::explain_text;
pub use kompas_engine::Lang;
pub use markdown::markdown;
pub use terminal::text;
