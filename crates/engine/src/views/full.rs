//! The `full` view: the assessment contract with the texts that repeat
//! across decisions written once.
//!
//! Open questions, trade-offs and Layer 0 items are each written once at the
//! top level (`open_questions`, `tradeoffs`, `layer0`) and referred to by id
//! from the decisions (`traces_to`, `tradeoffs`, `open_questions`), the
//! capabilities (`traces_to`, `open_questions`), the trade-offs (`favours`,
//! `over`) and superseded options (`principles`). Everything else is the
//! expanded assessment as it is. [`expand`] turns it back into the expanded
//! shape (tested to be exact on every example profile).

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::Serialize;

use crate::output::*;
use crate::text::{Lang, Txt};

/// Ids of items written once at the top level.
pub type Ids<'a> = Vec<Txt<'a>>;

/// An assessment in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FullView<'a> {
    /// Always `full`.
    pub view: &'static str,
    /// The KB used.
    pub kb: &'a KbRef<'a>,
    /// The language of the KB texts.
    pub lang: Lang,
    /// The profile as assessed (see the expanded assessment).
    pub profile: &'a ProfileView<'a>,
    /// Every input with its value and where it came from.
    pub answers: &'a [Answer<'a>],
    /// The facts the KB derives from the answers.
    pub derived_facts: &'a [DerivedFactView<'a>],
    /// One entry per Layer 1 decision, in KB order; `traces_to`,
    /// `tradeoffs` and `open_questions` are ids into `layer0`, `tradeoffs`
    /// and `open_questions`.
    pub decisions: Vec<FullDecision<'a>>,
    /// The areas that group the decisions for readers, in reading order.
    pub areas: &'a [AreaView<'static>],
    /// One entry per Layer 2 capability; `traces_to` and `open_questions` are ids.
    pub layer2: Vec<FullCapability<'a>>,
    /// Every open question: blocking first, then by priority (the only place
    /// a question's text is written).
    pub open_questions: &'a [OpenQuestionView<'static>],
    /// Every trade-off a decision accepts, once; `favours` and `over` are
    /// ids into `layer0`.
    pub tradeoffs: Vec<FullTradeoff<'a>>,
    /// Every Layer 0 item something traces to, once.
    pub layer0: Vec<TraceRef<'a>>,
    /// The questions worth answering next, the most useful first.
    pub next_questions: &'a [NextQuestion<'a>],
    /// What the engine noticed.
    pub findings: &'a [Cow<'a, Finding<'static>>],
    /// The short version.
    pub summary: &'a Summary<'a>,
    /// Whether `flips` were computed.
    pub flips_computed: bool,
}

/// A Layer 1 decision in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FullDecision<'a> {
    /// Decision id.
    pub id: Txt<'a>,
    /// Always 1.
    pub layer: u8,
    /// Title.
    pub title: Txt<'a>,
    /// The question it answers.
    pub question: Txt<'a>,
    /// The recommended option.
    pub recommendation: Option<&'a Recommendation<'a>>,
    /// Why: the rule that decided and the facts that matched it.
    pub because: &'a [Because<'a>],
    /// Every other option; `superseded.principles` are ids into `layer0`.
    pub alternatives: Vec<FullAlternative<'a>>,
    /// Ids of the Layer 0 items it traces to (see `layer0`).
    pub traces_to: Ids<'a>,
    /// Business -> technical -> capability -> tooling.
    pub chain: Option<&'a ChainView<'static>>,
    /// The techniques that come with the recommendation.
    pub practices: &'a [PracticeView<'static>],
    /// Ids of the trade-offs the recommendation accepts (see `tradeoffs`).
    pub tradeoffs: Ids<'a>,
    /// Ids of the open questions that affect it (see `open_questions`).
    pub open_questions: Ids<'a>,
    /// The smallest changes of answers that make another option the recommendation.
    pub flips: &'a [Flip<'a>],
    /// The inputs this decision's rules read.
    pub reads: &'a [Txt<'static>],
    /// `decided` or `open` (it depends on unknown answers).
    pub status: Status,
    /// Whether the recommendation is provisional.
    pub provisional: bool,
    /// Whether every unknown answer that can change it was examined.
    pub exhaustive: bool,
    /// For a decided decision: the unknown answers it holds despite.
    pub decided_despite: &'a [Txt<'a>],
    /// For an open decision: every option the unknown answers can lead to, and when.
    pub possible: &'a [Possible<'a>],
    /// For an open decision: the options and their conditions in one sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_text: Option<Txt<'a>>,
    /// For an open decision: the unknown inputs it waits on.
    pub blocked_by: &'a [Txt<'a>],
    /// The one-step changes of given answers that change the recommendation.
    pub close_call: &'a [CloseCall<'a>],
}

