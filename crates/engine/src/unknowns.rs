//! The three states of an answer, per outcome: what unknown answers leave
//! open, which given answers are close calls, and which assumed answers
//! decide something.
//!
//! For every decision and capability of an assessment:
//!
//! - when an unknown answer can reach it, the completions of the unknown
//!   answers ([`crate::openness`]) say whether it is decided or open, and
//!   for an open one every possible outcome with exactly the answers that lead
//!   to it ([`crate::when`]);
//! - a one-step change of a given answer that changes it is a close call;
//! - another answer to an input the profile left out that changes it makes
//!   that assumption one that decides something.
//!
//! With no unknown answer, only the last two run: a few table reads per
//! outcome ([`crate::whatif`]). What the outcomes found is collected as
//! [`Effect`]s for the assessment-level parts ([`crate::questions`]).

use std::borrow::Cow;

use kompas_kb::Verdict;

use crate::assess::{value_of, Ctx};
use crate::openness::{self, Openness};
use crate::output::*;
use crate::targets::{capability_outcome, TargetKind, NOTHING};
use crate::text::{b, Lang, Txt};
use crate::when::{Part, Words};

/// What an input does to an outcome, found while analysing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EffectKind {
    /// An unknown input whose answer alone, whatever it is, decides the open outcome.
    Settles,
    /// An unknown input whose answer can change the open outcome without deciding it.
    Narrows,
    /// An assumed input: another answer would change the outcome.
    Decides,
}

/// An input's effect on an outcome (a position in `Prepared::targets`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Effect {
    pub var: usize,
    pub target: usize,
    pub kind: EffectKind,
}

/// What the analysis of an assessment's outcomes collects.
pub(crate) struct Found {
    /// Completions left in the assessment's budget.
    pub budget: usize,
    pub effects: Vec<Effect>,
    /// The open outcomes and the unknown inputs each waits on.
    pub open: Vec<(usize, Vec<usize>)>,
    /// The outcomes with a close call.
    pub close_calls: Vec<usize>,
}

impl Default for Found {
    fn default() -> Self {
        Found {
            budget: openness::MAX_COMPLETIONS,
            effects: Vec::with_capacity(64),
            open: Vec::new(),
            close_calls: Vec::new(),
        }
    }
}

/// The analysis of one outcome for the profile of `ctx`.
struct Analysed {
    /// The outcome's code for the profile.
    base: u16,
    /// Set when an unknown answer can reach it.
    openness: Option<Box<Openness>>,
    /// Close calls: (input, neighbouring value, outcome code).
    close: Vec<(usize, i64, u16)>,
}

fn analyse(ctx: &mut Ctx, ti: usize) -> Analysed {
    let prepared = ctx.prepared;
    let t = &prepared.targets[ti];
    let p = ctx.p;
    let compiled = ctx.engine.compiled();
    let w = &mut ctx.whatif;
    let base_cell = t.tabulated().then(|| w.base_cell(t));
    let base = match base_cell {
        Some(cell) => t.code(cell),
        None => t.outcome(compiled, p),
    };
    // The usual case: a table, and no answer left to a derived default that
    // can reach the outcome. Then the answers that can move it are the ones
    // it reads, and another class of an assumed answer is one table read away.
    let plain = match base_cell {
        Some(cell) if !w.follows_any(t) => Some(cell),
        _ => None,
    };
    let eff = match plain {
        Some(_) => std::borrow::Cow::Borrowed(&t.vars[..]),
        None => w.effective(t),
    };
    let openness = if ctx.profile.unknown().is_empty() {
        None
    } else {
        let unknown: Vec<usize> = eff.iter().copied().filter(|&v| w.is_unknown(v)).collect();
        (!unknown.is_empty())
            .then(|| Box::new(openness::analyse(w, t, p, &unknown, &mut ctx.found.budget)))
    };
    let mut close = Vec::new();
    for (i, &v) in eff.iter().enumerate() {
        if let (Some(cell), false) = (plain, w.is_given(v)) {
            if w.is_unknown(v) {
                continue;
            }
            // `eff` is `t.vars` here.
            let current = w.class(v);
            let changes = (0..t.radix[i]).any(|class| {
                class != current
                    && t.code(t.shift(cell, i, current, class)) != base
                    && !w.infeasible(v, class, p[v])
            });
            if changes {
                ctx.found.effects.push(Effect {
                    var: v,
                    target: ti,
                    kind: EffectKind::Decides,
                });
            }
            continue;
        }
        if w.is_given(v) {
            for value in w.neighbours(v, p[v]).into_iter().flatten() {
                let code = w.probe(t, p, base_cell, v, value);
                if code != base {
                    close.push((v, value, code));
                }
            }
        } else if w.is_assumed(v) {
            let var = &compiled.vars[v];
            let current = w.class(v);
            for class in 0..ctx.prepared.vars[v].classes {
                if class == current || w.infeasible(v, class, p[v]) {
                    continue;
                }
                let value = || var.representative(class, p[v]);
                if w.probe_class(t, p, base_cell, v, (current, class), value) != base {
                    ctx.found.effects.push(Effect {
                        var: v,
                        target: ti,
                        kind: EffectKind::Decides,
                    });
                    break;
                }
            }
        }
    }
    w.give_back(eff);
    if let Some(o) = &openness {
        if !o.decided() {
            for &v in &o.blocked_by {
                let kind = if o.settles.contains(&v) {
                    EffectKind::Settles
                } else {
                    EffectKind::Narrows
                };
                ctx.found.effects.push(Effect {
                    var: v,
                    target: ti,
                    kind,
                });
            }
            ctx.found.open.push((ti, o.blocked_by.clone()));
        }
    }
    if !close.is_empty() {
        ctx.found.close_calls.push(ti);
    }
    Analysed {
        base,
        openness,
        close,
    }
}

