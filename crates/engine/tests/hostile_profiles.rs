//! Property tests of the profile parser on hostile text: anchors and aliases
//! that multiply, deep nesting, huge scalars, many keys, huge numbers. It
//! never panics, and what it reports is bounded: at most `MAX_PROBLEMS`
//! problems (and a last "and N more"), each short, whatever was given.

mod common;

use std::sync::OnceLock;

use kompas_engine::{Engine, ProfileError, MAX_PROBLEMS};
use proptest::prelude::*;

fn builtin() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(common::builtin)
}

/// Each problem short, and few of them.
fn bounded(error: &ProfileError) -> Result<(), TestCaseError> {
    prop_assert!(
        error.problems.len() <= MAX_PROBLEMS + 1,
        "{} problems",
        error.problems.len()
    );
    for p in &error.problems {
        prop_assert!(
            p.message.len() <= 500,
            "message of {} bytes",
            p.message.len()
        );
        prop_assert!(
            p.given.to_string().len() <= 600,
            "given of {} bytes",
            p.given.to_string().len()
        );
        prop_assert!(p.path.len() <= 500, "path of {} bytes", p.path.len());
        prop_assert!(
            p.help.as_deref().unwrap_or("").len() <= 500,
            "help too long"
        );
    }
    Ok(())
}

fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("10".to_owned()),
        Just("9223372036854775808".to_owned()),
        Just("-99999999999999999999999".to_owned()),
        Just("1e300".to_owned()),
        Just("\"5-10\"".to_owned()),
        Just("[GDPR, none]".to_owned()),
        Just("!foo x".to_owned()),
        Just("*a".to_owned()),
        (1usize..100_000).prop_map(|n| format!("\"{}\"", "y".repeat(n))),
        "[a-z]{1,10}",
    ];
    leaf.prop_recursive(8, 64, 10, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..10).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(("[a-z]{1,5}", inner), 0..5).prop_map(|kv| {
                let body: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", body.join(", "))
            }),
        ]
    })
}

/// A profile: an anchor first, then keys (real input ids and others).
fn profile_text() -> impl Strategy<Value = String> {
    let ids: Vec<String> = builtin().kb().inputs.iter().map(|i| i.id.clone()).collect();
    let key = prop_oneof![
        prop::sample::select(ids),
        "[a-z_]{1,12}",
        (1usize..20_000).prop_map(|n| "k".repeat(n)),
    ];
    (value(), prop::collection::btree_map(key, value(), 0..40)).prop_map(|(anchor, entries)| {
        let mut text = format!("\"anchor\": &a {anchor}\n");
        for (k, v) in entries {
            text.push_str(&format!("\"{k}\": {v}\n"));
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hostile_profile_text_is_refused_briefly(text in profile_text()) {
        if let Err(e) = builtin().profile_from_text(&text, "p.yaml") {
            bounded(&e)?;
            let shown = e.to_string();
            prop_assert!(shown.len() <= (MAX_PROBLEMS + 1) * 1600, "{} bytes shown", shown.len());
        }
    }

    #[test]
    fn multiplying_aliases_never_expand_past_the_budget(levels in 1usize..12, width in 2usize..12) {
        let mut text = String::from("a0: &a0 x\n");
        for i in 1..=levels {
            let refs = vec![format!("*a{}", i - 1); width].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        if let Err(e) = builtin().profile_from_text(&text, "p.yaml") {
            bounded(&e)?;
        }
    }
}

#[test]
fn many_keys_are_refused_before_any_is_looked_at() {
    let keys: Vec<String> = (0..2000).map(|i| format!("\"k{i}\": 1")).collect();
    let text = format!("{{{}}}", keys.join(", "));
    let err = builtin().profile_from_text(&text, "p.yaml").unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert!(err.problems[0].message.contains("2000 keys"), "{err}");
}

#[test]
fn numbers_out_of_range_say_too_large_or_too_small() {
    for (given, word) in [
        ("9223372036854775808", "too large"),
        ("18446744073709551616", "too large"),
        ("-9223372036854775809", "too small"),
        ("1e300", "too large"),
    ] {
        let err = builtin()
            .profile_from_text(&format!("team_size: {given}\n"), "p.yaml")
            .unwrap_err();
        assert!(err.problems[0].message.contains(word), "{given}: {err}");
    }
    let json = serde_json::json!({"team_size": 9_223_372_036_854_775_808u64});
    let err = builtin().profile_from_value(&json).unwrap_err();
    assert!(err.problems[0].message.contains("too large"), "{err}");
    let err = builtin()
        .profile_from_text("team_size: 2.5\n", "p.yaml")
        .unwrap_err();
    assert!(
        err.problems[0].message.contains("not a whole number"),
        "{err}"
    );
}
