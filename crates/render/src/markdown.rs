//! The Markdown report: what an architect pastes into a wiki.
//!
//! Order: title, the chosen stack (and what it rests on: unknown and assumed
//! answers), blocking questions, the open decisions with their possible
//! options and conditions, the close calls, the questions to answer next, one
//! section per decision (recommendation, why, alternatives and why not,
//! trace, chain, trade-offs, open questions, what would change it), the Layer
//! 2 board, the findings, then the reference material (all questions, all
//! answers).

use std::fmt::Write as _;

use kompas_engine::{
    Assessment, CapabilityAssessment, ConditionCheck, DecisionAssessment, Lang, Met, Status,
};
use kompas_kb::Verdict;

use crate::sentences;
use crate::words::{self, Words};

/// Escapes text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// One line of prose: newlines folded, trailing space removed.
fn line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Anchor of a heading id, e.g. `decision-cni`.
fn anchor(kind: &str, id: &str) -> String {
    format!("{kind}-{}", id.replace(['.', '_'], "-"))
}

/// Renders an assessment as a Markdown report in `lang`.
pub fn markdown(a: &Assessment, lang: Lang) -> String {
    let w = words::words(lang);
    let mut out = String::with_capacity(64 * 1024);
    let o = &mut out;

    let _ = writeln!(o, "# {}: {}\n", w.title, a.kb.title);
    let digest = a.kb.digest.trim_start_matches("sha256:");
    let _ = writeln!(
        o,
        "{}: `{}` {} (`{}`)\n",
        w.kb,
        a.kb.id,
        a.kb.version,
        &digest[..digest.len().min(12)]
    );

    summary(o, a, w, lang);
    blocking(o, a, w, lang);
    open_outcomes(o, a, w, lang);
    close_calls(o, a, w, lang);
    next_questions(o, a, w, lang);

    let _ = writeln!(o, "## {}\n", w.layer1);
    for d in &a.decisions {
        decision(o, d, a, w, lang);
    }

    layer2(o, a, w, lang);
    findings(o, a, w, lang);
    questions(o, a, w, lang);
    answers(o, a, w, lang);
    out
}

