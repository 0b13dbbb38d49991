//! The kompas decision engine: profile -> [`Assessment`].
//!
//! The contract is DESIGN.md, "Assess: the contract". In short:
//!
//! - [`Engine::new`] compiles a KB once and prepares everything that does not
//!   depend on a profile (texts per language, traces, trade-offs, findings per rule);
//! - [`Engine::profile_from_text`] / [`Engine::profile_from_value`] validate a
//!   profile and report *every* problem ([`ProfileError`]);
//! - [`Engine::assess`] answers every Layer 1 decision (why, why not, trace,
//!   trade-offs, open questions, flips) and every Layer 2 capability (now / later
//!   / skip), with findings and a summary; [`Engine::explain`] does one decision;
//! - an answer is given, `unknown` or assumed (left out): an outcome an unknown
//!   answer can change is open, with every possible outcome and exactly the
//!   answers that lead to it; close calls, the assumptions that decide
//!   something and the questions to answer next come with every assessment;
//! - [`Engine::questionnaire`], [`profile_schema`] and [`assessment_schema`]
//!   describe the input and the output.
//!
//! An [`Assessment<'e>`] borrows its texts from the engine (no copying, no
//! reference counting per string); it does not borrow the profile. Serialise
//! it, or keep it while the engine lives; an assessment read back from JSON is
//! `Assessment<'static>`.
//!
//! Nothing here knows about Cilium or the webshop: the KB is data.
//!
//! # Performance
//!
//! Design:
//!
//! - [`Engine::new`] prepares everything that depends only on the KB: texts per
//!   language, options, rules with their conditions in words, traces,
//!   trade-offs, questions, findings per rule, and per decision the option of
//!   every cell of its table (for flips). An assessment borrows all of it
//!   (`Cow::Borrowed`, shared slices); the only text it formats is a set
//!   change in a flip (`includes PCI-DSS`).
//! - An assessment is built in one pass with every vector allocated at its
//!   final size: one scratch buffer serves the comparisons of every condition
//!   (`facts::explain`), the profile's values are shaped once (they become
//!   `profile.inputs` and are copied into facts), verdicts come from the
//!   conditions already explained (no second evaluation), and flips reuse their
//!   buffers from decision to decision and scan a ready table of options;
//!   each decision's flips are kept per cell of its effective inputs' classes
//!   (the flips memo, [`MAX_CELLS_PER_DECISION`]), so a cell is searched once.
//! - What remains is what the output types ask for: one heap block per
//!   non-empty list (facts per rule and condition, rule checks per alternative,
//!   ...), about 275 per assessment of the built-in KB (valgrind's DHAT), and
//!   the ~75 KB they hold (before derived facts, notes and practices were
//!   added; README "Performance" has today's numbers). Copying a finished assessment (`clone_floor` in the
//!   benchmarks: the same blocks and bytes, nothing computed) costs about
//!   7.7 µs on the reference machine, so building one cannot go much below
//!   that with the system allocator; a faster assessment needs an output with
//!   fewer, larger lists (an API change).
//! - Tried and left out, as they did not pay: tabulating every condition's
//!   outcome and comparisons per cell of its variables' classes (4% fewer
//!   instructions, no measurable time, more code and memory), and borrowing
//!   `answers[].given` from JSON the engine holds (1%).
//! - `serde_json::to_string` of an assessment spends 78% of its instructions
//!   escaping strings byte by byte (about 10 per byte of 181 KB); there is no
//!   pretty-printing or cloning. Texts shared between decisions (open
//!   questions, trade-offs, traces: a third of the bytes) are escaped every
//!   time they appear; avoiding that needs pre-escaped JSON in the output types.
//!
//! Numbers: built-in KB, `examples/webshop.yaml`, one thread, medians of three
//! alternating runs of `cargo bench -p kompas-engine --bench assess` (divan)
//! on a 2-core VM; instructions per call from `valgrind --tool=callgrind` on
//! `examples/assess_loop.rs` (see its docs), which stay exact on a busy machine.
//!
//! | benchmark              | before        | after         | instructions before → after |
//! |------------------------|---------------|---------------|-----------------------------|
//! | `evaluate`             | 0.47–0.50 µs  | 0.44–0.45 µs  | 9.1 k → 9.4 k               |
//! | `assess_without_flips` | 12.0–12.4 µs  | 10.2–10.3 µs  | 231 k → 218 k (with drop)   |
//! | `assess_with_flips`    | 19.0–19.1 µs  | 14.3–15.0 µs  | 380 k → 314 k (with drop)   |
//! | `render_json`          | 118–130 µs    | unchanged     | 2.28 M → 2.28 M             |
//! | `clone_floor`          | 7.6–8.3 µs    | (reference)   | 176 k (with drop)           |

