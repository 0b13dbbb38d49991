//! Flips: for each other option of a decision, the smallest change of answers
//! that makes it the recommendation.
//!
//! Exact, from the decision table: every cell of the decision's class space
//! (one class per variable it reads) has a deciding rule. The profile sits in
//! one cell; a flip to option X is a cell decided for X at the smallest Hamming
//! distance (number of inputs whose class changes). Ties go to the change
//! nearest the current values (the sum of class steps; for sets the number of
//! members added or removed), then to the rule that comes first (priority, then
//! KB order: the reason the KB names first), then to the lowest cell number, so
//! flips are deterministic. Cells no normalised profile can reach (an exclusive set
//! member such as `none`) are skipped.
//!
//! The scan walks the cells in order with an odometer and keeps the distance
//! up to date incrementally, so it costs one table read per cell.
//!
//! When the decision reads an input the profile left out whose default is a
//! derived fact, that input follows other answers, and changing those answers
//! can flip the decision too. Then the scan runs over the *effective* inputs
//! (the inputs read plus the inputs of those derived defaults, recursively):
//! per cell the derived defaults are recomputed, and a left-out input counts as
//! changed only where its class differs from what it would derive to, so the
//! distance is still the number of answers to change. That scan is bounded by
//! `MAX_TABLE` cells; beyond it the derived defaults count as fixed answers.

use kompas_kb::InputType;
use kompas_logic::MAX_TABLE;

use crate::assess::{value_of, Ctx};
use crate::output::{Change, Flip};
use crate::prepared::NO_OPTION;
use std::borrow::Cow;

use crate::text::{b, Txt};

/// The best cell found for an option.
#[derive(Debug, Clone, Copy)]
struct Best {
    distance: usize,
    nearness: u64,
    cell: usize,
    rule: usize,
}

/// Buffers the flips of one assessment reuse from decision to decision, so a
/// decision's flips allocate only their output.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The profile's class per variable of the decision.
    cur: Vec<usize>,
    /// The odometer: the class per variable of the cell being read.
    coords: Vec<usize>,
    /// Per option.
    best: Vec<Option<Best>>,
    /// The winners, in output order.
    found: Vec<(usize, Best)>,
    /// Effective-input scan: the variables, their classes, the profile being built.
    eff: Vec<usize>,
    radix: Vec<usize>,
    left: Vec<bool>,
    dstride: Vec<usize>,
    reference: Vec<usize>,
    q: Vec<i64>,
}

/// The flips of decision `d` for the profile in `ctx`, whose deciding rule is `winner`.
pub(crate) fn flips<'e>(ctx: &mut Ctx<'e, '_>, d: usize, winner: Option<usize>) -> Vec<Flip<'e>> {
    let compiled = ctx.engine.compiled();
    let cd = &compiled.decisions[d];
    let space = &ctx.prepared.spaces[d];
    let pd: &'e crate::prepared::PDecision = &ctx.texts.decisions[d];
    if cd.table.is_empty() {
        return Vec::new(); // too large to tabulate; `kompas check` says so
    }
    let current_option = winner.and_then(|w| cd.rules[w].option);
    let left_out = |v: usize| !ctx.profile.is_given(v) && compiled.derived_default(v).is_some();
    if cd.vars.iter().any(|&v| left_out(v)) {
        if let Some(flips) = effective_flips(ctx, d, current_option) {
            return flips;
        }
    }
    let vars = &cd.vars;
    let k = vars.len();
    let mut scratch = std::mem::take(&mut ctx.flips);
    let Scratch {
        cur,
        coords,
        best,
        found,
        ..
    } = &mut scratch;
    cur.clear();
    cur.extend(vars.iter().map(|v| compiled.vars[*v].class_of(ctx.p[*v])));
    let nearness = |coords: &[usize]| -> u64 {
        (0..k)
            .map(|i| {
                if space.is_set[i] {
                    u64::from((coords[i] ^ cur[i]).count_ones())
                } else {
                    coords[i].abs_diff(cur[i]) as u64
                }
            })
            .sum()
    };

    best.clear();
    best.resize(pd.options.len(), None);
    coords.clear();
    coords.resize(k, 0);
    // Kept up to date as the odometer turns, so a cell costs O(1); the
    // nearness is only needed to break ties.
    let mut distance = cur.iter().filter(|c| **c != 0).count();
    for (cell, &option) in space.options.iter().enumerate() {
        let o = usize::from(option);
        if option != NO_OPTION && Some(o) != current_option {
            let rule = usize::from(cd.table[cell]);
            let better = match &best[o] {
                None => true,
                Some(x) if distance < x.distance => true,
                Some(x) if distance == x.distance => {
                    (nearness(coords), rule) < (x.nearness, x.rule)
                }
                Some(_) => false,
            };
            if better {
                best[o] = Some(Best {
                    distance,
                    nearness: nearness(coords),
                    cell,
                    rule,
                });
            }
        }
        // Odometer: last variable fastest, as `Space` numbers the cells.
        for i in (0..k).rev() {
            let old = coords[i];
            let new = if old + 1 < space.radix[i] { old + 1 } else { 0 };
            distance = distance + usize::from(new != cur[i]) - usize::from(old != cur[i]);
            coords[i] = new;
            if new != 0 {
                break;
            }
        }
    }

    found.clear();
    found.extend(
        best.iter()
            .enumerate()
            .filter_map(|(o, best)| best.map(|best| (o, best))),
    );
    found.sort_by_key(|(o, best)| (best.distance, best.nearness, *o));
    let flips = found
        .iter()
        .map(|&(o, best)| {
            // The target's classes, into `coords` (mixed radix, first variable slowest).
            let mut cell = best.cell;
            for i in (0..k).rev() {
                coords[i] = cell % space.radix[i];
                cell /= space.radix[i];
            }
            let mut changes = Vec::with_capacity(best.distance);
            changes.extend(
                (0..k)
                    .filter(|i| coords[*i] != cur[*i])
                    .map(|i| change(ctx, vars[i], coords[i])),
            );
            Flip {
                option: b(&pd.options[o].id),
                title: b(&pd.options[o].title),
                rule: b(&pd.rules[best.rule].id),
                distance: best.distance,
                changes,
            }
        })
        .collect();
    ctx.flips = scratch;
    flips
}

