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

use kompas_kb::InputType;

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
    let vars = &cd.vars;
    let k = vars.len();
    let mut scratch = std::mem::take(&mut ctx.flips);
    let Scratch {
        cur,
        coords,
        best,
        found,
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
