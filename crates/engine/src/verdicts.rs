//! A capability's verdict and its tool pick over unknown answers, analysed
//! apart and combined.
//!
//! The verdict reads some answers and the tool pick others; enumerating the
//! completions of both together costs the product of the two (the service
//! mesh's, with every answer unknown, some two million). Instead each is
//! enumerated over its own unknown answers, and the outcomes combine: a
//! verdict other than now is an outcome as it is; "now with tool X" holds
//! where the verdict is now and the pick is X, so its condition is every
//! alternative of the one intersected with every alternative of the other
//! (the alternatives are boxes over the answers, so an intersection is a box
//! again, and the union of the intersections is exact).
//!
//! This applies when both are read from their tables and no unknown answer
//! moves a derived default of an answer left out; otherwise, or when the
//! intersections make more than [`MAX_BOXES`] alternatives, the outcome is
//! enumerated whole.

use crate::cover::CoverBox;
use crate::openness::{analyse_part, Dim, Openness, Part, MAX_BOXES};
use crate::targets::{capability_code, Target, TargetKind, NOTHING};
use crate::whatif::WhatIf;
use kompas_kb::Verdict;

/// The verdict of [`crate::targets::Table`] 0's code.
fn verdict(code: u16) -> Verdict {
    match code {
        0 => Verdict::Now,
        1 => Verdict::Later,
        _ => Verdict::Skip,
    }
}

/// The openness of capability `t` from its verdict and tool pick analysed
/// apart; `None` when they must be enumerated together (see the module docs).
pub(crate) fn split(
    w: &mut WhatIf<'_, '_>,
    t: &Target,
    p: &[i64],
    unknown: &[usize],
    budget: &mut usize,
) -> Option<Openness> {
    if !matches!(t.kind, TargetKind::Capability(_)) || !t.tabulated() {
        return None;
    }
    let mut reads: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for &u in unknown {
        let i = t.vars.binary_search(&u).ok()?;
        if w.reaches_default(t, u) {
            return None;
        }
        for (k, list) in reads.iter_mut().enumerate() {
            if t.tables[k].strides[i] != 0 {
                list.push(u);
            }
        }
    }
    let mut left = *budget;
    let verdicts = analyse_part(w, t, p, &reads[0], &mut left, Part::Table(0));
    let tools = t.tools;
    let now = 0u16;
    if !verdicts.outcomes.contains(&now) {
        *budget = left;
        let outcomes = verdicts
            .outcomes
            .iter()
            .map(|&v| capability_code(verdict(v), None, tools))
            .collect();
        return Some(Openness {
            outcomes,
            enumerated: unknown.to_vec(),
            ..verdicts
        });
    }
    let picks = analyse_part(w, t, p, &reads[1], &mut left, Part::Table(1));
    let dims = merge(&verdicts.dims, &picks.dims);
    let embed = |o: &Openness| -> Vec<Vec<CoverBox>> {
        if o.covers.is_empty() {
            // Decided: one alternative that holds whatever the answers are.
            return o.outcomes.iter().map(|_| vec![everything(&dims)]).collect();
        }
        o.covers
            .iter()
            .map(|boxes| boxes.iter().map(|b| widen(&dims, &o.dims, b)).collect())
            .collect()
    };
    let verdict_covers = embed(&verdicts);
    let pick_covers = embed(&picks);
    let mut outcomes = Vec::new();
    let mut covers = Vec::new();
    for (&v, boxes) in verdicts.outcomes.iter().zip(&verdict_covers) {
        if v != now {
            outcomes.push(capability_code(verdict(v), None, tools));
            covers.push(boxes.clone());
            continue;
        }
        for (&tool, pick_boxes) in picks.outcomes.iter().zip(&pick_covers) {
            let mut both = Vec::new();
            for a in boxes {
                for b in pick_boxes {
                    if let Some(x) = intersect(w, &dims, a, b) {
                        both.push(x);
                    }
                }
            }
            if !both.is_empty() {
                let tool = (tool != NOTHING).then_some(usize::from(tool));
                outcomes.push(capability_code(Verdict::Now, tool, tools));
                covers.push(both);
            }
        }
    }
    if covers.iter().map(Vec::len).sum::<usize>() > MAX_BOXES {
        return None;
    }
    *budget = left;
    // Codes sort as the verdict, then the tool: the order of the outcomes.
    let mut order: Vec<usize> = (0..outcomes.len()).collect();
    order.sort_by_key(|&i| outcomes[i]);
    let outcomes: Vec<u16> = order.iter().map(|&i| outcomes[i]).collect();
    let covers: Vec<Vec<CoverBox>> = order.iter().map(|&i| covers[i].clone()).collect();
    let exhaustive = verdicts.exhaustive && picks.exhaustive;
    let mut blocked_by = verdicts.blocked_by.clone();
    blocked_by.extend(&picks.blocked_by);
    blocked_by.sort_unstable();
    blocked_by.dedup();
    // An answer decides the outcome when it decides both the verdict (or the
    // verdict is always now) and the pick (or the pick is always the same).
    let decides = |o: &Openness, u: usize| o.outcomes.len() == 1 || o.settles.contains(&u);
    let settles = if exhaustive {
        unknown
            .iter()
            .copied()
            .filter(|&u| decides(&verdicts, u) && decides(&picks, u))
            .filter(|&u| verdicts.settles.contains(&u) || picks.settles.contains(&u))
            .collect()
    } else {
        Vec::new()
    };
    if exhaustive && outcomes.len() == 1 {
        return Some(Openness {
            outcomes,
            exhaustive,
            enumerated: unknown.to_vec(),
            blocked_by: Vec::new(),
            settles: Vec::new(),
            dims: Vec::new(),
            covers: Vec::new(),
        });
    }
    Some(Openness {
        outcomes,
        exhaustive,
        enumerated: unknown.to_vec(),
        blocked_by,
        settles,
        dims,
        covers,
    })
}

/// The dimensions of both, in the order of the inputs (a set's members
/// highest first, as they are split).
fn merge(a: &[Dim], b: &[Dim]) -> Vec<Dim> {
    let mut out: Vec<Dim> = a.iter().chain(b).copied().collect();
    out.sort_by_key(|d| (d.var, std::cmp::Reverse(d.member)));
    out.dedup();
    out
}

/// A box that allows every value.
fn everything(dims: &[Dim]) -> CoverBox {
    dims.iter().map(|d| vec![true; d.radix]).collect()
}

/// A box over `own` as a box over `dims` (a dimension it lacks allows every value).
fn widen(dims: &[Dim], own: &[Dim], b: &CoverBox) -> CoverBox {
    dims.iter()
        .map(|d| match own.iter().position(|o| o == d) {
            Some(i) => b[i].clone(),
            None => vec![true; d.radix],
        })
        .collect()
}

/// The cells in both boxes, as a box; `None` when no profile is there (a
/// dimension allows nothing, or only an exclusive member's "yes").
fn intersect(w: &WhatIf<'_, '_>, dims: &[Dim], a: &CoverBox, b: &CoverBox) -> Option<CoverBox> {
    let mut out = Vec::with_capacity(dims.len());
    for ((d, x), y) in dims.iter().zip(a).zip(b) {
        let both: Vec<bool> = x.iter().zip(y).map(|(x, y)| *x && *y).collect();
        let exclusive = d
            .member
            .is_some_and(|m| w.prepared.vars[d.var].exclusive & (1 << m) != 0);
        if !both.iter().any(|x| *x) || (exclusive && !both[0]) {
            return None;
        }
        out.push(both);
    }
    Some(out)
}
