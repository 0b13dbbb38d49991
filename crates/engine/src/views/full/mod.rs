//! The `full` view: everything the expanded assessment says about the
//! profile, with what the knowledge base says anyway left to the knowledge
//! base (at most 100 KB of compact JSON for the built-in KB; the largest
//! example profile is about 94 KB in Dutch).
//!
//! # What is written once
//!
//! - **Facts.** Every comparison checked against the profile (a [`Fact`]:
//!   input, value, condition, met, statement) is written once in the
//!   top-level `facts` table; `because[].facts`, `alternatives[].rules[].facts`,
//!   the Layer 2 conditions' `detail` and `tool.facts` are positions in it.
//! - **Open questions, trade-offs, Layer 0 items** are written once at the
//!   top level (`open_questions`, `tradeoffs`, `layer0`) and referred to by
//!   id from the decisions, the capabilities and the trade-offs.
//! - A derived answer names its fact (`answers[].derived_from`); the fact's
//!   reason and inputs are under `derived_facts`.
//! - Optional fields are left out when empty, `null` or `false` (and
//!   `exhaustive` when `true`, `status` when `decided`); a Layer 2
//!   condition's `met` is its `status`.
//!
//! # What `full` leaves to the KB
//!
//! A text the knowledge base states verbatim (in the assessment's language),
//! or that the engine makes from the KB alone whatever the profile, is left
//! out; the view gives the ids to find it in the KB (`kompas kb`, the API's
//! KB sections, the MCP resources). Texts the engine makes for this profile
//! stay: fact statements and conditions, rule conditions, `why` of next
//! questions, `possible_text`, flips and close calls, findings' messages,
//! the reasons of derived facts (the case that holds), the notes that hold,
//! generated open questions. Left out:
//!
//! | expanded field | found in the KB at |
//! |---|---|
//! | decision `question` | the decision (`id`) |
//! | an option's `title` (recommendation, alternatives, flips, possible, close calls) | the decision's option (`option`) |
//! | `recommendation.rationale`, `pros`, `cons` | the option (`recommendation.option`) |
//! | `because[].text`, `source` | the decision's rule (`because[].rule`) |
//! | `alternatives[].rationale`, `reason`, `superseded`, `condition` | the option (`alternatives[].option`); `condition` is its rules' conditions, each under `rules[].condition` |
//! | `alternatives[].rules[].because` | the rule (`rules[].rule`) |
//! | `chain`, `practices` | the recommended option (with the decision's practices first), else the decision |
//! | `layer0[].title` | the Layer 0 item (`id`) |
//! | trade-off `title`, `resolution`, `rationale`, `scope` | the trade-off (`id`) |
//! | open question `text`, `decide_by`, `default_assumption` | the open question (`id`); written for a `generated` one |
//! | capability `question`, `exit_strategy` | the capability (`id`) |
//! | trigger / skip-if / timing `text`, `decided_by.text` | the capability's condition (`id`) |
//! | `tool.use_when` | the capability's tool choice (`tool.id`) |
//! | derived fact `description`, `source` | the derived fact (`id`) |
//! | area `title`, `help` | the area (`id`) |
//! | next question `question` | the input (`input`) |
//! | finding `sources` | the tool (`tool`), or the superseded option |
//!
//! Titles of decisions, capabilities and tool choices stay, so the view
//! reads on its own. [`expand`] puts every left-out text back from the
//! engine's KB and rebuilds the expanded assessment exactly (tested on every
//! example profile, in English and Dutch, and with unknown answers, from the
//! view's JSON): the proof that `full` loses nothing.

mod build;
mod expand;

use std::borrow::Cow;

use kompas_kb::{Complexity, Layer0Kind, QuestionPriority, Verdict};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::output::*;
use crate::text::{Lang, Txt};

pub use build::full;
pub use expand::{expand, Dangling};

/// Ids of items written once at the top level.
pub type Ids<'a> = Vec<Txt<'a>>;

/// Positions in the view's `facts` table.
pub type FactIds = Vec<u32>;

