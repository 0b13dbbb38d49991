//! The result of a check: every diagnostic, sorted for people, and its text and
//! JSON forms. The text leads with the verdict (what was proven, in one
//! paragraph), then the problems by severity; infos only when asked.

use kompas_kb::{Diagnostic, Severity};
use serde_json::{json, Value};

/// Everything `kompas check` found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Sorted: errors first, then warnings, then infos; within a severity by
    /// file, line and column (findings without a location first).
    pub diagnostics: Vec<Diagnostic>,
    /// What the check covered, for the verdict; `None` when the KB did not load.
    pub proof: Option<Proof>,
}

/// The numbers behind the verdict of a check that ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proof {
    /// Layer 1 decisions.
    pub decisions: usize,
    /// Inputs.
    pub inputs: usize,
    /// Whether the influence analysis ran (it needs a KB that compiles).
    pub influence: bool,
    /// Inputs that move a Layer 1 decision.
    pub inputs_moving_a_decision: usize,
    /// Decisions some input can move.
    pub decisions_movable: usize,
    /// Consistency rules.
    pub consistency_rules: usize,
    /// Consistency rules proven for every profile.
    pub consistency_proven: usize,
    /// Tools with facts.
    pub tools: usize,
}

impl Report {
    /// A report of these diagnostics, sorted (a KB that did not load: no proof).
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Report {
        diagnostics.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        Report {
            diagnostics,
            proof: None,
        }
    }

    /// A report of a check that ran, with what it covered.
    pub fn with_proof(diagnostics: Vec<Diagnostic>, proof: Proof) -> Report {
        Report {
            proof: Some(proof),
            ..Report::new(diagnostics)
        }
    }

    fn codes(&self, codes: &[&str]) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| codes.contains(&d.code))
            .count()
    }

    /// The verdict in one paragraph: what was proven and what was not.
    pub fn verdict(&self) -> String {
        let Some(p) = &self.proof else {
            return format!(
                "The knowledge base could not be loaded: {}.",
                plural(self.count(Severity::Error), "error")
            );
        };
        let mut parts = Vec::new();
        // Layer 1 decisions: gaps, overlaps, reach.
        let (gaps, overlaps) = (self.codes(&["K0701"]), self.codes(&["K0702"]));
        let (rules, options) = (self.codes(&["K0703"]), self.codes(&["K0704"]));
        let skipped = self.codes(&["K0705"]);
        let mut l1 = Vec::new();
        l1.push(match gaps {
            0 => "no gaps".to_string(),
            n => format!("{} with a gap", plural(n, "decision")),
        });
        l1.push(match overlaps {
            0 => "no overlaps".to_string(),
            n => plural(n, "overlap"),
        });
        l1.push(match (rules, options) {
            (0, 0) => "every rule and option reachable".to_string(),
            (r, 0) => format!(
                "{} never {}",
                plural(r, "rule"),
                if r == 1 { "decides" } else { "decide" }
            ),
            (0, o) => format!("{} never recommended", plural(o, "option")),
            (r, o) => format!(
                "{} never decide, {} never recommended",
                plural(r, "rule"),
                plural(o, "option")
            ),
        });
        if skipped > 0 {
            l1.push(format!(
                "{} too large to analyse",
                plural(skipped, "decision")
            ));
        }
        parts.push(format!(
            "{}: {}",
            plural(p.decisions, "decision"),
            l1.join(", ")
        ));
        // Influence.
        if p.influence {
            let inert = self.codes(&["K0706"]);
            let partial = if self.codes(&["K0707"]) > 0 {
                " (in part)"
            } else {
                ""
            };
            parts.push(format!(
                "{}; {} of {} inputs move a Layer 1 decision and {} of {} decisions can be moved{partial}",
                match inert {
                    0 => "every input moves at least one decision, verdict or tool pick".to_string(),
                    n => format!("{} {} nothing", plural(n, "input"), if n == 1 { "moves" } else { "move" }),
                },
                p.inputs_moving_a_decision,
                p.inputs,
                p.decisions_movable,
                p.decisions
            ));
        }
        // Consistency.
        if p.consistency_rules > 0 {
            let broken = self.codes(&["K1001"]);
            let unproven = self.codes(&["K1002"]);
            let mut c = Vec::new();
            if p.consistency_proven > 0 {
                c.push(format!(
                    "{} {} for every profile",
                    plural(p.consistency_proven, "consistency rule"),
                    if p.consistency_proven == 1 {
                        "holds"
                    } else {
                        "hold"
                    }
                ));
            }
            if broken > 0 {
                c.push(format!("{} broken", plural(broken, "consistency rule")));
            }
            if unproven > 0 {
                c.push(format!("{} unproven", plural(unproven, "consistency rule")));
            }
            let rest = p.consistency_rules - p.consistency_proven - broken - unproven;
            if rest > 0 {
                c.push(format!("{} not analysed", plural(rest, "consistency rule")));
            }
            parts.push(c.join(", "));
        }
        // Tool facts.
        let retired = self
            .diagnostics
            .iter()
            .filter(|d| d.code == "K0901" && d.severity == Severity::Error)
            .count();
        let stale = self.codes(&["K0907"]);
        let undated = self.codes(&["K0904", "K0906"]);
        parts.push(if retired + stale + undated == 0 {
            format!("tool facts of {} current", plural(p.tools, "tool"))
        } else {
            let mut t = Vec::new();
            if retired > 0 {
                t.push(match retired {
                    1 => "1 rule recommends a retired tool".to_string(),
                    n => format!("{n} rules recommend a retired tool"),
                });
            }
            if stale > 0 {
                t.push(format!(
                    "{} older than twelve months",
                    plural(stale, "tool fact")
                ));
            }
            if undated > 0 {
                t.push(format!(
                    "{} without a usable date",
                    plural(undated, "tool source")
                ));
            }
            t.join(", ")
        });
        let mut out = parts.join("; ");
        out.push('.');
        out
    }

    /// The verdict, then errors and warnings, then the summary line. Infos are
    /// counted but not shown: see [`Report::render_text_with`].
    pub fn render_text(&self) -> String {
        self.render_text_with(Severity::Warning)
    }

    /// The verdict, then every diagnostic of `shown` severity or worse, then the
    /// summary line (`2 errors, 1 warning, 3 infos`).
    pub fn render_text_with(&self, shown: Severity) -> String {
        let mut out = wrap(&self.verdict(), 78);
        out.push_str("\n\n");
        let listed = self.diagnostics.iter().filter(|d| d.severity <= shown);
        for d in listed {
            out.push_str(&d.render());
            out.push('\n');
        }
        out.push_str(&self.summary());
        let hidden = self
            .diagnostics
            .iter()
            .filter(|d| d.severity > shown)
            .count();
        if hidden > 0 {
            out.push_str(" (infos shown with --verbose)");
        }
        out.push('\n');
        out
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

    /// `{"ok": bool, "verdict": "...", "errors": n, "warnings": n, "infos": n,
    /// "proof": {...} | null, "diagnostics": [...]}`.
    pub fn to_json(&self) -> Value {
        json!({
            "ok": !self.has_errors(),
            "verdict": self.verdict(),
            "errors": self.count(Severity::Error),
            "warnings": self.count(Severity::Warning),
            "infos": self.count(Severity::Info),
            "proof": self.proof.as_ref().map(|p| json!({
                "decisions": p.decisions,
                "inputs": p.inputs,
                "influence": p.influence,
                "inputs_moving_a_decision": p.inputs_moving_a_decision,
                "decisions_movable": p.decisions_movable,
                "consistency_rules": p.consistency_rules,
                "consistency_proven": p.consistency_proven,
                "tools": p.tools,
            })),
            "diagnostics": self.diagnostics,
        })
    }
}

