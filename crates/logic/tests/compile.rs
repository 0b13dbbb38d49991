//! Compilation of conditions, classes and decision tables on a small KB.

use kompas_kb::load_sources;
use kompas_logic::{compile, Compiled, Space};
use proptest::prelude::*;

const KB: &str = r#"
kb: {id: t, version: "1", title: T}
inputs:
  - {id: experience, type: enum, question: Q, values: [{id: none}, {id: basic}, {id: expert}], default: none}
  - {id: services, type: integer, question: Q, min: 1, max: 100, default: 8, aliases: [{alias: "5-10", value: 8}]}
  - {id: compliance, type: set, question: Q, values: [{id: GDPR}, {id: PCI-DSS}, {id: none, exclusive: true}], default: [GDPR]}
  - {id: calico, type: bool, question: Q, default: false}
derived:
  - {id: regulated, description: D, when: {input: compliance, contains_any: [GDPR, PCI-DSS]}}
  - {id: team_experience, description: D, same_as: experience}
decisions:
  - id: cni
    title: CNI
    question: Which?
    options:
      - {id: cilium, title: Cilium, rationale: r}
      - {id: calico, title: Calico, rationale: r}
      - {id: flannel, title: Flannel, rationale: r}
    rules:
      - {id: cni.default, choose: cilium, default: true, because: b}
      - {id: cni.calico, choose: calico, priority: 10, because: b, when: {input: calico, equals: true}}
      - id: cni.flannel
        choose: flannel
        priority: 5
        because: b
        when:
          all:
            - {input: services, lte: 2}
            - {input: team_experience, in: [none, basic]}
            - not: {input: regulated, equals: true}
"#;

fn compiled() -> Compiled {
    let kb = load_sources(vec![("kb.yaml".into(), KB.into())]).expect("fixture loads");
    let c = compile(&kb);
    assert!(c.issues.is_empty(), "{:?}", c.issues);
    c
}

fn profile(
    c: &Compiled,
    experience: i64,
    services: i64,
    compliance: i64,
    calico: bool,
) -> Vec<i64> {
    let mut p = c.defaults.clone();
    p[c.var_index["experience"]] = experience;
    p[c.var_index["services"]] = services;
    p[c.var_index["compliance"]] = compliance;
    p[c.var_index["calico"]] = calico as i64;
    p
}

#[test]
fn rules_are_ordered_by_priority_with_the_default_last() {
    let c = compiled();
    let order: Vec<usize> = c.decisions[0].rules.iter().map(|r| r.index).collect();
    assert_eq!(order, vec![1, 2, 0]);
}

#[test]
fn decide_follows_priorities_and_derived_facts() {
    let c = compiled();
    let d = &c.decisions[0];
    let option = |p: &[i64]| d.rules[d.decide(p).unwrap()].option.unwrap();
    assert_eq!(option(&profile(&c, 0, 8, 1, false)), 0); // default: cilium
    assert_eq!(option(&profile(&c, 0, 8, 1, true)), 1); // calico wins
    assert_eq!(option(&profile(&c, 0, 1, 0, false)), 2); // small, unregulated: flannel
    assert_eq!(option(&profile(&c, 0, 1, 1, false)), 0); // regulated: not flannel
    assert_eq!(option(&profile(&c, 2, 1, 0, false)), 0); // expert: not flannel
}

#[test]
fn classes_partition_at_thresholds() {
    let c = compiled();
    let services = &c.vars[c.var_index["services"]];
    assert_eq!(services.int_classes(), vec![(1, 2), (3, 100)]);
    // Only `contains_any: [GDPR, PCI-DSS]` tests the set: any of them, or none.
    let compliance = &c.vars[c.var_index["compliance"]];
    assert_eq!(compliance.class_count(), 2);
    assert_eq!(compliance.class_of(0b01), compliance.class_of(0b11));
}

#[test]
fn the_table_matches_direct_evaluation_in_every_cell() {
    let c = compiled();
    let d = &c.decisions[0];
    let space = Space::new(&c.vars, &d.vars);
    assert_eq!(d.table.len(), space.size());
    let mut p = c.defaults.clone();
    space.for_each_cell(&mut p, |p, cell| {
        assert_eq!(d.table[cell] as usize, d.decide(p).unwrap());
        assert_eq!(space.cell_of(p), cell);
    });
}

#[test]
fn explanations_name_the_failed_comparisons() {
    let c = compiled();
    let d = &c.decisions[0];
    let flannel = d.rules.iter().find(|r| r.index == 2).unwrap();
    let mut leaves = Vec::new();
    let met = flannel
        .pred
        .explain(&profile(&c, 2, 8, 1, false), &mut leaves);
    assert!(!met);
    let failed: Vec<&str> = leaves
        .iter()
        .filter(|(_, m)| !m)
        .map(|(l, _)| c.leaves[*l].text.as_str())
        .collect();
    assert_eq!(
        failed,
        vec![
            "services <= 2",
            "team_experience is none or basic",
            "compliance includes any of GDPR, PCI-DSS"
        ]
    );
}

#[test]
fn unknown_names_and_values_are_issues_with_pointers() {
    let bad = KB
        .replace(
            "{input: calico, equals: true}",
            "{input: calco, equals: true}",
        )
        .replace("in: [none, basic]", "in: [none, basik]")
        .replace("{input: services, lte: 2}", "{input: experience, lte: 2}");
    let kb = load_sources(vec![("kb.yaml".into(), bad)]).unwrap();
    let c = compile(&kb);
    let got: Vec<(&str, &str)> = c
        .issues
        .iter()
        .map(|i| (i.code, i.origin.pointer.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("K0301", "/decisions/0/rules/1/when/input"),
            ("K0303", "/decisions/0/rules/2/when/all/0/lte"),
            ("K0302", "/decisions/0/rules/2/when/all/1/in/1"),
        ]
    );
    assert_eq!(c.issues[0].help.as_deref(), Some("did you mean `calico`?"));
}

proptest! {
    /// Every integer falls in exactly the class whose interval holds it.
    #[test]
    fn class_of_agrees_with_intervals(n in 1i64..=100) {
        let c = compiled();
        let v = &c.vars[c.var_index["services"]];
        let class = v.class_of(n);
        let (lo, hi) = v.int_classes()[class];
        prop_assert!(lo <= n && n <= hi);
    }

    /// Evaluating on a class representative gives the same answer as on any value of the class.
    #[test]
    fn representatives_stand_for_their_class(services in 1i64..=100, compliance in 0i64..8, calico: bool, exp in 0i64..3) {
        let c = compiled();
        let d = &c.decisions[0];
        let p = profile(&c, exp, services, compliance, calico);
        let space = Space::new(&c.vars, &d.vars);
        let mut rep = p.clone();
        space.apply(space.cell_of(&p), &p, &mut rep);
        prop_assert_eq!(d.decide(&p), d.decide(&rep));
    }
}
