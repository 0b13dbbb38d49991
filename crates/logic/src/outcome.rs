//! Conditions on outcomes: what another Layer 1 decision recommends
//! (`{decision: cni, is: cilium}`) or the tool a Layer 2 capability picks
//! (`{capability: distributed_tracing, tool: tempo}`), inlined as predicates
//! over base inputs.
//!
//! A decision recommends option `o` exactly when some rule choosing `o` holds
//! and no rule before it (in evaluation order) holds; a capability picks tool
//! `t` when `t`'s condition is the first that holds, or `t` is the default and
//! none holds. Both are [`crate::inline::first_match`] chains.

use kompas_kb::diag::suggest;
use kompas_kb::{Condition, Origin, Scalar};

use crate::compile::{first_of, or_list, Compiler};
use crate::pred::{LeafSubject, Pred};

/// Compiles a `decision:` or `capability:` condition node.
pub(crate) fn condition(c: &mut Compiler, cond: &Condition, origin: &Origin) -> Pred {
    let (kind, name, op_name) = match (&cond.decision, &cond.capability) {
        (Some(d), _) => ("decision", d.as_str(), "is"),
        (_, Some(cap)) => ("capability", cap.as_str(), "tool"),
        _ => return Pred::False,
    };
    let misplaced: Vec<&str> = [
        ("input", cond.input.is_some()),
        ("equals", cond.equals.is_some()),
        ("gt", cond.gt.is_some()),
        ("gte", cond.gte.is_some()),
        ("lt", cond.lt.is_some()),
        ("lte", cond.lte.is_some()),
        ("contains", cond.contains.is_some()),
        ("contains_any", cond.contains_any.is_some()),
        ("is", cond.is.is_some() && kind == "capability"),
        ("tool", cond.tool.is_some() && kind == "decision"),
    ]
    .iter()
    .filter(|(_, set)| *set)
    .map(|(k, _)| *k)
    .collect();
    let single = if kind == "decision" {
        &cond.is
    } else {
        &cond.tool
    };
    let given: Option<Vec<(String, Origin)>> = match (single, &cond.in_) {
        (Some(v), None) => Some(vec![(v.clone(), origin.child(op_name))]),
        (None, Some(list)) => Some(
            list.iter()
                .enumerate()
                .map(|(i, s)| {
                    let text = match s {
                        Scalar::Str(s) => s.clone(),
                        other => other.to_string(),
                    };
                    (text, origin.child("in").child(i))
                })
                .collect(),
        ),
        _ => None,
    };
    let (Some(given), true) = (given, misplaced.is_empty()) else {
        c.issue(
            "K0304",
            origin,
            format!(
                "a condition on {kind} `{name}` takes exactly one of `{op_name}: ID` or `in: [ID, ...]`{}",
                if misplaced.is_empty() {
                    String::new()
                } else {
                    format!(", and nothing else (found {})", misplaced.join(", "))
                }
            ),
            None,
        );
        return Pred::False;
    };
    if kind == "decision" {
        decision(c, name, &given, origin)
    } else {
        capability(c, name, &given, origin)
    }
}

/// The options (or tool choices) named, as a mask over `ids`; unknown ones are reported.
fn mask_of(
    c: &mut Compiler,
    given: &[(String, Origin)],
    ids: &[&str],
    what: &str,
    owner: &str,
) -> Vec<bool> {
    let mut mask = vec![false; ids.len()];
    for (g, at) in given {
        match ids.iter().position(|id| id == g) {
            Some(i) => mask[i] = true,
            None => {
                let help = suggest(g, ids.iter().copied()).map(|s| format!("did you mean `{s}`?"));
                c.issue(
                    "K0302",
                    at,
                    format!(
                        "`{g}` is not {what} of `{owner}`; allowed: {}",
                        ids.join(", ")
                    ),
                    help,
                );
            }
        }
    }
    mask
}

/// Reports a reference to a decision or capability the KB does not have.
fn unknown_subject<'a>(
    c: &mut Compiler,
    name: &str,
    (field, what): (&str, &str),
    known: impl Iterator<Item = &'a str>,
    origin: &Origin,
) -> Pred {
    let help = suggest(name, known).map(|s| format!("did you mean `{s}`?"));
    c.issue(
        "K0301",
        &origin.child(field),
        format!("`{name}` is not {what} of this KB"),
        help,
    );
    Pred::False
}

/// The ids a mask selects, in their order.
fn chosen<'a>(ids: &[&'a str], mask: &[bool]) -> Vec<&'a str> {
    ids.iter()
        .zip(mask)
        .filter(|(_, m)| **m)
        .map(|(i, _)| *i)
        .collect()
}

pub(crate) fn decision(
    c: &mut Compiler,
    name: &str,
    given: &[(String, Origin)],
    origin: &Origin,
) -> Pred {
    let kb = c.kb;
    let Some(&di) = c.decision_index.get(name) else {
        let known = kb.decisions.iter().map(|d| d.id.as_str());
        return unknown_subject(c, name, ("decision", "a decision"), known, origin);
    };
    let d = &kb.decisions[di];
    let ids: Vec<&str> = d.options.iter().map(|o| o.id.as_str()).collect();
    let mask = mask_of(c, given, &ids, "an option", name);
    c.ensure_decision(di, Some(origin));
    let Some(rules) = &c.decision_rules[di] else {
        return Pred::False; // a cycle, reported
    };
    let branches = rules
        .iter()
        .map(|r| (r.pred.clone(), r.option.is_some_and(|o| mask[o])))
        .collect();
    let pred = first_of(branches, false);
    let chosen = chosen(&ids, &mask);
    let text = format!("{name} is {}", or_list(&chosen));
    let negated = match chosen.as_slice() {
        [one] => format!("{name} is not {one}"),
        many => format!("{name} is none of {}", many.join(", ")),
    };
    c.named_outcome(pred, LeafSubject::Decision(di), name, text, negated, origin)
}

pub(crate) fn capability(
    c: &mut Compiler,
    name: &str,
    given: &[(String, Origin)],
    origin: &Origin,
) -> Pred {
    let kb = c.kb;
    let Some(&ci) = c.capability_index.get(name) else {
        let known = kb.capabilities.iter().map(|x| x.id.as_str());
        return unknown_subject(c, name, ("capability", "a capability"), known, origin);
    };
    let cap = &kb.capabilities[ci];
    let ids: Vec<&str> = cap.tools.iter().map(|t| t.id.as_str()).collect();
    let mask = mask_of(c, given, &ids, "a tool choice", name);
    c.ensure_tools(ci, Some(origin));
    let Some(tools) = &c.cap_tools[ci] else {
        return Pred::False; // a cycle, reported
    };
    let branches = tools
        .iter()
        .enumerate()
        .filter_map(|(t, w)| w.as_ref().map(|w| (w.clone(), mask[t])))
        .collect();
    let fallback = cap
        .tools
        .iter()
        .position(|t| t.default)
        .is_some_and(|t| mask[t]);
    let pred = first_of(branches, fallback);
    let chosen = chosen(&ids, &mask);
    let text = format!("{name} picks {}", or_list(&chosen));
    let negated = match chosen.as_slice() {
        [one] => format!("{name} does not pick {one}"),
        many => format!("{name} picks none of {}", many.join(", ")),
    };
    c.named_outcome(
        pred,
        LeafSubject::Capability(ci),
        name,
        text,
        negated,
        origin,
    )
}
