//! Drift review: re-assess an accepted record with the KB being served and say
//! what changed since it was signed: a recommendation, a finding (a tool
//! retired, a licence changed), a blocking question, or a fact about the tool
//! the team chose.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use kompas_engine::{AssessOptions, Engine, Lang};

use crate::assessment::{self as a};
use crate::diff::{self, FindingRef, OptionRef, QuestionRef, Why};
use crate::model::{KbIdentity, Record, Stamp};
use crate::status::Status;

/// The result of reviewing every accepted record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DriftReview {
    /// The KB the records were re-assessed with.
    pub kb: KbIdentity,
    /// The date facts were judged against.
    pub today: String,
    /// How many accepted records were reviewed.
    pub reviewed: usize,
    /// Those that drifted, with what changed.
    pub drifted: Vec<RecordDrift>,
}

/// One accepted record that drifted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordDrift {
    /// Record id.
    pub record: String,
    /// Its title.
    pub title: String,
    /// Its revision.
    pub revision: u32,
    /// When and by whom it was accepted.
    pub accepted: Option<Stamp>,
    /// The KB it was accepted with.
    pub kb_then: KbIdentity,
    /// What changed since.
    pub changes: Vec<DriftChange>,
}

/// One thing that changed since a record was accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DriftChange {
    /// The KB now recommends something else for the same answers.
    RecommendationChanged {
        /// Decision id.
        decision: String,
        /// Its title.
        title: String,
        /// The recommendation when accepted.
        from: Option<OptionRef>,
        /// The recommendation now.
        to: Option<OptionRef>,
        /// The team's own choice, when they overrode the recommendation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        chosen: Option<String>,
        /// Why the KB recommends it now.
        why: Option<Why>,
    },
    /// A finding the engine reports now and did not then.
    FindingAdded {
        /// The finding.
        finding: FindingRef,
    },
    /// A finding reported then and no longer.
    FindingRemoved {
        /// The finding.
        finding: FindingRef,
    },
    /// A question that blocks now and did not then.
    BlockingQuestionAdded {
        /// The question.
        question: QuestionRef,
    },
    /// A question that blocked then and no longer does.
    BlockingQuestionRemoved {
        /// The question.
        question: QuestionRef,
    },
    /// A tool of the option the team went with is now deprecated, retired or in maintenance only.
    ToolLifecycle {
        /// Decision id.
        decision: String,
        /// The option the team went with.
        option: String,
        /// Tool id.
        tool: String,
        /// The tool's name.
        name: String,
        /// Its lifecycle now, in words (`retired (since 2026-03)`).
        now: String,
        /// Its lifecycle then, when known.
        then: Option<String>,
        /// The tools that succeed it.
        successors: Vec<String>,
    },
    /// The licence of a tool of the option the team went with changed.
    ToolLicence {
        /// Decision id.
        decision: String,
        /// The option the team went with.
        option: String,
        /// Tool id.
        tool: String,
        /// The tool's name.
        name: String,
        /// The licence now, in words.
        now: String,
        /// The licence then.
        then: String,
    },
    /// The option the team went with is no longer in the KB.
    OptionRemoved {
        /// Decision id.
        decision: String,
        /// Option id.
        option: String,
    },
    /// The record's answers no longer fit the KB (an input was removed or changed).
    AnswersInvalid {
        /// Every problem.
        problems: Vec<String>,
    },
}

/// Re-assesses `record` with `engine` (the KB being served, whose identity is
/// `served`); `then` is the snapshot of the KB the record was made with, when
/// the store has it. `None` when nothing changed.
pub fn review(
    record: &Record,
    engine: &Engine,
    served: &KbIdentity,
    served_snapshot: &Value,
    then: Option<&Value>,
    today: &str,
) -> Option<RecordDrift> {
    let mut changes = Vec::new();
    match engine.profile_from_value(&record.profile.answers) {
        Err(error) => changes.push(DriftChange::AnswersInvalid {
            problems: error
                .problems
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect(),
        }),
        Ok(profile) => {
            let now = engine.assess_with(
                &profile,
                AssessOptions {
                    lang: Lang::En,
                    flips: false,
                },
            );
            let now = serde_json::to_value(&now).expect("an assessment serialises");
            assessment_changes(record, &now, &mut changes);
        }
    }
    if served.digest != record.kb.digest {
        choice_tool_changes(record, served_snapshot, then, today, &mut changes);
    }
    (!changes.is_empty()).then(|| RecordDrift {
        record: record.id.clone(),
        title: record.title.clone(),
        revision: record.revision,
        accepted: record.accepted.clone(),
        kb_then: record.kb.clone(),
        changes,
    })
}