/// An alternative in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FullAlternative<'a> {
    /// Option id.
    pub option: Txt<'a>,
    /// Its title.
    pub title: Txt<'a>,
    /// Why one would choose it.
    pub rationale: Txt<'a>,
    /// The tools it uses.
    pub tools: Cow<'a, [Txt<'static>]>,
    /// Whether some rule that chooses it holds for this profile.
    pub applies: bool,
    /// The condition under which it is chosen, in words.
    pub condition: Option<Txt<'a>>,
    /// Why it is not the recommendation.
    pub why_not: &'a WhyNot<'a>,
    /// The KB's standing reason not to choose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Txt<'a>>,
    /// Whether it is the reference case's own choice.
    pub seed_choice: bool,
    /// When it is never recommended any more; `principles` are ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded: Option<FullSuperseded<'a>>,
    /// Each rule that would choose it, checked against the profile.
    pub rules: &'a [RuleCheck<'a>],
}

/// A superseded option in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FullSuperseded<'a> {
    /// The option that replaces it.
    pub by: Txt<'a>,
    /// Title of that option.
    pub by_title: Txt<'a>,
    /// Why.
    pub reason: Txt<'a>,
    /// Ids of the principles the replacement serves (see `layer0`).
    pub principles: Ids<'a>,
    /// Date of the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Txt<'a>>,
    /// Sources.
    pub sources: &'a [SourceView<'static>],
}

/// A trade-off in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FullTradeoff<'a> {
    /// Trade-off id.
    pub id: Txt<'a>,
    /// Title.
    pub title: Txt<'a>,
    /// Ids of the Layer 0 items that win.
    pub favours: Ids<'a>,
    /// Ids of the Layer 0 items that give way.
    pub over: Ids<'a>,
    /// The resolution.
    pub resolution: Txt<'a>,
    /// Why.
    pub rationale: Txt<'a>,
    /// Limits of the resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Txt<'a>>,
}

/// A Layer 2 capability in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FullCapability<'a> {
    /// Capability id.
    pub id: Txt<'a>,
    /// Always 2.
    pub layer: u8,
    /// Title.
    pub title: Txt<'a>,
    /// The core question.
    pub question: Txt<'a>,
    /// Complexity cost.
    pub complexity: kompas_kb::Complexity,
    /// Now, later or skip.
    pub verdict: kompas_kb::Verdict,
    /// For `now`: the order to take them in.
    pub rank: Option<u32>,
    /// The `now` item to start with.
    pub start_here: bool,
    /// What decided the verdict.
    pub decided_by: &'a DecidedBy<'a>,
    /// Triggers.
    pub triggers: &'a [ConditionCheck<'a>],
    /// Skip-if conditions.
    pub skip_if: &'a [ConditionCheck<'a>],
    /// Timing: now if.
    pub now_if: &'a [ConditionCheck<'a>],
    /// Timing: later if.
    pub later_if: &'a [ConditionCheck<'a>],
    /// The tool to choose, when the verdict is now.
    pub tool: Option<&'a ToolPick<'a>>,
    /// Ids of the Layer 0 items it traces to.
    pub traces_to: Ids<'a>,
    /// Ids of the open questions that affect it.
    pub open_questions: Ids<'a>,
    /// How to go back if it does not work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_strategy: Option<Txt<'a>>,
    /// `decided` or `open` (it depends on unknown answers).
    pub status: Status,
    /// Whether the verdict and tool are provisional.
    pub provisional: bool,
    /// Whether every unknown answer that can change it was examined.
    pub exhaustive: bool,
    /// For a decided capability: the unknown answers it holds despite.
    pub decided_despite: &'a [Txt<'a>],
    /// For an open capability: every verdict (and tool) the unknown answers can lead to, and when.
    pub possible: &'a [PossibleVerdict<'a>],
    /// For an open capability: the verdicts and their conditions in one sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_text: Option<Txt<'a>>,
    /// For an open capability: the unknown inputs it waits on.
    pub blocked_by: &'a [Txt<'a>],
    /// The one-step changes of given answers that change the verdict or the tool.
    pub close_call: &'a [VerdictCloseCall<'a>],
}

