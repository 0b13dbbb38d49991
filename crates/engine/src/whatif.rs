//! What if an answer were different: the outcome of a profile with one answer
//! changed, read from the outcome tables ([`crate::targets`]).
//!
//! Three questions of an assessment ask it:
//!
//! - **close calls**: does a one-step change of a given answer (an integer
//!   plus or minus one, an ordered enum to its neighbour) change an outcome?
//! - **assumptions that decide something**: does another answer to an input
//!   the profile left out change an outcome?
//! - **completions** of unknown answers ([`crate::openness`]).
//!
//! An input the profile left out whose default is a derived fact follows the
//! answers that fact reads, so changing one of those answers can change the
//! input too. Such changes are recomputed on a copy of the profile; every
//! other change is one table read (the cell moves by the class difference
//! times the variable's stride).

use std::borrow::Cow;

use kompas_kb::InputType;
use kompas_logic::Compiled;

use crate::prepared::Prepared;
use crate::profile::Profile;
use crate::targets::{Cell, Target};

/// Per-assessment state for asking "what if".
pub(crate) struct WhatIf<'e, 'p> {
    pub compiled: &'e Compiled,
    pub prepared: &'e Prepared,
    /// The profile asked about (its answers are read into `state` and `classes`).
    profile: std::marker::PhantomData<&'p Profile>,
    /// The class of every answer of the profile.
    classes: Vec<usize>,
    /// A copy of the profile to change (made on first use).
    q: Vec<i64>,
    /// Scratch: the classes a probe changes, (variable, class).
    changed: Vec<(usize, usize)>,
    /// Per derived default with a table: the profile's cell in it.
    default_cells: Vec<usize>,
    /// Scratch for [`WhatIf::effective`].
    eff: Vec<usize>,
    /// Per variable: what the profile says of it.
    state: Vec<Answered>,
    /// Per derived default: whether the profile follows it (left its input out).
    followed: Vec<bool>,
    /// `followed` as a bitmask, when the prepared masks exist.
    followed_mask: Option<u64>,
    /// With the masks: per variable and class (at `Prepared::class_at`), the
    /// classes the followed derived defaults take when that variable takes
    /// that class, as a span of `follow_changes` (made on first use; the
    /// same for every outcome). `NOT_YET` / `NO_TABLE` otherwise.
    follow_spans: Vec<(u32, u32)>,
    /// (variable, class before, class after) of the followed derived defaults.
    follow_changes: Vec<(usize, usize, usize)>,
}

/// A [`WhatIf::follow_spans`] entry not computed yet.
const NOT_YET: (u32, u32) = (u32::MAX, 0);
/// A [`WhatIf::follow_spans`] entry whose defaults lack a table.
const NO_TABLE: (u32, u32) = (u32::MAX - 1, 0);

/// What a profile says of a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answered {
    Given,
    Unknown,
    /// Left out: its default is assumed.
    Assumed,
}

impl<'e, 'p> WhatIf<'e, 'p> {
    pub(crate) fn new(
        compiled: &'e Compiled,
        prepared: &'e Prepared,
        profile: &'p Profile,
    ) -> Self {
        let classes: Vec<usize> = compiled
            .vars
            .iter()
            .zip(profile.values())
            .map(|(var, x)| var.class_of(*x))
            .collect();
        let default_cells = prepared
            .derived_tables
            .iter()
            .map(|table| {
                table.as_ref().map_or(0, |t| {
                    t.reads
                        .iter()
                        .zip(&t.strides)
                        .map(|(r, s)| classes[*r] * s)
                        .sum()
                })
            })
            .collect();
        let state: Vec<Answered> = (0..classes.len())
            .map(|v| {
                if profile.is_given(v) {
                    Answered::Given
                } else if profile.is_unknown(v) {
                    Answered::Unknown
                } else {
                    Answered::Assumed
                }
            })
            .collect();
        let followed: Vec<bool> = compiled
            .derived_defaults
            .iter()
            .map(|dd| state[dd.var] == Answered::Assumed)
            .collect();
        let followed_mask = (!prepared.default_readers.is_empty()).then(|| {
            followed
                .iter()
                .enumerate()
                .filter(|(_, f)| **f)
                .fold(0, |acc, (i, _)| acc | 1 << i)
        });
        WhatIf {
            follow_spans: Vec::new(),
            follow_changes: Vec::new(),
            state,
            followed,
            followed_mask,
            default_cells,
            compiled,
            prepared,
            profile: std::marker::PhantomData,
            classes,
            q: Vec::new(),
            changed: Vec::with_capacity(8),
            eff: Vec::new(),
        }
    }

