//! The `summary` view: what an agent (or a person in a hurry) needs to act on
//! an assessment, small enough for a context window (at most 16 KB for the
//! built-in KB): the stack with each decision's status (decided or open),
//! whether it is provisional, its possible options when open, its close calls
//! and one sentence of why; the Layer 2 board the same way; the blocking and
//! next questions; which answers are unknown or assumed; the findings.
//! The detail of one decision is `explain`; everything is the `full` view.

use std::borrow::Cow;

use kompas_kb::Verdict;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::output::*;
use crate::text::{Lang, Txt};

/// An assessment in the `summary` view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SummaryView<'a> {
    /// Always `summary`.
    pub view: Txt<'a>,
    /// The KB used.
    pub kb: KbRef<'a>,
    /// The language of the texts.
    pub lang: Lang,
    /// Every Layer 1 decision, in KB order.
    pub stack: Vec<StackEntry<'a>>,
    /// Every Layer 2 capability: `now` first in the order to take them, then
    /// `later`, then `skip`.
    pub layer2: Vec<BoardEntry<'a>>,
    /// The open questions that block a decision, with what they block.
    pub blocking_questions: Vec<QuestionBrief<'a>>,
    /// The questions worth answering next, the most useful first (see the
    /// `full` view's `next_questions`).
    pub next_questions: Vec<NextQuestionBrief<'a>>,
    /// Whether the stack is provisional: something is open, or rests on an
    /// assumed answer.
    pub provisional: bool,
    /// Ids of the open decisions, then of the open capabilities.
    pub open: Vec<Txt<'a>>,
    /// Ids of the decisions, then the capabilities, that are close calls.
    pub close_calls: Vec<Txt<'a>>,
    /// The inputs answered `unknown`.
    pub unknown: Vec<Txt<'a>>,
    /// The inputs left out whose assumed answer decides something.
    pub assumed: Vec<Txt<'a>>,
    /// What the engine noticed: errors and warnings one by one, most severe
    /// first, each in one sentence; then one entry per info code.
    pub findings: Vec<FindingBrief<'a>>,
    /// Number of findings per severity.
    pub finding_counts: FindingCounts,
    /// Where the rest is: `explain` for one decision, the `full` view for all.
    pub more: Txt<'a>,
}

/// One decision of the stack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct StackEntry<'a> {
    /// Decision id.
    pub decision: Txt<'a>,
    /// Its title.
    pub title: Txt<'a>,
    /// The recommended option's id (`null` only for a KB with a gap).
    pub option: Option<Txt<'a>>,
    /// Its title.
    pub option_title: Option<Txt<'a>>,
    /// `decided`: it holds whatever the unknown answers are; `open`: it
    /// depends on them (see `possible`).
    pub status: Status,
    /// Whether `option` is provisional (what the assumed values of the
    /// unknown answers give); left out when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
    /// Why, in one sentence; for an open decision, when it is short enough:
    /// which option under which answers (else the provisional option's
    /// reason; the conditions in full are in `explain` and the full view).
    pub why: Txt<'a>,
    /// For an open decision: the ids of every option the unknown answers can
    /// lead to (`option` is the provisional one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible: Vec<Txt<'a>>,
    /// For an open decision: the unknown inputs it waits on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_by: Vec<Txt<'a>>,
    /// The one-step changes of given answers that change the recommendation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub close_calls: Vec<CloseCallBrief<'a>>,
}

/// A one-step change of a given answer that changes a decision or a capability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CloseCallBrief<'a> {
    /// Input id.
    pub input: Txt<'a>,
    /// The answer given.
    pub from: AnswerValue<'a>,
    /// The neighbouring answer.
    pub to: AnswerValue<'a>,
    /// For a decision: the option it would then recommend (`""` when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option: Option<Txt<'a>>,
    /// For a capability: the verdict it would then get.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// For a capability: the tool choice it would then pick (its id), when now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<Txt<'a>>,
}

/// A verdict an open capability can still get.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PossibleVerdictBrief<'a> {
    /// Now, later or skip.
    pub verdict: Verdict,
    /// The tool choice's id, when now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<Txt<'a>>,
}

/// A question worth answering next, briefly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct NextQuestionBrief<'a> {
    /// Input id: the key to answer in a profile.
    pub input: Txt<'a>,
    /// The question.
    pub question: Txt<'a>,
    /// Unknown or assumed.
    pub state: QuestionState,
    /// The decisions and capabilities an answer settles (unknown) or another
    /// answer would change (assumed).
    pub settles: Vec<Txt<'a>>,
    /// The open decisions and capabilities an answer narrows down.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub narrows: Vec<Txt<'a>>,
}