fn is_false(b: &bool) -> bool {
    !b
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

fn is_decided(s: &Status) -> bool {
    *s == Status::Decided
}

// serde hands `skip_serializing_if` a reference to the field itself.
#[allow(clippy::ptr_arg)]
fn none<T: Clone>(list: &Cow<'_, [T]>) -> bool {
    list.is_empty()
}

/// An assessment in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullView<'a> {
    /// Always `full`.
    pub view: Txt<'a>,
    /// The KB used (its `digest` names the KB the left-out texts are in).
    pub kb: Cow<'a, KbRef<'a>>,
    /// The language of the KB texts.
    pub lang: Lang,
    /// The profile as assessed (see the expanded assessment).
    pub profile: Cow<'a, ProfileView<'a>>,
    /// Every input with its value and where it came from.
    pub answers: Vec<FullAnswer<'a>>,
    /// The facts the KB derives from the answers; their `description` and
    /// `source` are the KB's derived fact (`id`).
    #[serde(default)]
    pub derived_facts: Vec<FullDerivedFact<'a>>,
    /// Every comparison checked against the profile, once; the `facts` and
    /// `detail` lists elsewhere are positions in this table.
    #[serde(default)]
    pub facts: Vec<Cow<'a, Fact<'a>>>,
    /// One entry per Layer 1 decision, in KB order.
    pub decisions: Vec<FullDecision<'a>>,
    /// The areas that group the decisions, in reading order; `title` and
    /// `help` are the KB's area (`id`).
    #[serde(default)]
    pub areas: Vec<FullArea<'a>>,
    /// One entry per Layer 2 capability, in KB order.
    pub layer2: Vec<FullCapability<'a>>,
    /// Every open question: blocking first, then by priority.
    pub open_questions: Vec<FullOpenQuestion<'a>>,
    /// Every trade-off a decision accepts, once.
    #[serde(default)]
    pub tradeoffs: Vec<FullTradeoff<'a>>,
    /// Every Layer 0 item something traces to, once.
    pub layer0: Vec<FullLayer0<'a>>,
    /// The questions worth answering next, the most useful first.
    #[serde(default)]
    pub next_questions: Vec<FullNextQuestion<'a>>,
    /// What the engine noticed.
    #[serde(default)]
    pub findings: Vec<FullFinding<'a>>,
    /// The short version.
    pub summary: Cow<'a, Summary<'a>>,
    /// Whether `flips` were computed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub flips_computed: bool,
}

/// A derived fact in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullDerivedFact<'a> {
    /// Fact id (its `description` and `source` are in the KB).
    pub id: Txt<'a>,
    /// Its value: `true`/`false`, or one of its values.
    pub value: AnswerValue<'a>,
    /// Why it has this value for this profile, if the KB says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because: Option<Txt<'a>>,
    /// The inputs it reads.
    #[serde(default, skip_serializing_if = "none")]
    pub inputs: Cow<'a, [Txt<'static>]>,
}

/// An area in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullArea<'a> {
    /// Area id (its `title` and `help` are in the KB).
    pub id: Txt<'a>,
    /// Its decisions (ids), in reading order.
    pub decisions: Cow<'a, [Txt<'a>]>,
}

/// A Layer 1 decision in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullDecision<'a> {
    /// Decision id (its `question` is in the KB; so are the recommended
    /// option's `chain` and `practices`, and the decision's own when no
    /// option is recommended).
    pub id: Txt<'a>,
    /// Always 1.
    pub layer: u8,
    /// Title.
    pub title: Txt<'a>,
    /// The recommended option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<FullRecommendation<'a>>,
    /// Why: the rule that decided and the facts that matched it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<FullBecause<'a>>,
    /// Every other option.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<FullAlternative<'a>>,
    /// Ids of the Layer 0 items it traces to (see `layer0`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traces_to: Ids<'a>,
    /// Ids of the trade-offs the recommendation accepts (see `tradeoffs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tradeoffs: Ids<'a>,
    /// Ids of the open questions that affect it: first those an unknown
    /// answer adds (as the top-level `open_questions` has them), then the
    /// KB's own for the recommended option, else for the decision (as the
    /// KB states them, which is how the expanded assessment writes them here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_questions: Ids<'a>,
    /// The smallest changes of answers that make another option the recommendation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flips: Vec<FullFlip<'a>>,
    /// The inputs this decision's rules read.
    #[serde(default, skip_serializing_if = "none")]
    pub reads: Cow<'a, [Txt<'static>]>,
    /// `decided` (left out) or `open` (it depends on unknown answers).
    #[serde(default, skip_serializing_if = "is_decided")]
    pub status: Status,
    /// Whether the recommendation is provisional.
    #[serde(default, skip_serializing_if = "is_false")]
    pub provisional: bool,
    /// Whether every unknown answer that can change it was examined (left
    /// out when true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub exhaustive: bool,
    /// For a decided decision: the unknown answers it holds despite.
    #[serde(default, skip_serializing_if = "none")]
    pub decided_despite: Cow<'a, [Txt<'a>]>,
    /// For an open decision: every option the unknown answers can lead to, and when.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible: Vec<FullPossible<'a>>,
    /// For an open decision: the options and their conditions in one sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_text: Option<Txt<'a>>,
    /// For an open decision: the unknown inputs it waits on.
    #[serde(default, skip_serializing_if = "none")]
    pub blocked_by: Cow<'a, [Txt<'a>]>,
    /// The one-step changes of given answers that change the recommendation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub close_call: Vec<FullCloseCall<'a>>,
}

