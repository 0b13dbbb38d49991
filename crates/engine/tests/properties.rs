//! Property tests: arbitrary input never panics, and flips are exact.

mod common;

use std::sync::OnceLock;

use kompas_engine::{Engine, Profile};
use kompas_logic::Domain;
use proptest::prelude::*;
use serde_json::{json, Value};

fn mini() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(common::mini)
}

fn builtin() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(common::builtin)
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|i| json!(i)),
        (-1.0e20f64..1.0e20).prop_map(|f| json!(f)),
        "[a-zA-Z0-9_+ ./~-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_/~]{0,10}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A profile-shaped object: mostly real input ids, with plausible and implausible values.
fn arb_profile_like(engine: &'static Engine) -> impl Strategy<Value = Value> {
    let ids: Vec<String> = engine.kb().inputs.iter().map(|i| i.id.clone()).collect();
    let mut values: Vec<Value> = vec![
        json!(true),
        json!(false),
        json!(0),
        json!(8),
        json!(-3),
        json!(1.5),
        json!("5-10"),
        json!("10+"),
        json!([]),
        json!(["none"]),
        json!(["GDPR", "none"]),
        json!(["GDPR"]),
        json!("unknown"),
        json!("Unknown"),
    ];
    for input in &engine.kb().inputs {
        for v in &input.values {
            values.push(json!(v.id));
        }
    }
    let key = prop_oneof![4 => prop::sample::select(ids), 1 => "[a-z_]{1,12}"];
    let value = prop_oneof![3 => prop::sample::select(values), 1 => arb_json()];
    prop::collection::btree_map(key, value, 0..12)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

fn check_problems_or_assess(engine: &Engine, v: &Value) {
    match engine.profile_from_value(v) {
        Ok(p) => {
            let a = engine.assess(&p);
            assert_eq!(a.decisions.len(), engine.kb().decisions.len());
            serde_json::to_string(&a).unwrap();
        }
        Err(e) => {
            assert!(!e.problems.is_empty());
            for p in &e.problems {
                // Every problem points at a real place in the profile (the cap note at the root).
                assert!(
                    p.path.is_empty() || v.pointer(&p.path).is_some(),
                    "bad path {} in {v}",
                    p.path
                );
                assert!(!p.message.is_empty() && !p.expected.is_empty());
            }
            assert!(!e.to_string().is_empty());
        }
    }
}

/// Per variable, a random value of its domain (near class boundaries more often than not).
fn profile_from_seeds(engine: &Engine, seeds: &[u64]) -> Profile {
    let compiled = engine.compiled();
    let mut p = engine.default_profile();
    for (v, var) in compiled.vars.iter().enumerate() {
        let s = seeds[v % seeds.len()].rotate_left(v as u32 * 7);
        let input = &engine.kb().inputs[compiled.var_input[v]];
        let value = match &var.domain {
            Domain::Enum(values) => (s % values.len() as u64) as i64,
            Domain::Bool => (s % 2) as i64,
            Domain::Set(values) => {
                let exclusive: u64 = input
                    .values
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| x.exclusive)
                    .fold(0, |a, (i, _)| a | 1 << i);
                let all = (1u64 << values.len()) - 1;
                (s & all & !exclusive) as i64
            }
            Domain::Int { min, max } => {
                let classes = var.int_classes();
                let (lo, hi) = classes[(s % classes.len() as u64) as usize];
                let span = (hi - lo).min(1000) as u64 + 1;
                match (s >> 8) % 3 {
                    0 => lo,
                    1 => hi.min(lo + 1000),
                    _ => (lo + ((s >> 16) % span) as i64).clamp(*min, *max),
                }
            }
        };
        p = p.with_value(compiled, v, value);
    }
    p
}

/// Like [`profile_from_seeds`], but about a third of the inputs are left out
/// (so derived defaults follow other answers), and a second profile in the
/// same cell: every given number moved elsewhere within its class.
fn partial_profiles_in_one_cell(engine: &Engine, seeds: &[u64]) -> (Profile, Profile) {
    let compiled = engine.compiled();
    let full = profile_from_seeds(engine, seeds);
    let mut p = engine.default_profile();
    let mut q = engine.default_profile();
    for (v, var) in compiled.vars.iter().enumerate() {
        let s = seeds[v % seeds.len()].rotate_left(v as u32 * 11);
        if s.is_multiple_of(3) {
            continue;
        }
        let value = full.values()[v];
        p = p.with_value(compiled, v, value);
        let moved = match &var.domain {
            Domain::Int { .. } => {
                let (lo, hi) = var.int_classes()[var.class_of(value)];
                let span = (hi - lo).min(1000);
                lo + ((s >> 20) as i64).rem_euclid(span + 1)
            }
            _ => value,
        };
        q = q.with_value(compiled, v, moved);
    }
    (p, q)
}

