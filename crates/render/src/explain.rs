//! One decision explained in plain sentences: why this option, why not each
//! other, and what change of answers would make each other option the choice.

use std::fmt::Write as _;

use kompas_engine::{AnswerSource, Explanation, Lang, Status, WhyNot};

use crate::sentences;
use crate::style::Style;
use crate::words;
use crate::wrap::{wrap, WIDTH};

/// Renders an explanation for a terminal; colour only when `color`.
pub fn explain_text(e: &Explanation, color: bool) -> String {
    let st = Style { on: color };
    let lang = e.lang;
    let nl = lang == Lang::Nl;
    let w = words::words(lang);
    let d = &e.decision;
    let mut o = String::with_capacity(4 * 1024);
    let rec_title = d.recommendation.as_ref().map_or("-", |r| &*r.title);

    let _ = writeln!(
        o,
        "{} ({})",
        st.bold(&format!("{}: {rec_title}", d.title)),
        d.id
    );
    let _ = writeln!(o, "{}", st.dim(&wrap(&d.question, WIDTH, "", "")));
    let _ = writeln!(o);

    // Open: what the unknown answers could lead to.
    if d.status == Status::Open {
        let _ = writeln!(
            o,
            "{}",
            st.bold(if nl {
                "Open: het advies hangt af van onbekende antwoorden"
            } else {
                "Open: the recommendation depends on unknown answers"
            })
        );
        for p in &d.possible {
            let mark = if p.provisional {
                if nl {
                    " (voorlopig advies)"
                } else {
                    " (the provisional recommendation)"
                }
            } else {
                ""
            };
            let _ = writeln!(
                o,
                "{}",
                wrap(&format!("{}{mark}", p.text), WIDTH, "  - ", "    ")
            );
        }
        if !d.exhaustive {
            let _ = writeln!(
                o,
                "{}",
                wrap(
                    if nl {
                        "Niet alle onbekende antwoorden zijn doorgerekend (te veel combinaties); er kunnen meer opties mogelijk zijn."
                    } else {
                        "Not every unknown answer was examined (too many combinations); more options may be possible."
                    },
                    WIDTH,
                    "  ",
                    "  "
                )
            );
        }
        let _ = writeln!(o);
    }

    // Why.
    match &d.recommendation {
        Some(r) => {
            let _ = writeln!(
                o,
                "{}",
                st.bold(&if nl {
                    format!("Waarom {}", r.title)
                } else {
                    format!("Why {}", r.title)
                })
            );
            let _ = writeln!(o, "{}", wrap(&r.rationale, WIDTH, "  ", "  "));
            for b in &d.because {
                let head = if nl {
                    format!("Regel {} besliste:", b.rule)
                } else {
                    format!("Rule {} decided:", b.rule)
                };
                let _ = writeln!(
                    o,
                    "{}",
                    wrap(&format!("{head} {}", b.text), WIDTH, "  ", "  ")
                );
                if b.default && !b.facts.is_empty() {
                    let _ = writeln!(o, "  {}", w.default_rule_facts);
                } else if !b.facts.is_empty() {
                    let _ = writeln!(o, "  {}", if nl { "Omdat:" } else { "Because:" });
                }
                for f in &b.facts {
                    let fact = format!(
                        "{}{}",
                        sentences::fact(f, lang),
                        source_note(e, &f.input, lang)
                    );
                    let _ = writeln!(o, "{}", wrap(&fact, WIDTH, "    - ", "      "));
                }
                for note in &b.notes {
                    let _ = writeln!(o, "{}", wrap(note, WIDTH, "  ", "  "));
                }
                for f in e.derived_facts.iter() {
                    let fact = format!("{}: {}", w.derived, sentences::derived_fact(f));
                    let _ = writeln!(o, "{}", wrap(&fact, WIDTH, "  ", "    "));
                }
            }
        }
        None => {
            let _ = writeln!(
                o,
                "{}",
                if nl {
                    "Geen regel is van toepassing op dit profiel (een gat dat `kompas check` meldt)."
                } else {
                    "No rule applies to this profile (a gap that `kompas check` reports)."
                }
            );
        }
    }
    let _ = writeln!(o);

    // Why not.
    if !d.alternatives.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            st.bold(if nl {
                "Waarom niet de andere opties"
            } else {
                "Why not the others"
            })
        );
        for alt in &d.alternatives {
            let _ = writeln!(o, "  {} ({})", st.bold(&alt.title), alt.option);
            match &alt.why_not {
                WhyNot::ConditionNotMet => {
                    let _ = writeln!(
                        o,
                        "    {}",
                        if nl {
                            "Niet gekozen: geen van de regels die deze optie kiezen geldt."
                        } else {
                            "Not chosen: none of the rules that choose it holds."
                        }
                    );
                    for r in alt.rules.iter().filter(|r| !r.holds) {
                        // With the KB's statements of the answers, what is so
                        // says it better than the condition that was needed.
                        let said = r.facts.iter().filter(|f| !f.met).all(|f| f.text.is_some())
                            && r.facts.iter().any(|f| !f.met);
                        let line = if said {
                            if nl {
                                format!("regel {} ({}) geldt niet, want:", r.rule, r.because.trim())
                            } else {
                                format!(
                                    "rule {} ({}) does not apply, because:",
                                    r.rule,
                                    r.because.trim()
                                )
                            }
                        } else if nl {
                            format!(
                                "regel {} ({}) vraagt: {}",
                                r.rule,
                                r.because.trim(),
                                r.condition.as_deref().unwrap_or("-")
                            )
                        } else {
                            format!(
                                "rule {} ({}) needs: {}",
                                r.rule,
                                r.because.trim(),
                                r.condition.as_deref().unwrap_or("-")
                            )
                        };
                        let _ = writeln!(o, "{}", wrap(&line, WIDTH, "    - ", "      "));
                        for f in r.facts.iter().filter(|f| !f.met) {
                            let fact = format!(
                                "{}{}",
                                sentences::fact(f, lang),
                                source_note(e, &f.input, lang)
                            );
                            let _ = writeln!(o, "{}", wrap(&fact, WIDTH, "        ", "        "));
                        }
                    }
                }
                _ => {
                    let why = sentences::why_not(alt, rec_title, lang);
                    let _ = writeln!(o, "{}", wrap(&why, WIDTH, "    ", "    "));
                }
            }
            if let Some(reason) = &alt.reason {
                let reason = format!("{}: {}", w.the_kb_says, reason);
                let _ = writeln!(o, "{}", wrap(&reason, WIDTH, "    ", "    "));
            }
        }
        let _ = writeln!(o);
    }

    // Flips.
    let _ = writeln!(o, "{}", st.bold(w.flips));
    if d.flips.is_empty() {
        let _ = writeln!(o, "  {}", w.no_flips);
    }
    for f in &d.flips {
        let _ = writeln!(
            o,
            "{}",
            wrap(&sentences::flip(f, lang), WIDTH, "  - ", "    ")
        );
    }
    let _ = writeln!(o);

    // Close calls.
    if !d.close_call.is_empty() {
        let _ = writeln!(o, "{}", st.bold(w.close_calls));
        for c in &d.close_call {
            let line = if nl {
                format!("{} van {} naar {} geeft {}", c.input, c.from, c.to, c.title)
            } else {
                format!("{} from {} to {} gives {}", c.input, c.from, c.to, c.title)
            };
            let _ = writeln!(o, "{}", wrap(&line, WIDTH, "  - ", "    "));
        }
        let _ = writeln!(o);
    }

    // Trace.
    if !d.traces_to.is_empty() {
        // Named by kind and title: a goal and a constraint may share a title.
        let traces: Vec<String> = d
            .traces_to
            .iter()
            .map(|t| format!("{} {}", layer0_kind(t.kind, nl), t.title))
            .collect();
        let _ = writeln!(o, "{}", labelled(st, w.traces_to, &traces.join("; ")));
    }
    if !d.tradeoffs.is_empty() {
        let t: Vec<String> = d.tradeoffs.iter().map(|t| t.title.to_string()).collect();
        let _ = writeln!(o, "{}", labelled(st, w.tradeoffs, &t.join("; ")));
    }
    if !d.open_questions.is_empty() {
        let q: Vec<String> = d
            .open_questions
            .iter()
            .map(|q| {
                format!(
                    "{} {}{}",
                    q.id.to_uppercase(),
                    q.text.trim(),
                    if q.blocking {
                        if nl {
                            " (blokkerend)"
                        } else {
                            " (blocking)"
                        }
                    } else {
                        ""
                    }
                )
            })
            .collect();
        let _ = writeln!(o, "{}", labelled(st, w.open_questions, &q.join("; ")));
    }
    if !e.answers.is_empty() {
        let a: Vec<String> = e
            .answers
            .iter()
            .map(|a| {
                format!(
                    "{} = {} ({})",
                    a.input,
                    a.value,
                    words::source(a.source, lang)
                )
            })
            .collect();
        let _ = writeln!(o, "{}", labelled(st, w.reads, &a.join(", ")));
    }
    o
}

