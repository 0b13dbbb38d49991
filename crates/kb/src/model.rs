//! The knowledge-base model: the typed form of the YAML files.
//!
//! These types *are* the format. `kompas schema kb` is generated from them,
//! the loader deserialises into them, and every later stage (check, compile,
//! assess, render) reads only them. Every list item carries an [`Origin`] so
//! a finding can point at `file:line:col`.
//!
//! A knowledge base is a directory of YAML files. Each file is a [`KbFile`]:
//! every section is optional and the loader concatenates the sections of all
//! files (sorted by path), so a team can split the KB however it likes.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a model node came from: the file (an index into [`crate::Kb::files`])
/// and the JSON pointer of the node inside that file.
///
/// Resolved to `line:col` through [`crate::SourceMap`] only when a message
/// needs it, so the model stays cheap to build and to clone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Origin {
    /// Index of the file in [`crate::Kb::files`].
    pub file: usize,
    /// JSON pointer (RFC 6901) of the node inside the file, e.g. `/decisions/0/rules/2`.
    pub pointer: String,
}

impl Origin {
    /// The origin of a child node: `key` appended to this pointer.
    pub fn child(&self, key: impl std::fmt::Display) -> Origin {
        let key = key.to_string().replace('~', "~0").replace('/', "~1");
        Origin {
            file: self.file,
            pointer: format!("{}/{}", self.pointer, key),
        }
    }
}

/// Text that may be given once, or per language (`en`, `nl`).
///
/// ```yaml
/// question: How many people build and run the platform?
/// question: {en: How many people ...?, nl: Hoeveel mensen ...?}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Text {
    /// One text for every language.
    Plain(String),
    /// A text per language code; `en` is the fallback.
    Localized(BTreeMap<String, String>),
}

/// The language codes a localized text may use.
pub const LANGUAGES: &[&str] = &["en", "nl"];

impl<'de> Deserialize<'de> for Text {
    /// A string, or a map whose keys are all known languages. An unknown key is an
    /// error: `- Note: see below` in YAML is a one-key mapping, not a string, and
    /// would otherwise lose its text silently.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Plain(String),
            Localized(BTreeMap<String, String>),
        }
        match Raw::deserialize(deserializer) {
            Ok(Raw::Plain(s)) => Ok(Text::Plain(s)),
            Ok(Raw::Localized(map)) => {
                if let Some(key) = map.keys().find(|k| !LANGUAGES.contains(&k.as_str())) {
                    return Err(D::Error::custom(format!(
                        "`{key}` is not a language code; a text is a string or a mapping of {} to strings (quote a string that contains `: `)",
                        LANGUAGES.join(", ")
                    )));
                }
                Ok(Text::Localized(map))
            }
            Err(_) => Err(D::Error::custom(format!(
                "expected a text: a string, or a mapping of {} to strings",
                LANGUAGES.join(", ")
            ))),
        }
    }
}

impl Text {
    /// The text in `lang`, falling back to English, then to any language.
    pub fn get(&self, lang: &str) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(map) => map
                .get(lang)
                .or_else(|| map.get("en"))
                .or_else(|| map.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }

    /// The English text.
    pub fn en(&self) -> &str {
        self.get("en")
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(String::new())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_owned())
    }
}

/// A scalar value in a condition or a default: a boolean, an integer or a string.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(untagged)]
pub enum Scalar {
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A string (an enum value, a set member, an alias such as `"5-10"`).
    Str(String),
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Str(s) => write!(f, "{s}"),
        }
    }
}

/// A source reference: where a fact or a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// Human title, e.g. `seed 000 §12` or `Kubernetes blog: ingress-nginx retirement`.
    pub title: String,
    /// A URL, when the source is public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The date the fact was checked (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

// ---------------------------------------------------------------------------
// Files and metadata
// ---------------------------------------------------------------------------

