//! The `summary` view: what an agent (or a person in a hurry) needs to act on
//! an assessment, small enough for a context window (at most 16 KB for the
//! built-in KB): the stack with each decision's status and one sentence of
//! why, the Layer 2 board, the blocking and next questions, the findings.
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
    /// What the engine noticed, most severe first, each in one sentence.
    pub findings: Vec<FindingBrief<'a>>,
    /// Number of findings per severity.
    pub finding_counts: FindingCounts,
    /// Where the rest is: `explain` for one decision, the `full` view for all.
    pub more: Txt<'a>,
}

/// A decision's status in the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    /// The recommendation holds.
    Decided,
    /// It depends on answers not known yet.
    Open,
    /// It holds, but a one-step change of an answer would change it.
    CloseCall,
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
    /// Decided, open or a close call.
    pub status: DecisionStatus,
    /// Why, in one sentence (for an open decision: what it depends on).
    pub why: Txt<'a>,
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
    /// Decided or open.
    pub status: DecisionStatus,
    /// Why, in one sentence.
    pub why: Txt<'a>,
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
}

/// A finding, briefly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FindingBrief<'a> {
    /// Stable code.
    pub code: Txt<'a>,
    /// Severity.
    pub severity: FindingSeverity,
    /// Decision (or capability) id.
    pub decision: Txt<'a>,
    /// What, in one sentence (errors and warnings; an info is named by its
    /// code, and told in full in the `full` view).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Txt<'a>>,
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

/// The `summary` view of an assessment (borrowing from it).
pub fn summary<'a>(a: &'a Assessment<'a>) -> SummaryView<'a> {
    let stack = a
        .decisions
        .iter()
        .map(|d| {
            let why = d
                .because
                .first()
                .map(|b| brief(&b.text))
                .unwrap_or(Cow::Borrowed(""));
            StackEntry {
                decision: Cow::Borrowed(&d.id),
                title: Cow::Borrowed(&d.title),
                option: d.recommendation.as_ref().map(|r| Cow::Borrowed(&*r.option)),
                option_title: d.recommendation.as_ref().map(|r| Cow::Borrowed(&*r.title)),
                status: DecisionStatus::Decided,
                why,
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
            status: DecisionStatus::Decided,
            why: c
                .decided_by
                .text
                .as_deref()
                .map(brief)
                .unwrap_or(Cow::Borrowed("")),
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
        })
        .collect();
    let mut findings: Vec<FindingBrief> = a
        .findings
        .iter()
        .map(|f| FindingBrief {
            code: Cow::Borrowed(&f.code),
            severity: f.severity,
            decision: Cow::Borrowed(&f.decision),
            message: (f.severity != FindingSeverity::Info).then(|| brief(&f.message)),
        })
        .collect();
    findings.sort_by_key(|f| f.severity);
    SummaryView {
        view: Cow::Borrowed("summary"),
        kb: a.kb.clone(),
        lang: a.lang,
        stack,
        layer2,
        blocking_questions,
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
