//! The fast path from JSON bytes to a profile agrees with the thorough
//! validator: a profile it reads, the thorough validator reads the same; a
//! valid profile written plainly, it reads; anything else it leaves to the
//! thorough validator, which names every problem.

mod common;

use std::sync::OnceLock;

use kompas_engine::Engine;
use proptest::prelude::*;
use serde_json::{json, Value};

fn builtin() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(common::builtin)
}

/// Profile-shaped JSON: mostly real input ids with plausible values, some
/// implausible ones and some that are not ids.
fn arb_profile_like() -> impl Strategy<Value = Value> {
    let engine = builtin();
    let ids: Vec<String> = engine.kb().inputs.iter().map(|i| i.id.clone()).collect();
    let mut values: Vec<Value> = vec![
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(8),
        json!(12),
        json!(10000),
        json!(10001),
        json!(-3),
        json!(1.5),
        json!(null),
        json!("5-10"),
        json!("10+"),
        json!("7"),
        json!("unknown"),
        json!([]),
        json!(["none"]),
        json!(["GDPR", "none"]),
        json!(["GDPR"]),
        json!(["GDPR", "DORA"]),
        json!({"a": 1}),
        json!("ta\"b"),
        json!("é"),
    ];
    for input in &engine.kb().inputs {
        for v in &input.values {
            values.push(json!(v.id));
            values.push(json!([v.id]));
        }
    }
    let key = prop_oneof![6 => prop::sample::select(ids), 1 => "[a-z_]{1,12}"];
    prop::collection::btree_map(key, prop::sample::select(values), 0..14)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_path_agrees_with_the_thorough_validator(v in arb_profile_like(), pretty in any::<bool>()) {
        let engine = builtin();
        let bytes = if pretty { serde_json::to_vec_pretty(&v).unwrap() } else { serde_json::to_vec(&v).unwrap() };
        let fast = engine.profile_from_json_fast(&bytes);
        let thorough = engine.profile_from_value(&v);
        match (&fast, &thorough) {
            (Some(f), Ok(t)) => prop_assert_eq!(f, t),
            (Some(_), Err(e)) => prop_assert!(false, "the fast path accepted what the thorough one refuses: {}", e),
            (None, Ok(_)) => {
                // Only forms the fast path does not read: escapes in strings.
                let text = String::from_utf8(bytes.clone()).unwrap();
                prop_assert!(text.contains('\\'), "the fast path missed a valid profile: {}", text);
            }
            (None, Err(_)) => {}
        }
        // The public entry point gives the thorough answer whenever the fast one gives up.
        let both = engine.profile_from_json(&bytes, "body");
        prop_assert_eq!(both.is_ok(), thorough.is_ok());
        if let (Ok(b), Ok(t)) = (&both, &thorough) {
            prop_assert_eq!(b, t);
        }
    }
}

#[test]
fn every_example_profile_takes_the_fast_path() {
    let engine = builtin();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let (value, _) = kompas_kb::yaml::parse(&text).unwrap();
        let bytes = serde_json::to_vec(&value).unwrap();
        let fast = engine.profile_from_json_fast(&bytes);
        assert!(fast.is_some(), "{}", path.display());
        assert_eq!(fast.unwrap(), engine.profile_from_value(&value).unwrap());
    }
}

#[test]
fn problems_found_by_the_thorough_way_keep_every_message() {
    let engine = builtin();
    let bytes = br#"{"team_size": "many", "kubernetes_experience": "guru", "team_sise": 3}"#;
    assert!(engine.profile_from_json_fast(bytes).is_none());
    let e = engine.profile_from_json(bytes, "body").unwrap_err();
    let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["/team_size", "/kubernetes_experience", "/team_sise"]
    );
    assert!(e.problems.iter().all(|p| p
        .location
        .as_deref()
        .is_some_and(|l| l.starts_with("body:1:"))));
    let dup = engine
        .profile_from_json(br#"{"team_size": 3, "team_size": 4}"#, "body")
        .unwrap_err();
    assert!(dup.problems[0].message.contains("duplicate"), "{dup}");
}
