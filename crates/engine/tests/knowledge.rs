//! The engine on the knowledge mechanisms: derived defaults (answers, flips
//! through them, exact against brute force), enum facts and outcomes in
//! explanations, rule notes, option chains, practices and questions, and
//! consistency findings.

mod common;

use common::owned;
use kompas_engine::*;
use serde_json::{json, Value};

const KB: &str = r#"
kb: {id: k, version: "1", title: K, reference: {en: the sample case, nl: de voorbeeldcasus}}
layer0:
  - {id: req.up, kind: requirement, title: Up}
inputs:
  - {id: size, type: integer, question: How many people?, min: 1, max: 20, default: 3}
  - id: maturity
    type: enum
    question: How mature?
    values: [{id: none}, {id: learning}, {id: experienced}]
    default: none
  - {id: expertise, type: bool, question: Database HA expertise?, default: {from: likely}}
  - {id: calico, type: bool, question: Calico expertise?, default: false}
derived:
  - id: capacity
    description: Operations capacity.
    values: [low, medium, high]
    cases:
      - {when: {all: [{input: size, gt: 10}, {input: maturity, equals: experienced}]}, value: high, because: Big and experienced.}
      - {when: {input: size, gt: 5}, value: medium, because: Mid-sized.}
    otherwise: low
    otherwise_because: Small team.
    source: Case §8
  - id: likely
    description: HA expertise is likely.
    when: {all: [{input: maturity, equals: experienced}, {input: capacity, in: [medium, high]}]}
    because: Experienced, and enough people.
    because_not: Not experienced enough.
decisions:
  - id: db
    title: Database
    question: Which database?
    chain: {business: Data, technical: HA, capability: Replication, tooling: A database}
    practices:
      - {capability: Backups, technique: Nightly backups, rationale: Always.}
      - {capability: Operator, technique: Run the operator, rationale: Only in the cluster., options: [operator]}
    options:
      - {id: managed, title: Managed, rationale: r, serves: [req.up], case_choice: true}
      - id: operator
        title: Operator
        rationale: r
        serves: [req.up]
        chain: {business: Data, technical: HA, capability: Replication, tooling: The operator}
    rules:
      - {id: db.default, choose: managed, default: true, because: Managed is simpler.}
      - id: db.operator
        choose: operator
        priority: 10
        when: {input: expertise, equals: true}
        because: The team can run it.
        notes:
          - {when: {input: size, gt: 10}, text: A large team shares the on-call.}
  - id: cni
    title: CNI
    question: Which CNI?
    options:
      - {id: cilium, title: Cilium, rationale: r, serves: [req.up]}
      - {id: calico, title: Calico, rationale: r, serves: [req.up]}
    rules:
      - {id: cni.default, choose: cilium, default: true, because: b}
      - {id: cni.calico, choose: calico, priority: 5, when: {input: calico, equals: true}, because: b}
  - id: backup
    title: Backup
    question: Which backup?
    options:
      - {id: velero, title: Velero, rationale: r, serves: [req.up]}
      - {id: provider, title: Provider, rationale: r, serves: [req.up]}
    rules:
      - {id: backup.default, choose: velero, default: true, because: b}
      - id: backup.provider
        choose: provider
        priority: 5
        when: {all: [{decision: db, is: managed}, {input: capacity, in: [low]}]}
        because: b
open_questions:
  - {id: q1, text: Which database today?, priority: critical, blocking: true, affects: [db]}
  - {id: q2, text: Who runs the operator?, priority: important, blocking: false, affects: [{decision: db, options: [operator]}]}
consistency:
  - id: calico_without_operator
    title: Calico and the operator do not mix
    text: Made up for the test.
    excludes:
      - {decision: cni, option: calico}
      - {decision: db, option: operator}
"#;

fn engine() -> Engine {
    let kb = kompas_kb::load_sources(vec![("kb.yaml".into(), KB.into())])
        .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    let e = Engine::new(kb);
    assert!(e.compiled().issues.is_empty(), "{:?}", e.compiled().issues);
    e
}

