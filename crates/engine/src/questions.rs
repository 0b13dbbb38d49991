//! The assessment-level questions: which answer to give next, and which open
//! questions the unknown answers make blocking.
//!
//! - `next_questions`: first the unknown inputs that would decide open
//!   outcomes (more of them, Layer 1 before Layer 2, deciding before merely
//!   narrowing down), then the assumed inputs whose assumption decides
//!   something (the [`MAX_ASSUMED_QUESTIONS`] most useful). Answering the
//!   unknown ones one by one closes every open outcome: each answer removes
//!   an input that an open outcome waits on.
//! - `open_questions`: an unknown input that an open outcome waits on makes
//!   the KB question it answers (`answers_question`) blocking, with what it
//!   blocks; an unknown input without such a question gets a generated one.

use std::borrow::Cow;

use kompas_kb::{InputType, QuestionPriority};

use crate::assess::Ctx;
use crate::output::*;
use crate::text::{b, Lang, Txt};
use crate::unknowns::{target_id, target_title, Effect, EffectKind, Found};
use crate::when::and_list;

/// At most this many assumed answers are listed as next questions (the most
/// useful first); `summary.assumed` names every assumed answer that decides
/// something. Unknown answers that settle or narrow something are all listed.
pub const MAX_ASSUMED_QUESTIONS: usize = 10;

/// Per input: where its effects sit in the flat list, and the ranking.
struct Entry {
    var: usize,
    state: QuestionState,
    /// Its effects: `flat[from..to]`.
    from: usize,
    to: usize,
    /// Outcomes settled, narrowed down, per layer: the ranking.
    counts: [usize; 4],
}

/// The next questions, most useful first.
pub(crate) fn next_questions<'e>(ctx: &Ctx<'e, '_>, found: &Found) -> Vec<NextQuestion<'e>> {
    if found.effects.is_empty() {
        return Vec::new();
    }
    // Effects come per outcome, in outcome order: a counting sort groups them
    // per input and keeps the outcome order within each.
    let n = ctx.prepared.vars.len();
    let mut start = vec![0usize; n + 1];
    for e in &found.effects {
        start[e.var + 1] += 1;
    }
    for v in 0..n {
        start[v + 1] += start[v];
    }
    let mut next = start.clone();
    let mut flat = vec![found.effects[0]; found.effects.len()];
    for e in &found.effects {
        flat[next[e.var]] = *e;
        next[e.var] += 1;
    }
    let mut entries: Vec<Entry> = (0..n)
        .filter(|v| start[v + 1] > start[*v])
        .map(|v| {
            let (from, to) = (start[v], start[v + 1]);
            let mut counts = [0; 4];
            for e in &flat[from..to] {
                let layer2 = usize::from(ctx.prepared.targets[e.target].layer() == 2);
                let narrows = usize::from(e.kind == EffectKind::Narrows);
                counts[2 * narrows + layer2] += 1;
            }
            Entry {
                var: v,
                state: if flat[from].kind == EffectKind::Decides {
                    QuestionState::Assumed
                } else {
                    QuestionState::Unknown
                },
                from,
                to,
                counts,
            }
        })
        .collect();
    entries.sort_unstable_by_key(|e| {
        (
            e.state == QuestionState::Assumed,
            std::cmp::Reverse(e.counts),
            e.var,
        )
    });
    let unknown = entries
        .iter()
        .filter(|e| e.state == QuestionState::Unknown)
        .count();
    entries.truncate(unknown + MAX_ASSUMED_QUESTIONS);
    let mut out = Vec::with_capacity(entries.len());
    for e in &entries {
        let input = &ctx.texts.inputs[e.var];
        let effects = &flat[e.from..e.to];
        let ids = |narrows: bool, count: usize| -> Vec<Txt<'e>> {
            if count == 0 {
                return Vec::new();
            }
            let mut out = Vec::with_capacity(count);
            out.extend(
                effects
                    .iter()
                    .filter(|x| (x.kind == EffectKind::Narrows) == narrows)
                    .map(|x| target_id(ctx, x.target)),
            );
            out
        };
        out.push(NextQuestion {
            input: b(&ctx.prepared.vars[e.var].id),
            question: b(&input.question),
            state: e.state,
            value: ctx.value(e.var),
            why: Cow::Owned(why(ctx, e, effects)),
            settles: ids(false, e.counts[0] + e.counts[1]),
            narrows: ids(true, e.counts[2] + e.counts[3]),
            answers_question: input.answers_question.as_ref().map(b),
        });
    }
    out
}

/// Appends the titles of the outcomes of some effects: "A, B and C" ("en" in Dutch).
fn push_titles(out: &mut String, ctx: &Ctx, effects: &[Effect], narrows: bool) {
    let and = if ctx.lang == Lang::Nl {
        " en "
    } else {
        " and "
    };
    let count = effects
        .iter()
        .filter(|e| (e.kind == EffectKind::Narrows) == narrows)
        .count();
    let listed = effects
        .iter()
        .filter(|e| (e.kind == EffectKind::Narrows) == narrows);
    for (i, e) in listed.enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == count { and } else { ", " });
        }
        out.push_str(target_title(ctx, e.target));
    }
}

