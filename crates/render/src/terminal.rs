//! The terminal summary of an assessment: the stack, what it rests on (unknown
//! and assumed answers), what is still open, the close calls, the questions
//! to answer next, what blocks, the Layer 2 board and the findings, readable
//! in one screen or two. Text is wrapped at word boundaries, never cut.

use std::fmt::Write as _;

use kompas_engine::{Assessment, FindingSeverity, Lang, QuestionState, Status};
use kompas_kb::Verdict;

use crate::style::Style;
use crate::words;
use crate::wrap::{first_sentence, pad, wrap, WIDTH};

/// How many next questions the summary lists (the JSON has them all).
const NEXT_QUESTIONS: usize = 5;

/// How many assumed answers get a line of their own; more are counted.
const ASSUMED_LINES: usize = 8;

/// Renders an assessment for a terminal; colour only when `color`.
pub fn text(a: &Assessment, color: bool) -> String {
    let st = Style { on: color };
    let lang = a.lang;
    let w = words::words(lang);
    let nl = lang == Lang::Nl;
    let mut o = String::with_capacity(8 * 1024);

    let _ = writeln!(
        o,
        "{} {}",
        st.bold(&format!("kompas: {}", a.kb.title)),
        st.dim(&format!("({} {})", a.kb.id, a.kb.version))
    );
    let _ = writeln!(o);

    let heading = if a.summary.provisional {
        format!("{} ({})", w.stack, w.provisional)
    } else {
        w.stack.to_owned()
    };
    let _ = writeln!(o, "{}", st.bold(&heading));
    let id_w = a
        .decisions
        .iter()
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    for d in &a.decisions {
        let (option, mut note) = match &d.recommendation {
            Some(r) => {
                let mut note = String::new();
                if !r.rule.ends_with(".default") {
                    note = format!(
                        "  {}",
                        st.dim(&format!("({} {})", w.rule.to_lowercase(), r.rule))
                    );
                }
                let title = if d.status == Status::Open {
                    st.yellow(&r.title)
                } else {
                    st.green(&r.title)
                };
                (title, note)
            }
            None => (st.red("-"), String::new()),
        };
        if d.status == Status::Open {
            let _ = write!(note, "  {}", st.yellow(&format!("({})", w.open)));
        }
        if !d.close_call.is_empty() {
            let _ = write!(note, "  {}", st.yellow(&format!("({})", w.close_call)));
        }
        let _ = writeln!(o, "  {}{option}{note}", pad(&d.id, id_w));
    }
    let _ = writeln!(o);

    if let Some(note) = words::provisional_note(a, lang) {
        let _ = writeln!(o, "{}", wrap(&note, WIDTH, "", ""));
        assumed_lines(&mut o, a, lang, st);
        let _ = writeln!(o);
    }

    open_outcomes(&mut o, a, w, st);
    close_calls(&mut o, a, w, st);
    next_questions(&mut o, a, lang, st);

    let blocking: Vec<_> = a.open_questions.iter().filter(|q| q.blocking).collect();
    let _ = writeln!(o, "{}", st.bold(w.blocking_questions));
    if blocking.is_empty() {
        let _ = writeln!(o, "  {}", w.no_blocking_questions);
    }
    let q_w = blocking
        .iter()
        .map(|q| if q.generated { 0 } else { q.id.chars().count() })
        .max()
        .unwrap_or(0)
        .max(3)
        + 1;
    for q in blocking {
        let by = q
            .decide_by
            .as_deref()
            .map(|b| format!(" ({} {b})", w.decide_by))
            .unwrap_or_default();
        let blocks = q.blocks.join(", ");
        let waits = match (q.blocks.is_empty(), q.generated, nl) {
            (true, _, _) => String::new(),
            (false, true, false) => format!(" (an unknown answer; blocks: {blocks})"),
            (false, true, true) => format!(" (een onbekend antwoord; blokkeert: {blocks})"),
            (false, false, false) => format!(" (blocks: {blocks})"),
            (false, false, true) => format!(" (blokkeert: {blocks})"),
        };
        let id = if q.generated {
            String::new()
        } else {
            q.id.to_uppercase()
        };
        let first = format!("  {} ", st.yellow(&pad(&id, q_w)));
        let rest = " ".repeat(q_w + 3);
        let _ = writeln!(
            o,
            "{}",
            wrap(&format!("{}{by}{waits}", q.text), WIDTH, &first, &rest)
        );
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "{}", st.bold(w.layer2));
    let mut caps: Vec<_> = a.layer2.iter().collect();
    caps.sort_by_key(|c| (c.verdict, c.rank.unwrap_or(u32::MAX)));
    let cap_w = caps.iter().map(|c| c.id.chars().count()).max().unwrap_or(0) + 2;
    let indent = " ".repeat(2 + 10 + 3 + cap_w);
    for c in caps {
        let verdict = words::verdict(c.verdict, lang);
        let verdict = match c.verdict {
            Verdict::Now => st.green(&pad(verdict, 10)),
            Verdict::Later => st.yellow(&pad(verdict, 10)),
            Verdict::Skip => st.dim(&pad(verdict, 10)),
        };
        let rank = c
            .rank
            .map(|r| format!("{r}. "))
            .unwrap_or_else(|| "   ".into());
        let mut detail = String::new();
        if let Some(t) = &c.tool {
            let _ = write!(detail, "-> {}", t.title);
        }
        if c.start_here {
            let _ = write!(detail, " ({})", w.start_here);
        }
        if c.verdict != Verdict::Now {
            detail = c.decided_by.text.as_deref().map_or_else(
                || words::step(c.decided_by.step, lang).to_owned(),
                |t| first_sentence(t).to_owned(),
            );
        }
        if c.status == Status::Open {
            let _ = write!(detail, " ({})", w.open);
        }
        let first = format!("  {verdict}{rank}{}", pad(&c.id, cap_w));
        let wrapped = wrap(&detail, WIDTH.saturating_sub(indent.len()).max(40), "", "");
        for (i, l) in wrapped.lines().enumerate() {
            let text = if c.verdict == Verdict::Now {
                l.to_owned()
            } else {
                st.dim(l)
            };
            if i == 0 {
                let _ = writeln!(o, "{first}{text}");
            } else {
                let _ = writeln!(o, "{indent}{text}");
            }
        }
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "{}", st.bold(w.findings));
    if a.findings.is_empty() {
        let _ = writeln!(o, "  {}", w.no_findings);
    }
    let mut findings: Vec<_> = a.findings.iter().collect();
    findings.sort_by_key(|f| f.severity);
    for f in findings {
        let sev = words::severity(f.severity, lang);
        let sev = match f.severity {
            FindingSeverity::Error => st.red(&pad(sev, 8)),
            FindingSeverity::Warning => st.yellow(&pad(sev, 8)),
            FindingSeverity::Info => st.cyan(&pad(sev, 8)),
        };
        let first = format!("  {sev}");
        let _ = writeln!(
            o,
            "{}",
            wrap(
                &format!("{} {}: {}", f.code, f.decision, first_sentence(&f.message)),
                WIDTH,
                &first,
                &" ".repeat(10)
            )
        );
    }
    let _ = writeln!(o);
    let hint = match lang {
        Lang::En => "Why and why not for one decision: kompas explain PROFILE DECISION; the questions: kompas inputs; the full report, every finding in full: --format md",
        Lang::Nl => "Waarom en waarom niet voor één beslissing: kompas explain PROFIEL BESLISSING; de vragen: kompas inputs; het volledige rapport, elke bevinding voluit: --format md",
    };
    let _ = writeln!(o, "{}", st.dim(&wrap(hint, WIDTH, "", "")));
    o
}