/// One capability of the Layer 2 board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BoardEntry<'a> {
    /// Capability id.
    pub capability: Txt<'a>,
    /// Its title.
    pub title: Txt<'a>,
    /// Now, later or skip.
    pub verdict: Verdict,
    /// For `now`: the order to take them in, 1 first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// The tool to choose, when now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<Txt<'a>>,
    /// `decided` or `open` (see `possible`).
    pub status: Status,
    /// Whether the verdict and tool are provisional; left out when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisional: bool,
    /// Why, in one sentence; for an open capability, when it is short
    /// enough: which verdict under which answers.
    pub why: Txt<'a>,
    /// For an open capability: every verdict (with its tool) the unknown
    /// answers can lead to (`verdict` and `tool` are the provisional ones).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub possible: Vec<PossibleVerdictBrief<'a>>,
    /// For an open capability: the unknown inputs it waits on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_by: Vec<Txt<'a>>,
    /// The one-step changes of given answers that change the verdict or the tool.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub close_calls: Vec<CloseCallBrief<'a>>,
}

/// An open question, briefly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionBrief<'a> {
    /// Question id.
    pub id: Txt<'a>,
    /// The question.
    pub text: Txt<'a>,
    /// When it must be decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decide_by: Option<Txt<'a>>,
    /// The decisions and capabilities it affects.
    pub decisions: Vec<Txt<'a>>,
    /// The open decisions and capabilities it blocks because its input was
    /// answered `unknown`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Txt<'a>>,
}

/// A finding, briefly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FindingBrief<'a> {
    /// Stable code.
    pub code: Txt<'a>,
    /// Severity.
    pub severity: FindingSeverity,
    /// The decision (or capability) ids it concerns: one for an error or a
    /// warning; for infos, every decision with an info of this code.
    pub decisions: Vec<Txt<'a>>,
    /// What, in one sentence (errors and warnings; infos are named by their
    /// code, and told in full in the `full` view).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Txt<'a>>,
}

/// Errors and warnings one by one with a sentence, most severe first; then
/// one entry per info code naming the decisions it concerns.
fn findings<'a>(all: &'a [Cow<'a, Finding<'static>>]) -> Vec<FindingBrief<'a>> {
    let mut out: Vec<FindingBrief<'a>> = all
        .iter()
        .filter(|f| f.severity != FindingSeverity::Info)
        .map(|f| FindingBrief {
            code: Cow::Borrowed(&f.code),
            severity: f.severity,
            decisions: vec![Cow::Borrowed(&f.decision)],
            message: Some(brief(&f.message)),
        })
        .collect();
    out.sort_by_key(|f| f.severity);
    let errors_and_warnings = out.len();
    for f in all.iter().filter(|f| f.severity == FindingSeverity::Info) {
        let grouped = out[errors_and_warnings..]
            .iter_mut()
            .find(|g| g.code == f.code);
        match grouped {
            Some(g) if g.decisions.iter().any(|d| *d == f.decision) => {}
            Some(g) => g.decisions.push(Cow::Borrowed(&f.decision)),
            None => out.push(FindingBrief {
                code: Cow::Borrowed(&f.code),
                severity: f.severity,
                decisions: vec![Cow::Borrowed(&f.decision)],
                message: None,
            }),
        }
    }
    out
}

/// The first sentence of a text: up to the first full stop, question or
/// exclamation mark that ends a sentence (followed by a space and a capital,
/// or the end), never cut inside a word.
pub fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'.' && after_abbreviation(&text[..i]) {
            continue;
        }
        if matches!(b, b'.' | b'?' | b'!') {
            let rest = &text[i + 1..];
            let next = rest.trim_start();
            let ends = next.is_empty()
                || (rest.starts_with(' ') && next.chars().next().is_some_and(char::is_uppercase));
            if ends {
                return text[..=i].trim();
            }
        }
    }
    text.trim()
}

/// Abbreviations whose full stop ends no sentence (English and Dutch).
const ABBREVIATIONS: [&str; 12] = [
    "e.g", "i.e", "etc", "vs", "cf", "incl", "approx", "bijv", "o.a", "d.w.z", "m.a.w", "enz",
];

/// Whether the text before a full stop ends with an abbreviation.
fn after_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a))
}

fn brief(text: &str) -> Txt<'_> {
    Cow::Borrowed(first_sentence(text))
}

const MORE_EN: &str = "One decision in full: `explain` (POST /api/v1/explain, the MCP tool explain). Everything: the full view (?view=full).";
const MORE_NL: &str = "Eén beslissing volledig: `explain` (POST /api/v1/explain, de MCP-tool explain). Alles: de volledige weergave (?view=full).";

/// The longest sentence of options and conditions (bytes) the summary gives
/// as an open decision's why; a longer one is left to `explain`.
const SHORT: usize = 400;

