//! The questionnaire and the profile schema: both generated from the KB's inputs.
//!
//! Every question says which decisions and capabilities read it ("why we ask"),
//! found through the compiled conditions, so a question that only matters
//! through a derived fact (e.g. `compliance_requirements` via
//! `audit_trail_required`) or through the derived default of another input
//! (e.g. `team_maturity` via `database_ha_expertise`) still names what it
//! influences. (Exactly which answers can change which outcome is `kompas kb
//! influence`.)

use kompas_kb::{Input, InputType, Kb, Text};
use kompas_logic::{Compiled, Pred};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::output::KbRef;
use crate::profile::expected_for;

/// The questions of a KB, grouped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Questionnaire {
    /// The KB.
    pub kb: KbRef<'static>,
    /// Groups in KB order; inputs without a (known) group come last, under `other`.
    pub groups: Vec<QuestionGroup>,
    /// The answer "I don't know", accepted for every question.
    pub unknown: UnknownChoice,
    /// The derived facts that have statements of their values, so reasons that
    /// cite a fact can say it in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactStatements>,
}

/// A derived fact and what each of its values says about the organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FactStatements {
    /// The fact's id, as `input` of the assessment's facts.
    pub id: String,
    /// What the fact means.
    pub description: LocalText,
    /// A statement per value: `true` and `false`, or one per enum value.
    pub states: std::collections::BTreeMap<String, LocalText>,
}

/// The statements of answers (`states` in the KB), as the questionnaire shows them.
fn statements(
    states: &std::collections::BTreeMap<String, Text>,
) -> std::collections::BTreeMap<String, LocalText> {
    states
        .iter()
        .map(|(k, v)| (k.clone(), LocalText::of(v)))
        .collect()
}

/// The answer a person gives when they do not know: accepted for every input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnknownChoice {
    /// The value to send in a profile (and a URL): `unknown`.
    pub value: String,
    /// How to offer it.
    pub label: LocalText,
    /// What it does.
    pub help: LocalText,
}

impl UnknownChoice {
    fn new() -> UnknownChoice {
        UnknownChoice {
            value: crate::profile::UNKNOWN.to_owned(),
            label: LocalText {
                en: "Don't know".into(),
                nl: Some("Weet ik niet".into()),
            },
            help: LocalText {
                en: "kompas then shows every option your answer could lead to, and what answering would settle.".into(),
                nl: Some("kompas laat dan elke optie zien waartoe je antwoord kan leiden, en wat een antwoord zou vastleggen.".into()),
            },
        }
    }
}

/// A text in English and, when the KB has it, Dutch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LocalText {
    /// English.
    pub en: String,
    /// Dutch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nl: Option<String>,
}

impl LocalText {
    fn of(text: &Text) -> LocalText {
        LocalText {
            en: text.en().to_owned(),
            nl: match text {
                Text::Plain(_) => None,
                Text::Localized(map) => map.get("nl").cloned(),
            },
        }
    }
}

/// A group of questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionGroup {
    /// Group id.
    pub id: String,
    /// Heading.
    pub title: LocalText,
    /// One line under the heading.
    pub help: Option<LocalText>,
    /// The questions.
    pub inputs: Vec<Question>,
}

/// One question: an input of the KB.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Question {
    /// Input id: the key in a profile.
    pub id: String,
    /// Value type.
    #[serde(rename = "type")]
    pub kind: InputType,
    /// The question.
    pub question: LocalText,
    /// How to answer.
    pub help: Option<LocalText>,
    /// What is accepted, in words.
    pub expected: String,
    /// Allowed values (enum and set inputs).
    pub values: Vec<ValueChoice>,
    /// Smallest number (integer inputs).
    pub min: Option<i64>,
    /// Largest number (integer inputs).
    pub max: Option<i64>,
    /// Unit (integer inputs).
    pub unit: Option<LocalText>,
    /// Strings accepted for an integer, and the number each stands for.
    pub aliases: Vec<AliasChoice>,
    /// The answer used when the profile leaves it out. For a derived default
    /// (`default_from`), its value when every other answer is left out too.
    pub default: Value,
    /// Set when the default follows the other answers: the derived fact it is
    /// computed from. The assessment's `answers` give its value for a profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_from: Option<DefaultFromView>,
    /// Why we ask: what reads this answer.
    pub influences: Influences,
    /// Enum inputs: whether the values are in their natural order (neighbouring
    /// values are one step apart; a change of one step can be a close call).
    #[serde(default)]
    pub ordered: bool,
    /// The KB's open question this input answers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_question: Option<String>,
    /// What each answer says about the organisation, as a sentence people read
    /// in the reasons ("the team has no Calico expertise"): keys `true` and
    /// `false`, each value of an enum or set, or `n` for a number, where `{n}`
    /// stands for the number.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub states: std::collections::BTreeMap<String, LocalText>,
}

