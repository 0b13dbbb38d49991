//! The tools kompas offers, with their input schemas.
//!
//! A profile's schema is the API's (`kompas_engine::profile_schema`, the same
//! as `GET /api/v1/schema/profile`), made compact for an agent's context
//! window: each answer keeps its type, its allowed values and its question,
//! without the long help texts (`list_inputs` has them).

use std::sync::Arc;

use kompas_engine::Engine;
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::{json, Value};

/// Tool names.
pub mod name {
    /// Assess a profile.
    pub const ASSESS: &str = "assess";
    /// Explain one decision.
    pub const EXPLAIN: &str = "explain";
    /// The decisions and capabilities of the KB.
    pub const LIST_DECISIONS: &str = "list_decisions";
    /// The questionnaire.
    pub const LIST_INPUTS: &str = "list_inputs";
    /// The questions worth answering next.
    pub const NEXT_QUESTIONS: &str = "next_questions";
    /// Check the KB.
    pub const CHECK_KB: &str = "check_kb";
    /// Save a decision record.
    pub const RECORD_SAVE: &str = "record_save";
    /// Compare two records.
    pub const RECORD_DIFF: &str = "record_diff";
    /// The drift review.
    pub const RECORD_DRIFT: &str = "record_drift";
}

/// The argument names each tool takes (anything else is refused, naming it).
pub fn arguments_of(tool: &str) -> &'static [&'static str] {
    match tool {
        name::ASSESS => &["profile", "lang", "view"],
        name::EXPLAIN => &["profile", "decision", "lang"],
        name::NEXT_QUESTIONS => &["profile", "lang"],
        name::LIST_DECISIONS | name::LIST_INPUTS => &["lang"],
        name::CHECK_KB => &["severity"],
        name::RECORD_SAVE => &["profile", "title", "organisation"],
        name::RECORD_DIFF => &["from", "to"],
        name::RECORD_DRIFT => &["record"],
        _ => &[],
    }
}

/// The profile schema of this KB, compact: no `$schema`, no titles that
/// repeat the key, and each answer described by its question alone.
pub fn compact_profile_schema(engine: &Engine) -> Value {
    let mut schema = kompas_engine::profile_schema(engine.kb());
    if let Some(object) = schema.as_object_mut() {
        object.remove("$schema");
        object.remove("title");
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            for property in properties.values_mut() {
                if let Some(p) = property.as_object_mut() {
                    p.remove("title");
                    if let Some(Value::String(d)) = p.get_mut("description") {
                        let first = d.split("\n\n").next().unwrap_or("").to_owned();
                        *d = first;
                    }
                }
            }
        }
    }
    schema
}

fn lang_schema() -> Value {
    json!({"type": "string", "enum": ["en", "nl"], "default": "en",
           "description": "Language of the knowledge base's texts: English (default) or Dutch."})
}

fn object(properties: Value, required: &[&str]) -> Arc<JsonObject> {
    let mut schema =
        json!({"type": "object", "properties": properties, "additionalProperties": false});
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    match schema {
        Value::Object(map) => Arc::new(map),
        _ => Arc::new(JsonObject::new()),
    }
}

fn record_id_schema(description: &str) -> Value {
    json!({"type": "string", "pattern": "^r[0-9a-hjkmnp-tv-z]{10}$", "description": description})
}

fn read_only() -> ToolAnnotations {
    ToolAnnotations::new()
        .read_only(true)
        .destructive(false)
        .idempotent(true)
        .open_world(false)
}