/// The recommended option in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullRecommendation<'a> {
    /// Option id (its `title`, `rationale`, `pros` and `cons` are in the KB).
    pub option: Txt<'a>,
    /// The tools it uses.
    #[serde(default, skip_serializing_if = "none")]
    pub tools: Cow<'a, [Txt<'static>]>,
    /// The rule that chose it.
    pub rule: Txt<'a>,
    /// Whether it is the reference case's own choice (`kb.reference`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub seed_choice: bool,
}

/// The rule that decided, in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullBecause<'a> {
    /// Rule id (its reason `text` and `source` are in the KB).
    pub rule: Txt<'a>,
    /// Its priority.
    pub priority: i32,
    /// Whether it is the decision's default rule.
    #[serde(default, skip_serializing_if = "is_false")]
    pub default: bool,
    /// The rule's condition in words (left out for the default rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Txt<'a>>,
    /// Positions in `facts`: the comparisons that made it hold (for the
    /// default rule, those of the other rules that did not hold).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: FactIds,
    /// The derived facts the rule's condition names.
    #[serde(default, skip_serializing_if = "none")]
    pub derived: Cow<'a, [Txt<'static>]>,
    /// Further sentences of why that hold for this profile.
    #[serde(default, skip_serializing_if = "none")]
    pub notes: Cow<'a, [Txt<'a>]>,
}

/// An alternative in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullAlternative<'a> {
    /// Option id (its `title`, `rationale`, standing `reason` and
    /// `superseded` are in the KB, and so is its `condition`: its rules'
    /// conditions, each under `rules[].condition`).
    pub option: Txt<'a>,
    /// The tools it uses.
    #[serde(default, skip_serializing_if = "none")]
    pub tools: Cow<'a, [Txt<'static>]>,
    /// Whether some rule that chooses it holds for this profile.
    #[serde(default, skip_serializing_if = "is_false")]
    pub applies: bool,
    /// Why it is not the recommendation.
    pub why_not: Cow<'a, WhyNot<'a>>,
    /// Whether it is the reference case's own choice.
    #[serde(default, skip_serializing_if = "is_false")]
    pub seed_choice: bool,
    /// Each rule that would choose it, checked against the profile.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<FullRuleCheck<'a>>,
}

/// A rule checked against the profile, in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullRuleCheck<'a> {
    /// Rule id (its reason, `because`, is in the KB).
    pub rule: Txt<'a>,
    /// Priority.
    pub priority: i32,
    /// Whether it is the default rule.
    #[serde(default, skip_serializing_if = "is_false")]
    pub default: bool,
    /// Whether its condition holds.
    #[serde(default, skip_serializing_if = "is_false")]
    pub holds: bool,
    /// Its condition in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Txt<'a>>,
    /// Positions in `facts`: the comparisons that decided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: FactIds,
}

/// A trade-off in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullTradeoff<'a> {
    /// Trade-off id (its `title`, `resolution`, `rationale` and `scope` are in the KB).
    pub id: Txt<'a>,
    /// Ids of the Layer 0 items that win (see `layer0`).
    pub favours: Ids<'a>,
    /// Ids of the Layer 0 items that give way (see `layer0`).
    pub over: Ids<'a>,
}

/// A Layer 0 item in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullLayer0<'a> {
    /// Layer 0 id, e.g. `principle.open_source` (its `title` is in the KB).
    pub id: Txt<'a>,
    /// Its kind.
    pub kind: Layer0Kind,
}

