//! Compiled predicates: conditions resolved to variable indices and bitmasks.
//!
//! Evaluation is a walk over a small tree of integer tests, with no string
//! compares and no allocation. Every leaf keeps the id of the [`Leaf`] it came
//! from, so an explanation can name the comparison and the answer it read.

use kompas_kb::Origin;

use crate::vars::Var;

/// Integer comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntOp {
    /// `>`
    Gt,
    /// `>=`
    Gte,
    /// `<`
    Lt,
    /// `<=`
    Lte,
    /// `==`
    Eq,
}

/// A compiled condition.
#[derive(Debug, Clone)]
pub enum Pred {
    /// Always true (an empty `all`).
    True,
    /// Always false (an empty `any`).
    False,
    /// Every child holds.
    All(Box<[Pred]>),
    /// Some child holds.
    Any(Box<[Pred]>),
    /// The child does not hold.
    Not(Box<Pred>),
    /// Enum or bool variable's value is in `mask` (bit per value index).
    InMask {
        /// Variable index.
        var: usize,
        /// Accepted value indices.
        mask: u64,
        /// Leaf id.
        leaf: usize,
    },
    /// Set variable shares a member with `mask`.
    Intersects {
        /// Variable index.
        var: usize,
        /// Members tested.
        mask: u64,
        /// Leaf id.
        leaf: usize,
    },
    /// Integer comparison.
    Int {
        /// Variable index.
        var: usize,
        /// Operator.
        op: IntOp,
        /// Right-hand side.
        rhs: i64,
        /// Leaf id.
        leaf: usize,
    },
    /// Integer is one of these values.
    IntIn {
        /// Variable index.
        var: usize,
        /// Accepted values.
        values: Box<[i64]>,
        /// Leaf id.
        leaf: usize,
    },
}

/// One comparison as written in the KB, for explanations.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// The name used in the KB (an input or a derived fact).
    pub name: String,
    /// The input variable actually read.
    pub var: usize,
    /// The comparison in words, e.g. `kubernetes_experience is none or basic`.
    pub text: String,
    /// Where the comparison is written.
    pub origin: Origin,
}

impl Pred {
    /// Evaluates against a dense profile.
    #[inline]
    pub fn eval(&self, p: &[i64]) -> bool {
        match self {
            Pred::True => true,
            Pred::False => false,
            Pred::All(children) => children.iter().all(|c| c.eval(p)),
            Pred::Any(children) => children.iter().any(|c| c.eval(p)),
            Pred::Not(child) => !child.eval(p),
            Pred::InMask { var, mask, .. } => mask & (1u64 << p[*var]) != 0,
            Pred::Intersects { var, mask, .. } => (p[*var] as u64) & mask != 0,
            Pred::Int { var, op, rhs, .. } => {
                let v = p[*var];
                match op {
                    IntOp::Gt => v > *rhs,
                    IntOp::Gte => v >= *rhs,
                    IntOp::Lt => v < *rhs,
                    IntOp::Lte => v <= *rhs,
                    IntOp::Eq => v == *rhs,
                }
            }
            Pred::IntIn { var, values, .. } => values.contains(&p[*var]),
        }
    }

    /// Evaluates and collects the leaves that decided the outcome: for a true
    /// result the leaves that made it true, for a false one those that failed.
    pub fn explain(&self, p: &[i64], out: &mut Vec<(usize, bool)>) -> bool {
        match self {
            Pred::True => true,
            Pred::False => false,
            Pred::All(children) => {
                let start = out.len();
                let mut failed = Vec::new();
                for c in children.iter() {
                    let mut sub = Vec::new();
                    if !c.explain(p, &mut sub) {
                        failed.extend(sub);
                    } else if failed.is_empty() {
                        out.extend(sub);
                    }
                }
                if failed.is_empty() {
                    true
                } else {
                    out.truncate(start);
                    out.extend(failed);
                    false
                }
            }
            Pred::Any(children) => {
                let start = out.len();
                let mut all_failed = Vec::new();
                for c in children.iter() {
                    let mut sub = Vec::new();
                    if c.explain(p, &mut sub) {
                        out.truncate(start);
                        out.extend(sub);
                        return true;
                    }
                    all_failed.extend(sub);
                }
                out.extend(all_failed);
                false
            }
            Pred::Not(child) => {
                let mut sub = Vec::new();
                let r = child.explain(p, &mut sub);
                out.extend(sub.into_iter().map(|(leaf, met)| (leaf, !met)));
                !r
            }
            Pred::InMask { leaf, .. }
            | Pred::Intersects { leaf, .. }
            | Pred::Int { leaf, .. }
            | Pred::IntIn { leaf, .. } => {
                let r = self.eval(p);
                out.push((*leaf, r));
                r
            }
        }
    }

    /// Calls `f` with every variable the predicate reads.
    pub fn for_each_var(&self, f: &mut impl FnMut(usize)) {
        match self {
            Pred::True | Pred::False => {}
            Pred::All(c) | Pred::Any(c) => c.iter().for_each(|c| c.for_each_var(f)),
            Pred::Not(c) => c.for_each_var(f),
            Pred::InMask { var, .. }
            | Pred::Intersects { var, .. }
            | Pred::Int { var, .. }
            | Pred::IntIn { var, .. } => f(*var),
        }
    }

    /// Registers the class boundaries this predicate needs on `vars`.
    pub(crate) fn register_boundaries(&self, vars: &mut [Var]) {
        match self {
            Pred::True | Pred::False | Pred::InMask { .. } => {}
            Pred::All(c) | Pred::Any(c) => c.iter().for_each(|c| c.register_boundaries(vars)),
            Pred::Not(c) => c.register_boundaries(vars),
            Pred::Intersects { var, mask, .. } => vars[*var].tested_members |= mask,
            Pred::Int { var, op, rhs, .. } => {
                let v = &mut vars[*var];
                match op {
                    IntOp::Gt | IntOp::Lte => v.add_boundary(rhs.saturating_add(1)),
                    IntOp::Gte | IntOp::Lt => v.add_boundary(*rhs),
                    IntOp::Eq => {
                        v.add_boundary(*rhs);
                        v.add_boundary(rhs.saturating_add(1));
                    }
                }
            }
            Pred::IntIn { var, values, .. } => {
                for rhs in values.iter() {
                    vars[*var].add_boundary(*rhs);
                    vars[*var].add_boundary(rhs.saturating_add(1));
                }
            }
        }
    }
}
