//! Enum-valued derived facts, and inputs whose default is a derived fact.
//!
//! An enum fact's value is that of its first case whose condition holds, else
//! `otherwise`. A condition on it (`{input: operations_capacity, in: [medium,
//! high]}`) is inlined: "the first case that holds has a value in the set"
//! ([`crate::inline::first_match`]), so predicates read only real inputs.
//!
//! `default: {from: FACT}` makes an input follow the rest of the profile when
//! the profile leaves it out. Such defaults may read each other; they are
//! ordered so that each is computed after the ones it reads, and a cycle is
//! K0403.

use std::collections::{HashMap, HashSet};

use kompas_kb::diag::suggest;
use kompas_kb::{Condition, InputType, Origin, Scalar};

use crate::compile::{
    element_origin, first_of, or_list, scalar_operands, CompiledDerived, Compiler, DerivedDefault,
};
use crate::pred::{LeafSubject, Pred};

/// Compiles the enum form of derived fact `i` (`values`, `cases`, `otherwise`).
pub(crate) fn enum_fact(c: &mut Compiler, i: usize) -> Option<CompiledDerived> {
    let kb = c.kb;
    let d = &kb.derived[i];
    let values: Vec<String> = d.values.iter().map(|v| v.id.clone()).collect();
    let mut ok = true;
    if values.is_empty() || values.len() > 64 {
        c.issue(
            "K0305",
            &d.origin.child("values"),
            format!(
                "enum fact `{}` needs between 1 and 64 `values`, not {}",
                d.id,
                values.len()
            ),
            None,
        );
        ok = false;
    }
    let mut seen = HashSet::new();
    for (vi, v) in values.iter().enumerate() {
        if !seen.insert(v.as_str()) {
            c.issue(
                "K0305",
                &d.origin.child("values").child(vi),
                format!("enum fact `{}` lists the value `{v}` twice", d.id),
                None,
            );
            ok = false;
        }
    }
    let value_index = |c: &mut Compiler, v: &str, at: &Origin| -> Option<usize> {
        let found = values.iter().position(|x| x == v);
        if found.is_none() {
            let help = suggest(v, values.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"));
            c.issue(
                "K0305",
                at,
                format!(
                    "`{v}` is not a value of enum fact `{}`; its values: {}",
                    d.id,
                    values.join(", ")
                ),
                help,
            );
        }
        found
    };
    let mut cases = Vec::new();
    let mut case_values = Vec::new();
    for case in &d.cases {
        let pred = c.condition(&case.when, &case.origin.child("when"));
        match value_index(c, &case.value, &case.origin.child("value")) {
            Some(v) => {
                cases.push(pred);
                case_values.push(v);
            }
            None => ok = false,
        }
    }
    let otherwise = match &d.otherwise {
        Some(o) => value_index(c, o, &d.origin.child("otherwise")),
        None => {
            c.issue(
                "K0305",
                &d.origin,
                format!(
                    "enum fact `{}` has no `otherwise`: the value when no case holds",
                    d.id
                ),
                Some("add `otherwise: VALUE`".into()),
            );
            None
        }
    };
    if d.cases.is_empty() {
        c.issue(
            "K0305",
            &d.origin,
            format!("enum fact `{}` has no `cases`", d.id),
            Some("add `cases: [{when: ..., value: ..., because: ...}]`".into()),
        );
        ok = false;
    }
    match (ok, otherwise) {
        (true, Some(otherwise)) => Some(CompiledDerived::Enum {
            values,
            cases,
            case_values,
            otherwise,
        }),
        _ => None,
    }
}

/// A comparison on an enum fact: `equals: VALUE` or `in: [VALUE, ...]`.
pub(crate) fn enum_comparison(
    c: &mut Compiler,
    di: usize,
    cond: &Condition,
    op: &str,
    origin: &Origin,
) -> Pred {
    let kb = c.kb;
    let name = kb.derived[di].id.as_str();
    let Some(CompiledDerived::Enum {
        values,
        cases,
        case_values,
        otherwise,
    }) = c.derived[di].clone()
    else {
        return Pred::False;
    };
    if !matches!(op, "equals" | "in") {
        c.issue(
            "K0303",
            &origin.child(op),
            format!(
                "`{op}` does not apply to `{name}`, an enum fact ({}); use equals or in",
                values.join(", ")
            ),
            None,
        );
        return Pred::False;
    }
    let op_origin = origin.child(op);
    let mut mask = vec![false; values.len()];
    for (i, g) in scalar_operands(cond).iter().enumerate() {
        let at = element_origin(&op_origin, op, i);
        match g {
            Scalar::Str(s) => match values.iter().position(|v| v == s) {
                Some(v) => mask[v] = true,
                None => {
                    let ids: Vec<&str> = values.iter().map(String::as_str).collect();
                    c.unknown_value(&at, name, s, &ids);
                }
            },
            other => c.issue(
                "K0303",
                &at,
                format!(
                    "`{name}` is one of: {}; `{other}` does not match its type",
                    values.join(", ")
                ),
                None,
            ),
        }
    }
    let branches = cases
        .into_iter()
        .zip(&case_values)
        .map(|(p, v)| (p, mask[*v]))
        .collect();
    let pred = first_of(branches, mask[otherwise]);
    let inside: Vec<&str> = values
        .iter()
        .zip(&mask)
        .filter(|(_, m)| **m)
        .map(|(v, _)| v.as_str())
        .collect();
    let outside: Vec<&str> = values
        .iter()
        .zip(&mask)
        .filter(|(_, m)| !**m)
        .map(|(v, _)| v.as_str())
        .collect();
    let text = format!("{name} is {}", or_list(&inside));
    let negated = if outside.is_empty() {
        format!("{name} has no value")
    } else {
        format!("{name} is {}", or_list(&outside))
    };
    c.named_outcome(pred, LeafSubject::Fact(di), name, text, negated, origin)
}

/// Resolves every `default: {from: FACT}` and orders them; returns the list in
/// dependency order and, per variable, its position in the list.
pub(crate) fn compile(
    c: &mut Compiler,
    var_input: &[usize],
) -> (Vec<DerivedDefault>, Vec<Option<usize>>) {
    let kb = c.kb;
    let mut found: Vec<DerivedDefault> = Vec::new();
    for (var, &ii) in var_input.iter().enumerate() {
        let input = &kb.inputs[ii];
        let Some(fact_id) = input.default.from_fact() else {
            continue;
        };
        let at = input.origin.child("default").child("from");
        let Some(&di) = c.derived_index.get(fact_id) else {
            let help = suggest(fact_id, kb.derived.iter().map(|d| d.id.as_str()))
                .map(|s| format!("did you mean `{s}`?"));
            c.issue(
                "K0313",
                &at,
                format!(
                    "the default of input `{}` is taken from `{fact_id}`, which is not a derived fact of this KB",
                    input.id
                ),
                help,
            );
            continue;
        };
        let Some(fact) = c.derived[di].clone() else {
            continue; // the fact itself is reported
        };
        let map = match (input.kind, &fact) {
            (InputType::Bool, CompiledDerived::When(_)) => vec![0, 1],
            (InputType::Enum, CompiledDerived::Enum { values, .. }) => {
                let own: Vec<&str> = input.values.iter().map(|v| v.id.as_str()).collect();
                let same =
                    own.len() == values.len() && values.iter().all(|v| own.contains(&v.as_str()));
                if !same {
                    c.issue(
                        "K0313",
                        &at,
                        format!(
                            "the default of input `{}` is taken from `{fact_id}`, whose values ({}) are not the input's values ({})",
                            input.id,
                            values.join(", "),
                            own.join(", ")
                        ),
                        Some("give the fact exactly the input's values".into()),
                    );
                    continue;
                }
                values
                    .iter()
                    .map(|v| own.iter().position(|o| o == v).unwrap_or(0) as i64)
                    .collect()
            }
            (kind, fact) => {
                let what = match fact {
                    CompiledDerived::When(_) => "a boolean fact",
                    CompiledDerived::Enum { .. } => "an enum fact",
                    CompiledDerived::SameAs(_) => "another name for an input",
                };
                let wants = match kind {
                    InputType::Bool => "a boolean fact (`when`)",
                    InputType::Enum => "an enum fact with the input's values",
                    InputType::Set | InputType::Integer => {
                        "nothing: only bool and enum inputs can take a derived default"
                    }
                };
                c.issue(
                    "K0313",
                    &at,
                    format!(
                        "the default of input `{}` is taken from `{fact_id}`, {what}; a {} input needs {wants}",
                        input.id,
                        type_name(kind)
                    ),
                    None,
                );
                continue;
            }
        };
        let mut reads = Vec::new();
        fact.for_each_var(&mut |v| reads.push(v));
        reads.sort_unstable();
        reads.dedup();
        found.push(DerivedDefault {
            var,
            fact: di,
            map,
            reads,
        });
    }
    let ordered = order(c, var_input, found);
    let mut position = vec![None; c.vars.len()];
    for (i, dd) in ordered.iter().enumerate() {
        position[dd.var] = Some(i);
    }
    (ordered, position)
}

fn type_name(kind: InputType) -> &'static str {
    match kind {
        InputType::Enum => "enum",
        InputType::Set => "set",
        InputType::Integer => "integer",
        InputType::Bool => "bool",
    }
}

