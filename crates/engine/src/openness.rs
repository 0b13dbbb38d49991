//! Open or decided: what an outcome can be, over every answer the unknown
//! inputs could get.
//!
//! A *completion* gives every unknown input that can reach the outcome one of
//! its classes (the classes are exact: values in one class are alike to every
//! condition of the KB); inputs the profile left out whose default is a
//! derived fact are recomputed per completion, so they follow the completed
//! answers. One outcome over all completions: the outcome is decided whatever
//! the unknown answers are. Several: it is open, and each outcome gets the
//! exact condition on the unknown answers that leads to it, as a cover of its
//! completions ([`crate::cover`]).
//!
//! Before covering, the table of completions keeps only the answers that
//! matter (a change of that answer alone changes the outcome somewhere), and a
//! set input is split into one yes/no dimension per member that conditions
//! test, so a condition reads "includes GDPR" rather than a list of subsets.
//!
//! The enumeration is bounded: at most [`MAX_COMPLETIONS_PER_OUTCOME`] per
//! outcome and [`MAX_COMPLETIONS`] per assessment. Unknown answers beyond the
//! budget keep their assumed values; the outcome is then reported open and
//! not exhaustive, never wrongly decided.

use kompas_kb::InputType;

use crate::cover::{cover, CoverBox, Table, DONT_CARE};
use crate::targets::Target;
use crate::whatif::WhatIf;

/// The most completions enumerated for one outcome.
pub const MAX_COMPLETIONS_PER_OUTCOME: usize = 1 << 17;

/// The most completions enumerated for one assessment, all outcomes together.
pub const MAX_COMPLETIONS: usize = 1 << 20;

/// The most boxes (alternatives of `when`) one outcome's covers may have
/// together. A KB whose conditions make more (an unknown answer that flips
/// the outcome back and forth across many others) gets fewer unknown answers
/// enumerated, and the outcome is reported not exhaustive: the output stays
/// small and exact for what was enumerated.
pub const MAX_BOXES: usize = 256;

/// One dimension of the table of completions: an input, or one member of a
/// set input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dim {
    /// The variable.
    pub var: usize,
    /// For a set input: the member (value index) this dimension says yes or no to.
    pub member: Option<usize>,
    /// Number of values (classes; 2 for a set member).
    pub radix: usize,
}

/// What an outcome can be over the completions of the unknown answers.
pub(crate) struct Openness {
    /// The outcome codes some completion gives, in code order.
    pub outcomes: Vec<u16>,
    /// Whether every unknown answer that can reach the outcome was enumerated.
    pub exhaustive: bool,
    /// The unknown inputs enumerated, in KB order.
    pub enumerated: Vec<usize>,
    /// The unknown inputs the outcome waits on: those whose answer alone
    /// changes it somewhere in the unknown space, and those not enumerated.
    pub blocked_by: Vec<usize>,
    /// The unknown inputs whose answer alone, whatever it is, decides it.
    pub settles: Vec<usize>,
    /// The dimensions of the covers.
    pub dims: Vec<Dim>,
    /// Per outcome of `outcomes`: its cover over `dims`.
    pub covers: Vec<Vec<CoverBox>>,
}

impl Openness {
    /// Whether the outcome holds whatever the unknown answers are.
    pub(crate) fn decided(&self) -> bool {
        self.exhaustive && self.outcomes.len() == 1
    }
}

/// Which outcome of a target is enumerated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The target's outcome code.
    Whole,
    /// The code of one of its tables (a capability's verdict or tool pick).
    Table(usize),
}

/// Enumerates the completions of the unknown inputs `unknown` (those among
/// the answers that can move `t`) and analyses them; `budget` is what is
/// left of the assessment's completions.
pub(crate) fn analyse(
    w: &mut WhatIf<'_, '_>,
    t: &Target,
    p: &[i64],
    unknown: &[usize],
    budget: &mut usize,
) -> Openness {
    if let Some(o) = crate::verdicts::split(w, t, p, unknown, budget) {
        return o;
    }
    analyse_part(w, t, p, unknown, budget, Part::Whole)
}

