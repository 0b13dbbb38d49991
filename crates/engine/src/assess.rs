//! Assessing a profile: the evaluation core, then the rich output built from it.
//!
//! [`evaluate`] is the core: which rule decides each decision, which verdict
//! each capability gets. It reads dense integers and allocates two small
//! vectors. [`assess`] then materialises the [`Assessment`]: facts for every
//! rule and condition, alternatives, traces, findings, sharing the texts that
//! [`Prepared`] made when the engine was built.

use std::borrow::Cow;
use std::cell::OnceCell;

use kompas_kb::{Complexity, Verdict};
use kompas_logic::{
    CompiledCapability, CompiledDerived, CompiledNamed, LeafSubject, Pred, VerdictStep,
};

use crate::facts::{self, Hit};
use crate::flips;
use crate::output::*;
use crate::prepared::{PCapability, PDecision, PNamed, Prepared, Statements, Texts};
use crate::profile::Profile;
use crate::share;
use crate::text::{b, Lang, Txt};
use crate::unknowns::Found;
use crate::whatif::WhatIf;
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

/// The verdict of a capability from whether each of its conditions is met,
/// list by list (an unknown condition is never met): the one implementation
/// in `kompas_logic::verdict_of`, with the step in the output's terms. Each
/// list is read once, lazily: `evaluate` passes predicate evaluations, `assess`
/// the `met` of the checks it has already explained, so no condition is
/// evaluated twice.
fn verdict_of(
    otherwise: Verdict,
    triggers: impl IntoIterator<Item = bool>,
    skip_if: impl IntoIterator<Item = bool>,
    now_if: impl IntoIterator<Item = bool>,
    later_if: impl IntoIterator<Item = bool>,
) -> VerdictCore {
    let v = kompas_logic::verdict_of(otherwise, triggers, skip_if, now_if, later_if);
    VerdictCore {
        verdict: v.verdict,
        step: match v.step {
            VerdictStep::LaterIf => Step::LaterIf,
            VerdictStep::NowIf => Step::NowIf,
            VerdictStep::Trigger => Step::Trigger,
            VerdictStep::SkipIf => Step::SkipIf,
            VerdictStep::Otherwise => Step::Otherwise,
        },
        condition: v.condition,
        triggers_met: v.triggers_met,
        tool: None,
    }
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
            let mut v = verdict_of(
                cap.otherwise,
                c.triggers.iter().map(met),
                c.skip_if.iter().map(met),
                c.now_if.iter().map(met),
                c.later_if.iter().map(met),
            );
            if v.verdict == Verdict::Now {
                // The first tool whose condition holds, else the default.
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

/// Per-assessment working state: the profile's values shaped for output, and a
/// scratch buffer for explanations.
pub(crate) struct Ctx<'e, 'p> {
    pub engine: &'e Engine,
    pub prepared: &'e Prepared,
    pub texts: &'e Texts,
    pub profile: &'p Profile,
    pub p: &'p [i64],
    /// Every input and its value shaped for output: these become
    /// `profile.inputs`, and every fact copies its value from here.
    pub inputs: Vec<(Txt<'e>, AnswerValue<'e>)>,
    /// Scratch for the comparisons that decide a condition; reused by every
    /// condition, so explaining allocates only the facts.
    hits: Vec<Hit>,
    /// Scratch for flips.
    pub flips: flips::Scratch,
    /// The language of the assessment.
    pub lang: Lang,
    /// "What if an answer were different", for this profile.
    pub whatif: WhatIf<'e, 'p>,
    /// What the outcomes' analyses found (open outcomes, effects of inputs).
    pub found: Found,
    /// Per input: the statement of the profile's answer, made on first use
    /// (one input's fact is shown under many rules and conditions).
    statements: Vec<OnceCell<Option<Txt<'e>>>>,
    /// What the assessment holds.
    pub detail: Detail,
}

impl<'e, 'p> Ctx<'e, 'p> {
    pub(crate) fn new(engine: &'e Engine, profile: &'p Profile, lang: Lang) -> Ctx<'e, 'p> {
        let prepared = engine.prepared();
        let p = profile.values();
        let inputs = prepared
            .vars
            .iter()
            .zip(p)
            .map(|(v, x)| (b(&v.id), value_of(v, *x)))
            .collect();
        Ctx {
            engine,
            prepared,
            texts: prepared.texts(lang),
            profile,
            p,
            inputs,
            hits: Vec::with_capacity(prepared.max_hits),
            flips: flips::Scratch::default(),
            lang,
            whatif: WhatIf::new(engine.compiled(), prepared, profile),
            found: Found::default(),
            statements: vec![OnceCell::new(); prepared.vars.len()],
            detail: Detail::Full,
        }
    }

    /// The profile's value of variable `var`, shaped for output.
    pub(crate) fn value(&self, var: usize) -> AnswerValue<'e> {
        self.inputs[var].1.clone()
    }

    /// The value of a named outcome for this profile: an enum fact's value,
    /// the option a decision recommends, the tool a capability picks.
    fn outcome_value(&self, subject: LeafSubject) -> (AnswerValue<'e>, Option<FactSubject>) {
        let compiled = self.engine.compiled();
        let none = || AnswerValue::Str(Cow::Borrowed(""));
        match subject {
            LeafSubject::Input => (none(), None),
            LeafSubject::Fact(i) => {
                let value = match (&self.texts.facts[i], &compiled.derived[i]) {
                    (Some(f), Some(c)) => f
                        .values
                        .get(c.value(self.p) as usize)
                        .map_or_else(none, |v| AnswerValue::Str(b(v))),
                    _ => none(),
                };
                (value, Some(FactSubject::DerivedFact))
            }
            LeafSubject::Decision(d) => {
                let cd = &compiled.decisions[d];
                let value = cd
                    .decide(self.p)
                    .and_then(|r| cd.rules[r].option)
                    .map_or_else(none, |o| {
                        AnswerValue::Str(b(&self.texts.decisions[d].options[o].id))
                    });
                (value, Some(FactSubject::Decision))
            }
            LeafSubject::Capability(c) => {
                let value = compiled.capabilities[c]
                    .tool_pick(self.p)
                    .map_or_else(none, |t| {
                        AnswerValue::Str(b(&self.texts.capabilities[c].tools[t].id))
                    });
                (value, Some(FactSubject::Capability))
            }
        }
    }

    /// The facts of some hits, in order.
    fn facts(&self, hits: &[Hit]) -> Vec<Fact<'e>> {
        hits.iter()
            .map(|hit| {
                let leaf = &self.prepared.leaves[hit.leaf];
                let (value, refers_to) = match leaf.subject {
                    LeafSubject::Input => (self.value(leaf.var), None),
                    other => self.outcome_value(other),
                };
                let text = match leaf.subject {
                    LeafSubject::Input => self.statements[leaf.var]
                        .get_or_init(|| {
                            let states = &self.texts.inputs.get(leaf.var)?.states;
                            statement(states, &value)
                        })
                        .clone(),
                    LeafSubject::Fact(i) => self
                        .texts
                        .facts
                        .get(i)
                        .and_then(Option::as_ref)
                        .and_then(|f| statement(&f.states, &value)),
                    LeafSubject::Decision(_) | LeafSubject::Capability(_) => None,
                };
                Fact {
                    input: b(&leaf.input),
                    refers_to,
                    name: leaf.name.as_ref().map(b),
                    value,
                    condition: b(if hit.negated {
                        &leaf.negated
                    } else {
                        &leaf.text
                    }),
                    met: hit.met,
                    text,
                }
            })
            .collect()
    }

    /// The outcome of a condition and the facts that decided it.
    fn explain(&mut self, pred: &Pred) -> (bool, Vec<Fact<'e>>) {
        self.hits.clear();
        let holds = facts::explain(pred, self.p, &mut self.hits);
        (holds, self.facts(&self.hits))
    }

    /// The facts of the default rule `w` of decision `d`: it decides because
    /// nothing else applies, so these are the comparisons of the other rules
    /// that failed, each listed once.
    fn default_facts(&mut self, d: usize, w: usize) -> Vec<Fact<'e>> {
        let cd = &self.engine.compiled().decisions[d];
        self.hits.clear();
        for (i, r) in cd.rules.iter().enumerate() {
            if i == w {
                continue;
            }
            // `facts::explain` appends; the new comparisons already listed (same
            // leaf, same polarity) are then dropped in place, so one buffer
            // serves the whole decision.
            let mark = self.hits.len();
            facts::explain(&r.pred, self.p, &mut self.hits);
            let mut kept = mark;
            for j in mark..self.hits.len() {
                let h = self.hits[j];
                let listed = self.hits[..kept]
                    .iter()
                    .any(|s| s.leaf == h.leaf && s.negated == h.negated);
                if !listed {
                    self.hits[kept] = h;
                    kept += 1;
                }
            }
            self.hits.truncate(kept);
        }
        self.facts(&self.hits)
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

/// What an assessment holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Everything the contract holds.
    Full,
    /// Only what the summary view reads: no alternatives, no facts, no
    /// answers or derived facts, no flips (see [`crate::Engine::assess_brief`]).
    Brief,
}

