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
    /// A named outcome, inlined: an enum derived fact's value, another
    /// decision's recommendation or a capability's tool pick. It evaluates its
    /// predicate (over base inputs only), but explains as one comparison, so a
    /// person reads "cni is cilium" rather than the CNI's rules.
    Ref {
        /// The inlined predicate.
        pred: Box<Pred>,
        /// Leaf id.
        leaf: usize,
    },
}

/// What a comparison is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafSubject {
    /// An input (possibly under the name of a `same_as` or boolean derived fact).
    Input,
    /// An enum derived fact, by index in `Kb::derived`.
    Fact(usize),
    /// Another decision's recommendation, by index in `Kb::decisions`.
    Decision(usize),
    /// A capability's tool pick, by index in `Kb::capabilities`.
    Capability(usize),
}

/// One comparison as written in the KB, for explanations.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// The name used in the KB (an input, a derived fact, a decision or a capability).
    pub name: String,
    /// The input variable actually read ([`NO_VAR`] unless `subject` is an input).
    pub var: usize,
    /// What the comparison is about.
    pub subject: LeafSubject,
    /// The comparison in words, e.g. `kubernetes_experience is none or basic`.
    pub text: String,
    /// The comparison negated in words, when the compiler knows it (named outcomes).
    pub negated: Option<String>,
    /// Where the comparison is written.
    pub origin: Origin,
}

/// [`Leaf::var`] of a comparison that reads no single input.
pub const NO_VAR: usize = usize::MAX;

impl Pred {
    /// Number of nodes (to bound inlining).
    pub fn size(&self) -> usize {
        match self {
            Pred::All(c) | Pred::Any(c) => 1 + c.iter().map(Pred::size).sum::<usize>(),
            Pred::Not(c) => 1 + c.size(),
            Pred::Ref { pred, .. } => 1 + pred.size(),
            _ => 1,
        }
    }

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
            Pred::Ref { pred, .. } => pred.eval(p),
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
            | Pred::IntIn { leaf, .. }
            | Pred::Ref { leaf, .. } => {
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
            Pred::Ref { pred, .. } => pred.for_each_var(f),
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
            Pred::Ref { pred, .. } => pred.register_boundaries(vars),
            Pred::Intersects { var, mask, .. } => vars[*var].add_atom(*mask),
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
