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
//! distance is still the number of answers to change. Those cells are visited
//! nearest first (by the number of given answers changed, every class of the
//! left-out answers at each radius), and the search stops at the radius where
//! every option some cell recommends has been found: flips are near, so a
//! few hundred of the up to `MAX_TABLE` cells are read. Beyond `MAX_TABLE`
//! cells the derived defaults count as fixed answers.
//!
//! A search's result at class level is kept in the engine's flips memo
//! ([`crate::flip_memo`]), so each cell is searched once per KB; only the
//! rendering (values, texts, language) runs per assessment.

use kompas_kb::InputType;
use kompas_logic::MAX_TABLE;

use crate::assess::{value_of, Ctx};
use crate::flip_memo::ClassFlip;
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
    /// Effective-input scan: the variables and their classes.
    eff: Vec<usize>,
    radix: Vec<usize>,
    /// Per effective input: left out with a derived default?
    left: Vec<bool>,
    /// Per effective input: its stride in the decision's own table (0: not read).
    dstride: Vec<usize>,
    /// Per effective input: the class that counts as unchanged in the cell.
    reference: Vec<usize>,
    /// Per left-out input: (position, derived default, terms from, terms to).
    spans: Vec<(usize, usize, usize, usize)>,
    /// The (position, stride) of each variable a derived default's table reads.
    terms: Vec<(usize, usize)>,
    /// Classes no normalised profile has: (position, class).
    blocked: Vec<(usize, usize)>,
    /// Per effective input that is a set: where its classes' representatives
    /// start in `reps` (near the profile's answer, so members count as steps).
    rep_at: Vec<usize>,
    reps: Vec<i64>,
    /// Nearest-first search: the positions of the given and the left-out
    /// inputs, the given ones changed at this radius (indices into `given`),
    /// and the positions the odometer turns.
    given: Vec<usize>,
    lefts: Vec<usize>,
    chosen: Vec<usize>,
    free: Vec<usize>,
}

/// The flips of decision `d` for the profile in `ctx`, whose deciding rule is
/// `winner`: read from the engine's [`crate::flip_memo::FlipMemo`] when a profile in the same
/// cell was assessed before, searched (and kept) otherwise.
pub(crate) fn flips<'e>(ctx: &mut Ctx<'e, '_>, d: usize, winner: Option<usize>) -> Vec<Flip<'e>> {
    let engine: &'e crate::Engine = ctx.engine;
    let memo = engine.flip_memo();
    let key = memo.key(engine.compiled(), ctx.prepared, ctx.profile, d, winner);
    if let Some(hit) = key.as_ref().and_then(|key| memo.get(d, key)) {
        return render(ctx, d, &hit);
    }
    let found = search(ctx, d, winner);
    let flips = render(ctx, d, &found);
    if let Some(key) = key {
        memo.put(d, key, found.into());
    }
    flips
}

/// The flips of `found` in words and values, for the profile in `ctx`.
fn render<'e>(ctx: &Ctx<'e, '_>, d: usize, found: &[ClassFlip]) -> Vec<Flip<'e>> {
    let pd: &'e crate::prepared::PDecision = &ctx.texts.decisions[d];
    found
        .iter()
        .map(|f| {
            let mut changes = Vec::with_capacity(f.changes.len());
            changes.extend(f.changes.iter().map(|&(v, class)| change(ctx, v, class)));
            Flip {
                option: b(&pd.options[f.option].id),
                title: b(&pd.options[f.option].title),
                rule: b(&pd.rules[f.rule].id),
                distance: f.distance,
                changes,
            }
        })
        .collect()
}

