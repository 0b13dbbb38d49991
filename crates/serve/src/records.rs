//! The records service of a server: the store, the auth, the drift review of
//! the KB being served and its metrics. The HTTP handlers are in
//! [`crate::records_api`].
//!
//! The server keeps no state of its own but the database: any replica answers
//! any request, and the drift review is recomputed by each replica when the
//! KB it serves or the records in the database change.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kompas_record::drift::{self, DriftReview};
use kompas_record::identity::{kb_identity, kb_snapshot};
use kompas_record::{KbIdentity, Record};
use kompas_store::{DatabaseUrl, Store, StoreError};
use serde_json::Value;

use crate::auth::Auth;
use crate::state::AppState;

/// How often each replica looks whether the drift review is out of date.
pub const DRIFT_CHECK_EVERY: Duration = Duration::from_secs(30);

/// What the records service needs to start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordsConfig {
    /// `sqlite://PATH` or `postgres://...`; `None`: the default SQLite file.
    pub database_url: Option<String>,
    /// The auth file; `None`: single-user mode.
    pub auth_file: Option<PathBuf>,
}

/// The records service.
pub struct Records {
    /// The store.
    pub store: Store,
    /// Who may do what.
    pub auth: Auth,
    snapshots: Mutex<Option<(String, Arc<Value>)>>,
    stored_snapshots: Mutex<HashSet<String>>,
    drift: Mutex<Option<DriftState>>,
    changes: Mutex<BTreeMap<&'static str, u64>>,
    drifted: AtomicU64,
    accepted: AtomicU64,
    reviewed_at: AtomicU64,
}

struct DriftState {
    digest: String,
    generation: (i64, String),
    review: Arc<DriftReview>,
}

impl Records {
    /// Opens the store (migrating it) and sets up auth.
    pub async fn open(config: &RecordsConfig) -> Result<Records, String> {
        let url = match &config.database_url {
            Some(text) => text.parse::<DatabaseUrl>().map_err(|e| e.to_string())?,
            None => DatabaseUrl::default_sqlite()?,
        };
        let store = Store::open(&url).await.map_err(|e| e.to_string())?;
        let auth = match &config.auth_file {
            Some(path) => Auth::from_file(path).await.map_err(|e| e.to_string())?,
            None => Auth::single_user(),
        };
        tracing::info!(
            database = %store.describe(),
            auth = if auth.is_single_user() { "single user (this machine only)" } else { "shared (bearer tokens)" },
            "decision records enabled"
        );
        Ok(Records::new(store, auth))
    }

    /// The service on an open store.
    pub fn new(store: Store, auth: Auth) -> Records {
        Records {
            store,
            auth,
            snapshots: Mutex::new(None),
            stored_snapshots: Mutex::new(HashSet::new()),
            drift: Mutex::new(None),
            changes: Mutex::new(BTreeMap::new()),
            drifted: AtomicU64::new(0),
            accepted: AtomicU64::new(0),
            reviewed_at: AtomicU64::new(0),
        }
    }

    /// The identity of the KB being served.
    pub fn served_identity(state: &AppState) -> KbIdentity {
        kb_identity(state.kb().engine.kb(), state.kb_dir())
    }

    /// The snapshot of the KB being served (made once per KB).
    pub fn served_snapshot(&self, state: &AppState) -> Arc<Value> {
        let kb = state.kb();
        let digest = &kb.info.digest;
        let mut cached = self.snapshots.lock().unwrap_or_else(|p| p.into_inner());
        match &*cached {
            Some((d, snapshot)) if d == digest => snapshot.clone(),
            _ => {
                let snapshot = Arc::new(kb_snapshot(kb.engine.kb()));
                *cached = Some((digest.clone(), snapshot.clone()));
                snapshot
            }
        }
    }

    /// Whether the snapshot of this KB digest is known to be stored already.
    pub fn snapshot_stored(&self, digest: &str) -> bool {
        self.stored_snapshots
            .lock()
            .map(|s| s.contains(digest))
            .unwrap_or(false)
    }

    /// Remembers that the snapshot of this KB digest is stored.
    pub fn mark_snapshot_stored(&self, digest: &str) {
        if let Ok(mut s) = self.stored_snapshots.lock() {
            s.insert(digest.to_owned());
        }
    }