#![warn(missing_docs)]

mod assess;
mod cover;
mod facts;
mod findings;
mod flip_memo;
mod flips;
mod openness;
mod output;
mod prepared;
mod profile;
mod questionnaire;
mod questions;
mod share;
mod targets;
mod text;
mod unknowns;
mod verdicts;
pub mod views;
mod whatif;
mod when;

use std::sync::Arc;

use kompas_kb::diag::suggest;
use kompas_kb::Kb;
use kompas_logic::Compiled;

pub use assess::{Evaluation, VerdictCore};
pub use openness::{MAX_BOXES, MAX_COMPLETIONS, MAX_COMPLETIONS_PER_OUTCOME};
pub use output::*;
pub use profile::{Profile, ProfileError, ProfileProblem, MAX_PROBLEMS, UNKNOWN};
pub use questionnaire::{
    profile_schema, AliasChoice, DefaultFromView, Influences, LocalText, Question, QuestionGroup,
    Questionnaire, UnknownChoice, ValueChoice,
};
pub use questions::MAX_ASSUMED_QUESTIONS;
pub use text::{Lang, Txt};
pub use views::View;

use flip_memo::FlipMemo;
pub use flip_memo::MAX_CELLS_PER_DECISION;
use prepared::Prepared;

/// A KB compiled for assessment. Cheap to share (`Arc` inside); build once per KB.
#[derive(Clone)]
pub struct Engine {
    kb: Arc<Kb>,
    compiled: Arc<Compiled>,
    prepared: Arc<Prepared>,
    derived_ids: Arc<[Txt<'static>]>,
    /// Flips already searched, per decision and cell (shared by clones:
    /// they are the same KB).
    flip_memo: Arc<FlipMemo>,
}

/// Options of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessOptions {
    /// Language of the KB texts (falls back to English per text).
    pub lang: Lang,
    /// Whether to compute flips.
    pub flips: bool,
}

impl Default for AssessOptions {
    fn default() -> Self {
        AssessOptions {
            lang: Lang::En,
            flips: true,
        }
    }
}

/// A request the engine cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error)]
pub enum EngineError {
    /// `explain` was asked about a decision the KB does not have.
    #[error("{}", unknown_decision_message(.given, .suggestion.as_deref(), .known, *.capability))]
    UnknownDecision {
        /// The id given.
        given: String,
        /// The closest decision id.
        suggestion: Option<String>,
        /// Every decision id of the KB.
        known: Vec<String>,
        /// Whether the id is a Layer 2 capability rather than a decision.
        capability: bool,
    },
}

fn unknown_decision_message(
    given: &str,
    suggestion: Option<&str>,
    known: &[String],
    capability: bool,
) -> String {
    let mut m = if capability {
        format!("`{given}` is a Layer 2 capability, not a Layer 1 decision; its verdict is in the `layer2` part of `kompas assess`")
    } else {
        format!("`{given}` is not a decision of this knowledge base")
    };
    if let Some(s) = suggestion {
        m.push_str(&format!("; did you mean `{s}`?"));
    }
    m.push_str(&format!("\nknown decisions: {}", known.join(", ")));
    m
}