/// Every tool, with schemas for this engine's KB.
pub fn catalogue(engine: &Engine) -> Vec<Tool> {
    let profile = compact_profile_schema(engine);
    let decisions: Vec<&str> = engine
        .kb()
        .decisions
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    let reference = engine
        .kb()
        .meta
        .reference
        .as_ref()
        .map(|r| format!(" The built-in knowledge base is {}.", r.en()))
        .unwrap_or_default();
    vec![
        Tool::new(
            name::ASSESS,
            format!(
                "Assess an organisation's profile: for every Layer 1 platform decision (Kubernetes, CNI, GitOps, ingress, \
                 observability, secrets, database, ...) the recommended option, and for every Layer 2 capability now, later \
                 or skip. The text answer is a short summary; the structured content is the assessment in the view asked \
                 for: `summary` (default: the stack with each decision's status, decided or open, and one sentence of why, \
                 the options an open decision can still get, close calls, the Layer 2 board, blocking and next questions, \
                 findings; a few KB), `full` (everything: why, why not, trace to Layer 0, trade-offs, open questions, flips, \
                 the exact conditions of every possible option; each fact written once, the KB's own prose left to the KB by \
                 id; at most 100 KB) or `expanded` (every text in place). For one decision in detail use `explain`. Any answer may be `unknown` (the person does not \
                 know): decisions it can change are open, with every option it can still lead to. Inputs left out take \
                 their defaults and are assumed.{reference}"
            ),
            object(
                json!({"profile": profile, "lang": lang_schema(),
                       "view": {"type": "string", "enum": ["summary", "full", "expanded"], "default": "summary",
                                "description": "How much of the assessment the structured content holds: summary (a few KB), full (everything about the profile, the KB's own prose left to the KB by id: at most 100 KB) or expanded (every text in place: some 250 KB)."}}),
                &["profile"],
            ),
        )
        .with_title("Assess a profile")
        .with_annotations(read_only()),
        Tool::new(
            name::EXPLAIN,
            "Explain one Layer 1 decision for a profile: the rule that decided and the answers it matched, why not each \
             alternative, the Layer 0 items it traces to, and the smallest change of answers that would make each \
             alternative the recommendation.",
            object(
                json!({
                    "profile": profile,
                    "decision": {"type": "string", "enum": decisions, "description": "The decision id (see `list_decisions`)."},
                    "lang": lang_schema()
                }),
                &["profile", "decision"],
            ),
        )
        .with_title("Explain one decision")
        .with_annotations(read_only()),
        Tool::new(
            name::NEXT_QUESTIONS,
            "The questions worth answering next for a profile, the most useful first: each input answered `unknown` \
             whose answer would settle (or narrow down) open decisions, then the assumed answers (inputs left out) that \
             decide something. For each: the input id to answer, the question, the decisions and capabilities it \
             settles or narrows down, and why. Use it to ask a person the fewest questions.",
            object(
                json!({"profile": profile, "lang": lang_schema()}),
                &["profile"],
            ),
        )
        .with_title("The questions to answer next")
        .with_annotations(read_only()),
        Tool::new(
            name::LIST_DECISIONS,
            "The knowledge base's Layer 1 decisions (id, title, question, options, the inputs they read) and its Layer 2 \
             capabilities (id, title, question).",
            object(json!({"lang": lang_schema()}), &[]),
        )
        .with_title("List the decisions")
        .with_annotations(read_only()),
        Tool::new(
            name::LIST_INPUTS,
            "The questions a profile answers: each input's id (the key in a profile), question, allowed values or range, \
             default (fixed, or derived from other answers) and the decisions it can move.",
            object(json!({"lang": lang_schema()}), &[]),
        )
        .with_title("List the inputs of a profile")
        .with_annotations(read_only()),
        Tool::new(
            name::CHECK_KB,
            "Check the knowledge base as `kompas check` does: the verdict (what was proven: no gaps, no overlaps, \
             every rule reachable, consistency, tool facts) and every finding with its code, severity and file:line:col.",
            object(
                json!({"severity": {"type": "string", "enum": ["error", "warning", "info"], "default": "warning",
                       "description": "The least severe findings to list in the text answer (the structured content lists all)."}}),
                &[],
            ),
        )
        .with_title("Check the knowledge base")
        .with_annotations(read_only()),
        Tool::new(
            name::RECORD_SAVE,
            "Save the assessment of a profile as a new draft decision record (the answers, the knowledge base's identity \
             and the full assessment); returns the record's id. Needs the editor role on a shared server.",
            object(
                json!({
                    "profile": profile,
                    "title": {"type": "string", "minLength": 1, "maxLength": 200, "description": "What the record is about, e.g. `Platform choices, Q1`."},
                    "organisation": {"type": "string", "maxLength": 200, "description": "The organisation the profile describes."}
                }),
                &["profile", "title"],
            ),
        )
        .with_title("Save a decision record")
        .with_annotations(
            ToolAnnotations::new()
                .read_only(false)
                .destructive(false)
                .idempotent(false)
                .open_world(false),
        ),
        Tool::new(
            name::RECORD_DIFF,
            "What differs between two decision records: the answers, the knowledge base (which rules, options, tool facts \
             changed), the recommendations with why, the Layer 2 verdicts, findings, blocking questions and overrides.",
            object(
                json!({
                    "from": record_id_schema("The earlier record."),
                    "to": record_id_schema("The later record.")
                }),
                &["from", "to"],
            ),
        )
        .with_title("Compare two decision records")
        .with_annotations(read_only()),
        Tool::new(
            name::RECORD_DRIFT,
            "The drift review: every accepted decision record re-assessed with the knowledge base being served, and what \
             changed since it was accepted (recommendations, findings such as a retired tool or a changed licence, \
             blocking questions). With `record`, that one record only.",
            object(
                json!({"record": record_id_schema("Review only this record (any status but superseded).")}),
                &[],
            ),
        )
        .with_title("Review decision records for drift")
        .with_annotations(read_only()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tool_lists_the_arguments_its_schema_names() {
        let engine = Engine::new(kompas_kb::builtin::load().unwrap());
        let tools = catalogue(&engine);
        assert_eq!(tools.len(), 9);
        for tool in &tools {
            let properties: Vec<&str> = tool.input_schema["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut expected = arguments_of(&tool.name).to_vec();
            expected.sort_unstable();
            let mut properties = properties;
            properties.sort_unstable();
            assert_eq!(properties, expected, "{}", tool.name);
        }
        let compact = compact_profile_schema(&engine).to_string();
        let full = kompas_engine::profile_schema(engine.kb()).to_string();
        assert!(
            compact.len() * 2 < full.len(),
            "{} vs {}",
            compact.len(),
            full.len()
        );
    }
}