/// The full assessment.
///
/// Built in one pass with every vector allocated at its final size: the
/// allocations that remain are the ones the output types require (one per
/// non-empty list), which is what an assessment costs (see "Performance" in
/// the crate docs).
pub(crate) fn assess<'e>(
    engine: &'e Engine,
    profile: &Profile,
    lang: Lang,
    with_flips: bool,
    detail: Detail,
) -> Assessment<'e> {
    let mut ctx = Ctx::new(engine, profile, lang);
    ctx.detail = detail;
    let texts = ctx.texts;
    let compiled = engine.compiled();

    let mut findings = Vec::with_capacity(texts.max_findings);
    for (k, f) in compiled.consistency.iter().zip(&texts.consistency) {
        if k.violation.eval(ctx.p) {
            findings.push(share::shared(f));
        }
    }
    let mut stack = Vec::with_capacity(compiled.decisions.len());
    let mut decisions = Vec::with_capacity(compiled.decisions.len());
    for (d, cd) in compiled.decisions.iter().enumerate() {
        let winner = cd.decide(ctx.p);
        if let Some(w) = winner {
            findings.extend(
                texts.decisions[d].rules[w]
                    .findings
                    .iter()
                    .map(share::shared),
            );
        }
        let decision = decision(&mut ctx, d, winner, with_flips);
        if let Some(r) = &decision.recommendation {
            stack.push((decision.id.clone(), r.option.clone()));
        }
        decisions.push(decision);
    }

    let mut layer2 = Vec::with_capacity(compiled.capabilities.len());
    for (c, cc) in compiled.capabilities.iter().enumerate() {
        let pc = &texts.capabilities[c];
        let (mut assessment, tool) = capability(&mut ctx, cc, pc);
        crate::unknowns::capability(&mut ctx, c, &mut assessment);
        if let Some(tool) = tool.and_then(|t| pc.tools.get(t)) {
            findings.extend(tool.findings.iter().map(share::shared));
        }
        layer2.push(assessment);
    }
    let now = rank_now(&mut layer2);

    let mut counts = FindingCounts::default();
    for f in &findings {
        match f.severity {
            FindingSeverity::Error => counts.error += 1,
            FindingSeverity::Warning => counts.warning += 1,
            FindingSeverity::Info => counts.info += 1,
        }
    }
    let found = std::mem::take(&mut ctx.found);
    let next_questions = crate::questions::next_questions(&ctx, &found);
    let (open_questions, blocking_questions) = match crate::questions::open_questions(&ctx, &found)
    {
        Some(list) => {
            for d in decisions.iter_mut() {
                let mut extra: Vec<OpenQuestionView<'static>> = list
                    .iter()
                    .filter(|q| q.blocks.iter().any(|x| **x == *d.id))
                    .filter(|q| !d.open_questions.iter().any(|o| o.id == q.id))
                    .cloned()
                    .collect();
                if !extra.is_empty() {
                    extra.extend(d.open_questions.iter().cloned());
                    d.open_questions = Cow::Owned(extra);
                }
            }
            let blocking: Vec<Txt<'static>> = list
                .iter()
                .filter(|q| q.blocking)
                .map(|q| q.id.clone())
                .collect();
            (Cow::Owned(list), Cow::Owned(blocking))
        }
        None => (
            share::list(&texts.open_questions),
            share::list(&texts.blocking),
        ),
    };
    let target_ids = |list: &mut dyn Iterator<Item = usize>| -> Vec<Txt<'e>> {
        list.map(|t| crate::unknowns::target_id(&ctx, t)).collect()
    };
    let mut open: Vec<usize> = found.open.iter().map(|(t, _)| *t).collect();
    open.sort_unstable();
    let open = target_ids(&mut open.into_iter());
    let close_calls = target_ids(&mut found.close_calls.iter().copied());
    let mut assumed: Vec<usize> = found
        .effects
        .iter()
        .filter(|e| e.kind == crate::unknowns::EffectKind::Decides)
        .map(|e| e.var)
        .collect();
    assumed.sort_unstable();
    assumed.dedup();
    let assumed: Vec<Txt<'e>> = assumed
        .iter()
        .map(|v| b(&ctx.prepared.vars[*v].id))
        .collect();
    let unknown: Vec<Txt<'e>> = profile
        .unknown()
        .iter()
        .map(|v| b(&ctx.prepared.vars[*v].id))
        .collect();
    let summary = Summary {
        stack: IdMap(stack),
        blocking_questions,
        now,
        later: ids_with(&layer2, Verdict::Later),
        skip: ids_with(&layer2, Verdict::Skip),
        findings: counts,
        provisional: !open.is_empty() || !assumed.is_empty(),
        open,
        close_calls,
        unknown,
        assumed,
    };

    let (answers, derived, derived_facts) = match detail {
        Detail::Full => (
            answers(&ctx, profile, None),
            derived(&ctx),
            derived_facts(&ctx),
        ),
        Detail::Brief => (Vec::new(), IdMap(Vec::new()), Vec::new()),
    };
    Assessment {
        kb: kb_ref(&texts.kb),
        lang,
        profile: ProfileView {
            inputs: IdMap(ctx.inputs),
            derived,
        },
        answers,
        derived_facts,
        decisions,
        areas: share::list(&texts.areas),
        layer2,
        open_questions,
        next_questions,
        findings,
        summary,
        flips_computed: with_flips,
    }
}