impl Engine {
    /// Compiles a KB (that has already passed `kompas check`) and prepares it.
    pub fn new(kb: Kb) -> Engine {
        let compiled = kompas_logic::compile(&kb);
        let prepared = Prepared::new(&kb, &compiled);
        let derived_ids = kb
            .derived
            .iter()
            .map(|d| Txt::Owned(d.id.clone()))
            .collect();
        let flip_memo = Arc::new(FlipMemo::new(&compiled));
        Engine {
            kb: Arc::new(kb),
            compiled: Arc::new(compiled),
            prepared: Arc::new(prepared),
            derived_ids,
            flip_memo,
        }
    }

    /// The KB.
    pub fn kb(&self) -> &Kb {
        &self.kb
    }

    /// The compiled KB.
    pub fn compiled(&self) -> &Compiled {
        &self.compiled
    }

    pub(crate) fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    pub(crate) fn derived_ids(&self) -> &[Txt<'static>] {
        &self.derived_ids
    }

    pub(crate) fn flip_memo(&self) -> &FlipMemo {
        &self.flip_memo
    }

    /// Empties the flips searched so far (see [`MAX_CELLS_PER_DECISION`]),
    /// so the next assessments search again: for measuring a profile in a
    /// cell no profile reached before.
    pub fn forget_flips(&self) {
        self.flip_memo.clear();
    }

    /// The profile with every input at its default.
    pub fn default_profile(&self) -> Profile {
        Profile::defaults(&self.compiled)
    }

    /// Validates and normalises a profile given as JSON. Every problem is reported.
    pub fn profile_from_value(&self, v: &serde_json::Value) -> Result<Profile, ProfileError> {
        profile::from_value(&self.kb, &self.compiled, v, None)
    }

    /// Reads a profile from JSON bytes (a request body): a fast path for the
    /// usual valid profile, straight from the bytes to the dense values;
    /// anything else goes through the thorough validator, which reports every
    /// problem with `source:line:col`. Either way the result is the same.
    pub fn profile_from_json(&self, bytes: &[u8], source: &str) -> Result<Profile, ProfileError> {
        profile::from_json_bytes(&self.kb, &self.compiled, bytes, source)
    }

    /// The fast path of [`Engine::profile_from_json`] alone: `None` when the
    /// bytes need the thorough validator (a problem, or a form it does not
    /// read, such as escapes in strings); the caller then validates them its
    /// own way.
    pub fn profile_from_json_fast(&self, bytes: &[u8]) -> Option<Profile> {
        profile::from_json_fast(&self.kb, &self.compiled, bytes)
    }

    /// Parses a profile from YAML or JSON text (YAML 1.2 is a superset of JSON)
    /// and validates it; problems carry `source:line:col`.
    pub fn profile_from_text(&self, text: &str, source: &str) -> Result<Profile, ProfileError> {
        profile::from_text(&self.kb, &self.compiled, text, source)
    }

    /// Validates a profile that sits at the JSON pointer `at` (`""` for the
    /// whole document) of a document parsed from YAML or JSON text, whose
    /// positions `map` holds: every problem carries `source:line:col`.
    pub fn profile_from_located(
        &self,
        value: &serde_json::Value,
        map: &kompas_kb::yaml::SourceMap,
        source: &str,
        at: &str,
    ) -> Result<Profile, ProfileError> {
        profile::from_value_at(&self.kb, &self.compiled, value, Some((map, source)), at)
    }

    /// The profile's normalised inputs as JSON (a valid profile itself;
    /// unknown answers stay `unknown`).
    pub fn profile_to_value(&self, p: &Profile) -> serde_json::Value {
        let map = self
            .compiled
            .vars
            .iter()
            .zip(p.values())
            .enumerate()
            .map(|(i, (v, x))| {
                let value = if p.is_unknown(i) {
                    serde_json::Value::from(UNKNOWN)
                } else {
                    v.decode(*x)
                };
                (v.id.clone(), value)
            })
            .collect();
        serde_json::Value::Object(map)
    }