/// [`analyse`] of the whole outcome or of one table of it.
pub(crate) fn analyse_part(
    w: &mut WhatIf<'_, '_>,
    t: &Target,
    p: &[i64],
    unknown: &[usize],
    budget: &mut usize,
    part: Part,
) -> Openness {
    let compiled = w.compiled;
    let limit = MAX_COMPLETIONS_PER_OUTCOME.min(*budget).max(1);
    let mut chosen = Vec::with_capacity(unknown.len());
    let mut skipped = Vec::new();
    let mut size = 1usize;
    for &u in unknown {
        let r = compiled.vars[u].class_count();
        match size.checked_mul(r) {
            Some(n) if n <= limit => {
                chosen.push(u);
                size = n;
            }
            _ => skipped.push(u),
        }
    }
    *budget = budget.saturating_sub(size);
    loop {
        let o = analyse_chosen(w, t, p, &chosen, &skipped, part);
        let fits = o
            .as_ref()
            .is_some_and(|o| o.covers.iter().map(Vec::len).sum::<usize>() <= MAX_BOXES);
        match (o, chosen.pop()) {
            (Some(o), None) => return o,
            (Some(o), Some(_)) if fits => return o,
            (_, Some(last)) => skipped.push(last),
            // Nothing enumerated has no set to split.
            (None, None) => unreachable!("a table without unknown answers splits"),
        }
    }
}

/// [`analyse`] over the unknown answers `chosen`; those `skipped` keep their
/// assumed values. `None` when the sets among them have too many members to
/// split ([`MAX_SPLIT_CELLS`]).
fn analyse_chosen(
    w: &mut WhatIf<'_, '_>,
    t: &Target,
    p: &[i64],
    chosen: &[usize],
    skipped: &[usize],
    part: Part,
) -> Option<Openness> {
    let compiled = w.compiled;
    let chosen = chosen.to_vec();
    let size: usize = chosen
        .iter()
        .map(|u| compiled.vars[*u].class_count())
        .product();
    let radix: Vec<usize> = chosen
        .iter()
        .map(|u| compiled.vars[*u].class_count())
        .collect();
    let codes = enumerate(w, t, p, &chosen, &radix, size, part);

    let mut outcomes: Vec<u16> = codes.iter().copied().filter(|c| *c != DONT_CARE).collect();
    outcomes.sort_unstable();
    outcomes.dedup();
    let exhaustive = skipped.is_empty();
    if exhaustive && outcomes.len() <= 1 {
        return Some(Openness {
            outcomes,
            exhaustive,
            enumerated: chosen,
            blocked_by: Vec::new(),
            settles: Vec::new(),
            dims: Vec::new(),
            covers: Vec::new(),
        });
    }

    // The answers that matter, first by class, then per set member.
    let class_dims: Vec<Dim> = chosen
        .iter()
        .zip(&radix)
        .map(|(&var, &radix)| Dim {
            var,
            member: None,
            radix,
        })
        .collect();
    let relevant: Vec<usize> = (0..class_dims.len())
        .filter(|&i| moves(&codes, &radix, i))
        .collect();
    let (class_dims, class_cells) = project(&class_dims, &codes, &relevant);
    let (dims, cells) = split_sets(w, &class_dims, &class_cells)?;
    let dim_radix: Vec<usize> = dims.iter().map(|d| d.radix).collect();
    let relevant: Vec<usize> = (0..dims.len())
        .filter(|&i| moves(&cells, &dim_radix, i))
        .collect();
    let (proj_dims, proj_cells) = project(&dims, &cells, &relevant);
    let proj_radix: Vec<usize> = proj_dims.iter().map(|d| d.radix).collect();
    let ordered: Vec<bool> = proj_dims
        .iter()
        .map(|d| d.member.is_none() && ordered(w, d.var))
        .collect();

    let mut blocked_by: Vec<usize> = proj_dims.iter().map(|d| d.var).collect();
    blocked_by.extend(skipped);
    blocked_by.sort_unstable();
    blocked_by.dedup();
    let settles = if exhaustive {
        chosen
            .iter()
            .copied()
            .filter(|&u| settles(&proj_dims, &proj_radix, &proj_cells, u))
            .collect()
    } else {
        Vec::new()
    };
    let table = Table {
        radix: &proj_radix,
        ordered: &ordered,
        cells: &proj_cells,
    };
    let covers = outcomes.iter().map(|&o| cover(&table, o)).collect();
    Some(Openness {
        outcomes,
        exhaustive,
        enumerated: chosen,
        blocked_by,
        settles,
        dims: proj_dims,
        covers,
    })
}

/// Whether the values of variable `v` are ordered (an integer, or an enum the KB marks ordered).
fn ordered(w: &WhatIf<'_, '_>, v: usize) -> bool {
    let pv = &w.prepared.vars[v];
    pv.kind == InputType::Integer || pv.ordered
}

