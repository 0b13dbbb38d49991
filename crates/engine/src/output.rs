//! The assessment: what `kompas assess` answers, as JSON and for the renderers.
//!
//! The keys are a contract (DESIGN.md, "Assess: the contract"): renderers, the
//! HTTP API, AI agents and `kompas schema assessment` all read these types.
//! Keys are only ever added. Texts are [`Txt<'a>`] (shared strings) so building an
//! assessment does not copy the KB's prose.

use std::borrow::Cow;

use kompas_kb::{Complexity, Layer0Kind, QuestionPriority, Verdict};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::{Lang, Txt};

// ---------------------------------------------------------------------------
// Small building blocks
// ---------------------------------------------------------------------------

/// An ordered map from ids to values: a JSON object whose keys keep the KB's
/// order (a `BTreeMap` would sort them, a `HashMap` would shuffle them).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IdMap<'a, V>(pub Vec<(Txt<'a>, V)>);

impl<V> IdMap<'_, V> {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (&**k, v))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V: Serialize> Serialize for IdMap<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(&**k, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for IdMap<'_, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V2<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = IdMap<'static, V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object keyed by id")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<IdMap<'static, V>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = access.next_entry::<String, V>()? {
                    out.push((Cow::Owned(k), v));
                }
                Ok(IdMap(out))
            }
        }
        deserializer.deserialize_map(V2(std::marker::PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for IdMap<'_, V> {
    fn schema_name() -> Cow<'static, str> {
        format!("IdMap_of_{}", V::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "description": "An object keyed by id, in the knowledge base's order.",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

/// An answer in a profile, normalised: a boolean, a whole number, one value
/// (enum inputs) or a list of values (set inputs). Serialises as the bare JSON
/// value, so the `profile.inputs` object of an assessment is itself a valid profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AnswerValue<'a> {
    /// A boolean input.
    Bool(bool),
    /// An integer input.
    Int(i64),
    /// An enum input.
    Str(Txt<'a>),
    /// A set input (its members, in the KB's order).
    List(Cow<'a, [Txt<'static>]>),
}

impl std::fmt::Display for AnswerValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerValue::Bool(b) => write!(f, "{b}"),
            AnswerValue::Int(i) => write!(f, "{i}"),
            AnswerValue::Str(s) => f.write_str(s),
            AnswerValue::List(items) if items.is_empty() => f.write_str("[]"),
            AnswerValue::List(items) => write!(f, "[{}]", items.join(", ")),
        }
    }
}

impl AnswerValue<'_> {
    /// As a JSON value.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

/// Identity of the KB an assessment was made with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KbRef<'a> {
    /// KB id, e.g. `webshop`.
    pub id: Txt<'a>,
    /// KB version.
    pub version: Txt<'a>,
    /// SHA-256 over the KB's files: the same digest means the same knowledge.
    pub digest: Txt<'a>,
    /// KB title.
    pub title: Txt<'a>,
    /// What the KB's reference case is called, e.g. `the webshop case`: the
    /// options with `seed_choice: true` are that case's choices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Txt<'a>>,
}

// ---------------------------------------------------------------------------
// The assessment
// ---------------------------------------------------------------------------

/// What kompas answers for one profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Assessment<'a> {
    /// The KB used.
    pub kb: KbRef<'a>,
    /// The language of the KB texts in this assessment.
    pub lang: Lang,
    /// The profile as assessed: every input (given or default) and every derived fact.
    pub profile: ProfileView<'a>,
    /// Every input with its value and whether it was given, a default, or
    /// derived from other answers.
    pub answers: Vec<Answer<'a>>,
    /// The facts the KB derives from the answers (boolean and enum facts),
    /// each with its value, why, and the inputs it reads.
    #[serde(default)]
    pub derived_facts: Vec<DerivedFactView<'a>>,
    /// One entry per Layer 1 decision, in KB order.
    pub decisions: Vec<DecisionAssessment<'a>>,
    /// The areas that group the decisions for readers, in the KB's reading
    /// order (empty when the KB has none; a decision in no area is read last).
    #[serde(default)]
    pub areas: Cow<'a, [AreaView<'static>]>,
    /// One entry per Layer 2 capability, in KB order.
    pub layer2: Vec<CapabilityAssessment<'a>>,
    /// Every open question: blocking first, then by priority. With unknown
    /// answers that block a decision, the questions those inputs answer are
    /// blocking, and an unknown input without such a question gets a
    /// generated one.
    pub open_questions: Cow<'a, [OpenQuestionView<'static>]>,
    /// The questions worth answering next, the most useful first: every
    /// unknown answer that would decide or narrow down an open decision, then
    /// the most useful assumed answers that decide something (at most 10;
    /// `summary.assumed` names them all): confirming one turns an assumption
    /// into a fact.
    #[serde(default)]
    pub next_questions: Vec<NextQuestion<'a>>,
    /// What the engine noticed: principle conflicts, retired tools, the
    /// reference case's choices replaced, broken consistency rules.
    pub findings: Vec<Cow<'a, Finding<'static>>>,
    /// The short version.
    pub summary: Summary<'a>,
    /// Whether `flips` were computed (`assess_without_flips` leaves them empty).
    pub flips_computed: bool,
}