/// One YAML file of a knowledge base. All sections are optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KbFile {
    /// Identity of the knowledge base; exactly one file of a KB has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb: Option<KbMeta>,
    /// Groups that order the questionnaire.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub input_groups: Vec<InputGroup>,
    /// The profile variables (the questionnaire).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Input>,
    /// Facts computed from inputs (e.g. `audit_trail_required` from compliance).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived: Vec<Derived>,
    /// Layer 0: requirements, principles, constraints, non-goals, risks, goals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layer0: Vec<Layer0Item>,
    /// Layer 1 decisions, one per capability area.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Areas that group and order the decisions for readers (platform,
    /// delivery, security, data, observability).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
    /// Conflicts between Layer 0 items and how they are resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tradeoffs: Vec<Tradeoff>,
    /// Open questions that still affect (and may block) decisions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_questions: Vec<OpenQuestion>,
    /// Layer 2 capabilities: do it now, later, or skip.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<Capability>,
    /// Facts about tools: licence, governance, lifecycle, with sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<Tool>,
    /// Reference material: responsibility model, checklists, tables, rules, outlook.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guidance: Vec<Guidance>,
    /// What goes together and what excludes what, across decisions and capabilities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consistency: Vec<ConsistencyRule>,
}

/// Identity and description of a knowledge base.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KbMeta {
    /// Stable id, e.g. `webshop`.
    pub id: String,
    /// Version of the KB content (semver or a date).
    pub version: String,
    /// Title shown to people.
    pub title: Text,
    /// What the KB covers and for whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// The documents this KB transcribes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    /// What the KB's reference case is called in sentences, e.g.
    /// `{en: the webshop case, nl: de webshopcase}`: the options marked
    /// `case_choice` are the choices of that case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Text>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

/// A group of questions in the questionnaire.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InputGroup {
    /// Stable id, referenced by [`Input::group`].
    pub id: String,
    /// Heading.
    pub title: Text,
    /// One line under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// An area of the platform: a heading under which readers find its decisions
/// (the summary, the reports), in the order listed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Stable id, e.g. `platform`.
    pub id: String,
    /// Heading.
    pub title: Text,
    /// One line under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// The decisions of this area, in reading order.
    pub decisions: Vec<String>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// The type of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InputType {
    /// One value out of `values`.
    Enum,
    /// Any subset of `values` (a list in the profile).
    Set,
    /// A whole number, optionally within `min`..=`max`, optionally given by an alias.
    Integer,
    /// `true` or `false`.
    Bool,
}

/// One allowed value of an enum or set input.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InputValue {
    /// The value as written in profiles and conditions.
    pub id: String,
    /// Label in the questionnaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    /// Explanation of the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// For set inputs: choosing this value means "none of the others"
    /// (e.g. `none` in `compliance_requirements`); it is dropped when normalising.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
}

/// A string that a profile may give for an integer input, and the number it stands for
/// (e.g. the seed's service-count bucket `"5-10"`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntegerAlias {
    /// The string accepted in a profile.
    pub alias: String,
    /// The number it normalises to.
    pub value: i64,
    /// Why that number represents the alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A profile variable: one question of the questionnaire.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Stable id; the key in profiles (lower_snake_case).
    pub id: String,
    /// The value type.
    #[serde(rename = "type")]
    pub kind: InputType,
    /// The question as asked.
    pub question: Text,
    /// Why it is asked and how to answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// What each answer says about the organisation, as a statement people
    /// read in the reasons for a choice ("the team has no Calico expertise"):
    /// a bool input has `true` and `false`; an enum input one per value; a set
    /// input one per member (its exclusive value, e.g. `none`, included); an
    /// integer input one template, `n`, where `{n}` stands for the number
    /// ("{n} people build and run the platform").
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub states: std::collections::BTreeMap<String, Text>,
    /// Id of an [`InputGroup`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Allowed values (enum and set inputs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<InputValue>,
    /// Smallest allowed number (integer inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    /// Largest allowed number (integer inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    /// Unit shown after the number (integer inputs), e.g. `hours`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text>,
    /// Strings accepted for an integer input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<IntegerAlias>,
    /// Enum inputs: the values are listed in their natural order (`none`,
    /// `basic`, `expert`; `low`, `medium`, `high`), so neighbouring values are
    /// one step apart. A recommendation that changes with a one-step change of
    /// such an answer is flagged as a close call (integers are always ordered).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ordered: bool,
    /// The id of the open question (in `open_questions`) this input answers,
    /// e.g. `q26`. When a person does not know the answer and that blocks a
    /// decision, the assessment marks that question blocking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_question: Option<String>,
    /// The value when the profile leaves the input out: a value of the input's
    /// type, or `{from: FACT}` to compute it from the rest of the profile. Required.
    pub default: InputDefault,
    /// Where the input comes from (e.g. `seed 000 §15`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// The default of an input: a fixed value, or a derived fact computed from the
