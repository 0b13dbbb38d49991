//! Condition tables: every condition of the KB evaluated and explained once,
//! when the engine is built, for each cell of the classes of the variables it
//! reads.
//!
//! Values within a class are indistinguishable to every comparison of the KB
//! (see `kompas_logic::vars`), so a condition's outcome *and* the comparisons
//! that decided it ([`Hit`]s) depend only on the classes of its variables.
//! An assessment computes every variable's class once; each rule, trigger or
//! tool condition is then a multiply-add per variable it reads and a slice of
//! ready hits. Only the values the facts show come from the profile itself.
//!
//! A condition whose cells would exceed [`MAX_CELLS`] is not tabulated; it is
//! evaluated per assessment (`facts::explain`), as is every condition of a
//! profile holding a value outside its variable's domain (which only a
//! hand-built profile can, see `Profile::with_value`).

use kompas_logic::{Compiled, CompiledNamed, Pred};

use crate::facts::{self, Hit};

/// Largest table built for one condition. Conditions read a handful of
/// variables, so real ones stay far below (the built-in KB's largest has 32 cells).
pub(crate) const MAX_CELLS: usize = 1 << 12;

/// One condition, tabulated over the classes of the variables it reads.
pub(crate) struct Table {
    /// The variables read and the stride of each in the cell number.
    vars: Box<[(usize, usize)]>,
    /// Per cell: the outcome and where its hits are in `hits`.
    cells: Box<[Cell]>,
    hits: Box<[Hit]>,
}

#[derive(Debug, Clone, Copy)]
struct Cell {
    holds: bool,
    start: u32,
    end: u32,
}

impl Table {
    /// Tabulates `pred`; `None` when it has more than [`MAX_CELLS`] cells.
    pub(crate) fn new(pred: &Pred, compiled: &Compiled) -> Option<Table> {
        let mut vars = Vec::new();
        pred.for_each_var(&mut |v| vars.push(v));
        vars.sort_unstable();
        vars.dedup();
        let space = kompas_logic::Space::new(&compiled.vars, &vars);
        let size = space.size();
        if size > MAX_CELLS {
            return None;
        }
        // Mixed radix, last variable fastest: the numbering of `Space`.
        let mut strides = vec![1; vars.len()];
        for i in (0..vars.len().saturating_sub(1)).rev() {
            strides[i] = strides[i + 1] * space.radix()[i + 1];
        }
        let mut cells = Vec::with_capacity(size);
        let mut hits = Vec::new();
        let mut profile = compiled.defaults.clone();
        space.for_each_cell(&mut profile, |p, _| {
            let start = hits.len() as u32;
            let holds = facts::explain(pred, p, &mut hits);
            cells.push(Cell {
                holds,
                start,
                end: hits.len() as u32,
            });
        });
        Some(Table {
            vars: vars.into_iter().zip(strides).collect(),
            cells: cells.into(),
            hits: hits.into(),
        })
    }

    /// The outcome and the comparisons that decided it, for a profile whose
    /// variables are in `classes`.
    #[inline]
    pub(crate) fn get(&self, classes: &[u32]) -> (bool, &[Hit]) {
        let cell = self
            .vars
            .iter()
            .map(|&(v, stride)| classes[v] as usize * stride)
            .sum::<usize>();
        let c = self.cells[cell];
        (c.holds, &self.hits[c.start as usize..c.end as usize])
    }
}

/// The tables of every condition of the KB, shaped like [`Compiled`]; `None`
/// for a condition that is not tabulated (or, for a named condition, absent).
pub(crate) struct Tables {
    /// Per decision, per rule in evaluation order.
    pub rules: Vec<Vec<Option<Table>>>,
    /// Per capability.
    pub capabilities: Vec<CapabilityTables>,
}

/// The tables of one capability's conditions.
pub(crate) struct CapabilityTables {
    pub triggers: Vec<Option<Table>>,
    pub skip_if: Vec<Option<Table>>,
    pub now_if: Vec<Option<Table>>,
    pub later_if: Vec<Option<Table>>,
    pub tools: Vec<Option<Table>>,
}

impl Tables {
    pub(crate) fn new(compiled: &Compiled) -> Tables {
        let table = |p: &Pred| Table::new(p, compiled);
        let named = |list: &[CompiledNamed]| -> Vec<Option<Table>> {
            list.iter()
                .map(|n| n.pred.as_ref().and_then(table))
                .collect()
        };
        Tables {
            rules: compiled
                .decisions
                .iter()
                .map(|d| d.rules.iter().map(|r| table(&r.pred)).collect())
                .collect(),
            capabilities: compiled
                .capabilities
                .iter()
                .map(|c| CapabilityTables {
                    triggers: named(&c.triggers),
                    skip_if: named(&c.skip_if),
                    now_if: named(&c.now_if),
                    later_if: named(&c.later_if),
                    tools: c.tools.iter().map(|p| p.as_ref().and_then(table)).collect(),
                })
                .collect(),
        }
    }
}

/// The class of every variable of a profile, or `None` when a value lies
/// outside its variable's domain (tables only cover the domain).
pub(crate) fn classes(compiled: &Compiled, p: &[i64]) -> Option<Vec<u32>> {
    let mut classes = Vec::with_capacity(p.len());
    for (var, x) in compiled.vars.iter().zip(p) {
        if !var.contains(*x) {
            return None;
        }
        classes.push(var.class_of(*x) as u32);
    }
    Some(classes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table agrees with evaluating its condition, on every cell of the
    /// built-in KB's decisions (the property the lookups rely on).
    #[test]
    fn tables_agree_with_evaluation_on_the_builtin_kb() {
        let kb = kompas_kb::builtin::load().expect("the built-in KB loads");
        let compiled = kompas_logic::compile(&kb);
        let tables = Tables::new(&compiled);
        let mut checked = 0;
        for (d, cd) in compiled.decisions.iter().enumerate() {
            let space = cd.space(&compiled);
            let mut profile = compiled.defaults.clone();
            space.for_each_cell(&mut profile, |p, _| {
                let classes = classes(&compiled, p).expect("representatives are in the domain");
                for (r, rule) in cd.rules.iter().enumerate() {
                    let table = tables.rules[d][r].as_ref().expect("small tables");
                    let mut hits = Vec::new();
                    let holds = facts::explain(&rule.pred, p, &mut hits);
                    assert_eq!(table.get(&classes), (holds, &hits[..]));
                    checked += 1;
                }
            });
        }
        assert!(checked > 100, "{checked}");
    }
}