impl<'a> Assessment<'a> {
    /// The decision with this id.
    pub fn decision(&self, id: &str) -> Option<&DecisionAssessment<'a>> {
        self.decisions.iter().find(|d| &*d.id == id)
    }

    /// The Layer 2 capability with this id.
    pub fn capability(&self, id: &str) -> Option<&CapabilityAssessment<'a>> {
        self.layer2.iter().find(|c| &*c.id == id)
    }

    /// The recommended option of a decision.
    pub fn recommended(&self, decision: &str) -> Option<&str> {
        self.decision(decision)?
            .recommendation
            .as_ref()
            .map(|r| &*r.option)
    }
}

/// The profile as assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProfileView<'a> {
    /// Every input, normalised (aliases resolved, exclusive values dropped), with
    /// defaults filled in. This object is itself a valid profile.
    pub inputs: IdMap<'a, AnswerValue<'a>>,
    /// Every derived fact, computed from the inputs.
    pub derived: IdMap<'a, AnswerValue<'a>>,
}

/// Where an answer came from. More sources may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerSource {
    /// The profile gave it.
    Given,
    /// The profile left it out; the KB's fixed default was assumed.
    Default,
    /// The profile left it out; its default was computed from other answers
    /// (see `derived_from`) and assumed.
    Derived,
    /// The profile answered `unknown`: the person does not know. `value` is
    /// what it would be assumed to be (its default); the decisions it can
    /// change are worked out over every answer it could get.
    Unknown,
}

impl AnswerSource {
    /// Whether the answer is assumed (the profile left it out).
    pub fn is_assumed(self) -> bool {
        matches!(self, AnswerSource::Default | AnswerSource::Derived)
    }
}

/// How a derived answer was computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DerivedFrom<'a> {
    /// The derived fact whose value it took.
    pub fact: Txt<'a>,
    /// Why the fact has its value for this profile (the KB's `because`), if the KB says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Txt<'a>>,
    /// The inputs the fact reads.
    pub inputs: Cow<'a, [Txt<'static>]>,
}

/// A derived fact and its value for the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DerivedFactView<'a> {
    /// Fact id.
    pub id: Txt<'a>,
    /// What the fact means.
    pub description: Txt<'a>,
    /// Its value: `true`/`false`, or one of its values.
    pub value: AnswerValue<'a>,
    /// Why it has this value for this profile, if the KB says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because: Option<Txt<'a>>,
    /// The inputs it reads.
    pub inputs: Cow<'a, [Txt<'static>]>,
    /// Where the reasoning comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Txt<'a>>,
}

/// One input of the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Answer<'a> {
    /// Input id.
    pub input: Txt<'a>,
    /// The value used, normalised.
    pub value: AnswerValue<'a>,
    /// Given, default, derived or unknown.
    pub source: AnswerSource,
    /// Whether the value is assumed rather than given: the profile left the
    /// input out (`source` is `default` or `derived`), so a person can
    /// confirm or change it.
    #[serde(default)]
    pub assumed: bool,
    /// The value as the profile wrote it (e.g. `"5-10"`, or `"unknown"`), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<Cow<'a, serde_json::Value>>,
    /// For a derived answer: the fact it follows and the inputs that fact reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<DerivedFrom<'a>>,
}

