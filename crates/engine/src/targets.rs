//! Outcomes as tables: what every Layer 1 decision recommends and what every
//! Layer 2 capability gets (its verdict, with its tool when the verdict is
//! now), per cell of the classes of the variables it reads.
//!
//! Built once per KB. With them, "what if this answer were different" is a
//! table read: close calls, the assumptions that decide something, and the
//! completions of unknown answers all ask it many times per assessment.
//!
//! A capability's table is built from one small table per condition (over the
//! condition's own variables), so building costs a few table reads per cell
//! rather than an evaluation of every condition. An outcome whose variables
//! have more than [`MAX_TABLE`] cells gets no table; it is evaluated directly.

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

/// One outcome and its table.
pub(crate) struct Target {
    pub kind: TargetKind,
    /// The variables its conditions read, sorted.
    pub vars: Vec<usize>,
    /// Per variable of `vars`: its number of classes.
    pub radix: Vec<usize>,
    /// Per variable of `vars`: its stride in `codes` (first variable slowest).
    pub strides: Vec<usize>,
    /// The outcome per cell (see [`Target::outcome`]); empty when there are
    /// too many cells.
    pub codes: Vec<u16>,
    /// The derived defaults (positions in `Compiled::derived_defaults`) that
    /// can reach it: those of `vars` and of the variables their facts read
    /// (recursively), in dependency order.
    pub defaults: Vec<usize>,
    /// Capabilities: the number of tool choices (for the codes).
    pub tools: usize,
}

impl Target {
    /// The cell of a dense profile.
    #[inline]
    pub fn cell(&self, compiled: &Compiled, p: &[i64]) -> usize {
        self.vars
            .iter()
            .zip(&self.strides)
            .map(|(v, s)| compiled.vars[*v].class_of(p[*v]) * s)
            .sum()
    }