/// rest of the profile.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum InputDefault {
    /// `default: {from: FACT}`: when the profile leaves the input out, its value
    /// is the derived fact `FACT` computed on the other answers (a bool fact for a
    /// bool input, an enum fact with the same values for an enum input).
    From(DefaultFrom),
    /// A fixed value of the input's type.
    Value(serde_json::Value),
}

/// `{from: FACT}`: see [`InputDefault::From`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DefaultFrom {
    /// The derived fact whose value is the default.
    pub from: String,
}

impl<'de> Deserialize<'de> for InputDefault {
    /// `{from: FACT}` (a mapping with the one key `from` holding a string) is a
    /// derived default; anything else is a value, checked against the input's type.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        match &value {
            serde_json::Value::Object(map) if map.len() == 1 => match map.get("from") {
                Some(serde_json::Value::String(fact)) => {
                    Ok(InputDefault::From(DefaultFrom { from: fact.clone() }))
                }
                _ => Ok(InputDefault::Value(value)),
            },
            _ => Ok(InputDefault::Value(value)),
        }
    }
}

impl InputDefault {
    /// The fixed value, when the default is one.
    pub fn value(&self) -> Option<&serde_json::Value> {
        match self {
            InputDefault::Value(v) => Some(v),
            InputDefault::From(_) => None,
        }
    }

    /// The derived fact, when the default is computed.
    pub fn from_fact(&self) -> Option<&str> {
        match self {
            InputDefault::From(f) => Some(&f.from),
            InputDefault::Value(_) => None,
        }
    }
}

impl From<serde_json::Value> for InputDefault {
    fn from(v: serde_json::Value) -> Self {
        InputDefault::Value(v)
    }
}

impl std::fmt::Display for InputDefault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputDefault::Value(v) => write!(f, "{v}"),
            InputDefault::From(d) => write!(f, "{{from: {}}}", d.from),
        }
    }
}

/// A value of an enum-valued derived fact: a bare id, or an id with a label.
///
/// ```yaml
/// values: [low, medium, high]
/// values: [{id: low, label: {en: Low, nl: Laag}}, ...]
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FactValue {
    /// The value as written in conditions and cases.
    pub id: String,
    /// Label shown to people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
}

impl<'de> Deserialize<'de> for FactValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            id: String,
            #[serde(default)]
            label: Option<Text>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Id(String),
            Full(Full),
        }
        match Raw::deserialize(deserializer) {
            Ok(Raw::Id(id)) => Ok(FactValue { id, label: None }),
            Ok(Raw::Full(f)) => Ok(FactValue {
                id: f.id,
                label: f.label,
            }),
            Err(_) => Err(D::Error::custom(
                "expected a value: an id, or a mapping with `id` and an optional `label`",
            )),
        }
    }
}

/// One case of an enum-valued derived fact: the value when `when` holds (and no
/// earlier case does).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DerivedCase {
    /// When this case gives the value.
    pub when: Condition,
    /// The value (one of the fact's `values`).
    pub value: String,
    /// Why the profile gets this value, in words a person reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because: Option<Text>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// A fact computed from inputs: the reasoning the KB does on a profile, so