/// The flips of every decision, as JSON.
fn flips_of(engine: &Engine, p: &Profile) -> Vec<Value> {
    engine
        .assess(p)
        .decisions
        .iter()
        .map(|d| serde_json::to_value(&d.flips).unwrap())
        .collect()
}

/// Flips read back from the engine's memo are the flips a fresh engine
/// searches, for the same profile and for another profile in the same cell
/// (other numbers, same classes: the texts and values differ, the search not).
fn check_memo_agrees(seeds: &[u64]) {
    let warm = builtin();
    let (p, q) = partial_profiles_in_one_cell(warm, seeds);
    let first = flips_of(warm, &p);
    let again = flips_of(warm, &p);
    let same_cell = flips_of(warm, &q);
    let fresh = common::builtin();
    assert_eq!(first, flips_of(&fresh, &p));
    assert_eq!(again, first);
    assert_eq!(same_cell, flips_of(&common::builtin(), &q));
}

/// The brief assessment gives the same summary view as the full one, with
/// some answers left out and some `unknown`, in English and Dutch.
fn check_brief_summary_agrees(seeds: &[u64]) {
    use kompas_engine::{views, AssessOptions, Lang, View};
    let engine = builtin();
    let compiled = engine.compiled();
    let (mut p, _) = partial_profiles_in_one_cell(engine, seeds);
    for v in 0..compiled.vars.len() {
        if seeds[v % seeds.len()]
            .rotate_left(v as u32 * 13)
            .is_multiple_of(5)
        {
            p = p.with_unknown(compiled, v);
        }
    }
    for lang in [Lang::En, Lang::Nl] {
        let full = engine.assess_with(&p, AssessOptions { lang, flips: false });
        assert_eq!(
            views::to_json(&engine.assess_brief(&p, lang), View::Summary),
            views::to_json(&full, View::Summary),
            "{lang:?}"
        );
    }
}

/// Checks every flip of every decision against a brute-force scan of the table.
fn check_flips(engine: &Engine, p: &Profile) {
    let compiled = engine.compiled();
    let kb = engine.kb();
    let a = engine.assess(p);
    let base = engine.profile_to_value(p);
    for (d, cd) in compiled.decisions.iter().enumerate() {
        let decision = &a.decisions[d];
        if cd.table.is_empty() {
            continue;
        }
        let space = cd.space(compiled);
        let cur: Vec<usize> = cd
            .vars
            .iter()
            .map(|v| compiled.vars[*v].class_of(p.values()[*v]))
            .collect();
        let current = cd.decide(p.values()).and_then(|r| cd.rules[r].option);
        let mut min: Vec<Option<usize>> = vec![None; kb.decisions[d].options.len()];
        for (cell, rule) in cd.table.iter().enumerate() {
            let coords = space.coords(cell);
            let feasible = cd.vars.iter().zip(&coords).all(|(v, c)| {
                let input = &kb.inputs[compiled.var_input[*v]];
                let exclusive: i64 = input
                    .values
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| x.exclusive)
                    .fold(0, |a, (i, _)| a | 1 << i);
                !matches!(compiled.vars[*v].domain, Domain::Set(_))
                    || compiled.vars[*v].representative(*c, 0) & exclusive == 0
            });
            if !feasible || *rule == u16::MAX {
                continue;
            }
            let Some(o) = cd.rules[*rule as usize].option else {
                continue;
            };
            if Some(o) == current {
                continue;
            }
            let dist = coords.iter().zip(&cur).filter(|(a, b)| a != b).count();
            if min[o].is_none_or(|m| dist < m) {
                min[o] = Some(dist);
            }
        }
        let reachable: Vec<&str> = min
            .iter()
            .enumerate()
            .filter(|(_, m)| m.is_some())
            .map(|(o, _)| kb.decisions[d].options[o].id.as_str())
            .collect();
        let mut flipped: Vec<&str> = decision.flips.iter().map(|f| &*f.option).collect();
        flipped.sort_by_key(|o| kb.decisions[d].options.iter().position(|x| x.id == *o));
        assert_eq!(flipped, reachable, "decision {}", decision.id);
        for flip in &decision.flips {
            let o = kb.decisions[d]
                .options
                .iter()
                .position(|x| x.id == *flip.option)
                .unwrap();
            assert_eq!(
                Some(flip.distance),
                min[o],
                "{}: flip to {} is not the smallest",
                decision.id,
                flip.option
            );
            assert_eq!(flip.changes.len(), flip.distance);
            let mut changed = base.clone();
            for c in &flip.changes {
                assert_ne!(
                    c.from, c.to,
                    "{}: a change that changes nothing",
                    decision.id
                );
                changed[&*c.input] = c.to.to_json();
            }
            let q = engine.profile_from_value(&changed).unwrap_or_else(|e| {
                panic!(
                    "{}: flip to {} gives an invalid profile: {e}",
                    decision.id, flip.option
                )
            });
            let after = cd.decide(q.values()).and_then(|r| cd.rules[r].option);
            assert_eq!(
                after,
                Some(o),
                "{}: applying the flip to {} does not recommend it",
                decision.id,
                flip.option
            );
        }
    }
}

