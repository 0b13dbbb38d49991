//! Canonical JSON and its hash: the same answers, written in any order or
//! form, give the same bytes and so the same SHA-256.
//!
//! Object keys are sorted by their UTF-16 code units (as RFC 8785 does),
//! there is no whitespace, strings are escaped as serde_json escapes them, and
//! numbers are written as serde_json writes them (profiles hold integers only).

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The canonical JSON text of `value`.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (key, child)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write(child, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, child) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(child, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// SHA-256 (lower-case hex) of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// SHA-256 (hex) of the canonical JSON of `value`.
pub fn hash(value: &Value) -> String {
    sha256_hex(to_string(value).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_at_every_depth_without_whitespace() {
        let v = json!({"b": 1, "a": {"d": [true, null, "x\"y"], "c": -2}});
        assert_eq!(
            to_string(&v),
            r#"{"a":{"c":-2,"d":[true,null,"x\"y"]},"b":1}"#
        );
    }

    #[test]
    fn the_hash_ignores_key_order_but_not_values() {
        let a = json!({"team_size": 10, "compliance_requirements": ["GDPR"]});
        let b: Value =
            serde_json::from_str(r#"{ "compliance_requirements": ["GDPR"], "team_size": 10 }"#)
                .unwrap();
        assert_eq!(hash(&a), hash(&b));
        assert_ne!(
            hash(&a),
            hash(&json!({"team_size": 11, "compliance_requirements": ["GDPR"]}))
        );
        assert_eq!(hash(&a).len(), 64);
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            ".{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(".{0,6}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn canonical_text_is_json_that_reads_back_equal(v in arb_json()) {
            let text = to_string(&v);
            let back: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, &v);
            prop_assert_eq!(to_string(&back), text);
        }
    }
}
