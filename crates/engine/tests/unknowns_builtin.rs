//! "I don't know" on the built-in KB: golden cases for open decisions, the
//! next questions, close calls and assumptions.

mod common;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use kompas_engine::*;
use kompas_kb::Verdict;
use kompas_logic::Space;
use serde_json::{json, Map, Value};

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(common::builtin)
}

fn webshop() -> Map<String, Value> {
    let text = include_str!("../../../examples/webshop.yaml");
    let (value, _) = kompas_kb::yaml::parse(text).expect("the webshop profile parses");
    value.as_object().cloned().expect("a mapping")
}

fn assess(profile: &Map<String, Value>) -> Assessment<'static> {
    let p = engine()
        .profile_from_value(&Value::Object(profile.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    common::owned(&engine().assess(&p))
}

fn everything_unknown() -> Map<String, Value> {
    engine()
        .kb()
        .inputs
        .iter()
        .map(|i| (i.id.clone(), json!("unknown")))
        .collect()
}

fn var(id: &str) -> usize {
    engine().compiled().var_index[id]
}

#[test]
fn an_unknown_calico_expertise_leaves_the_cni_open_between_cilium_and_calico() {
    // The test names an input the CNI decision actually reads.
    let cni = engine()
        .kb()
        .decisions
        .iter()
        .position(|d| d.id == "cni")
        .unwrap();
    assert!(engine().compiled().decisions[cni]
        .vars
        .contains(&var("calico_expertise")));

    let mut profile = webshop();
    profile.insert("calico_expertise".into(), json!("unknown"));
    let a = assess(&profile);
    let d = a.decision("cni").unwrap();
    assert_eq!(d.status, Status::Open);
    assert!(d.provisional && d.exhaustive);
    let options: BTreeSet<&str> = d.possible.iter().map(|p| &*p.option).collect();
    assert_eq!(options, BTreeSet::from(["calico", "cilium"]));
    for p in &d.possible {
        assert_eq!(p.when.len(), 1, "{p:?}");
        assert_eq!(p.when[0][0].input, "calico_expertise");
        let expected = json!(p.option == "calico");
        assert_eq!(
            serde_json::to_value(&p.when[0][0].values).unwrap(),
            json!([expected])
        );
        assert_eq!(p.provisional, p.option == "cilium");
    }
    let text = d.possible_text.as_deref().unwrap();
    assert!(
        text.contains("Does the team already have Calico expertise in-house?"),
        "{text}"
    );
    assert!(
        !text.contains("calico_expertise"),
        "no input ids in sentences: {text}"
    );
    assert_eq!(d.blocked_by, ["calico_expertise"]);
    assert_eq!(a.summary.open, ["cni"]);
    assert_eq!(a.summary.unknown, ["calico_expertise"]);
    // The answer that settles it comes first, and the question blocks the CNI.
    let first = &a.next_questions[0];
    assert_eq!(
        (&*first.input, first.state),
        ("calico_expertise", QuestionState::Unknown)
    );
    assert_eq!(first.settles, ["cni"]);
    let q = a
        .open_questions
        .iter()
        .find(|q| q.input.as_deref() == Some("calico_expertise"))
        .unwrap();
    assert!(q.blocking && q.generated);
    assert_eq!(q.blocks, ["cni"]);
    assert!(a
        .summary
        .blocking_questions
        .iter()
        .any(|x| x == "calico_expertise"));
    assert!(a
        .decision("cni")
        .unwrap()
        .open_questions
        .iter()
        .any(|x| x.id == "calico_expertise"));
    let answer = a
        .answers
        .iter()
        .find(|x| x.input == "calico_expertise")
        .unwrap();
    assert_eq!(answer.source, AnswerSource::Unknown);
    assert!(!answer.assumed);
    assert_eq!(answer.given.as_deref(), Some(&json!("unknown")));
    // Another capability that reads the answer holds whatever it is.
    let mesh = a.capability("service_mesh").unwrap();
    assert_eq!(mesh.status, Status::Decided);
    assert_eq!(mesh.decided_despite, ["calico_expertise"]);

    // In Dutch, from the Dutch question.
    let p = engine()
        .profile_from_value(&Value::Object(profile))
        .unwrap();
    let nl = engine().assess_with(
        &p,
        AssessOptions {
            lang: Lang::Nl,
            flips: false,
        },
    );
    let text = nl
        .decision("cni")
        .unwrap()
        .possible_text
        .as_deref()
        .unwrap()
        .to_owned();
    assert!(text.contains("als het antwoord op “"), "{text}");
    assert!(text.contains("; anders "), "{text}");
}

/// The options a decision's table reaches, over every profile.
fn reachable_options(d: usize) -> BTreeSet<String> {
    let compiled = engine().compiled();
    let cd = &compiled.decisions[d];
    let kb = &engine().kb().decisions[d];
    cd.table
        .iter()
        .filter_map(|&r| cd.rules.get(usize::from(r)).and_then(|r| r.option))
        .map(|o| kb.options[o].id.clone())
        .collect()
}

/// The verdicts (with tools, when now) a capability reaches, over every
/// profile. The verdict and the tool pick read different answers, so per
/// answer to those both read, each is enumerated over its own.
fn reachable_verdicts(c: usize) -> BTreeSet<String> {
    let compiled = engine().compiled();
    let cc = &compiled.capabilities[c];
    let cap = &engine().kb().capabilities[c];
    let vars_of = |preds: &mut dyn Iterator<Item = &kompas_logic::Pred>| {
        let mut vars = Vec::new();
        for p in preds {
            p.for_each_var(&mut |v| vars.push(v));
        }
        vars.sort_unstable();
        vars.dedup();
        vars
    };
    let verdict_vars = vars_of(
        &mut cc
            .triggers
            .iter()
            .chain(&cc.skip_if)
            .chain(&cc.now_if)
            .chain(&cc.later_if)
            .filter_map(|n| n.pred.as_ref()),
    );
    let tool_vars = vars_of(&mut cc.tools.iter().flatten());
    let shared: Vec<usize> = verdict_vars
        .iter()
        .copied()
        .filter(|v| tool_vars.contains(v))
        .collect();
    let own = |vars: &[usize]| -> Vec<usize> {
        vars.iter()
            .copied()
            .filter(|v| !shared.contains(v))
            .collect()
    };
    let (verdict_own, tool_own) = (own(&verdict_vars), own(&tool_vars));
    let mut out = BTreeSet::new();
    let mut profile = compiled.defaults.clone();
    Space::new(&compiled.vars, &shared).for_each_cell(&mut profile, |p, _| {
        let mut q = p.to_vec();
        let mut verdicts = BTreeSet::new();
        Space::new(&compiled.vars, &verdict_own).for_each_cell(&mut q, |q, _| {
            verdicts.insert(format!("{:?}", cc.verdict(q).verdict));
        });
        let mut q = p.to_vec();
        let mut tools = BTreeSet::new();
        Space::new(&compiled.vars, &tool_own).for_each_cell(&mut q, |q, _| {
            tools.insert(cc.tool_pick(q).map(|t| cap.tools[t].id.as_str()));
        });
        for v in [Verdict::Now, Verdict::Later, Verdict::Skip] {
            if !verdicts.contains(&format!("{v:?}")) {
                continue;
            }
            for tool in &tools {
                out.insert(name(v, *tool));
            }
        }
    });
    out
}

fn name(verdict: Verdict, tool: Option<&str>) -> String {
    match (verdict, tool) {
        (Verdict::Now, Some(t)) => format!("now {t}"),
        (v, _) => format!("{v:?}").to_lowercase(),
    }
}

#[test]
fn everything_unknown_lists_every_option_the_kb_can_reach() {
    let a = assess(&everything_unknown());
    for (d, decision) in a.decisions.iter().enumerate() {
        let reachable = reachable_options(d);
        let listed: BTreeSet<String> = match decision.status {
            Status::Open => decision
                .possible
                .iter()
                .map(|p| p.option.to_string())
                .collect(),
            Status::Decided => decision
                .recommendation
                .iter()
                .map(|r| r.option.to_string())
                .collect(),
        };
        assert!(decision.exhaustive, "{}", decision.id);
        assert_eq!(listed, reachable, "{}", decision.id);
        assert_eq!(
            decision.status == Status::Open,
            reachable.len() > 1,
            "{}",
            decision.id
        );
    }
    for (c, cap) in a.layer2.iter().enumerate() {
        assert!(cap.exhaustive, "{}", cap.id);
        let listed: BTreeSet<String> = match cap.status {
            Status::Open => cap
                .possible
                .iter()
                .map(|p| name(p.verdict, p.tool.as_ref().map(|t| &*t.id)))
                .collect(),
            Status::Decided => [name(cap.verdict, cap.tool.as_ref().map(|t| &*t.id))].into(),
        };
        assert_eq!(listed, reachable_verdicts(c), "{}", cap.id);
    }
    // Nothing is assumed: every answer is unknown.
    assert!(a.answers.iter().all(|x| x.source == AnswerSource::Unknown));
    assert!(a.summary.assumed.is_empty());
    assert!(a.summary.provisional);
}

/// A value of an input's class, chosen by `seed`, as a profile answer.
fn some_answer(input: &str, seed: &mut u64) -> Value {
    let compiled = engine().compiled();
    let v = var(input);
    let x = &compiled.vars[v];
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    let exclusive: i64 = engine().kb().inputs[compiled.var_input[v]]
        .values
        .iter()
        .enumerate()
        .filter(|(_, x)| x.exclusive)
        .fold(0, |acc, (i, _)| acc | 1 << i);
    let class = (*seed % x.class_count() as u64) as usize;
    x.decode(x.representative(class, 0) & !exclusive)
}

#[test]
fn answering_the_next_questions_one_by_one_closes_every_open_decision() {
    for start in [everything_unknown(), {
        let mut p = webshop();
        for id in [
            "calico_expertise",
            "team_size",
            "all_in_one_cloud",
            "compliance_requirements",
            "prefer_saas",
        ] {
            p.insert(id.into(), json!("unknown"));
        }
        p
    }] {
        for mut seed in [0x9e37_79b9_7f4a_7c15_u64, 0x2545_f491_4f6c_dd1d] {
            let mut profile = start.clone();
            let mut steps = 0;
            loop {
                let a = assess(&profile);
                if a.summary.open.is_empty() {
                    assert!(a.decisions.iter().all(|d| d.status == Status::Decided));
                    assert!(a.layer2.iter().all(|c| c.status == Status::Decided));
                    break;
                }
                let q = &a.next_questions[0];
                assert_eq!(q.state, QuestionState::Unknown, "{q:?}");
                assert!(!q.settles.is_empty() || !q.narrows.is_empty());
                profile.insert(q.input.to_string(), some_answer(&q.input, &mut seed));
                steps += 1;
                assert!(steps <= engine().kb().inputs.len(), "never closes");
            }
        }
    }
}

#[test]
fn a_close_call_at_a_team_size_threshold() {
    let compiled = engine().compiled();
    let team = var("team_size");
    let pod = engine()
        .kb()
        .decisions
        .iter()
        .position(|d| d.id == "pod_security")
        .unwrap();
    assert!(
        compiled.decisions[pod].vars.contains(&team),
        "pod security reads the team size"
    );
    // A threshold of the team size: the first value of a class.
    let classes = compiled.vars[team].int_classes();
    for window in classes.windows(2) {
        let (below, at) = (window[0].1, window[1].0);
        let mut at_threshold = webshop();
        at_threshold.insert("team_size".into(), json!(below));
        let a = assess(&at_threshold);
        let mut next = at_threshold.clone();
        next.insert("team_size".into(), json!(at));
        let b = assess(&next);
        for (da, db) in a.decisions.iter().zip(&b.decisions) {
            let changed = da.recommendation.as_ref().map(|r| &r.option)
                != db.recommendation.as_ref().map(|r| &r.option);
            let flagged = da
                .close_call
                .iter()
                .any(|c| c.input == "team_size" && c.to == AnswerValue::Int(at));
            assert_eq!(changed, flagged, "{} at team size {below} -> {at}", da.id);
            if flagged {
                assert!(a.summary.close_calls.contains(&da.id));
            }
        }
    }
    // The webshop's team of 10 is at the threshold of pod security.
    let a = assess(&webshop());
    let d = a.decision("pod_security").unwrap();
    let call = d
        .close_call
        .iter()
        .find(|c| c.input == "team_size")
        .expect("a close call");
    assert_eq!(
        (&call.from, &call.to),
        (&AnswerValue::Int(10), &AnswerValue::Int(11))
    );
    // In the middle of a class, the team size is no close call.
    let (lo, hi) = classes
        .iter()
        .copied()
        .find(|(lo, hi)| hi - lo >= 2)
        .unwrap();
    let mut middle = webshop();
    middle.insert("team_size".into(), json!(lo + 1));
    let a = assess(&middle);
    assert!(
        a.decisions
            .iter()
            .all(|d| d.close_call.iter().all(|c| c.input != "team_size")),
        "{lo}..{hi}"
    );
}

#[test]
fn close_calls_are_one_step_and_change_the_outcome() {
    // The webshop with every ordered answer at each of its values, with and
    // without a preference for SaaS.
    let mut profiles = Vec::new();
    for input in engine().kb().inputs.iter().filter(|i| i.ordered) {
        for value in &input.values {
            for saas in [false, true] {
                let mut p = webshop();
                p.insert(input.id.clone(), json!(value.id));
                p.insert("prefer_saas".into(), json!(saas));
                profiles.push(p);
            }
        }
    }
    let mut seen_enum = false;
    for profile in &profiles {
        let a = assess(profile);
        for d in &a.decisions {
            for c in &d.close_call {
                let input = engine().kb().input(&c.input).unwrap();
                match (&c.from, &c.to) {
                    (AnswerValue::Int(f), AnswerValue::Int(t)) => assert_eq!((f - t).abs(), 1),
                    (AnswerValue::Str(f), AnswerValue::Str(t)) => {
                        assert!(input.ordered, "{}", c.input);
                        let at =
                            |v: &str| input.values.iter().position(|x| x.id == v).unwrap() as i64;
                        assert_eq!((at(f) - at(t)).abs(), 1);
                        seen_enum = true;
                    }
                    other => panic!("not a one-step change: {other:?}"),
                }
                let mut changed = profile.clone();
                changed.insert(c.input.to_string(), c.to.to_json());
                assert_eq!(
                    assess(&changed).recommended(&d.id),
                    Some(&*c.option),
                    "{}",
                    d.id
                );
                assert!(a.summary.close_calls.contains(&d.id));
            }
        }
    }
    assert!(seen_enum, "an ordered answer is a close call somewhere");
}

#[test]
fn an_empty_profile_is_provisional_and_names_its_assumptions() {
    let a = assess(&Map::new());
    assert!(a.summary.provisional);
    assert!(a.summary.open.is_empty());
    assert!(!a.summary.assumed.is_empty());
    assert!(a.answers.iter().all(|x| x.assumed));
    assert!(a
        .next_questions
        .iter()
        .all(|q| q.state == QuestionState::Assumed));
    // Each assumed next question names what another answer changes.
    for q in &a.next_questions {
        assert!(!q.settles.is_empty(), "{q:?}");
        assert!(a.summary.assumed.contains(&q.input));
        assert!(q.why.starts_with("Assumed: "), "{}", q.why);
    }
    // Confirming an assumption changes nothing; answering otherwise changes what it says.
    let q = &a.next_questions[0];
    let compiled = engine().compiled();
    let v = var(&q.input);
    let x = &compiled.vars[v];
    let current = x.class_of(x.encode(&q.value.to_json()).unwrap());
    let changes = (0..x.class_count()).filter(|c| *c != current).any(|c| {
        let mut p = Map::new();
        p.insert(q.input.to_string(), x.decode(x.representative(c, 0)));
        let b = assess(&p);
        q.settles.iter().any(|id| {
            a.recommended(id) != b.recommended(id)
                || a.capability(id)
                    .map(|c| (c.verdict, c.tool.as_ref().map(|t| t.id.clone())))
                    != b.capability(id)
                        .map(|c| (c.verdict, c.tool.as_ref().map(|t| t.id.clone())))
        })
    });
    assert!(changes, "{q:?}");
}
