//! What changed between two assessments: the answers, the knowledge (rules,
//! tool facts), the recommendations with the why, the Layer 2 verdicts, the
//! findings, the blocking questions and the team's overrides.
//!
//! Both sides are read generically from JSON (see [`crate::assessment`]), so a
//! record saved by an older kompas still compares with one saved today.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::assessment::{self as a};
use crate::model::{KbIdentity, Override, Record};
use crate::status::Status;

/// One side of a comparison.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The record, when the side is one (`None`: the answers being edited now).
    pub record: Option<&'a Record>,
    /// The assessment.
    pub assessment: &'a Value,
    /// The KB it was made with.
    pub kb: &'a KbIdentity,
    /// That KB, as a snapshot, when known.
    pub kb_snapshot: Option<&'a Value>,
    /// The team's overrides.
    pub overrides: &'a [Override],
}

impl<'a> Side<'a> {
    /// A record, with the snapshot of its KB when the store has it.
    pub fn of_record(record: &'a Record, kb_snapshot: Option<&'a Value>) -> Side<'a> {
        Side {
            record: Some(record),
            assessment: &record.assessment,
            kb: &record.kb,
            kb_snapshot,
            overrides: &record.overrides,
        }
    }
}

/// Which record (or the current answers) a side of a diff is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SideInfo {
    /// Record id (`null`: the current answers).
    pub record: Option<String>,
    /// Its revision.
    pub revision: Option<u32>,
    /// Its title.
    pub title: Option<String>,
    /// Its status.
    pub status: Option<Status>,
    /// The KB.
    pub kb: KbIdentity,
}

/// An option, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OptionRef {
    /// Option id.
    pub option: String,
    /// Its title.
    pub title: String,
}

/// Why a recommendation came out as it did: the rule and the facts that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Why {
    /// Rule id.
    pub rule: String,
    /// The rule's reason.
    pub text: String,
    /// The comparisons that decided, in words with the profile's value (`service_count > 5 (12)`).
    pub facts: Vec<String>,
}

/// A finding, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FindingRef {
    /// Stable code, e.g. `E0201`.
    pub code: String,
    /// Severity.
    pub severity: String,
    /// Decision id.
    pub decision: String,
    /// Option id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// Tool id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// What, in words.
    pub message: String,
}

/// An open question, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionRef {
    /// Question id.
    pub id: String,
    /// The question.
    pub text: String,
    /// The decisions it affects.
    pub decisions: Vec<String>,
}

/// An answer that differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AnswerChange {
    /// Input id.
    pub input: String,
    /// Before (`null`: the input did not exist).
    pub from: Option<Value>,
    /// After (`null`: the input no longer exists).
    pub to: Option<Value>,
}

/// How an item of the KB changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemChange {
    /// New in the later KB.
    Added,
    /// Gone from the later KB.
    Removed,
    /// In both, different.
    Changed,
}

/// An item of the KB that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KbItemChange {
    /// The section: `decisions`, `tools`, `tradeoffs`, ...
    pub section: String,
    /// The item's id.
    pub id: String,
    /// Added, removed or changed.
    pub change: ItemChange,
    /// For a changed item, what changed, in words (`rule ingress.default changed`,
    /// `lifecycle: active -> retired (since 2026-03)`).
    pub details: Vec<String>,
}

/// What changed in the knowledge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KbDiff {
    /// Whether the digests differ.
    pub changed: bool,
    /// Whether the items were compared (both KBs are known); otherwise only the identity differs.
    pub compared: bool,
    /// The items that changed.
    pub items: Vec<KbItemChange>,
}

/// A recommendation that changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecommendationChange {
    /// Decision id.
    pub decision: String,
    /// Its title.
    pub title: String,
    /// Before (`null`: no recommendation, or the decision did not exist).
    pub from: Option<OptionRef>,
    /// After.
    pub to: Option<OptionRef>,
    /// Why it is what it is after.
    pub why: Option<Why>,
    /// Why it was what it was before.
    pub was: Option<Why>,
}

/// A Layer 2 verdict that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VerdictChange {
    /// Capability id.
    pub capability: String,
    /// Its title.
    pub title: String,
    /// Before.
    pub from: Option<String>,
    /// After.
    pub to: Option<String>,
}

/// An override that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OverrideChange {
    /// Decision id.
    pub decision: String,
    /// The team's option before (`null`: no override).
    pub from: Option<String>,
    /// After.
    pub to: Option<String>,
}