/// What a fact compares, when it is not an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactSubject {
    /// An enum derived fact (see `derived_facts`).
    DerivedFact,
    /// Another decision's recommendation.
    Decision,
    /// A Layer 2 capability's tool pick.
    Capability,
}

/// A comparison of a condition, checked against the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Fact<'a> {
    /// The input read (or, with `refers_to`, the derived fact, decision or capability).
    pub input: Txt<'a>,
    /// Set when the comparison is about a derived fact, a decision or a
    /// capability rather than an input; `value` is then its value for this
    /// profile (the fact's value, the recommended option, the tool picked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refers_to: Option<FactSubject>,
    /// The name the KB used, when it is a derived fact (e.g. `team_experience`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Txt<'a>>,
    /// The profile's value of the input.
    pub value: AnswerValue<'a>,
    /// The comparison in words, e.g. `service_count > 5`.
    pub condition: Txt<'a>,
    /// Whether the comparison holds for this profile.
    pub met: bool,
    /// What the value says about the organisation, in the KB's words ("the
    /// team has no Calico expertise"), when the KB has a statement for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Txt<'a>>,
}

/// An area of the platform and its decisions, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AreaView<'a> {
    /// Area id, e.g. `platform`.
    pub id: Txt<'a>,
    /// Its heading.
    pub title: Txt<'a>,
    /// One line under the heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Txt<'a>>,
    /// Its decisions (ids), in reading order.
    pub decisions: Vec<Txt<'a>>,
}

/// A Layer 0 item that a decision or capability traces to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TraceRef<'a> {
    /// Layer 0 id, e.g. `principle.open_source`.
    pub id: Txt<'a>,
    /// Its kind.
    pub kind: Layer0Kind,
    /// Its title.
    pub title: Txt<'a>,
}

/// A source reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SourceView<'a> {
    /// Title.
    pub title: Txt<'a>,
    /// URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Txt<'a>>,
    /// Date checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Txt<'a>>,
}

// ---------------------------------------------------------------------------
// Layer 1
// ---------------------------------------------------------------------------

/// One Layer 1 decision, assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DecisionAssessment<'a> {
    /// Decision id, e.g. `cni`.
    pub id: Txt<'a>,
    /// Always 1.
    pub layer: u8,
    /// Title.
    pub title: Txt<'a>,
    /// The question it answers.
    pub question: Txt<'a>,
    /// The recommended option; `null` only if no rule applies (a gap `kompas check` reports).
    pub recommendation: Option<Recommendation<'a>>,
    /// Why: the rule that decided and the facts that matched it.
    pub because: Vec<Because<'a>>,
    /// Every other option: does it apply, and if not, why not.
    pub alternatives: Vec<Alternative<'a>>,
    /// The Layer 0 items it traces to: the decision's and the chosen option's.
    pub traces_to: Cow<'a, [TraceRef<'static>]>,
    /// Business requirement -> technical requirement -> capability -> tooling:
    /// the recommended option's own chain, else the decision's.
    pub chain: Option<Cow<'a, ChainView<'static>>>,
    /// The techniques that come with the recommendation (the decision's, and
    /// those of the recommended option).
    #[serde(default)]
    pub practices: Cow<'a, [PracticeView<'static>]>,
    /// The trade-offs the recommendation accepts.
    pub tradeoffs: Cow<'a, [TradeoffView<'static>]>,
    /// Open questions that affect this decision (and the recommended option).
    pub open_questions: Cow<'a, [OpenQuestionView<'static>]>,
    /// For each other reachable option, the smallest change of answers that makes
    /// it the recommendation.
    pub flips: Vec<Flip<'a>>,
    /// The inputs this decision's rules read.
    pub reads: Cow<'a, [Txt<'static>]>,
    /// `decided`: the recommendation holds whatever the unknown answers are;
    /// `open`: it depends on them (see `possible`).
    #[serde(default)]
    pub status: Status,
    /// Whether `recommendation` is provisional: the decision is open, and the
    /// recommendation is what the assumed values of the unknown answers give.
    #[serde(default)]
    pub provisional: bool,
    /// Whether every unknown answer that can change the decision was examined
    /// (false only when there were too many to enumerate; the decision is
    /// then reported open).
    #[serde(default = "yes")]
    pub exhaustive: bool,
    /// For a decided decision: the unknown answers it holds despite (empty
    /// when no unknown answer can reach it).
    #[serde(default)]
    pub decided_despite: Vec<Txt<'a>>,
    /// For an open decision: every option some answers to the unknown inputs
    /// lead to, each with exactly the answers that lead to it. Empty when decided.
    #[serde(default)]
    pub possible: Vec<Possible<'a>>,
    /// For an open decision: the options and their conditions in one
    /// sentence ("Calico if …; otherwise Cilium.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_text: Option<Txt<'a>>,
    /// For an open decision: the unknown inputs it waits on (input ids).
    #[serde(default)]
    pub blocked_by: Vec<Txt<'a>>,
    /// The one-step changes of given answers that change the recommendation
    /// (an integer plus or minus one, an ordered value to its neighbour).
    #[serde(default)]
    pub close_call: Vec<CloseCall<'a>>,
}

