//! "I don't know" is an answer: on generated KBs, the possible outcomes of
//! every decision and capability are exact against brute force over the
//! values of the unknown inputs (every completion gives a listed outcome,
//! every listed outcome is reached, and each `when` holds for exactly the
//! completions that give it).

#[path = "../../logic/tests/common/generated.rs"]
mod generated;

use std::collections::{BTreeSet, HashMap};

use generated::{Answers, Reference};
use kompas_engine::*;
use kompas_kb::Verdict;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// What a profile says about one generated input.
#[derive(Debug, Clone, Copy)]
enum State {
    Given(i64),
    Unknown,
    LeftOut,
}

const INPUTS: [&str; 5] = ["a", "b", "c", "s", "d"];
const A_VALUES: [&str; 3] = ["x", "y", "z"];

fn domain(input: &str) -> Vec<i64> {
    match input {
        "a" => (0..3).collect(),
        "b" => (0..=9).collect(),
        "s" => (0..16).collect(),
        _ => vec![0, 1],
    }
}

fn state() -> impl Strategy<Value = [State; 5]> {
    let one = |max: i64| {
        prop_oneof![
            2 => (0..=max).prop_map(State::Given),
            2 => Just(State::Unknown),
            1 => Just(State::LeftOut),
        ]
    };
    (one(2), one(9), one(1), one(15), one(1)).prop_map(|(a, b, c, s, d)| [a, b, c, s, d])
}

fn profile_json(states: &[State; 5]) -> Value {
    let mut map = Map::new();
    for (input, s) in INPUTS.iter().zip(states) {
        let value = match (*input, s) {
            (_, State::LeftOut) => continue,
            (_, State::Unknown) => json!("unknown"),
            ("a", State::Given(v)) => json!(A_VALUES[*v as usize]),
            ("b", State::Given(v)) => json!(v),
            ("s", State::Given(v)) => json!(members(*v)),
            (_, State::Given(v)) => json!(*v != 0),
        };
        map.insert((*input).to_owned(), value);
    }
    Value::Object(map)
}

/// The members of a value of `s`.
fn members(value: i64) -> Vec<&'static str> {
    generated::S_MEMBERS
        .iter()
        .enumerate()
        .filter(|(i, _)| value & (1 << i) != 0)
        .map(|(_, m)| *m)
        .collect()
}

/// Every completion of the unknown inputs, as the reference's answers (a
/// left-out `d` with a derived default is `None`: it follows `f`).
fn completions(states: &[State; 5], derived_default: bool) -> Vec<Answers> {
    let mut out = vec![HashMap::new()];
    for (input, s) in INPUTS.iter().zip(states) {
        let values: Vec<Option<i64>> = match s {
            State::Given(v) => vec![Some(*v)],
            State::Unknown => domain(input).into_iter().map(Some).collect(),
            State::LeftOut if *input == "d" && derived_default => vec![None],
            // The set's default is [m0].
            State::LeftOut if *input == "s" => vec![Some(1)],
            State::LeftOut => vec![Some(0)],
        };
        out = out
            .into_iter()
            .flat_map(|m: Answers| {
                values.iter().map(move |v| {
                    let mut m = m.clone();
                    m.insert(*input, *v);
                    m
                })
            })
            .collect();
    }
    out
}

/// Whether a term holds for a completion.
fn term_holds(term: &ConditionTerm, answers: &Answers) -> bool {
    let value = answers
        .get(&*term.input)
        .copied()
        .flatten()
        .expect("a term names an unknown input, which every completion gives");
    term.values.iter().any(|v| match v {
        TermValue::Bool(b) => (value != 0) == *b,
        TermValue::Id(id) => A_VALUES[value as usize] == &**id,
        TermValue::Range { min, max } => (*min..=*max).contains(&value),
        TermValue::Members { includes, excludes } => {
            let has = |m: &str| members(value).contains(&m);
            includes.iter().all(|m| has(m)) && !excludes.iter().any(|m| has(m))
        }
    })
}

fn when_holds(when: &[Vec<ConditionTerm>], answers: &Answers) -> bool {
    when.iter()
        .any(|all| all.iter().all(|t| term_holds(t, answers)))
}

/// Checks one outcome: `outcome(answers)` by the reference; `listed` the
/// possible outcomes as (outcome, when); `provisional` the assessment's pick.
fn check_outcome(
    what: &str,
    status: Status,
    exhaustive: bool,
    listed: &[(String, &[Vec<ConditionTerm>])],
    provisional: &str,
    completions: &[Answers],
    outcome: impl Fn(&Answers) -> String,
) -> Result<(), TestCaseError> {
    let reached: BTreeSet<String> = completions.iter().map(&outcome).collect();
    prop_assert!(exhaustive, "{what}: not exhaustive");
    if reached.len() == 1 {
        prop_assert_eq!(
            status,
            Status::Decided,
            "{}: one outcome {:?}",
            what,
            reached
        );
        prop_assert!(listed.is_empty(), "{what}: decided with possible outcomes");
        prop_assert_eq!(reached.first().unwrap(), provisional, "{}", what);
        return Ok(());
    }
    prop_assert_eq!(status, Status::Open, "{}: outcomes {:?}", what, reached);
    let names: BTreeSet<String> = listed.iter().map(|(o, _)| o.clone()).collect();
    prop_assert_eq!(&names, &reached, "{}: listed vs reached", what);
    prop_assert!(
        reached.contains(provisional),
        "{what}: provisional {provisional}"
    );
    for answers in completions {
        let got = outcome(answers);
        let matching: Vec<&String> = listed
            .iter()
            .filter(|(_, when)| when_holds(when, answers))
            .map(|(o, _)| o)
            .collect();
        prop_assert_eq!(
            matching,
            vec![&got],
            "{}: completion {:?} gives {}",
            what,
            answers,
            got
        );
    }
    Ok(())
}