/// The flips over the effective inputs (see the module docs); `None` when
/// their classes are too many to enumerate.
fn effective_flips<'e>(
    ctx: &mut Ctx<'e, '_>,
    d: usize,
    current_option: Option<usize>,
) -> Option<Vec<Flip<'e>>> {
    let compiled = ctx.engine.compiled();
    let cd = &compiled.decisions[d];
    let space = &ctx.prepared.spaces[d];
    let pd: &'e crate::prepared::PDecision = &ctx.texts.decisions[d];
    let profile = ctx.profile;
    let left_out = |v: usize| !profile.is_given(v) && compiled.derived_default(v).is_some();
    let mut scratch = std::mem::take(&mut ctx.flips);
    let Scratch {
        cur,
        coords,
        best,
        found,
        eff,
        radix,
        left,
        dstride,
        reference,
        q,
    } = &mut scratch;

    // The effective inputs: closed over the facts of left-out derived defaults.
    eff.clear();
    eff.extend_from_slice(&cd.vars);
    let mut i = 0;
    while i < eff.len() {
        let v = eff[i];
        if left_out(v) {
            if let Some(dd) = compiled.derived_default(v) {
                for &r in &dd.reads {
                    if !eff.contains(&r) {
                        eff.push(r);
                    }
                }
            }
        }
        i += 1;
    }
    eff.sort_unstable();
    let k = eff.len();
    radix.clear();
    radix.extend(eff.iter().map(|v| compiled.vars[*v].class_count()));
    let size = radix
        .iter()
        .try_fold(1usize, |acc, r| acc.checked_mul(*r))
        .filter(|n| *n <= MAX_TABLE);
    let Some(size) = size else {
        ctx.flips = scratch;
        return None;
    };
    left.clear();
    left.extend(eff.iter().map(|v| left_out(*v)));
    // Where each effective input sits in the decision's own table.
    dstride.clear();
    for v in eff.iter() {
        dstride.push(match cd.vars.iter().position(|x| x == v) {
            Some(j) => space.radix[j + 1..].iter().product(),
            None => 0,
        });
    }
    cur.clear();
    cur.extend(eff.iter().map(|v| compiled.vars[*v].class_of(ctx.p[*v])));
    q.clear();
    q.extend_from_slice(ctx.p);
    coords.clear();
    coords.resize(k, 0);
    for &v in eff.iter() {
        q[v] = compiled.vars[v].representative(0, ctx.p[v]);
    }
    reference.clear();
    reference.resize(k, 0);
    best.clear();
    best.resize(pd.options.len(), None);
    let exclusive = |v: usize| ctx.prepared.vars[v].exclusive as i64;
    let is_set = |v: usize| ctx.prepared.vars[v].kind == InputType::Set;

    // The class each left-out input would derive to, for the profile in `q`.
    let derive = |q: &[i64], reference: &mut [usize], eff: &[usize], left: &[bool]| {
        for dd in &compiled.derived_defaults {
            let Ok(i) = eff.binary_search(&dd.var) else {
                continue;
            };
            if !left[i] {
                continue;
            }
            if let Some(Some(fact)) = compiled.derived.get(dd.fact) {
                let value = dd
                    .map
                    .get(fact.value(q) as usize)
                    .copied()
                    .unwrap_or(q[dd.var]);
                reference[i] = compiled.vars[dd.var].class_of(value);
            }
        }
    };
    for cell in 0..size {
        derive(q, reference, eff, left);
        let feasible = eff.iter().all(|&v| !is_set(v) || q[v] & exclusive(v) == 0);
        let dcell: usize = coords.iter().zip(dstride.iter()).map(|(c, s)| c * s).sum();
        let option = space.options.get(dcell).copied().unwrap_or(NO_OPTION);
        let o = usize::from(option);
        if feasible && option != NO_OPTION && Some(o) != current_option {
            let mut distance = 0;
            let mut nearness = 0u64;
            for i in 0..k {
                let r = if left[i] { reference[i] } else { cur[i] };
                distance += usize::from(coords[i] != r);
                nearness += if is_set(eff[i]) {
                    u64::from((coords[i] ^ r).count_ones())
                } else {
                    coords[i].abs_diff(r) as u64
                };
            }
            let rule = usize::from(cd.table[dcell]);
            let better = match &best[o] {
                None => true,
                Some(x) => (distance, nearness, rule) < (x.distance, x.nearness, x.rule),
            };
            if better {
                best[o] = Some(Best {
                    distance,
                    nearness,
                    cell,
                    rule,
                });
            }
        }
        // Odometer: last variable fastest.
        for i in (0..k).rev() {
            let v = eff[i];
            coords[i] = if coords[i] + 1 < radix[i] {
                coords[i] + 1
            } else {
                0
            };
            q[v] = compiled.vars[v].representative(coords[i], ctx.p[v]);
            if coords[i] != 0 {
                break;
            }
        }
    }

    found.clear();
    found.extend(
        best.iter()
            .enumerate()
            .filter_map(|(o, best)| best.map(|best| (o, best))),
    );
    found.sort_by_key(|(o, best)| (best.distance, best.nearness, *o));
    let targets: Vec<(usize, Best)> = found.clone();
    let eff_vars = eff.clone();
    let left_copy = left.clone();
    let radix_copy = radix.clone();
    let mut target_coords = vec![0usize; k];
    let mut target_ref = vec![0usize; k];
    let mut target_q = ctx.p.to_vec();
    ctx.flips = scratch;
    let flips = targets
        .iter()
        .map(|&(o, best)| {
            let mut cell = best.cell;
            for i in (0..k).rev() {
                target_coords[i] = cell % radix_copy[i];
                cell /= radix_copy[i];
                target_q[eff_vars[i]] =
                    compiled.vars[eff_vars[i]].representative(target_coords[i], ctx.p[eff_vars[i]]);
            }
            derive(&target_q, &mut target_ref, &eff_vars, &left_copy);
            let mut changes = Vec::with_capacity(best.distance);
            for i in 0..k {
                let r = if left_copy[i] {
                    target_ref[i]
                } else {
                    compiled.vars[eff_vars[i]].class_of(ctx.p[eff_vars[i]])
                };
                if target_coords[i] != r {
                    changes.push(change(ctx, eff_vars[i], target_coords[i]));
                }
            }
            Flip {
                option: b(&pd.options[o].id),
                title: b(&pd.options[o].title),
                rule: b(&pd.rules[best.rule].id),
                distance: best.distance,
                changes,
            }
        })
        .collect();
    Some(flips)
}

