//! Prometheus metrics in the text exposition format (version 0.0.4).
//!
//! Hand-written rather than a metrics framework: the set is small and fixed,
//! and keeping it here keeps the dependency tree lean.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the request-latency histogram buckets.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The content type of the text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// What produced an assessment (a label of `kompas_assessments_total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AssessmentKind {
    /// `POST /api/v1/assess`.
    Assess,
    /// `POST /api/v1/explain`.
    Explain,
    /// `/api/v1/report.md`.
    Report,
}

impl AssessmentKind {
    fn label(self) -> &'static str {
        match self {
            AssessmentKind::Assess => "assess",
            AssessmentKind::Explain => "explain",
            AssessmentKind::Report => "report",
        }
    }
}

/// The outcome of a KB reload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReloadOutcome {
    /// The new KB passed check and now serves.
    Success,
    /// The new KB was refused; the last good one keeps serving.
    Failure,
    /// The files hold the KB already served; nothing was swapped.
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RequestKey {
    method: String,
    route: String,
    status: u16,
}

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Count per bucket (not cumulative; summed when rendered).
    buckets: [u64; LATENCY_BUCKETS.len()],
    count: u64,
    sum_seconds: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if let Some(i) = LATENCY_BUCKETS.iter().position(|le| seconds <= *le) {
            self.buckets[i] += 1;
        }
        self.count += 1;
        self.sum_seconds += seconds;
    }
}

/// The identity of the KB being served (the `kompas_kb_info` gauge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbInfo {
    /// KB id.
    pub id: String,
    /// KB version.
    pub version: String,
    /// SHA-256 digest of the KB's files.
    pub digest: String,
}

/// All counters of one server.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<RequestKey, Histogram>>,
    assessments: [AtomicU64; 3],
    reload_successes: AtomicU64,
    reload_failures: AtomicU64,
    reload_unchanged: AtomicU64,
    connections: AtomicU64,
}

impl Metrics {
    /// A fresh set of counters.
    pub fn new() -> Metrics {
        Metrics::default()
    }

    /// Records one finished HTTP request.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let key = RequestKey {
            method: method.to_owned(),
            route: route.to_owned(),
            status,
        };
        let mut requests = self
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        requests
            .entry(key)
            .or_default()
            .observe(elapsed.as_secs_f64());
    }

    /// Counts a connection opened; [`Metrics::connection_closed`] when it ends.
    pub fn connection_opened(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a connection closed.
    pub fn connection_closed(&self) {
        self.connections.fetch_sub(1, Ordering::Relaxed);
    }

    /// Counts one assessment.
    pub fn count_assessment(&self, kind: AssessmentKind) {
        self.assessments[kind as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one KB reload.
    pub fn count_reload(&self, outcome: ReloadOutcome) {
        match outcome {
            ReloadOutcome::Success => self.reload_successes.fetch_add(1, Ordering::Relaxed),
            ReloadOutcome::Failure => self.reload_failures.fetch_add(1, Ordering::Relaxed),
            ReloadOutcome::Unchanged => self.reload_unchanged.fetch_add(1, Ordering::Relaxed),
        };
    }

    /// The number of reloads with this outcome so far.
    pub fn reloads(&self, outcome: ReloadOutcome) -> u64 {
        match outcome {
            ReloadOutcome::Success => self.reload_successes.load(Ordering::Relaxed),
            ReloadOutcome::Failure => self.reload_failures.load(Ordering::Relaxed),
            ReloadOutcome::Unchanged => self.reload_unchanged.load(Ordering::Relaxed),
        }
    }

    /// The metrics in the Prometheus text format.
    pub fn render(&self, kb: &KbInfo) -> String {
        let mut out = String::with_capacity(4096);
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();

        header(
            &mut out,
            "kompas_http_requests_total",
            "counter",
            "HTTP requests by method, route and status.",
        );
        for (key, h) in &requests {
            let _ = writeln!(
                out,
                "kompas_http_requests_total{{{}}} {}",
                request_labels(key),
                h.count
            );
        }

        let name = "kompas_http_request_duration_seconds";
        header(
            &mut out,
            name,
            "histogram",
            "HTTP request latency in seconds by method, route and status.",
        );
        for (key, h) in &requests {
            let labels = request_labels(key);
            let mut cumulative = 0;
            for (le, n) in LATENCY_BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(out, "{name}_bucket{{{labels},le=\"{le}\"}} {cumulative}");
            }
            let _ = writeln!(out, "{name}_bucket{{{labels},le=\"+Inf\"}} {}", h.count);
            let _ = writeln!(out, "{name}_sum{{{labels}}} {}", h.sum_seconds);
            let _ = writeln!(out, "{name}_count{{{labels}}} {}", h.count);
        }

        header(
            &mut out,
            "kompas_http_connections",
            "gauge",
            "HTTP connections open now (at most --max-connections).",
        );
        let _ = writeln!(
            out,
            "kompas_http_connections {}",
            self.connections.load(Ordering::Relaxed)
        );

        header(
            &mut out,
            "kompas_assessments_total",
            "counter",
            "Assessments computed, by endpoint.",
        );
        for kind in [
            AssessmentKind::Assess,
            AssessmentKind::Explain,
            AssessmentKind::Report,
        ] {
            let n = self.assessments[kind as usize].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "kompas_assessments_total{{endpoint=\"{}\"}} {n}",
                kind.label()
            );
        }

        header(
            &mut out,
            "kompas_kb_info",
            "gauge",
            "The knowledge base being served (always 1).",
        );
        let _ = writeln!(
            out,
            "kompas_kb_info{{id=\"{}\",version=\"{}\",digest=\"{}\"}} 1",
            escape(&kb.id),
            escape(&kb.version),
            escape(&kb.digest)
        );

        header(
            &mut out,
            "kompas_kb_reloads_total",
            "counter",
            "KB reloads by result; a failed reload keeps the last good KB, an unchanged one swaps nothing.",
        );
        let _ = writeln!(
            out,
            "kompas_kb_reloads_total{{result=\"success\"}} {}",
            self.reloads(ReloadOutcome::Success)
        );
        let _ = writeln!(
            out,
            "kompas_kb_reloads_total{{result=\"failure\"}} {}",
            self.reloads(ReloadOutcome::Failure)
        );
        let _ = writeln!(
            out,
            "kompas_kb_reloads_total{{result=\"unchanged\"}} {}",
            self.reloads(ReloadOutcome::Unchanged)
        );
        out
    }
}