/// The ids of some variables.
fn ids<'e>(ctx: &Ctx<'e, '_>, vars: &[usize]) -> Vec<Txt<'e>> {
    vars.iter().map(|v| b(&ctx.prepared.vars[*v].id)).collect()
}

/// The words of the assessment's language.
fn words<'e>(ctx: &Ctx<'e, '_>) -> Words<'e> {
    Words {
        compiled: ctx.engine.compiled(),
        vars: &ctx.prepared.vars,
        inputs: &ctx.texts.inputs,
        lang: ctx.lang,
    }
}

/// What the status fields of an outcome hold.
struct StatusFields<'e, T> {
    status: crate::output::Status,
    exhaustive: bool,
    decided_despite: Vec<Txt<'e>>,
    possible: Vec<T>,
    possible_text: Option<Txt<'e>>,
    blocked_by: Vec<Txt<'e>>,
}

/// The status fields from an analysis; `label(code)` names an outcome at the
/// start of a clause and after "otherwise"; `entry` builds one possible outcome.
fn status<'e, T>(
    ctx: &Ctx<'e, '_>,
    a: &Analysed,
    label: impl Fn(u16) -> (String, String),
    mut entry: impl FnMut(u16, bool, Vec<Vec<ConditionTerm<'e>>>, Txt<'e>) -> T,
) -> StatusFields<'e, T> {
    let Some(o) = &a.openness else {
        return StatusFields {
            status: crate::output::Status::Decided,
            exhaustive: true,
            decided_despite: Vec::new(),
            possible: Vec::new(),
            possible_text: None,
            blocked_by: Vec::new(),
        };
    };
    if o.decided() {
        return StatusFields {
            status: crate::output::Status::Decided,
            exhaustive: true,
            decided_despite: ids(ctx, &o.enumerated),
            possible: Vec::new(),
            possible_text: None,
            blocked_by: Vec::new(),
        };
    }
    let words = words(ctx);
    let mut parts = Vec::with_capacity(o.outcomes.len());
    let mut possible = Vec::with_capacity(o.outcomes.len());
    for (&code, boxes) in o.outcomes.iter().zip(&o.covers) {
        let terms: Vec<Vec<crate::when::Term>> =
            boxes.iter().map(|bx| words.terms(&o.dims, bx)).collect();
        let condition = words.condition(&terms);
        let (label_start, label_after) = label(code);
        let text = words.outcome_sentence(&label_start, &condition);
        parts.push(Part {
            label: label_start,
            label_after,
            condition,
            weight: terms.iter().map(Vec::len).sum::<usize>() + terms.len(),
        });
        let when = terms
            .into_iter()
            .map(|list| list.into_iter().map(|t| t.term).collect())
            .collect();
        possible.push(entry(code, code == a.base, when, Cow::Owned(text)));
    }
    StatusFields {
        status: crate::output::Status::Open,
        exhaustive: o.exhaustive,
        decided_despite: Vec::new(),
        possible,
        possible_text: Some(Cow::Owned(words.open_sentence(&parts))),
        blocked_by: ids(ctx, &o.blocked_by),
    }
}