/// Why a question is worth answering, in one sentence (built by hand: it is
/// made for every assumed answer that decides something, in every assessment).
fn why(ctx: &Ctx, e: &Entry, effects: &[Effect]) -> String {
    let nl = ctx.lang == Lang::Nl;
    let settles = e.counts[0] + e.counts[1] > 0;
    let narrows = e.counts[2] + e.counts[3] > 0;
    let mut out = String::with_capacity(160);
    match e.state {
        QuestionState::Unknown => {
            if settles {
                out.push_str(if nl {
                    "Je antwoord legt vast: "
                } else {
                    "Answering it decides: "
                });
                push_titles(&mut out, ctx, effects, false);
            }
            if narrows {
                out.push_str(match (settles, nl) {
                    (false, false) => "Answering it narrows down: ",
                    (false, true) => "Je antwoord beperkt de keuze bij: ",
                    (true, false) => "; it narrows down: ",
                    (true, true) => "; het beperkt de keuze bij: ",
                });
                push_titles(&mut out, ctx, effects, true);
            }
        }
        QuestionState::Assumed => {
            out.push_str(if nl { "Aangenomen: " } else { "Assumed: " });
            out.push_str(&value_label(ctx, e.var));
            out.push_str(if nl {
                ". Een ander antwoord verandert: "
            } else {
                ". Another answer changes: "
            });
            push_titles(&mut out, ctx, effects, false);
        }
    }
    out.push('.');
    out
}

/// The profile's value of an input in words: labels for values, yes or no.
pub(crate) fn value_label<'e>(ctx: &Ctx<'e, '_>, var: usize) -> Cow<'e, str> {
    let pv = &ctx.prepared.vars[var];
    let labels = &ctx.texts.inputs[var].labels;
    let x = ctx.p[var];
    let nl = ctx.lang == Lang::Nl;
    match pv.kind {
        InputType::Bool => Cow::Borrowed(match (x != 0, nl) {
            (true, false) => "yes",
            (false, false) => "no",
            (true, true) => "ja",
            (false, true) => "nee",
        }),
        InputType::Integer => Cow::Owned(x.to_string()),
        InputType::Enum => labels
            .get(x as usize)
            .map_or(Cow::Borrowed(""), |l| Cow::Borrowed(&**l)),
        InputType::Set => {
            let members: Vec<&str> = labels
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < 63 && x & (1 << i) != 0)
                .map(|(_, l)| &**l)
                .collect();
            if members.is_empty() {
                Cow::Borrowed(if nl { "geen" } else { "none" })
            } else {
                Cow::Owned(and_list(&members, ctx.lang))
            }
        }
    }
}

fn priority_rank(p: QuestionPriority) -> u8 {
    match p {
        QuestionPriority::Critical => 0,
        QuestionPriority::Important => 1,
        QuestionPriority::CanWait => 2,
    }
}

/// The open questions with the unknown answers that block open outcomes:
/// `None` when nothing is open (the KB's list stands).
pub(crate) fn open_questions<'e>(
    ctx: &Ctx<'e, '_>,
    found: &Found,
) -> Option<Vec<OpenQuestionView<'static>>> {
    if found.open.is_empty() {
        return None;
    }
    // Per unknown input: the open outcomes that wait on it, in target order.
    let mut blocking: Vec<(usize, Vec<usize>)> = Vec::new();
    for (ti, vars) in &found.open {
        for &v in vars {
            match blocking.iter_mut().find(|(x, _)| *x == v) {
                Some((_, ts)) => ts.push(*ti),
                None => blocking.push((v, vec![*ti])),
            }
        }
    }
    blocking.sort_by_key(|(v, _)| *v);
    let mut list: Vec<(usize, OpenQuestionView<'static>)> = ctx
        .texts
        .open_questions
        .iter()
        .cloned()
        .enumerate()
        .collect();
    let n = list.len();
    for (k, (v, ts)) in blocking.iter().enumerate() {
        let mut blocks: Vec<usize> = ts.clone();
        blocks.sort_unstable();
        blocks.dedup();
        let ids: Vec<Txt<'static>> = blocks
            .iter()
            .map(|t| Cow::Owned(target_id(ctx, *t).into_owned()))
            .collect();
        let layer1 = blocks.iter().any(|t| ctx.prepared.targets[*t].layer() == 1);
        let input = &ctx.texts.inputs[*v];
        let linked = input
            .answers_question
            .as_deref()
            .and_then(|q| list.iter_mut().find(|(_, x)| x.id == q));
        match linked {
            Some((_, q)) => {
                q.blocking = true;
                q.input = Some(ctx.prepared.vars[*v].id.clone());
                q.blocks = ids;
            }
            None => {
                let assumption = value_label(ctx, *v);
                list.push((
                    n + k,
                    OpenQuestionView {
                        id: ctx.prepared.vars[*v].id.clone(),
                        text: input.question.clone(),
                        blocking: true,
                        priority: if layer1 {
                            QuestionPriority::Critical
                        } else {
                            QuestionPriority::Important
                        },
                        decide_by: None,
                        default_assumption: Some(Cow::Owned(assumption.into_owned())),
                        decisions: Cow::Owned(ids.clone()),
                        input: Some(ctx.prepared.vars[*v].id.clone()),
                        blocks: ids,
                        generated: true,
                    },
                ));
            }
        }
    }
    list.sort_by_key(|(i, q)| (!q.blocking, priority_rank(q.priority), *i));
    Some(list.into_iter().map(|(_, q)| q).collect())
}