/// Reviews every accepted record of `records` (others are skipped).
pub fn review_all<'r>(
    records: impl IntoIterator<Item = (&'r Record, Option<&'r Value>)>,
    engine: &Engine,
    served: &KbIdentity,
    today: &str,
) -> DriftReview {
    let served_snapshot = crate::identity::kb_snapshot(engine.kb());
    let mut reviewed = 0;
    let mut drifted = Vec::new();
    for (record, then) in records {
        if record.status != Status::Accepted {
            continue;
        }
        reviewed += 1;
        if let Some(d) = review(record, engine, served, &served_snapshot, then, today) {
            drifted.push(d);
        }
    }
    DriftReview {
        kb: served.clone(),
        today: today.to_owned(),
        reviewed,
        drifted,
    }
}

fn assessment_changes(record: &Record, now: &Value, out: &mut Vec<DriftChange>) {
    for change in diff::recommendation_changes(&record.assessment, now) {
        out.push(DriftChange::RecommendationChanged {
            chosen: record
                .override_of(&change.decision)
                .map(|o| o.option.clone()),
            decision: change.decision,
            title: change.title,
            from: change.from,
            to: change.to,
            why: change.why,
        });
    }
    let (added, removed) = diff::finding_changes(&record.assessment, now);
    out.extend(
        added
            .into_iter()
            .map(|finding| DriftChange::FindingAdded { finding }),
    );
    out.extend(
        removed
            .into_iter()
            .map(|finding| DriftChange::FindingRemoved { finding }),
    );
    let (added, removed) = diff::question_changes(&record.assessment, now);
    out.extend(
        added
            .into_iter()
            .map(|question| DriftChange::BlockingQuestionAdded { question }),
    );
    out.extend(
        removed
            .into_iter()
            .map(|question| DriftChange::BlockingQuestionRemoved { question }),
    );
}