/// Fills the status, possible outcomes and close calls of decision `d`.
pub(crate) fn decision<'e>(ctx: &mut Ctx<'e, '_>, d: usize, out: &mut DecisionAssessment<'e>) {
    let ti = d;
    let a = analyse(ctx, ti);
    let pd = &ctx.texts.decisions[d];
    let option = |code: u16| {
        pd.options
            .get(usize::from(code))
            .filter(|_| code != NOTHING)
    };
    let nothing = if ctx.lang == Lang::Nl {
        "geen advies"
    } else {
        "no recommendation"
    };
    let s = status(
        ctx,
        &a,
        |code| {
            let title = option(code).map_or(nothing.to_owned(), |o| o.title.to_string());
            (title.clone(), title)
        },
        |code, provisional, when, text| Possible {
            option: option(code).map_or(Cow::Borrowed(""), |o| b(&o.id)),
            title: option(code).map_or(Cow::Borrowed(nothing), |o| b(&o.title)),
            provisional,
            when,
            text,
        },
    );
    out.close_call = a
        .close
        .iter()
        .map(|&(v, value, code)| CloseCall {
            input: b(&ctx.prepared.vars[v].id),
            from: ctx.value(v),
            to: value_of(&ctx.prepared.vars[v], value),
            option: option(code).map_or(Cow::Borrowed(""), |o| b(&o.id)),
            title: option(code).map_or(Cow::Borrowed(nothing), |o| b(&o.title)),
        })
        .collect();
    out.provisional = s.status == crate::output::Status::Open;
    out.status = s.status;
    out.exhaustive = s.exhaustive;
    out.decided_despite = s.decided_despite;
    out.possible = s.possible;
    out.possible_text = s.possible_text;
    out.blocked_by = s.blocked_by;
}

/// A capability's verdict in words, at the start of a clause and after "otherwise".
fn verdict_label(verdict: Verdict, tool: Option<&str>, lang: Lang) -> (String, String) {
    let (word, lower) = match (verdict, lang) {
        (Verdict::Now, Lang::En) => ("Now", "now"),
        (Verdict::Later, Lang::En) => ("Later", "later"),
        (Verdict::Skip, Lang::En) => ("Skip", "skip"),
        (Verdict::Now, Lang::Nl) => ("Nu", "nu"),
        (Verdict::Later, Lang::Nl) => ("Later", "later"),
        (Verdict::Skip, Lang::Nl) => ("Overslaan", "overslaan"),
    };
    let with = if lang == Lang::Nl { "met" } else { "with" };
    match tool {
        Some(t) => (format!("{word} {with} {t}"), format!("{lower} {with} {t}")),
        None => (word.to_owned(), lower.to_owned()),
    }
}

/// Fills the status, possible verdicts and close calls of capability `c`.
pub(crate) fn capability<'e>(ctx: &mut Ctx<'e, '_>, c: usize, out: &mut CapabilityAssessment<'e>) {
    let ti = ctx.engine.compiled().decisions.len() + c;
    let a = analyse(ctx, ti);
    let tools = ctx.prepared.targets[ti].tools;
    let pc = &ctx.texts.capabilities[c];
    let lang = ctx.lang;
    let tool_ref = |t: Option<usize>| {
        t.and_then(|t| pc.tools.get(t)).map(|pt| ToolRef {
            id: b(&pt.id),
            title: b(&pt.title),
        })
    };
    let s = status(
        ctx,
        &a,
        |code| {
            let (verdict, tool) = capability_outcome(code, tools);
            let title = tool.and_then(|t| pc.tools.get(t)).map(|t| &*t.title);
            verdict_label(verdict, title, lang)
        },
        |code, provisional, when, text| {
            let (verdict, tool) = capability_outcome(code, tools);
            PossibleVerdict {
                verdict,
                tool: tool_ref(tool),
                provisional,
                when,
                text,
            }
        },
    );
    out.close_call = a
        .close
        .iter()
        .map(|&(v, value, code)| {
            let (verdict, tool) = capability_outcome(code, tools);
            VerdictCloseCall {
                input: b(&ctx.prepared.vars[v].id),
                from: ctx.value(v),
                to: value_of(&ctx.prepared.vars[v], value),
                verdict,
                tool: tool_ref(tool),
            }
        })
        .collect();
    out.provisional = s.status == crate::output::Status::Open;
    out.status = s.status;
    out.exhaustive = s.exhaustive;
    out.decided_despite = s.decided_despite;
    out.possible = s.possible;
    out.possible_text = s.possible_text;
    out.blocked_by = s.blocked_by;
}

/// The id of an outcome (a position in `Prepared::targets`).
pub(crate) fn target_id<'e>(ctx: &Ctx<'e, '_>, ti: usize) -> Txt<'e> {
    match ctx.prepared.targets[ti].kind {
        TargetKind::Decision(d) => b(&ctx.texts.decisions[d].id),
        TargetKind::Capability(c) => b(&ctx.texts.capabilities[c].id),
    }
}

/// The title of an outcome.
pub(crate) fn target_title<'e>(ctx: &Ctx<'e, '_>, ti: usize) -> &'e str {
    match ctx.prepared.targets[ti].kind {
        TargetKind::Decision(d) => &ctx.texts.decisions[d].title,
        TargetKind::Capability(c) => &ctx.texts.capabilities[c].title,
    }
}