/// The assessment cache of the KB being served (it starts empty on each reload).
pub fn render_cache(hits: u64, misses: u64, entries: usize) -> String {
    let mut out = String::new();
    header(
        &mut out,
        "kompas_assessment_cache_requests_total",
        "counter",
        "Assessment cache lookups by result, for the KB being served.",
    );
    let _ = writeln!(
        out,
        "kompas_assessment_cache_requests_total{{result=\"hit\"}} {hits}"
    );
    let _ = writeln!(
        out,
        "kompas_assessment_cache_requests_total{{result=\"miss\"}} {misses}"
    );
    header(
        &mut out,
        "kompas_assessment_cache_entries",
        "gauge",
        "Assessments held in the cache.",
    );
    let _ = writeln!(out, "kompas_assessment_cache_entries {entries}");
    out
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn request_labels(key: &RequestKey) -> String {
    format!(
        "method=\"{}\",route=\"{}\",status=\"{}\"",
        escape(&key.method),
        escape(&key.route),
        key.status
    )
}

/// Escapes a label value: backslash, double quote and newline; other control
/// characters (a carriage return in a KB id) become U+FFFD.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace(|c: char| c.is_control(), "\u{fffd}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KbInfo {
        KbInfo {
            id: "webshop".into(),
            version: "1".into(),
            digest: "ab\"c".into(),
        }
    }

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::new();
        m.observe_request("POST", "/api/v1/assess", 200, Duration::from_micros(300));
        m.observe_request("POST", "/api/v1/assess", 200, Duration::from_millis(3));
        m.observe_request("POST", "/api/v1/assess", 200, Duration::from_secs(30));
        let text = m.render(&kb());
        let labels = r#"method="POST",route="/api/v1/assess",status="200""#;
        assert!(text.contains(&format!("kompas_http_requests_total{{{labels}}} 3")));
        assert!(text.contains(&format!(
            "kompas_http_request_duration_seconds_bucket{{{labels},le=\"0.0005\"}} 1"
        )));
        assert!(text.contains(&format!(
            "kompas_http_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 2"
        )));
        assert!(text.contains(&format!(
            "kompas_http_request_duration_seconds_bucket{{{labels},le=\"10\"}} 2"
        )));
        assert!(text.contains(&format!(
            "kompas_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 3"
        )));
        assert!(text.contains(&format!(
            "kompas_http_request_duration_seconds_count{{{labels}}} 3"
        )));
    }

    #[test]
    fn counts_assessments_and_reloads_and_escapes_labels() {
        let m = Metrics::new();
        m.count_assessment(AssessmentKind::Assess);
        m.count_assessment(AssessmentKind::Assess);
        m.count_assessment(AssessmentKind::Report);
        m.count_reload(ReloadOutcome::Failure);
        let text = m.render(&kb());
        assert!(text.contains("kompas_assessments_total{endpoint=\"assess\"} 2"));
        assert!(text.contains("kompas_assessments_total{endpoint=\"explain\"} 0"));
        assert!(text.contains("kompas_assessments_total{endpoint=\"report\"} 1"));
        assert!(text.contains("kompas_kb_reloads_total{result=\"failure\"} 1"));
        assert!(text.contains("kompas_kb_reloads_total{result=\"success\"} 0"));
        assert!(text.contains(r#"kompas_kb_info{id="webshop",version="1",digest="ab\"c"} 1"#));
    }

    #[test]
    fn every_metric_has_help_and_type() {
        let text = Metrics::new().render(&kb());
        for name in [
            "kompas_http_requests_total",
            "kompas_http_request_duration_seconds",
            "kompas_http_connections",
            "kompas_assessments_total",
            "kompas_kb_info",
            "kompas_kb_reloads_total",
        ] {
            assert!(text.contains(&format!("# HELP {name} ")), "{name}");
            assert!(text.contains(&format!("# TYPE {name} ")), "{name}");
        }
    }
}
