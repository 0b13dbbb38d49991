//! The fixed words and sentences of the reports, in English and Dutch.
//!
//! KB texts come from the assessment (in the language it was made in); only
//! the report's own headings and sentence frames live here.

use kompas_engine::{AnswerSource, FindingSeverity, Lang, Met, Step};
use kompas_kb::Verdict;

/// Headings and short phrases.
pub(crate) struct Words {
    pub title: &'static str,
    pub kb: &'static str,
    pub summary: &'static str,
    pub decision: &'static str,
    pub recommendation: &'static str,
    pub rule: &'static str,
    pub blocking_questions: &'static str,
    pub no_blocking_questions: &'static str,
    pub decide_by: &'static str,
    pub assume: &'static str,
    pub affects: &'static str,
    pub layer1: &'static str,
    pub why: &'static str,
    pub default_rule_facts: &'static str,
    pub alternatives: &'static str,
    pub option: &'static str,
    pub applies: &'static str,
    pub why_not: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub traces_to: &'static str,
    pub chain: &'static str,
    pub chain_business: &'static str,
    pub chain_technical: &'static str,
    pub chain_capability: &'static str,
    pub chain_tooling: &'static str,
    pub tradeoffs: &'static str,
    pub favours: &'static str,
    pub over: &'static str,
    pub scope: &'static str,
    pub open_questions: &'static str,
    pub flips: &'static str,
    pub no_flips: &'static str,
    pub flips_not_computed: &'static str,
    pub layer2: &'static str,
    pub capability: &'static str,
    pub verdict: &'static str,
    pub rank: &'static str,
    pub decided_by: &'static str,
    pub tool: &'static str,
    pub start_here: &'static str,
    pub triggers: &'static str,
    pub skip_if: &'static str,
    pub now_if: &'static str,
    pub later_if: &'static str,
    pub findings: &'static str,
    pub no_findings: &'static str,
    pub severity: &'static str,
    pub code: &'static str,
    pub message: &'static str,
    pub sources: &'static str,
    pub all_questions: &'static str,
    pub question: &'static str,
    pub priority: &'static str,
    pub answers: &'static str,
    pub input: &'static str,
    pub value: &'static str,
    pub source: &'static str,
    pub derived: &'static str,
    pub stack: &'static str,
    pub now_list: &'static str,
    pub later_list: &'static str,
    pub skip_list: &'static str,
    pub none: &'static str,
    pub chosen_in: &'static str,
    pub reference_case: &'static str,
    pub practices: &'static str,
    pub superseded_by: &'static str,
    pub exit_strategy: &'static str,
    pub question_to_answer: &'static str,
    pub the_kb_says: &'static str,
    pub reads: &'static str,
    pub provisional: &'static str,
    pub open: &'static str,
    pub close_call: &'static str,
    pub open_decisions: &'static str,
    pub close_calls: &'static str,
    pub next_questions: &'static str,
    pub provisional_recommendation: &'static str,
    pub waits_on: &'static str,
    pub unknown_until_answered: &'static str,
    pub blocks: &'static str,
}