/// A derived default: the fact it is computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DefaultFromView {
    /// Derived fact id.
    pub fact: String,
    /// What the fact means.
    pub description: LocalText,
    /// The inputs it reads.
    pub inputs: Vec<String>,
}

/// An allowed value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ValueChoice {
    /// The value as written in profiles.
    pub id: String,
    /// Label (the id when the KB gives none).
    pub label: LocalText,
    /// Explanation.
    pub help: Option<LocalText>,
    /// Means "none of the others" (set inputs).
    pub exclusive: bool,
}

/// A string accepted for an integer input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AliasChoice {
    /// The string.
    pub alias: String,
    /// The number it stands for.
    pub value: i64,
    /// Why that number.
    pub note: Option<String>,
}

/// What an answer influences.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Influences {
    /// Layer 1 decision ids whose rules read it.
    pub decisions: Vec<String>,
    /// Layer 2 capability ids whose conditions or tool choices read it.
    pub capabilities: Vec<String>,
}

fn reads(pred: &Pred, var: usize) -> bool {
    let mut found = false;
    pred.for_each_var(&mut |v| found |= v == var);
    found
}

/// Whether `var` reaches one of `vars` through derived defaults: some input
/// read there follows a fact that reads `var` (when the profile leaves it out).
fn through_defaults(compiled: &Compiled, vars: &[usize], var: usize) -> bool {
    let mut seen: Vec<usize> = vars.to_vec();
    let mut i = 0;
    while i < seen.len() {
        if let Some(dd) = compiled.derived_default(seen[i]) {
            for &r in &dd.reads {
                if r == var {
                    return true;
                }
                if !seen.contains(&r) {
                    seen.push(r);
                }
            }
        }
        i += 1;
    }
    false
}

/// The questionnaire of a KB.
pub(crate) fn questionnaire(kb: &Kb, compiled: &Compiled, kb_ref: KbRef<'static>) -> Questionnaire {
    let question = |input: &Input| -> Question {
        let var = compiled.var_index.get(&input.id).copied();
        let mut influences = Influences::default();
        if let Some(var) = var {
            for cd in &compiled.decisions {
                if cd.vars.contains(&var) || through_defaults(compiled, &cd.vars, var) {
                    influences.decisions.push(kb.decisions[cd.index].id.clone());
                }
            }
            for cc in &compiled.capabilities {
                let named = cc
                    .triggers
                    .iter()
                    .chain(&cc.skip_if)
                    .chain(&cc.now_if)
                    .chain(&cc.later_if);
                let any = named
                    .filter_map(|n| n.pred.as_ref())
                    .chain(cc.tools.iter().flatten())
                    .any(|p| {
                        let mut vars = Vec::new();
                        p.for_each_var(&mut |v| vars.push(v));
                        reads(p, var) || through_defaults(compiled, &vars, var)
                    });
                if any {
                    influences
                        .capabilities
                        .push(kb.capabilities[cc.index].id.clone());
                }
            }
        }
        Question {
            id: input.id.clone(),
            kind: input.kind,
            question: LocalText::of(&input.question),
            help: input.help.as_ref().map(LocalText::of),
            expected: expected_for(input),
            values: input
                .values
                .iter()
                .map(|v| ValueChoice {
                    id: v.id.clone(),
                    label: v.label.as_ref().map_or_else(
                        || LocalText {
                            en: v.id.clone(),
                            nl: None,
                        },
                        LocalText::of,
                    ),
                    help: v.help.as_ref().map(LocalText::of),
                    exclusive: v.exclusive,
                })
                .collect(),
            min: input.min,
            max: input.max,
            unit: input.unit.as_ref().map(LocalText::of),
            aliases: input
                .aliases
                .iter()
                .map(|a| AliasChoice {
                    alias: a.alias.clone(),
                    value: a.value,
                    note: a.note.clone(),
                })
                .collect(),
            default: match (input.default.value(), var) {
                (Some(v), _) => v.clone(),
                (None, Some(var)) => compiled.vars[var].decode(compiled.defaults[var]),
                (None, None) => Value::Null,
            },
            default_from: var
                .and_then(|v| compiled.derived_default(v))
                .map(|dd| DefaultFromView {
                    fact: kb.derived[dd.fact].id.clone(),
                    description: LocalText::of(&kb.derived[dd.fact].description),
                    inputs: dd
                        .reads
                        .iter()
                        .map(|v| compiled.vars[*v].id.clone())
                        .collect(),
                }),
            influences,
            ordered: input.kind == InputType::Enum && input.ordered,
            answers_question: input.answers_question.clone(),
            states: statements(&input.states),
        }
    };
    let mut groups: Vec<QuestionGroup> = kb
        .input_groups
        .iter()
        .map(|g| QuestionGroup {
            id: g.id.clone(),
            title: LocalText::of(&g.title),
            help: g.help.as_ref().map(LocalText::of),
            inputs: kb
                .inputs
                .iter()
                .filter(|i| i.group.as_deref() == Some(g.id.as_str()))
                .map(question)
                .collect(),
        })
        .collect();
    let other: Vec<Question> = kb
        .inputs
        .iter()
        .filter(|i| {
            !i.group
                .as_ref()
                .is_some_and(|g| kb.input_groups.iter().any(|x| &x.id == g))
        })
        .map(question)
        .collect();
    if !other.is_empty() {
        groups.push(QuestionGroup {
            id: "other".into(),
            title: LocalText {
                en: "Other".into(),
                nl: Some("Overig".into()),
            },
            help: None,
            inputs: other,
        });
    }
    Questionnaire {
        kb: kb_ref,
        groups,
        unknown: UnknownChoice::new(),
        facts: kb
            .derived
            .iter()
            .filter(|f| !f.states.is_empty())
            .map(|f| FactStatements {
                id: f.id.clone(),
                description: LocalText::of(&f.description),
                states: statements(&f.states),
            })
            .collect(),
    }
}