/// Breaks a paragraph into lines of at most `width` characters (longer words stay whole).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line > 0 && line + 1 + len > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += len;
    }
    out
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
        let text = r.render_text();
        assert!(
            text.ends_with("2 errors, 1 warning, 1 info (infos shown with --verbose)\n"),
            "{text}"
        );
        assert!(!text.contains("info[K3]"), "{text}");
        assert!(r.render_text_with(Severity::Info).contains("info[K3]"));
        assert!(r
            .render_text_with(Severity::Info)
            .ends_with("2 errors, 1 warning, 1 info\n"));
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

    #[test]
    fn the_verdict_leads_and_says_what_was_proven() {
        let proof = Proof {
            decisions: 20,
            inputs: 10,
            influence: true,
            inputs_moving_a_decision: 8,
            decisions_movable: 12,
            consistency_rules: 3,
            consistency_proven: 3,
            tools: 40,
        };
        let r = Report::with_proof(Vec::new(), proof.clone());
        assert_eq!(
            r.verdict(),
            "20 decisions: no gaps, no overlaps, every rule and option reachable; every input moves at least one decision, verdict or tool pick; 8 of 10 inputs move a Layer 1 decision and 12 of 20 decisions can be moved; 3 consistency rules hold for every profile; tool facts of 40 tools current."
        );
        let r = Report::with_proof(
            vec![
                Diagnostic::new("K0701", Severity::Error, "gap"),
                Diagnostic::new("K0706", Severity::Warning, "inert"),
                Diagnostic::new("K1002", Severity::Warning, "unproven"),
                Diagnostic::new("K0907", Severity::Warning, "stale"),
            ],
            Proof {
                consistency_proven: 2,
                ..proof
            },
        );
        let v = r.verdict();
        for part in [
            "1 decision with a gap",
            "1 input moves nothing",
            "2 consistency rules hold for every profile, 1 consistency rule unproven",
            "1 tool fact older than twelve months",
        ] {
            assert!(v.contains(part), "{part}: {v}");
        }
        assert!(r
            .render_text()
            .starts_with("20 decisions: 1 decision with a gap"));
        assert_eq!(
            Report::new(vec![Diagnostic::new("K0101", Severity::Error, "x")]).verdict(),
            "The knowledge base could not be loaded: 1 error."
        );
    }
}
