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
    profile: &'p Profile,
    /// The class of every answer of the profile.
    classes: Vec<usize>,
    /// A copy of the profile to change (made on first use).
    q: Vec<i64>,
}

impl<'e, 'p> WhatIf<'e, 'p> {
    pub(crate) fn new(
        compiled: &'e Compiled,
        prepared: &'e Prepared,
        profile: &'p Profile,
    ) -> Self {
        let classes = compiled
            .vars
            .iter()
            .zip(profile.values())
            .map(|(var, x)| var.class_of(*x))
            .collect();
        WhatIf {
            compiled,
            prepared,
            profile,
            classes,
            q: Vec::new(),
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
    pub(crate) fn is_given(&self, v: usize) -> bool {
        self.profile.is_given(v)
    }

    /// Whether the profile answered variable `v` unknown.
    pub(crate) fn is_unknown(&self, v: usize) -> bool {
        self.profile.is_unknown(v)
    }

    /// Whether variable `v` was left out (its default is assumed).
    pub(crate) fn is_assumed(&self, v: usize) -> bool {
        !self.is_given(v) && !self.is_unknown(v)
    }

    /// Whether variable `v` follows a derived fact: the profile left it out
    /// and its default is derived.
    fn follows_var(&self, v: usize) -> bool {
        self.is_assumed(v) && self.compiled.derived_default(v).is_some()
    }

    /// The answers that can move `t` for this profile: the variables it reads
    /// and, through the derived defaults of those the profile left out, the
    /// variables those read (recursively). Sorted.
    pub(crate) fn effective<'t>(&self, t: &'t Target) -> Cow<'t, [usize]> {
        if !self.follows_any(t) {
            return Cow::Borrowed(&t.vars);
        }
        let mut out = t.vars.clone();
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

    /// Whether some derived default that can reach `t` is followed: then a
    /// change of an answer may change other answers too.
    pub(crate) fn follows_any(&self, t: &Target) -> bool {
        !t.defaults.is_empty() && t.defaults.iter().any(|&i| self.follows(i))
    }

    /// Whether derived default `i` (a position in `Compiled::derived_defaults`) is followed.
    fn follows(&self, i: usize) -> bool {
        self.follows_var(self.compiled.derived_defaults[i].var)
    }

    /// Whether a change of `v` can change a followed derived default of `t`.
    #[inline]
    pub(crate) fn reaches_default(&self, t: &Target, v: usize) -> bool {
        !t.defaults.is_empty()
            && t.defaults.iter().any(|&i| {
                self.follows(i) && self.prepared.default_reads[i].binary_search(&v).is_ok()
            })
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
        self.probe_class(t, p, base, v, (self.classes[v], to), value)
    }

    /// [`WhatIf::probe`] when the classes of the old and the new value,
    /// `(from, to)`, are known.
    pub(crate) fn probe_class(
        &mut self,
        t: &Target,
        p: &[i64],
        base: Option<Cell>,
        v: usize,
        (from, to): (usize, usize),
        value: i64,
    ) -> u16 {
        if let Some(cell) = base {
            if !self.reaches_default(t, v) {
                return match t.vars.binary_search(&v) {
                    Ok(i) => t.code(t.shift(cell, i, from, to)),
                    Err(_) => t.code(cell),
                };
            }
        }
        let mut q = std::mem::take(&mut self.q);
        q.clear();
        q.extend_from_slice(p);
        q[v] = value;
        self.recompute(t, &mut q, &[v]);
        let code = t.outcome(self.compiled, &q);
        self.q = q;
        code
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
