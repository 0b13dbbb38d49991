//! Turns a `full` view back into the expanded assessment, putting back every
//! text the view leaves to the KB.

use std::borrow::Cow;

use super::*;
use crate::prepared::{PCapability, PNamed, POption, PRule, Texts};
use crate::Engine;

/// Why a `full` view could not be expanded: it refers to something that
/// neither it nor the engine's knowledge base has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the full view refers to {kind} `{id}`, which neither the view nor the knowledge base has")]
pub struct Dangling {
    /// What kind of item.
    pub kind: &'static str,
    /// Its id (for a fact, its position in `facts`).
    pub id: String,
}

fn dangling(kind: &'static str, id: &str) -> Dangling {
    Dangling {
        kind,
        id: id.to_owned(),
    }
}

/// Finds the item with id `id` in `list`.
fn find<'l, T>(
    list: &'l [T],
    id: &str,
    kind: &'static str,
    id_of: impl Fn(&T) -> &str,
) -> Result<&'l T, Dangling> {
    list.iter()
        .find(|x| id_of(x) == id)
        .ok_or_else(|| dangling(kind, id))
}

fn owned(t: &str) -> Txt<'static> {
    Cow::Owned(t.to_owned())
}

fn owned_opt(t: Option<&str>) -> Option<Txt<'static>> {
    t.map(owned)
}

/// The expanded assessment a `full` view stands for: every text the view
/// leaves to the KB put back from `engine`'s KB (which must be the KB the
/// view was made with: the same `kb.digest`), in the view's language.
pub fn expand<'x>(f: &'x FullView<'_>, engine: &'x Engine) -> Result<Assessment<'x>, Dangling> {
    let texts = engine.prepared().texts(f.lang);
    if f.kb.digest != texts.kb.digest {
        return Err(dangling("knowledge base", &f.kb.digest));
    }
    let kb = Kb { f, engine, texts };
    let open_questions = f
        .open_questions
        .iter()
        .map(|q| kb.open_question(q))
        .collect::<Result<Vec<_>, _>>()?;
    // A decision's or capability's own questions are as the KB states them;
    // the questions an unknown answer adds to a decision are as the
    // assessment's list has them (blocking, with what they block).
    let question_list = |ids: &Ids<'_>,
                         own: &[OpenQuestionView<'static>]|
     -> Result<Vec<OpenQuestionView<'static>>, Dangling> {
        ids.iter()
            .map(|id| match own.iter().find(|q| q.id == *id) {
                Some(q) => Ok(q.clone()),
                None => find(&open_questions, id, "open question", |q| &q.id).cloned(),
            })
            .collect()
    };
    let mut decisions = Vec::with_capacity(f.decisions.len());
    for d in &f.decisions {
        let (mut out, own) = kb.decision(d)?;
        out.open_questions = Cow::Owned(question_list(&d.open_questions, own)?);
        decisions.push(out);
    }
    let mut layer2 = Vec::with_capacity(f.layer2.len());
    for c in &f.layer2 {
        let (mut out, own) = kb.capability(c)?;
        out.open_questions = Cow::Owned(question_list(&c.open_questions, own)?);
        layer2.push(out);
    }
    Ok(Assessment {
        kb: (*f.kb).clone(),
        lang: f.lang,
        profile: (*f.profile).clone(),
        answers: f
            .answers
            .iter()
            .map(|x| kb.answer(x))
            .collect::<Result<_, _>>()?,
        derived_facts: f
            .derived_facts
            .iter()
            .map(|x| kb.derived_fact(x))
            .collect::<Result<_, _>>()?,
        decisions,
        areas: Cow::Owned(
            f.areas
                .iter()
                .map(|x| kb.area(x))
                .collect::<Result<_, _>>()?,
        ),
        layer2,
        open_questions: Cow::Owned(open_questions),
        next_questions: f
            .next_questions
            .iter()
            .map(|x| kb.next_question(x))
            .collect::<Result<_, _>>()?,
        findings: f
            .findings
            .iter()
            .map(|x| kb.finding(x))
            .collect::<Result<_, _>>()?,
        summary: (*f.summary).clone(),
        flips_computed: f.flips_computed,
    })
}

