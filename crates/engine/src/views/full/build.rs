//! Builds the `full` view from an assessment, borrowing from it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rustc_hash::FxBuildHasher;

use super::*;

/// The `full` view of an assessment (borrowing from it).
pub fn full<'a>(a: &'a Assessment<'a>) -> FullView<'a> {
    let mut once = Once::default();
    let decisions = a.decisions.iter().map(|d| decision(d, &mut once)).collect();
    let layer2 = a.layer2.iter().map(|c| capability(c, &mut once)).collect();
    FullView {
        view: Cow::Borrowed("full"),
        kb: Cow::Borrowed(&a.kb),
        lang: a.lang,
        profile: Cow::Borrowed(&a.profile),
        answers: a
            .answers
            .iter()
            .map(|x| FullAnswer {
                input: b(&x.input),
                value: x.value.clone(),
                source: x.source,
                assumed: x.assumed,
                given: x.given.as_deref().map(Cow::Borrowed),
                derived_from: x.derived_from.as_ref().map(|d| b(&d.fact)),
            })
            .collect(),
        derived_facts: a
            .derived_facts
            .iter()
            .map(|f| FullDerivedFact {
                id: b(&f.id),
                value: f.value.clone(),
                because: f.because.as_deref().map(Cow::Borrowed),
                inputs: Cow::Borrowed(&f.inputs),
            })
            .collect(),
        facts: once.facts.list,
        decisions,
        areas: a
            .areas
            .iter()
            .map(|area| FullArea {
                id: b(&area.id),
                decisions: Cow::Borrowed(&area.decisions),
            })
            .collect(),
        layer2,
        open_questions: a.open_questions.iter().map(open_question).collect(),
        tradeoffs: once.tradeoffs,
        layer0: once.layer0,
        next_questions: a
            .next_questions
            .iter()
            .map(|q| FullNextQuestion {
                input: b(&q.input),
                state: q.state,
                value: q.value.clone(),
                settles: Cow::Borrowed(&q.settles),
                narrows: Cow::Borrowed(&q.narrows),
                why: b(&q.why),
                answers_question: q.answers_question.as_deref().map(Cow::Borrowed),
            })
            .collect(),
        findings: a.findings.iter().map(|x| finding(x)).collect(),
        summary: Cow::Borrowed(&a.summary),
        flips_computed: a.flips_computed,
    }
}

fn b<'a>(s: &'a Txt<'_>) -> Txt<'a> {
    Cow::Borrowed(s)
}

