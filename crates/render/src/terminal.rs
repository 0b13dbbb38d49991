//! The terminal summary of an assessment: the stack, what blocks, the Layer 2
//! board and the findings, readable in one screen or two.

use std::fmt::Write as _;

use kompas_engine::{Assessment, FindingSeverity, Lang};
use kompas_kb::Verdict;

use crate::style::Style;
use crate::words;

/// Pads to a width in characters (not bytes), so columns line up.
pub(crate) fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_owned()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

/// Folds whitespace and shortens to `max` characters with an ellipsis.
pub(crate) fn short(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Renders an assessment for a terminal; colour only when `color`.
pub fn text(a: &Assessment, color: bool) -> String {
    let st = Style { on: color };
    let lang = a.lang;
    let w = words::words(lang);
    let mut o = String::with_capacity(8 * 1024);

    let _ = writeln!(
        o,
        "{} {}",
        st.bold(&format!("kompas: {}", a.kb.title)),
        st.dim(&format!("({} {})", a.kb.id, a.kb.version))
    );
    let _ = writeln!(o);

    let _ = writeln!(o, "{}", st.bold(w.stack));
    let id_w = a
        .decisions
        .iter()
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    for d in &a.decisions {
        let (option, note) = match &d.recommendation {
            Some(r) => {
                let mut note = String::new();
                if !r.rule.ends_with(".default") {
                    note = format!(
                        "  {}",
                        st.dim(&format!("({} {})", w.rule.to_lowercase(), r.rule))
                    );
                }
                (st.green(&r.title), note)
            }
            None => (st.red("-"), String::new()),
        };
        let _ = writeln!(o, "  {}{option}{note}", pad(&d.id, id_w));
    }
    let _ = writeln!(o);

    let blocking: Vec<_> = a.open_questions.iter().filter(|q| q.blocking).collect();
    let _ = writeln!(o, "{}", st.bold(w.blocking_questions));
    if blocking.is_empty() {
        let _ = writeln!(o, "  {}", w.no_blocking_questions);
    }
    for q in blocking {
        let by = q
            .decide_by
            .as_deref()
            .map(|b| format!(" ({} {b})", w.decide_by))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "  {} {}{}",
            st.yellow(&pad(&q.id.to_uppercase(), 4)),
            short(&q.text, 90),
            st.dim(&by)
        );
    }
    let _ = writeln!(o);

    let _ = writeln!(o, "{}", st.bold(w.layer2));
    let mut caps: Vec<_> = a.layer2.iter().collect();
    caps.sort_by_key(|c| (c.verdict, c.rank.unwrap_or(u32::MAX)));
    let cap_w = caps.iter().map(|c| c.id.chars().count()).max().unwrap_or(0) + 2;
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
            detail = short(
                &c.decided_by.text.as_deref().map_or_else(
                    || words::step(c.decided_by.step, lang).to_owned(),
                    |t| t.to_string(),
                ),
                70,
            );
            detail = st.dim(&detail);
        }
        let _ = writeln!(o, "  {verdict}{rank}{}{detail}", pad(&c.id, cap_w));
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
        let _ = writeln!(
            o,
            "  {sev}{} {}: {}",
            f.code,
            f.decision,
            short(&f.message, 160)
        );
    }
    let _ = writeln!(o);
    let hint = match lang {
        Lang::En => "Why and why not for one decision: kompas explain PROFILE DECISION; the full report: --format md",
        Lang::Nl => "Waarom en waarom niet voor één beslissing: kompas explain PROFIEL BESLISSING; het volledige rapport: --format md",
    };
    let _ = writeln!(o, "{}", st.dim(hint));
    o
}