fn yes() -> bool {
    true
}

/// Whether an outcome holds whatever the unknown answers are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// It holds whatever the unknown answers are (or no answer is unknown).
    #[default]
    Decided,
    /// It depends on unknown answers: see `possible`.
    Open,
}

/// One option an open decision can still get, and exactly when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Possible<'a> {
    /// Option id.
    pub option: Txt<'a>,
    /// Its title.
    pub title: Txt<'a>,
    /// Whether it is the provisional recommendation (what the assumed values
    /// of the unknown answers give).
    pub provisional: bool,
    /// The answers that lead to it: any one of these alternatives (a list of
    /// terms that must all hold). Every completion of the unknown answers
    /// meets exactly one option's `when`.
    pub when: Vec<Vec<ConditionTerm<'a>>>,
    /// The same in a sentence ("Calico if the answer to “…” is yes.").
    pub text: Txt<'a>,
}

/// One term of a condition on unknown answers: the input's answer is one of `values`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ConditionTerm<'a> {
    /// Input id.
    pub input: Txt<'a>,
    /// The answers it allows: enum value ids, `true`/`false`, integer ranges
    /// `{min, max}` (inclusive), or for a set input the members it must and
    /// must not include (`{includes, excludes}`; other members do not matter).
    pub values: Vec<TermValue<'a>>,
    /// The allowed answers in words, in the assessment's language, from the
    /// KB's value labels ("Intermediate or Expert", "at least 11", "yes").
    pub values_text: Txt<'a>,
}

/// An answer, or a range of answers, a term allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TermValue<'a> {
    /// A bool input's answer.
    Bool(bool),
    /// An enum input's value id.
    Id(Txt<'a>),
    /// Whole numbers from `min` to `max`, inclusive.
    Range {
        /// Smallest.
        min: i64,
        /// Largest.
        max: i64,
    },
    /// A set input: the answer includes every member of `includes` and none of `excludes`.
    Members {
        /// Members that must be in the answer.
        includes: Vec<Txt<'a>>,
        /// Members that must not be in the answer.
        excludes: Vec<Txt<'a>>,
    },
}

/// A one-step change of a given answer that changes a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CloseCall<'a> {
    /// Input id.
    pub input: Txt<'a>,
    /// The answer given.
    pub from: AnswerValue<'a>,
    /// The neighbouring answer.
    pub to: AnswerValue<'a>,
    /// The option the decision would then recommend (`""` when none).
    pub option: Txt<'a>,
    /// Its title.
    pub title: Txt<'a>,
}

/// The recommended option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Recommendation<'a> {
    /// Option id, e.g. `cilium`.
    pub option: Txt<'a>,
    /// Its title.
    pub title: Txt<'a>,
    /// Why one chooses it.
    pub rationale: Txt<'a>,
    /// The tools it uses.
    pub tools: Cow<'a, [Txt<'static>]>,
    /// The rule that chose it.
    pub rule: Txt<'a>,
    /// Whether it is the reference case's own choice (`kb.reference`).
    pub seed_choice: bool,
    /// Strengths.
    pub pros: Cow<'a, [Txt<'static>]>,
    /// Weaknesses.
    pub cons: Cow<'a, [Txt<'static>]>,
}

