//! Decision logic shared by the checker and the engine.
//!
//! - [`vars`]: inputs as dense typed variables, and their finite class partitions;
//! - [`pred`]: compiled predicates over a dense profile, with explanations;
//! - [`compile`]: [`kompas_kb::Kb`] -> [`Compiled`], collecting every problem;
//! - [`space`]: the finite product space of a decision's variables.
//!
//! The classes make the analysis exact: every comparison in the KB splits a
//! variable's domain at its threshold, so one representative per class stands
//! for all values of the class, and enumerating the product of classes covers
//! every possible profile.

pub mod compile;
pub mod pred;
pub mod space;
pub mod vars;

pub use compile::{
    compile, CompileIssue, Compiled, CompiledCapability, CompiledDecision, CompiledDerived,
    CompiledNamed, CompiledRule,
};
pub use pred::{IntOp, Leaf, Pred};
pub use space::Space;
pub use vars::{Domain, Var};
