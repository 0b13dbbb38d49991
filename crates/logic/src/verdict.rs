//! The verdict of a Layer 2 capability and the tool it picks, from its compiled
//! conditions. The order of the steps is the contract documented on
//! `kompas_kb::Capability`; the engine, the checker and the influence analysis
//! all use this one implementation.

use kompas_kb::Verdict;

use crate::compile::{CompiledCapability, CompiledNamed};

/// The step of the timing rules that decided a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerdictStep {
    /// A `later_if` was met while there is a need.
    LaterIf,
    /// A `now_if` was met.
    NowIf,
    /// A trigger was met and no skip-if.
    Trigger,
    /// A skip-if was met.
    SkipIf,
    /// Nothing called for it: the capability's `otherwise`.
    Otherwise,
}

/// A verdict and what decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerdictOutcome {
    /// Now, later or skip.
    pub verdict: Verdict,
    /// The step that decided.
    pub step: VerdictStep,
    /// Index of the deciding condition within its list (not for `otherwise`).
    pub condition: Option<usize>,
    /// Number of triggers met.
    pub triggers_met: usize,
}

/// The verdict from whether each condition is met, list by list (an unknown
/// condition is never met). Each list is read once, lazily.
pub fn verdict_of(
    otherwise: Verdict,
    triggers: impl IntoIterator<Item = bool>,
    skip_if: impl IntoIterator<Item = bool>,
    now_if: impl IntoIterator<Item = bool>,
    later_if: impl IntoIterator<Item = bool>,
) -> VerdictOutcome {
    let mut triggers_met = 0;
    let mut first_trigger = None;
    for (i, met) in triggers.into_iter().enumerate() {
        if met {
            triggers_met += 1;
            first_trigger.get_or_insert(i);
        }
    }
    let now = first_met(now_if);
    let need = first_trigger.is_some() || now.is_some();
    let outcome = |verdict, step, condition| VerdictOutcome {
        verdict,
        step,
        condition,
        triggers_met,
    };
    if need {
        if let Some(i) = first_met(later_if) {
            return outcome(Verdict::Later, VerdictStep::LaterIf, Some(i));
        }
    }
    if let Some(i) = now {
        return outcome(Verdict::Now, VerdictStep::NowIf, Some(i));
    }
    let skip = first_met(skip_if);
    if let (Some(i), None) = (first_trigger, skip) {
        return outcome(Verdict::Now, VerdictStep::Trigger, Some(i));
    }
    if let Some(i) = skip {
        return outcome(Verdict::Skip, VerdictStep::SkipIf, Some(i));
    }
    outcome(otherwise, VerdictStep::Otherwise, None)
}

fn first_met(list: impl IntoIterator<Item = bool>) -> Option<usize> {
    list.into_iter().position(|met| met)
}

impl CompiledCapability {
    /// The verdict for a dense profile.
    pub fn verdict(&self, p: &[i64]) -> VerdictOutcome {
        let met = |n: &CompiledNamed| n.pred.as_ref().is_some_and(|pr| pr.eval(p));
        verdict_of(
            self.otherwise,
            self.triggers.iter().map(met),
            self.skip_if.iter().map(met),
            self.now_if.iter().map(met),
            self.later_if.iter().map(met),
        )
    }

    /// The tool choice picked for a dense profile, whatever the verdict: the
    /// first whose condition holds, else the default.
    pub fn tool_pick(&self, p: &[i64]) -> Option<usize> {
        self.tools
            .iter()
            .position(|w| w.as_ref().is_some_and(|pr| pr.eval(p)))
            .or(self.default_tool)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_steps_follow_the_contract() {
        use Verdict::{Later, Now, Skip};
        let v = |t: &[bool], s: &[bool], n: &[bool], l: &[bool]| {
            let c = verdict_of(
                Skip,
                t.iter().copied(),
                s.iter().copied(),
                n.iter().copied(),
                l.iter().copied(),
            );
            (c.verdict, c.step, c.condition, c.triggers_met)
        };
        // `later_if` only counts when something calls for the capability.
        let idle = v(&[], &[], &[], &[true]);
        assert_eq!(idle, (Skip, VerdictStep::Otherwise, None, 0));
        let later = v(&[false, true], &[], &[], &[true]);
        assert_eq!(later, (Later, VerdictStep::LaterIf, Some(0), 1));
        // `now_if` wins over `skip_if`.
        let now = v(&[], &[true], &[false, true], &[]);
        assert_eq!(now, (Now, VerdictStep::NowIf, Some(1), 0));
        // A trigger decides when no `skip_if` is met; a `skip_if` wins over it.
        let trigger = v(&[true, true], &[false], &[], &[]);
        assert_eq!(trigger, (Now, VerdictStep::Trigger, Some(0), 2));
        let skip = v(&[true], &[false, true], &[], &[]);
        assert_eq!(skip, (Skip, VerdictStep::SkipIf, Some(1), 1));
    }
}