/// conditions can say what they mean.
///
/// Exactly one form:
/// - `when`: a boolean fact, true when the condition holds;
/// - `same_as`: another name for an input or derived fact;
/// - `values` + `cases` + `otherwise`: an enum fact whose value is that of the
///   first case whose `when` holds, else `otherwise`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    /// Stable id, usable as `input:` in conditions.
    pub id: String,
    /// What the fact means.
    pub description: Text,
    /// What each value says about the organisation, as a statement people
    /// read in the reasons for a choice: `true` and `false` for a boolean
    /// fact, one per value for an enum fact (see [`Input::states`]).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub states: std::collections::BTreeMap<String, Text>,
    /// The fact is `true` exactly when this condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// The fact is another name for this input or derived fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    /// The values of an enum fact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<FactValue>,
    /// The cases of an enum fact, in order: the first whose `when` holds gives the value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<DerivedCase>,
    /// The value of an enum fact when no case holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<String>,
    /// Why the profile gets the `otherwise` value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub otherwise_because: Option<Text>,
    /// Why a boolean fact holds for a profile, in words a person reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because: Option<Text>,
    /// Why a boolean fact does not hold for a profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because_not: Option<Text>,
    /// Where the reasoning comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

// ---------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------

/// A declarative condition. Exactly one form per node:
///
/// - a combinator: `all: [..]`, `any: [..]` or `not: {..}`;
/// - a comparison: `input: ID` with exactly one of `equals`, `in`, `gt`, `gte`,
///   `lt`, `lte`, `contains`, `contains_any`;
/// - an outcome of another Layer 1 decision: `decision: ID` with `is: OPTION`
///   or `in: [OPTION, ...]` (what it recommends);
/// - the tool a Layer 2 capability picks: `capability: ID` with `tool: TOOL`
///   or `in: [TOOL, ...]` (whatever its verdict).
///
/// ```yaml
/// when:
///   all:
///     - {input: kubernetes_experience, in: [none, basic]}
///     - {input: service_count, gt: 5}
///     - not: {input: calico_expertise, equals: true}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// All sub-conditions hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Condition>>,
    /// At least one sub-condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
    /// The sub-condition does not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
    /// The input or derived fact compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// A Layer 1 decision whose recommendation is compared (with `is` or `in`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// A Layer 2 capability whose tool pick is compared (with `tool` or `in`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<String>,
    /// The decision recommends this option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<String>,
    /// The capability picks this tool choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// Equal to this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equals: Option<Scalar>,
    /// Equal to one of these values.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub in_: Option<Vec<Scalar>>,
    /// Greater than (integer inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<i64>,
    /// Greater than or equal (integer inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gte: Option<i64>,
    /// Less than (integer inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<i64>,
    /// Less than or equal (integer inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lte: Option<i64>,
    /// The set contains this value (set inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<String>,
    /// The set contains at least one of these values (set inputs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains_any: Option<Vec<String>>,
}

// ---------------------------------------------------------------------------
// Layer 0
// ---------------------------------------------------------------------------

/// The kind of a Layer 0 item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Layer0Kind {
    /// A strategic goal.
    Goal,
    /// A business requirement with a measurable target.
    Requirement,
    /// A non-negotiable principle.
    Principle,
    /// A hard constraint ("harde randvoorwaarde").
    Constraint,
    /// Something explicitly out of scope.
    NonGoal,
    /// A risk with its mitigation.
    Risk,
}

/// A measurable target of a requirement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// What is measured, e.g. `deployment downtime`.
    pub metric: Text,
    /// The target, e.g. `0 min`.
    pub target: Text,
    /// The situation today, e.g. `1-4 h per release`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<Text>,
}

/// What a principle demands of the tools that decisions recommend; `kompas check`
/// and the engine hold every recommended tool against it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolPolicy {
    /// Licence kinds a recommended tool should have (e.g. `[open_source]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licence_kinds: Vec<LicenceKind>,
    /// Hosting models a recommended tool should have (e.g. `[self_hosted, managed_service]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosting: Vec<Hosting>,
}

/// A Layer 0 item: goal, requirement, principle, constraint, non-goal or risk.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Layer0Item {
    /// Stable id, e.g. `req.zero_downtime`, `principle.open_source`.
    pub id: String,
    /// The kind of item.
    pub kind: Layer0Kind,
    /// Short title.
    pub title: Text,
    /// The Layer 0 section it comes from, e.g. `2` or `8.4`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// What it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Business impact (requirements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_impact: Option<Text>,
    /// The pain today (requirements).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_pain: Option<Text>,
    /// Measurable targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Risk severity: `high`, `medium`, `low` (risks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Mitigation (risks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<Text>,
    /// What the principle demands of recommended tools.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_policy: Option<ToolPolicy>,
    /// Other Layer 0 items this one refines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