    /// Counts a change made through this server.
    pub fn count_change(&self, kind: &'static str) {
        if let Ok(mut c) = self.changes.lock() {
            *c.entry(kind).or_default() += 1;
        }
    }

    /// The drift review of every accepted record against the KB being served,
    /// recomputed when the KB or the records changed since the last one.
    pub async fn drift_review(&self, state: &AppState) -> Result<Arc<DriftReview>, ReviewError> {
        let digest = state.kb().info.digest.clone();
        let generation = self.store.generation().await?;
        if let Some(current) = self
            .drift
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            if current.digest == digest && current.generation == generation {
                return Ok(current.review.clone());
            }
        }
        let records = self.store.accepted().await?;
        let mut snapshots: BTreeMap<String, Option<Value>> = BTreeMap::new();
        for r in &records {
            if !snapshots.contains_key(&r.kb.digest) {
                let s = self.store.kb_snapshot(&r.kb.digest).await?;
                snapshots.insert(r.kb.digest.clone(), s);
            }
        }
        let served = Records::served_identity(state);
        let engine = state.kb().engine.clone();
        let started = Instant::now();
        let review = tokio::task::spawn_blocking(move || {
            let pairs: Vec<(&Record, Option<&Value>)> = records
                .iter()
                .map(|r| (r, snapshots.get(&r.kb.digest).and_then(Option::as_ref)))
                .collect();
            drift::review_all(pairs, &engine, &served, &kompas_check::today())
        })
        .await
        .map_err(|e| ReviewError::Failed(e.to_string()))?;
        tracing::debug!(
            reviewed = review.reviewed,
            drifted = review.drifted.len(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "drift review"
        );
        let review = Arc::new(review);
        self.drifted
            .store(review.drifted.len() as u64, Ordering::Relaxed);
        self.accepted
            .store(review.reviewed as u64, Ordering::Relaxed);
        self.reviewed_at.store(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            Ordering::Relaxed,
        );
        *self.drift.lock().unwrap_or_else(|p| p.into_inner()) = Some(DriftState {
            digest,
            generation,
            review: review.clone(),
        });
        Ok(review)
    }

    /// The records metrics in the Prometheus text format.
    pub fn metrics_text(&self) -> String {
        let mut out = String::new();
        let gauge = |out: &mut String, name: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}");
            let _ = writeln!(out, "# TYPE {name} gauge");
            let _ = writeln!(out, "{name} {value}");
        };
        gauge(
            &mut out,
            "kompas_records_drifted",
            "Accepted decision records whose recommendations, findings or blocking questions changed under the KB being served.",
            self.drifted.load(Ordering::Relaxed),
        );
        gauge(
            &mut out,
            "kompas_records_accepted",
            "Accepted decision records at the last drift review.",
            self.accepted.load(Ordering::Relaxed),
        );
        gauge(
            &mut out,
            "kompas_records_drift_review_timestamp_seconds",
            "When the last drift review ran (Unix time; 0: not yet).",
            self.reviewed_at.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP kompas_record_changes_total Changes to decision records made through this server, by kind."
        );
        let _ = writeln!(out, "# TYPE kompas_record_changes_total counter");
        let changes = self.changes.lock().map(|c| c.clone()).unwrap_or_default();
        for kind in [
            "created",
            "proposed",
            "accepted",
            "superseded",
            "supersedes",
            "overridden",
            "override_withdrawn",
            "signed",
        ] {
            let _ = writeln!(
                out,
                "kompas_record_changes_total{{change=\"{kind}\"}} {}",
                changes.get(kind).copied().unwrap_or(0)
            );
        }
        out
    }
}

/// Why a drift review could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The review itself failed (a bug; it is logged).
    #[error("the drift review failed: {0}")]
    Failed(String),
}

/// Keeps the drift metric current: every [`DRIFT_CHECK_EVERY`], the review is
/// redone if the KB or the records changed (cheap to ask when nothing did).
pub fn spawn_drift_watch(state: AppState) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(DRIFT_CHECK_EVERY);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if state.is_shutting_down() {
                return;
            }
            let Some(records) = state.records() else {
                return;
            };
            if let Err(e) = records.drift_review(&state).await {
                tracing::warn!(error = %e, "drift review failed");
            }
        }
    });
}
