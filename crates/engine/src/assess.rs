//! Assessing a profile: the evaluation core, then the rich output built from it.
//!
//! [`evaluate`] is the core: which rule decides each decision, which verdict
//! each capability gets. It reads dense integers and allocates two small
//! vectors. [`assess`] then materialises the [`Assessment`]: facts for every
//! rule and condition, alternatives, traces, findings, sharing the texts that
//! [`Prepared`] made when the engine was built.

use std::borrow::Cow;

use kompas_kb::{Complexity, Verdict};
use kompas_logic::{CompiledCapability, CompiledDerived, CompiledNamed};

use crate::facts::{self, Hit};
use crate::flips;
use crate::output::*;
use crate::prepared::{PCapability, PDecision, PNamed, Prepared, Texts};
use crate::profile::Profile;
use crate::share;
use crate::text::{b, Lang, Txt};
use crate::Engine;

/// The evaluation core's result: the deciding rule per decision and the
/// verdict per capability, by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Per decision (KB order): the position in `CompiledDecision::rules` of the
    /// rule that decides, or `None` when no rule applies.
    pub rules: Vec<Option<usize>>,
    /// Per capability (KB order): the verdict and what decided it.
    pub verdicts: Vec<VerdictCore>,
}

/// A capability's verdict, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerdictCore {
    /// Now, later or skip.
    pub verdict: Verdict,
    /// The step that decided.
    pub step: Step,
    /// Index of the deciding condition within its list (not for `otherwise`).
    pub condition: Option<usize>,
    /// Number of triggers met.
    pub triggers_met: usize,
    /// For `now`: index of the tool picked.
    pub tool: Option<usize>,
}

/// The verdict of a capability from whether each of its conditions is met
/// (`None`: unknown, never counted as met). The order of the steps is the
/// contract documented on `kompas_kb::Capability`.
fn verdict_of(
    c: &CompiledCapability,
    otherwise: Verdict,
    met: impl Fn(&CompiledNamed) -> bool,
) -> VerdictCore {
    let first = |list: &[CompiledNamed]| list.iter().position(&met);
    let mut triggers_met = 0;
    let mut first_trigger = None;
    for (i, n) in c.triggers.iter().enumerate() {
        if met(n) {
            triggers_met += 1;
            first_trigger.get_or_insert(i);
        }
    }
    let now = first(&c.now_if);
    let need = first_trigger.is_some() || now.is_some();
    let core = |verdict, step, condition| VerdictCore {
        verdict,
        step,
        condition,
        triggers_met,
        tool: None,
    };
    if need {
        if let Some(i) = first(&c.later_if) {
            return core(Verdict::Later, Step::LaterIf, Some(i));
        }
    }
    if let Some(i) = now {
        return core(Verdict::Now, Step::NowIf, Some(i));
    }
    let skip = first(&c.skip_if);
    if let (Some(i), None) = (first_trigger, skip) {
        return core(Verdict::Now, Step::Trigger, Some(i));
    }
    if let Some(i) = skip {
        return core(Verdict::Skip, Step::SkipIf, Some(i));
    }
    core(otherwise, Step::Otherwise, None)
}

/// The evaluation core.
pub(crate) fn evaluate(engine: &Engine, profile: &Profile) -> Evaluation {
    let p = profile.values();
    let compiled = engine.compiled();
    let rules = compiled.decisions.iter().map(|d| d.decide(p)).collect();
    let verdicts = compiled
        .capabilities
        .iter()
        .map(|c| {
            let cap = &engine.kb().capabilities[c.index];
            let met = |n: &CompiledNamed| n.pred.as_ref().is_some_and(|pr| pr.eval(p));
            let mut v = verdict_of(c, cap.otherwise, met);
            if v.verdict == Verdict::Now {
                v.tool = c
                    .tools
                    .iter()
                    .position(|w| w.as_ref().is_some_and(|pr| pr.eval(p)))
                    .or_else(|| cap.tools.iter().position(|t| t.default));
            }
            v
        })
        .collect();
    Evaluation { rules, verdicts }
}