// ---------------------------------------------------------------------------
// Layer 1 decisions
// ---------------------------------------------------------------------------

/// The dependency chain of seed 000: business requirement -> technical
/// requirement -> platform capability -> tooling choice.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Chain {
    /// The business requirement or constraint.
    pub business: Text,
    /// The technical requirement that follows.
    pub technical: Text,
    /// The platform capability that meets it.
    pub capability: Text,
    /// The tooling choice.
    pub tooling: Text,
}

/// A row of a seed's "Layer 1 implementation" table that belongs to a decision:
/// a capability and the technique that delivers it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    /// The capability, e.g. `Health checks`.
    pub capability: Text,
    /// The tool or technique, e.g. `Readiness/liveness probes`.
    pub technique: Text,
    /// Why.
    pub rationale: Text,
    /// Tool ids it uses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<String>,
    /// The options it belongs to: it applies only when one of them is
    /// recommended. Empty: it applies whatever the option.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// Why an option that a seed chose is no longer recommended (a licence change,
/// a retirement) and what replaces it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Superseded {
    /// The option of the same decision that replaces it.
    pub by: String,
    /// Why, in plain words.
    pub reason: Text,
    /// The Layer 0 items (principles) the replacement serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub principles: Vec<String>,
    /// The date of the change (YYYY-MM or YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
}

/// One option of a decision (usually a tool).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionOption {
    /// Stable id, lower_snake_case tool name (`cilium`, `argo_cd`).
    pub id: String,
    /// Display name.
    pub title: Text,
    /// The tools this option uses (ids in `tools`); checked against principles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<String>,
    /// Why one would choose it.
    pub rationale: Text,
    /// The Layer 0 items this option serves (traceability).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<String>,
    /// Strengths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pros: Vec<Text>,
    /// Weaknesses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cons: Vec<Text>,
    /// The standing reason not to choose it, shown with the failed conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_not: Option<Text>,
    /// The dependency chain when this option is recommended; replaces the
    /// decision's `chain` (which holds what every option shares).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Chain>,
    /// This is the reference case's own choice (kept visible even when
    /// superseded). `seed_choice` is accepted as another name.
    #[serde(
        default,
        rename = "case_choice",
        alias = "seed_choice",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub case_choice: bool,
    /// Never recommended any more; what replaces it and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded: Option<Superseded>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// A rule of a decision: "use X unless Y" written as prioritised rules.
///
/// Of the rules whose `when` holds, the one with the highest `priority` decides.
/// A `default: true` rule has no `when` and fires when no other rule does.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, e.g. `cni.calico_expertise`.
    pub id: String,
    /// The option chosen when the rule fires.
    pub choose: String,
    /// The fallback rule of the decision (exactly one per decision).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    /// Higher wins; rules of equal priority must not overlap. Ignored for the default.
    #[serde(default)]
    pub priority: i32,
    /// When the rule fires. Required unless `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// Why this option under this condition (the seed's "unless" reason). It must
    /// be true for every profile the rule decides.
    pub because: Text,
    /// Sentences of "why" that hold only for some of the profiles the rule
    /// decides: each is shown when its condition holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<RuleNote>,
    /// Where the rule comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// A sentence of a rule's "why" shown only when its condition holds.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleNote {
    /// When the sentence is true of the profile.
    pub when: Condition,
    /// The sentence.
    pub text: Text,
}

/// A Layer 1 decision: one capability area, its options and its rules.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Stable id, e.g. `cni`.
    pub id: String,
    /// Title, e.g. `CNI plugin`.
    pub title: Text,
    /// The question the decision answers.
    pub question: Text,
    /// Seed sections it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The Layer 0 items the decision as a whole traces to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traces_to: Vec<String>,
    /// Business -> technical -> capability -> tooling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<Chain>,
    /// Techniques that come with the decision whatever the option.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub practices: Vec<Practice>,
    /// The options.
    pub options: Vec<DecisionOption>,
    /// The rules that pick an option.
    pub rules: Vec<Rule>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

// ---------------------------------------------------------------------------
// Trade-offs and open questions
// ---------------------------------------------------------------------------