/// Everything that differs between two sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordDiff {
    /// The earlier side.
    pub from: SideInfo,
    /// The later side.
    pub to: SideInfo,
    /// Whether the assessments are the same in every respect below.
    pub same: bool,
    /// Answers that differ (normalised, defaults filled in).
    pub answers: Vec<AnswerChange>,
    /// The knowledge.
    pub kb: KbDiff,
    /// Recommendations that changed, with the why.
    pub recommendations: Vec<RecommendationChange>,
    /// Layer 2 verdicts that changed.
    pub layer2: Vec<VerdictChange>,
    /// Findings only in the later side.
    pub findings_added: Vec<FindingRef>,
    /// Findings only in the earlier side.
    pub findings_removed: Vec<FindingRef>,
    /// Blocking questions only in the later side.
    pub blocking_added: Vec<QuestionRef>,
    /// Blocking questions only in the earlier side.
    pub blocking_removed: Vec<QuestionRef>,
    /// Overrides that differ.
    pub overrides: Vec<OverrideChange>,
}

/// Compares two sides.
pub fn diff(from: Side<'_>, to: Side<'_>) -> RecordDiff {
    let answers = answer_changes(from.assessment, to.assessment);
    let kb = kb_diff(from.kb, to.kb, from.kb_snapshot, to.kb_snapshot);
    let recommendations = recommendation_changes(from.assessment, to.assessment);
    let layer2 = verdict_changes(from.assessment, to.assessment);
    let (findings_added, findings_removed) = finding_changes(from.assessment, to.assessment);
    let (blocking_added, blocking_removed) = question_changes(from.assessment, to.assessment);
    let overrides = override_changes(from.overrides, to.overrides);
    let same = answers.is_empty()
        && !kb.changed
        && recommendations.is_empty()
        && layer2.is_empty()
        && findings_added.is_empty()
        && findings_removed.is_empty()
        && blocking_added.is_empty()
        && blocking_removed.is_empty()
        && overrides.is_empty();
    RecordDiff {
        from: side_info(&from),
        to: side_info(&to),
        same,
        answers,
        kb,
        recommendations,
        layer2,
        findings_added,
        findings_removed,
        blocking_added,
        blocking_removed,
        overrides,
    }
}

fn side_info(side: &Side<'_>) -> SideInfo {
    SideInfo {
        record: side.record.map(|r| r.id.clone()),
        revision: side.record.map(|r| r.revision),
        title: side.record.map(|r| r.title.clone()),
        status: side.record.map(|r| r.status),
        kb: side.kb.clone(),
    }
}

fn answer_changes(from: &Value, to: &Value) -> Vec<AnswerChange> {
    let empty = serde_json::Map::new();
    let before = a::inputs(from).unwrap_or(&empty);
    let after = a::inputs(to).unwrap_or(&empty);
    let mut keys: Vec<&String> = before.keys().collect();
    keys.extend(after.keys().filter(|k| !before.contains_key(*k)));
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| AnswerChange {
            input: k.clone(),
            from: before.get(k).cloned(),
            to: after.get(k).cloned(),
        })
        .collect()
}

/// The rule and facts behind a decision's recommendation.
pub fn why_of(decision: &Value) -> Option<Why> {
    let because = a::list(decision, "because").first()?;
    // A rule with a condition lists the comparisons that held; the default
    // rule lists those of the other rules that did not.
    let facts = a::list(because, "facts")
        .iter()
        .map(|f| {
            let value = f.get("value").map(render_value).unwrap_or_default();
            let held = f.get("met").and_then(Value::as_bool) != Some(false);
            let verb = if held { "" } else { " does not hold" };
            format!("{}{verb} ({value})", a::text(f, "condition"))
        })
        .collect();
    Some(Why {
        rule: a::text(because, "rule").to_owned(),
        text: a::one_line(a::text(because, "text")),
        facts,
    })
}

/// A JSON value in words: strings bare, lists joined.
pub fn render_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(render_value)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The recommendation of a decision, named.
pub fn recommendation_ref(decision: &Value) -> Option<OptionRef> {
    let r = decision.get("recommendation").filter(|r| r.is_object())?;
    Some(OptionRef {
        option: a::text(r, "option").to_owned(),
        title: a::text(r, "title").to_owned(),
    })
}