/// The view and the KB texts in its language.
struct Kb<'x, 'v> {
    f: &'x FullView<'v>,
    engine: &'x Engine,
    texts: &'x Texts,
}

impl<'x, 'v: 'x> Kb<'x, 'v> {
    fn facts(&self, ids: &FactIds) -> Result<Vec<Fact<'x>>, Dangling> {
        ids.iter()
            .map(|&i| {
                self.f
                    .facts
                    .get(i as usize)
                    .map(|x| (**x).clone())
                    .ok_or_else(|| dangling("fact", &i.to_string()))
            })
            .collect()
    }

    fn trace(&self, id: &str) -> Result<TraceRef<'static>, Dangling> {
        let listed = find(&self.f.layer0, id, "Layer 0 item", |l| &l.id)?;
        let item = find(&self.engine.kb().layer0, id, "Layer 0 item", |l| &l.id)?;
        Ok(TraceRef {
            id: owned(id),
            kind: listed.kind,
            title: crate::text::local(&item.title, self.f.lang),
        })
    }

    fn traces(&self, ids: &Ids<'_>) -> Result<Cow<'x, [TraceRef<'static>]>, Dangling> {
        Ok(Cow::Owned(
            ids.iter()
                .map(|id| self.trace(id))
                .collect::<Result<_, _>>()?,
        ))
    }

    fn tradeoff(&self, id: &str) -> Result<TradeoffView<'static>, Dangling> {
        let listed = find(&self.f.tradeoffs, id, "trade-off", |t| &t.id)?;
        let known = self
            .texts
            .decisions
            .iter()
            .flat_map(|d| &d.options)
            .flat_map(|o| &o.tradeoffs)
            .find(|t| t.id == id)
            .ok_or_else(|| dangling("trade-off", id))?;
        Ok(TradeoffView {
            id: owned(id),
            title: known.title.clone(),
            favours: Cow::Owned(self.traces(&listed.favours)?.into_owned()),
            over: Cow::Owned(self.traces(&listed.over)?.into_owned()),
            resolution: known.resolution.clone(),
            rationale: known.rationale.clone(),
            scope: known.scope.clone(),
        })
    }

    fn open_question(
        &self,
        q: &FullOpenQuestion<'_>,
    ) -> Result<OpenQuestionView<'static>, Dangling> {
        let (text, decide_by, default_assumption) = if q.generated {
            (
                owned(q.text.as_deref().unwrap_or_default()),
                owned_opt(q.decide_by.as_deref()),
                owned_opt(q.default_assumption.as_deref()),
            )
        } else {
            let known = find(&self.texts.open_questions, &q.id, "open question", |x| {
                &x.id
            })?;
            (
                known.text.clone(),
                known.decide_by.clone(),
                known.default_assumption.clone(),
            )
        };
        Ok(OpenQuestionView {
            id: owned(&q.id),
            text,
            blocking: q.blocking,
            priority: q.priority,
            decide_by,
            default_assumption,
            decisions: Cow::Owned(q.decisions.to_vec()),
            input: owned_opt(q.input.as_deref()),
            blocks: q.blocks.iter().map(|x| owned(x)).collect(),
            generated: q.generated,
        })
    }

    fn derived_fact(&self, x: &'x FullDerivedFact<'v>) -> Result<DerivedFactView<'x>, Dangling> {
        let known = self
            .texts
            .facts
            .iter()
            .flatten()
            .find(|p| p.id == x.id)
            .ok_or_else(|| dangling("derived fact", &x.id))?;
        Ok(DerivedFactView {
            id: x.id.clone(),
            description: b(&known.description),
            value: x.value.clone(),
            because: x.because.clone(),
            inputs: x.inputs.clone(),
            source: known.source.as_ref().map(b),
        })
    }

    fn answer(&self, x: &'x FullAnswer<'v>) -> Result<Answer<'x>, Dangling> {
        let derived_from = match &x.derived_from {
            Some(fact) => {
                let known = find(&self.f.derived_facts, fact, "derived fact", |d| &d.id)?;
                Some(DerivedFrom {
                    fact: fact.clone(),
                    text: known.because.clone(),
                    inputs: known.inputs.clone(),
                })
            }
            None => None,
        };
        Ok(Answer {
            input: x.input.clone(),
            value: x.value.clone(),
            source: x.source,
            assumed: x.assumed,
            given: x.given.clone(),
            derived_from,
        })
    }

    /// The KB's finding with everything the view writes; its `sources` from the KB.
    fn finding(&self, x: &FullFinding<'_>) -> Result<Cow<'x, Finding<'static>>, Dangling> {
        let t = self.texts;
        let rules = t.decisions.iter().flat_map(|d| &d.rules);
        let tools = t.capabilities.iter().flat_map(|c| &c.tools);
        let mut known = t
            .consistency
            .iter()
            .chain(rules.flat_map(|r| &r.findings))
            .chain(tools.flat_map(|c| &c.findings));
        let same = |a: &Option<Txt<'_>>, b: &Option<Txt<'_>>| a.as_deref() == b.as_deref();
        known
            .find(|k| {
                k.code == x.code
                    && k.severity == x.severity
                    && k.kind == x.kind
                    && k.decision == x.decision
                    && same(&k.option, &x.option)
                    && same(&k.tool, &x.tool)
                    && same(&k.principle, &x.principle)
                    && k.message == x.message
                    && same(&k.accepted_by, &x.accepted_by)
                    && same(&k.consistency, &x.consistency)
            })
            .map(Cow::Borrowed)
            .ok_or_else(|| dangling("finding", &format!("{} {}", x.code, x.decision)))
    }

    fn area(&self, x: &FullArea<'_>) -> Result<AreaView<'static>, Dangling> {
        let known = find(&self.texts.areas, &x.id, "area", |a| &a.id)?;
        Ok(AreaView {
            id: owned(&x.id),
            title: known.title.clone(),
            help: known.help.clone(),
            decisions: x.decisions.iter().map(|d| owned(d)).collect(),
        })
    }

    fn next_question(&self, x: &'x FullNextQuestion<'v>) -> Result<NextQuestion<'x>, Dangling> {
        let var = self
            .engine
            .prepared()
            .vars
            .iter()
            .position(|v| v.id == x.input)
            .ok_or_else(|| dangling("input", &x.input))?;
        Ok(NextQuestion {
            input: x.input.clone(),
            question: b(&self.texts.inputs[var].question),
            state: x.state,
            value: x.value.clone(),
            settles: x.settles.to_vec(),
            narrows: x.narrows.to_vec(),
            why: x.why.clone(),
            answers_question: x.answers_question.clone(),
        })
    }

    /// The decision, and the open questions the KB gives it (those of the
    /// recommended option, else the decision's).
    fn decision(
        &self,
        d: &'x FullDecision<'v>,
    ) -> Result<(DecisionAssessment<'x>, &'x [OpenQuestionView<'static>]), Dangling> {
        let pd = find(&self.texts.decisions, &d.id, "decision", |x| &x.id)?;
        let option = |id: &str| find(&pd.options, id, "option", |o| &o.id);
        let rule = |id: &str| find(&pd.rules, id, "rule", |r| &r.id);
        // No recommendation (`""`) has its title in the view; an option's is the KB's.
        let option_title = |id: &str, written: &'x Option<Txt<'v>>| -> Result<Txt<'x>, Dangling> {
            match (id, written) {
                ("", Some(title)) => Ok(title.clone()),
                ("", None) => Err(dangling("title of no recommendation", "")),
                (id, _) => Ok(b(&option(id)?.title)),
            }
        };
        let chosen: Option<&POption> = match &d.recommendation {
            Some(r) => Some(option(&r.option)?),
            None => None,
        };
        let recommendation = match (&d.recommendation, chosen) {
            (Some(r), Some(po)) => Some(Recommendation {
                option: r.option.clone(),
                title: b(&po.title),
                rationale: b(&po.rationale),
                tools: r.tools.clone(),
                rule: r.rule.clone(),
                seed_choice: r.seed_choice,
                pros: Cow::Borrowed(&po.pros),
                cons: Cow::Borrowed(&po.cons),
            }),
            _ => None,
        };
        let because = d
            .because
            .iter()
            .map(|x| {
                let pr: &PRule = rule(&x.rule)?;
                Ok(Because {
                    rule: x.rule.clone(),
                    priority: x.priority,
                    default: x.default,
                    text: b(&pr.because),
                    condition: x.condition.clone(),
                    facts: self.facts(&x.facts)?,
                    source: pr.source.as_ref().map(b),
                    derived: x.derived.clone(),
                    notes: x.notes.to_vec(),
                })
            })
            .collect::<Result<_, Dangling>>()?;
        let alternatives = d
            .alternatives
            .iter()
            .map(|alt| self.alternative(alt, option(&alt.option)?, &rule))
            .collect::<Result<_, Dangling>>()?;
        let (chain, practices, questions) = match chosen {
            Some(po) => (po.chain.as_ref(), &po.practices, &po.questions),
            None => (pd.chain.as_ref(), &pd.practices, &pd.questions),
        };
        let out = DecisionAssessment {
            id: d.id.clone(),
            layer: d.layer,
            title: d.title.clone(),
            question: b(&pd.question),
            recommendation,
            because,
            alternatives,
            traces_to: self.traces(&d.traces_to)?,
            chain: chain.map(Cow::Borrowed),
            practices: Cow::Borrowed(practices),
            tradeoffs: Cow::Owned(
                d.tradeoffs
                    .iter()
                    .map(|id| self.tradeoff(id))
                    .collect::<Result<_, _>>()?,
            ),
            // Filled in by `expand` from the view's `open_questions`.
            open_questions: Cow::Borrowed(&[]),
            flips: d
                .flips
                .iter()
                .map(|x| {
                    Ok(Flip {
                        option: x.option.clone(),
                        title: b(&option(&x.option)?.title),
                        rule: x.rule.clone(),
                        distance: x.distance,
                        changes: x.changes.to_vec(),
                    })
                })
                .collect::<Result<_, Dangling>>()?,
            reads: d.reads.clone(),
            status: d.status,
            provisional: d.provisional,
            exhaustive: d.exhaustive,
            decided_despite: d.decided_despite.to_vec(),
            possible: d
                .possible
                .iter()
                .map(|x| {
                    Ok(Possible {
                        option: x.option.clone(),
                        title: option_title(&x.option, &x.title)?,
                        provisional: x.provisional,
                        when: x.when.to_vec(),
                        text: x.text.clone(),
                    })
                })
                .collect::<Result<_, Dangling>>()?,
            possible_text: d.possible_text.clone(),
            blocked_by: d.blocked_by.to_vec(),
            close_call: d
                .close_call
                .iter()
                .map(|x| {
                    Ok(CloseCall {
                        input: x.input.clone(),
                        from: x.from.clone(),
                        to: x.to.clone(),
                        option: x.option.clone(),
                        title: option_title(&x.option, &x.title)?,
                    })
                })
                .collect::<Result<_, Dangling>>()?,
        };
        Ok((out, questions))
    }

    fn alternative(
        &self,
        alt: &'x FullAlternative<'v>,
        po: &'x POption,
        rule: &impl Fn(&str) -> Result<&'x PRule, Dangling>,
    ) -> Result<Alternative<'x>, Dangling> {
        let rules = alt
            .rules
            .iter()
            .map(|r| {
                Ok(RuleCheck {
                    rule: r.rule.clone(),
                    priority: r.priority,
                    default: r.default,
                    holds: r.holds,
                    condition: r.condition.clone(),
                    facts: self.facts(&r.facts)?,
                    because: b(&rule(&r.rule)?.because),
                })
            })
            .collect::<Result<_, Dangling>>()?;
        Ok(Alternative {
            option: alt.option.clone(),
            title: b(&po.title),
            rationale: b(&po.rationale),
            tools: alt.tools.clone(),
            applies: alt.applies,
            condition: po.condition.as_ref().map(b),
            why_not: (*alt.why_not).clone(),
            reason: po.why_not.as_ref().map(b),
            seed_choice: alt.seed_choice,
            superseded: po.superseded.as_ref().map(Cow::Borrowed),
            rules,
        })
    }

    /// The capability, and the open questions the KB gives it.
    fn capability(
        &self,
        c: &'x FullCapability<'v>,
    ) -> Result<(CapabilityAssessment<'x>, &'x [OpenQuestionView<'static>]), Dangling> {
        let pc: &PCapability = find(&self.texts.capabilities, &c.id, "capability", |x| &x.id)?;
        let checks = |list: &[FullConditionCheck<'_>], named: &'x [PNamed]| {
            list.iter()
                .map(|x| {
                    Ok(ConditionCheck {
                        id: owned(&x.id),
                        text: b(&find(named, &x.id, "condition", |n| &n.id)?.text),
                        met: match x.status {
                            Met::Met => Some(true),
                            Met::NotMet => Some(false),
                            Met::Unknown => None,
                        },
                        status: x.status,
                        detail: self.facts(&x.detail)?,
                    })
                })
                .collect::<Result<Vec<_>, Dangling>>()
        };
        let decided_list: &[PNamed] = match c.decided_by.step {
            Step::LaterIf => &pc.later_if,
            Step::NowIf => &pc.now_if,
            Step::Trigger => &pc.triggers,
            Step::SkipIf => &pc.skip_if,
            Step::Otherwise => &[],
        };
        let decided_text = match &c.decided_by.condition {
            Some(id) => Some(b(&find(decided_list, id, "condition", |n| &n.id)?.text)),
            None => None,
        };
        let tool = match &c.tool {
            Some(t) => {
                let known = find(&pc.tools, &t.id, "tool choice", |x| &x.id)?;
                Some(ToolPick {
                    id: t.id.clone(),
                    title: t.title.clone(),
                    tools: t.tools.clone(),
                    use_when: b(&known.use_when),
                    default: t.default,
                    facts: self.facts(&t.facts)?,
                })
            }
            None => None,
        };
        let out = CapabilityAssessment {
            id: c.id.clone(),
            layer: c.layer,
            title: c.title.clone(),
            question: b(&pc.question),
            complexity: c.complexity,
            verdict: c.verdict,
            rank: c.rank,
            start_here: c.start_here,
            decided_by: DecidedBy {
                step: c.decided_by.step,
                condition: c.decided_by.condition.clone(),
                text: decided_text,
            },
            triggers: checks(&c.triggers, &pc.triggers)?,
            skip_if: checks(&c.skip_if, &pc.skip_if)?,
            now_if: checks(&c.now_if, &pc.now_if)?,
            later_if: checks(&c.later_if, &pc.later_if)?,
            tool,
            traces_to: self.traces(&c.traces_to)?,
            // Filled in by `expand` from the view's `open_questions`.
            open_questions: Cow::Borrowed(&[]),
            exit_strategy: pc.exit_strategy.as_ref().map(b),
            status: c.status,
            provisional: c.provisional,
            exhaustive: c.exhaustive,
            decided_despite: c.decided_despite.to_vec(),
            possible: c.possible.to_vec(),
            possible_text: c.possible_text.clone(),
            blocked_by: c.blocked_by.to_vec(),
            close_call: c.close_call.to_vec(),
        };
        Ok((out, &pc.questions))
    }
}

/// Borrows an engine text.
fn b<'t>(t: &'t Txt<'static>) -> Txt<'t> {
    Cow::Borrowed(t)
}