fn verdict_name(verdict: Verdict, tool: Option<&str>) -> String {
    match (verdict, tool) {
        (Verdict::Now, Some(t)) => format!("now:{t}"),
        (v, _) => format!("{v:?}").to_lowercase(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn possible_outcomes_are_exact(text in generated::kb_text(), states in state()) {
        let kb = generated::load(&text);
        let derived_default = kb
            .input("d")
            .is_some_and(|i| i.default.from_fact().is_some());
        let engine = Engine::new(kb.clone());
        let profile = engine
            .profile_from_value(&profile_json(&states))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let a = engine.assess_without_flips(&profile);
        let completions = completions(&states, derived_default);
        let reference = |answers: &Answers| Reference {
            kb: &kb,
            answers: answers.clone(),
        };
        for id in ["d0", "d1", "d2"] {
            let d = a.decision(id).unwrap();
            let listed: Vec<(String, &[Vec<ConditionTerm>])> = d
                .possible
                .iter()
                .map(|p| (p.option.to_string(), &p.when[..]))
                .collect();
            let provisional = a.recommended(id).unwrap_or_default().to_owned();
            check_outcome(
                id,
                d.status,
                d.exhaustive,
                &listed,
                &provisional,
                &completions,
                |answers| reference(answers).decision(id).unwrap_or_default(),
            )?;
            for p in &d.possible {
                prop_assert_eq!(p.provisional, *p.option == provisional);
            }
        }
        let cap = a.capability("cap").unwrap();
        let listed: Vec<(String, &[Vec<ConditionTerm>])> = cap
            .possible
            .iter()
            .map(|p| (verdict_name(p.verdict, p.tool.as_ref().map(|t| &*t.id)), &p.when[..]))
            .collect();
        let provisional = verdict_name(cap.verdict, cap.tool.as_ref().map(|t| &*t.id));
        check_outcome(
            "cap",
            cap.status,
            cap.exhaustive,
            &listed,
            &provisional,
            &completions,
            |answers| {
                let r = reference(answers);
                let verdict = r.verdict("cap");
                verdict_name(verdict, r.tool("cap").as_deref())
            },
        )?;
        // Every open outcome waits on unknown inputs, and those are the next questions.
        let unknown: Vec<&str> = INPUTS
            .iter()
            .zip(&states)
            .filter(|(_, s)| matches!(s, State::Unknown))
            .map(|(i, _)| *i)
            .collect();
        for id in &a.summary.open {
            let blocked: Vec<&str> = a
                .decision(id)
                .map(|d| d.blocked_by.iter().map(|x| &**x).collect())
                .or_else(|| a.capability(id).map(|c| c.blocked_by.iter().map(|x| &**x).collect()))
                .unwrap();
            prop_assert!(!blocked.is_empty(), "{id} is open on nothing");
            for input in blocked {
                prop_assert!(unknown.contains(&input), "{id} waits on {input}");
                prop_assert!(
                    a.next_questions
                        .iter()
                        .any(|q| q.input == input && q.state == QuestionState::Unknown),
                    "{input} is not a next question"
                );
            }
        }
    }
}

/// A KB whose decision is the parity of nine yes/no answers: its exact
/// conditions need 256 alternatives per option, more than an outcome may
/// have, so fewer answers are enumerated and the decision says it is not
/// exhaustive: open, never wrongly decided, and small.
#[test]
fn a_condition_too_long_to_say_is_cut_by_enumerating_less() {
    let n = 9;
    let mut odd = Vec::new();
    for bits in 0u32..1 << n {
        if bits.count_ones() % 2 == 1 {
            let all: Vec<String> = (0..n)
                .map(|i| format!("{{input: x{i}, equals: {}}}", bits & (1 << i) != 0))
                .collect();
            odd.push(format!("{{all: [{}]}}", all.join(", ")));
        }
    }
    let mut yaml = String::from("kb: {id: parity, version: '1', title: Parity}\ninputs:\n");
    for i in 0..n {
        yaml.push_str(&format!(
            "  - {{id: x{i}, type: bool, question: X{i}?, default: false}}\n"
        ));
    }
    yaml.push_str(&format!(
        "decisions:\n  - id: parity\n    title: Parity\n    question: Odd or even?\n    options:\n      - {{id: even, title: Even, rationale: r}}\n      - {{id: odd, title: Odd, rationale: r}}\n    rules:\n      - {{id: parity.default, choose: even, default: true, because: b}}\n      - {{id: parity.odd, choose: odd, priority: 1, because: b, when: {{any: [{}]}}}}\n",
        odd.join(", ")
    ));
    let kb = kompas_kb::load_sources(vec![("kb.yaml".into(), yaml)]).unwrap();
    let engine = Engine::new(kb);
    let profile: Map<String, Value> = (0..n)
        .map(|i| (format!("x{i}"), json!("unknown")))
        .collect();
    let p = engine.profile_from_value(&Value::Object(profile)).unwrap();
    let a = engine.assess_without_flips(&p);
    let d = a.decision("parity").unwrap();
    assert_eq!(d.status, Status::Open);
    assert!(!d.exhaustive);
    let boxes: usize = d.possible.iter().map(|p| p.when.len()).sum();
    assert!(boxes <= MAX_BOXES, "{boxes} alternatives");
    assert_eq!(d.possible.len(), 2);
    // It waits on every unknown answer, those not enumerated included.
    assert_eq!(d.blocked_by.len(), n);
}
