//! The identity of the KB an assessment was made with, and a snapshot of it.

use std::path::Path;

use kompas_kb::Kb;
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
    serde_json::to_value(kb.as_one_file()).expect("the KB model serialises")
}