/// Searches the flips of decision `d` for the profile in `ctx`, at class level.
fn search(ctx: &mut Ctx<'_, '_>, d: usize, winner: Option<usize>) -> Vec<ClassFlip> {
    let compiled = ctx.engine.compiled();
    let cd = &compiled.decisions[d];
    let space = &ctx.prepared.spaces[d];
    let options = space_options(ctx.prepared, d);
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
    let p = ctx.p;
    let nearness = |coords: &[usize]| -> u64 {
        (0..k)
            .map(|i| {
                if space.is_set[i] {
                    let v = vars[i];
                    set_steps(&compiled.vars[v], cur[i], coords[i], p[v])
                } else {
                    coords[i].abs_diff(cur[i]) as u64
                }
            })
            .sum()
    };

    best.clear();
    best.resize(options, None);
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
            ClassFlip {
                option: o,
                rule: best.rule,
                distance: best.distance,
                changes: (0..k)
                    .filter(|i| coords[*i] != cur[*i])
                    .map(|i| (vars[i], coords[i]))
                    .collect(),
            }
        })
        .collect();
    ctx.flips = scratch;
    flips
}

/// The flips over the effective inputs (see the module docs); `None` when
/// their classes are too many to enumerate. A left-out input's derived class
/// per cell comes from its table ([`crate::prepared::DerivedTable`]), so a
/// cell costs a few table reads, no predicate evaluation.
fn effective_flips(
    ctx: &mut Ctx<'_, '_>,
    d: usize,
    current_option: Option<usize>,
) -> Option<Vec<ClassFlip>> {
    let compiled = ctx.engine.compiled();
    let prepared = ctx.prepared;
    let profile = ctx.profile;
    let p = ctx.p;
    let left_out = |v: usize| !profile.is_given(v) && compiled.derived_default(v).is_some();
    let mut scratch = std::mem::take(&mut ctx.flips);
    let result = scan_effective(
        &mut scratch,
        compiled,
        prepared,
        d,
        p,
        &left_out,
        current_option,
    );
    let Some(()) = result else {
        ctx.flips = scratch;
        return None;
    };
    let Scratch {
        found,
        eff,
        radix,
        left,
        terms,
        spans,
        ..
    } = &scratch;
    let k = eff.len();
    let mut target = vec![0usize; k];
    let mut flips = Vec::with_capacity(found.len());
    for &(o, best) in found.iter() {
        let mut cell = best.cell;
        for i in (0..k).rev() {
            target[i] = cell % radix[i];
            cell /= radix[i];
        }
        let mut changes = Vec::new();
        for i in 0..k {
            let reference = if left[i] {
                derived_class(prepared, spans, terms, &target, i)
            } else {
                compiled.vars[eff[i]].class_of(p[eff[i]])
            };
            if target[i] != reference {
                changes.push((eff[i], target[i]));
            }
        }
        flips.push(ClassFlip {
            option: o,
            rule: best.rule,
            distance: best.distance,
            changes,
        });
    }
    ctx.flips = scratch;
    Some(flips)
}

/// The class a left-out input at position `i` of the effective inputs derives
/// to in the cell whose classes are `coords`.
fn derived_class(
    prepared: &crate::prepared::Prepared,
    spans: &[(usize, usize, usize, usize)],
    terms: &[(usize, usize)],
    coords: &[usize],
    i: usize,
) -> usize {
    spans
        .iter()
        .find(|s| s.0 == i)
        .and_then(|&(_, dd, from, to)| {
            let table = prepared.derived_tables.get(dd)?.as_ref()?;
            let index: usize = terms[from..to]
                .iter()
                .map(|(pos, stride)| coords[*pos] * stride)
                .sum();
            table.class.get(index).map(|c| usize::from(*c))
        })
        .unwrap_or(coords[i])
}

