//! `kompas check --format sarif`: the report as SARIF 2.1.0, so findings
//! appear in code-scanning views (GitHub, GitLab, Azure DevOps, IDEs).
//!
//! - one rule per diagnostic code, described by `docs/diagnostics.md` (what it
//!   means as the description, how to fix it as the help), with its default
//!   level;
//! - one result per diagnostic: the rule, the level (`error`, `warning`,
//!   `note` for infos), the message with its help, and the place: the file
//!   relative to the KB directory (base id `KBROOT`), line, column and the
//!   line's text. A finding about the KB as a whole (a gap, an inert input)
//!   points at the file with the `kb:` section when that is known;
//! - the verdict and the numbers behind it in the run's properties.

use std::path::Path;

use kompas_kb::{Diagnostic, Severity};
use serde_json::{json, Map, Value};

use crate::report::Report;

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";

/// The schema it is valid against.
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base id of file locations: the KB directory.
pub const KB_ROOT: &str = "KBROOT";

/// The diagnostics documentation, the source of the rules' texts.
const DIAGNOSTICS_MD: &str = include_str!("../../../docs/diagnostics.md");

/// A documented code: its severity, what it means, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDoc {
    /// The code, e.g. `K0701`.
    pub code: String,
    /// The severity as documented (`error`, `warning`, `info`, or several).
    pub severity: String,
    /// What it means.
    pub meaning: String,
    /// How to fix it.
    pub fix: String,
}

/// Every code documented in `docs/diagnostics.md`, in its order.
pub fn rule_docs() -> Vec<RuleDoc> {
    DIAGNOSTICS_MD
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim().strip_prefix('|')?.split(" | ").collect();
            let code = cells.first()?.trim();
            let is_code = code.len() == 5
                && code.starts_with('K')
                && code[1..].bytes().all(|b| b.is_ascii_digit());
            if !is_code || cells.len() < 4 {
                return None;
            }
            Some(RuleDoc {
                code: code.to_owned(),
                severity: cells[1].trim().to_owned(),
                meaning: plain(cells[2]),
                fix: plain(cells[3].trim_end_matches('|')),
            })
        })
        .collect()
}

/// Table text as plain text: backticks and escaped pipes undone.
fn plain(cell: &str) -> String {
    cell.trim().replace("\\|", "|").replace('`', "")
}

fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_owned(),
        None => text.to_owned(),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The most severe level a documented severity allows (`error / warning` -> error).
fn default_level(documented: &str) -> &'static str {
    if documented.contains("error") {
        "error"
    } else if documented.contains("warning") {
        "warning"
    } else {
        "note"
    }
}

/// A relative path as a URI reference: each segment percent-encoded where
/// a URI needs it.
fn uri_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The KB directory as a `file:` URI ending in `/`.
fn dir_uri(dir: &Path) -> String {
    let absolute = dir
        .canonicalize()
        .unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(dir));
    let mut text = absolute.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        text.insert(0, '/');
    }
    if !text.ends_with('/') {
        text.push('/');
    }
    format!("file://{}", uri_of(&text))
}

fn result(d: &Diagnostic, rule_index: Option<usize>, kb_file: Option<&str>) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str(&format!(" Help: {help}"));
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.code));
    if let Some(i) = rule_index {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({"text": text}));
    let location = match &d.location {
        Some(loc) => Some(json!({
            "physicalLocation": {
                "artifactLocation": {"uri": uri_of(&loc.file), "uriBaseId": KB_ROOT},
                "region": {
                    "startLine": loc.line.max(1),
                    "startColumn": loc.col.max(1),
                    "snippet": {"text": loc.source_line},
                },
            },
            "message": {"text": if loc.pointer.is_empty() { loc.file.clone() } else { format!("{} {}", loc.file, loc.pointer) }},
        })),
        None => kb_file.map(|file| {
            json!({
                "physicalLocation": {
                    "artifactLocation": {"uri": uri_of(file), "uriBaseId": KB_ROOT},
                    "region": {"startLine": 1, "startColumn": 1},
                },
                "message": {"text": "the knowledge base as a whole"},
            })
        }),
    };
    if let Some(location) = location {
        r.insert("locations".into(), json!([location]));
    }
    if let Some(data) = &d.data {
        r.insert("properties".into(), json!({"data": data}));
    }
    Value::Object(r)
}

