//! Reloading the KB: on a file change (`--watch`) and on SIGHUP.
//!
//! A KB that fails check is refused whole: the failure is logged with the
//! checker's diagnostics (each with its `file:line:col`) and counted in
//! `/metrics`, and the last good KB keeps serving (readiness stays up). Only
//! a KB that passes replaces it; one identical to the KB served (same digest)
//! changes nothing.
//!
//! `--watch` watches the KB directory **by its path**, the way Kubernetes
//! changes it:
//! - edits inside it, in any subdirectory;
//! - the directory replaced (`mv kb kb.old && mv kb.new kb`) or a symbolic
//!   link swapped to another one: the parent directory is watched for the
//!   KB's name, and the watch re-armed on the path before every reload;
//! - a ConfigMap update: kubelet writes a new `..2026_…` directory and renames
//!   a `..data` link over the old one; hidden names are not filtered out;
//! - anything the file watcher misses (a network file system, a link higher
//!   up the path): every [`POLL`] the directory's fingerprint is compared.
//!
//! A reload starts once the files have been quiet for the debounce time, and
//! reads one consistent snapshot ([`kompas_kb::tree`]). If files change while
//! it loads, its result is thrown away and the reload starts over once they
//! are quiet again, so a half-written file is never put in service.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::{Config, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;

use crate::backend::Refused;
use crate::logging::{block, clean};
use crate::metrics::ReloadOutcome;
use crate::state::{AppState, LoadedKb};

/// How long the files must be quiet before a change is reloaded: an editor,
/// a `git checkout` or kubelet writes several files in a burst; reload once,
/// after it.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// How often the directory's fingerprint is compared, in case the file
/// watcher missed a change.
pub const POLL: Duration = Duration::from_secs(5);

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadResult {
    /// The new KB serves now.
    Swapped {
        /// Its digest.
        digest: String,
    },
    /// The files hold the KB already served.
    Unchanged,
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
    let loaded = load(dir.clone()).await;
    apply(state, &dir, reason, loaded)
}

/// Loads and checks the KB in `dir` off the async threads.
async fn load(dir: PathBuf) -> Result<LoadedKb, Refused> {
    match tokio::task::spawn_blocking(move || LoadedKb::load(Some(&dir))).await {
        Ok(loaded) => loaded,
        // A bug in the checker or the engine must not take the server down.
        Err(panicked) => Err(Refused {
            rendered: format!("loading the KB panicked: {panicked}"),
            errors: 1,
        }),
    }
}

/// Puts a loaded KB in service, or logs and counts why not.
fn apply(
    state: &AppState,
    dir: &Path,
    reason: &str,
    loaded: Result<LoadedKb, Refused>,
) -> ReloadResult {
    let dir_text = clean(&dir.display().to_string());
    match loaded {
        Ok(kb) if kb.info.digest == state.kb().info.digest => {
            tracing::debug!(reason, dir = %dir_text, "KB unchanged");
            state.metrics().count_reload(ReloadOutcome::Unchanged);
            ReloadResult::Unchanged
        }
        Ok(kb) => {
            let digest = kb.info.digest.clone();
            tracing::info!(
                reason,
                dir = %dir_text,
                kb = %clean(&kb.info.id),
                version = %clean(&kb.info.version),
                %digest,
                warnings = kb.warnings,
                "KB reloaded: {}",
                kb.verdict
            );
            state.replace(kb);
            state.metrics().count_reload(ReloadOutcome::Success);
            ReloadResult::Swapped { digest }
        }
        Err(refused) => {
            let current = state.kb();
            tracing::error!(
                reason,
                dir = %dir_text,
                errors = refused.errors,
                serving = %current.info.digest,
                "KB refused, the last good KB keeps serving:\n{}",
                block(&refused.rendered)
            );
            state.metrics().count_reload(ReloadOutcome::Failure);
            ReloadResult::Refused {
                diagnostics: refused.rendered,
            }
        }
    }
}