/// An open question in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullOpenQuestion<'a> {
    /// Question id, e.g. `q1` (for a KB question, its `text`, `decide_by`
    /// and `default_assumption` are in the KB).
    pub id: Txt<'a>,
    /// The question, for a `generated` one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Txt<'a>>,
    /// Whether it blocks the decisions it affects.
    #[serde(default, skip_serializing_if = "is_false")]
    pub blocking: bool,
    /// Priority.
    pub priority: QuestionPriority,
    /// When it must be decided, for a `generated` one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decide_by: Option<Txt<'a>>,
    /// What to assume until it is answered, for a `generated` one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_assumption: Option<Txt<'a>>,
    /// The decisions and capabilities it affects.
    #[serde(default, skip_serializing_if = "none")]
    pub decisions: Cow<'a, [Txt<'static>]>,
    /// The input whose answer answers this question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<Txt<'a>>,
    /// The open decisions and capabilities this question blocks here.
    #[serde(default, skip_serializing_if = "none")]
    pub blocks: Cow<'a, [Txt<'a>]>,
    /// Whether kompas made the question from an unknown input.
    #[serde(default, skip_serializing_if = "is_false")]
    pub generated: bool,
}

/// A question worth answering next, in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullNextQuestion<'a> {
    /// Input id (the `question` it asks is the KB's input).
    pub input: Txt<'a>,
    /// Unknown or assumed.
    pub state: QuestionState,
    /// The value assumed now.
    pub value: AnswerValue<'a>,
    /// The open decisions and capabilities it settles.
    #[serde(default, skip_serializing_if = "none")]
    pub settles: Cow<'a, [Txt<'a>]>,
    /// The open decisions and capabilities an answer narrows down.
    #[serde(default, skip_serializing_if = "none")]
    pub narrows: Cow<'a, [Txt<'a>]>,
    /// Why it is worth answering, in one sentence.
    pub why: Txt<'a>,
    /// The KB's open question this input answers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_question: Option<Txt<'a>>,
}

/// A Layer 2 capability in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullCapability<'a> {
    /// Capability id (its `question` and `exit_strategy` are in the KB).
    pub id: Txt<'a>,
    /// Always 2.
    pub layer: u8,
    /// Title.
    pub title: Txt<'a>,
    /// Complexity cost.
    pub complexity: Complexity,
    /// Now, later or skip.
    pub verdict: Verdict,
    /// For `now`: the order to take them in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// The `now` item to start with.
    #[serde(default, skip_serializing_if = "is_false")]
    pub start_here: bool,
    /// What decided the verdict.
    pub decided_by: FullDecidedBy<'a>,
    /// Triggers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<FullConditionCheck<'a>>,
    /// Skip-if conditions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skip_if: Vec<FullConditionCheck<'a>>,
    /// Timing: now if.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub now_if: Vec<FullConditionCheck<'a>>,
    /// Timing: later if.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub later_if: Vec<FullConditionCheck<'a>>,
    /// The tool to choose, when the verdict is now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<FullToolPick<'a>>,
    /// Ids of the Layer 0 items it traces to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traces_to: Ids<'a>,
    /// Ids of the open questions that affect it (as the KB states them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open_questions: Ids<'a>,
    /// `decided` (left out) or `open` (it depends on unknown answers).
    #[serde(default, skip_serializing_if = "is_decided")]
    pub status: Status,
    /// Whether the verdict and tool are provisional.
    #[serde(default, skip_serializing_if = "is_false")]
    pub provisional: bool,
    /// Whether every unknown answer that can change it was examined (left
    /// out when true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub exhaustive: bool,
    /// For a decided capability: the unknown answers it holds despite.
    #[serde(default, skip_serializing_if = "none")]
    pub decided_despite: Cow<'a, [Txt<'a>]>,
    /// For an open capability: every verdict (and tool) the unknown answers can lead to, and when.
    #[serde(default, skip_serializing_if = "none")]
    pub possible: Cow<'a, [PossibleVerdict<'a>]>,
    /// For an open capability: the verdicts and their conditions in one sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_text: Option<Txt<'a>>,
    /// For an open capability: the unknown inputs it waits on.
    #[serde(default, skip_serializing_if = "none")]
    pub blocked_by: Cow<'a, [Txt<'a>]>,
    /// The one-step changes of given answers that change the verdict or the tool.
    #[serde(default, skip_serializing_if = "none")]
    pub close_call: Cow<'a, [VerdictCloseCall<'a>]>,
}