/// Where a trade-off applies: a decision, and optionally only some of its options.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppliesTo {
    /// Decision id (or Layer 2 capability id).
    pub decision: String,
    /// The options for which it applies; empty means every option.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// A principle conflict that a trade-off knowingly accepts: the tool may break the
/// principle's tool policy, and the engine reports it as accepted, not as a problem.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptedConflict {
    /// Tool id.
    pub tool: String,
    /// Layer 0 principle id.
    pub principle: String,
}

/// A conflict between Layer 0 items, its resolution and when it applies.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tradeoff {
    /// Stable id, e.g. `tradeoff.managed_database`.
    pub id: String,
    /// Title.
    pub title: Text,
    /// The Layer 0 items that win.
    pub favours: Vec<String>,
    /// The Layer 0 items that give way.
    pub over: Vec<String>,
    /// The resolution, e.g. `Managed PostgreSQL`.
    pub resolution: Text,
    /// Why.
    pub rationale: Text,
    /// Limits of the resolution, e.g. `for the database only`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Text>,
    /// Where it applies.
    pub applies_to: Vec<AppliesTo>,
    /// Principle conflicts this trade-off accepts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepts: Vec<AcceptedConflict>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// Priority of an open question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionPriority {
    /// Blocks the start.
    Critical,
    /// Decide in the first month.
    Important,
    /// Can wait.
    CanWait,
}

/// The Layer 0 impact of an open question (seed 000 §13).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionImpact {
    /// Layer 0 item id.
    pub item: String,
    /// How the question touches it.
    pub text: Text,
}

/// What an open question affects: a decision or capability id, or a decision
/// and the options for which it matters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Affects {
    /// A decision or capability id.
    Id(String),
    /// A decision, only when one of these options is recommended.
    Options(AffectsOptions),
}

/// `{decision: ID, options: [...]}`: see [`Affects::Options`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AffectsOptions {
    /// Decision id.
    pub decision: String,
    /// The options for which the question matters.
    pub options: Vec<String>,
}

impl<'de> Deserialize<'de> for Affects {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = serde_json::Value::deserialize(deserializer)?;
        match value {
            serde_json::Value::String(id) => Ok(Affects::Id(id)),
            other => serde_json::from_value::<AffectsOptions>(other)
                .map(Affects::Options)
                .map_err(|e| {
                    D::Error::custom(format!(
                        "expected a decision or capability id, or `{{decision: ID, options: [OPTION, ...]}}` ({e})"
                    ))
                }),
        }
    }
}

impl Affects {
    /// The decision or capability id.
    pub fn target(&self) -> &str {
        match self {
            Affects::Id(id) => id,
            Affects::Options(a) => &a.decision,
        }
    }

    /// The options it is limited to (empty: every option).
    pub fn options(&self) -> &[String] {
        match self {
            Affects::Id(_) => &[],
            Affects::Options(a) => &a.options,
        }
    }
}

impl From<&str> for Affects {
    fn from(id: &str) -> Self {
        Affects::Id(id.to_owned())
    }
}

/// An open question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenQuestion {
    /// Stable id, e.g. `q1`.
    pub id: String,
    /// The question.
    pub text: Text,
    /// Priority.
    pub priority: QuestionPriority,
    /// Whether it blocks the decisions it affects.
    pub blocking: bool,
    /// What to assume until it is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_assumption: Option<Text>,
    /// When it must be decided, e.g. `{en: weeks 1-2, nl: week 1-2}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decide_by: Option<Text>,
    /// Decision and capability ids it affects; `{decision: ID, options: [...]}`
    /// attaches it only when one of those options is recommended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affects: Vec<Affects>,
    /// Layer 0 impact.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impact: Vec<QuestionImpact>,
    /// Anything else worth knowing (e.g. numbering differences between lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

// ---------------------------------------------------------------------------
// Layer 2
// ---------------------------------------------------------------------------

/// The three verdicts for a Layer 2 capability.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Do it now.
    Now,
    /// Not yet: prepare, revisit.
    Later,
    /// Not needed.
    Skip,
}

