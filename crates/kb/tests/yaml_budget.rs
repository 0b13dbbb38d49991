//! Property tests of the YAML loader on hostile documents: anchors and
//! aliases that multiply, deep nesting, huge scalars, tags. Whatever the
//! document, the loader returns (never panics), and what it returns stays
//! within the budget: the memory it takes is bounded by the limits, not by
//! what the aliases stand for.

use kompas_kb::yaml::{parse_with, Limits, MAX_DEPTH};
use proptest::prelude::*;
use serde_json::Value;

/// Tight, so the properties reach the limits often.
const LIMITS: Limits = Limits {
    max_nodes: 5_000,
    max_bytes: 256 * 1024,
    max_depth: MAX_DEPTH,
};

/// Nodes (keys counted), scalar bytes (keys counted) and depth of a value.
fn measure(v: &Value) -> (usize, usize, usize) {
    match v {
        Value::Null | Value::Bool(_) => (1, 0, 0),
        Value::Number(n) => (1, n.to_string().len(), 0),
        Value::String(s) => (1, s.len(), 0),
        Value::Array(items) => items
            .iter()
            .map(measure)
            .fold((1, 0, 1), |(n, b, d), (n2, b2, d2)| {
                (n + n2, b + b2, d.max(d2 + 1))
            }),
        Value::Object(map) => map.iter().fold((1, 0, 1), |(n, b, d), (k, v)| {
            let (n2, b2, d2) = measure(v);
            (n + n2 + 1, b + b2 + k.len(), d.max(d2 + 1))
        }),
    }
}

/// A node of the generated document, as YAML flow text.
fn node(anchors: usize) -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => "[a-z]{1,8}",
        1 => (1usize..200_000).prop_map(|n| "x".repeat(n)),
        1 => Just("!foo bar".to_owned()),
        1 => Just("!!str 12".to_owned()),
        1 => Just("9223372036854775808".to_owned()),
        3 => (0..anchors.max(1)).prop_map(move |i| if anchors == 0 { "lol".into() } else { format!("*a{i}") }),
    ];
    leaf.prop_recursive(6, 64, 12, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..12)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..6).prop_map(|pairs| {
                let body: Vec<String> = pairs
                    .into_iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect();
                format!("{{{}}}", body.join(", "))
            }),
        ]
    })
}

/// A document of anchored definitions, each free to alias the ones before.
fn document() -> impl Strategy<Value = String> {
    (1usize..12).prop_flat_map(|n| {
        let defs: Vec<_> = (0..n).map(node).collect();
        defs.prop_map(|defs| {
            defs.iter()
                .enumerate()
                .map(|(i, d)| format!("a{i}: &a{i} {d}\n"))
                .collect::<String>()
        })
    })
}

/// Deep nesting, plain or through aliases.
fn deep() -> impl Strategy<Value = String> {
    prop_oneof![
        (1usize..200).prop_map(|d| format!("a: {}x{}\n", "[".repeat(d), "]".repeat(d))),
        (1usize..60).prop_map(|n| {
            let mut text = String::from("a0: &a0 [[x]]\n");
            for i in 1..n {
                text.push_str(&format!("a{i}: &a{i} [[*a{}, *a{}]]\n", i - 1, i - 1));
            }
            text
        }),
    ]
}

fn within_budget(text: &str) -> Result<(), TestCaseError> {
    if let Ok((value, _)) = parse_with(text, &LIMITS) {
        let (nodes, bytes, depth) = measure(&value);
        prop_assert!(nodes <= LIMITS.max_nodes + 1, "{nodes} nodes");
        prop_assert!(bytes <= LIMITS.max_bytes, "{bytes} bytes");
        prop_assert!(depth <= MAX_DEPTH + 1, "depth {depth}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn anchored_documents_stay_within_the_budget(text in document()) {
        within_budget(&text)?;
    }

    #[test]
    fn deep_documents_stay_within_the_budget(text in deep()) {
        within_budget(&text)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        within_budget(&text)?;
    }
}

#[test]
fn the_default_budget_bounds_an_exponential_document() {
    // 30 anchors, each twice the one before: 2^30 leaves if expanded.
    let mut text = String::from("a0: &a0 x\n");
    for i in 1..30 {
        text.push_str(&format!("a{i}: &a{i} [*a{}, *a{}]\n", i - 1, i - 1));
    }
    let err = kompas_kb::yaml::parse(&text).unwrap_err();
    assert!(err.message.contains("expands to more than"), "{err:?}");
}