fn summary(o: &mut String, a: &Assessment, w: &Words, lang: Lang) {
    let _ = writeln!(o, "## {}\n", w.summary);
    let _ = writeln!(o, "| {} | {} | {} |", w.decision, w.recommendation, w.rule);
    let _ = writeln!(o, "|---|---|---|");
    for d in &a.decisions {
        let mut rec = match &d.recommendation {
            Some(r) => format!("**{}** (`{}`)", cell(&r.title), r.option),
            None => "-".into(),
        };
        if d.status == Status::Open {
            let _ = write!(rec, " (*{}*)", w.open);
        }
        if !d.close_call.is_empty() {
            let _ = write!(rec, " (*{}*)", w.close_call);
        }
        let rule = d
            .recommendation
            .as_ref()
            .map_or(String::new(), |r| format!("`{}`", r.rule));
        let _ = writeln!(
            o,
            "| [{}](#{}) | {rec} | {rule} |",
            cell(&d.title),
            anchor("decision", &d.id)
        );
    }
    let _ = writeln!(o);
    let title = |id: &str| {
        a.capability(id)
            .map_or(id.to_owned(), |c| c.title.to_string())
    };
    let now: Vec<String> = a
        .summary
        .now
        .iter()
        .enumerate()
        .map(|(i, id)| {
            if i == 0 {
                format!("{}. **{}** ({})", i + 1, title(id), w.start_here)
            } else {
                format!("{}. {}", i + 1, title(id))
            }
        })
        .collect();
    let list = |ids: &[kompas_engine::Txt]| -> String {
        if ids.is_empty() {
            w.none.to_owned()
        } else {
            ids.iter()
                .map(|id| title(id))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let _ = writeln!(
        o,
        "**{} ({}):** {}\n",
        w.layer2,
        w.now_list,
        if now.is_empty() {
            w.none.to_owned()
        } else {
            now.join(" ")
        }
    );
    let _ = writeln!(o, "**{}:** {}\n", w.later_list, list(&a.summary.later));
    let _ = writeln!(o, "**{}:** {}\n", w.skip_list, list(&a.summary.skip));
    let c = a.summary.findings;
    if let Some(note) = words::provisional_note(a, lang) {
        let _ = writeln!(o, "**{}:** {note}\n", capitalised(w.provisional));
    }
    let _ = writeln!(
        o,
        "**{}:** {}: {}, {}: {}, {}: {}\n",
        w.findings,
        words::severity(kompas_engine::FindingSeverity::Error, lang),
        c.error,
        words::severity(kompas_engine::FindingSeverity::Warning, lang),
        c.warning,
        words::severity(kompas_engine::FindingSeverity::Info, lang),
        c.info,
    );
}

/// The first letter in upper case (for a word used as a label).
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The open decisions and capabilities: each possible option and when.
fn open_outcomes(o: &mut String, a: &Assessment, w: &Words, lang: Lang) {
    let decisions = a.decisions.iter().filter(|d| d.status == Status::Open);
    let caps = a.layer2.iter().filter(|c| c.status == Status::Open);
    if a.summary.open.is_empty() {
        return;
    }
    let _ = writeln!(o, "## {}\n", w.open_decisions);
    let mut item = |title: &str,
                    id: &str,
                    kind: &str,
                    texts: Vec<&str>,
                    waits: &[kompas_engine::Txt],
                    exhaustive: bool| {
        let _ = writeln!(o, "- [{}](#{}):", cell(title), anchor(kind, id));
        for t in texts {
            let _ = writeln!(o, "  - {}", line(t));
        }
        if !waits.is_empty() {
            let _ = writeln!(o, "  - {}: {}", capitalised(w.waits_on), code_list(waits));
        }
        if !exhaustive {
            let _ = writeln!(
                o,
                "  - {}",
                match lang {
                    Lang::En => "Not every unknown answer was examined (too many combinations); more options may be possible.",
                    Lang::Nl => "Niet alle onbekende antwoorden zijn doorgerekend (te veel combinaties); er kunnen meer opties mogelijk zijn.",
                }
            );
        }
    };
    for d in decisions {
        let texts = d.possible.iter().map(|p| &*p.text).collect();
        item(
            &d.title,
            &d.id,
            "decision",
            texts,
            &d.blocked_by,
            d.exhaustive,
        );
    }
    for c in caps {
        let texts = c.possible.iter().map(|p| &*p.text).collect();
        item(
            &c.title,
            &c.id,
            "capability",
            texts,
            &c.blocked_by,
            c.exhaustive,
        );
    }
    let _ = writeln!(o);
}

/// A close call in words: "`team_size` from 10 to 11 gives Kyverno".
fn close_call_line(input: &str, from: &str, to: &str, gives: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("`{input}` from {from} to {to} gives {gives}"),
        Lang::Nl => format!("`{input}` van {from} naar {to} geeft {gives}"),
    }
}

/// The close calls: a one-step change of a given answer that changes an outcome.
fn close_calls(o: &mut String, a: &Assessment, w: &Words, lang: Lang) {
    if a.summary.close_calls.is_empty() {
        return;
    }
    let _ = writeln!(o, "## {}\n", w.close_calls);
    for d in a.decisions.iter().filter(|d| !d.close_call.is_empty()) {
        for c in &d.close_call {
            let text = close_call_line(
                &c.input,
                &c.from.to_string(),
                &c.to.to_string(),
                &c.title,
                lang,
            );
            let _ = writeln!(
                o,
                "- [{}](#{}): {text}",
                cell(&d.title),
                anchor("decision", &d.id)
            );
        }
    }
    for cap in a.layer2.iter().filter(|c| !c.close_call.is_empty()) {
        for c in &cap.close_call {
            let mut verdict = words::verdict(c.verdict, lang).to_owned();
            if let Some(t) = &c.tool {
                let _ = write!(verdict, " ({})", t.title);
            }
            let text = close_call_line(
                &c.input,
                &c.from.to_string(),
                &c.to.to_string(),
                &verdict,
                lang,
            );
            let _ = writeln!(
                o,
                "- [{}](#{}): {text}",
                cell(&cap.title),
                anchor("capability", &cap.id)
            );
        }
    }
    let _ = writeln!(o);
}

/// The questions to answer next, the most useful first.
fn next_questions(o: &mut String, a: &Assessment, w: &Words, lang: Lang) {
    if a.next_questions.is_empty() {
        return;
    }
    let _ = writeln!(o, "## {}\n", w.next_questions);
    for (i, q) in a.next_questions.iter().enumerate() {
        let _ = writeln!(
            o,
            "{}. {} (`{}`, {}) {}",
            i + 1,
            line(&q.question),
            q.input,
            words::question_state(q.state, lang),
            line(&q.why)
        );
    }
    let _ = writeln!(o);
}

fn question_line(q: &kompas_engine::OpenQuestionView, w: &Words) -> String {
    let id = if q.generated {
        String::new()
    } else {
        format!("**{}** ", q.id.to_uppercase())
    };
    let mut s = format!("{id}{}", line(&q.text));
    if let Some(by) = &q.decide_by {
        let _ = write!(s, " ({} {by})", w.decide_by);
    }
    match (&q.default_assumption, q.generated) {
        (Some(assume), true) => {
            let _ = write!(s, " ({}: {})", w.unknown_until_answered, line(assume));
        }
        (Some(assume), false) => {
            let _ = write!(s, "; {}: {}", w.assume, line(assume));
        }
        (None, _) => {}
    }
    if !q.blocks.is_empty() {
        let _ = write!(s, " ({}: {})", w.blocks, code_list(&q.blocks));
    } else if !q.decisions.is_empty() {
        let _ = write!(s, " ({}: {})", w.affects, code_list(&q.decisions));
    }
    s
}

fn blocking(o: &mut String, a: &Assessment, w: &Words, _lang: Lang) {
    let _ = writeln!(o, "## {}\n", w.blocking_questions);
    let blocking: Vec<_> = a.open_questions.iter().filter(|q| q.blocking).collect();
    if blocking.is_empty() {
        let _ = writeln!(o, "{}\n", w.no_blocking_questions);
        return;
    }
    for q in blocking {
        let _ = writeln!(o, "- {}", question_line(q, w));
    }
    let _ = writeln!(o);
}

fn decision(o: &mut String, d: &DecisionAssessment, a: &Assessment, w: &Words, lang: Lang) {
    let rec_title = d.recommendation.as_ref().map_or("-", |r| &*r.title);
    let open = d.status == Status::Open;
    let _ = writeln!(o, "<a id=\"{}\"></a>\n", anchor("decision", &d.id));
    if open {
        let _ = writeln!(o, "### {}: {} ({})\n", d.title, rec_title, w.open);
    } else {
        let _ = writeln!(o, "### {}: {}\n", d.title, rec_title);
    }
    let _ = writeln!(o, "*{}* (`{}`)\n", line(&d.question), d.id);
    if let Some(text) = d.possible_text.as_deref().filter(|_| open) {
        let _ = writeln!(o, "**{}:** {}\n", capitalised(w.open), line(text));
    }
    for c in &d.close_call {
        let text = close_call_line(
            &c.input,
            &c.from.to_string(),
            &c.to.to_string(),
            &c.title,
            lang,
        );
        let _ = writeln!(o, "**{}:** {text}.\n", capitalised(w.close_call));
    }

    if let Some(r) = &d.recommendation {
        let seed = if r.seed_choice {
            format!(" ({})", w.case_choice(a.kb.reference.as_deref()))
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "**{}:** {} (`{}`){seed}. {}\n",
            if open {
                w.provisional_recommendation
            } else {
                w.recommendation
            },
            r.title,
            r.option,
            line(&r.rationale)
        );
        if !r.tools.is_empty() {
            let _ = writeln!(o, "{}: {}\n", w.tool, code_list(&r.tools));
        }
    }

    // Why.
    for b in &d.because {
        let _ = writeln!(o, "**{}:** {} (`{}`)\n", w.why, line(&b.text), b.rule);
        if !b.facts.is_empty() {
            if b.default {
                let _ = writeln!(o, "{}\n", w.default_rule_facts);
            }
            for f in &b.facts {
                let _ = writeln!(o, "- {}", sentences::fact(f, lang));
            }
            let _ = writeln!(o);
        }
        for note in &b.notes {
            let _ = writeln!(o, "{}\n", line(note));
        }
        let facts: Vec<String> = b
            .derived
            .iter()
            .filter_map(|id| a.derived_facts.iter().find(|f| f.id == *id))
            .map(|f| format!("- {}", line(&sentences::derived_fact(f))))
            .collect();
        if !facts.is_empty() {
            let _ = writeln!(o, "*{}*\n\n{}\n", w.derived, facts.join("\n"));
        }
    }

    // Alternatives.
    if !d.alternatives.is_empty() {
        let _ = writeln!(o, "**{}**\n", w.alternatives);
        let _ = writeln!(o, "| {} | {} | {} |", w.option, w.applies, w.why_not);
        let _ = writeln!(o, "|---|---|---|");
        for alt in &d.alternatives {
            let mut why = sentences::why_not(alt, rec_title, lang);
            if let Some(reason) = &alt.reason {
                let _ = write!(why, " {}: {}", w.the_kb_says, line(reason));
            }
            let seed = if alt.seed_choice {
                format!(" ({})", w.case_choice(a.kb.reference.as_deref()))
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "| {} (`{}`){seed} | {} | {} |",
                cell(&alt.title),
                alt.option,
                if alt.applies { w.yes } else { w.no },
                cell(&why)
            );
        }
        let _ = writeln!(o);
        for alt in d.alternatives.iter().filter(|x| x.superseded.is_some()) {
            if let Some(s) = &alt.superseded {
                if !s.sources.is_empty() {
                    let src: Vec<String> = s
                        .sources
                        .iter()
                        .map(|x| match &x.url {
                            Some(u) => format!("[{}]({u})", x.title),
                            None => x.title.to_string(),
                        })
                        .collect();
                    let _ = writeln!(
                        o,
                        "{} {} ({}): {}\n",
                        alt.title,
                        w.superseded_by,
                        s.by_title,
                        src.join("; ")
                    );
                }
            }
        }
    }

    // Trace and chain.
    if !d.traces_to.is_empty() {
        let traces: Vec<String> = d
            .traces_to
            .iter()
            .map(|t| format!("`{}` ({})", t.id, t.title))
            .collect();
        let _ = writeln!(o, "**{}:** {}\n", w.traces_to, traces.join(", "));
    }
    if let Some(c) = &d.chain {
        let _ = writeln!(o, "**{}**\n", w.chain);
        let _ = writeln!(o, "1. {}: {}", w.chain_business, line(&c.business));
        let _ = writeln!(o, "2. {}: {}", w.chain_technical, line(&c.technical));
        let _ = writeln!(o, "3. {}: {}", w.chain_capability, line(&c.capability));
        let _ = writeln!(o, "4. {}: {}\n", w.chain_tooling, line(&c.tooling));
    }

    // Practices.
    if !d.practices.is_empty() {
        let _ = writeln!(o, "**{}**\n", w.practices);
        for p in d.practices.iter() {
            let _ = writeln!(
                o,
                "- {}: {}. {}",
                p.capability,
                line(&p.technique),
                line(&p.rationale)
            );
        }
        let _ = writeln!(o);
    }

    // Trade-offs.
    if !d.tradeoffs.is_empty() {
        let _ = writeln!(o, "**{}**\n", w.tradeoffs);
        for t in d.tradeoffs.iter() {
            let favours: Vec<&str> = t.favours.iter().map(|x| &*x.title).collect();
            let over: Vec<&str> = t.over.iter().map(|x| &*x.title).collect();
            let _ = write!(
                o,
                "- **{}** (`{}`): {} {} {} {}. {} {}",
                t.title,
                t.id,
                w.favours,
                favours.join(", "),
                w.over,
                over.join(", "),
                line(&t.resolution),
                line(&t.rationale)
            );
            if let Some(scope) = &t.scope {
                let _ = write!(o, " ({}: {})", w.scope, line(scope));
            }
            let _ = writeln!(o);
        }
        let _ = writeln!(o);
    }

    // Open questions.
    if !d.open_questions.is_empty() {
        let qs: Vec<String> = d
            .open_questions
            .iter()
            .map(|q| {
                let mark = if q.blocking { " ⚠" } else { "" };
                format!("{}{mark} {}", q.id.to_uppercase(), line(&q.text))
            })
            .collect();
        let _ = writeln!(o, "**{}:** {}\n", w.open_questions, qs.join("; "));
    }

    // Flips.
    let _ = writeln!(o, "**{}**\n", w.flips);
    if !a.flips_computed {
        let _ = writeln!(o, "{}\n", w.flips_not_computed);
    } else if d.flips.is_empty() {
        let _ = writeln!(o, "{}\n", w.no_flips);
    } else {
        for f in &d.flips {
            let _ = writeln!(o, "- {}", sentences::flip(f, lang));
        }
        let _ = writeln!(o);
    }
}

fn checks(o: &mut String, title: &str, list: &[ConditionCheck], lang: Lang, w: &Words) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(o, "*{title}*\n");
    for c in list {
        let mark = match c.status {
            Met::Met => "[x]",
            Met::NotMet => "[ ]",
            Met::Unknown => "[?]",
        };
        let mut s = format!("- {mark} {}", line(&c.text));
        match c.status {
            Met::Unknown => {
                let _ = write!(s, " ({})", w.question_to_answer);
            }
            _ => {
                let facts: Vec<String> =
                    c.detail.iter().map(|f| sentences::fact(f, lang)).collect();
                if !facts.is_empty() {
                    let _ = write!(s, " ({}: {})", words::met(c.status, lang), facts.join("; "));
                }
            }
        }
        let _ = writeln!(o, "{s}");
    }
    let _ = writeln!(o);
}

