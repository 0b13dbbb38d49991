//! Outcomes as tables: what every Layer 1 decision recommends and what every
//! Layer 2 capability gets (its verdict, with its tool when the verdict is
//! now), per cell of the classes of the variables it reads.
//!
//! Built once per KB. With them, "what if this answer were different" is a
//! table read: close calls, the assumptions that decide something, and the
//! completions of unknown answers all ask it many times per assessment.
//!
//! A capability's verdict and its tool pick are separate outcomes with
//! separate conditions, so each gets its own table over its own variables
//! (two small tables rather than one over both); an outcome code combines
//! them ([`capability_code`]). Each is built from one small table per
//! condition (over the condition's own variables), so building costs a few
//! table reads per cell rather than an evaluation of every condition. An
//! outcome with a table of more than [`MAX_TABLE`] cells gets no tables; it
//! is evaluated directly.

use kompas_kb::{Kb, Verdict};
use kompas_logic::{verdict_of, Compiled, Pred, Space, MAX_TABLE};

/// No recommendation (no rule applies, or its option is missing).
pub(crate) const NOTHING: u16 = u16::MAX;

/// What an outcome is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TargetKind {
    /// A Layer 1 decision, by index.
    Decision(usize),
    /// A Layer 2 capability, by index.
    Capability(usize),
}

/// One table of an outcome: a code per cell of the classes of the variables
/// it reads.
pub(crate) struct Table {
    /// Per variable of [`Target::vars`]: its stride here (0 when this table
    /// does not read it; the first variable read is slowest).
    pub strides: Vec<usize>,
    /// A decision's option (or [`NOTHING`]); a capability's verdict
    /// ([`verdict_index`]) or tool pick (or [`NOTHING`]).
    pub codes: Vec<u16>,
}

/// A cell of each table of an outcome (a decision uses the first).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Cell(pub [usize; 2]);

/// One outcome and its tables.
pub(crate) struct Target {
    pub kind: TargetKind,
    /// The variables its conditions read, sorted.
    pub vars: Vec<usize>,
    /// Per variable of `vars`: its number of classes.
    pub radix: Vec<usize>,
    /// A decision's table, or a capability's verdict and tool pick tables;
    /// empty when one would have too many cells.
    pub tables: Vec<Table>,
    /// The derived defaults (positions in `Compiled::derived_defaults`) that
    /// can reach it: those of `vars` and of the variables their facts read
    /// (recursively), in dependency order.
    pub defaults: Vec<usize>,
    /// `defaults` as a bitmask (when the KB has at most 64 derived defaults).
    pub default_mask: u64,
    /// Capabilities: the number of tool choices (for the codes).
    pub tools: usize,
}

impl Target {
    /// Whether its outcome is read from tables.
    #[inline]
    pub fn tabulated(&self) -> bool {
        !self.tables.is_empty()
    }

    /// The cell of the classes `class(v)` of its variables.
    #[inline]
    pub fn cell_of(&self, class: impl Fn(usize) -> usize) -> Cell {
        let mut cell = Cell::default();
        for (i, &v) in self.vars.iter().enumerate() {
            let c = class(v);
            for (k, t) in self.tables.iter().enumerate() {
                cell.0[k] += c * t.strides[i];
            }
        }
        cell
    }

    /// The strides of variable `i` (of `vars`) in each table.
    #[inline]
    pub fn stride(&self, i: usize) -> Cell {
        let mut s = Cell::default();
        for (k, t) in self.tables.iter().enumerate() {
            s.0[k] = t.strides[i];
        }
        s
    }

    /// The outcome code of a cell.
    #[inline]
    pub fn code(&self, cell: Cell) -> u16 {
        match self.kind {
            TargetKind::Decision(_) => self.tables[0].codes[cell.0[0]],
            TargetKind::Capability(_) => {
                let verdict = match self.tables[0].codes[cell.0[0]] {
                    0 => Verdict::Now,
                    1 => Verdict::Later,
                    _ => Verdict::Skip,
                };
                let tool = if verdict == Verdict::Now {
                    let t = self.tables[1].codes[cell.0[1]];
                    (t != NOTHING).then_some(usize::from(t))
                } else {
                    None
                };
                capability_code(verdict, tool, self.tools)
            }
        }
    }