fn ids<'a>(list: &'a [Txt<'a>]) -> Vec<Txt<'a>> {
    list.iter().map(|x| Cow::Borrowed(&**x)).collect()
}

/// The `summary` view of an assessment (borrowing from it).
pub fn summary<'a>(a: &'a Assessment<'a>) -> SummaryView<'a> {
    let stack = a
        .decisions
        .iter()
        .map(|d| {
            let why = match (d.status, d.possible_text.as_deref()) {
                (Status::Open, Some(text)) if text.len() <= SHORT => Cow::Borrowed(text),
                _ => d
                    .because
                    .first()
                    .map(|b| brief(&b.text))
                    .unwrap_or(Cow::Borrowed("")),
            };
            StackEntry {
                decision: Cow::Borrowed(&d.id),
                title: Cow::Borrowed(&d.title),
                option: d.recommendation.as_ref().map(|r| Cow::Borrowed(&*r.option)),
                option_title: d.recommendation.as_ref().map(|r| Cow::Borrowed(&*r.title)),
                status: d.status,
                provisional: d.provisional,
                why,
                possible: d
                    .possible
                    .iter()
                    .map(|p| Cow::Borrowed(&*p.option))
                    .collect(),
                blocked_by: ids(&d.blocked_by),
                close_calls: d
                    .close_call
                    .iter()
                    .map(|c| CloseCallBrief {
                        input: Cow::Borrowed(&c.input),
                        from: c.from.clone(),
                        to: c.to.clone(),
                        option: Some(Cow::Borrowed(&c.option)),
                        verdict: None,
                        tool: None,
                    })
                    .collect(),
            }
        })
        .collect();
    let mut layer2: Vec<&CapabilityAssessment> = a.layer2.iter().collect();
    layer2.sort_by_key(|c| {
        let order = match c.verdict {
            Verdict::Now => 0,
            Verdict::Later => 1,
            Verdict::Skip => 2,
        };
        (order, c.rank.unwrap_or(u32::MAX))
    });
    let layer2 = layer2
        .into_iter()
        .map(|c| BoardEntry {
            capability: Cow::Borrowed(&c.id),
            title: Cow::Borrowed(&c.title),
            verdict: c.verdict,
            rank: c.rank,
            tool: c.tool.as_ref().map(|t| Cow::Borrowed(&*t.title)),
            status: c.status,
            provisional: c.provisional,
            why: match (c.status, c.possible_text.as_deref()) {
                (Status::Open, Some(text)) if text.len() <= SHORT => Cow::Borrowed(text),
                _ => c
                    .decided_by
                    .text
                    .as_deref()
                    .map(brief)
                    .unwrap_or(Cow::Borrowed("")),
            },
            possible: c
                .possible
                .iter()
                .map(|p| PossibleVerdictBrief {
                    verdict: p.verdict,
                    tool: p.tool.as_ref().map(|t| Cow::Borrowed(&*t.id)),
                })
                .collect(),
            blocked_by: ids(&c.blocked_by),
            close_calls: c
                .close_call
                .iter()
                .map(|x| CloseCallBrief {
                    input: Cow::Borrowed(&x.input),
                    from: x.from.clone(),
                    to: x.to.clone(),
                    option: None,
                    verdict: Some(x.verdict),
                    tool: x.tool.as_ref().map(|t| Cow::Borrowed(&*t.id)),
                })
                .collect(),
        })
        .collect();
    let blocking_questions = a
        .open_questions
        .iter()
        .filter(|q| q.blocking)
        .map(|q| QuestionBrief {
            id: Cow::Borrowed(&q.id),
            text: Cow::Borrowed(&q.text),
            decide_by: q.decide_by.as_deref().map(Cow::Borrowed),
            decisions: q.decisions.iter().map(|d| Cow::Borrowed(&**d)).collect(),
            blocks: q.blocks.iter().map(|d| Cow::Borrowed(&**d)).collect(),
        })
        .collect();
    let findings = findings(&a.findings);
    let next_questions = a
        .next_questions
        .iter()
        .map(|q| NextQuestionBrief {
            input: Cow::Borrowed(&q.input),
            question: Cow::Borrowed(&q.question),
            state: q.state,
            settles: q.settles.iter().map(|x| Cow::Borrowed(&**x)).collect(),
            narrows: q.narrows.iter().map(|x| Cow::Borrowed(&**x)).collect(),
        })
        .collect();
    SummaryView {
        view: Cow::Borrowed("summary"),
        kb: a.kb.clone(),
        lang: a.lang,
        stack,
        layer2,
        blocking_questions,
        next_questions,
        provisional: a.summary.provisional,
        open: ids(&a.summary.open),
        close_calls: ids(&a.summary.close_calls),
        unknown: ids(&a.summary.unknown),
        assumed: ids(&a.summary.assumed),
        findings,
        finding_counts: a.summary.findings,
        more: Cow::Borrowed(match a.lang {
            Lang::Nl => MORE_NL,
            _ => MORE_EN,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentences_end_at_a_sentence_not_an_abbreviation() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(
            first_sentence("Use e.g. Cilium. Then more."),
            "Use e.g. Cilium."
        );
        assert_eq!(first_sentence("No stop at all"), "No stop at all");
        assert_eq!(first_sentence("Is it? Yes."), "Is it?");
        assert_eq!(first_sentence("v1.2 is out. Next."), "v1.2 is out.");
        assert_eq!(
            first_sentence("Cloud IAM (e.g. AWS IAM) fits. More."),
            "Cloud IAM (e.g. AWS IAM) fits."
        );
        assert_eq!(first_sentence("Bijv. Cilium. Meer."), "Bijv. Cilium.");
        assert_eq!(first_sentence(""), "");
    }
}