/// The report as a SARIF 2.1.0 log. `kb_dir` is the KB directory (`None`:
/// the built-in KB); `kb_file` the file with the `kb:` section, where findings
/// about the KB as a whole are shown.
pub fn to_sarif(report: &Report, kb_dir: Option<&Path>, kb_file: Option<&str>) -> Value {
    let docs = rule_docs();
    let rules: Vec<Value> = docs
        .iter()
        .map(|doc| {
            json!({
                "id": doc.code,
                "name": doc.code,
                "shortDescription": {"text": first_sentence(&doc.meaning)},
                "fullDescription": {"text": doc.meaning},
                "help": {
                    "text": doc.fix,
                    "markdown": format!("**What it means:** {}\n\n**How to fix it:** {}", doc.meaning, doc.fix),
                },
                "defaultConfiguration": {"level": default_level(&doc.severity)},
                "properties": {"tags": ["kompas", "knowledge-base"]},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let index = docs.iter().position(|doc| doc.code == d.code);
            result(d, index, kb_file)
        })
        .collect();
    let base = match kb_dir {
        Some(dir) => {
            json!({"uri": dir_uri(dir), "description": {"text": "The knowledge-base directory."}})
        }
        None => {
            json!({"description": {"text": "The built-in knowledge base (kb/webshop in the kompas sources)."}})
        }
    };
    let mut properties = Map::new();
    properties.insert("verdict".into(), json!(report.verdict()));
    let summary = report.to_json();
    for key in ["errors", "warnings", "infos", "proof"] {
        properties.insert(key.into(), summary[key].clone());
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "kompas",
                "fullName": "kompas check",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "originalUriBaseIds": {KB_ROOT: base},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": true}],
            "results": results,
            "properties": properties,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kompas_kb::Location;

    #[test]
    fn every_documented_code_becomes_a_rule() {
        let docs = rule_docs();
        assert!(docs.len() >= 60, "{}", docs.len());
        let gap = docs.iter().find(|d| d.code == "K0701").unwrap();
        assert_eq!(gap.severity, "error");
        assert!(!gap.meaning.is_empty() && !gap.fix.is_empty());
        assert!(!gap.meaning.contains('`'), "{}", gap.meaning);
    }

    #[test]
    fn results_point_at_the_file_line_and_column_relative_to_the_kb() {
        let report = Report::new(vec![
            Diagnostic::new(
                "K0301",
                Severity::Error,
                "condition reads unknown input `x`",
            )
            .with_help("did you mean `y`?")
            .at(Some(Location {
                file: "decisions/my cni.yaml".into(),
                line: 14,
                col: 17,
                pointer: "/decisions/0/rules/1".into(),
                source_line: "      - {input: x, equals: none}".into(),
            })),
            Diagnostic::new("K0706", Severity::Info, "input moves nothing"),
        ]);
        let log = to_sarif(&report, None, Some("kb.yaml"));
        let run = &log["runs"][0];
        let first = &run["results"][0];
        assert_eq!(first["level"], "error");
        assert_eq!(first["ruleId"], "K0301");
        assert_eq!(
            run["tool"]["driver"]["rules"][first["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "K0301"
        );
        let place = &first["locations"][0]["physicalLocation"];
        assert_eq!(place["artifactLocation"]["uri"], "decisions/my%20cni.yaml");
        assert_eq!(place["artifactLocation"]["uriBaseId"], KB_ROOT);
        assert_eq!(place["region"]["startLine"], 14);
        assert_eq!(place["region"]["startColumn"], 17);
        assert!(first["message"]["text"]
            .as_str()
            .unwrap()
            .ends_with("Help: did you mean `y`?"));
        let second = &run["results"][1];
        assert_eq!(second["level"], "note");
        assert_eq!(
            second["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "kb.yaml"
        );
        assert_eq!(log["version"], "2.1.0");
    }

    #[test]
    fn the_kb_directory_is_a_file_uri() {
        let uri = dir_uri(Path::new("/tmp/a b"));
        assert!(uri.starts_with("file:///") && uri.ends_with('/'), "{uri}");
        assert!(uri.contains("a%20b"), "{uri}");
    }
}