/// `assess` derives every verdict from the conditions it explains, `evaluate`
/// from evaluating them: both must tell the same story.
fn check_evaluate_agrees(engine: &Engine, p: &Profile) {
    let core = engine.evaluate(p);
    let a = engine.assess_without_flips(p);
    let kb = engine.kb();
    for (d, decision) in a.decisions.iter().enumerate() {
        let rule = core.rules[d]
            .map(|r| &kb.decisions[d].rules[engine.compiled().decisions[d].rules[r].index].id);
        let recommended = decision.recommendation.as_ref().map(|r| &*r.rule);
        assert_eq!(rule.map(String::as_str), recommended, "{}", decision.id);
    }
    for (c, cap) in a.layer2.iter().enumerate() {
        let v = core.verdicts[c];
        assert_eq!(
            (v.verdict, v.step),
            (cap.verdict, cap.decided_by.step),
            "{}",
            cap.id
        );
        let list = match v.step {
            kompas_engine::Step::LaterIf => &cap.later_if,
            kompas_engine::Step::NowIf => &cap.now_if,
            kompas_engine::Step::Trigger => &cap.triggers,
            kompas_engine::Step::SkipIf => &cap.skip_if,
            kompas_engine::Step::Otherwise => &Vec::new(),
        };
        let condition = v.condition.map(|i| &*list[i].id);
        assert_eq!(condition, cap.decided_by.condition.as_deref(), "{}", cap.id);
        let triggers_met = cap.triggers.iter().filter(|t| t.met == Some(true)).count();
        assert_eq!(v.triggers_met, triggers_met, "{}", cap.id);
        let tool = v.tool.map(|t| kb.capabilities[c].tools[t].id.as_str());
        assert_eq!(tool, cap.tool.as_ref().map(|t| &*t.id), "{}", cap.id);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn evaluate_agrees_with_assess_on_the_fixture(seeds in prop::collection::vec(any::<u64>(), 4)) {
        check_evaluate_agrees(mini(), &profile_from_seeds(mini(), &seeds));
    }

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        check_problems_or_assess(mini(), &v);
    }

    #[test]
    fn profile_like_json_never_panics(v in arb_profile_like(mini())) {
        check_problems_or_assess(mini(), &v);
    }

    #[test]
    fn flips_are_exact_on_the_fixture(seeds in prop::collection::vec(any::<u64>(), 4)) {
        check_flips(mini(), &profile_from_seeds(mini(), &seeds));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn builtin_profile_like_json_never_panics(v in arb_profile_like(builtin())) {
        check_problems_or_assess(builtin(), &v);
    }

    #[test]
    fn evaluate_agrees_with_assess_on_the_builtin_kb(seeds in prop::collection::vec(any::<u64>(), 8)) {
        check_evaluate_agrees(builtin(), &profile_from_seeds(builtin(), &seeds));
    }

    #[test]
    fn flips_are_exact_on_the_builtin_kb(seeds in prop::collection::vec(any::<u64>(), 8)) {
        check_flips(builtin(), &profile_from_seeds(builtin(), &seeds));
    }

    #[test]
    fn the_brief_assessment_gives_the_same_summary(seeds in prop::collection::vec(any::<u64>(), 8)) {
        check_brief_summary_agrees(&seeds);
    }

    #[test]
    fn flips_from_the_memo_are_the_flips_searched(seeds in prop::collection::vec(any::<u64>(), 8)) {
        check_memo_agrees(&seeds);
    }
}