pub(crate) const EN: Words = Words {
    title: "Platform assessment",
    kb: "Knowledge base",
    summary: "Summary",
    decision: "Decision",
    recommendation: "Recommendation",
    rule: "Rule",
    blocking_questions: "Blocking open questions",
    no_blocking_questions: "No open question blocks these decisions.",
    decide_by: "decide by",
    assume: "until then assume",
    affects: "affects",
    layer1: "Layer 1 decisions",
    why: "Why",
    default_rule_facts: "It is the default: no other rule applies, because",
    alternatives: "Alternatives",
    option: "Option",
    applies: "Applies",
    why_not: "Why not",
    yes: "yes",
    no: "no",
    traces_to: "Traces to",
    chain: "Dependency chain",
    chain_business: "Business",
    chain_technical: "Technical",
    chain_capability: "Capability",
    chain_tooling: "Tooling",
    tradeoffs: "Trade-offs accepted",
    favours: "favours",
    over: "over",
    scope: "scope",
    open_questions: "Open questions",
    flips: "What would change it",
    no_flips: "No change of answers leads to another option.",
    flips_not_computed: "Not computed for this report.",
    layer2: "Layer 2 board",
    capability: "Capability",
    verdict: "Verdict",
    rank: "Order",
    decided_by: "Decided by",
    tool: "Tool",
    start_here: "start here",
    triggers: "Triggers",
    skip_if: "Skip if",
    now_if: "Now if",
    later_if: "Later if",
    findings: "Findings",
    no_findings: "Nothing to report.",
    severity: "Severity",
    code: "Code",
    message: "Message",
    sources: "Sources",
    all_questions: "All open questions",
    question: "Question",
    priority: "Priority",
    answers: "Answers",
    input: "Input",
    value: "Value",
    source: "Source",
    derived: "Derived facts",
    stack: "Stack",
    now_list: "Do now, one at a time",
    later_list: "Later",
    skip_list: "Skip",
    none: "none",
    chosen_in: "chosen in",
    reference_case: "the reference case",
    practices: "Practices",
    superseded_by: "superseded by",
    exit_strategy: "Exit strategy",
    question_to_answer: "a question to answer",
    the_kb_says: "In short",
    reads: "Reads",
    provisional: "provisional",
    open: "open",
    close_call: "close call",
    open_decisions: "Open decisions",
    close_calls: "Close calls",
    next_questions: "Next questions",
    provisional_recommendation: "Provisional recommendation",
    waits_on: "waits on",
    unknown_until_answered: "unknown; until it is answered kompas assumes",
    blocks: "blocks",
};

pub(crate) const NL: Words = Words {
    title: "Platformadvies",
    kb: "Kennisbank",
    summary: "Samenvatting",
    decision: "Beslissing",
    recommendation: "Advies",
    rule: "Regel",
    blocking_questions: "Blokkerende open vragen",
    no_blocking_questions: "Geen open vraag blokkeert deze beslissingen.",
    decide_by: "beslissen in",
    assume: "ga tot dan uit van",
    affects: "raakt",
    layer1: "Layer 1-beslissingen",
    why: "Waarom",
    default_rule_facts: "Dit is de standaardkeuze: geen andere regel is van toepassing, want",
    alternatives: "Alternatieven",
    option: "Optie",
    applies: "Van toepassing",
    why_not: "Waarom niet",
    yes: "ja",
    no: "nee",
    traces_to: "Herleidbaar naar",
    chain: "Afhankelijkheidsketen",
    chain_business: "Business",
    chain_technical: "Technisch",
    chain_capability: "Capability",
    chain_tooling: "Tooling",
    tradeoffs: "Geaccepteerde afwegingen",
    favours: "kiest voor",
    over: "boven",
    scope: "reikwijdte",
    open_questions: "Open vragen",
    flips: "Wat het advies verandert",
    no_flips: "Geen andere antwoorden leiden tot een andere optie.",
    flips_not_computed: "Niet berekend voor dit rapport.",
    layer2: "Layer 2-bord",
    capability: "Capability",
    verdict: "Oordeel",
    rank: "Volgorde",
    decided_by: "Bepaald door",
    tool: "Tool",
    start_here: "begin hier",
    triggers: "Triggers",
    skip_if: "Overslaan als",
    now_if: "Nu als",
    later_if: "Later als",
    findings: "Bevindingen",
    no_findings: "Niets te melden.",
    severity: "Ernst",
    code: "Code",
    message: "Bericht",
    sources: "Bronnen",
    all_questions: "Alle open vragen",
    question: "Vraag",
    priority: "Prioriteit",
    answers: "Antwoorden",
    input: "Invoer",
    value: "Waarde",
    source: "Bron",
    derived: "Afgeleide feiten",
    stack: "Stack",
    now_list: "Nu doen, één tegelijk",
    later_list: "Later",
    skip_list: "Overslaan",
    none: "geen",
    chosen_in: "gekozen in",
    reference_case: "de referentiecasus",
    practices: "Werkwijzen",
    superseded_by: "vervangen door",
    exit_strategy: "Exitstrategie",
    question_to_answer: "een vraag om te beantwoorden",
    the_kb_says: "Kort gezegd",
    reads: "Leest",
    provisional: "voorlopig",
    open: "open",
    close_call: "kantelpunt",
    open_decisions: "Open beslissingen",
    close_calls: "Kantelpunten",
    next_questions: "Volgende vragen",
    provisional_recommendation: "Voorlopig advies",
    waits_on: "wacht op",
    unknown_until_answered: "onbekend; tot het antwoord er is, gaat kompas uit van",
    blocks: "blokkeert",
};