fn ids_with<'e>(layer2: &[CapabilityAssessment<'e>], verdict: Verdict) -> Vec<Txt<'e>> {
    let count = layer2.iter().filter(|c| c.verdict == verdict).count();
    let mut ids = Vec::with_capacity(count);
    ids.extend(
        layer2
            .iter()
            .filter(|c| c.verdict == verdict)
            .map(|c| c.id.clone()),
    );
    ids
}

/// The KB's identity, borrowed.
pub(crate) fn kb_ref<'e>(k: &'e KbRef<'_>) -> KbRef<'e> {
    KbRef {
        id: b(&k.id),
        version: b(&k.version),
        digest: b(&k.digest),
        title: b(&k.title),
        reference: k.reference.as_ref().map(b),
    }
}

/// The derived facts, computed from the inputs.
fn derived<'e>(ctx: &Ctx<'e, '_>) -> IdMap<'e, AnswerValue<'e>> {
    let compiled = ctx.engine.compiled();
    IdMap(
        ctx.engine
            .derived_ids()
            .iter()
            .zip(&compiled.derived)
            .filter_map(|(id, d)| {
                let value = match d.as_ref()? {
                    CompiledDerived::When(pred) => AnswerValue::Bool(pred.eval(ctx.p)),
                    CompiledDerived::SameAs(var) => ctx.value(*var),
                    CompiledDerived::Enum { values, .. } => AnswerValue::Str(Cow::Owned(
                        values[d.as_ref()?.value(ctx.p) as usize].clone(),
                    )),
                };
                Some((b(id), value))
            })
            .collect(),
    )
}