/// Collects the items written once, in the order they are first met.
#[derive(Default)]
struct Once<'a> {
    layer0: Vec<TraceRef<'a>>,
    tradeoffs: Vec<FullTradeoff<'a>>,
}

impl<'a> Once<'a> {
    fn traces(&mut self, refs: &'a [TraceRef<'static>]) -> Ids<'a> {
        refs.iter()
            .map(|t| {
                if !self.layer0.iter().any(|l| l.id == t.id) {
                    self.layer0.push(TraceRef {
                        id: Cow::Borrowed(&t.id),
                        kind: t.kind,
                        title: Cow::Borrowed(&t.title),
                    });
                }
                Cow::Borrowed(&*t.id)
            })
            .collect()
    }

    fn tradeoffs(&mut self, list: &'a [TradeoffView<'static>]) -> Ids<'a> {
        list.iter()
            .map(|t| {
                if !self.tradeoffs.iter().any(|x| x.id == t.id) {
                    let favours = self.traces(&t.favours);
                    let over = self.traces(&t.over);
                    self.tradeoffs.push(FullTradeoff {
                        id: Cow::Borrowed(&t.id),
                        title: Cow::Borrowed(&t.title),
                        favours,
                        over,
                        resolution: Cow::Borrowed(&t.resolution),
                        rationale: Cow::Borrowed(&t.rationale),
                        scope: t.scope.as_deref().map(Cow::Borrowed),
                    });
                }
                Cow::Borrowed(&*t.id)
            })
            .collect()
    }
}