    /// The cell with variable `i` (of `vars`) moved from class `from` to `to`.
    #[inline]
    pub fn shift(&self, cell: Cell, i: usize, from: usize, to: usize) -> Cell {
        let s = self.stride(i);
        Cell([
            cell.0[0] - from * s.0[0] + to * s.0[0],
            cell.0[1] - from * s.0[1] + to * s.0[1],
        ])
    }

    /// The outcome code for a dense profile: a decision's option index (or
    /// [`NOTHING`]); a capability's verdict and tool (see [`capability_code`]).
    #[inline]
    pub fn outcome(&self, compiled: &Compiled, p: &[i64]) -> u16 {
        if self.tabulated() {
            self.code(self.cell_of(|v| compiled.vars[v].class_of(p[v])))
        } else {
            self.direct(compiled, p)
        }
    }

    /// The outcome code, from the predicates.
    fn direct(&self, compiled: &Compiled, p: &[i64]) -> u16 {
        match self.kind {
            TargetKind::Decision(d) => {
                let cd = &compiled.decisions[d];
                decision_code(cd.decide(p).and_then(|r| cd.rules[r].option))
            }
            TargetKind::Capability(c) => {
                let cc = &compiled.capabilities[c];
                let v = cc.verdict(p).verdict;
                capability_code(v, cc.tool_pick(p), self.tools)
            }
        }
    }

    /// The layer (1 or 2).
    pub fn layer(&self) -> u8 {
        match self.kind {
            TargetKind::Decision(_) => 1,
            TargetKind::Capability(_) => 2,
        }
    }
}

fn decision_code(option: Option<usize>) -> u16 {
    option
        .and_then(|o| u16::try_from(o).ok())
        .filter(|o| *o != NOTHING)
        .unwrap_or(NOTHING)
}

/// A verdict as a number: now 0, later 1, skip 2.
fn verdict_index(verdict: Verdict) -> u16 {
    match verdict {
        Verdict::Now => 0,
        Verdict::Later => 1,
        Verdict::Skip => 2,
    }
}

/// A capability's outcome: its verdict and, when now, the tool it picks.
pub(crate) fn capability_code(verdict: Verdict, tool: Option<usize>, tools: usize) -> u16 {
    let v = usize::from(verdict_index(verdict));
    let t = match (verdict, tool) {
        (Verdict::Now, Some(t)) => t + 1,
        _ => 0,
    };
    u16::try_from(v * (tools + 1) + t).unwrap_or(NOTHING)
}

/// The verdict and tool of a capability's outcome code.
pub(crate) fn capability_outcome(code: u16, tools: usize) -> (Verdict, Option<usize>) {
    let code = usize::from(code);
    let verdict = match code / (tools + 1) {
        0 => Verdict::Now,
        1 => Verdict::Later,
        _ => Verdict::Skip,
    };
    let tool = (code % (tools + 1)).checked_sub(1);
    (verdict, tool)
}

/// Every outcome of the KB: decisions first (KB order), then capabilities.
pub(crate) fn targets(kb: &Kb, compiled: &Compiled) -> Vec<Target> {
    let mut out = Vec::with_capacity(compiled.decisions.len() + compiled.capabilities.len());
    for cd in &compiled.decisions {
        let vars = cd.vars.clone();
        let tables = if cd.table.is_empty() {
            Vec::new()
        } else {
            let codes = cd
                .table
                .iter()
                .map(|&rule| decision_code(cd.rules.get(usize::from(rule)).and_then(|r| r.option)))
                .collect();
            vec![Table {
                strides: strides(compiled, &vars, &vars),
                codes,
            }]
        };
        out.push(finish(
            compiled,
            TargetKind::Decision(cd.index),
            vars,
            tables,
            0,
        ));
    }
    for cc in &compiled.capabilities {
        let tools = kb.capabilities[cc.index].tools.len();
        let verdict_vars = vars_of(verdict_preds(cc));
        let tool_vars = vars_of(cc.tools.iter().flatten());
        let mut vars: Vec<usize> = verdict_vars.iter().chain(&tool_vars).copied().collect();
        vars.sort_unstable();
        vars.dedup();
        let tables = match (
            verdict_table(compiled, cc, &verdict_vars),
            tool_table(compiled, cc, &tool_vars),
        ) {
            (Some(verdicts), Some(picks)) if 3 * (tools + 1) < usize::from(NOTHING) => vec![
                Table {
                    strides: strides(compiled, &vars, &verdict_vars),
                    codes: verdicts,
                },
                Table {
                    strides: strides(compiled, &vars, &tool_vars),
                    codes: picks,
                },
            ],
            _ => Vec::new(),
        };
        out.push(finish(
            compiled,
            TargetKind::Capability(cc.index),
            vars,
            tables,
            tools,
        ));
    }
    out
}