/// The rule that decided and the facts it matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Because<'a> {
    /// Rule id.
    pub rule: Txt<'a>,
    /// Its priority.
    pub priority: i32,
    /// Whether it is the decision's default rule (it fires when no other rule does).
    pub default: bool,
    /// The rule's reason.
    pub text: Txt<'a>,
    /// The rule's condition in words (`null` for the default rule).
    pub condition: Option<Txt<'a>>,
    /// The facts: for a rule with a condition, the comparisons that made it hold;
    /// for the default rule, the comparisons of the other rules that did not hold.
    pub facts: Vec<Fact<'a>>,
    /// Where the rule comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Txt<'a>>,
    /// The derived facts the rule's condition names (for the default rule:
    /// those the other rules name); see `derived_facts` for their values and why.
    #[serde(default)]
    pub derived: Cow<'a, [Txt<'static>]>,
    /// Further sentences of why that hold for this profile (the rule's `notes`).
    #[serde(default)]
    pub notes: Vec<Txt<'a>>,
}

/// A technique that comes with a recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PracticeView<'a> {
    /// The capability, e.g. `Health checks`.
    pub capability: Txt<'a>,
    /// The tool or technique.
    pub technique: Txt<'a>,
    /// Why.
    pub rationale: Txt<'a>,
    /// Tool ids it uses.
    pub tools: Cow<'a, [Txt<'static>]>,
}

/// An option that was not recommended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Alternative<'a> {
    /// Option id.
    pub option: Txt<'a>,
    /// Its title.
    pub title: Txt<'a>,
    /// Why one would choose it.
    pub rationale: Txt<'a>,
    /// The tools it uses.
    pub tools: Cow<'a, [Txt<'static>]>,
    /// Whether some rule that chooses it holds for this profile.
    pub applies: bool,
    /// The condition under which it is chosen, in words (its rules' conditions).
    pub condition: Option<Txt<'a>>,
    /// Why it is not the recommendation.
    pub why_not: WhyNot<'a>,
    /// The KB's standing reason not to choose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Txt<'a>>,
    /// Whether it is the reference case's own choice (`kb.reference`).
    pub seed_choice: bool,
    /// When it is never recommended any more: what replaced it and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded: Option<Cow<'a, SupersededView<'static>>>,
    /// Each rule that would choose it, checked against the profile.
    pub rules: Vec<RuleCheck<'a>>,
}

/// Why an alternative is not the recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WhyNot<'a> {
    /// None of its rules holds; `rules[].facts` say which comparison failed on which answer.
    ConditionNotMet,
    /// One of its rules holds, but a rule of higher priority chose another option.
    Outranked {
        /// The rule that decided.
        rule: Txt<'a>,
        /// Its priority.
        priority: i32,
        /// The option it chose.
        option: Txt<'a>,
    },
    /// It is never recommended any more (see `superseded`).
    Superseded {
        /// The option that replaces it.
        by: Txt<'a>,
    },
    /// No rule of the decision chooses it.
    NoRule,
}

/// A rule, checked against the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RuleCheck<'a> {
    /// Rule id.
    pub rule: Txt<'a>,
    /// Priority.
    pub priority: i32,
    /// Whether it is the default rule.
    pub default: bool,
    /// Whether its condition holds.
    pub holds: bool,
    /// Its condition in words.
    pub condition: Option<Txt<'a>>,
    /// The comparisons that decided: the failed ones when it does not hold.
    pub facts: Vec<Fact<'a>>,
    /// The rule's reason.
    pub because: Txt<'a>,
}

/// An option that is never recommended any more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SupersededView<'a> {
    /// The option that replaces it.
    pub by: Txt<'a>,
    /// Title of that option.
    pub by_title: Txt<'a>,
    /// Why.
    pub reason: Txt<'a>,
    /// The principles the replacement serves.
    pub principles: Cow<'a, [TraceRef<'static>]>,
    /// Date of the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Txt<'a>>,
    /// Sources.
    pub sources: Cow<'a, [SourceView<'static>]>,
}

/// The dependency chain of a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ChainView<'a> {
    /// The business requirement.
    pub business: Txt<'a>,
    /// The technical requirement.
    pub technical: Txt<'a>,
    /// The platform capability.
    pub capability: Txt<'a>,
    /// The tooling choice.
    pub tooling: Txt<'a>,
}

