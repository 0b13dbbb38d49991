//! Answers in a query string, as the site writes them into its URL
//! (`?calico_expertise=true&service_count=12&compliance_requirements=GDPR,PCI-DSS`),
//! turned into a profile object.
//!
//! The KB's input types decide the JSON type of each value; anything that does
//! not fit is passed on as a string, so the engine's profile validation names
//! it with its path, the value given and what is expected. `unknown` ("I don't
//! know") is passed on as is, for every input.

use kompas_kb::{InputType, Kb};
use serde_json::{Map, Value};

/// Query parameters that are not answers.
/// `lang` the language, `org` the organisation's name (for the report), `vs`
/// the other profile of a comparison, `view` the shape of an assessment.
pub const RESERVED: &[&str] = &["lang", "org", "vs", "view"];

/// The profile the answers in `pairs` describe (reserved parameters skipped;
/// a repeated answer: the last one counts, as in the site's URLs).
pub fn profile_from_pairs(kb: &Kb, pairs: &[(String, String)]) -> Value {
    let mut profile = Map::new();
    for (key, raw) in pairs {
        if RESERVED.contains(&key.as_str()) {
            continue;
        }
        if raw.trim() == kompas_engine::UNKNOWN {
            profile.insert(key.clone(), Value::from(kompas_engine::UNKNOWN));
            continue;
        }
        let value = match kb.input(key).map(|i| i.kind) {
            Some(InputType::Integer) => raw
                .trim()
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::from(raw.as_str())),
            Some(InputType::Bool) => match raw.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::from(raw.as_str()),
            },
            Some(InputType::Set) => Value::Array(
                raw.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(Value::from)
                    .collect(),
            ),
            Some(InputType::Enum) | None => Value::from(raw.as_str()),
        };
        profile.insert(key.clone(), value);
    }
    Value::Object(profile)
}

/// The value of `name` in `pairs` (the last one).
pub fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kb() -> Kb {
        let yaml = r#"
kb: {id: t, version: "1", title: T}
inputs:
  - {id: n, type: integer, question: N?, default: 1}
  - {id: b, type: bool, question: B?, default: false}
  - {id: s, type: set, question: S?, values: [{id: x}, {id: y}], default: []}
  - {id: e, type: enum, question: E?, values: [{id: low}, {id: high}], default: low}
"#;
        kompas_kb::load_sources(vec![("kb.yaml".into(), yaml.into())]).expect("fixture KB loads")
    }

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn types_follow_the_inputs() {
        let p = profile_from_pairs(
            &kb(),
            &pairs(&[
                ("n", "12"),
                ("b", "true"),
                ("s", "x, y"),
                ("e", "high"),
                ("lang", "nl"),
            ]),
        );
        assert_eq!(p, json!({"n": 12, "b": true, "s": ["x", "y"], "e": "high"}));
    }

    #[test]
    fn values_that_do_not_fit_stay_strings_for_the_validator() {
        let p = profile_from_pairs(
            &kb(),
            &pairs(&[("n", "5-10"), ("b", "yes"), ("s", ""), ("zz", "1")]),
        );
        assert_eq!(p, json!({"n": "5-10", "b": "yes", "s": [], "zz": "1"}));
    }

    #[test]
    fn unknown_is_an_answer_to_every_input() {
        let p = profile_from_pairs(
            &kb(),
            &pairs(&[
                ("n", "unknown"),
                ("b", "unknown"),
                ("s", "unknown"),
                ("e", "unknown"),
            ]),
        );
        assert_eq!(
            p,
            json!({"n": "unknown", "b": "unknown", "s": "unknown", "e": "unknown"})
        );
    }

    #[test]
    fn the_last_repeated_parameter_counts() {
        let q = pairs(&[("lang", "en"), ("lang", "nl")]);
        assert_eq!(param(&q, "lang"), Some("nl"));
        assert_eq!(param(&q, "x"), None);
    }
}