/// `[default]` after a fact whose answer was not given, so the reader knows it
/// is an assumption; `[derived: why]` when it follows the other answers;
/// `[unknown]` when the person does not know it.
fn source_note(e: &Explanation, input: &str, lang: Lang) -> String {
    match e.answers.iter().find(|a| &*a.input == input) {
        Some(a) if matches!(a.source, AnswerSource::Default | AnswerSource::Unknown) => {
            format!(" [{}]", words::source(a.source, lang))
        }
        Some(a) if a.source == AnswerSource::Derived => {
            match a.derived_from.as_ref().and_then(|f| f.text.as_deref()) {
                Some(why) => format!(" [{}: {}]", words::source(a.source, lang), why.trim()),
                None => format!(" [{}]", words::source(a.source, lang)),
            }
        }
        _ => String::new(),
    }
}

/// `Label: text`, wrapped under the label.
fn labelled(st: Style, label: &str, text: &str) -> String {
    let first = format!("{}: ", st.bold(label));
    wrap(text, WIDTH, &first, "  ")
}

/// The kind of a Layer 0 item in words, e.g. `constraint:`.
fn layer0_kind(kind: kompas_kb::Layer0Kind, nl: bool) -> &'static str {
    use kompas_kb::Layer0Kind::*;
    match (kind, nl) {
        (Goal, false) => "goal:",
        (Goal, true) => "doel:",
        (Requirement, false) => "requirement:",
        (Requirement, true) => "eis:",
        (Principle, false) => "principle:",
        (Principle, true) => "principe:",
        (Constraint, false) => "constraint:",
        (Constraint, true) => "randvoorwaarde:",
        (NonGoal, false) => "not a goal:",
        (NonGoal, true) => "geen doel:",
        (Risk, false) => "risk:",
        (Risk, true) => "risico:",
    }
}
