//! Consistency rules, compiled to the condition under which they are broken.
//!
//! A pick (`{decision: X, option: Y}`, `{capability: C, tool: T}`) compiles
//! like the condition `{decision: X, is: Y}` / `{capability: C, tool: T}`, so
//! the violation reads base inputs only: `excludes` is broken when every pick
//! holds, `requires` when `if` holds and `then` does not.

use kompas_kb::{Origin, Pick};

use crate::compile::{CompiledConsistency, Compiler};
use crate::inline::{and, not};
use crate::pred::Pred;

/// Compiles every consistency rule of the KB that is well formed.
pub(crate) fn compile(c: &mut Compiler) -> Vec<CompiledConsistency> {
    let kb = c.kb;
    let mut out = Vec::new();
    for (index, rule) in kb.consistency.iter().enumerate() {
        let violation = match (rule.excludes.is_empty(), &rule.requires) {
            (false, None) if rule.excludes.len() >= 2 => {
                let mut acc = Pred::True;
                for (i, p) in rule.excludes.iter().enumerate() {
                    let at = rule.origin.child("excludes").child(i);
                    let Some(pred) = pick(c, p, &at) else {
                        acc = Pred::False;
                        continue;
                    };
                    acc = and(acc, pred);
                }
                acc
            }
            (true, Some(req)) => {
                let at = rule.origin.child("requires");
                match (
                    pick(c, &req.if_, &at.child("if")),
                    pick(c, &req.then, &at.child("then")),
                ) {
                    (Some(a), Some(b)) => and(a, not(b)),
                    _ => Pred::False,
                }
            }
            _ => {
                c.issue(
                    "K1003",
                    &rule.origin,
                    format!(
                        "consistency rule `{}` needs exactly one of `excludes` (at least two picks that must never all be made) and `requires` (`if` one pick, `then` another)",
                        rule.id
                    ),
                    None,
                );
                continue;
            }
        };
        let mut vars = Vec::new();
        violation.for_each_var(&mut |v| vars.push(v));
        vars.sort_unstable();
        vars.dedup();
        out.push(CompiledConsistency {
            index,
            violation,
            vars,
        });
    }
    out
}

/// A pick as a condition; `None` (reported) when it is malformed.
fn pick(c: &mut Compiler, p: &Pick, at: &Origin) -> Option<Pred> {
    let (owner, single, list, single_key, list_key) = match (&p.decision, &p.capability) {
        (Some(_), None) => (true, &p.option, &p.options, "option", "options"),
        (None, Some(_)) => (false, &p.tool, &p.tools, "tool", "tools"),
        _ => {
            c.issue(
                "K1003",
                at,
                "a pick names exactly one of `decision` (with `option` or `options`) and `capability` (with `tool` or `tools`)".into(),
                None,
            );
            return None;
        }
    };
    let wrong = if owner {
        p.tool.is_some() || !p.tools.is_empty()
    } else {
        p.option.is_some() || !p.options.is_empty()
    };
    if wrong || (single.is_none() && list.is_empty()) || (single.is_some() && !list.is_empty()) {
        c.issue(
            "K1003",
            at,
            format!(
                "a pick of a {} names exactly one of `{single_key}: ID` or `{list_key}: [ID, ...]`",
                if owner { "decision" } else { "capability" }
            ),
            None,
        );
        return None;
    }
    let places: Vec<(String, Origin)> = match single {
        Some(id) => vec![(id.clone(), at.child(single_key))],
        None => list
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), at.child(list_key).child(i)))
            .collect(),
    };
    Some(match (&p.decision, &p.capability) {
        (Some(d), _) => crate::outcome::decision(c, d, &places, at),
        (_, Some(cap)) => crate::outcome::capability(c, cap, &places, at),
        _ => Pred::False,
    })
}