/// Per-assessment working state: the profile's values as output, and a buffer.
pub(crate) struct Ctx<'e, 'p> {
    pub engine: &'e Engine,
    pub prepared: &'e Prepared,
    pub texts: &'e Texts,
    pub p: &'p [i64],
    /// The profile's value of every variable, shaped for output.
    pub values: Vec<AnswerValue<'e>>,
    hits: Vec<Hit>,
}

impl<'e, 'p> Ctx<'e, 'p> {
    pub(crate) fn new(engine: &'e Engine, profile: &'p Profile, lang: Lang) -> Ctx<'e, 'p> {
        let prepared = engine.prepared();
        let p = profile.values();
        let values = prepared
            .vars
            .iter()
            .zip(p)
            .map(|(v, x)| value_of(v, *x))
            .collect();
        Ctx {
            engine,
            prepared,
            texts: prepared.texts(lang),
            p,
            values,
            hits: Vec::with_capacity(16),
        }
    }

    /// A fact from a hit.
    fn fact(&self, hit: Hit) -> Fact<'e> {
        let leaf = &self.prepared.leaves[hit.leaf];
        Fact {
            input: b(&leaf.input),
            name: leaf.name.as_ref().map(b),
            value: self.values[leaf.var].clone(),
            condition: if hit.negated {
                b(&leaf.negated)
            } else {
                b(&leaf.text)
            },
            met: hit.met,
        }
    }

    /// Evaluates a predicate and returns its outcome and the facts that decided it.
    fn explain(&mut self, pred: &kompas_logic::Pred) -> (bool, Vec<Fact<'e>>) {
        self.hits.clear();
        let mut hits = std::mem::take(&mut self.hits);
        let r = facts::explain(pred, self.p, &mut hits);
        let facts = hits.iter().map(|h| self.fact(*h)).collect();
        self.hits = hits;
        (r, facts)
    }
}

/// A dense value, shaped for output.
pub(crate) fn value_of(v: &crate::prepared::PVar, x: i64) -> AnswerValue<'_> {
    use kompas_kb::InputType;
    match v.kind {
        InputType::Enum => AnswerValue::Str(v.values.get(x as usize).map_or(Cow::Borrowed(""), b)),
        InputType::Set => AnswerValue::List(match v.subsets.get(x as usize) {
            Some(list) => Cow::Borrowed(list),
            None => Cow::Owned(crate::prepared::members(&v.values, x)),
        }),
        InputType::Integer => AnswerValue::Int(x),
        InputType::Bool => AnswerValue::Bool(x != 0),
    }
}

/// The full assessment.
pub(crate) fn assess<'e>(
    engine: &'e Engine,
    profile: &Profile,
    lang: Lang,
    with_flips: bool,
) -> Assessment<'e> {
    let eval = evaluate(engine, profile);
    let mut ctx = Ctx::new(engine, profile, lang);
    let texts = ctx.texts;
    let compiled = engine.compiled();

    let decisions: Vec<DecisionAssessment<'e>> = (0..compiled.decisions.len())
        .map(|d| decision(&mut ctx, d, eval.rules[d], with_flips))
        .collect();
    let mut layer2: Vec<CapabilityAssessment<'e>> = compiled
        .capabilities
        .iter()
        .enumerate()
        .map(|(i, c)| capability(&mut ctx, c, &texts.capabilities[i], eval.verdicts[i]))
        .collect();
    let now = rank_now(&mut layer2, &eval);

    let mut findings = Vec::new();
    for (d, w) in eval.rules.iter().enumerate() {
        if let Some(w) = w {
            findings.extend(
                texts.decisions[d].rules[*w]
                    .findings
                    .iter()
                    .map(share::shared),
            );
        }
    }
    for (c, v) in eval.verdicts.iter().enumerate() {
        if let Some(t) = v.tool {
            if let Some(tool) = texts.capabilities[c].tools.get(t) {
                findings.extend(tool.findings.iter().map(share::shared));
            }
        }
    }
    let mut counts = FindingCounts::default();
    for f in &findings {
        match f.severity {
            FindingSeverity::Error => counts.error += 1,
            FindingSeverity::Warning => counts.warning += 1,
            FindingSeverity::Info => counts.info += 1,
        }
    }

    let summary = Summary {
        stack: IdMap(
            decisions
                .iter()
                .filter_map(|d| {
                    d.recommendation
                        .as_ref()
                        .map(|r| (d.id.clone(), r.option.clone()))
                })
                .collect(),
        ),
        blocking_questions: share::list(&texts.blocking),
        now,
        later: ids_with(&layer2, Verdict::Later),
        skip: ids_with(&layer2, Verdict::Skip),
        findings: counts,
    };

    Assessment {
        kb: kb_ref(&texts.kb),
        lang,
        profile: profile_view(&ctx),
        answers: answers(&ctx, profile, None),
        decisions,
        layer2,
        open_questions: share::list(&texts.open_questions),
        findings,
        summary,
        flips_computed: with_flips,
    }
}

