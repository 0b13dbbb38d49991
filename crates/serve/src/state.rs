//! The server's shared state: the KB being served and the metrics.
//!
//! The KB sits behind an [`ArcSwap`]: a request takes the current
//! [`LoadedKb`] once and works on it to the end, while a reload swaps in a new
//! one atomically. A refused reload never touches it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::body::Bytes;
use kompas_engine::Engine;

use crate::backend::{self, Refused};
use crate::cache::AssessmentCache;
use crate::encoding::Encoded;
use crate::metrics::{KbInfo, Metrics};
use crate::openapi;

/// A KB that passed check, compiled, with the JSON documents that depend only
/// on it rendered once (they are served as they are, many times).
pub struct LoadedKb {
    /// The engine on the KB.
    pub engine: Engine,
    /// Identity, for `/metrics` and the logs.
    pub info: KbInfo,
    /// Warnings the check reported (the KB loads with warnings).
    pub warnings: usize,
    /// The check's verdict: what it proved (empty for an engine built elsewhere).
    pub verdict: String,
    /// `GET /api/v1/kb`.
    pub kb_json: Encoded,
    /// `GET /api/v1/inputs`.
    pub inputs_json: Encoded,
    /// `GET /api/v1/schema/profile`.
    pub profile_schema_json: Bytes,
    /// `GET /api/v1/openapi.json` (its profile schema is this KB's).
    pub openapi_json: Encoded,
    /// Assessments of this KB already rendered.
    pub cache: AssessmentCache,
}

impl LoadedKb {
    /// Loads and checks the KB in `dir` (`None`: the built-in one).
    pub fn load(dir: Option<&Path>) -> Result<LoadedKb, Refused> {
        let checked = backend::load(dir)?;
        let mut loaded = LoadedKb::from_engine(checked.engine, checked.warnings);
        loaded.verdict = checked.verdict;
        Ok(loaded)
    }

    /// Wraps an engine, rendering the KB-dependent documents.
    pub fn from_engine(engine: Engine, warnings: usize) -> LoadedKb {
        let kb = engine.kb();
        let info = KbInfo {
            id: kb.meta.id.clone(),
            version: kb.meta.version.clone(),
            digest: kb.digest.clone(),
        };
        let kb_json = Encoded::durable(to_bytes(&kb.as_one_file()));
        let inputs_json = Encoded::durable(to_bytes(&backend::questionnaire(&engine)));
        let profile_schema = backend::profile_schema(&engine);
        let decision_ids: Vec<&str> = kb.decisions.iter().map(|d| d.id.as_str()).collect();
        let openapi_json =
            Encoded::durable(to_bytes(&openapi::document(&profile_schema, &decision_ids)));
        let profile_schema_json = to_bytes(&profile_schema);
        LoadedKb {
            engine,
            info,
            warnings,
            verdict: String::new(),
            kb_json,
            inputs_json,
            profile_schema_json,
            openapi_json,
            cache: AssessmentCache::default(),
        }
    }
}

fn to_bytes<T: serde::Serialize>(value: &T) -> Bytes {
    Bytes::from(serde_json::to_vec(value).expect("model types serialise to JSON"))
}

/// Everything the handlers share. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    current: ArcSwap<LoadedKb>,
    metrics: Metrics,
    kb_dir: Option<PathBuf>,
    shutting_down: AtomicBool,
    /// Serialises reloads, so two quick ones cannot finish out of order.
    reloading: tokio::sync::Mutex<()>,
    /// Decision records, when the server keeps them.
    records: std::sync::OnceLock<Arc<crate::records::Records>>,
}

impl AppState {
    /// Loads the KB in `kb_dir` (`None`: the built-in one); refused if it fails check.
    pub fn load(kb_dir: Option<PathBuf>) -> Result<AppState, Refused> {
        let loaded = LoadedKb::load(kb_dir.as_deref())?;
        Ok(AppState::new(loaded, kb_dir))
    }

    /// State serving `loaded`; reloads read `kb_dir`.
    pub fn new(loaded: LoadedKb, kb_dir: Option<PathBuf>) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                current: ArcSwap::from_pointee(loaded),
                metrics: Metrics::new(),
                kb_dir,
                shutting_down: AtomicBool::new(false),
                reloading: tokio::sync::Mutex::new(()),
                records: std::sync::OnceLock::new(),
            }),
        }
    }

    /// The KB being served now.
    pub fn kb(&self) -> Arc<LoadedKb> {
        self.inner.current.load_full()
    }

    /// The metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The KB directory reloads read (`None`: the built-in KB, nothing to reload).
    pub fn kb_dir(&self) -> Option<&Path> {
        self.inner.kb_dir.as_deref()
    }

    /// Puts a new KB in service.
    pub(crate) fn replace(&self, loaded: LoadedKb) {
        self.inner.current.store(Arc::new(loaded));
    }

    pub(crate) fn reload_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.reloading
    }

    /// Turns decision records on (once; later calls are ignored).
    pub fn set_records(&self, records: crate::records::Records) {
        let _ = self.inner.records.set(Arc::new(records));
    }

    /// The decision records service, when it is on.
    pub fn records(&self) -> Option<&Arc<crate::records::Records>> {
        self.inner.records.get()
    }

    /// Marks the server as draining: `/readyz` answers 503 from now on.
    pub fn begin_shutdown(&self) {
        self.inner.shutting_down.store(true, Ordering::Relaxed);
    }

    /// Whether the server is draining.
    pub fn is_shutting_down(&self) -> bool {
        self.inner.shutting_down.load(Ordering::Relaxed)
    }
}

/// The KB as a KB file with only the named sections (see
/// [`crate::api::KB_SECTIONS`]) and its identity. Only those sections are
/// copied: this runs per request.
pub fn kb_sections(kb: &kompas_kb::Kb, sections: &[&str]) -> kompas_kb::KbFile {
    fn pick<T: Clone>(list: &[T], name: &str, sections: &[&str]) -> Vec<T> {
        if sections.contains(&name) {
            list.to_vec()
        } else {
            Vec::new()
        }
    }
    kompas_kb::KbFile {
        kb: Some(kb.meta.clone()),
        input_groups: pick(&kb.input_groups, "input_groups", sections),
        inputs: pick(&kb.inputs, "inputs", sections),
        derived: pick(&kb.derived, "derived", sections),
        layer0: pick(&kb.layer0, "layer0", sections),
        decisions: pick(&kb.decisions, "decisions", sections),
        areas: pick(&kb.areas, "areas", sections),
        tradeoffs: pick(&kb.tradeoffs, "tradeoffs", sections),
        open_questions: pick(&kb.open_questions, "open_questions", sections),
        capabilities: pick(&kb.capabilities, "capabilities", sections),
        tools: pick(&kb.tools, "tools", sections),
        guidance: pick(&kb.guidance, "guidance", sections),
        consistency: pick(&kb.consistency, "consistency", sections),
    }
}