/// Why a boolean or enum fact has its value for the profile, if the KB says.
fn fact_because<'e>(ctx: &Ctx<'e, '_>, index: usize) -> Option<Txt<'e>> {
    let fact = ctx.texts.facts.get(index)?.as_ref()?;
    let compiled = ctx.engine.compiled().derived.get(index)?.as_ref()?;
    let text = match (compiled, compiled.deciding_case(ctx.p)) {
        (CompiledDerived::When(_), Some(_)) => fact.case_because.first()?.as_ref(),
        (_, Some(case)) => fact.case_because.get(case)?.as_ref(),
        (_, None) => fact.otherwise_because.as_ref(),
    };
    text.map(b)
}

/// The boolean and enum facts with their values, why, and what they read.
pub(crate) fn derived_facts<'e>(ctx: &Ctx<'e, '_>) -> Vec<DerivedFactView<'e>> {
    let compiled = ctx.engine.compiled();
    let count = ctx.texts.facts.iter().flatten().count();
    let mut out = Vec::with_capacity(count);
    for (i, fact) in ctx.texts.facts.iter().enumerate() {
        let (Some(fact), Some(Some(c))) = (fact, compiled.derived.get(i)) else {
            continue;
        };
        let value = match c {
            CompiledDerived::When(pred) => AnswerValue::Bool(pred.eval(ctx.p)),
            _ => fact
                .values
                .get(c.value(ctx.p) as usize)
                .map_or(AnswerValue::Str(Cow::Borrowed("")), |v| {
                    AnswerValue::Str(b(v))
                }),
        };
        out.push(DerivedFactView {
            id: b(&fact.id),
            description: b(&fact.description),
            value,
            because: fact_because(ctx, i),
            inputs: share::list(&fact.inputs),
            source: fact.source.as_ref().map(b),
        });
    }
    out
}