fn ids_with<'e>(layer2: &[CapabilityAssessment<'e>], verdict: Verdict) -> Vec<Txt<'e>> {
    layer2
        .iter()
        .filter(|c| c.verdict == verdict)
        .map(|c| c.id.clone())
        .collect()
}

/// The KB's identity, borrowed.
pub(crate) fn kb_ref<'e>(k: &'e KbRef<'_>) -> KbRef<'e> {
    KbRef {
        id: b(&k.id),
        version: b(&k.version),
        digest: b(&k.digest),
        title: b(&k.title),
    }
}

/// The normalised inputs and the derived facts.
fn profile_view<'e>(ctx: &Ctx<'e, '_>) -> ProfileView<'e> {
    let compiled = ctx.engine.compiled();
    let inputs = IdMap(
        ctx.prepared
            .vars
            .iter()
            .zip(&ctx.values)
            .map(|(v, x)| (b(&v.id), x.clone()))
            .collect(),
    );
    let derived = IdMap(
        ctx.engine
            .derived_ids()
            .iter()
            .zip(&compiled.derived)
            .filter_map(|(id, d)| {
                let value = match d.as_ref()? {
                    CompiledDerived::When(pred) => AnswerValue::Bool(pred.eval(ctx.p)),
                    CompiledDerived::SameAs(var) => ctx.values[*var].clone(),
                };
                Some((b(id), value))
            })
            .collect(),
    );
    ProfileView { inputs, derived }
}

/// The answers, all of them or only those of some variables.
pub(crate) fn answers<'e>(
    ctx: &Ctx<'e, '_>,
    profile: &Profile,
    only: Option<&[usize]>,
) -> Vec<Answer<'e>> {
    let one = |v: usize| Answer {
        input: b(&ctx.prepared.vars[v].id),
        value: ctx.values[v].clone(),
        source: if profile.is_given(v) {
            AnswerSource::Given
        } else {
            AnswerSource::Default
        },
        // The given value is copied so the assessment borrows only the engine.
        given: profile.given_value(v).map(|g| Cow::Owned(g.clone())),
    };
    match only {
        Some(vars) => vars.iter().map(|v| one(*v)).collect(),
        None => (0..ctx.values.len()).map(one).collect(),
    }
}

