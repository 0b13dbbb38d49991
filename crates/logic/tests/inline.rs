//! Inlining: enum derived facts, conditions on other decisions' outcomes and
//! on capabilities' tool picks, derived defaults, and the cycles among them.
//! Unit tests on small KBs, then property tests on generated KBs that compare
//! the compiled predicates with a direct evaluation of the KB model.

mod common {
    pub mod generated;
}

use common::generated::{self, every_profile, Reference};
use kompas_kb::load_sources;
use kompas_logic::{compile, Compiled, Pred};
use proptest::prelude::*;

fn compiled(text: &str) -> Compiled {
    let kb = load_sources(vec![("kb.yaml".into(), text.into())]).expect("loads");
    compile(&kb)
}

fn codes(c: &Compiled) -> Vec<(&'static str, String)> {
    c.issues
        .iter()
        .map(|i| (i.code, i.origin.pointer.clone()))
        .collect()
}

const BASE: &str = "
kb: {id: t, version: '1', title: T}
inputs:
  - {id: size, type: integer, question: Q, min: 1, max: 100, default: 10}
  - {id: maturity, type: enum, question: Q, values: [{id: none}, {id: learning}, {id: experienced}], default: none}
  - {id: calico, type: bool, question: Q, default: false}
derived:
  - id: capacity
    description: D
    values: [low, medium, {id: high, label: {en: High, nl: Hoog}}]
    cases:
      - {when: {all: [{input: size, gte: 8}, {input: maturity, equals: experienced}]}, value: high, because: Big and experienced.}
      - {when: {input: size, gte: 4}, value: medium}
    otherwise: low
    otherwise_because: Small.
decisions:
  - id: cni
    title: CNI
    question: Which?
    options:
      - {id: cilium, title: Cilium, rationale: r}
      - {id: calico, title: Calico, rationale: r}
    rules:
      - {id: cni.default, choose: cilium, default: true, because: b}
      - {id: cni.calico, choose: calico, priority: 10, because: b, when: {input: calico, equals: true}}
  - id: db
    title: DB
    question: Which?
    options:
      - {id: managed, title: Managed, rationale: r}
      - {id: operator, title: Operator, rationale: r}
    rules:
      - {id: db.default, choose: managed, default: true, because: b}
      - {id: db.operator, choose: operator, priority: 10, because: b, when: {input: capacity, in: [high]}}
";

fn profile(c: &Compiled, size: i64, maturity: i64, calico: bool) -> Vec<i64> {
    let mut p = c.defaults.clone();
    p[c.var_index["size"]] = size;
    p[c.var_index["maturity"]] = maturity;
    p[c.var_index["calico"]] = calico as i64;
    p
}

#[test]
fn an_enum_fact_is_inlined_as_the_first_case_that_holds() {
    let c = compiled(BASE);
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    let db = &c.decisions[1];
    // The rule reads the fact's inputs, not a variable of its own.
    let vars: Vec<&str> = db.vars.iter().map(|v| c.vars[*v].id.as_str()).collect();
    assert_eq!(vars, ["size", "maturity"]);
    let fact = c.derived[0].as_ref().unwrap();
    for size in [1, 3, 4, 7, 8, 50] {
        for maturity in 0..3 {
            let p = profile(&c, size, maturity, false);
            let high = size >= 8 && maturity == 2;
            let expected = if high {
                2
            } else if size >= 4 {
                1
            } else {
                0
            };
            assert_eq!(fact.value(&p), expected, "size {size} maturity {maturity}");
            let option = db.decide(&p).and_then(|r| db.rules[r].option);
            assert_eq!(option, Some(if high { 1 } else { 0 }));
        }
    }
    // One comparison for the explanation: `capacity is high`.
    let Pred::Ref { leaf, .. } = &db.rules[0].pred else {
        panic!("{:?}", db.rules[0].pred)
    };
    assert_eq!(c.leaves[*leaf].text, "capacity is high");
    assert_eq!(
        c.leaves[*leaf].negated.as_deref(),
        Some("capacity is low or medium")
    );
    assert_eq!(
        c.derived_value(0, &profile(&c, 5, 1, false)),
        Some(serde_json::json!("medium"))
    );
}