/// A line per assumed answer that decides something, or a count with a hint.
fn assumed_lines(o: &mut String, a: &Assessment, lang: Lang, st: Style) {
    let assumed: Vec<_> = a
        .next_questions
        .iter()
        .filter(|q| q.state == QuestionState::Assumed)
        .collect();
    if assumed.is_empty() || assumed.len() > ASSUMED_LINES {
        if !assumed.is_empty() {
            let hint = match lang {
                Lang::En => "The most useful ones are under Next questions; `kompas inputs` lists every question, `--format json` ranks them all (`next_questions`).",
                Lang::Nl => "De nuttigste staan onder Volgende vragen; `kompas inputs` toont elke vraag, `--format json` rangschikt ze allemaal (`next_questions`).",
            };
            let _ = writeln!(o, "{}", st.dim(&wrap(hint, WIDTH, "", "")));
        }
        return;
    }
    for q in assumed {
        let line = format!(
            "{} {} {} ({})",
            q.question,
            words::question_state(q.state, lang),
            q.value,
            q.input
        );
        let _ = writeln!(o, "{}", wrap(&line, WIDTH, "  - ", "    "));
    }
}

/// The open decisions and capabilities, each with its options and conditions.
fn open_outcomes(o: &mut String, a: &Assessment, w: &words::Words, st: Style) {
    let open: Vec<(&str, &str)> = a
        .decisions
        .iter()
        .filter(|d| d.status == Status::Open)
        .filter_map(|d| Some((&*d.id, d.possible_text.as_deref()?)))
        .chain(
            a.layer2
                .iter()
                .filter(|c| c.status == Status::Open)
                .filter_map(|c| Some((&*c.id, c.possible_text.as_deref()?))),
        )
        .collect();
    if open.is_empty() {
        return;
    }
    let _ = writeln!(o, "{}", st.bold(w.open_decisions));
    for (id, text) in open {
        let _ = writeln!(
            o,
            "{}",
            wrap(text, WIDTH, &format!("  {}: ", st.yellow(id)), "    ")
        );
    }
    let _ = writeln!(o);
}

