//! Reloading the KB: on a file change (`--watch`, debounced) and on SIGHUP.
//!
//! A KB that fails check is refused whole: the failure is logged with the
//! checker's report (its verdict first, then the problems by severity) and
//! counted in `/metrics`, and the last good KB keeps serving (readiness stays
//! up). Only a KB that passes replaces it; the log says what its check proved.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;

use crate::metrics::ReloadOutcome;
use crate::state::{AppState, LoadedKb};

/// How long the files must be quiet before a change is reloaded: an editor or
/// a `git checkout` writes several files in a burst; reload once, after it.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadResult {
    /// The new KB serves now.
    Swapped {
        /// Its digest.
        digest: String,
    },
    /// The new KB was refused; the old one keeps serving.
    Refused {
        /// The checker's diagnostics.
        diagnostics: String,
    },
    /// The built-in KB is served: there is nothing to reload.
    NothingToReload,
}

/// Reloads the KB directory of `state` and swaps it in if it passes check.
pub async fn reload(state: &AppState, reason: &str) -> ReloadResult {
    let Some(dir) = state.kb_dir().map(Path::to_path_buf) else {
        tracing::info!(reason, "the built-in KB is served; nothing to reload");
        return ReloadResult::NothingToReload;
    };
    let _one_at_a_time = state.reload_lock().lock().await;
    let loading = dir.clone();
    let loaded = tokio::task::spawn_blocking(move || LoadedKb::load(Some(&loading))).await;
    match loaded {
        Ok(Ok(kb)) => {
            let digest = kb.info.digest.clone();
            tracing::info!(reason, dir = %dir.display(), kb = %kb.info.id, version = %kb.info.version, %digest, warnings = kb.warnings, "KB reloaded: {}", kb.verdict);
            state.replace(kb);
            state.metrics().count_reload(ReloadOutcome::Success);
            ReloadResult::Swapped { digest }
        }
        Ok(Err(refused)) => {
            let current = state.kb();
            tracing::error!(
                reason,
                dir = %dir.display(),
                errors = refused.errors,
                serving = %current.info.digest,
                "KB refused, the last good KB keeps serving:\n{}",
                refused.rendered
            );
            state.metrics().count_reload(ReloadOutcome::Failure);
            ReloadResult::Refused {
                diagnostics: refused.rendered,
            }
        }
        Err(panicked) => {
            // A bug in the checker or the engine must not take the server down.
            tracing::error!(reason, dir = %dir.display(), error = %panicked, "KB reload panicked; the last good KB keeps serving");
            state.metrics().count_reload(ReloadOutcome::Failure);
            ReloadResult::Refused {
                diagnostics: panicked.to_string(),
            }
        }
    }
}

/// Watches the KB directory and reloads after changes. Keep the returned
/// watcher alive for as long as watching should go on.
pub fn watch(state: AppState, debounce: Duration) -> notify::Result<Option<RecommendedWatcher>> {
    let Some(dir) = state.kb_dir().map(Path::to_path_buf) else {
        tracing::warn!("--watch has no effect on the built-in KB; pass --kb DIR");
        return Ok(None);
    };
    let (changed_tx, changed_rx) = mpsc::unbounded_channel();
    let mut watcher =
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(event) if is_relevant(&event) => {
                let _ = changed_tx.send(event.paths);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "file watcher error"),
        })?;
    watcher.watch(&dir, RecursiveMode::Recursive)?;
    tracing::info!(dir = %dir.display(), "watching the KB directory for changes");
    tokio::spawn(reload_after_quiet(state, changed_rx, debounce));
    Ok(Some(watcher))
}

async fn reload_after_quiet(
    state: AppState,
    mut changed: mpsc::UnboundedReceiver<Vec<PathBuf>>,
    debounce: Duration,
) {
    while let Some(mut paths) = changed.recv().await {
        loop {
            match tokio::time::timeout(debounce, changed.recv()).await {
                Ok(Some(more)) => paths.extend(more),
                Ok(None) => return,
                Err(_quiet) => break,
            }
        }
        paths.sort();
        paths.dedup();
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        tracing::debug!(files = ?names, "KB files changed");
        reload(&state, "file change").await;
    }
}

/// Changes to YAML files (and to directories, which have no extension) matter;
/// reads, editor swap files and other files do not.
fn is_relevant(event: &notify::Event) -> bool {
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.is_empty() || event.paths.iter().any(|p| is_kb_path(p))
}

fn is_kb_path(path: &Path) -> bool {
    // Kubernetes updates a mounted ConfigMap by renaming its `..data` link to a
    // new directory of files: that rename is the change.
    if path.file_name().is_some_and(|n| n == "..data") {
        return true;
    }
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    match path.extension().and_then(|e| e.to_str()) {
        _ if hidden => false,
        Some("yaml" | "yml") => true,
        Some(_) => false,
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yaml_files_and_directories_count() {
        assert!(is_kb_path(Path::new("/kb/decisions/cni.yaml")));
        assert!(is_kb_path(Path::new("/kb/x.yml")));
        assert!(is_kb_path(Path::new("/kb/decisions")));
        assert!(!is_kb_path(Path::new("/kb/.cni.yaml.swp")));
        assert!(!is_kb_path(Path::new("/kb/.cni.yaml")));
        assert!(!is_kb_path(Path::new("/kb/README.md")));
        assert!(
            is_kb_path(Path::new("/etc/kompas/kb/..data")),
            "a ConfigMap swap"
        );
        assert!(!is_kb_path(Path::new("/etc/kompas/kb/..data_tmp")));
    }

    #[test]
    fn reads_are_not_changes() {
        let read = notify::Event::new(EventKind::Access(notify::event::AccessKind::Read))
            .add_path("/kb/a.yaml".into());
        assert!(!is_relevant(&read));
        let write = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
            .add_path("/kb/a.yaml".into());
        assert!(is_relevant(&write));
    }
}