impl Words {
    /// "chosen in the webshop case": a badge for the reference case's own choice.
    pub(crate) fn case_choice(&self, reference: Option<&str>) -> String {
        format!(
            "{} {}",
            self.chosen_in,
            reference.unwrap_or(self.reference_case)
        )
    }
}

/// The words of a language.
pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Nl => &NL,
    }
}

pub(crate) fn verdict(v: Verdict, lang: Lang) -> &'static str {
    match (v, lang) {
        (Verdict::Now, Lang::En) => "now",
        (Verdict::Later, Lang::En) => "later",
        (Verdict::Skip, Lang::En) => "skip",
        (Verdict::Now, Lang::Nl) => "nu",
        (Verdict::Later, Lang::Nl) => "later",
        (Verdict::Skip, Lang::Nl) => "overslaan",
    }
}

pub(crate) fn severity(s: FindingSeverity, lang: Lang) -> &'static str {
    match (s, lang) {
        (FindingSeverity::Error, Lang::En) => "error",
        (FindingSeverity::Warning, Lang::En) => "warning",
        (FindingSeverity::Info, Lang::En) => "info",
        (FindingSeverity::Error, Lang::Nl) => "fout",
        (FindingSeverity::Warning, Lang::Nl) => "waarschuwing",
        (FindingSeverity::Info, Lang::Nl) => "info",
    }
}

pub(crate) fn met(m: Met, lang: Lang) -> &'static str {
    match (m, lang) {
        (Met::Met, Lang::En) => "met",
        (Met::NotMet, Lang::En) => "not met",
        (Met::Unknown, Lang::En) => "unknown",
        (Met::Met, Lang::Nl) => "voldaan",
        (Met::NotMet, Lang::Nl) => "niet voldaan",
        (Met::Unknown, Lang::Nl) => "onbekend",
    }
}

pub(crate) fn source(s: AnswerSource, lang: Lang) -> &'static str {
    match (s, lang) {
        (AnswerSource::Given, Lang::En) => "given",
        (AnswerSource::Default, Lang::En) => "default",
        (AnswerSource::Derived, Lang::En) => "derived",
        (AnswerSource::Unknown, Lang::En) => "unknown",
        (AnswerSource::Unknown, Lang::Nl) => "onbekend",
        (AnswerSource::Given, Lang::Nl) => "opgegeven",
        (AnswerSource::Default, Lang::Nl) => "standaard",
        (AnswerSource::Derived, Lang::Nl) => "afgeleid",
    }
}

pub(crate) fn priority(p: kompas_kb::QuestionPriority, lang: Lang) -> &'static str {
    use kompas_kb::QuestionPriority::*;
    match (p, lang) {
        (Critical, Lang::En) => "critical",
        (Important, Lang::En) => "important",
        (CanWait, Lang::En) => "can wait",
        (Critical, Lang::Nl) => "kritiek",
        (Important, Lang::Nl) => "belangrijk",
        (CanWait, Lang::Nl) => "kan wachten",
    }
}

/// What a step of the timing rules means, as a sentence start.
pub(crate) fn step(s: Step, lang: Lang) -> &'static str {
    match (s, lang) {
        (Step::LaterIf, Lang::En) => "there is a need, but a reason to wait holds",
        (Step::NowIf, Lang::En) => "a reason to do it now holds",
        (Step::Trigger, Lang::En) => "a trigger holds and no reason to skip it",
        (Step::SkipIf, Lang::En) => "a reason to skip it holds",
        (Step::Otherwise, Lang::En) => "nothing calls for it yet",
        (Step::LaterIf, Lang::Nl) => "er is behoefte, maar een reden om te wachten geldt",
        (Step::NowIf, Lang::Nl) => "een reden om het nu te doen geldt",
        (Step::Trigger, Lang::Nl) => "een trigger geldt en geen reden om over te slaan",
        (Step::SkipIf, Lang::Nl) => "een reden om het over te slaan geldt",
        (Step::Otherwise, Lang::Nl) => "nog niets vraagt erom",
    }
}