/// Complexity cost of a capability (seed 003 decision matrix).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Complexity {
    /// Low.
    Low,
    /// Low to medium.
    LowMedium,
    /// Medium.
    Medium,
    /// Medium to high.
    MediumHigh,
    /// High.
    High,
}

/// A named condition of a capability: a trigger, a skip-if or a timing rule.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedCondition {
    /// Stable id, e.g. `service_mesh.many_services`.
    pub id: String,
    /// The seed's words.
    pub text: Text,
    /// When it is met. Absent: it cannot be judged from the profile and is
    /// shown as a question to answer, never as met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// One entry of a capability's tool choice space.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapabilityTool {
    /// Stable id (lower_snake_case).
    pub id: String,
    /// Display name.
    pub title: Text,
    /// Tool ids it uses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<String>,
    /// Strengths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pros: Vec<Text>,
    /// Weaknesses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cons: Vec<Text>,
    /// When to use it (the seed's words).
    pub use_when: Text,
    /// When it is the pick for this profile; the first tool whose `when` holds is
    /// chosen, else the `default` one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// The pick when no other tool's `when` holds.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// A decision-point question with its sub-questions.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionPoint {
    /// The question.
    pub question: Text,
    /// Sub-questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub asks: Vec<Text>,
}

/// How a capability builds on a Layer 1 decision.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Layer1Link {
    /// Decision id.
    pub decision: String,
    /// What the capability adds on top of it.
    pub text: Text,
}

/// A Layer 2 capability.
///
/// Verdict, in order (the first that applies decides):
/// 1. a `later_if` is met while there is a need (a trigger or a `now_if` is met) -> later;
/// 2. a `now_if` is met, or a trigger is met and no `skip_if` is -> now;
/// 3. a `skip_if` is met -> skip;
/// 4. otherwise -> `otherwise` (no trigger: nothing to solve yet).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    /// Stable id, e.g. `service_mesh`.
    pub id: String,
    /// Title.
    pub title: Text,
    /// The core question.
    pub question: Text,
    /// Seed section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What it is about, in a sentence or two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// Complexity cost.
    pub complexity: Complexity,
    /// When it becomes relevant.
    pub triggers: Vec<NamedCondition>,
    /// When not to do it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip_if: Vec<NamedCondition>,
    /// Timing: implement now if.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub now_if: Vec<NamedCondition>,
    /// Timing: wait (later) if.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub later_if: Vec<NamedCondition>,
    /// The verdict when nothing calls for it.
    pub otherwise: Verdict,
    /// The tool choice space.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<CapabilityTool>,
    /// Questions to be able to answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decision_points: Vec<DecisionPoint>,
    /// Layer 1 decisions it builds on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builds_on: Vec<Layer1Link>,
    /// What it does not replace.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub does_not_replace: Vec<Text>,
    /// How to go back if it does not work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_strategy: Option<Text>,
    /// Layer 0 items it traces to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traces_to: Vec<String>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

// ---------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------

/// Kind of licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LicenceKind {
    /// An OSI-approved open-source licence.
    OpenSource,
    /// Source available but not open source (BSL, SSPL, ...).
    SourceAvailable,
    /// Closed source.
    Proprietary,
    /// A hosted service; no software licence of its own.
    Service,
}

/// How a tool is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    /// Run by the team.
    SelfHosted,
    /// Run by a cloud provider, on a standard interface.
    ManagedService,
    /// Vendor SaaS.
    Saas,
    /// Part of Kubernetes or another platform component.
    Builtin,
}

/// Governance of a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Governance {
    /// A CNCF graduated project.
    CncfGraduated,
    /// A CNCF incubating project.
    CncfIncubating,
    /// A CNCF sandbox project.
    CncfSandbox,
    /// Part of the Kubernetes project itself (a SIG).
    Kubernetes,
    /// Another neutral foundation (Linux Foundation, OpenSSF, Apache, ...).
    Foundation,
    /// Led by one company.
    SingleVendor,
    /// An independent community.
    Community,
    /// An open standard or protocol.
    Standard,
}

/// Lifecycle status of a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStatus {
    /// Maintained.
    Active,
    /// Security fixes only.
    Maintenance,
    /// Announced end; still works.
    Deprecated,
    /// No more releases or fixes.
    Retired,
}