#[test]
fn a_condition_on_a_decision_inlines_its_rules() {
    let text = format!(
        "{BASE}  - id: mesh
    title: Mesh
    question: Which?
    options:
      - {{id: sidecar, title: Sidecar, rationale: r}}
      - {{id: ebpf, title: eBPF, rationale: r}}
    rules:
      - {{id: mesh.default, choose: sidecar, default: true, because: b}}
      - {{id: mesh.ebpf, choose: ebpf, priority: 5, because: b, when: {{all: [{{decision: cni, is: cilium}}, {{decision: db, in: [operator]}}]}}}}
"
    );
    let c = compiled(&text);
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    let mesh = &c.decisions[2];
    let vars: Vec<&str> = mesh.vars.iter().map(|v| c.vars[*v].id.as_str()).collect();
    assert_eq!(vars, ["size", "maturity", "calico"]);
    for calico in [false, true] {
        for size in [3, 9] {
            let p = profile(&c, size, 2, calico);
            let ebpf = !calico && size >= 8;
            let got = mesh.decide(&p).and_then(|r| mesh.rules[r].option);
            assert_eq!(got, Some(ebpf as usize), "calico {calico} size {size}");
        }
    }
    let texts: Vec<&str> = c.leaves.iter().map(|l| l.text.as_str()).collect();
    assert!(texts.contains(&"cni is cilium"), "{texts:?}");
    assert!(texts.contains(&"db is operator"), "{texts:?}");
    // The table covers the inputs the inlined rules read.
    assert_eq!(mesh.table.len(), mesh.space(&c).size());
}

#[test]
fn a_condition_on_a_tool_pick_follows_the_first_tool_that_holds() {
    let text = format!(
        "{BASE}capabilities:
  - id: tracing
    title: Tracing
    question: Now?
    complexity: low
    triggers: [{{id: tracing.t, text: T, when: {{input: size, gt: 50}}}}]
    otherwise: skip
    tools:
      - {{id: tempo, title: Tempo, use_when: u, when: {{decision: cni, is: cilium}}}}
      - {{id: jaeger, title: Jaeger, use_when: u, default: true}}
"
    );
    let text = text.replace(
        "      - {id: db.operator, choose: operator, priority: 10, because: b, when: {input: capacity, in: [high]}}",
        "      - {id: db.operator, choose: operator, priority: 10, because: b, when: {capability: tracing, tool: jaeger}}",
    );
    let c = compiled(&text);
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    let db = &c.decisions[1];
    for calico in [false, true] {
        let p = profile(&c, 10, 0, calico);
        // Jaeger is picked exactly when the CNI is not Cilium, whatever the verdict.
        assert_eq!(c.capabilities[0].tool_pick(&p), Some(calico as usize));
        let got = db.decide(&p).and_then(|r| db.rules[r].option);
        assert_eq!(got, Some(calico as usize));
    }
}

#[test]
fn cycles_between_outcomes_are_reported_with_their_path() {
    let text = BASE.replace(
        "when: {input: calico, equals: true}",
        "when: {decision: db, is: operator}",
    );
    let text = text.replace(
        "when: {input: capacity, in: [high]}",
        "when: {decision: cni, is: calico}",
    );
    let c = compiled(&text);
    let cycle: Vec<_> = c.issues.iter().filter(|i| i.code == "K0403").collect();
    assert_eq!(cycle.len(), 1, "{:?}", c.issues);
    assert_eq!(
        cycle[0].message,
        "conditions on outcomes form a cycle: decision `cni` -> decision `db` -> decision `cni`"
    );
    assert_eq!(cycle[0].origin.pointer, "/decisions/1/rules/1/when");
    // Through a fact as well: the fact reads a decision that reads the fact.
    let text = BASE.replace(
        "{when: {input: size, gte: 4}, value: medium}",
        "{when: {decision: db, is: managed}, value: medium}",
    );
    let c = compiled(&text);
    let m: Vec<&str> = c
        .issues
        .iter()
        .filter(|i| i.code == "K0403")
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(
        m,
        ["conditions on outcomes form a cycle: derived fact `capacity` -> decision `db` -> derived fact `capacity`"]
    );
}