fn decision<'a>(d: &'a DecisionAssessment<'a>, once: &mut Once<'a>) -> FullDecision<'a> {
    FullDecision {
        id: b(&d.id),
        layer: d.layer,
        title: b(&d.title),
        recommendation: d.recommendation.as_ref().map(|r| FullRecommendation {
            option: b(&r.option),
            tools: Cow::Borrowed(&r.tools),
            rule: b(&r.rule),
            seed_choice: r.seed_choice,
        }),
        because: d
            .because
            .iter()
            .map(|x| FullBecause {
                rule: b(&x.rule),
                priority: x.priority,
                default: x.default,
                condition: x.condition.as_deref().map(Cow::Borrowed),
                facts: once.facts.ids(&x.facts),
                derived: Cow::Borrowed(&x.derived),
                notes: Cow::Borrowed(&x.notes),
            })
            .collect(),
        alternatives: d
            .alternatives
            .iter()
            .map(|alt| {
                if let Some(s) = &alt.superseded {
                    once.traces(&s.principles);
                }
                FullAlternative {
                    option: b(&alt.option),
                    tools: Cow::Borrowed(&alt.tools),
                    applies: alt.applies,
                    why_not: Cow::Borrowed(&alt.why_not),
                    seed_choice: alt.seed_choice,
                    rules: alt
                        .rules
                        .iter()
                        .map(|r| FullRuleCheck {
                            rule: b(&r.rule),
                            priority: r.priority,
                            default: r.default,
                            holds: r.holds,
                            condition: r.condition.as_deref().map(Cow::Borrowed),
                            facts: once.facts.ids(&r.facts),
                        })
                        .collect(),
                }
            })
            .collect(),
        traces_to: once.traces(&d.traces_to),
        tradeoffs: once.tradeoffs(&d.tradeoffs),
        open_questions: question_ids(&d.open_questions),
        flips: d
            .flips
            .iter()
            .map(|x| FullFlip {
                option: b(&x.option),
                rule: b(&x.rule),
                distance: x.distance,
                changes: Cow::Borrowed(&x.changes),
            })
            .collect(),
        reads: Cow::Borrowed(&d.reads),
        status: d.status,
        provisional: d.provisional,
        exhaustive: d.exhaustive,
        decided_despite: Cow::Borrowed(&d.decided_despite),
        possible: d
            .possible
            .iter()
            .map(|x| FullPossible {
                option: b(&x.option),
                title: x.option.is_empty().then(|| b(&x.title)),
                provisional: x.provisional,
                when: Cow::Borrowed(&x.when),
                text: b(&x.text),
            })
            .collect(),
        possible_text: d.possible_text.as_deref().map(Cow::Borrowed),
        blocked_by: Cow::Borrowed(&d.blocked_by),
        close_call: d
            .close_call
            .iter()
            .map(|x| FullCloseCall {
                input: b(&x.input),
                from: x.from.clone(),
                to: x.to.clone(),
                option: b(&x.option),
                title: x.option.is_empty().then(|| b(&x.title)),
            })
            .collect(),
    }
}

fn capability<'a>(c: &'a CapabilityAssessment<'a>, once: &mut Once<'a>) -> FullCapability<'a> {
    let mut checks = |list: &'a [ConditionCheck<'a>]| -> Vec<FullConditionCheck<'a>> {
        list.iter()
            .map(|x| FullConditionCheck {
                id: b(&x.id),
                status: x.status,
                detail: once.facts.ids(&x.detail),
            })
            .collect()
    };
    let triggers = checks(&c.triggers);
    let skip_if = checks(&c.skip_if);
    let now_if = checks(&c.now_if);
    let later_if = checks(&c.later_if);
    FullCapability {
        id: b(&c.id),
        layer: c.layer,
        title: b(&c.title),
        complexity: c.complexity,
        verdict: c.verdict,
        rank: c.rank,
        start_here: c.start_here,
        decided_by: FullDecidedBy {
            step: c.decided_by.step,
            condition: c.decided_by.condition.as_deref().map(Cow::Borrowed),
        },
        triggers,
        skip_if,
        now_if,
        later_if,
        tool: c.tool.as_ref().map(|t| FullToolPick {
            id: b(&t.id),
            title: b(&t.title),
            tools: Cow::Borrowed(&t.tools),
            default: t.default,
            facts: once.facts.ids(&t.facts),
        }),
        traces_to: once.traces(&c.traces_to),
        open_questions: question_ids(&c.open_questions),
        status: c.status,
        provisional: c.provisional,
        exhaustive: c.exhaustive,
        decided_despite: Cow::Borrowed(&c.decided_despite),
        possible: Cow::Borrowed(&c.possible),
        possible_text: c.possible_text.as_deref().map(Cow::Borrowed),
        blocked_by: Cow::Borrowed(&c.blocked_by),
        close_call: Cow::Borrowed(&c.close_call),
    }
}

fn finding<'a>(f: &'a Finding<'static>) -> FullFinding<'a> {
    let opt = |t: &'a Option<Txt<'static>>| t.as_deref().map(Cow::Borrowed);
    FullFinding {
        code: b(&f.code),
        severity: f.severity,
        kind: f.kind,
        decision: b(&f.decision),
        option: opt(&f.option),
        tool: opt(&f.tool),
        principle: opt(&f.principle),
        message: b(&f.message),
        accepted_by: opt(&f.accepted_by),
        consistency: opt(&f.consistency),
    }
}