fn layer2(o: &mut String, a: &Assessment, w: &Words, lang: Lang) {
    let _ = writeln!(o, "## {}\n", w.layer2);
    let _ = writeln!(
        o,
        "| {} | {} | {} | {} | {} |",
        w.rank, w.capability, w.verdict, w.decided_by, w.tool
    );
    let _ = writeln!(o, "|---|---|---|---|---|");
    let mut order: Vec<&CapabilityAssessment> = a.layer2.iter().collect();
    // The board: now items in their order, then later, then skip.
    order.sort_by_key(|c| (c.verdict, c.rank.unwrap_or(u32::MAX)));
    for c in &order {
        let rank = match (c.rank, c.start_here) {
            (Some(r), true) => format!("{r} ({})", w.start_here),
            (Some(r), false) => r.to_string(),
            _ => String::new(),
        };
        let verdict = words::verdict(c.verdict, lang);
        let mut verdict = if c.verdict == Verdict::Now {
            format!("**{verdict}**")
        } else {
            verdict.to_owned()
        };
        if c.status == Status::Open {
            let _ = write!(verdict, " (*{}*)", w.open);
        }
        let decided = match &c.decided_by.text {
            Some(t) => format!("{}: {}", words::step(c.decided_by.step, lang), line(t)),
            None => words::step(c.decided_by.step, lang).to_owned(),
        };
        let tool = c
            .tool
            .as_ref()
            .map_or(String::new(), |t| t.title.to_string());
        let _ = writeln!(
            o,
            "| {rank} | [{}](#{}) | {verdict} | {} | {} |",
            cell(&c.title),
            anchor("capability", &c.id),
            cell(&decided),
            cell(&tool)
        );
    }
    let _ = writeln!(o);
    for c in &order {
        let _ = writeln!(o, "<a id=\"{}\"></a>\n", anchor("capability", &c.id));
        let _ = writeln!(o, "### {}: {}\n", c.title, words::verdict(c.verdict, lang));
        let _ = writeln!(o, "*{}* (`{}`)\n", line(&c.question), c.id);
        if let Some(text) = c
            .possible_text
            .as_deref()
            .filter(|_| c.status == Status::Open)
        {
            let _ = writeln!(o, "**{}:** {}\n", capitalised(w.open), line(text));
        }
        if let Some(t) = &c.tool {
            let _ = writeln!(
                o,
                "**{}:** {} (`{}`): {}\n",
                w.tool,
                t.title,
                t.id,
                line(&t.use_when)
            );
        }
        checks(o, w.triggers, &c.triggers, lang, w);
        checks(o, w.skip_if, &c.skip_if, lang, w);
        checks(o, w.now_if, &c.now_if, lang, w);
        checks(o, w.later_if, &c.later_if, lang, w);
        if !c.traces_to.is_empty() {
            let traces: Vec<String> = c.traces_to.iter().map(|t| format!("`{}`", t.id)).collect();
            let _ = writeln!(o, "**{}:** {}\n", w.traces_to, traces.join(", "));
        }
        if let Some(exit) = &c.exit_strategy {
            let _ = writeln!(o, "**{}:** {}\n", w.exit_strategy, line(exit));
        }
    }
}

