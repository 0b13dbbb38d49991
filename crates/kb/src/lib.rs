//! The kompas knowledge base: its format, its loader and the built-in webshop case.
//!
//! - [`model`]: the typed format (these types generate `kompas schema kb`).
//! - [`yaml`]: YAML text to a JSON value plus a source map of positions.
//! - [`load`]: files to a [`Kb`], with every error located at `file:line:col`.
//! - [`read`] and [`tree`]: untrusted files read within limits: regular files
//!   only, links only inside the KB directory, one consistent snapshot.
//! - [`diag`]: diagnostics shared by the loader and the checker.
//! - [`builtin`]: the webshop KB embedded in the binary, and `kb init`.
//!
//! The KB is data: nothing in this crate knows about Cilium or the webshop.

pub mod builtin;
pub mod diag;
pub mod load;
pub mod model;
pub mod read;
pub mod tree;
pub mod yaml;

pub use diag::{Diagnostic, Location, Severity};
pub use load::{load_dir, load_dir_with, load_sources, LoadError, SourceFile};
pub use model::*;

/// A loaded knowledge base: the sections of all its files, merged, in file order.
#[derive(Debug, Clone)]
pub struct Kb {
    /// Identity (from the one `kb:` section).
    pub meta: KbMeta,
    /// The files, in load order; [`Origin::file`] indexes this.
    pub files: Vec<SourceFile>,
    /// SHA-256 over the paths and texts of all files.
    pub digest: String,
    /// Questionnaire groups.
    pub input_groups: Vec<InputGroup>,
    /// Inputs.
    pub inputs: Vec<Input>,
    /// Derived facts.
    pub derived: Vec<Derived>,
    /// Layer 0 items.
    pub layer0: Vec<Layer0Item>,
    /// Layer 1 decisions.
    pub decisions: Vec<Decision>,
    /// Areas that group and order the decisions for readers.
    pub areas: Vec<Area>,
    /// Trade-offs.
    pub tradeoffs: Vec<Tradeoff>,
    /// Open questions.
    pub open_questions: Vec<OpenQuestion>,
    /// Layer 2 capabilities.
    pub capabilities: Vec<Capability>,
    /// Tool facts.
    pub tools: Vec<Tool>,
    /// Guidance sections.
    pub guidance: Vec<Guidance>,
    /// Consistency rules.
    pub consistency: Vec<ConsistencyRule>,
}

impl Kb {
    /// The whole KB as one KB file, every section merged: it validates
    /// against `kompas schema kb` and loads back as a one-file KB. Records
    /// keep it as their snapshot of the knowledge; the server offers it as
    /// the KB document.
    pub fn as_one_file(&self) -> KbFile {
        KbFile {
            kb: Some(self.meta.clone()),
            input_groups: self.input_groups.clone(),
            inputs: self.inputs.clone(),
            derived: self.derived.clone(),
            layer0: self.layer0.clone(),
            decisions: self.decisions.clone(),
            areas: self.areas.clone(),
            tradeoffs: self.tradeoffs.clone(),
            open_questions: self.open_questions.clone(),
            capabilities: self.capabilities.clone(),
            tools: self.tools.clone(),
            guidance: self.guidance.clone(),
            consistency: self.consistency.clone(),
        }
    }

    /// The input with this id.
    pub fn input(&self, id: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.id == id)
    }
    /// The derived fact with this id.
    pub fn derived_fact(&self, id: &str) -> Option<&Derived> {
        self.derived.iter().find(|d| d.id == id)
    }
    /// The Layer 0 item with this id.
    pub fn layer0_item(&self, id: &str) -> Option<&Layer0Item> {
        self.layer0.iter().find(|i| i.id == id)
    }
    /// The decision with this id.
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.id == id)
    }
    /// The capability with this id.
    pub fn capability(&self, id: &str) -> Option<&Capability> {
        self.capabilities.iter().find(|c| c.id == id)
    }
    /// The tool with this id.
    pub fn tool(&self, id: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.id == id)
    }
    /// The open question with this id.
    pub fn open_question(&self, id: &str) -> Option<&OpenQuestion> {
        self.open_questions.iter().find(|q| q.id == id)
    }
    /// The trade-off with this id.
    pub fn tradeoff(&self, id: &str) -> Option<&Tradeoff> {
        self.tradeoffs.iter().find(|t| t.id == id)
    }

    /// What the KB's reference case is called, in a language (`en`, `nl`):
    /// `kb.reference`, else a neutral name ("the reference case").
    pub fn reference_name(&self, lang: &str) -> String {
        match &self.meta.reference {
            Some(text) => text.get(lang).to_owned(),
            None if lang == "nl" => "de referentiecasus".to_owned(),
            None => "the reference case".to_owned(),
        }
    }
}

/// The JSON Schema of one KB file (`kompas schema kb`).
pub fn kb_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(KbFile)).expect("a schema serialises")
}
