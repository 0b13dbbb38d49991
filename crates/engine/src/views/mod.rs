//! Views of an assessment: the same answer at three sizes.
//!
//! - [`View::Summary`]: the stack with each decision's status (decided or
//!   open, provisional, its possible options, its close calls) and one
//!   sentence of why, the Layer 2 board, the blocking and next questions,
//!   the unknown and assumed answers, the findings (at most 16 KB for the
//!   built-in KB): for agents and quick reads;
//! - [`View::Full`]: everything the assessment says about the profile, with
//!   facts, open questions, trade-offs and Layer 0 items written once and
//!   referred to by id, and the KB's own prose left to the KB (at most
//!   100 KB for the built-in KB; [`expand`] puts it back exactly): the
//!   default of the API;
//! - [`View::Expanded`]: the contract as it was, every text in place
//!   (the shape the site reads and decision records store).
//!
//! One decision in detail is [`crate::Engine::explain`].

mod full;
mod summary;

use serde::Serialize;

use crate::output::Assessment;

pub use full::{
    expand, full, Dangling, FactIds, FullAlternative, FullArea, FullBecause, FullCapability,
    FullConditionCheck, FullDecidedBy, FullDecision, FullDerivedFact, FullLayer0, FullNextQuestion,
    FullOpenQuestion, FullRecommendation, FullRuleCheck, FullToolPick, FullTradeoff, FullView, Ids,
};
pub use summary::{
    first_sentence, summary, BoardEntry, CloseCallBrief, FindingBrief, NextQuestionBrief,
    PossibleVerdictBrief, QuestionBrief, StackEntry, SummaryView,
};

/// Which view of an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// Small: the stack, statuses and one sentence of why each.
    Summary,
    /// Everything about the profile, written once; the KB's prose left to the KB (the API's default).
    #[default]
    Full,
    /// The contract with every text in place.
    Expanded,
}

impl View {
    /// Every view, by name.
    pub const ALL: [View; 3] = [View::Summary, View::Full, View::Expanded];

    /// The view's name (`summary`, `full`, `expanded`).
    pub fn name(self) -> &'static str {
        match self {
            View::Summary => "summary",
            View::Full => "full",
            View::Expanded => "expanded",
        }
    }

    /// The view with this name.
    pub fn from_name(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == name)
    }

    /// The view's JSON Schema.
    pub fn schema(self) -> serde_json::Value {
        let schema = match self {
            View::Summary => schemars::schema_for!(SummaryView<'static>),
            View::Full => schemars::schema_for!(FullView<'static>),
            View::Expanded => schemars::schema_for!(Assessment<'static>),
        };
        serde_json::to_value(schema).expect("a schema serialises")
    }
}

/// An assessment in a view, ready to serialise.
pub enum Viewed<'a> {
    /// The summary (boxed, as the full view).
    Summary(Box<SummaryView<'a>>),
    /// The full view (boxed: it is the largest).
    Full(Box<FullView<'a>>),
    /// The expanded assessment itself.
    Expanded(&'a Assessment<'a>),
}

impl<'a> Viewed<'a> {
    /// `assessment` in `view`.
    pub fn of(assessment: &'a Assessment<'a>, view: View) -> Viewed<'a> {
        match view {
            View::Summary => Viewed::Summary(Box::new(summary(assessment))),
            View::Full => Viewed::Full(Box::new(full(assessment))),
            View::Expanded => Viewed::Expanded(assessment),
        }
    }
}

impl Serialize for Viewed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Viewed::Summary(v) => v.serialize(serializer),
            Viewed::Full(v) => v.serialize(serializer),
            Viewed::Expanded(a) => a.serialize(serializer),
        }
    }
}

/// `assessment` in `view`, as compact JSON.
pub fn to_json(assessment: &Assessment<'_>, view: View) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 * 1024);
    let written = match view {
        View::Summary => serde_json::to_writer(&mut out, &summary(assessment)),
        View::Full => serde_json::to_writer(&mut out, &full(assessment)),
        View::Expanded => serde_json::to_writer(&mut out, assessment),
    };
    written.expect("an assessment serialises");
    out
}