fn findings(o: &mut String, a: &Assessment, w: &Words, lang: Lang) {
    let _ = writeln!(o, "## {}\n", w.findings);
    if a.findings.is_empty() {
        let _ = writeln!(o, "{}\n", w.no_findings);
        return;
    }
    let mut list: Vec<_> = a.findings.iter().collect();
    list.sort_by_key(|f| f.severity);
    let _ = writeln!(
        o,
        "| {} | {} | {} | {} |",
        w.severity, w.code, w.decision, w.message
    );
    let _ = writeln!(o, "|---|---|---|---|");
    for f in list {
        let mut msg = line(&f.message);
        if !f.sources.is_empty() {
            let src: Vec<String> = f
                .sources
                .iter()
                .map(|x| match &x.url {
                    Some(u) => format!("[{}]({u})", x.title),
                    None => x.title.to_string(),
                })
                .collect();
            let _ = write!(msg, " {}: {}", w.sources, src.join("; "));
        }
        let _ = writeln!(
            o,
            "| {} | {} | `{}` | {} |",
            words::severity(f.severity, lang),
            f.code,
            f.decision,
            cell(&msg)
        );
    }
    let _ = writeln!(o);
}

fn questions(o: &mut String, a: &Assessment, w: &Words, lang: Lang) {
    let _ = writeln!(o, "## {}\n", w.all_questions);
    let _ = writeln!(
        o,
        "| Id | {} | {} | {} |",
        w.question, w.priority, w.affects
    );
    let _ = writeln!(o, "|---|---|---|---|");
    for q in a.open_questions.iter() {
        let pr = words::priority(q.priority, lang);
        let pr = if q.blocking {
            format!("**{pr}**")
        } else {
            pr.to_owned()
        };
        let _ = writeln!(
            o,
            "| {} | {} | {pr} | {} |",
            q.id.to_uppercase(),
            cell(&line(&q.text)),
            code_list(&q.decisions)
        );
    }
    let _ = writeln!(o);
}