/// Recommendations that differ, in the later side's order, then decisions that disappeared.
pub fn recommendation_changes(from: &Value, to: &Value) -> Vec<RecommendationChange> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for after in a::decisions(to) {
        let id = a::text(after, "id");
        seen.insert(id);
        let before = a::decision(from, id);
        let was = before.and_then(recommendation_ref);
        let now = recommendation_ref(after);
        if was.as_ref().map(|o| &o.option) != now.as_ref().map(|o| &o.option) {
            out.push(RecommendationChange {
                decision: id.to_owned(),
                title: a::text(after, "title").to_owned(),
                from: was,
                to: now,
                why: why_of(after),
                was: before.and_then(why_of),
            });
        }
    }
    for before in a::decisions(from) {
        let id = a::text(before, "id");
        if !seen.contains(id) {
            out.push(RecommendationChange {
                decision: id.to_owned(),
                title: a::text(before, "title").to_owned(),
                from: recommendation_ref(before),
                to: None,
                why: None,
                was: why_of(before),
            });
        }
    }
    out
}

fn verdict_changes(from: &Value, to: &Value) -> Vec<VerdictChange> {
    let before: BTreeMap<&str, (&str, &str)> = a::verdicts(from)
        .into_iter()
        .map(|(id, title, verdict)| (id, (title, verdict)))
        .collect();
    let after: BTreeMap<&str, (&str, &str)> = a::verdicts(to)
        .into_iter()
        .map(|(id, title, verdict)| (id, (title, verdict)))
        .collect();
    let mut out = Vec::new();
    for (id, title, verdict) in a::verdicts(to) {
        let was = before.get(id).map(|(_, v)| *v);
        if was != Some(verdict) {
            out.push(VerdictChange {
                capability: id.to_owned(),
                title: title.to_owned(),
                from: was.map(str::to_owned),
                to: Some(verdict.to_owned()),
            });
        }
    }
    for (id, title, verdict) in a::verdicts(from) {
        if !after.contains_key(id) {
            out.push(VerdictChange {
                capability: id.to_owned(),
                title: title.to_owned(),
                from: Some(verdict.to_owned()),
                to: None,
            });
        }
    }
    out
}

