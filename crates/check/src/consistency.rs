//! Consistency rules (K1001, K1002): each is proven over every profile.
//!
//! A rule compiles to the condition under which it is broken, over base inputs
//! (picks inline the decisions' rules and the capabilities' tool conditions).
//! Its variables' classes span every profile it can see, so enumerating the
//! cells proves it, or finds a witness profile that breaks it. Every cell is
//! reachable by a profile that gives every input, so inputs with derived
//! defaults need no separate treatment. A rule whose cells are too many to
//! enumerate is reported as unproven.

use kompas_kb::{ConsistencyRule, Pick, Severity};
use kompas_logic::{Compiled, Space, MAX_PROOF_CELLS};
use serde_json::json;

use crate::analysis::witness;
use crate::ctx::{Ctx, WithDataMut};
use crate::influence::exclusive_masks;

/// What the consistency check proved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// Rules in the KB.
    pub rules: usize,
    /// Rules that hold for every profile.
    pub proven: usize,
}

/// Proves every compiled consistency rule.
pub(crate) fn check(ctx: &mut Ctx) -> Outcome {
    let mut outcome = Outcome {
        rules: ctx.kb.consistency.len(),
        proven: 0,
    };
    let broken_compile = !ctx.compiled.issues.is_empty();
    let exclusive = exclusive_masks(ctx.kb, ctx.compiled);
    for k in &ctx.compiled.consistency {
        let rule = &ctx.kb.consistency[k.index];
        if broken_compile {
            continue; // a broken predicate proves nothing
        }
        let space = Space::new(&ctx.compiled.vars, &k.vars);
        if space.size() > MAX_PROOF_CELLS {
            unproven(ctx, rule, &space);
            continue;
        }
        let mut violations = 0usize;
        let mut first = None;
        let mut profile = ctx.compiled.defaults.clone();
        space.for_each_cell(&mut profile, |p, cell| {
            let feasible = k.vars.iter().all(|&v| p[v] & exclusive[v] == 0);
            if feasible && k.violation.eval(p) {
                violations += 1;
                first.get_or_insert(cell);
            }
        });
        match first {
            None => outcome.proven += 1,
            Some(cell) => violated(ctx, rule, &space, cell, violations),
        }
    }
    outcome
}

fn unproven(ctx: &mut Ctx, rule: &ConsistencyRule, space: &Space) {
    let compiled = ctx.compiled;
    let sizes: Vec<String> = space
        .vars
        .iter()
        .zip(space.radix())
        .map(|(v, r)| format!("{} ({r})", compiled.vars[*v].id))
        .collect();
    ctx.emit(
        "K1002",
        Severity::Warning,
        &rule.origin.child("id"),
        format!(
            "consistency rule `{}` is unproven: the picks it names read {} inputs whose classes multiply to more than {MAX_PROOF_CELLS} profiles",
            rule.id,
            space.vars.len()
        ),
    )
    .help = Some(format!(
        "classes per input: {}; the engine still reports a violation when it meets one",
        sizes.join(", ")
    ));
}

fn violated(ctx: &mut Ctx, rule: &ConsistencyRule, space: &Space, cell: usize, count: usize) {
    let compiled = ctx.compiled;
    let witness = witness(ctx, space, cell);
    let picks = picks_in(ctx, rule, compiled, &witness.profile);
    let what = if rule.requires.is_some() {
        "a pick without the pick it requires"
    } else {
        "picks that exclude each other"
    };
    ctx.emit(
        "K1001",
        Severity::Error,
        &rule.origin.child("id"),
        format!(
            "consistency rule `{}` is broken for {count} of {} profile classes ({what}), e.g. for {}: {}",
            rule.id,
            space.size(),
            witness.text,
            picks.join("; ")
        ),
    )
    .with_data_mut(json!({
        "rule": rule.id,
        "witness": witness.values,
        "classes": witness.classes,
        "picks": picks,
        "violating_classes": count,
        "total_classes": space.size(),
    }))
    .help = Some(
        "make the picks agree: condition the Layer 2 tool or the decision on the other (`{decision: X, is: Y}`), or narrow the rule"
            .into(),
    );
}

/// What each decision and capability of the rule picks for a profile, in words.
fn picks_in(ctx: &Ctx, rule: &ConsistencyRule, compiled: &Compiled, p: &[i64]) -> Vec<String> {
    let kb = ctx.kb;
    let mut named: Vec<&Pick> = rule.excludes.iter().collect();
    if let Some(r) = &rule.requires {
        named.push(&r.if_);
        named.push(&r.then);
    }
    let mut out = Vec::new();
    for pick in named {
        let line = if let Some(d) = &pick.decision {
            let Some(di) = kb.decisions.iter().position(|x| &x.id == d) else {
                continue;
            };
            let cd = &compiled.decisions[di];
            let option = cd
                .decide(p)
                .and_then(|r| cd.rules[r].option)
                .map_or("nothing", |o| kb.decisions[di].options[o].id.as_str());
            format!("decision `{d}` recommends `{option}`")
        } else if let Some(c) = &pick.capability {
            let Some(ci) = kb.capabilities.iter().position(|x| &x.id == c) else {
                continue;
            };
            let tool = compiled.capabilities[ci]
                .tool_pick(p)
                .map_or("nothing", |t| kb.capabilities[ci].tools[t].id.as_str());
            format!("capability `{c}` picks `{tool}`")
        } else {
            continue;
        };
        if !out.contains(&line) {
            out.push(line);
        }
    }
    out
}