/// Keeps `--watch` going; dropping it stops watching.
pub struct Watching {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Watches the KB directory by its path and reloads after changes (see the
/// module docs). Keep the returned value for as long as watching should go on.
pub fn watch(state: AppState, debounce: Duration) -> notify::Result<Option<Watching>> {
    let Some(dir) = state.kb_dir().map(Path::to_path_buf) else {
        tracing::warn!("--watch has no effect on the built-in KB; pass --kb DIR");
        return Ok(None);
    };
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let (changed_tx, changed_rx) = mpsc::unbounded_channel();
    let kb_path = dir.clone();
    let handler = move |event: notify::Result<notify::Event>| match event {
        // Reads (ours included) change nothing; in the parent directory only
        // the KB's own name matters (not a log file written next to it).
        Ok(event) if is_change_to(&event, &kb_path) => {
            tracing::trace!(kind = ?event.kind, paths = ?event.paths, "file event");
            let _ = changed_tx.send(());
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "file watcher error"),
    };
    // Links are not followed: one to `/` would otherwise watch the whole disk;
    // the KB's own links lead inside it, which is watched anyway.
    let mut watcher =
        RecommendedWatcher::new(handler, Config::default().with_follow_symlinks(false))?;
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        // Renames and link swaps of the KB directory itself show up here.
        watcher.watch(parent, RecursiveMode::NonRecursive)?;
    }
    watcher.watch(&dir, RecursiveMode::Recursive)?;
    tracing::info!(dir = %clean(&dir.display().to_string()), "watching the KB directory for changes");
    let task = tokio::spawn(reload_after_quiet(
        state, dir, watcher, changed_rx, debounce,
    ));
    Ok(Some(Watching { task }))
}

/// Whether `event` changes what the KB at `dir` holds: not a read, and about
/// `dir` itself or something below it.
fn is_change_to(event: &notify::Event, dir: &Path) -> bool {
    !matches!(event.kind, EventKind::Access(_))
        && (event.paths.is_empty() || event.paths.iter().any(|p| p.starts_with(dir)))
}

/// Points the recursive watch at whatever the path names now.
fn rearm(watcher: &mut RecommendedWatcher, dir: &Path) {
    let _ = watcher.unwatch(dir);
    if let Err(e) = watcher.watch(dir, RecursiveMode::Recursive) {
        tracing::warn!(dir = %clean(&dir.display().to_string()), error = %e, "cannot watch the KB directory; waiting for it to come back");
    }
}

async fn reload_after_quiet(
    state: AppState,
    dir: PathBuf,
    mut watcher: RecommendedWatcher,
    mut changed: mpsc::UnboundedReceiver<()>,
    debounce: Duration,
) {
    let limits = kompas_kb::read::Limits::from_env().unwrap_or_default();
    let mut seen = fingerprint(&dir, limits).await;
    let mut poll = tokio::time::interval(POLL);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    poll.tick().await;
    loop {
        // Wait for a change: an event, or a fingerprint that differs.
        tokio::select! {
            event = changed.recv() => if event.is_none() { return },
            _ = poll.tick() => {
                let now = fingerprint(&dir, limits).await;
                if now == seen {
                    continue;
                }
                tracing::debug!("the KB directory changed without a file event");
            }
        }
        'settle: loop {
            // Quiet for `debounce`, then load; a change while loading starts over.
            loop {
                match tokio::time::timeout(debounce, changed.recv()).await {
                    Ok(Some(())) => {}
                    Ok(None) => return,
                    Err(_quiet) => break,
                }
            }
            let _one_at_a_time = state.reload_lock().lock().await;
            rearm(&mut watcher, &dir);
            let started = fingerprint(&dir, limits).await;
            let loading = load(dir.clone());
            tokio::pin!(loading);
            let loaded = tokio::select! {
                loaded = &mut loading => loaded,
                event = changed.recv() => {
                    if event.is_none() {
                        return;
                    }
                    // Let the load finish (it cannot be stopped midway),
                    // then throw it away and wait for quiet again.
                    let _ = (&mut loading).await;
                    while changed.try_recv().is_ok() {}
                    tracing::debug!("the KB files changed while they were loaded; loading again once they are quiet");
                    continue 'settle;
                }
            };
            if fingerprint(&dir, limits).await != started {
                tracing::debug!("the KB files changed while they were loaded; loading again once they are quiet");
                continue 'settle;
            }
            seen = started;
            apply(&state, &dir, "file change", loaded);
            break;
        }
    }
}

async fn fingerprint(dir: &Path, limits: kompas_kb::read::Limits) -> kompas_kb::tree::Fingerprint {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || kompas_kb::tree::fingerprint(&dir, &limits))
        .await
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        paths.iter().fold(notify::Event::new(kind), |e, p| {
            e.add_path(PathBuf::from(p))
        })
    }

    #[test]
    fn only_changes_to_the_kb_path_count() {
        let kb = Path::new("/srv/kb");
        let write = EventKind::Modify(ModifyKind::Any);
        assert!(is_change_to(
            &event(write, &["/srv/kb/decisions/cni.yaml"]),
            kb
        ));
        assert!(is_change_to(&event(write, &["/srv/kb/..data"]), kb));
        assert!(is_change_to(
            &event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/srv/kb.new", "/srv/kb"]
            ),
            kb
        ));
        assert!(is_change_to(
            &event(EventKind::Create(CreateKind::Any), &["/srv/kb"]),
            kb
        ));
        assert!(!is_change_to(&event(write, &["/srv/server.log"]), kb));
        assert!(!is_change_to(&event(write, &["/srv/kb.old/kb.yaml"]), kb));
        assert!(!is_change_to(
            &event(EventKind::Access(AccessKind::Any), &["/srv/kb/kb.yaml"]),
            kb
        ));
    }
}