/// The licence of a tool.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// SPDX id (`Apache-2.0`, `BUSL-1.1`) or a short name (`proprietary`).
    pub spdx: String,
    /// The kind of licence.
    pub kind: LicenceKind,
    /// Since when (YYYY-MM or YYYY-MM-DD), when it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// The licence before that change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

/// The lifecycle of a tool.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// Status.
    pub status: LifecycleStatus,
    /// Since when the status holds (YYYY-MM or YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// Tool ids that succeed it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub successors: Vec<String>,
    /// Details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// Facts about one tool, each with a source and an as-of date.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Stable id, lower_snake_case.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it is, in one line.
    pub summary: Text,
    /// Who makes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
    /// Licence.
    pub licence: Licence,
    /// Governance.
    pub governance: Governance,
    /// The governing body (CNCF, Linux Foundation, a company).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steward: Option<String>,
    /// How it is run.
    pub hosting: Vec<Hosting>,
    /// Lifecycle.
    pub lifecycle: Lifecycle,
    /// Sources of these facts (at least one, with `as_of`).
    pub sources: Vec<SourceRef>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

// ---------------------------------------------------------------------------
// Guidance
// ---------------------------------------------------------------------------

/// The kind of a guidance section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GuidanceKind {
    /// Who owns what (seed 000 §7).
    Responsibilities,
    /// A checklist (e.g. portability validation, seed 000 §4).
    Checklist,
    /// A table (e.g. multi-region readiness, alerting levels, audit strategy).
    Table,
    /// Decision rules (e.g. the Layer 2 rules "start simple", "one at a time").
    Rules,
    /// Expected outcomes for the case (e.g. the Layer 2 webshop conclusions).
    Conclusions,
    /// A look ahead (e.g. Layer 3).
    Outlook,
    /// A principle mapping or other prose.
    Notes,
}

/// One item of a guidance section.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GuidanceItem {
    /// Stable id within the KB.
    pub id: String,
    /// Title or first column.
    pub title: Text,
    /// Body text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// Further columns, keyed by the section's `columns`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cells: BTreeMap<String, Text>,
    /// Ids this item refers to (decisions, capabilities, tools, Layer 0 items).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// For conclusions: the verdict the source expects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Verdict>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// A section of reference material.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// Stable id.
    pub id: String,
    /// The kind of section.
    pub kind: GuidanceKind,
    /// Title.
    pub title: Text,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Text before the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    /// Column ids (and their headings) for the items' `cells`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<Column>,
    /// The items.
    pub items: Vec<GuidanceItem>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}

/// A column of a guidance table.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Key used in `cells`.
    pub id: String,
    /// Heading.
    pub title: Text,
}

// ---------------------------------------------------------------------------
// Consistency
// ---------------------------------------------------------------------------

/// One or more picks: the recommendation of a Layer 1 decision, or the tool a
/// Layer 2 capability picks (whatever its verdict).
///
/// ```yaml
/// {decision: pod_security, option: kyverno}
/// {decision: observability, options: [prometheus_grafana_loki]}
/// {capability: distributed_tracing, tool: tempo}
/// {capability: policy_enforcement, tools: [opa_gatekeeper]}
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pick {
    /// A decision id (with `option` or `options`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// A capability id (with `tool` or `tools`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<String>,
    /// The option the decision recommends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<String>,
    /// One of these options.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The tool choice the capability picks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// One of these tool choices.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<String>,
}

/// `requires: {if: PICK, then: PICK}`: whenever the first pick is made, the
/// second must be too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requires {
    /// The pick that needs another.
    #[serde(rename = "if")]
    pub if_: Pick,
    /// The pick it needs.
    pub then: Pick,
}

/// What goes together or excludes what. Exactly one of `excludes` and `requires`.
///
/// `kompas check` proves the rule over every profile (a violation is an error
/// with a witness profile); the engine reports a violation as a finding.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyRule {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Why, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// Never all of these picks at once (at least two).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excludes: Vec<Pick>,
    /// When one pick is made, another must be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<Requires>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    /// Where this node was written.
    pub origin: Origin,
}