/// A KB question keeps only what the profile changes; a generated one keeps its texts.
fn open_question<'a>(q: &'a OpenQuestionView<'static>) -> FullOpenQuestion<'a> {
    let own = |t: &'a Option<Txt<'static>>| t.as_deref().filter(|_| q.generated).map(Cow::Borrowed);
    FullOpenQuestion {
        id: b(&q.id),
        text: q.generated.then(|| b(&q.text)),
        blocking: q.blocking,
        priority: q.priority,
        decide_by: own(&q.decide_by),
        default_assumption: own(&q.default_assumption),
        decisions: Cow::Borrowed(&q.decisions),
        input: q.input.as_deref().map(Cow::Borrowed),
        blocks: Cow::Borrowed(&q.blocks),
        generated: q.generated,
    }
}

fn question_ids<'a>(list: &'a [OpenQuestionView<'static>]) -> Ids<'a> {
    list.iter().map(|q| b(&q.id)).collect()
}

/// Keys come from the KB and a collision costs only time, so the fast
/// non-DoS-resistant hasher will do.
type IdSet<'a> = HashSet<&'a str, FxBuildHasher>;

/// Collects the items written once, in the order they are first met.
#[derive(Default)]
struct Once<'a> {
    layer0: Vec<FullLayer0<'a>>,
    tradeoffs: Vec<FullTradeoff<'a>>,
    /// The ids in `layer0`.
    layer0_ids: IdSet<'a>,
    /// The ids in `tradeoffs`.
    tradeoff_ids: IdSet<'a>,
    facts: FactTable<'a>,
}

impl<'a> Once<'a> {
    fn traces(&mut self, refs: &'a [TraceRef<'static>]) -> Ids<'a> {
        refs.iter()
            .map(|t| {
                if self.layer0_ids.insert(&t.id) {
                    self.layer0.push(FullLayer0 {
                        id: b(&t.id),
                        kind: t.kind,
                    });
                }
                b(&t.id)
            })
            .collect()
    }

    fn tradeoffs(&mut self, list: &'a [TradeoffView<'static>]) -> Ids<'a> {
        list.iter()
            .map(|t| {
                if self.tradeoff_ids.insert(&t.id) {
                    let favours = self.traces(&t.favours);
                    let over = self.traces(&t.over);
                    self.tradeoffs.push(FullTradeoff {
                        id: b(&t.id),
                        favours,
                        over,
                    });
                }
                b(&t.id)
            })
            .collect()
    }
}

/// The `facts` table: each distinct fact once, by position.
///
/// A fact is looked up by its input, condition and whether it holds (the
/// same comparison is written in many rules, each its own text), and a hit
/// is confirmed by comparing the whole fact.
#[derive(Default)]
struct FactTable<'a> {
    list: Vec<Cow<'a, Fact<'a>>>,
    by_condition: HashMap<(&'a str, &'a str, bool), u32, FxBuildHasher>,
}

impl<'a> FactTable<'a> {
    fn ids(&mut self, facts: &'a [Fact<'a>]) -> FactIds {
        facts.iter().map(|f| self.id(f)).collect()
    }

    fn id(&mut self, fact: &'a Fact<'a>) -> u32 {
        let key = (&*fact.input, &*fact.condition, fact.met);
        match self.by_condition.get(&key) {
            Some(&i) if *self.list[i as usize] == *fact => return i,
            // Another fact with the same comparison (rare): look it up in full.
            Some(_) => {
                if let Some(i) = self.list.iter().position(|f| **f == *fact) {
                    return i as u32;
                }
            }
            None => {}
        }
        let i = self.list.len() as u32;
        self.list.push(Cow::Borrowed(fact));
        self.by_condition.entry(key).or_insert(i);
        i
    }
}