/// A trade-off the recommendation accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TradeoffView<'a> {
    /// Trade-off id.
    pub id: Txt<'a>,
    /// Title.
    pub title: Txt<'a>,
    /// The Layer 0 items that win.
    pub favours: Cow<'a, [TraceRef<'static>]>,
    /// The Layer 0 items that give way.
    pub over: Cow<'a, [TraceRef<'static>]>,
    /// The resolution.
    pub resolution: Txt<'a>,
    /// Why.
    pub rationale: Txt<'a>,
    /// Limits of the resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Txt<'a>>,
}

/// An open question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OpenQuestionView<'a> {
    /// Question id, e.g. `q1`.
    pub id: Txt<'a>,
    /// The question.
    pub text: Txt<'a>,
    /// Whether it blocks the decisions it affects.
    pub blocking: bool,
    /// Priority.
    pub priority: QuestionPriority,
    /// When it must be decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decide_by: Option<Txt<'a>>,
    /// What to assume until it is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_assumption: Option<Txt<'a>>,
    /// The decisions and capabilities it affects.
    pub decisions: Cow<'a, [Txt<'static>]>,
    /// The input whose answer answers this question (`answers_question` in
    /// the KB), or the input a generated question asks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Txt<'a>>,
    /// The open decisions and capabilities this question blocks in this
    /// assessment, because its input was answered `unknown`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Txt<'a>>,
    /// Whether kompas made the question from an unknown input that blocks a
    /// decision (the KB has no open question for it); `id` is then the input id.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub generated: bool,
}

/// The smallest change of answers that makes another option the recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Flip<'a> {
    /// The option it would make the recommendation.
    pub option: Txt<'a>,
    /// Its title.
    pub title: Txt<'a>,
    /// The rule that would then decide.
    pub rule: Txt<'a>,
    /// Number of answers to change.
    pub distance: usize,
    /// The changes.
    pub changes: Vec<Change<'a>>,
}

/// One changed answer of a flip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change<'a> {
    /// Input id.
    pub input: Txt<'a>,
    /// The current value.
    pub from: AnswerValue<'a>,
    /// A value that makes the change (the one nearest the current value).
    pub to: AnswerValue<'a>,
    /// Every value that works, in words, e.g. `at least 6`, `includes PCI-DSS`, `true`.
    pub to_text: Txt<'a>,
    /// What the new answer would say about the organisation, in the KB's
    /// words ("the team already has Calico expertise", "at least 6 people
    /// build and run the platform"), when the KB has a statement for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Txt<'a>>,
}

// ---------------------------------------------------------------------------
// Layer 2
// ---------------------------------------------------------------------------

/// Whether a named condition holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Met {
    /// It holds.
    Met,
    /// It does not hold.
    NotMet,
    /// The KB cannot judge it from a profile: a question to answer.
    Unknown,
}

/// A trigger, skip-if or timing rule of a capability, checked against the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ConditionCheck<'a> {
    /// Id, e.g. `service_mesh.many_services`.
    pub id: Txt<'a>,
    /// The seed's words.
    pub text: Txt<'a>,
    /// `true`, `false`, or `null` when it cannot be judged from the profile.
    pub met: Option<bool>,
    /// The same as a word.
    pub status: Met,
    /// The comparisons and the profile's values that decided.
    pub detail: Vec<Fact<'a>>,
}

/// The step of the timing rules that decided a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// A `later_if` was met while there is a need.
    LaterIf,
    /// A `now_if` was met.
    NowIf,
    /// A trigger was met and no skip-if.
    Trigger,
    /// A skip-if was met.
    SkipIf,
    /// Nothing called for it: the capability's `otherwise`.
    Otherwise,
}

/// What decided a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DecidedBy<'a> {
    /// The step.
    pub step: Step,
    /// The id of the condition that decided (none for `otherwise`).
    pub condition: Option<Txt<'a>>,
    /// Its text.
    pub text: Option<Txt<'a>>,
}

