//! kompas-render: assessments as people read them.
//!
//! - [`markdown`]: the report an architect pastes into a wiki;
//! - [`text`]: the terminal summary (`kompas assess`);
//! - [`explain_text`]: one decision in plain sentences (`kompas explain`);
//! - [`inputs_text`] and [`inputs_json`]: the questions of a KB (`kompas inputs`).
//!
//! Fixed headings and sentences come in English and Dutch ([`Lang`]); KB texts
//! come from the assessment, in the language it was assessed in (assess with
//! `kompas_engine::AssessOptions { lang: Lang::Nl, .. }` for Dutch KB texts).

#![warn(missing_docs)]

mod explain;
mod inputs;
mod markdown;
mod sentences;
mod style;
mod terminal;
mod words;
mod wrap;

pub use explain::explain_text;
pub use inputs::{inputs_json, inputs_text};
pub use kompas_engine::Lang;
pub use markdown::markdown;
pub use terminal::text;
