//! The identity of the KB an assessment was made with, and a snapshot of it.

use std::path::Path;

use kompas_kb::{Kb, KbFile};
use serde_json::Value;

use crate::assessment::kb_text;
use crate::git;
use crate::model::{KbIdentity, KbSource};

/// The identity of `kb`, read from `dir` (`None`: the built-in KB); for a
/// directory in a Git checkout, with its commit.
pub fn kb_identity(kb: &Kb, dir: Option<&Path>) -> KbIdentity {
    let title = serde_json::to_value(&kb.meta.title).ok();
    KbIdentity {
        id: kb.meta.id.clone(),
        version: kb.meta.version.clone(),
        digest: kb.digest.clone(),
        title: kb_text(title.as_ref()),
        source: if dir.is_some() {
            KbSource::Directory
        } else {
            KbSource::BuiltIn
        },
        path: dir.map(|d| {
            std::fs::canonicalize(d)
                .unwrap_or_else(|_| d.to_path_buf())
                .display()
                .to_string()
        }),
        git: dir.and_then(git::revision_of),
    }
}

/// The whole KB as one KB file (every section merged), as JSON: what a record
/// keeps of the knowledge it was made with, so a diff or a drift review can
/// name the rules and tool facts that changed since.
pub fn kb_snapshot(kb: &Kb) -> Value {
    let file = KbFile {
        kb: Some(kb.meta.clone()),
        input_groups: kb.input_groups.clone(),
        inputs: kb.inputs.clone(),
        derived: kb.derived.clone(),
        layer0: kb.layer0.clone(),
        decisions: kb.decisions.clone(),
        areas: kb.areas.clone(),
        tradeoffs: kb.tradeoffs.clone(),
        open_questions: kb.open_questions.clone(),
        capabilities: kb.capabilities.clone(),
        tools: kb.tools.clone(),
        guidance: kb.guidance.clone(),
        consistency: kb.consistency.clone(),
    };
    serde_json::to_value(file).expect("the KB model serialises")
}
