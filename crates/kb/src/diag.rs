//! Diagnostics: what the loader and the checker report to people and machines.
//!
//! Every diagnostic has a stable code, a severity, a plain message and, when it
//! concerns a file, a location `file:line:col` with the offending line. The text
//! form follows the compiler convention so editors can jump to it.

use std::fmt::Write as _;

use serde::Serialize;

use crate::yaml::Pos;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Must be fixed: the KB is refused, `kompas check` exits 1.
    Error,
    /// Should be looked at; the KB still loads.
    Warning,
    /// For information.
    Info,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// A place in a KB file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Path of the file, relative to the KB directory.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
    /// JSON pointer of the node inside the file.
    pub pointer: String,
    /// The text of that line.
    pub source_line: String,
}

/// One finding of the loader or the checker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `K0201`; documented in `docs/diagnostics.md`.
    pub code: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, naming the value given and what is expected.
    pub message: String,
    /// Where, when it concerns a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// How to fix it ("did you mean ...").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Extra machine-readable detail (e.g. the witness profile of a gap).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

impl Diagnostic {
    /// A diagnostic without location.
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            location: None,
            help: None,
            data: None,
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a location.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Adds machine-readable data.
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }

    /// Renders the diagnostic for a terminal or a log, in the compiler style:
    ///
    /// ```text
    /// error[K0301]: condition reads unknown input `kubernets_experience`
    ///   --> decisions/cni.yaml:14:17
    ///    |
    /// 14 |       - {input: kubernets_experience, equals: none}
    ///    |                 ^
    ///    = help: did you mean `kubernetes_experience`?
    /// ```
    pub fn render(&self) -> String {
        let mut out = format!("{}[{}]: {}\n", self.severity, self.code, self.message);
        if let Some(loc) = &self.location {
            let num = loc.line.to_string();
            let pad = " ".repeat(num.len());
            let _ = writeln!(out, "{pad}--> {}:{}:{}", loc.file, loc.line, loc.col);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {}", loc.source_line);
            let caret_at: String = loc
                .source_line
                .chars()
                .take(loc.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {caret_at}^");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "   = help: {help}");
        }
        out
    }
}

/// Builds a [`Location`] from a file's path, text and a position.
pub fn location(file: &str, text: &str, pointer: &str, pos: Pos) -> Location {
    let source_line = text
        .lines()
        .nth(pos.line.saturating_sub(1))
        .unwrap_or("")
        .trim_end()
        .to_owned();
    Location {
        file: file.to_owned(),
        line: pos.line,
        col: pos.col,
        pointer: pointer.to_owned(),
        source_line,
    }
}

/// Texts longer than this get no "did you mean".
const MAX_SUGGEST_LEN: usize = 200;

/// The closest candidates to `given` (Jaro-Winkler >= 0.8), best first, for "did you mean".
pub fn suggest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    // An id is short; comparing a huge text with each candidate only costs time.
    if given.len() > MAX_SUGGEST_LEN {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(given, c);
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_shows_file_line_and_caret() {
        let text = "a: 1\n  input: kubernets_experience\n";
        let d = Diagnostic::new(
            "K0301",
            Severity::Error,
            "unknown input `kubernets_experience`",
        )
        .at(Some(location(
            "cni.yaml",
            text,
            "/x",
            Pos { line: 2, col: 10 },
        )))
        .with_help("did you mean `kubernetes_experience`?");
        let r = d.render();
        assert!(r.contains("--> cni.yaml:2:10"), "{r}");
        assert!(r.contains("2 |   input: kubernets_experience"), "{r}");
        assert!(r.contains("|          ^"), "{r}");
        assert!(r.contains("help: did you mean"), "{r}");
    }

    #[test]
    fn suggest_finds_close_names() {
        let c = ["kubernetes_experience", "team_size"];
        assert_eq!(
            suggest("kubernets_experience", c).as_deref(),
            Some("kubernetes_experience")
        );
        assert_eq!(suggest("zzz", c), None);
    }
}
