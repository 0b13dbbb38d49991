//! Reading a stored assessment generically, as JSON.
//!
//! A record keeps the assessment exactly as the engine produced it; the
//! assessment gains keys over time, so records are read through these few
//! accessors (decisions by id, options, findings, questions) rather than
//! through the engine's types. Missing keys read as empty, never as a panic.

use serde_json::Value;

/// A string field, or `""`.
pub fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// An array field, or an empty slice.
pub fn list<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The strings of an array field.
pub fn strings<'a>(value: &'a Value, key: &str) -> Vec<&'a str> {
    list(value, key).iter().filter_map(Value::as_str).collect()
}

/// The Layer 1 decisions, in KB order.
pub fn decisions(assessment: &Value) -> &[Value] {
    list(assessment, "decisions")
}

/// The decision with this id.
pub fn decision<'a>(assessment: &'a Value, id: &str) -> Option<&'a Value> {
    decisions(assessment).iter().find(|d| text(d, "id") == id)
}

/// The recommended option id of a decision (`None` when no rule applied).
pub fn recommended(decision: &Value) -> Option<&str> {
    decision
        .get("recommendation")
        .and_then(|r| r.get("option"))
        .and_then(Value::as_str)
}

/// One option of a decision as the assessment shows it: the recommendation or an alternative.
#[derive(Debug, Clone, Copy)]
pub struct OptionView<'a> {
    /// Option id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// The JSON object (`recommendation` or an entry of `alternatives`).
    pub value: &'a Value,
    /// Whether it is the recommendation.
    pub recommended: bool,
}

impl<'a> OptionView<'a> {
    /// The tools it uses.
    pub fn tools(&self) -> Vec<&'a str> {
        strings(self.value, "tools")
    }
}

/// Every option of a decision: the recommendation first, then the alternatives.
pub fn options(decision: &Value) -> Vec<OptionView<'_>> {
    let mut out = Vec::new();
    if let Some(r) = decision.get("recommendation").filter(|r| r.is_object()) {
        out.push(OptionView {
            id: text(r, "option"),
            title: text(r, "title"),
            value: r,
            recommended: true,
        });
    }
    for alt in list(decision, "alternatives") {
        out.push(OptionView {
            id: text(alt, "option"),
            title: text(alt, "title"),
            value: alt,
            recommended: false,
        });
    }
    out
}

/// The option of a decision with this id.
pub fn option<'a>(decision: &'a Value, id: &str) -> Option<OptionView<'a>> {
    options(decision).into_iter().find(|o| o.id == id)
}

/// The title of an option, or its id.
pub fn option_title<'a>(decision: &'a Value, id: &'a str) -> &'a str {
    option(decision, id)
        .map(|o| o.title)
        .filter(|t| !t.is_empty())
        .unwrap_or(id)
}

/// The findings.
pub fn findings(assessment: &Value) -> &[Value] {
    list(assessment, "findings")
}

/// A finding's identity: code, decision, option, tool (its message may be reworded).
pub fn finding_key(finding: &Value) -> (String, String, String, String) {
    (
        text(finding, "code").to_owned(),
        text(finding, "decision").to_owned(),
        text(finding, "option").to_owned(),
        text(finding, "tool").to_owned(),
    )
}

/// The open questions that block.
pub fn blocking_questions(assessment: &Value) -> Vec<&Value> {
    list(assessment, "open_questions")
        .iter()
        .filter(|q| q.get("blocking").and_then(Value::as_bool) == Some(true))
        .collect()
}

/// The normalised inputs (`profile.inputs`): every input with its value.
pub fn inputs(assessment: &Value) -> Option<&serde_json::Map<String, Value>> {
    assessment
        .get("profile")
        .and_then(|p| p.get("inputs"))
        .and_then(Value::as_object)
}

/// The answers the profile gave (not the defaults), as a profile object.
pub fn given_answers(assessment: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for answer in list(assessment, "answers") {
        if text(answer, "source") != "given" {
            continue;
        }
        let value = answer
            .get("given")
            .or_else(|| answer.get("value"))
            .cloned()
            .unwrap_or(Value::Null);
        out.insert(text(answer, "input").to_owned(), value);
    }
    Value::Object(out)
}

/// Layer 2 capabilities with their verdicts.
pub fn verdicts(assessment: &Value) -> Vec<(&str, &str, &str)> {
    list(assessment, "layer2")
        .iter()
        .map(|c| (text(c, "id"), text(c, "title"), text(c, "verdict")))
        .collect()
}

/// A text of the KB as JSON: a plain string, or `{en, nl}` (English preferred).
pub fn kb_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(map)) => map
            .get("en")
            .or_else(|| map.values().next())
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        _ => String::new(),
    }
}

/// Collapses a text to one line (for list items and table cells).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_keys_read_as_empty() {
        let v = json!({"decisions": [{"id": "cni"}]});
        assert_eq!(text(&v, "nope"), "");
        assert!(list(&v, "nope").is_empty());
        let d = decision(&v, "cni").unwrap();
        assert_eq!(recommended(d), None);
        assert!(options(d).is_empty());
        assert!(findings(&json!(3)).is_empty());
        assert_eq!(given_answers(&json!({})), json!({}));
    }

    #[test]
    fn options_list_the_recommendation_first() {
        let d = json!({
            "recommendation": {"option": "a", "title": "A", "tools": ["t1"]},
            "alternatives": [{"option": "b", "title": "B", "tools": []}]
        });
        let ids: Vec<_> = options(&d).iter().map(|o| (o.id, o.recommended)).collect();
        assert_eq!(ids, [("a", true), ("b", false)]);
        assert_eq!(option(&d, "a").unwrap().tools(), ["t1"]);
        assert_eq!(option_title(&d, "zz"), "zz");
    }

    #[test]
    fn given_answers_keep_what_the_profile_wrote() {
        let a = json!({"answers": [
            {"input": "service_count", "value": 7, "source": "given", "given": "5-10"},
            {"input": "team_size", "value": 10, "source": "given"},
            {"input": "budget", "value": "low", "source": "default"}
        ]});
        assert_eq!(
            given_answers(&a),
            json!({"service_count": "5-10", "team_size": 10})
        );
    }

    #[test]
    fn kb_texts_prefer_english() {
        assert_eq!(
            kb_text(Some(&json!({"nl": "Hallo", "en": "Hello"}))),
            "Hello"
        );
        assert_eq!(kb_text(Some(&json!("Plain"))), "Plain");
        assert_eq!(kb_text(None), "");
        assert_eq!(one_line("a\n  b\tc "), "a b c");
    }
}