/// The answers, all of them or only those of some variables.
pub(crate) fn answers<'e>(
    ctx: &Ctx<'e, '_>,
    profile: &Profile,
    only: Option<&[usize]>,
) -> Vec<Answer<'e>> {
    let compiled = ctx.engine.compiled();
    let one = |v: usize| {
        let derived = (!profile.is_given(v))
            .then(|| compiled.derived_default(v))
            .flatten();
        let source = match (profile.is_given(v), profile.is_unknown(v), derived) {
            (true, _, _) => AnswerSource::Given,
            (false, true, _) => AnswerSource::Unknown,
            (false, false, Some(_)) => AnswerSource::Derived,
            (false, false, None) => AnswerSource::Default,
        };
        Answer {
            input: b(&ctx.prepared.vars[v].id),
            value: ctx.value(v),
            source,
            assumed: source.is_assumed(),
            // The given value is copied so the assessment borrows only the engine.
            given: match source {
                AnswerSource::Unknown => {
                    Some(Cow::Owned(serde_json::Value::from(crate::profile::UNKNOWN)))
                }
                _ => profile.given_value(v).map(|g| Cow::Owned(g.clone())),
            },
            derived_from: derived.and_then(|dd| {
                let fact = ctx.texts.facts.get(dd.fact)?.as_ref()?;
                Some(DerivedFrom {
                    fact: b(&fact.id),
                    text: fact_because(ctx, dd.fact),
                    inputs: share::list(&fact.inputs),
                })
            }),
        }
    };
    match only {
        Some(vars) => vars.iter().map(|v| one(*v)).collect(),
        None => (0..ctx.inputs.len()).map(one).collect(),
    }
}