    /// The evaluation core: the deciding rule of every decision and the verdict
    /// of every capability, by index, without any of the explanation.
    pub fn evaluate(&self, p: &Profile) -> Evaluation {
        assess::evaluate(self, p)
    }

    /// The full assessment, in English, with flips.
    pub fn assess<'e>(&'e self, p: &Profile) -> Assessment<'e> {
        assess::assess(self, p, Lang::En, true, assess::Detail::Full)
    }

    /// The full assessment without flips (cheaper; `flips` are empty).
    pub fn assess_without_flips<'e>(&'e self, p: &Profile) -> Assessment<'e> {
        assess::assess(self, p, Lang::En, false, assess::Detail::Full)
    }

    /// The assessment with options: the language of the KB texts, and flips or not.
    pub fn assess_with<'e>(&'e self, p: &Profile, options: AssessOptions) -> Assessment<'e> {
        assess::assess(self, p, options.lang, options.flips, assess::Detail::Full)
    }

    /// An assessment with only what the summary view reads (see
    /// [`views::summary`]): every recommendation and verdict with its status,
    /// reason, possible outcomes and close calls, the questions, the
    /// findings and the short version; no alternatives, no facts, no
    /// answers or derived facts, no flips. About half the work of a full
    /// assessment, and its summary view is the same (tested); for the
    /// `full` or `expanded` view use [`Engine::assess_with`].
    pub fn assess_brief<'e>(&'e self, p: &Profile, lang: Lang) -> Assessment<'e> {
        assess::assess(self, p, lang, false, assess::Detail::Brief)
    }

    /// One decision explained, in English: why, why not, and what would change it.
    pub fn explain<'e>(
        &'e self,
        p: &Profile,
        decision: &str,
    ) -> Result<Explanation<'e>, EngineError> {
        self.explain_in(p, decision, Lang::En)
    }

    /// One decision explained, in a language.
    pub fn explain_in<'e>(
        &'e self,
        p: &Profile,
        decision: &str,
        lang: Lang,
    ) -> Result<Explanation<'e>, EngineError> {
        let Some(d) = self.kb.decisions.iter().position(|x| x.id == decision) else {
            let known: Vec<String> = self.kb.decisions.iter().map(|d| d.id.clone()).collect();
            return Err(EngineError::UnknownDecision {
                given: decision.to_owned(),
                suggestion: suggest(decision, known.iter().map(String::as_str)),
                capability: self.kb.capability(decision).is_some(),
                known,
            });
        };
        let winner = self.compiled.decisions[d].decide(p.values());
        let mut ctx = assess::Ctx::new(self, p, lang);
        let decision = assess::decision(&mut ctx, d, winner, true);
        let answers = assess::answers(&ctx, p, Some(&self.compiled.decisions[d].vars));
        let named: Vec<&str> = decision
            .because
            .iter()
            .flat_map(|b| b.derived.iter().map(|x| &**x))
            .collect();
        let derived_facts = assess::derived_facts(&ctx)
            .into_iter()
            .filter(|f| named.contains(&&*f.id))
            .collect();
        Ok(Explanation {
            kb: assess::kb_ref(&ctx.texts.kb),
            lang,
            decision,
            answers,
            derived_facts,
        })
    }

    /// The questionnaire: groups, questions (en + nl), values, defaults, and what
    /// each answer influences.
    pub fn questionnaire(&self) -> Questionnaire {
        questionnaire::questionnaire(
            &self.kb,
            &self.compiled,
            self.prepared.texts(Lang::En).kb.clone(),
        )
    }
}

/// The JSON Schema of an assessment (`kompas schema assessment`).
pub fn assessment_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Assessment<'static>)).expect("a schema serialises")
}

/// The JSON Schema of the questionnaire (`GET /api/v1/inputs`).
pub fn questionnaire_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Questionnaire)).expect("a schema serialises")
}

/// The JSON Schema of an explanation.
pub fn explanation_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Explanation<'static>)).expect("a schema serialises")
}