/// One Layer 2 capability, assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CapabilityAssessment<'a> {
    /// Capability id, e.g. `service_mesh`.
    pub id: Txt<'a>,
    /// Always 2.
    pub layer: u8,
    /// Title.
    pub title: Txt<'a>,
    /// The core question.
    pub question: Txt<'a>,
    /// Complexity cost.
    pub complexity: Complexity,
    /// Now, later or skip.
    pub verdict: Verdict,
    /// For `now`: the order to take them in, 1 first ("one at a time").
    pub rank: Option<u32>,
    /// The `now` item to start with ("start simple").
    pub start_here: bool,
    /// What decided the verdict.
    pub decided_by: DecidedBy<'a>,
    /// Triggers.
    pub triggers: Vec<ConditionCheck<'a>>,
    /// Skip-if conditions.
    pub skip_if: Vec<ConditionCheck<'a>>,
    /// Timing: now if.
    pub now_if: Vec<ConditionCheck<'a>>,
    /// Timing: later if.
    pub later_if: Vec<ConditionCheck<'a>>,
    /// The tool to choose, when the verdict is now.
    pub tool: Option<ToolPick<'a>>,
    /// Layer 0 items it traces to.
    pub traces_to: Cow<'a, [TraceRef<'static>]>,
    /// Open questions that affect it.
    pub open_questions: Cow<'a, [OpenQuestionView<'static>]>,
    /// How to go back if it does not work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_strategy: Option<Txt<'a>>,
    /// `decided`: the verdict (and tool) holds whatever the unknown answers
    /// are; `open`: it depends on them (see `possible`).
    #[serde(default)]
    pub status: Status,
    /// Whether `verdict` and `tool` are provisional (the capability is open).
    #[serde(default)]
    pub provisional: bool,
    /// Whether every unknown answer that can change it was examined.
    #[serde(default = "yes")]
    pub exhaustive: bool,
    /// For a decided capability: the unknown answers it holds despite.
    #[serde(default)]
    pub decided_despite: Vec<Txt<'a>>,
    /// For an open capability: every verdict (with its tool, when now) some
    /// answers to the unknown inputs lead to, each with exactly those answers.
    #[serde(default)]
    pub possible: Vec<PossibleVerdict<'a>>,
    /// For an open capability: the verdicts and their conditions in one sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_text: Option<Txt<'a>>,
    /// For an open capability: the unknown inputs it waits on.
    #[serde(default)]
    pub blocked_by: Vec<Txt<'a>>,
    /// The one-step changes of given answers that change the verdict or the tool.
    #[serde(default)]
    pub close_call: Vec<VerdictCloseCall<'a>>,
}

/// A tool choice of a capability, by id and title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ToolRef<'a> {
    /// Choice id, e.g. `linkerd`.
    pub id: Txt<'a>,
    /// Title.
    pub title: Txt<'a>,
}

/// One verdict an open capability can still get, and exactly when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PossibleVerdict<'a> {
    /// Now, later or skip.
    pub verdict: Verdict,
    /// The tool picked, when the verdict is now.
    pub tool: Option<ToolRef<'a>>,
    /// Whether it is the provisional verdict.
    pub provisional: bool,
    /// The answers that lead to it (see `Possible::when`).
    pub when: Vec<Vec<ConditionTerm<'a>>>,
    /// The same in a sentence.
    pub text: Txt<'a>,
}

/// A one-step change of a given answer that changes a capability's verdict or tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct VerdictCloseCall<'a> {
    /// Input id.
    pub input: Txt<'a>,
    /// The answer given.
    pub from: AnswerValue<'a>,
    /// The neighbouring answer.
    pub to: AnswerValue<'a>,
    /// The verdict it would then get.
    pub verdict: Verdict,
    /// The tool it would then pick, when now.
    pub tool: Option<ToolRef<'a>>,
}

/// The tool picked for a capability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ToolPick<'a> {
    /// Choice id, e.g. `linkerd`.
    pub id: Txt<'a>,
    /// Title.
    pub title: Txt<'a>,
    /// Tool ids.
    pub tools: Cow<'a, [Txt<'static>]>,
    /// When to use it (the seed's words).
    pub use_when: Txt<'a>,
    /// Whether it was picked as the default (no other tool's condition held).
    pub default: bool,
    /// The comparisons that picked it (empty for the default).
    pub facts: Vec<Fact<'a>>,
}

// ---------------------------------------------------------------------------
// Open questions, findings, summary
// ---------------------------------------------------------------------------

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingSeverity {
    /// Must be dealt with before following the recommendation.
    Error,
    /// Should be looked at.
    Warning,
    /// For information.
    Info,
}

/// The kind of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A recommended tool breaks a principle's tool policy.
    PrincipleConflict,
    /// A recommended tool is deprecated or retired.
    Lifecycle,
    /// The reference case's own choice is not the recommendation.
    SeedChoiceReplaced,
    /// Two picks break a consistency rule of the KB.
    Consistency,
}