#[test]
fn unknown_outcomes_and_malformed_outcome_conditions_are_issues() {
    let text = BASE.replace(
        "when: {input: calico, equals: true}",
        "when: {any: [{decision: dbb, is: managed}, {decision: db, is: managd}, {decision: db, equals: managed}, {capability: nope, tool: x}, {input: calico, is: x}]}",
    );
    let c = compiled(&text);
    assert_eq!(
        codes(&c),
        [
            (
                "K0301",
                "/decisions/0/rules/1/when/any/0/decision".to_string()
            ),
            ("K0302", "/decisions/0/rules/1/when/any/1/is".to_string()),
            ("K0304", "/decisions/0/rules/1/when/any/2".to_string()),
            (
                "K0301",
                "/decisions/0/rules/1/when/any/3/capability".to_string()
            ),
            ("K0304", "/decisions/0/rules/1/when/any/4/is".to_string()),
        ]
    );
    let help = c.issues[0].help.as_deref();
    assert_eq!(help, Some("did you mean `db`?"));
}

#[test]
fn enum_fact_shapes_are_checked() {
    let text = BASE
        .replace("    otherwise: low\n", "")
        .replace("value: medium}", "value: mid}");
    let c = compiled(&text);
    let m: Vec<(&str, &str)> = c
        .issues
        .iter()
        .map(|i| (i.code, i.message.as_str()))
        .collect();
    assert!(
        m.contains(&(
            "K0305",
            "`mid` is not a value of enum fact `capacity`; its values: low, medium, high"
        )),
        "{m:?}"
    );
    assert!(
        m.contains(&(
            "K0305",
            "enum fact `capacity` has no `otherwise`: the value when no case holds"
        )),
        "{m:?}"
    );
    let text = BASE.replace(
        "when: {input: capacity, in: [high]}",
        "when: {input: capacity, gt: 1}",
    );
    assert_eq!(codes(&compiled(&text))[0].0, "K0303");
}

const DEFAULTS: &str = "
  - {id: expertise, type: bool, question: Q, default: {from: likely}}
  - {id: level, type: enum, question: Q, values: [{id: low}, {id: medium}, {id: high}], default: {from: capacity}}
";

#[test]
fn derived_defaults_are_computed_in_dependency_order() {
    let text = BASE.replace("derived:\n", &format!("{DEFAULTS}derived:\n  - {{id: likely, description: D, when: {{input: level, equals: high}}}}\n"));
    let c = compiled(&text);
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    let order: Vec<&str> = c
        .derived_defaults
        .iter()
        .map(|d| c.vars[d.var].id.as_str())
        .collect();
    // `expertise` follows `likely`, which reads `level`: `level` first.
    assert_eq!(order, ["level", "expertise"]);
    let (expertise, level) = (c.var_index["expertise"], c.var_index["level"]);
    let mut p = profile(&c, 20, 2, false);
    c.apply_derived_defaults(&mut p, |_| false);
    assert_eq!((p[level], p[expertise]), (2, 1));
    // A given `level` is kept, and `expertise` follows it.
    let mut p = profile(&c, 20, 2, false);
    p[level] = 0;
    c.apply_derived_defaults(&mut p, |v| v == level);
    assert_eq!((p[level], p[expertise]), (0, 0));
    // The default profile has them computed too: size 10, maturity none -> medium.
    assert_eq!(c.defaults[level], 1);
    let reads: Vec<&str> = c
        .derived_default(expertise)
        .unwrap()
        .reads
        .iter()
        .map(|v| c.vars[*v].id.as_str())
        .collect();
    assert_eq!(reads, ["level"]);
}

