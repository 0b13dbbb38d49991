//! Decision logic shared by the checker and the engine.
//!
//! - [`vars`]: inputs as dense typed variables, and their finite class partitions;
//! - [`pred`]: compiled predicates over a dense profile, with explanations;
//! - [`compile`]: [`kompas_kb::Kb`] -> [`Compiled`], collecting every problem;
//! - [`space`]: the finite product space of a decision's variables;
//! - [`verdict`]: a Layer 2 capability's verdict and tool pick.
//!
//! The classes make the analysis exact: every comparison in the KB splits a
//! variable's domain at its threshold, so one representative per class stands
//! for all values of the class, and enumerating the product of classes covers
//! every possible profile.

pub mod compile;
mod consistency;
mod defaults;
mod inline;
mod outcome;
pub mod pred;
pub mod space;
pub mod vars;
pub mod verdict;

pub use compile::{
    compile, CompileIssue, Compiled, CompiledCapability, CompiledConsistency, CompiledDecision,
    CompiledDerived, CompiledNamed, CompiledRule, DerivedDefault, MAX_PROOF_CELLS, MAX_TABLE,
};
pub use pred::{IntOp, Leaf, LeafSubject, Pred, NO_VAR};
pub use space::Space;
pub use vars::{Domain, Var};
pub use verdict::{verdict_of, VerdictOutcome, VerdictStep};