/// Something the engine noticed about the recommendations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding<'a> {
    /// Stable code: `E0101` principle conflict, `E0102` accepted principle conflict,
    /// `E0201` retired tool, `E0202` deprecated tool, `E0301` the reference
    /// case's choice replaced, `E0401` a consistency rule broken.
    pub code: Txt<'a>,
    /// Severity.
    pub severity: FindingSeverity,
    /// Kind.
    pub kind: FindingKind,
    /// Decision (or capability) id.
    pub decision: Txt<'a>,
    /// The option concerned (the recommended one, or the seed's choice).
    pub option: Option<Txt<'a>>,
    /// The tool concerned.
    pub tool: Option<Txt<'a>>,
    /// The Layer 0 principle concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principle: Option<Txt<'a>>,
    /// What, in words.
    pub message: Txt<'a>,
    /// Sources.
    pub sources: Cow<'a, [SourceView<'static>]>,
    /// The trade-off that knowingly accepts the conflict, if any.
    pub accepted_by: Option<Txt<'a>>,
    /// The consistency rule broken (`E0401`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistency: Option<Txt<'a>>,
}

/// The short version of an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Summary<'a> {
    /// Decision id -> recommended option id.
    pub stack: IdMap<'a, Txt<'a>>,
    /// Ids of the blocking open questions.
    pub blocking_questions: Cow<'a, [Txt<'static>]>,
    /// The `now` capabilities, ranked; the first is the one to start with.
    pub now: Vec<Txt<'a>>,
    /// The `later` capabilities.
    pub later: Vec<Txt<'a>>,
    /// The `skip` capabilities.
    pub skip: Vec<Txt<'a>>,
    /// Number of findings per severity.
    pub findings: FindingCounts,
    /// Ids of the open Layer 1 decisions, then of the open Layer 2 capabilities.
    #[serde(default)]
    pub open: Vec<Txt<'a>>,
    /// Ids of the decisions, then the capabilities, that are close calls.
    #[serde(default)]
    pub close_calls: Vec<Txt<'a>>,
    /// The inputs answered `unknown`.
    #[serde(default)]
    pub unknown: Vec<Txt<'a>>,
    /// The inputs left out whose assumed answer decides something: another
    /// answer would change a decision, a verdict or a tool.
    #[serde(default)]
    pub assumed: Vec<Txt<'a>>,
    /// Whether the stack is provisional: something is open, or rests on an
    /// assumed answer.
    #[serde(default)]
    pub provisional: bool,
}

/// Whether a next question is unknown or assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionState {
    /// The profile answered it `unknown`.
    Unknown,
    /// The profile left it out; its default is assumed.
    Assumed,
}

/// A question worth answering next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NextQuestion<'a> {
    /// Input id: the key to answer in a profile.
    pub input: Txt<'a>,
    /// The question, in the assessment's language.
    pub question: Txt<'a>,
    /// Unknown or assumed.
    pub state: QuestionState,
    /// The value assumed now (the provisional recommendation uses it).
    pub value: AnswerValue<'a>,
    /// Unknown: the open decisions and capabilities any answer to it decides.
    /// Assumed: those another answer would change.
    pub settles: Vec<Txt<'a>>,
    /// Unknown: the open decisions and capabilities an answer narrows down
    /// without deciding them.
    pub narrows: Vec<Txt<'a>>,
    /// Why it is worth answering, in one sentence.
    pub why: Txt<'a>,
    /// The KB's open question this input answers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_question: Option<Txt<'a>>,
}

/// Number of findings per severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
pub struct FindingCounts {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Infos.
    pub info: usize,
}

// ---------------------------------------------------------------------------
// Explain
// ---------------------------------------------------------------------------

/// One decision explained for one profile: why, why not, and what would change it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Explanation<'a> {
    /// The KB used.
    pub kb: KbRef<'a>,
    /// The language of the KB texts.
    pub lang: Lang,
    /// The decision, assessed, with flips.
    pub decision: DecisionAssessment<'a>,
    /// The answers this decision reads.
    pub answers: Vec<Answer<'a>>,
    /// The derived facts the deciding rule names (see `decision.because[].derived`).
    #[serde(default)]
    pub derived_facts: Vec<DerivedFactView<'a>>,
}