/// What decided a verdict, in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullDecidedBy<'a> {
    /// The step.
    pub step: Step,
    /// The id of the condition that decided (its `text` is in the KB; left
    /// out for `otherwise`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Txt<'a>>,
}

/// A trigger, skip-if or timing rule in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullConditionCheck<'a> {
    /// Id, e.g. `service_mesh.many_services` (its `text` is in the KB).
    pub id: Txt<'a>,
    /// Whether it holds (`met` in the expanded assessment is `true` for
    /// `met`, `false` for `not_met`, `null` for `unknown`).
    pub status: Met,
    /// Positions in `facts`: the comparisons and the profile's values that decided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub detail: FactIds,
}

/// The tool picked for a capability, in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullToolPick<'a> {
    /// Choice id, e.g. `linkerd` (its `use_when` is in the KB).
    pub id: Txt<'a>,
    /// Title.
    pub title: Txt<'a>,
    /// Tool ids.
    #[serde(default, skip_serializing_if = "none")]
    pub tools: Cow<'a, [Txt<'static>]>,
    /// Whether it was picked as the default.
    #[serde(default, skip_serializing_if = "is_false")]
    pub default: bool,
    /// Positions in `facts`: the comparisons that picked it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: FactIds,
}

/// An answer in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullAnswer<'a> {
    /// Input id.
    pub input: Txt<'a>,
    /// The value used, normalised.
    pub value: AnswerValue<'a>,
    /// Given, default, derived or unknown.
    pub source: AnswerSource,
    /// Whether the value is assumed rather than given.
    #[serde(default, skip_serializing_if = "is_false")]
    pub assumed: bool,
    /// The value as the profile wrote it, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<Cow<'a, serde_json::Value>>,
    /// For a derived answer: the fact it follows (its reason and inputs are
    /// that fact's `because` and `inputs` under `derived_facts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<Txt<'a>>,
}

/// A finding in the `full` view (its `sources` are in the KB: the tool's,
/// or the superseded option's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullFinding<'a> {
    /// Stable code (see the expanded assessment).
    pub code: Txt<'a>,
    /// Severity.
    pub severity: FindingSeverity,
    /// Kind.
    pub kind: FindingKind,
    /// Decision (or capability) id.
    pub decision: Txt<'a>,
    /// The option concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<Txt<'a>>,
    /// The tool concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<Txt<'a>>,
    /// The Layer 0 principle concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principle: Option<Txt<'a>>,
    /// What, in words.
    pub message: Txt<'a>,
    /// The trade-off that knowingly accepts the conflict, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_by: Option<Txt<'a>>,
    /// The consistency rule broken (`E0401`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consistency: Option<Txt<'a>>,
}

/// A flip in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullFlip<'a> {
    /// The option it would make the recommendation (its `title` is in the KB).
    pub option: Txt<'a>,
    /// The rule that would then decide.
    pub rule: Txt<'a>,
    /// Number of answers to change.
    pub distance: usize,
    /// The changes.
    pub changes: Cow<'a, [Change<'a>]>,
}

/// One option an open decision can still get, in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullPossible<'a> {
    /// Option id, `""` for no recommendation (an option's `title` is in the KB).
    pub option: Txt<'a>,
    /// The title of no recommendation (only when `option` is `""`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Txt<'a>>,
    /// Whether it is the provisional recommendation.
    #[serde(default, skip_serializing_if = "is_false")]
    pub provisional: bool,
    /// The answers that lead to it (see the expanded assessment).
    pub when: Cow<'a, [Vec<ConditionTerm<'a>>]>,
    /// The same in a sentence.
    pub text: Txt<'a>,
}

/// A close call of a decision, in the `full` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FullCloseCall<'a> {
    /// Input id.
    pub input: Txt<'a>,
    /// The answer given.
    pub from: AnswerValue<'a>,
    /// The neighbouring answer.
    pub to: AnswerValue<'a>,
    /// The option the decision would then recommend, `""` when none (an
    /// option's `title` is in the KB).
    pub option: Txt<'a>,
    /// The title of no recommendation (only when `option` is `""`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Txt<'a>>,
}
