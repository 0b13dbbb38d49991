//! `kompas check`: everything that can be proven about a knowledge base before
//! anyone relies on it.
//!
//! The loader ([`kompas_kb`]) already refuses bad YAML, unknown keys and wrong
//! types; the compiler ([`kompas_logic`]) resolves conditions. On top of that
//! the checker proves, each finding with a stable code (see
//! `docs/diagnostics.md`), a location and help:
//!
//! - duplicate ids, dangling references, cycles (K04xx);
//! - input definitions (K0307-K0312), and the statements of answers that
//!   reasons are written with (K0315);
//! - decision structure (K05xx), the areas that group decisions (K0506) and
//!   Layer 2 structure (K08xx);
//! - traceability, seed 000 §14 (K06xx);
//! - exhaustive analysis of every decision over the classes of the inputs it
//!   reads: gaps, overlaps, unreachable rules and options, with witnesses (K07xx);
//! - tool facts: retired or deprecated recommendations as of today, principle
//!   tool policies, undated or stale sources (K09xx);
//! - decision-level content that names one option's tool (K0505);
//! - influence: which inputs can move which outcome, and inputs that move
//!   nothing (K0706, [`influence`]);
//! - consistency rules, proven over every profile (K10xx).
//!
//! The report leads with a verdict: what was proven, in one paragraph.
//!
//! ```no_run
//! let today = kompas_check::today();
//! match kompas_check::load_checked(None, &today) {
//!     Ok((_kb, _compiled, report)) => print!("{}", report.render_text()),
//!     Err(report) => eprint!("{}", report.render_text()),
//! }
//! ```

mod analysis;
mod areas;
mod consistency;
mod ctx;
mod cycles;
mod date;
mod facts;
mod ids;
pub mod influence;
mod inputs;
mod option_content;
mod refs;
mod report;
pub mod sarif;
mod statements;
mod structure;
mod trace;

use std::path::Path;

use kompas_kb::{Diagnostic, Kb, Severity};
use kompas_logic::Compiled;

pub use date::{today, TODAY_ENV};
pub use influence::{Influence, StartProfile};
pub use report::{Proof, Report};

/// Checks a loaded and compiled KB as of `today` (`YYYY-MM-DD`).
///
/// Compile issues (K0301-K0306) come first as errors; every other check runs
/// regardless, so one run shows every problem.
pub fn check(kb: &Kb, compiled: &Compiled, today: &str) -> Report {
    let mut ctx = ctx::Ctx::new(kb, compiled, today);
    let precise_defaults = inputs::check(&mut ctx);
    compile_issues(&mut ctx, &precise_defaults);
    ids::check(&mut ctx);
    statements::check(&mut ctx);
    refs::check(&mut ctx);
    cycles::check(&mut ctx);
    structure::check(&mut ctx);
    areas::check(&mut ctx);
    trace::check(&mut ctx);
    let reach = analysis::check(&mut ctx);
    facts::check(&mut ctx, &reach);
    option_content::check(&mut ctx, &reach);
    let consistency = consistency::check(&mut ctx);
    let influence = influence::check(&mut ctx);
    let (inputs_moving_a_decision, decisions_movable) = influence.as_ref().map_or((0, 0), |i| {
        (
            i.inputs_moving(influence::OutcomeKind::Decision),
            i.movable(influence::OutcomeKind::Decision).1,
        )
    });
    let proof = Proof {
        decisions: kb.decisions.len(),
        inputs: kb.inputs.len(),
        influence: influence.is_some(),
        inputs_moving_a_decision,
        decisions_movable,
        consistency_rules: consistency.rules,
        consistency_proven: consistency.proven,
        tools: kb.tools.len(),
    };
    Report::with_proof(ctx.out, proof)
}

/// The compiler's issues as located errors. A K0306 about an input's default is
/// dropped when the input check already pointed at the exact value (K0310).
fn compile_issues(
    ctx: &mut ctx::Ctx,
    precise_defaults: &std::collections::HashSet<kompas_kb::Origin>,
) {
    for issue in &ctx.compiled.issues {
        if issue.code == "K0306"
            && precise_defaults.contains(&issue.origin)
            && issue.message.contains("cannot be used: default")
        {
            continue;
        }
        let mut d = Diagnostic::new(issue.code, Severity::Error, issue.message.clone())
            .at(ctx.kb.locate(&issue.origin));
        d.help = issue.help.clone();
        ctx.out.push(d);
    }
}

/// Loads a KB from `dir` (or the built-in KB when `None`), compiles and checks it.
///
/// `Err` when loading fails or the check finds errors (the report says why);
/// `Ok` carries the KB, its compiled form and the warnings and infos.
pub fn load_checked(dir: Option<&Path>, today: &str) -> Result<(Kb, Compiled, Report), Report> {
    let loaded = match dir {
        Some(dir) => kompas_kb::load_dir(dir),
        None => kompas_kb::builtin::load(),
    };
    let kb = loaded.map_err(|e| Report::new(e.diagnostics))?;
    let compiled = kompas_logic::compile(&kb);
    let report = check(&kb, &compiled, today);
    if report.has_errors() {
        Err(report)
    } else {
        Ok((kb, compiled, report))
    }
}