/// The JSON Schema (2020-12) of a profile of this KB.
pub fn profile_schema(kb: &Kb) -> Value {
    let mut properties = Map::new();
    for input in &kb.inputs {
        let mut description = input.question.en().to_owned();
        if let Some(help) = &input.help {
            description.push_str("\n\n");
            description.push_str(help.en());
        }
        let schema = match input.kind {
            InputType::Enum => json!({
                "type": "string",
                "enum": input.values.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
            }),
            InputType::Bool => json!({"type": "boolean"}),
            InputType::Set => {
                let mut s = json!({
                    "type": "array",
                    "items": {"enum": input.values.iter().map(|v| v.id.as_str()).collect::<Vec<_>>()},
                    "uniqueItems": true,
                });
                let exclusive: Vec<&str> = input
                    .values
                    .iter()
                    .filter(|v| v.exclusive)
                    .map(|v| v.id.as_str())
                    .collect();
                if !exclusive.is_empty() {
                    // An exclusive value ("none") stands alone.
                    s["allOf"] = Value::Array(
                        exclusive
                            .iter()
                            .map(|x| json!({"if": {"contains": {"const": x}}, "then": {"maxItems": 1}}))
                            .collect(),
                    );
                }
                s
            }
            InputType::Integer => {
                let mut number = json!({"type": "integer"});
                if let Some(min) = input.min {
                    number["minimum"] = json!(min);
                }
                if let Some(max) = input.max {
                    number["maximum"] = json!(max);
                }
                if input.aliases.is_empty() {
                    number
                } else {
                    json!({"anyOf": [
                        number,
                        {
                            "type": "string",
                            "enum": input.aliases.iter().map(|a| a.alias.as_str()).collect::<Vec<_>>(),
                            "description": input.aliases.iter().map(|a| format!("\"{}\" = {}", a.alias, a.value)).collect::<Vec<_>>().join(", "),
                        }
                    ]})
                }
            }
        };
        // `unknown` is an answer to every question: "I don't know".
        let mut schema = json!({
            "anyOf": [
                schema,
                {
                    "const": crate::profile::UNKNOWN,
                    "description": "I don't know: kompas shows every option the answers could lead to.",
                }
            ]
        });
        schema["title"] = json!(input.id);
        match (&input.default.value(), input.default.from_fact()) {
            (Some(v), _) => schema["default"] = (*v).clone(),
            (None, Some(fact)) => description.push_str(&format!(
                "\n\nLeft out, it follows the other answers (the derived fact `{fact}`)."
            )),
            (None, None) => {}
        }
        schema["description"] = json!(description);
        properties.insert(input.id.clone(), schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("kompas profile for the knowledge base `{}` {}", kb.meta.id, kb.meta.version),
        "description": "The answers of one organisation. Every key is optional; inputs left out take their default (an assumption the assessment names). `unknown` is accepted for every input: the assessment then shows what it could change.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}