/// One decision, assessed.
pub(crate) fn decision<'e>(
    ctx: &mut Ctx<'e, '_>,
    d: usize,
    winner: Option<usize>,
    with_flips: bool,
) -> DecisionAssessment<'e> {
    let texts = ctx.texts;
    let pd: &PDecision = &texts.decisions[d];
    let cd = &ctx.engine.compiled().decisions[d];
    let chosen = winner.and_then(|w| pd.rules[w].option);

    let recommendation = winner.zip(chosen).map(|(w, o)| {
        let po = &pd.options[o];
        Recommendation {
            option: b(&po.id),
            title: b(&po.title),
            rationale: b(&po.rationale),
            tools: share::list(&po.tools),
            rule: b(&pd.rules[w].id),
            seed_choice: po.seed_choice,
            pros: share::list(&po.pros),
            cons: share::list(&po.cons),
        }
    });

    let because = match winner {
        Some(w) => {
            let rule = &pd.rules[w];
            let facts = if rule.default {
                // The default decides because nothing else applies: show what failed.
                let mut seen: Vec<Hit> = Vec::new();
                let mut all = Vec::new();
                for (i, r) in cd.rules.iter().enumerate() {
                    if i == w {
                        continue;
                    }
                    ctx.hits.clear();
                    let mut hits = std::mem::take(&mut ctx.hits);
                    facts::explain(&r.pred, ctx.p, &mut hits);
                    for h in &hits {
                        if !seen
                            .iter()
                            .any(|s| s.leaf == h.leaf && s.negated == h.negated)
                        {
                            seen.push(*h);
                            all.push(ctx.fact(*h));
                        }
                    }
                    ctx.hits = hits;
                }
                all
            } else {
                ctx.explain(&cd.rules[w].pred).1
            };
            vec![Because {
                rule: b(&rule.id),
                priority: rule.priority,
                default: rule.default,
                text: b(&rule.because),
                condition: rule.condition.as_ref().map(b),
                facts,
                source: rule.source.as_ref().map(b),
            }]
        }
        None => Vec::new(),
    };

    let mut alternatives = Vec::with_capacity(pd.options.len().saturating_sub(1));
    for (oi, po) in pd.options.iter().enumerate() {
        if Some(oi) == chosen {
            continue;
        }
        let mut rules = Vec::with_capacity(po.rules.len());
        let mut applies = false;
        for &ri in &po.rules {
            let (holds, facts) = ctx.explain(&cd.rules[ri].pred);
            applies |= holds;
            let pr = &pd.rules[ri];
            rules.push(RuleCheck {
                rule: b(&pr.id),
                priority: pr.priority,
                default: pr.default,
                holds,
                condition: pr.condition.as_ref().map(b),
                facts: if pr.default { Vec::new() } else { facts },
                because: b(&pr.because),
            });
        }
        let why_not = match (&po.superseded, applies, winner) {
            (Some(s), _, _) => WhyNot::Superseded { by: b(&s.by) },
            (None, true, Some(w)) => WhyNot::Outranked {
                rule: b(&pd.rules[w].id),
                priority: pd.rules[w].priority,
                option: chosen.map_or(Cow::Borrowed(""), |o| b(&pd.options[o].id)),
            },
            (None, _, _) if po.rules.is_empty() => WhyNot::NoRule,
            (None, _, _) => WhyNot::ConditionNotMet,
        };
        alternatives.push(Alternative {
            option: b(&po.id),
            title: b(&po.title),
            rationale: b(&po.rationale),
            tools: share::list(&po.tools),
            applies,
            condition: po.condition.as_ref().map(b),
            why_not,
            reason: po.why_not.as_ref().map(b),
            seed_choice: po.seed_choice,
            superseded: po.superseded.as_ref().map(share::shared),
            rules,
        });
    }

    let (traces_to, tradeoffs) = match chosen {
        Some(o) => (
            share::list(&pd.options[o].traces),
            share::list(&pd.options[o].tradeoffs),
        ),
        None => (Cow::Borrowed(&[][..]), Cow::Borrowed(&[][..])),
    };
    let flips = if with_flips {
        flips::flips(ctx, d, winner)
    } else {
        Vec::new()
    };

    DecisionAssessment {
        id: b(&pd.id),
        layer: 1,
        title: b(&pd.title),
        question: b(&pd.question),
        recommendation,
        because,
        alternatives,
        traces_to,
        chain: pd.chain.as_ref().map(share::shared),
        tradeoffs,
        open_questions: share::list(&pd.questions),
        flips,
        reads: share::list(&pd.reads),
    }
}