/// One decision, assessed, for the profile in `ctx` whose deciding rule is `winner`.
pub(crate) fn decision<'e>(
    ctx: &mut Ctx<'e, '_>,
    d: usize,
    winner: Option<usize>,
    with_flips: bool,
) -> DecisionAssessment<'e> {
    let texts = ctx.texts;
    let pd: &'e PDecision = &texts.decisions[d];
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
            let facts = if ctx.detail == Detail::Brief {
                Vec::new()
            } else if rule.default {
                ctx.default_facts(d, w)
            } else {
                ctx.explain(&cd.rules[w].pred).1
            };
            let p = ctx.p;
            let held = cd.rules[w].notes.iter().filter(|n| n.eval(p)).count();
            let mut notes = Vec::with_capacity(held);
            notes.extend(
                cd.rules[w]
                    .notes
                    .iter()
                    .zip(&rule.notes)
                    .filter(|(n, _)| n.eval(p))
                    .map(|(_, text)| b(text)),
            );
            vec![Because {
                rule: b(&rule.id),
                priority: rule.priority,
                default: rule.default,
                text: b(&rule.because),
                condition: rule.condition.as_ref().map(b),
                facts,
                source: rule.source.as_ref().map(b),
                derived: share::list(&rule.derived),
                notes,
            }]
        }
        None => Vec::new(),
    };

    // A brief assessment shows no alternatives.
    let others: &[_] = match ctx.detail {
        Detail::Full => &pd.options,
        Detail::Brief => &[],
    };
    let mut alternatives =
        Vec::with_capacity(others.len().saturating_sub(usize::from(chosen.is_some())));
    for (oi, po) in others.iter().enumerate() {
        if Some(oi) == chosen {
            continue;
        }
        let mut rules = Vec::with_capacity(po.rules.len());
        let mut applies = false;
        for &ri in &po.rules {
            let pr = &pd.rules[ri];
            // The default rule's condition is `always`: no comparison to show.
            let (holds, facts) = if pr.default {
                (true, Vec::new())
            } else {
                ctx.explain(&cd.rules[ri].pred)
            };
            applies |= holds;
            rules.push(RuleCheck {
                rule: b(&pr.id),
                priority: pr.priority,
                default: pr.default,
                holds,
                condition: pr.condition.as_ref().map(b),
                facts,
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

    let (traces_to, tradeoffs, chain, questions, practices) = match chosen {
        Some(o) => {
            let po = &pd.options[o];
            (
                share::list(&po.traces),
                share::list(&po.tradeoffs),
                po.chain.as_ref(),
                share::list(&po.questions),
                share::list(&po.practices),
            )
        }
        None => (
            Cow::Borrowed(&[][..]),
            Cow::Borrowed(&[][..]),
            pd.chain.as_ref(),
            share::list(&pd.questions),
            share::list(&pd.practices),
        ),
    };
    let flips = if with_flips {
        flips::flips(ctx, d, winner)
    } else {
        Vec::new()
    };

    let mut out = DecisionAssessment {
        id: b(&pd.id),
        layer: 1,
        title: b(&pd.title),
        question: b(&pd.question),
        recommendation,
        because,
        alternatives,
        traces_to,
        chain: chain.map(share::shared),
        practices,
        tradeoffs,
        open_questions: questions,
        flips,
        reads: share::list(&pd.reads),
        status: Status::Decided,
        provisional: false,
        exhaustive: true,
        decided_despite: Vec::new(),
        possible: Vec::new(),
        possible_text: None,
        blocked_by: Vec::new(),
        close_call: Vec::new(),
    };
    crate::unknowns::decision(ctx, d, &mut out);
    out
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
                Some(pred) if ctx.detail == Detail::Brief => (Some(pred.eval(ctx.p)), Vec::new()),
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

/// Whether each check of a list is met (an unknown one is not).
fn met<'a>(checks: &'a [ConditionCheck<'_>]) -> impl Iterator<Item = bool> + 'a {
    checks.iter().map(|c| c.met == Some(true))
}

/// One capability, assessed, and the index of the tool picked (verdict now).
fn capability<'e>(
    ctx: &mut Ctx<'e, '_>,
    c: &CompiledCapability,
    pc: &'e PCapability,
) -> (CapabilityAssessment<'e>, Option<usize>) {
    let triggers = checks(ctx, &pc.triggers, &c.triggers);
    let skip_if = checks(ctx, &pc.skip_if, &c.skip_if);
    let now_if = checks(ctx, &pc.now_if, &c.now_if);
    let later_if = checks(ctx, &pc.later_if, &c.later_if);
    let v = verdict_of(
        pc.otherwise,
        met(&triggers),
        met(&skip_if),
        met(&now_if),
        met(&later_if),
    );
    let list: &[PNamed] = match v.step {
        Step::LaterIf => &pc.later_if,
        Step::NowIf => &pc.now_if,
        Step::Trigger => &pc.triggers,
        Step::SkipIf => &pc.skip_if,
        Step::Otherwise => &[],
    };
    let named = v.condition.and_then(|i| list.get(i));
    let p = ctx.p;
    let tool_holds = |t: usize| c.tools[t].as_ref().is_some_and(|pred| pred.eval(p));
    let picked = match v.verdict {
        Verdict::Now => (0..c.tools.len())
            .find(|t| tool_holds(*t))
            .or(pc.default_tool),
        _ => None,
    };
    let tool = picked.and_then(|t| {
        let pt = pc.tools.get(t)?;
        // Picked by its condition (which then holds): show why; otherwise the
        // default, picked because no condition held.
        let (default, facts) = match c.tools.get(t).and_then(Option::as_ref) {
            Some(_) if tool_holds(t) && ctx.detail == Detail::Brief => (false, Vec::new()),
            Some(pred) if tool_holds(t) => (false, ctx.explain(pred).1),
            _ => (pc.default_tool == Some(t), Vec::new()),
        };
        Some(ToolPick {
            id: b(&pt.id),
            title: b(&pt.title),
            tools: share::list(&pt.tools),
            use_when: b(&pt.use_when),
            default,
            facts,
        })
    });
    let assessment = CapabilityAssessment {
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
        status: Status::Decided,
        provisional: false,
        exhaustive: true,
        decided_despite: Vec::new(),
        possible: Vec::new(),
        possible_text: None,
        blocked_by: Vec::new(),
        close_call: Vec::new(),
    };
    (assessment, picked)
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
fn rank_now<'e>(layer2: &mut [CapabilityAssessment<'e>]) -> Vec<Txt<'e>> {
    let key = |i: usize, c: &CapabilityAssessment| {
        (
            complexity_rank(c.complexity),
            std::cmp::Reverse(met(&c.triggers).filter(|m| *m).count()),
            i,
        )
    };
    let mut now: Vec<(_, usize)> = layer2
        .iter()
        .enumerate()
        .filter(|(_, c)| c.verdict == Verdict::Now)
        .map(|(i, c)| (key(i, c), i))
        .collect();
    now.sort_unstable();
    let mut ids = Vec::with_capacity(now.len());
    for (rank, (_, i)) in now.iter().enumerate() {
        layer2[*i].rank = Some(rank as u32 + 1);
        layer2[*i].start_here = rank == 0;
        ids.push(layer2[*i].id.clone());
    }
    ids
}

/// The statement of a value: borrowed for a yes/no or a choice, the number put
/// into the template of a number, the members' statements joined for a set;
/// `None` when one is missing.
pub(crate) fn statement<'s>(states: &'s Statements, value: &AnswerValue<'_>) -> Option<Txt<'s>> {
    let get = |key: &str| states.get(key).map(|s| s.as_ref());
    match value {
        AnswerValue::Bool(yes) => get(if *yes { "true" } else { "false" }).map(Cow::Borrowed),
        AnswerValue::Str(id) => get(id).map(Cow::Borrowed),
        AnswerValue::Int(n) => get("n").map(|t| Cow::Owned(t.replace("{n}", &n.to_string()))),
        AnswerValue::List(members) if members.is_empty() => get("none").map(Cow::Borrowed),
        AnswerValue::List(members) => members
            .iter()
            .map(|m| get(m))
            .collect::<Option<Vec<&str>>>()
            .map(|parts| Cow::Owned(parts.join("; "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_of_every_kind_of_value() {
        let states: Statements = [
            ("true", "the team has Calico expertise"),
            ("false", "the team has no Calico expertise"),
            ("GDPR", "GDPR applies"),
            ("PCI", "PCI DSS applies"),
            ("none", "no compliance framework applies"),
            ("n", "{n} people run the platform"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Cow::Borrowed(v)))
        .collect();
        let said = |v: AnswerValue<'_>| statement(&states, &v).map(|s| s.into_owned());
        assert_eq!(
            said(AnswerValue::Bool(false)).as_deref(),
            Some("the team has no Calico expertise")
        );
        assert_eq!(
            said(AnswerValue::Int(12)).as_deref(),
            Some("12 people run the platform")
        );
        assert_eq!(
            said(AnswerValue::Str(Cow::Borrowed("GDPR"))).as_deref(),
            Some("GDPR applies")
        );
        let set =
            |m: &[&'static str]| AnswerValue::List(m.iter().map(|x| Cow::Borrowed(*x)).collect());
        assert_eq!(
            said(set(&["GDPR", "PCI"])).as_deref(),
            Some("GDPR applies; PCI DSS applies")
        );
        assert_eq!(
            said(set(&[])).as_deref(),
            Some("no compliance framework applies")
        );
        // One member without a statement: no sentence rather than half of one.
        assert_eq!(said(set(&["GDPR", "SOC2"])), None);
        assert_eq!(said(AnswerValue::Str(Cow::Borrowed("other"))), None);
    }

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
        assert_eq!(v(&[], &[], &[], &[true]), (Skip, Step::Otherwise, None, 0));
        let later = v(&[false, true], &[], &[], &[true]);
        assert_eq!(later, (Later, Step::LaterIf, Some(0), 1));
        // `now_if` wins over `skip_if`.
        let now = v(&[], &[true], &[false, true], &[]);
        assert_eq!(now, (Now, Step::NowIf, Some(1), 0));
        // A trigger decides when no `skip_if` is met; a `skip_if` wins over it.
        let trigger = v(&[true, true], &[false], &[], &[]);
        assert_eq!(trigger, (Now, Step::Trigger, Some(0), 2));
        let skip = v(&[true], &[false, true], &[], &[]);
        assert_eq!(skip, (Skip, Step::SkipIf, Some(1), 1));
    }
}
