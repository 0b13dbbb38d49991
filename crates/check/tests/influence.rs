//! The influence analysis is exact: on generated KBs (enum and boolean facts,
//! an input with a derived default, decisions that read other decisions and a
//! capability's tool pick, a set tested through overlapping `contains_any`),
//! "input x can move outcome O" agrees with brute force over every profile:
//! every value of every input, with the derived default given or left out.

#[path = "../../logic/tests/common/generated.rs"]
mod generated;

use std::collections::BTreeSet;

use generated::every_profile;
use kompas_check::influence::{analyse, from_profiles, OutcomeKind};
use kompas_check::StartProfile;
use kompas_logic::{compile, Compiled};
use proptest::prelude::*;

/// Every outcome of a profile: (kind, id) and the outcome.
type Outcomes = Vec<((OutcomeKind, String), i64)>;

/// Every outcome of a dense profile, by (kind, id).
fn outcomes(kb: &kompas_kb::Kb, c: &Compiled, p: &[i64]) -> Outcomes {
    let mut out = Vec::new();
    for cd in &c.decisions {
        let o = cd
            .decide(p)
            .and_then(|r| cd.rules[r].option)
            .map_or(-1, |o| o as i64);
        out.push((
            (OutcomeKind::Decision, kb.decisions[cd.index].id.clone()),
            o,
        ));
    }
    for cc in &c.capabilities {
        let id = kb.capabilities[cc.index].id.clone();
        out.push((
            (OutcomeKind::Verdict, id.clone()),
            cc.verdict(p).verdict as i64,
        ));
        out.push((
            (OutcomeKind::ToolPick, id),
            cc.tool_pick(p).map_or(-1, |t| t as i64),
        ));
    }
    out
}

/// A profile of the generated inputs: the answers given, derived defaults computed.
fn dense(c: &Compiled, answers: &generated::Answers) -> (Vec<i64>, Vec<bool>) {
    let mut p = c.defaults.clone();
    let mut given = vec![false; p.len()];
    for (id, v) in answers {
        if let Some(v) = v {
            p[c.var_index[*id]] = *v;
            given[c.var_index[*id]] = true;
        }
    }
    c.apply_derived_defaults(&mut p, |v| given[v]);
    (p, given)
}

/// (input, outcome) pairs where two profiles that differ only in that answer
/// (the same inputs given) get different outcomes.
fn brute_force(
    kb: &kompas_kb::Kb,
    c: &Compiled,
    derived_default: bool,
) -> BTreeSet<(String, OutcomeKind, String)> {
    let profiles = every_profile(derived_default);
    let mut moved = BTreeSet::new();
    for x in ["a", "b", "c", "s", "d"] {
        // Group the profiles in which `x` is given by everything else.
        let mut groups: std::collections::BTreeMap<String, Vec<Outcomes>> = Default::default();
        for answers in &profiles {
            if answers[x].is_none() {
                continue;
            }
            let mut key: Vec<(&str, Option<i64>)> = answers
                .iter()
                .filter(|(k, _)| **k != x)
                .map(|(k, v)| (*k, *v))
                .collect();
            key.sort();
            let (p, _) = dense(c, answers);
            groups
                .entry(format!("{key:?}"))
                .or_default()
                .push(outcomes(kb, c, &p));
        }
        for list in groups.values() {
            for i in 0..list[0].len() {
                let first = list[0][i].1;
                if list.iter().any(|o| o[i].1 != first) {
                    let ((kind, id), _) = &list[0][i];
                    moved.insert((x.to_string(), *kind, id.clone()));
                }
            }
        }
    }
    moved
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn can_move_is_exact_against_brute_force(text in generated::kb_text()) {
        let kb = generated::load(&text);
        let c = compile(&kb);
        prop_assert!(c.issues.is_empty(), "{:?}", c.issues);
        let derived_default = kb.input("d").unwrap().default.from_fact().is_some();
        let influence = analyse(&kb, &c);
        prop_assert!(!influence.partial());
        let analysed: BTreeSet<(String, OutcomeKind, String)> = influence
            .outcomes
            .iter()
            .flat_map(|o| o.moved_by.iter().map(move |(i, _)| (i.clone(), o.kind, o.id.clone())))
            .collect();
        prop_assert_eq!(analysed, brute_force(&kb, &c, derived_default), "{}", text);
    }

    /// Starting from given profiles, "moves" is exactly: some value of the
    /// input, given, changes the outcome.
    #[test]
    fn from_profiles_is_exact(text in generated::kb_text(), picks in prop::collection::vec(0usize..180, 1..4)) {
        let kb = generated::load(&text);
        let c = compile(&kb);
        let derived_default = kb.input("d").unwrap().default.from_fact().is_some();
        let profiles = every_profile(derived_default);
        let starts: Vec<(generated::Answers, StartProfile)> = picks
            .iter()
            .map(|i| {
                let answers = profiles[i % profiles.len()].clone();
                let (values, given) = dense(&c, &answers);
                (answers, StartProfile { values, given })
            })
            .collect();
        let influence = from_profiles(&kb, &c, &starts.iter().map(|(_, s)| s.clone()).collect::<Vec<_>>());
        let analysed: BTreeSet<(String, OutcomeKind, String)> = influence
            .outcomes
            .iter()
            .flat_map(|o| o.moved_by.iter().map(move |(i, _)| (i.clone(), o.kind, o.id.clone())))
            .collect();
        let mut expected = BTreeSet::new();
        for (answers, start) in &starts {
            let base = outcomes(&kb, &c, &start.values);
            for (x, values) in [("a", 0..3), ("b", 0..10), ("c", 0..2), ("s", 0..16), ("d", 0..2)] {
                for v in values {
                    let mut changed = answers.clone();
                    changed.insert(x, Some(v));
                    let (p, _) = dense(&c, &changed);
                    for (o, b) in outcomes(&kb, &c, &p).into_iter().zip(&base) {
                        if o.1 != b.1 {
                            expected.insert((x.to_string(), o.0 .0, o.0 .1));
                        }
                    }
                }
            }
        }
        prop_assert_eq!(analysed, expected);
    }
}

#[test]
fn the_built_in_kb_moves_through_a_derived_default() {
    let kb = kompas_kb::builtin::load().expect("the built-in KB loads");
    let c = compile(&kb);
    let influence = analyse(&kb, &c);
    let database = influence
        .outcomes
        .iter()
        .find(|o| o.kind == OutcomeKind::Decision && o.id == "database")
        .unwrap();
    let via: Vec<(&str, String)> = database
        .moved_by
        .iter()
        .map(|(i, v)| (i.as_str(), format!("{v:?}")))
        .collect();
    assert!(
        via.contains(&("team_maturity", "Default(\"database_ha_expertise\")".into())),
        "{via:?}"
    );
    assert!(
        via.contains(&("database_ha_expertise", "Direct".into())),
        "{via:?}"
    );
    assert!(
        influence.inert_inputs().is_empty(),
        "{:?}",
        influence.inert_inputs()
    );
}
