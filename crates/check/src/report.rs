//! The result of a check: every diagnostic, sorted for people, and its text and JSON forms.

use kompas_kb::{Diagnostic, Severity};
use serde_json::{json, Value};

/// Everything `kompas check` found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Sorted: errors first, then warnings, then infos; within a severity by
    /// file, line and column (findings without a location first).
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report of these diagnostics, sorted.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Report {
        diagnostics.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        Report { diagnostics }
    }

    /// Whether any diagnostic is an error (the KB is refused, `kompas check` exits 1).
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    /// The number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Every diagnostic in the compiler style, then a summary line such as
    /// `3 errors, 1 warning`.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&d.render());
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// The summary line: `2 errors, 1 warning` (and `, 3 infos` when there are any).
    pub fn summary(&self) -> String {
        let mut line = format!(
            "{}, {}",
            plural(self.count(Severity::Error), "error"),
            plural(self.count(Severity::Warning), "warning")
        );
        let infos = self.count(Severity::Info);
        if infos > 0 {
            line.push_str(&format!(", {}", plural(infos, "info")));
        }
        line
    }

    /// `{"ok": bool, "errors": n, "warnings": n, "infos": n, "diagnostics": [...]}`.
    pub fn to_json(&self) -> Value {
        json!({
            "ok": !self.has_errors(),
            "errors": self.count(Severity::Error),
            "warnings": self.count(Severity::Warning),
            "infos": self.count(Severity::Info),
            "diagnostics": self.diagnostics,
        })
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn sort_key(d: &Diagnostic) -> (Severity, Option<(&str, usize, usize)>, &'static str) {
    (
        d.severity,
        d.location
            .as_ref()
            .map(|l| (l.file.as_str(), l.line, l.col)),
        d.code,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use kompas_kb::Location;

    fn at(file: &str, line: usize) -> Option<Location> {
        Some(Location {
            file: file.into(),
            line,
            col: 1,
            pointer: String::new(),
            source_line: String::new(),
        })
    }

    #[test]
    fn sorts_errors_first_then_by_place() {
        let r = Report::new(vec![
            Diagnostic::new("K2", Severity::Warning, "w").at(at("a.yaml", 1)),
            Diagnostic::new("K1", Severity::Error, "e2").at(at("b.yaml", 3)),
            Diagnostic::new("K1", Severity::Error, "e1").at(at("b.yaml", 2)),
            Diagnostic::new("K3", Severity::Info, "i"),
        ]);
        let order: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["e1", "e2", "w", "i"]);
        assert!(r.has_errors());
        assert_eq!(r.summary(), "2 errors, 1 warning, 1 info");
        assert!(r.render_text().ends_with("2 errors, 1 warning, 1 info\n"));
        let j = r.to_json();
        assert_eq!(j["ok"], false);
        assert_eq!(j["errors"], 2);
        assert_eq!(j["diagnostics"][0]["code"], "K1");
    }

    #[test]
    fn empty_report_is_ok() {
        let r = Report::default();
        assert!(!r.has_errors());
        assert_eq!(r.summary(), "0 errors, 0 warnings");
        assert_eq!(r.to_json()["ok"], true);
    }
}