/// The close calls: a one-step change of a given answer that changes an outcome.
fn close_calls(o: &mut String, a: &Assessment, w: &words::Words, st: Style) {
    let nl = a.lang == Lang::Nl;
    let mut lines = Vec::new();
    for d in &a.decisions {
        for c in &d.close_call {
            lines.push((
                &*d.id,
                if nl {
                    format!("{} van {} naar {} geeft {}", c.input, c.from, c.to, c.title)
                } else {
                    format!("{} from {} to {} gives {}", c.input, c.from, c.to, c.title)
                },
            ));
        }
    }
    for cap in &a.layer2 {
        for c in &cap.close_call {
            let mut verdict = words::verdict(c.verdict, a.lang).to_owned();
            if let Some(t) = &c.tool {
                let _ = write!(verdict, " ({})", t.title);
            }
            lines.push((
                &*cap.id,
                if nl {
                    format!("{} van {} naar {} geeft {verdict}", c.input, c.from, c.to)
                } else {
                    format!("{} from {} to {} gives {verdict}", c.input, c.from, c.to)
                },
            ));
        }
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(o, "{}", st.bold(w.close_calls));
    for (id, line) in lines {
        let _ = writeln!(o, "{}", wrap(&line, WIDTH, &format!("  {id}: "), "    "));
    }
    let _ = writeln!(o);
}

/// The most useful questions to answer next.
fn next_questions(o: &mut String, a: &Assessment, lang: Lang, st: Style) {
    if a.next_questions.is_empty() {
        return;
    }
    let w = words::words(lang);
    let _ = writeln!(o, "{}", st.bold(w.next_questions));
    for (i, q) in a.next_questions.iter().take(NEXT_QUESTIONS).enumerate() {
        let head = format!(
            "{} ({}: {})",
            q.question,
            q.input,
            words::question_state(q.state, lang)
        );
        let _ = writeln!(
            o,
            "{}",
            wrap(&head, WIDTH, &format!("  {}. ", i + 1), "     ")
        );
        let _ = writeln!(o, "{}", st.dim(&wrap(&q.why, WIDTH, "     ", "     ")));
    }
    if a.next_questions.len() > NEXT_QUESTIONS {
        let more = a.next_questions.len() - NEXT_QUESTIONS;
        let _ = writeln!(
            o,
            "  {}",
            st.dim(&match lang {
                Lang::En => format!("and {more} more (--format json: next_questions)"),
                Lang::Nl => format!("en nog {more} (--format json: next_questions)"),
            })
        );
    }
    let _ = writeln!(o);
}