    /// The outcome code for a dense profile: a decision's option index (or
    /// [`NOTHING`]); a capability's verdict and tool (see [`capability_code`]).
    #[inline]
    pub fn outcome(&self, compiled: &Compiled, p: &[i64]) -> u16 {
        if self.codes.is_empty() {
            self.direct(compiled, p)
        } else {
            self.codes[self.cell(compiled, p)]
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

/// A capability's outcome: its verdict and, when now, the tool it picks.
pub(crate) fn capability_code(verdict: Verdict, tool: Option<usize>, tools: usize) -> u16 {
    let v = match verdict {
        Verdict::Now => 0,
        Verdict::Later => 1,
        Verdict::Skip => 2,
    };
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
        let codes = cd
            .table
            .iter()
            .map(|&rule| decision_code(cd.rules.get(usize::from(rule)).and_then(|r| r.option)))
            .collect();
        out.push(finish(
            compiled,
            TargetKind::Decision(cd.index),
            vars,
            codes,
            0,
        ));
    }
    for cc in &compiled.capabilities {
        let tools = kb.capabilities[cc.index].tools.len();
        let mut vars = Vec::new();
        for p in capability_preds(cc) {
            p.for_each_var(&mut |v| vars.push(v));
        }
        vars.sort_unstable();
        vars.dedup();
        let codes = capability_table(compiled, cc, &vars, tools);
        out.push(finish(
            compiled,
            TargetKind::Capability(cc.index),
            vars,
            codes,
            tools,
        ));
    }
    out
}

fn finish(
    compiled: &Compiled,
    kind: TargetKind,
    vars: Vec<usize>,
    codes: Vec<u16>,
    tools: usize,
) -> Target {
    let radix: Vec<usize> = vars
        .iter()
        .map(|v| compiled.vars[*v].class_count())
        .collect();
    let strides = (0..vars.len())
        .map(|i| radix[i + 1..].iter().product())
        .collect();
    let closure = closure(compiled, &vars);
    let defaults = compiled
        .derived_defaults
        .iter()
        .enumerate()
        .filter(|(_, dd)| closure.binary_search(&dd.var).is_ok())
        .map(|(i, _)| i)
        .collect();
    Target {
        kind,
        vars,
        radix,
        strides,
        codes,
        defaults,
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

/// Every condition of a capability that decides its verdict or its tool, in
/// the order [`capability_table`] reads them: triggers, skip-if, now-if,
/// later-if, then the tool conditions.
fn capability_preds(cc: &kompas_logic::CompiledCapability) -> impl Iterator<Item = &Pred> {
    cc.triggers
        .iter()
        .chain(&cc.skip_if)
        .chain(&cc.now_if)
        .chain(&cc.later_if)
        .filter_map(|n| n.pred.as_ref())
        .chain(cc.tools.iter().flatten())
}

/// One condition tabulated over its own variables, placed in the space of the
/// capability's variables.
struct Sub {
    /// (position in the capability's variables, stride in `held`).
    terms: Vec<(usize, usize)>,
    held: Vec<bool>,
}

impl Sub {
    fn new(compiled: &Compiled, pred: &Pred, vars: &[usize]) -> Option<Sub> {
        let mut own = Vec::new();
        pred.for_each_var(&mut |v| own.push(v));
        own.sort_unstable();
        own.dedup();
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
}

/// The outcome of a capability per cell of `vars`; empty when too many cells.
fn capability_table(
    compiled: &Compiled,
    cc: &kompas_logic::CompiledCapability,
    vars: &[usize],
    tools: usize,
) -> Vec<u16> {
    let space = Space::new(&compiled.vars, vars);
    let size = space.size();
    if size > MAX_TABLE || 3 * (tools + 1) >= usize::from(NOTHING) {
        return Vec::new();
    }
    let sub = |list: &[kompas_logic::CompiledNamed]| -> Option<Vec<Option<Sub>>> {
        list.iter()
            .map(|n| match &n.pred {
                Some(p) => Sub::new(compiled, p, vars).map(Some),
                None => Some(None),
            })
            .collect()
    };
    let (Some(triggers), Some(skip_if), Some(now_if), Some(later_if)) = (
        sub(&cc.triggers),
        sub(&cc.skip_if),
        sub(&cc.now_if),
        sub(&cc.later_if),
    ) else {
        return Vec::new();
    };
    let tool_subs: Option<Vec<Option<Sub>>> = cc
        .tools
        .iter()
        .map(|w| match w {
            Some(p) => Sub::new(compiled, p, vars).map(Some),
            None => Some(None),
        })
        .collect();
    let Some(tool_subs) = tool_subs else {
        return Vec::new();
    };
    let radix = space.radix();
    let mut coords = vec![0usize; vars.len()];
    let mut codes = Vec::with_capacity(size);
    let met = |s: &Option<Sub>, coords: &[usize]| s.as_ref().is_some_and(|s| s.holds(coords));
    for _ in 0..size {
        let v = verdict_of(
            cc.otherwise,
            triggers.iter().map(|s| met(s, &coords)),
            skip_if.iter().map(|s| met(s, &coords)),
            now_if.iter().map(|s| met(s, &coords)),
            later_if.iter().map(|s| met(s, &coords)),
        );
        let tool = tool_subs
            .iter()
            .position(|s| met(s, &coords))
            .or(cc.default_tool);
        codes.push(capability_code(v.verdict, tool, tools));
        for i in (0..coords.len()).rev() {
            coords[i] += 1;
            if coords[i] < radix[i] {
                break;
            }
            coords[i] = 0;
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_agree_with_the_conditions() {
        let kb = kompas_kb::builtin::load().expect("the built-in KB loads");
        let compiled = kompas_logic::compile(&kb);
        let targets = targets(&kb, &compiled);
        // Targets beyond MAX_TABLE cells are evaluated directly (no table);
        // every other one must be tabulated.
        assert!(
            targets
                .iter()
                .all(|t| !t.codes.is_empty()
                    || Space::new(&compiled.vars, &t.vars).size() > MAX_TABLE),
            "every table within the budget built"
        );
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