/// A finding, named.
pub fn finding_ref(f: &Value) -> FindingRef {
    let opt = |k: &str| {
        Some(a::text(f, k))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    FindingRef {
        code: a::text(f, "code").to_owned(),
        severity: a::text(f, "severity").to_owned(),
        decision: a::text(f, "decision").to_owned(),
        option: opt("option"),
        tool: opt("tool"),
        message: a::one_line(a::text(f, "message")),
    }
}

/// Findings only in `to` (added) and only in `from` (removed).
pub fn finding_changes(from: &Value, to: &Value) -> (Vec<FindingRef>, Vec<FindingRef>) {
    let before: BTreeSet<_> = a::findings(from).iter().map(a::finding_key).collect();
    let after: BTreeSet<_> = a::findings(to).iter().map(a::finding_key).collect();
    let added = a::findings(to)
        .iter()
        .filter(|f| !before.contains(&a::finding_key(f)))
        .map(finding_ref)
        .collect();
    let removed = a::findings(from)
        .iter()
        .filter(|f| !after.contains(&a::finding_key(f)))
        .map(finding_ref)
        .collect();
    (added, removed)
}

fn question_ref(q: &Value) -> QuestionRef {
    QuestionRef {
        id: a::text(q, "id").to_owned(),
        text: a::one_line(a::text(q, "text")),
        decisions: a::strings(q, "decisions")
            .into_iter()
            .map(str::to_owned)
            .collect(),
    }
}

/// Blocking questions only in `to` (added) and only in `from` (removed).
pub fn question_changes(from: &Value, to: &Value) -> (Vec<QuestionRef>, Vec<QuestionRef>) {
    let ids = |v: &Value| -> BTreeSet<String> {
        a::blocking_questions(v)
            .iter()
            .map(|q| a::text(q, "id").to_owned())
            .collect()
    };
    let (before, after) = (ids(from), ids(to));
    let added = a::blocking_questions(to)
        .into_iter()
        .filter(|q| !before.contains(a::text(q, "id")))
        .map(question_ref)
        .collect();
    let removed = a::blocking_questions(from)
        .into_iter()
        .filter(|q| !after.contains(a::text(q, "id")))
        .map(question_ref)
        .collect();
    (added, removed)
}

fn override_changes(from: &[Override], to: &[Override]) -> Vec<OverrideChange> {
    let before: BTreeMap<&str, &str> = from
        .iter()
        .map(|o| (o.decision.as_str(), o.option.as_str()))
        .collect();
    let after: BTreeMap<&str, &str> = to
        .iter()
        .map(|o| (o.decision.as_str(), o.option.as_str()))
        .collect();
    let decisions: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    decisions
        .into_iter()
        .filter(|d| before.get(d) != after.get(d))
        .map(|d| OverrideChange {
            decision: d.to_owned(),
            from: before.get(d).map(|s| (*s).to_owned()),
            to: after.get(d).map(|s| (*s).to_owned()),
        })
        .collect()
}

/// The KB sections compared item by item, each item keyed by `id`.
const SECTIONS: [&str; 7] = [
    "inputs",
    "layer0",
    "decisions",
    "tradeoffs",
    "open_questions",
    "capabilities",
    "tools",
];

/// What changed between two KBs.
pub fn kb_diff(
    from: &KbIdentity,
    to: &KbIdentity,
    from_snapshot: Option<&Value>,
    to_snapshot: Option<&Value>,
) -> KbDiff {
    let changed = from.digest != to.digest;
    let (Some(before), Some(after)) = (from_snapshot, to_snapshot) else {
        return KbDiff {
            changed,
            compared: false,
            items: Vec::new(),
        };
    };
    let mut items = Vec::new();
    if changed {
        for section in SECTIONS {
            items.extend(section_changes(
                section,
                a::list(before, section),
                a::list(after, section),
            ));
        }
    }
    KbDiff {
        changed,
        compared: true,
        items,
    }
}

fn by_id(items: &[Value]) -> BTreeMap<&str, &Value> {
    items.iter().map(|i| (a::text(i, "id"), i)).collect()
}

fn section_changes(section: &str, before: &[Value], after: &[Value]) -> Vec<KbItemChange> {
    let (b, n) = (by_id(before), by_id(after));
    let mut out = Vec::new();
    for item in after {
        let id = a::text(item, "id");
        let change = match b.get(id) {
            None => KbItemChange {
                section: section.to_owned(),
                id: id.to_owned(),
                change: ItemChange::Added,
                details: Vec::new(),
            },
            Some(old) if *old != item => KbItemChange {
                section: section.to_owned(),
                id: id.to_owned(),
                change: ItemChange::Changed,
                details: item_details(section, old, item),
            },
            Some(_) => continue,
        };
        out.push(change);
    }
    for item in before {
        let id = a::text(item, "id");
        if !n.contains_key(id) {
            out.push(KbItemChange {
                section: section.to_owned(),
                id: id.to_owned(),
                change: ItemChange::Removed,
                details: Vec::new(),
            });
        }
    }
    out
}

/// What changed in one item, in words: tool facts spelled out, rules and
/// options named, other fields by key.
fn item_details(section: &str, old: &Value, new: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let keys: BTreeSet<&String> = old
        .as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .chain(new.as_object().into_iter().flat_map(|m| m.keys()))
        .collect();
    for key in keys {
        let (o, n) = (old.get(key), new.get(key));
        if o == n {
            continue;
        }
        match (section, key.as_str()) {
            ("tools", "lifecycle") => out.push(format!(
                "lifecycle: {} -> {}",
                lifecycle_words(o),
                lifecycle_words(n)
            )),
            ("tools", "licence") => out.push(format!(
                "licence: {} -> {}",
                licence_words(o),
                licence_words(n)
            )),
            ("decisions", "rules") | ("decisions", "options") => {
                let noun = if key == "rules" { "rule" } else { "option" };
                let empty = Vec::new();
                let before = o.and_then(Value::as_array).unwrap_or(&empty);
                let after = n.and_then(Value::as_array).unwrap_or(&empty);
                for c in section_changes(key, before, after) {
                    let verb = match c.change {
                        ItemChange::Added => "added",
                        ItemChange::Removed => "removed",
                        ItemChange::Changed => "changed",
                    };
                    out.push(format!("{noun} {} {verb}", c.id));
                }
            }
            _ => out.push(format!("{key} changed")),
        }
    }
    out
}

/// A lifecycle in words: `retired (since 2026-03)`.
pub fn lifecycle_words(lifecycle: Option<&Value>) -> String {
    match lifecycle {
        None | Some(Value::Null) => "unknown".into(),
        Some(l) => {
            let status = a::text(l, "status");
            match a::text(l, "since") {
                "" => status.to_owned(),
                since => format!("{status} (since {since})"),
            }
        }
    }
}

/// A licence in words: `BUSL-1.1 (source available)`.
pub fn licence_words(licence: Option<&Value>) -> String {
    match licence {
        None | Some(Value::Null) => "unknown".into(),
        Some(l) => format!(
            "{} ({})",
            a::text(l, "spdx"),
            a::text(l, "kind").replace('_', " ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kb(digest: &str) -> KbIdentity {
        KbIdentity {
            id: "kb".into(),
            version: "1".into(),
            digest: digest.into(),
            title: String::new(),
            source: crate::model::KbSource::BuiltIn,
            path: None,
            git: None,
        }
    }

    fn assessment(option: &str, blocking: bool, finding: bool) -> Value {
        json!({
            "profile": {"inputs": {"team_size": if option == "a" { 5 } else { 50 }}},
            "decisions": [{
                "id": "d", "title": "D",
                "recommendation": {"option": option, "title": option.to_uppercase()},
                "because": [{"rule": format!("d.{option}"), "text": "Because.", "facts": [
                    {"condition": "team_size > 10", "value": 50, "met": true}]}],
                "alternatives": []
            }],
            "layer2": [{"id": "mesh", "title": "Mesh", "verdict": if blocking { "later" } else { "now" }}],
            "open_questions": [{"id": "q1", "text": "Which?", "blocking": blocking, "decisions": ["d"]}],
            "findings": if finding { json!([{"code": "E0201", "severity": "error", "decision": "d", "option": "b", "tool": "t", "message": "retired"}]) } else { json!([]) }
        })
    }

    fn side<'a>(a: &'a Value, kb: &'a KbIdentity) -> Side<'a> {
        Side {
            record: None,
            assessment: a,
            kb,
            kb_snapshot: None,
            overrides: &[],
        }
    }

    #[test]
    fn identical_sides_are_the_same() {
        let (a, k) = (assessment("a", true, false), kb("x"));
        let d = diff(side(&a, &k), side(&a, &k));
        assert!(d.same, "{d:#?}");
    }

    #[test]
    fn every_kind_of_change_is_listed() {
        let (a, b) = (assessment("a", true, false), assessment("b", false, true));
        let (ka, kb2) = (kb("x"), kb("y"));
        let d = diff(side(&a, &ka), side(&b, &kb2));
        assert!(!d.same);
        assert_eq!(d.answers[0].input, "team_size");
        assert_eq!(
            (d.answers[0].from.clone(), d.answers[0].to.clone()),
            (Some(json!(5)), Some(json!(50)))
        );
        assert!(d.kb.changed && !d.kb.compared);
        let r = &d.recommendations[0];
        assert_eq!(
            (
                r.from.as_ref().unwrap().option.as_str(),
                r.to.as_ref().unwrap().option.as_str()
            ),
            ("a", "b")
        );
        assert_eq!(r.why.as_ref().unwrap().facts, ["team_size > 10 (50)"]);
        assert_eq!(d.layer2[0].to.as_deref(), Some("now"));
        assert_eq!(d.findings_added[0].code, "E0201");
        assert_eq!(d.blocking_removed[0].id, "q1");
        assert!(d.blocking_added.is_empty() && d.findings_removed.is_empty());
    }

    #[test]
    fn kb_snapshots_name_rules_and_tool_facts() {
        let before = json!({"tools": [{"id": "t", "lifecycle": {"status": "active"}, "licence": {"spdx": "MPL-2.0", "kind": "open_source"}}],
                            "decisions": [{"id": "d", "rules": [{"id": "d.a", "choose": "a"}], "options": [{"id": "a"}]}]});
        let after = json!({"tools": [{"id": "t", "lifecycle": {"status": "retired", "since": "2026-03"}, "licence": {"spdx": "BUSL-1.1", "kind": "source_available"}}],
                           "decisions": [{"id": "d", "rules": [{"id": "d.a", "choose": "b"}, {"id": "d.c", "choose": "a"}], "options": [{"id": "a"}]}],
                           "tradeoffs": [{"id": "x"}]});
        let d = kb_diff(&kb("1"), &kb("2"), Some(&before), Some(&after));
        assert!(d.compared);
        let find = |s: &str, id: &str| {
            d.items
                .iter()
                .find(|i| i.section == s && i.id == id)
                .unwrap()
        };
        assert_eq!(
            find("tools", "t").details,
            [
                "licence: MPL-2.0 (open source) -> BUSL-1.1 (source available)",
                "lifecycle: active -> retired (since 2026-03)"
            ]
        );
        assert_eq!(
            find("decisions", "d").details,
            ["rule d.a changed", "rule d.c added"]
        );
        assert_eq!(find("tradeoffs", "x").change, ItemChange::Added);
        assert!(kb_diff(&kb("1"), &kb("1"), Some(&before), Some(&after))
            .items
            .is_empty());
    }
}