/// The outcome of every completion (first variable slowest); [`DONT_CARE`]
/// where a class holds no normalised answer.
fn enumerate(
    w: &mut WhatIf<'_, '_>,
    t: &Target,
    p: &[i64],
    chosen: &[usize],
    radix: &[usize],
    size: usize,
    part: Part,
) -> Vec<u16> {
    let compiled = w.compiled;
    let recompute = chosen.iter().any(|&u| w.reaches_default(t, u));
    let infeasible: Vec<Vec<bool>> = chosen
        .iter()
        .zip(radix)
        .map(|(&u, &r)| (0..r).map(|c| w.infeasible(u, c, p[u])).collect())
        .collect();
    let mut coords = vec![0usize; chosen.len()];
    let mut codes = Vec::with_capacity(size);
    // With a table and nothing to recompute, a completion's cell is the
    // profile's cell with the classes of the unknown answers swapped in.
    if (!recompute && t.tabulated()) || part != Part::Whole {
        let at: Vec<Option<usize>> = chosen
            .iter()
            .map(|u| t.vars.binary_search(u).ok())
            .collect();
        let mut cell = w.base_cell(t);
        for (&u, i) in chosen.iter().zip(&at) {
            if let Some(i) = *i {
                cell = t.shift(cell, i, w.class(u), 0);
            }
        }
        for _ in 0..size {
            let blocked = coords.iter().zip(&infeasible).any(|(c, inf)| inf[*c]);
            codes.push(match (blocked, part) {
                (true, _) => DONT_CARE,
                (false, Part::Whole) => t.code(cell),
                (false, Part::Table(k)) => t.tables[k].codes[cell.0[k]],
            });
            for i in (0..coords.len()).rev() {
                let next = if coords[i] + 1 < radix[i] {
                    coords[i] + 1
                } else {
                    0
                };
                if let Some(j) = at[i] {
                    cell = t.shift(cell, j, coords[i], next);
                }
                coords[i] = next;
                if next != 0 {
                    break;
                }
            }
        }
        return codes;
    }
    let mut q = p.to_vec();
    for &u in chosen {
        q[u] = compiled.vars[u].representative(0, p[u]);
    }
    for _ in 0..size {
        let blocked = coords.iter().zip(&infeasible).any(|(c, inf)| inf[*c]);
        codes.push(if blocked {
            DONT_CARE
        } else {
            if recompute {
                w.recompute(t, &mut q, &[]);
            }
            t.outcome(compiled, &q)
        });
        for i in (0..coords.len()).rev() {
            coords[i] += 1;
            let done = coords[i] < radix[i];
            if !done {
                coords[i] = 0;
            }
            let u = chosen[i];
            q[u] = compiled.vars[u].representative(coords[i], p[u]);
            if done {
                break;
            }
        }
    }
    codes
}

/// The most cells of a table of completions once its sets are split into
/// their members; past it, fewer unknown answers are enumerated.
const MAX_SPLIT_CELLS: usize = MAX_COMPLETIONS_PER_OUTCOME;

/// The table over `dims` (classes) with each set split into one yes/no
/// dimension per tested member (the highest member first, so a set's cells
/// are numbered by its members' bits): a cell's outcome is that of the
/// class of its members, [`DONT_CARE`] for an exclusive member. `None` when
/// that table would be too large.
fn split_sets(w: &WhatIf<'_, '_>, dims: &[Dim], cells: &[u16]) -> Option<(Vec<Dim>, Vec<u16>)> {
    let compiled = w.compiled;
    let mut out = Vec::with_capacity(dims.len());
    // Per class dimension: its values in the split table, and the class of each.
    let mut classes: Vec<Vec<usize>> = Vec::with_capacity(dims.len());
    for d in dims {
        let var = &compiled.vars[d.var];
        let pv = &w.prepared.vars[d.var];
        if pv.kind != InputType::Set {
            out.push(*d);
            classes.push((0..d.radix).collect());
            continue;
        }
        let tested = var.tested_members();
        let members: Vec<usize> = (0..64).filter(|i| tested & (1 << i) != 0).collect();
        if members.len() > 16 {
            return None;
        }
        for &m in members.iter().rev() {
            out.push(Dim {
                var: d.var,
                member: Some(m),
                radix: 2,
            });
        }
        classes.push(
            (0..1u64 << members.len())
                .map(|bits| {
                    let value = members
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| bits & (1 << j) != 0)
                        .fold(0i64, |acc, (_, m)| acc | 1 << m);
                    if value & pv.exclusive as i64 != 0 {
                        usize::MAX
                    } else {
                        var.class_of(value)
                    }
                })
                .collect(),
        );
    }
    let size = classes
        .iter()
        .try_fold(1usize, |acc, c| acc.checked_mul(c.len()))
        .filter(|n| *n <= MAX_SPLIT_CELLS)?;
    let strides: Vec<usize> = (0..dims.len())
        .map(|i| dims[i + 1..].iter().map(|d| d.radix).product())
        .collect();
    let mut split = Vec::with_capacity(size);
    let mut at = vec![0usize; dims.len()];
    for _ in 0..size {
        let mut cell = 0;
        let mut feasible = true;
        for ((values, &a), s) in classes.iter().zip(&at).zip(&strides) {
            match values[a] {
                usize::MAX => feasible = false,
                class => cell += class * s,
            }
        }
        split.push(if feasible { cells[cell] } else { DONT_CARE });
        for i in (0..at.len()).rev() {
            at[i] += 1;
            if at[i] < classes[i].len() {
                break;
            }
            at[i] = 0;
        }
    }
    Some((out, split))
}