fn answers(o: &mut String, a: &Assessment, w: &Words, lang: Lang) {
    let _ = writeln!(o, "## {}\n", w.answers);
    let _ = writeln!(o, "| {} | {} | {} |", w.input, w.value, w.source);
    let _ = writeln!(o, "|---|---|---|");
    for x in &a.answers {
        let src = words::source(x.source, lang);
        let src = match (&x.given, x.source, &x.derived_from) {
            (Some(g), kompas_engine::AnswerSource::Given, _)
                if g.as_ref() != &x.value.to_json() =>
            {
                format!("{src} (`{}`)", g)
            }
            (_, _, Some(from)) => match &from.text {
                Some(why) => format!("{src} (`{}`: {})", from.fact, line(why)),
                None => format!("{src} (`{}`)", from.fact),
            },
            _ => src.to_owned(),
        };
        let _ = writeln!(
            o,
            "| `{}` | {} | {} |",
            x.input,
            cell(&x.value.to_string()),
            cell(&src)
        );
    }
    let _ = writeln!(o);
    if !a.profile.derived.is_empty() {
        let _ = writeln!(
            o,
            "**{}:** {}\n",
            w.derived,
            a.profile
                .derived
                .iter()
                .map(|(k, v)| format!("`{k}` = {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

/// Ids as inline code, comma-separated: `a`, `b`.
fn code_list(ids: &[impl std::fmt::Display]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