/// The variables some predicates read, sorted.
fn vars_of<'a>(preds: impl Iterator<Item = &'a Pred>) -> Vec<usize> {
    let mut vars = Vec::new();
    for p in preds {
        p.for_each_var(&mut |v| vars.push(v));
    }
    vars.sort_unstable();
    vars.dedup();
    vars
}

/// Per variable of `all`: its stride in a table over `read` (0 when not read).
fn strides(compiled: &Compiled, all: &[usize], read: &[usize]) -> Vec<usize> {
    all.iter()
        .map(|v| match read.binary_search(v) {
            Ok(j) => read[j + 1..]
                .iter()
                .map(|r| compiled.vars[*r].class_count())
                .product(),
            Err(_) => 0,
        })
        .collect()
}

fn finish(
    compiled: &Compiled,
    kind: TargetKind,
    vars: Vec<usize>,
    tables: Vec<Table>,
    tools: usize,
) -> Target {
    let radix: Vec<usize> = vars
        .iter()
        .map(|v| compiled.vars[*v].class_count())
        .collect();
    let closure = closure(compiled, &vars);
    let defaults: Vec<usize> = compiled
        .derived_defaults
        .iter()
        .enumerate()
        .filter(|(_, dd)| closure.binary_search(&dd.var).is_ok())
        .map(|(i, _)| i)
        .collect();
    let default_mask = defaults
        .iter()
        .filter(|i| **i < 64)
        .fold(0, |acc, i| acc | 1 << i);
    Target {
        kind,
        vars,
        radix,
        tables,
        defaults,
        default_mask,
        tools,
    }
}