fn checks<'e>(
    ctx: &mut Ctx<'e, '_>,
    names: &'e [PNamed],
    compiled: &[CompiledNamed],
) -> Vec<ConditionCheck<'e>> {
    names
        .iter()
        .zip(compiled)
        .map(|(n, c)| {
            let (met, detail) = match &c.pred {
                Some(pred) => {
                    let (r, facts) = ctx.explain(pred);
                    (Some(r), facts)
                }
                None => (None, Vec::new()),
            };
            ConditionCheck {
                id: b(&n.id),
                text: b(&n.text),
                met,
                status: match met {
                    Some(true) => Met::Met,
                    Some(false) => Met::NotMet,
                    None => Met::Unknown,
                },
                detail,
            }
        })
        .collect()
}

fn capability<'e>(
    ctx: &mut Ctx<'e, '_>,
    c: &CompiledCapability,
    pc: &'e PCapability,
    v: VerdictCore,
) -> CapabilityAssessment<'e> {
    let triggers = checks(ctx, &pc.triggers, &c.triggers);
    let skip_if = checks(ctx, &pc.skip_if, &c.skip_if);
    let now_if = checks(ctx, &pc.now_if, &c.now_if);
    let later_if = checks(ctx, &pc.later_if, &c.later_if);
    let list: &[PNamed] = match v.step {
        Step::LaterIf => &pc.later_if,
        Step::NowIf => &pc.now_if,
        Step::Trigger => &pc.triggers,
        Step::SkipIf => &pc.skip_if,
        Step::Otherwise => &[],
    };
    let named = v.condition.and_then(|i| list.get(i));
    let tool = v.tool.and_then(|t| {
        let pt = pc.tools.get(t)?;
        let (default, facts) = match c.tools.get(t).and_then(Option::as_ref) {
            Some(pred) => {
                let (holds, facts) = ctx.explain(pred);
                if holds {
                    (false, facts)
                } else {
                    (true, Vec::new())
                }
            }
            None => (true, Vec::new()),
        };
        Some(ToolPick {
            id: b(&pt.id),
            title: b(&pt.title),
            tools: share::list(&pt.tools),
            use_when: b(&pt.use_when),
            default: default && pc.default_tool == Some(t),
            facts,
        })
    });
    CapabilityAssessment {
        id: b(&pc.id),
        layer: 2,
        title: b(&pc.title),
        question: b(&pc.question),
        complexity: pc.complexity,
        verdict: v.verdict,
        rank: None,
        start_here: false,
        decided_by: DecidedBy {
            step: v.step,
            condition: named.map(|n| b(&n.id)),
            text: named.map(|n| b(&n.text)),
        },
        triggers,
        skip_if,
        now_if,
        later_if,
        tool,
        traces_to: share::list(&pc.traces),
        open_questions: share::list(&pc.questions),
        exit_strategy: pc.exit_strategy.as_ref().map(b),
    }
}

fn complexity_rank(c: Complexity) -> u8 {
    match c {
        Complexity::Low => 0,
        Complexity::LowMedium => 1,
        Complexity::Medium => 2,
        Complexity::MediumHigh => 3,
        Complexity::High => 4,
    }
}

/// "Start simple", "one at a time" (seed 003): the `now` items ranked by lower
/// complexity, then more triggers met, then KB order; the first is where to start.
fn rank_now<'e>(layer2: &mut [CapabilityAssessment<'e>], eval: &Evaluation) -> Vec<Txt<'e>> {
    let mut now: Vec<usize> = (0..layer2.len())
        .filter(|i| layer2[*i].verdict == Verdict::Now)
        .collect();
    now.sort_by_key(|i| {
        (
            complexity_rank(layer2[*i].complexity),
            std::cmp::Reverse(eval.verdicts[*i].triggers_met),
            *i,
        )
    });
    for (rank, i) in now.iter().enumerate() {
        layer2[*i].rank = Some(rank as u32 + 1);
        layer2[*i].start_here = rank == 0;
    }
    now.iter().map(|i| layer2[*i].id.clone()).collect()
}