fn assess(e: &Engine, v: Value) -> Assessment<'static> {
    owned(
        &e.assess(
            &e.profile_from_value(&v)
                .unwrap_or_else(|err| panic!("{err}")),
        ),
    )
}

fn answer<'a>(a: &'a Assessment, id: &str) -> &'a Answer<'a> {
    a.answers.iter().find(|x| x.input == id).unwrap()
}

#[test]
fn a_left_out_input_follows_its_derived_default() {
    let e = engine();
    let a = assess(&e, json!({"size": 12, "maturity": "experienced"}));
    let x = answer(&a, "expertise");
    assert_eq!(x.source, AnswerSource::Derived);
    assert_eq!(x.value, AnswerValue::Bool(true));
    let from = x.derived_from.as_ref().unwrap();
    assert_eq!(from.fact, "likely");
    assert_eq!(
        from.text.as_deref(),
        Some("Experienced, and enough people.")
    );
    assert_eq!(&*from.inputs, ["size", "maturity"]);
    assert_eq!(a.recommended("db"), Some("operator"));
    // Given, it is an answer like any other.
    let a = assess(
        &e,
        json!({"size": 12, "maturity": "experienced", "expertise": false}),
    );
    let x = answer(&a, "expertise");
    assert_eq!(
        (x.source, x.derived_from.is_none()),
        (AnswerSource::Given, true)
    );
    assert_eq!(a.recommended("db"), Some("managed"));
    // A fixed default stays a default.
    assert_eq!(answer(&a, "calico").source, AnswerSource::Default);
    // The default profile has the derived value too.
    let d = e.default_profile();
    let a = owned(&e.assess(&d));
    let x = answer(&a, "expertise");
    assert_eq!(
        (x.source, &x.value),
        (AnswerSource::Derived, &AnswerValue::Bool(false))
    );
    assert_eq!(
        x.derived_from.as_ref().unwrap().text.as_deref(),
        Some("Not experienced enough.")
    );
}

#[test]
fn derived_facts_say_why_and_what_they_read() {
    let e = engine();
    let a = assess(&e, json!({"size": 7}));
    let capacity = a.derived_facts.iter().find(|f| f.id == "capacity").unwrap();
    assert_eq!(capacity.value, AnswerValue::Str("medium".into()));
    assert_eq!(capacity.because.as_deref(), Some("Mid-sized."));
    assert_eq!(&*capacity.inputs, ["size", "maturity"]);
    assert_eq!(capacity.source.as_deref(), Some("Case §8"));
    assert_eq!(
        a.profile.derived.get("capacity"),
        Some(&AnswerValue::Str("medium".into()))
    );
    // The backup rule names the enum fact and another decision: both read as one comparison.
    let backup = a.decision("backup").unwrap();
    let alt = &backup.alternatives[0];
    let facts: Vec<(&str, Option<FactSubject>, String, bool)> = alt.rules[0]
        .facts
        .iter()
        .map(|f| (&*f.input, f.refers_to, f.value.to_string(), f.met))
        .collect();
    assert_eq!(
        facts,
        [(
            "capacity",
            Some(FactSubject::DerivedFact),
            "medium".into(),
            false
        )]
    );
    assert_eq!(&*alt.rules[0].facts[0].condition, "capacity is low");
    let a = assess(&e, json!({"size": 2}));
    let backup = a.decision("backup").unwrap();
    assert_eq!(a.recommended("backup"), Some("provider"));
    let facts: Vec<(&str, Option<FactSubject>, String)> = backup.because[0]
        .facts
        .iter()
        .map(|f| (&*f.input, f.refers_to, f.value.to_string()))
        .collect();
    assert_eq!(
        facts,
        [
            ("db", Some(FactSubject::Decision), "managed".into()),
            ("capacity", Some(FactSubject::DerivedFact), "low".into())
        ]
    );
    assert_eq!(&*backup.because[0].derived, ["capacity"]);
}