/// "1 answer", "2 answers".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The note on what a provisional stack rests on: unknown answers, assumed
/// answers that decide something, or no answers at all.
pub(crate) fn provisional_note(a: &kompas_engine::Assessment, lang: Lang) -> Option<String> {
    if !a.summary.provisional {
        return None;
    }
    let nl = lang == Lang::Nl;
    let given = a
        .answers
        .iter()
        .filter(|x| x.source == AnswerSource::Given)
        .count();
    let unknown = a.summary.unknown.len();
    let assumed = a.summary.assumed.len();
    let open_decisions = a
        .summary
        .open
        .iter()
        .filter(|id| a.decision(id).is_some())
        .count();
    let open_capabilities = a.summary.open.len() - open_decisions;
    let mut parts = Vec::new();
    parts.push(match (given == 0 && unknown == 0, nl) {
        (true, false) => "No answer was given: every answer is assumed, so this whole stack is provisional.",
        (true, true) => "Er is geen antwoord gegeven: elk antwoord is aangenomen, dus deze hele stack is voorlopig.",
        (false, false) => "This stack is provisional.",
        (false, true) => "Deze stack is voorlopig.",
    }.to_owned());
    if unknown > 0 {
        let open: Vec<String> = [
            (
                open_decisions,
                ("decision", "decisions"),
                ("beslissing", "beslissingen"),
            ),
            (
                open_capabilities,
                ("Layer 2 capability", "Layer 2 capabilities"),
                ("Layer 2-capability", "Layer 2-capabilities"),
            ),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, en, nl_)| {
            if nl {
                count(n, nl_.0, nl_.1)
            } else {
                count(n, en.0, en.1)
            }
        })
        .collect();
        let one_open = open_decisions + open_capabilities == 1;
        let open = open.join(if nl { " en " } else { " and " });
        let stay = match (nl, one_open) {
            (false, true) => "stays",
            (false, false) => "stay",
            (true, true) => "blijft",
            (true, false) => "blijven",
        };
        parts.push(match (nl, open.is_empty(), unknown == 1) {
            (false, true, true) => {
                "1 answer is unknown, but everything holds whatever it is.".to_owned()
            }
            (false, true, false) => {
                format!("{unknown} answers are unknown, but everything holds whatever they are.")
            }
            (false, false, true) => {
                format!("1 answer is unknown: {open} {stay} open until it is answered.")
            }
            (false, false, false) => format!(
                "{unknown} answers are unknown: {open} {stay} open until they are answered."
            ),
            (true, true, true) => {
                "1 antwoord is onbekend, maar alles staat vast wat het ook is.".to_owned()
            }
            (true, true, false) => format!(
                "{unknown} antwoorden zijn onbekend, maar alles staat vast wat ze ook zijn."
            ),
            (true, false, true) => {
                format!("1 antwoord is onbekend: {open} {stay} open tot het beantwoord is.")
            }
            (true, false, false) => format!(
                "{unknown} antwoorden zijn onbekend: {open} {stay} open tot ze beantwoord zijn."
            ),
        });
    }
    if assumed > 0 {
        parts.push(match (nl, assumed == 1) {
            (false, true) => "1 assumed answer decides what kompas recommends: confirm or change it in your profile.".to_owned(),
            (false, false) => format!("{assumed} assumed answers decide what kompas recommends: confirm or change them in your profile."),
            (true, true) => "1 aangenomen antwoord bepaalt wat kompas adviseert: bevestig of verander het in je profiel.".to_owned(),
            (true, false) => format!("{assumed} aangenomen antwoorden bepalen wat kompas adviseert: bevestig of verander ze in je profiel."),
        });
    }
    Some(parts.join(" "))
}

/// The state of a next question in words.
pub(crate) fn question_state(s: kompas_engine::QuestionState, lang: Lang) -> &'static str {
    use kompas_engine::QuestionState::*;
    match (s, lang) {
        (Unknown, Lang::En) => "unknown",
        (Assumed, Lang::En) => "assumed",
        (Unknown, Lang::Nl) => "onbekend",
        (Assumed, Lang::Nl) => "aangenomen",
    }
}