#[test]
fn derived_defaults_that_do_not_fit_or_form_a_cycle_are_issues() {
    let text = BASE.replace(
        "derived:\n",
        "  - {id: wrong, type: bool, question: Q, default: {from: capacity}}\n  - {id: gone, type: bool, question: Q, default: {from: nothing}}\n  - {id: n, type: integer, question: Q, default: {from: capacity}}\n  - {id: ping, type: bool, question: Q, default: {from: to_pong}}\n  - {id: pong, type: bool, question: Q, default: {from: to_ping}}\nderived:\n  - {id: to_pong, description: D, when: {input: pong, equals: true}}\n  - {id: to_ping, description: D, when: {input: ping, equals: true}}\n",
    );
    let c = compiled(&text);
    let issues: Vec<(&str, &str)> = c
        .issues
        .iter()
        .map(|i| (i.code, i.message.as_str()))
        .collect();
    assert_eq!(issues[0].0, "K0313");
    assert!(
        issues[0]
            .1
            .contains("an enum fact; a bool input needs a boolean fact"),
        "{issues:?}"
    );
    assert_eq!(issues[1].0, "K0313");
    assert!(
        issues[1]
            .1
            .contains("`nothing`, which is not a derived fact"),
        "{issues:?}"
    );
    assert!(
        issues[2].1.contains("only bool and enum inputs"),
        "{issues:?}"
    );
    assert_eq!(
        issues[3],
        (
            "K0403",
            "the derived defaults of inputs form a cycle: ping -> pong -> ping"
        )
    );
    assert!(c.derived_defaults.is_empty());
}

#[test]
fn inlining_that_would_explode_is_refused_without_hanging() {
    // Each decision reads the one before twice: 2^n copies.
    let mut text = String::from("kb: {id: t, version: '1', title: T}\ninputs:\n  - {id: x, type: bool, question: Q, default: false}\ndecisions:\n");
    for i in 0..24 {
        let when = if i == 0 {
            "{input: x, equals: true}".to_string()
        } else {
            format!(
                "{{any: [{{decision: d{0}, is: b}}, {{not: {{decision: d{0}, is: a}}}}]}}",
                i - 1
            )
        };
        text.push_str(&format!(
            "  - id: d{i}\n    title: D\n    question: Q\n    options: [{{id: a, title: A, rationale: r}}, {{id: b, title: B, rationale: r}}]\n    rules:\n      - {{id: d{i}.default, choose: a, default: true, because: b}}\n      - {{id: d{i}.b, choose: b, priority: 1, because: b, when: {when}}}\n"
        ));
    }
    let c = compiled(&text);
    assert!(
        c.issues
            .iter()
            .any(|i| i.code == "K0304" && i.message.contains("too large")),
        "{:?}",
        c.issues.iter().map(|i| &i.message).collect::<Vec<_>>()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// On every profile of a generated KB, the compiled decisions, tool picks
    /// and enum fact agree with evaluating the KB model directly.
    #[test]
    fn inlined_predicates_agree_with_direct_evaluation(text in generated::kb_text()) {
        let kb = generated::load(&text);
        let c = compile(&kb);
        prop_assert!(c.issues.is_empty(), "{:?}\n{text}", c.issues);
        let derived_default = kb.input("d").unwrap().default.from_fact().is_some();
        for answers in every_profile(derived_default) {
            let mut p = c.defaults.clone();
            for (id, v) in &answers {
                if let Some(v) = v {
                    p[c.var_index[*id]] = *v;
                }
            }
            let d = c.var_index["d"];
            c.apply_derived_defaults(&mut p, |v| v != d || answers["d"].is_some());
            let reference = Reference { kb: &kb, answers: answers.clone() };
            prop_assert_eq!(p[d], reference.input("d"));
            let e = kb.derived.iter().position(|x| x.id == "e").unwrap();
            prop_assert_eq!(
                c.derived_value(e, &p),
                Some(serde_json::Value::String(reference.fact_e()))
            );
            for (di, cd) in c.decisions.iter().enumerate() {
                let decision = &kb.decisions[di];
                let got = cd
                    .decide(&p)
                    .and_then(|r| cd.rules[r].option)
                    .map(|o| decision.options[o].id.clone());
                prop_assert_eq!(got, reference.decision(&decision.id), "{} {:?}", decision.id, answers);
                // The table agrees with the predicates in the profile's cell.
                let space = cd.space(&c);
                let cell = space.cell_of(&p);
                prop_assert_eq!(cd.table[cell] as usize, cd.decide(&p).unwrap());
            }
            let tool = c.capabilities[0]
                .tool_pick(&p)
                .map(|t| kb.capabilities[0].tools[t].id.clone());
            prop_assert_eq!(tool, reference.tool("cap"));
            prop_assert_eq!(c.capabilities[0].verdict(&p).verdict, reference.verdict("cap"));
        }
    }
}