/// Orders derived defaults so each comes after those it reads; reports cycles
/// (K0403) and leaves the defaults on a cycle out.
fn order(c: &mut Compiler, var_input: &[usize], found: Vec<DerivedDefault>) -> Vec<DerivedDefault> {
    let by_var: HashMap<usize, usize> = found.iter().enumerate().map(|(i, d)| (d.var, i)).collect();
    // 0 = todo, 1 = on the path, 2 = placed, 3 = on a cycle.
    let mut state = vec![0u8; found.len()];
    let mut out = Vec::new();
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    for start in 0..found.len() {
        let mut path: Vec<(usize, usize)> = Vec::new(); // (default, next read to try)
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        path.push((start, 0));
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let reads = &found[node].reads;
            if *next < reads.len() {
                let v = reads[*next];
                *next += 1;
                let Some(&dep) = by_var.get(&v) else { continue };
                match state[dep] {
                    0 => {
                        state[dep] = 1;
                        path.push((dep, 0));
                    }
                    1 => {
                        let from = path.iter().position(|(n, _)| *n == dep).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[from..].iter().map(|(n, _)| *n).collect();
                        for n in &cycle {
                            state[*n] = 3;
                        }
                        let min = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, n)| **n)
                            .map_or(0, |(i, _)| i);
                        cycle.rotate_left(min);
                        if reported.insert(cycle.clone()) {
                            let kb = c.kb;
                            let ids: Vec<&str> = cycle
                                .iter()
                                .chain(std::iter::once(&cycle[0]))
                                .map(|n| kb.inputs[var_input[found[*n].var]].id.as_str())
                                .collect();
                            let first = &kb.inputs[var_input[found[cycle[0]].var]];
                            c.issue(
                                "K0403",
                                &first.origin.child("default").child("from"),
                                format!(
                                    "the derived defaults of inputs form a cycle: {}",
                                    ids.join(" -> ")
                                ),
                                Some("a derived default must not (indirectly) read the input it is the default of".into()),
                            );
                        }
                    }
                    _ => {}
                }
            } else {
                path.pop();
                if state[node] == 1 {
                    state[node] = 2;
                    out.push(node);
                }
            }
        }
    }
    // A default that reads one on a cycle cannot be computed either.
    let placed: Vec<usize> = out
        .into_iter()
        .filter(|&n| {
            found[n]
                .reads
                .iter()
                .all(|v| by_var.get(v).is_none_or(|d| state[*d] != 3))
        })
        .collect();
    let mut found: Vec<Option<DerivedDefault>> = found.into_iter().map(Some).collect();
    placed.into_iter().filter_map(|n| found[n].take()).collect()
}