fn question_ids<'a>(list: &'a [OpenQuestionView<'static>]) -> Ids<'a> {
    list.iter().map(|q| Cow::Borrowed(&*q.id)).collect()
}

/// The `full` view of an assessment (borrowing from it).
pub fn full<'a>(a: &'a Assessment<'a>) -> FullView<'a> {
    let mut once = Once::default();
    let decisions = a
        .decisions
        .iter()
        .map(|d| FullDecision {
            id: Cow::Borrowed(&d.id),
            layer: d.layer,
            title: Cow::Borrowed(&d.title),
            question: Cow::Borrowed(&d.question),
            recommendation: d.recommendation.as_ref(),
            because: &d.because,
            alternatives: d
                .alternatives
                .iter()
                .map(|alt| FullAlternative {
                    option: Cow::Borrowed(&alt.option),
                    title: Cow::Borrowed(&alt.title),
                    rationale: Cow::Borrowed(&alt.rationale),
                    tools: Cow::Borrowed(&alt.tools),
                    applies: alt.applies,
                    condition: alt.condition.as_deref().map(Cow::Borrowed),
                    why_not: &alt.why_not,
                    reason: alt.reason.as_deref().map(Cow::Borrowed),
                    seed_choice: alt.seed_choice,
                    superseded: alt.superseded.as_deref().map(|s| FullSuperseded {
                        by: Cow::Borrowed(&s.by),
                        by_title: Cow::Borrowed(&s.by_title),
                        reason: Cow::Borrowed(&s.reason),
                        principles: once.traces(&s.principles),
                        since: s.since.as_deref().map(Cow::Borrowed),
                        sources: &s.sources,
                    }),
                    rules: &alt.rules,
                })
                .collect(),
            traces_to: once.traces(&d.traces_to),
            chain: d.chain.as_deref(),
            practices: &d.practices,
            tradeoffs: once.tradeoffs(&d.tradeoffs),
            open_questions: question_ids(&d.open_questions),
            flips: &d.flips,
            reads: &d.reads,
            status: d.status,
            provisional: d.provisional,
            exhaustive: d.exhaustive,
            decided_despite: &d.decided_despite,
            possible: &d.possible,
            possible_text: d.possible_text.as_deref().map(Cow::Borrowed),
            blocked_by: &d.blocked_by,
            close_call: &d.close_call,
        })
        .collect();
    let layer2 = a
        .layer2
        .iter()
        .map(|c| FullCapability {
            id: Cow::Borrowed(&c.id),
            layer: c.layer,
            title: Cow::Borrowed(&c.title),
            question: Cow::Borrowed(&c.question),
            complexity: c.complexity,
            verdict: c.verdict,
            rank: c.rank,
            start_here: c.start_here,
            decided_by: &c.decided_by,
            triggers: &c.triggers,
            skip_if: &c.skip_if,
            now_if: &c.now_if,
            later_if: &c.later_if,
            tool: c.tool.as_ref(),
            traces_to: once.traces(&c.traces_to),
            open_questions: question_ids(&c.open_questions),
            exit_strategy: c.exit_strategy.as_deref().map(Cow::Borrowed),
            status: c.status,
            provisional: c.provisional,
            exhaustive: c.exhaustive,
            decided_despite: &c.decided_despite,
            possible: &c.possible,
            possible_text: c.possible_text.as_deref().map(Cow::Borrowed),
            blocked_by: &c.blocked_by,
            close_call: &c.close_call,
        })
        .collect();
    FullView {
        view: "full",
        kb: &a.kb,
        lang: a.lang,
        profile: &a.profile,
        answers: &a.answers,
        derived_facts: &a.derived_facts,
        decisions,
        areas: &a.areas,
        layer2,
        open_questions: &a.open_questions,
        next_questions: &a.next_questions,
        tradeoffs: once.tradeoffs,
        layer0: once.layer0,
        findings: &a.findings,
        summary: &a.summary,
        flips_computed: a.flips_computed,
    }
}

/// Why a `full` view could not be expanded: an id it refers to is not written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the full view refers to {kind} `{id}`, which it does not contain")]
pub struct Dangling {
    /// What kind of item.
    pub kind: &'static str,
    /// Its id.
    pub id: String,
}

/// The expanded assessment a `full` view stands for, as JSON.
pub fn expand(f: &FullView<'_>) -> Result<serde_json::Value, Dangling> {
    let trace = |id: &Txt<'_>| -> Result<TraceRef<'static>, Dangling> {
        f.layer0
            .iter()
            .find(|l| l.id == *id)
            .map(|l| TraceRef {
                id: owned(&l.id),
                kind: l.kind,
                title: owned(&l.title),
            })
            .ok_or_else(|| Dangling {
                kind: "Layer 0 item",
                id: id.to_string(),
            })
    };
    let traces = |ids: &Ids<'_>| ids.iter().map(trace).collect::<Result<Vec<_>, _>>();
    let question = |id: &Txt<'_>| {
        f.open_questions
            .iter()
            .find(|q| q.id == *id)
            .cloned()
            .ok_or_else(|| Dangling {
                kind: "open question",
                id: id.to_string(),
            })
    };
    let questions = |ids: &Ids<'_>| ids.iter().map(question).collect::<Result<Vec<_>, _>>();
    let tradeoff = |id: &Txt<'_>| -> Result<TradeoffView<'static>, Dangling> {
        let t = f
            .tradeoffs
            .iter()
            .find(|t| t.id == *id)
            .ok_or_else(|| Dangling {
                kind: "trade-off",
                id: id.to_string(),
            })?;
        Ok(TradeoffView {
            id: owned(&t.id),
            title: owned(&t.title),
            favours: Cow::Owned(traces(&t.favours)?),
            over: Cow::Owned(traces(&t.over)?),
            resolution: owned(&t.resolution),
            rationale: owned(&t.rationale),
            scope: t.scope.as_deref().map(|s| Cow::Owned(s.to_owned())),
        })
    };
    let mut decisions = Vec::with_capacity(f.decisions.len());
    for d in &f.decisions {
        let mut alternatives = Vec::with_capacity(d.alternatives.len());
        for alt in &d.alternatives {
            let superseded = match &alt.superseded {
                Some(s) => Some(Cow::Owned(SupersededView {
                    by: owned(&s.by),
                    by_title: owned(&s.by_title),
                    reason: owned(&s.reason),
                    principles: Cow::Owned(traces(&s.principles)?),
                    since: s.since.as_deref().map(|x| Cow::Owned(x.to_owned())),
                    sources: Cow::Owned(s.sources.to_vec()),
                })),
                None => None,
            };
            alternatives.push(Alternative {
                option: alt.option.clone(),
                title: alt.title.clone(),
                rationale: alt.rationale.clone(),
                tools: alt.tools.clone(),
                applies: alt.applies,
                condition: alt.condition.clone(),
                why_not: alt.why_not.clone(),
                reason: alt.reason.clone(),
                seed_choice: alt.seed_choice,
                superseded,
                rules: alt.rules.to_vec(),
            });
        }
        let tradeoffs = d
            .tradeoffs
            .iter()
            .map(tradeoff)
            .collect::<Result<Vec<_>, _>>()?;
        decisions.push(DecisionAssessment {
            id: d.id.clone(),
            layer: d.layer,
            title: d.title.clone(),
            question: d.question.clone(),
            recommendation: d.recommendation.cloned(),
            because: d.because.to_vec(),
            alternatives,
            traces_to: Cow::Owned(traces(&d.traces_to)?),
            chain: d.chain.map(|c| Cow::Owned(c.clone())),
            practices: Cow::Borrowed(d.practices),
            tradeoffs: Cow::Owned(tradeoffs),
            open_questions: Cow::Owned(questions(&d.open_questions)?),
            flips: d.flips.to_vec(),
            reads: Cow::Borrowed(d.reads),
            status: d.status,
            provisional: d.provisional,
            exhaustive: d.exhaustive,
            decided_despite: d.decided_despite.to_vec(),
            possible: d.possible.to_vec(),
            possible_text: d.possible_text.clone(),
            blocked_by: d.blocked_by.to_vec(),
            close_call: d.close_call.to_vec(),
        });
    }
    let mut layer2 = Vec::with_capacity(f.layer2.len());
    for c in &f.layer2 {
        layer2.push(CapabilityAssessment {
            id: c.id.clone(),
            layer: c.layer,
            title: c.title.clone(),
            question: c.question.clone(),
            complexity: c.complexity,
            verdict: c.verdict,
            rank: c.rank,
            start_here: c.start_here,
            decided_by: c.decided_by.clone(),
            triggers: c.triggers.to_vec(),
            skip_if: c.skip_if.to_vec(),
            now_if: c.now_if.to_vec(),
            later_if: c.later_if.to_vec(),
            tool: c.tool.cloned(),
            traces_to: Cow::Owned(traces(&c.traces_to)?),
            open_questions: Cow::Owned(questions(&c.open_questions)?),
            exit_strategy: c.exit_strategy.clone(),
            status: c.status,
            provisional: c.provisional,
            exhaustive: c.exhaustive,
            decided_despite: c.decided_despite.to_vec(),
            possible: c.possible.to_vec(),
            possible_text: c.possible_text.clone(),
            blocked_by: c.blocked_by.to_vec(),
            close_call: c.close_call.to_vec(),
        });
    }
    let a = Assessment {
        kb: f.kb.clone(),
        lang: f.lang,
        profile: f.profile.clone(),
        answers: f.answers.to_vec(),
        derived_facts: f.derived_facts.to_vec(),
        decisions,
        areas: Cow::Borrowed(f.areas),
        layer2,
        open_questions: Cow::Borrowed(f.open_questions),
        next_questions: f.next_questions.to_vec(),
        findings: f.findings.to_vec(),
        summary: f.summary.clone(),
        flips_computed: f.flips_computed,
    };
    Ok(serde_json::to_value(&a).unwrap_or(serde_json::Value::Null))
}

fn owned(t: &Txt<'_>) -> Txt<'static> {
    Cow::Owned(t.to_string())
}