/// Scans the cells of the effective inputs of decision `d`, leaving the best
/// cell per option in `scratch.found` (sorted for output). `None` when the
/// cells are too many or a derived default has no table.
#[allow(clippy::too_many_arguments)]
fn scan_effective(
    scratch: &mut Scratch,
    compiled: &kompas_logic::Compiled,
    prepared: &crate::prepared::Prepared,
    d: usize,
    p: &[i64],
    left_out: &dyn Fn(usize) -> bool,
    current_option: Option<usize>,
) -> Option<()> {
    let cd = &compiled.decisions[d];
    let space = &prepared.spaces[d];
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
        terms,
        spans,
        blocked,
        rep_at,
        reps,
        given,
        lefts,
        chosen,
        free,
    } = scratch;

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
    // Bounded as the decision tables are; beyond it the derived defaults count
    // as fixed answers.
    radix
        .iter()
        .try_fold(1usize, |acc, r| acc.checked_mul(*r))
        .filter(|n| *n <= MAX_TABLE)?;
    left.clear();
    left.extend(eff.iter().map(|v| left_out(*v)));
    // Per left-out input, where its table's variables sit among the effective inputs.
    terms.clear();
    spans.clear();
    for (di, dd) in compiled.derived_defaults.iter().enumerate() {
        let Ok(at) = eff.binary_search(&dd.var) else {
            continue;
        };
        if !left[at] {
            continue;
        }
        let table = prepared.derived_tables.get(di)?.as_ref()?;
        let from = terms.len();
        for (j, r) in table.reads.iter().enumerate() {
            let pos = eff.binary_search(r).ok()?;
            terms.push((pos, table.radix[j + 1..].iter().product()));
        }
        spans.push((at, di, from, terms.len()));
    }
    // Where each effective input sits in the decision's own table.
    dstride.clear();
    for v in eff.iter() {
        dstride.push(match cd.vars.iter().position(|x| x == v) {
            Some(j) => space.radix[j + 1..].iter().product(),
            None => 0,
        });
    }
    // Classes no normalised profile has (an exclusive set member such as `none`).
    blocked.clear();
    for (i, &v) in eff.iter().enumerate() {
        let pv = &prepared.vars[v];
        if pv.kind == InputType::Set && pv.exclusive != 0 {
            for class in 0..radix[i] {
                let rep = compiled.vars[v].representative(class, p[v]);
                if rep & pv.exclusive as i64 != 0 {
                    blocked.push((i, class));
                }
            }
        }
    }
    rep_at.clear();
    reps.clear();
    for (i, &v) in eff.iter().enumerate() {
        rep_at.push(reps.len());
        if prepared.vars[v].kind == InputType::Set {
            reps.extend((0..radix[i]).map(|c| compiled.vars[v].representative(c, p[v])));
        }
    }
    cur.clear();
    cur.extend(eff.iter().map(|v| compiled.vars[*v].class_of(p[*v])));
    coords.clear();
    coords.resize(k, 0);
    reference.clear();
    reference.extend_from_slice(cur);
    best.clear();
    best.resize(space_options(prepared, d), None);
    let is_set = |i: usize| prepared.vars[eff[i]].kind == InputType::Set;

    // Cells by their number of changed answers, nearest first: a cell that
    // changes `h` given answers is at distance `h` or more (a left-out answer
    // may count too), so once every option some cell recommends has been
    // found within `h`, no farther cell can beat it. Left-out answers are
    // enumerated in full at every radius: whether they count as changed
    // depends on the cell.
    given.clear();
    given.extend((0..k).filter(|i| !left[*i]));
    lefts.clear();
    lefts.extend((0..k).filter(|i| left[*i]));
    let first_other = |i: usize| usize::from(cur[i] == 0);
    for h in 0..=given.len() {
        chosen.clear();
        chosen.extend(0..h);
        loop {
            free.clear();
            free.extend(chosen.iter().map(|&j| given[j]));
            let changeable = free.iter().all(|&i| radix[i] > 1);
            free.extend_from_slice(lefts);
            if changeable {
                coords.copy_from_slice(cur);
                for &j in chosen.iter() {
                    coords[given[j]] = first_other(given[j]);
                }
                for &i in lefts.iter() {
                    coords[i] = 0;
                }
                loop {
                    let dcell: usize = coords.iter().zip(dstride.iter()).map(|(c, s)| c * s).sum();
                    let option = space.options.get(dcell).copied().unwrap_or(NO_OPTION);
                    let o = usize::from(option);
                    // Only a cell that recommends another option, not found
                    // nearer already, needs its distance.
                    if option != NO_OPTION
                        && Some(o) != current_option
                        && best[o].is_none_or(|x| x.distance >= h)
                        && !blocked.iter().any(|&(i, class)| coords[i] == class)
                    {
                        for &(at, di, from, to) in spans.iter() {
                            let index: usize = terms[from..to]
                                .iter()
                                .map(|(pos, stride)| coords[*pos] * stride)
                                .sum();
                            let class = prepared.derived_tables[di]
                                .as_ref()
                                .and_then(|t| t.class.get(index));
                            reference[at] = class.map_or(coords[at], |c| usize::from(*c));
                        }
                        let mut distance = 0;
                        let mut nearness = 0u64;
                        for i in 0..k {
                            let r = reference[i];
                            distance += usize::from(coords[i] != r);
                            nearness += if is_set(i) {
                                let at = rep_at[i];
                                u64::from((reps[at + coords[i]] ^ reps[at + r]).count_ones())
                            } else {
                                coords[i].abs_diff(r) as u64
                            };
                        }
                        let rule = usize::from(cd.table[dcell]);
                        let cell = coords
                            .iter()
                            .zip(radix.iter())
                            .fold(0, |acc, (c, r)| acc * r + c);
                        // Ties go to the lowest cell, as a scan in cell order would.
                        let better = match &best[o] {
                            None => true,
                            Some(x) => {
                                (distance, nearness, rule, cell)
                                    < (x.distance, x.nearness, x.rule, x.cell)
                            }
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
                    // Odometer over the free positions: a changed answer skips
                    // its current class, a left-out one takes every class.
                    let mut turned = false;
                    for (n, &i) in free.iter().enumerate().rev() {
                        let changed = n < h;
                        let mut next = coords[i] + 1;
                        if changed && next == cur[i] {
                            next += 1;
                        }
                        if next < radix[i] {
                            coords[i] = next;
                            turned = true;
                            break;
                        }
                        coords[i] = if changed { first_other(i) } else { 0 };
                    }
                    if !turned {
                        break;
                    }
                }
            }
            if !next_combination(chosen, given.len()) {
                break;
            }
        }
        // Done when every option some cell recommends is found this near.
        let found_all = best.iter().enumerate().all(|(o, b)| {
            Some(o) == current_option
                || !space.reachable.get(o).copied().unwrap_or(false)
                || b.is_some_and(|b| b.distance <= h)
        });
        if found_all {
            break;
        }
    }
    found.clear();
    found.extend(
        best.iter()
            .enumerate()
            .filter_map(|(o, best)| best.map(|best| (o, best))),
    );
    found.sort_by_key(|(o, best)| (best.distance, best.nearness, *o));
    Some(())
}

/// The members to add or remove to move a set answer from class `from` to
/// class `to`, both near the answer `x`.
fn set_steps(var: &kompas_logic::Var, from: usize, to: usize, x: i64) -> u64 {
    if from == to {
        return 0;
    }
    u64::from((var.representative(from, x) ^ var.representative(to, x)).count_ones())
}

/// The next `h`-subset of `0..n` in lexicographic order, in place; `false`
/// after the last.
fn next_combination(chosen: &mut [usize], n: usize) -> bool {
    let h = chosen.len();
    for j in (0..h).rev() {
        if chosen[j] < n - h + j {
            chosen[j] += 1;
            for l in j + 1..h {
                chosen[l] = chosen[l - 1] + 1;
            }
            return true;
        }
    }
    false
}

/// The number of options of decision `d`.
fn space_options(prepared: &crate::prepared::Prepared, d: usize) -> usize {
    prepared.texts[0].decisions[d].options.len()
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
    let to = value_of(pv, to);
    let states = &ctx.texts.inputs[var].states;
    let text = match pv.kind {
        // A number's class ("at least 6") goes where the number would.
        InputType::Integer => states
            .get("n")
            .map(|t| Cow::Owned(t.replace("{n}", &to_text))),
        InputType::Bool => crate::assess::statement(states, &to),
        // Only when the class is one value: the statement of one value of a
        // wider class would claim too little.
        InputType::Enum if pv.classes == pv.values.len() => crate::assess::statement(states, &to),
        InputType::Enum | InputType::Set => None,
    };
    Change {
        input: b(&pv.id),
        from: ctx.value(var),
        to,
        to_text,
        text,
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