#[test]
fn notes_chains_practices_and_questions_follow_the_option() {
    let e = engine();
    let small = assess(&e, json!({"size": 4, "expertise": true}));
    let db = small.decision("db").unwrap();
    assert_eq!(small.recommended("db"), Some("operator"));
    assert!(db.because[0].notes.is_empty());
    assert_eq!(&*db.chain.as_ref().unwrap().tooling, "The operator");
    let practices: Vec<&str> = db.practices.iter().map(|p| &*p.capability).collect();
    assert_eq!(practices, ["Backups", "Operator"]);
    let questions: Vec<&str> = db.open_questions.iter().map(|q| &*q.id).collect();
    assert_eq!(questions, ["q1", "q2"]);
    let big = assess(&e, json!({"size": 15, "expertise": true}));
    let notes = &big.decision("db").unwrap().because[0].notes;
    assert_eq!(notes.len(), 1);
    assert_eq!(&*notes[0], "A large team shares the on-call.");
    // Managed: the decision's chain, its own practices and questions only.
    let managed = assess(&e, json!({"expertise": false}));
    let db = managed.decision("db").unwrap();
    assert_eq!(&*db.chain.as_ref().unwrap().tooling, "A database");
    let practices: Vec<&str> = db.practices.iter().map(|p| &*p.capability).collect();
    assert_eq!(practices, ["Backups"]);
    let questions: Vec<&str> = db.open_questions.iter().map(|q| &*q.id).collect();
    assert_eq!(questions, ["q1"]);
}

#[test]
fn a_broken_consistency_rule_is_a_finding() {
    let e = engine();
    let a = assess(&e, json!({"calico": true, "expertise": true}));
    let f = a
        .findings
        .iter()
        .find(|f| f.code == "E0401")
        .expect("a consistency finding");
    assert_eq!(f.kind, FindingKind::Consistency);
    assert_eq!(f.severity, FindingSeverity::Error);
    assert_eq!(f.consistency.as_deref(), Some("calico_without_operator"));
    assert!(
        f.message
            .starts_with("The recommendations are not consistent (\u{201c}Calico and the operator do not mix\u{201d})"),
        "{}",
        f.message
    );
    let fine = assess(&e, json!({"calico": true, "expertise": false}));
    assert!(fine.findings.iter().all(|f| f.code != "E0401"));
}

#[test]
fn the_reference_case_is_named_never_the_seed() {
    let e = engine();
    let a = assess(&e, json!({"size": 15, "maturity": "experienced"}));
    assert_eq!(a.kb.reference.as_deref(), Some("the sample case"));
    let f = a.findings.iter().find(|f| f.code == "E0301").unwrap();
    assert!(
        f.message.starts_with("The sample case chose Managed"),
        "{}",
        f.message
    );
    let nl = owned(
        &e.assess_with(
            &e.profile_from_value(&json!({"size": 15, "maturity": "experienced"}))
                .unwrap(),
            AssessOptions {
                lang: Lang::Nl,
                flips: false,
            },
        ),
    );
    let f = nl.findings.iter().find(|f| f.code == "E0301").unwrap();
    assert!(
        f.message.starts_with("De voorbeeldcasus koos"),
        "{}",
        f.message
    );
}

#[test]
fn flips_run_through_a_derived_default() {
    let e = engine();
    // Experienced, 12 people: expertise is derived true, so the operator.
    let a = assess(&e, json!({"size": 12, "maturity": "experienced"}));
    let db = a.decision("db").unwrap();
    let flip = db.flips.iter().find(|f| f.option == "managed").unwrap();
    assert_eq!(flip.distance, 1);
    // Changing maturity (which the rule does not read) flips it: the default follows.
    let inputs: Vec<&str> = flip.changes.iter().map(|c| &*c.input).collect();
    assert!(
        inputs == ["maturity"] || inputs == ["expertise"] || inputs == ["size"],
        "{inputs:?}"
    );
}