/// `vars` and the variables the derived defaults among them read, recursively.
pub(crate) fn closure(compiled: &Compiled, vars: &[usize]) -> Vec<usize> {
    let mut out = vars.to_vec();
    let mut i = 0;
    while i < out.len() {
        if let Some(dd) = compiled.derived_default(out[i]) {
            for &r in &dd.reads {
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        i += 1;
    }
    out.sort_unstable();
    out
}

/// The conditions of a capability that decide its verdict: triggers,
/// skip-if, now-if, later-if.
fn verdict_preds(cc: &kompas_logic::CompiledCapability) -> impl Iterator<Item = &Pred> {
    cc.triggers
        .iter()
        .chain(&cc.skip_if)
        .chain(&cc.now_if)
        .chain(&cc.later_if)
        .filter_map(|n| n.pred.as_ref())
}

/// One condition tabulated over its own variables, placed in the space of a
/// table's variables.
struct Sub {
    /// (position in the table's variables, stride in `held`).
    terms: Vec<(usize, usize)>,
    held: Vec<bool>,
}

impl Sub {
    fn new(compiled: &Compiled, pred: &Pred, vars: &[usize]) -> Option<Sub> {
        let own = vars_of(std::iter::once(pred));
        let space = Space::new(&compiled.vars, &own);
        if space.size() > MAX_TABLE {
            return None;
        }
        let mut held = Vec::with_capacity(space.size());
        let mut profile = compiled.defaults.clone();
        space.for_each_cell(&mut profile, |p, _| held.push(pred.eval(p)));
        let terms = own
            .iter()
            .enumerate()
            .map(|(j, v)| {
                let at = vars.binary_search(v).unwrap_or(0);
                (at, space.radix()[j + 1..].iter().product())
            })
            .collect();
        Some(Sub { terms, held })
    }

    #[inline]
    fn holds(&self, coords: &[usize]) -> bool {
        let index: usize = self.terms.iter().map(|(at, s)| coords[*at] * s).sum();
        self.held[index]
    }

    /// The tables of some conditions (`None` for a condition without `when`).
    fn list<'a>(
        compiled: &Compiled,
        preds: impl Iterator<Item = Option<&'a Pred>>,
        vars: &[usize],
    ) -> Option<Vec<Option<Sub>>> {
        preds
            .map(|p| match p {
                Some(p) => Sub::new(compiled, p, vars).map(Some),
                None => Some(None),
            })
            .collect()
    }
}

/// Calls `f` with the classes of every cell of `vars` (first variable
/// slowest); `None` when there are more than [`MAX_TABLE`] cells.
fn each_cell(compiled: &Compiled, vars: &[usize], mut f: impl FnMut(&[usize])) -> Option<()> {
    let space = Space::new(&compiled.vars, vars);
    let size = space.size();
    if size > MAX_TABLE {
        return None;
    }
    let radix = space.radix();
    let mut coords = vec![0usize; vars.len()];
    for _ in 0..size {
        f(&coords);
        for i in (0..coords.len()).rev() {
            coords[i] += 1;
            if coords[i] < radix[i] {
                break;
            }
            coords[i] = 0;
        }
    }
    Some(())
}

fn met(s: &Option<Sub>, coords: &[usize]) -> bool {
    s.as_ref().is_some_and(|s| s.holds(coords))
}

/// The verdict of a capability per cell of `vars` ([`verdict_index`]).
fn verdict_table(
    compiled: &Compiled,
    cc: &kompas_logic::CompiledCapability,
    vars: &[usize],
) -> Option<Vec<u16>> {
    let sub = |list: &[kompas_logic::CompiledNamed]| {
        Sub::list(compiled, list.iter().map(|n| n.pred.as_ref()), vars)
    };
    let (triggers, skip_if, now_if, later_if) = (
        sub(&cc.triggers)?,
        sub(&cc.skip_if)?,
        sub(&cc.now_if)?,
        sub(&cc.later_if)?,
    );
    let mut codes = Vec::new();
    each_cell(compiled, vars, |coords| {
        let v = verdict_of(
            cc.otherwise,
            triggers.iter().map(|s| met(s, coords)),
            skip_if.iter().map(|s| met(s, coords)),
            now_if.iter().map(|s| met(s, coords)),
            later_if.iter().map(|s| met(s, coords)),
        );
        codes.push(verdict_index(v.verdict));
    })?;
    Some(codes)
}

/// The tool a capability picks per cell of `vars` (or [`NOTHING`]).
fn tool_table(
    compiled: &Compiled,
    cc: &kompas_logic::CompiledCapability,
    vars: &[usize],
) -> Option<Vec<u16>> {
    let subs = Sub::list(compiled, cc.tools.iter().map(Option::as_ref), vars)?;
    let mut codes = Vec::new();
    each_cell(compiled, vars, |coords| {
        let tool = subs.iter().position(|s| met(s, coords)).or(cc.default_tool);
        codes.push(tool.map_or(NOTHING, |t| u16::try_from(t).unwrap_or(NOTHING)));
    })?;
    Some(codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_agree_with_the_conditions() {
        let kb = kompas_kb::builtin::load().expect("the built-in KB loads");
        let compiled = kompas_logic::compile(&kb);
        let targets = targets(&kb, &compiled);
        assert!(targets.iter().all(Target::tabulated), "every table built");
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..500 {
            let mut p = compiled.defaults.clone();
            for (v, var) in compiled.vars.iter().enumerate() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                p[v] = var.representative((seed % var.class_count() as u64) as usize, 0);
            }
            for t in &targets {
                assert_eq!(
                    t.outcome(&compiled, &p),
                    t.direct(&compiled, &p),
                    "{:?}",
                    t.kind
                );
            }
        }
    }

    #[test]
    fn capability_codes_round_trip() {
        for tools in [0, 1, 3] {
            for verdict in [Verdict::Now, Verdict::Later, Verdict::Skip] {
                for tool in std::iter::once(None).chain((0..tools).map(Some)) {
                    let code = capability_code(verdict, tool, tools);
                    let expected_tool = if verdict == Verdict::Now { tool } else { None };
                    assert_eq!(
                        capability_outcome(code, tools),
                        (verdict, expected_tool),
                        "{verdict:?} {tool:?} of {tools}"
                    );
                }
            }
        }
    }
}