    /// The class of the profile's answer to variable `v`.
    pub(crate) fn class(&self, v: usize) -> usize {
        self.classes[v]
    }

    /// The cell of the profile in `t`'s tables.
    #[inline]
    pub(crate) fn base_cell(&self, t: &Target) -> Cell {
        t.cell_of(|v| self.classes[v])
    }

    /// Whether the profile gave variable `v`.
    #[inline]
    pub(crate) fn is_given(&self, v: usize) -> bool {
        self.state[v] == Answered::Given
    }

    /// Whether the profile answered variable `v` unknown.
    #[inline]
    pub(crate) fn is_unknown(&self, v: usize) -> bool {
        self.state[v] == Answered::Unknown
    }

    /// Whether variable `v` was left out (its default is assumed).
    #[inline]
    pub(crate) fn is_assumed(&self, v: usize) -> bool {
        self.state[v] == Answered::Assumed
    }

    /// Whether variable `v` follows a derived fact: the profile left it out
    /// and its default is derived.
    fn follows_var(&self, v: usize) -> bool {
        self.is_assumed(v) && self.compiled.derived_default(v).is_some()
    }

    /// The answers that can move `t` for this profile: the variables it reads
    /// and, through the derived defaults of those the profile left out, the
    /// variables those read (recursively). Sorted. Hand it back with
    /// [`WhatIf::give_back`], so its buffer serves the next outcome.
    pub(crate) fn effective<'t>(&mut self, t: &'t Target) -> Cow<'t, [usize]> {
        if !self.follows_any(t) {
            return Cow::Borrowed(&t.vars);
        }
        let mut out = std::mem::take(&mut self.eff);
        out.clear();
        out.extend_from_slice(&t.vars);
        let mut i = 0;
        while i < out.len() {
            let v = out[i];
            if self.follows_var(v) {
                if let Some(dd) = self.compiled.derived_default(v) {
                    for &r in &dd.reads {
                        if !out.contains(&r) {
                            out.push(r);
                        }
                    }
                }
            }
            i += 1;
        }
        out.sort_unstable();
        Cow::Owned(out)
    }

    /// Takes back the buffer of an [`WhatIf::effective`] list.
    pub(crate) fn give_back(&mut self, eff: Cow<'_, [usize]>) {
        if let Cow::Owned(v) = eff {
            self.eff = v;
        }
    }

    /// Whether some derived default that can reach `t` is followed: then a
    /// change of an answer may change other answers too.
    #[inline]
    pub(crate) fn follows_any(&self, t: &Target) -> bool {
        match self.followed_mask {
            Some(mask) => mask & t.default_mask != 0,
            None => t.defaults.iter().any(|&i| self.followed[i]),
        }
    }

    /// Whether a change of `v` can change a followed derived default of `t`.
    #[inline]
    pub(crate) fn reaches_default(&self, t: &Target, v: usize) -> bool {
        match self.followed_mask {
            Some(mask) => mask & t.default_mask & self.prepared.default_readers[v] != 0,
            None => t.defaults.iter().any(|&i| {
                self.followed[i] && self.prepared.default_reads[i].binary_search(&v).is_ok()
            }),
        }
    }

    /// Recomputes, on `q`, the followed derived defaults of `t` (not those of
    /// the variables in `fixed`, which count as given).
    pub(crate) fn recompute(&self, t: &Target, q: &mut [i64], fixed: &[usize]) {
        for &i in &t.defaults {
            let dd = &self.compiled.derived_defaults[i];
            if !self.follows_var(dd.var) || fixed.contains(&dd.var) {
                continue;
            }
            if let Some(Some(fact)) = self.compiled.derived.get(dd.fact) {
                let value = fact.value(q) as usize;
                q[dd.var] = dd.map.get(value).copied().unwrap_or(q[dd.var]);
            }
        }
    }

    /// The outcome of `t` with variable `v` given the dense value `value`;
    /// `base` is the cell of the profile (`None` when `t` has no table).
    pub(crate) fn probe(
        &mut self,
        t: &Target,
        p: &[i64],
        base: Option<Cell>,
        v: usize,
        value: i64,
    ) -> u16 {
        let to = self.compiled.vars[v].class_of(value);
        self.probe_class(t, p, base, v, (self.classes[v], to), || value)
    }

    /// [`WhatIf::probe`] when the classes of the old and the new value,
    /// `(from, to)`, are known; the new value is only asked for when the
    /// outcome must be evaluated.
    pub(crate) fn probe_class(
        &mut self,
        t: &Target,
        p: &[i64],
        base: Option<Cell>,
        v: usize,
        (from, to): (usize, usize),
        value: impl FnOnce() -> i64,
    ) -> u16 {
        if let Some(cell) = base {
            let cell = match t.vars.binary_search(&v) {
                Ok(i) => t.shift(cell, i, from, to),
                Err(_) => cell,
            };
            if !self.reaches_default(t, v) {
                return t.code(cell);
            }
            if self.followed_mask.is_some() {
                if let Some((from_at, to_at)) = self.followed(v, to) {
                    let mut cell = cell;
                    for &(x, old, new) in &self.follow_changes[from_at..to_at] {
                        if let Ok(k) = t.vars.binary_search(&x) {
                            cell = t.shift(cell, k, old, new);
                        }
                    }
                    return t.code(cell);
                }
            } else if let Some(cell) = self.follow_defaults(t, cell, v, to) {
                return t.code(cell);
            }
        }
        self.recomputed(t, p, v, value())
    }

    /// [`WhatIf::probe`] the long way: the profile changed, its followed
    /// derived defaults recomputed, the outcome evaluated.
    fn recomputed(&mut self, t: &Target, p: &[i64], v: usize, value: i64) -> u16 {
        let mut q = std::mem::take(&mut self.q);
        q.clear();
        q.extend_from_slice(p);
        q[v] = value;
        self.recompute(t, &mut q, &[v]);
        let code = t.outcome(self.compiled, &q);
        self.q = q;
        code
    }

    /// The span of `follow_changes` that says how the followed derived
    /// defaults follow variable `v` taking class `to` (made once per
    /// assessment); `None` when one of them has no table.
    fn followed(&mut self, v: usize, to: usize) -> Option<(usize, usize)> {
        let at = self.prepared.class_at[v] + to;
        if self.follow_spans.is_empty() {
            self.follow_spans = vec![NOT_YET; self.prepared.class_count];
        }
        let span = match self.follow_spans[at] {
            NOT_YET => {
                let from = self.follow_changes.len();
                let span = match self.follow_all(v, to) {
                    Some(()) => (from as u32, self.follow_changes.len() as u32),
                    None => {
                        self.follow_changes.truncate(from);
                        NO_TABLE
                    }
                };
                self.follow_spans[at] = span;
                span
            }
            span => span,
        };
        (span != NO_TABLE).then_some((span.0 as usize, span.1 as usize))
    }

    /// Appends to `follow_changes` what every followed derived default that
    /// `v` reaches becomes when `v` takes class `to` (needs the masks).
    fn follow_all(&mut self, v: usize, to: usize) -> Option<()> {
        let start = self.follow_changes.len();
        let mut todo = self.followed_mask? & self.prepared.default_readers[v];
        while todo != 0 {
            let i = todo.trailing_zeros() as usize;
            todo &= todo - 1;
            let dd = &self.compiled.derived_defaults[i];
            if dd.var == v {
                continue;
            }
            let table = self.prepared.derived_tables[i].as_ref()?;
            let class_now = |x: usize, changes: &[(usize, usize, usize)]| {
                changes
                    .iter()
                    .find(|c| c.0 == x)
                    .map(|c| c.2)
                    .or((x == v).then_some(to))
            };
            let mut index = self.default_cells[i];
            let mut moved = false;
            for (j, &r) in table.reads.iter().enumerate() {
                if let Some(class) = class_now(r, &self.follow_changes[start..]) {
                    index = index - self.classes[r] * table.strides[j] + class * table.strides[j];
                    moved = true;
                }
            }
            if !moved {
                continue;
            }
            let new = usize::from(table.class[index]);
            let old = self.classes[dd.var];
            if new != old {
                self.follow_changes.push((dd.var, old, new));
            }
        }
        Some(())
    }

    /// The cell of `t` once the followed derived defaults it can reach have
    /// followed variable `v`'s change to class `to` (`cell` has the change of
    /// `v` itself), read from their tables; `None` when one has no table.
    /// (Without the masks; with them, [`WhatIf::followed`] does it once for
    /// every outcome.)
    fn follow_defaults(&mut self, t: &Target, mut cell: Cell, v: usize, to: usize) -> Option<Cell> {
        let mut changed = std::mem::take(&mut self.changed);
        changed.clear();
        changed.push((v, to));
        let mut result = Some(());
        for &i in &t.defaults {
            if !self.followed[i] {
                continue;
            }
            let dd = &self.compiled.derived_defaults[i];
            if dd.var == v {
                continue;
            }
            let Some(table) = self.prepared.derived_tables[i].as_ref() else {
                result = None;
                break;
            };
            // The profile's cell, moved by the classes changed so far.
            let mut index = self.default_cells[i];
            let mut moved = false;
            for &(x, class) in &changed {
                if let Ok(j) = table.reads.binary_search(&x) {
                    index = index - self.classes[x] * table.strides[j] + class * table.strides[j];
                    moved = true;
                }
            }
            if !moved {
                continue;
            }
            let new = usize::from(table.class[index]);
            let old = self.classes[dd.var];
            if new != old {
                changed.push((dd.var, new));
                if let Ok(k) = t.vars.binary_search(&dd.var) {
                    cell = t.shift(cell, k, old, new);
                }
            }
        }
        self.changed = changed;
        result.map(|()| cell)
    }

    /// The one-step neighbours of a given answer: an integer plus and minus
    /// one, an ordered enum's neighbouring values.
    pub(crate) fn neighbours(&self, v: usize, value: i64) -> [Option<i64>; 2] {
        let pv = &self.prepared.vars[v];
        match (pv.kind, &self.compiled.vars[v].domain) {
            (InputType::Integer, kompas_logic::Domain::Int { min, max }) => [
                (value > *min).then(|| value - 1),
                (value < *max).then(|| value + 1),
            ],
            (InputType::Enum, kompas_logic::Domain::Enum(values)) if pv.ordered => [
                (value > 0).then(|| value - 1),
                ((value + 1) < values.len() as i64).then(|| value + 1),
            ],
            _ => [None, None],
        }
    }

    /// Whether a class of variable `v` holds no normalised answer (a set class
    /// with an exclusive member such as `none`).
    pub(crate) fn infeasible(&self, v: usize, class: usize, base: i64) -> bool {
        let pv = &self.prepared.vars[v];
        pv.exclusive != 0
            && self.compiled.vars[v].representative(class, base) & pv.exclusive as i64 != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Probes read from the tables (derived defaults followed through theirs)
    /// agree with changing the profile and evaluating it.
    #[test]
    fn table_probes_agree_with_recomputing() {
        let engine = crate::Engine::new(kompas_kb::builtin::load().expect("the built-in KB loads"));
        let webshop = engine
            .profile_from_text(
                include_str!("../../../examples/webshop.yaml"),
                "webshop.yaml",
            )
            .expect("the webshop profile is valid");
        let mut probed = 0;
        for (profile, masks) in [
            (engine.default_profile(), true),
            (engine.default_profile(), false),
            (webshop, true),
        ] {
            let mut w = WhatIf::new(engine.compiled(), engine.prepared(), &profile);
            if !masks {
                // As for a KB with more than 64 derived defaults.
                w.followed_mask = None;
            }
            let p = profile.values();
            for t in &engine.prepared().targets {
                let base = w.base_cell(t);
                let eff = w.effective(t).into_owned();
                for v in eff {
                    let var = &engine.compiled().vars[v];
                    for class in 0..var.class_count() {
                        let value = var.representative(class, p[v]);
                        let from = w.class(v);
                        let fast = w.probe_class(t, p, Some(base), v, (from, class), || value);
                        assert_eq!(
                            fast,
                            w.recomputed(t, p, v, value),
                            "{:?} {}",
                            t.kind,
                            var.id
                        );
                        probed += 1;
                    }
                }
            }
        }
        assert!(probed > 1000, "{probed}");
    }
}