/// Facts about the tools of the options the team went with (the override, or
/// else the recommendation), now against then.
fn choice_tool_changes(
    record: &Record,
    served: &Value,
    then: Option<&Value>,
    today: &str,
    out: &mut Vec<DriftChange>,
) {
    let tool_in = |kb: &Value, id: &str| -> Option<Value> {
        a::list(kb, "tools")
            .iter()
            .find(|t| a::text(t, "id") == id)
            .cloned()
    };
    for decision in a::decisions(&record.assessment) {
        let id = a::text(decision, "id");
        let chosen = record
            .override_of(id)
            .map(|o| o.option.as_str())
            .or_else(|| a::recommended(decision));
        let Some(chosen) = chosen else { continue };
        let Some(option) = a::option(decision, chosen) else {
            continue;
        };
        if let Some(current) = a::list(served, "decisions")
            .iter()
            .find(|d| a::text(d, "id") == id)
        {
            let exists = a::list(current, "options")
                .iter()
                .any(|o| a::text(o, "id") == chosen);
            if !exists {
                out.push(DriftChange::OptionRemoved {
                    decision: id.to_owned(),
                    option: chosen.to_owned(),
                });
                continue;
            }
        }
        for tool in option.tools() {
            let Some(now) = tool_in(served, tool) else {
                continue;
            };
            let before = then.and_then(|kb| tool_in(kb, tool));
            let name = a::text(&now, "name").to_owned();
            let lifecycle = now.get("lifecycle");
            let status = lifecycle.map(|l| a::text(l, "status")).unwrap_or("active");
            let was = before.as_ref().and_then(|b| b.get("lifecycle"));
            let in_effect = lifecycle
                .map(|l| a::text(l, "since"))
                .is_none_or(|since| since.is_empty() || since <= today);
            let facts = |l: Option<&Value>| {
                l.map(|l| {
                    (
                        a::text(l, "status").to_owned(),
                        a::text(l, "since").to_owned(),
                    )
                })
            };
            if status != "active" && in_effect && facts(was) != facts(lifecycle) {
                out.push(DriftChange::ToolLifecycle {
                    decision: id.to_owned(),
                    option: chosen.to_owned(),
                    tool: tool.to_owned(),
                    name: name.clone(),
                    now: diff::lifecycle_words(lifecycle),
                    then: was.map(|w| diff::lifecycle_words(Some(w))),
                    successors: lifecycle
                        .map(|l| a::strings(l, "successors"))
                        .unwrap_or_default()
                        .into_iter()
                        .map(str::to_owned)
                        .collect(),
                });
            }
            let licence = now.get("licence");
            let licence_then = before.as_ref().and_then(|b| b.get("licence"));
            let key = |l: Option<&Value>| {
                l.map(|l| (a::text(l, "spdx").to_owned(), a::text(l, "kind").to_owned()))
            };
            if licence_then.is_some() && key(licence) != key(licence_then) {
                out.push(DriftChange::ToolLicence {
                    decision: id.to_owned(),
                    option: chosen.to_owned(),
                    tool: tool.to_owned(),
                    name,
                    now: diff::licence_words(licence),
                    then: diff::licence_words(licence_then),
                });
            }
        }
    }
}

/// A drift change in one line of plain words.
pub fn describe(change: &DriftChange) -> String {
    let opt = |o: &Option<OptionRef>| {
        o.as_ref()
            .map(|o| {
                if o.title.is_empty() {
                    o.option.clone()
                } else {
                    o.title.clone()
                }
            })
            .unwrap_or_else(|| "no recommendation".into())
    };
    match change {
        DriftChange::RecommendationChanged {
            title,
            from,
            to,
            chosen,
            why,
            ..
        } => {
            let mut s = format!(
                "{title}: the recommendation changed from {} to {}",
                opt(from),
                opt(to)
            );
            if let Some(why) = why {
                s.push_str(&format!(" ({})", why.text));
            }
            if let Some(chosen) = chosen {
                s.push_str(&format!("; the team chose {chosen}"));
            }
            s
        }
        DriftChange::FindingAdded { finding } => {
            format!(
                "new finding {} ({}): {}",
                finding.code, finding.severity, finding.message
            )
        }
        DriftChange::FindingRemoved { finding } => {
            format!(
                "finding {} no longer applies: {}",
                finding.code, finding.message
            )
        }
        DriftChange::BlockingQuestionAdded { question } => {
            format!("new blocking question {}: {}", question.id, question.text)
        }
        DriftChange::BlockingQuestionRemoved { question } => {
            format!(
                "question {} no longer blocks: {}",
                question.id, question.text
            )
        }
        DriftChange::ToolLifecycle {
            decision,
            option,
            name,
            now,
            then,
            successors,
            ..
        } => {
            let mut s = format!("{decision}: {name} (the tool of {option}) is now {now}");
            if let Some(then) = then {
                s.push_str(&format!(", was {then}"));
            }
            if !successors.is_empty() {
                s.push_str(&format!("; successors: {}", successors.join(", ")));
            }
            s
        }
        DriftChange::ToolLicence {
            decision,
            option,
            name,
            now,
            then,
            ..
        } => format!(
            "{decision}: the licence of {name} (the tool of {option}) changed from {then} to {now}"
        ),
        DriftChange::OptionRemoved { decision, option } => {
            format!("{decision}: the option {option} is no longer in the knowledge base")
        }
        DriftChange::AnswersInvalid { problems } => format!(
            "the answers no longer fit the knowledge base: {}",
            problems.join("; ")
        ),
    }
}