/// The smallest number of answers to change so that `decision` recommends each
/// option, by trying every profile of the fixture (every size, maturity and
/// calico, and `expertise` left out or given either way).
fn brute_force(e: &Engine, start: &Value, decision: &str) -> Vec<(String, usize)> {
    let mut best: std::collections::BTreeMap<String, usize> = Default::default();
    let base = e.profile_from_value(start).unwrap();
    let current = owned(&e.assess_without_flips(&base));
    let now = current.recommended(decision).map(str::to_owned);
    for size in 1..=20 {
        for maturity in ["none", "learning", "experienced"] {
            for calico in [false, true] {
                for expertise in [None, Some(false), Some(true)] {
                    let mut v = json!({"size": size, "maturity": maturity, "calico": calico});
                    if let Some(x) = expertise {
                        v["expertise"] = json!(x);
                    }
                    let p = e.profile_from_value(&v).unwrap();
                    let a = owned(&e.assess_without_flips(&p));
                    let Some(option) = a.recommended(decision).map(str::to_owned) else {
                        continue;
                    };
                    if Some(&option) == now.as_ref() {
                        continue;
                    }
                    // Answers changed: every input whose answer differs; a
                    // left-out derived input that is now given counts once.
                    let mut cost = 0;
                    for input in ["size", "maturity", "calico"] {
                        let was = current.profile.inputs.get(input).unwrap().to_json();
                        cost += usize::from(was != v[input]);
                    }
                    let was_given = start.get("expertise").cloned();
                    cost += usize::from(match (&was_given, expertise) {
                        (None, None) => false,
                        (None, Some(_)) => true,
                        (Some(w), Some(x)) => *w != json!(x),
                        (Some(_), None) => true,
                    });
                    let slot = best.entry(option).or_insert(usize::MAX);
                    *slot = (*slot).min(cost);
                }
            }
        }
    }
    best.into_iter().collect()
}

#[test]
fn flips_through_derived_defaults_are_exact_against_brute_force() {
    let e = engine();
    let starts = [
        json!({"size": 12, "maturity": "experienced"}),
        json!({"size": 3}),
        json!({"size": 7, "maturity": "learning", "calico": true}),
        json!({"size": 12, "maturity": "experienced", "expertise": false}),
        json!({"size": 20, "maturity": "none", "expertise": true}),
    ];
    for start in &starts {
        let p = e.profile_from_value(start).unwrap();
        let a = owned(&e.assess(&p));
        for decision in ["db", "backup"] {
            let d = a.decision(decision).unwrap();
            let mut flips: Vec<(String, usize)> = d
                .flips
                .iter()
                .map(|f| (f.option.to_string(), f.distance))
                .collect();
            flips.sort();
            assert_eq!(
                flips,
                brute_force(&e, start, decision),
                "{decision} from {start}"
            );
            // Each flip, applied as answers, gives its option.
            for f in &d.flips {
                let mut changed = start.clone();
                for c in &f.changes {
                    changed[&*c.input] = c.to.to_json();
                }
                let q = e.profile_from_value(&changed).unwrap();
                let after = owned(&e.assess_without_flips(&q));
                assert_eq!(
                    after.recommended(decision),
                    Some(&*f.option),
                    "{decision} {changed}"
                );
            }
        }
    }
}

#[test]
fn the_questionnaire_shows_a_derived_default() {
    let e = engine();
    let q = e.questionnaire();
    let expertise = q
        .groups
        .iter()
        .flat_map(|g| &g.inputs)
        .find(|i| i.id == "expertise")
        .unwrap();
    let from = expertise.default_from.as_ref().unwrap();
    assert_eq!(from.fact, "likely");
    assert_eq!(from.inputs, ["size", "maturity"]);
    // Its value on the default profile.
    assert_eq!(expertise.default, json!(false));
    let schema = profile_schema(e.kb());
    let s = &schema["properties"]["expertise"];
    assert!(s.get("default").is_none(), "{s}");
    assert!(
        s["description"]
            .as_str()
            .unwrap()
            .contains("follows the other answers"),
        "{s}"
    );
}