/// Whether two cells that differ only in dimension `axis` have different
/// outcomes (don't-cares aside).
pub(crate) fn moves(cells: &[u16], radix: &[usize], axis: usize) -> bool {
    let stride: usize = radix[axis + 1..].iter().product();
    let r = radix[axis];
    let block = stride * r;
    let mut base = 0;
    while base < cells.len() {
        for offset in 0..stride {
            let mut first = None;
            for k in 0..r {
                let c = cells[base + offset + k * stride];
                if c == DONT_CARE {
                    continue;
                }
                match first {
                    None => first = Some(c),
                    Some(f) if f != c => return true,
                    Some(_) => {}
                }
            }
        }
        base += block;
    }
    false
}

/// The table over the relevant dimensions only. A dimension that is not
/// relevant changes no outcome, so any of its values will do: the first
/// (never a don't-care: an exclusive member's "no").
fn project(dims: &[Dim], cells: &[u16], relevant: &[usize]) -> (Vec<Dim>, Vec<u16>) {
    let strides: Vec<usize> = (0..dims.len())
        .map(|i| dims[i + 1..].iter().map(|d| d.radix).product())
        .collect();
    let kept: Vec<Dim> = relevant.iter().map(|&i| dims[i]).collect();
    let size: usize = kept.iter().map(|d| d.radix).product();
    let mut out = Vec::with_capacity(size);
    let mut coords = vec![0usize; kept.len()];
    for _ in 0..size {
        let cell: usize = relevant
            .iter()
            .zip(&coords)
            .map(|(&i, c)| c * strides[i])
            .sum();
        out.push(cells[cell]);
        for i in (0..coords.len()).rev() {
            coords[i] += 1;
            if coords[i] < kept[i].radix {
                break;
            }
            coords[i] = 0;
        }
    }
    (kept, out)
}

/// Whether answering variable `u` alone, whatever the answer, leaves one outcome.
fn settles(dims: &[Dim], radix: &[usize], cells: &[u16], u: usize) -> bool {
    let own: Vec<usize> = (0..dims.len()).filter(|&i| dims[i].var == u).collect();
    if own.is_empty() {
        return false;
    }
    let strides: Vec<usize> = (0..radix.len())
        .map(|i| radix[i + 1..].iter().product())
        .collect();
    let answers: usize = own.iter().map(|&i| radix[i]).product();
    let mut first: Vec<Option<u16>> = vec![None; answers];
    for (cell, &c) in cells.iter().enumerate() {
        if c == DONT_CARE {
            continue;
        }
        let key = own
            .iter()
            .fold(0, |acc, &i| acc * radix[i] + (cell / strides[i]) % radix[i]);
        match first[key] {
            None => first[key] = Some(c),
            Some(f) if f != c => return false,
            Some(_) => {}
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_ignores_dont_cares() {
        // Two dimensions of 2: the outcome follows the first only.
        let cells = [0, 0, 1, DONT_CARE];
        assert!(moves(&cells, &[2, 2], 0));
        assert!(!moves(&cells, &[2, 2], 1));
    }

    #[test]
    fn projection_keeps_the_relevant_dimensions() {
        let dims = [
            Dim {
                var: 0,
                member: None,
                radix: 2,
            },
            Dim {
                var: 1,
                member: None,
                radix: 3,
            },
        ];
        // The outcome is the second dimension's value.
        let cells = [0, 1, 2, 0, 1, 2];
        let (kept, out) = project(&dims, &cells, &[1]);
        assert_eq!(kept, vec![dims[1]]);
        assert_eq!(out, vec![0, 1, 2]);
        assert!(settles(&kept, &[3], &out, 1));
    }

    #[test]
    fn settling_needs_one_outcome_per_answer() {
        let dims = [
            Dim {
                var: 0,
                member: None,
                radix: 2,
            },
            Dim {
                var: 1,
                member: None,
                radix: 2,
            },
        ];
        // x and y: answering x = no settles it, x = yes does not.
        let cells = [0, 0, 0, 1];
        assert!(!settles(&dims, &[2, 2], &cells, 0));
        // x alone: settles.
        let cells = [0, 0, 1, 1];
        assert!(settles(&dims, &[2, 2], &cells, 0));
    }
}