/// The change of variable `var` into class `class`, with the value nearest the current one.
fn change<'e>(ctx: &Ctx<'e, '_>, var: usize, class: usize) -> Change<'e> {
    let compiled = ctx.engine.compiled();
    let v = &compiled.vars[var];
    let pv: &'e crate::prepared::PVar = &ctx.prepared.vars[var];
    let current = ctx.p[var];
    let (to, to_text): (i64, Txt<'e>) = match pv.kind {
        InputType::Integer => {
            let (lo, hi) = pv.int_classes[class];
            (current.clamp(lo, hi), b(&pv.class_text[class]))
        }
        InputType::Set => {
            let to = v.representative(class, current);
            (to, Cow::Owned(set_change_text(pv, current, to)))
        }
        InputType::Enum | InputType::Bool => {
            (v.representative(class, current), b(&pv.class_text[class]))
        }
    };
    Change {
        input: b(&pv.id),
        from: ctx.value(var),
        to: value_of(pv, to),
        to_text,
    }
}

/// A set change in words: `includes PCI-DSS`, `does not include GDPR`.
fn set_change_text(pv: &crate::prepared::PVar, from: i64, to: i64) -> String {
    let names = |mask: i64| -> Vec<&str> {
        pv.values
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < 63 && mask & (1 << i) != 0)
            .map(|(_, s)| &**s)
            .collect()
    };
    let added = names(to & !from);
    let removed = names(from & !to);
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("includes {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("does not include {}", removed.join(", ")));
    }
    if parts.is_empty() {
        "unchanged".into()
    } else {
        parts.join("; ")
    }
}
