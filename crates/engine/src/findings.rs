//! Findings: what the engine notices about a recommendation, beyond the rules.
//!
//! All findings depend only on which rule decided (and so which option was
//! chosen), never on the rest of the profile, so they are built once per rule
//! when the engine is made and shared by every assessment.
//!
//! - `E0101` a recommended tool breaks a principle's `tool_policy` (warning);
//!   `E0102` the same, knowingly accepted by a trade-off (info);
//! - `E0201` a recommended tool is retired (error); `E0202` deprecated (warning);
//! - `E0301` the reference case's own choice is not the recommendation (info):
//!   what the case chose (named by `kb.reference`), what replaces it and why;
//! - `E0401` a consistency rule of the KB is broken (error; `kompas check`
//!   proves this cannot happen, so it only shows on an unchecked KB).

use std::borrow::Cow;

use kompas_kb::{
    Capability, CapabilityTool, ConsistencyRule, Decision, Hosting, Kb, Layer0Kind, LicenceKind,
    LifecycleStatus, Pick, Text, Tool,
};

use crate::output::{Finding, FindingKind, FindingSeverity, SourceView};
use crate::prepared::source_views;
use crate::text::{local, txt, Lang};

/// Findings when `option` of decision `d` is recommended by a rule whose reason is `because`.
pub(crate) fn for_rule(
    kb: &Kb,
    d: &Decision,
    option: Option<usize>,
    because: &Text,
    lang: Lang,
) -> Vec<Finding<'static>> {
    let Some(oi) = option else {
        return Vec::new();
    };
    let o = &d.options[oi];
    let mut out = tool_findings(kb, &d.id, Some(&o.id), &o.tools, lang);
    if let Some(seed) = d
        .options
        .iter()
        .position(|x| x.case_choice)
        .filter(|s| *s != oi)
    {
        out.push(seed_replaced(kb, d, seed, oi, because, lang));
    }
    out
}

/// Findings when a Layer 2 capability's tool choice `t` is picked (verdict now).
pub(crate) fn for_capability_tool(
    kb: &Kb,
    c: &Capability,
    t: &CapabilityTool,
    lang: Lang,
) -> Vec<Finding<'static>> {
    tool_findings(kb, &c.id, Some(&t.id), &t.tools, lang)
}

fn tool_findings(
    kb: &Kb,
    decision: &str,
    option: Option<&str>,
    tools: &[String],
    lang: Lang,
) -> Vec<Finding<'static>> {
    let nl = lang == Lang::Nl;
    let mut out = Vec::new();
    for tool in tools.iter().filter_map(|id| kb.tool(id)) {
        for principle in kb.layer0.iter() {
            let Some(policy) = &principle.tool_policy else {
                continue;
            };
            let licence_breaks = !policy.licence_kinds.is_empty()
                && !policy.licence_kinds.contains(&tool.licence.kind);
            let hosting_breaks = !policy.hosting.is_empty()
                && !tool.hosting.iter().any(|h| policy.hosting.contains(h));
            if !licence_breaks && !hosting_breaks {
                continue;
            }
            let accepted = kb.tradeoffs.iter().find(|t| {
                t.accepts
                    .iter()
                    .any(|a| a.tool == tool.id && a.principle == principle.id)
                    && t.applies_to.iter().any(|a| {
                        a.decision == decision
                            && (a.options.is_empty()
                                || option.is_some_and(|o| a.options.iter().any(|x| x == o)))
                    })
            });
            let title = local(&principle.title, lang);
            let what = if licence_breaks {
                let since = tool
                    .licence
                    .since
                    .as_deref()
                    .map(|s| {
                        if nl {
                            format!(" sinds {s}")
                        } else {
                            format!(" since {s}")
                        }
                    })
                    .unwrap_or_default();
                let allowed = policy
                    .licence_kinds
                    .iter()
                    .map(|k| licence_words(*k, lang))
                    .collect::<Vec<_>>()
                    .join(", ");
                if tool.licence.kind == LicenceKind::Service {
                    if nl {
                        format!(
                            "{} is een gehoste dienst, geen open-sourcesoftware; het principe \u{201c}{title}\u{201d} vraagt {allowed}.",
                            tool.name
                        )
                    } else {
                        format!(
                            "{} is a hosted service, not open-source software, which breaks the principle \u{201c}{title}\u{201d}: it asks for {allowed}.",
                            tool.name
                        )
                    }
                } else if nl {
                    format!(
                        "{} heeft{since} licentie {} ({}); het principe \u{201c}{title}\u{201d} vraagt {allowed}.",
                        tool.name,
                        tool.licence.spdx,
                        licence_words(tool.licence.kind, lang),
                    )
                } else {
                    format!(
                        "{} is licensed {}{since} ({}), which breaks the principle \u{201c}{title}\u{201d}: it asks for {allowed}.",
                        tool.name,
                        tool.licence.spdx,
                        licence_words(tool.licence.kind, lang),
                    )
                }
            } else {
                let allowed = policy
                    .hosting
                    .iter()
                    .map(|h| hosting_words(*h))
                    .collect::<Vec<_>>()
                    .join(", ");
                let has = tool
                    .hosting
                    .iter()
                    .map(|h| hosting_words(*h))
                    .collect::<Vec<_>>()
                    .join(", ");
                if nl {
                    format!(
                        "{} draait als {has}; het principe \u{201c}{title}\u{201d} vraagt {allowed}.",
                        tool.name
                    )
                } else {
                    format!(
                        "{} runs as {has}, which breaks the principle \u{201c}{title}\u{201d}: it asks for {allowed}.",
                        tool.name
                    )
                }
            };
            let message = match accepted {
                Some(t) if nl => format!(
                    "{what} Bewust geaccepteerd met de trade-off \u{201c}{}\u{201d}.",
                    local(&t.title, lang)
                ),
                Some(t) => format!(
                    "{what} Knowingly accepted by the trade-off \u{201c}{}\u{201d}.",
                    local(&t.title, lang)
                ),
                None => what,
            };
            out.push(Finding {
                code: txt(if accepted.is_some() { "E0102" } else { "E0101" }),
                severity: if accepted.is_some() {
                    FindingSeverity::Info
                } else {
                    FindingSeverity::Warning
                },
                kind: FindingKind::PrincipleConflict,
                decision: txt(decision),
                option: option.map(txt),
                tool: Some(txt(&tool.id)),
                principle: Some(txt(&principle.id)),
                message: txt(&message),
                sources: source_views(&tool.sources),
                accepted_by: accepted.map(|t| txt(&t.id)),
                consistency: None,
            });
        }
        let (code, severity) = match tool.lifecycle.status {
            LifecycleStatus::Retired => ("E0201", FindingSeverity::Error),
            LifecycleStatus::Deprecated => ("E0202", FindingSeverity::Warning),
            LifecycleStatus::Active | LifecycleStatus::Maintenance => continue,
        };
        out.push(Finding {
            code: txt(code),
            severity,
            kind: FindingKind::Lifecycle,
            decision: txt(decision),
            option: option.map(txt),
            tool: Some(txt(&tool.id)),
            principle: None,
            message: txt(&lifecycle_message(kb, tool, lang)),
            sources: source_views(&tool.sources),
            accepted_by: None,
            consistency: None,
        });
    }
    out
}

fn lifecycle_message(kb: &Kb, tool: &Tool, lang: Lang) -> String {
    let nl = lang == Lang::Nl;
    let status = match (tool.lifecycle.status, nl) {
        (LifecycleStatus::Retired, false) => "is retired",
        (LifecycleStatus::Retired, true) => "wordt niet meer onderhouden",
        (_, false) => "is deprecated",
        (_, true) => "is uitgefaseerd",
    };
    let mut m = format!("{} {status}", tool.name);
    if let Some(since) = &tool.lifecycle.since {
        m.push_str(&if nl {
            format!(" sinds {since}")
        } else {
            format!(" since {since}")
        });
    }
    m.push('.');
    if let Some(note) = &tool.lifecycle.note {
        m.push(' ');
        m.push_str(note.get(lang.code()));
    }
    if !tool.lifecycle.successors.is_empty() {
        let names: Vec<&str> = tool
            .lifecycle
            .successors
            .iter()
            .map(|s| kb.tool(s).map_or(s.as_str(), |t| t.name.as_str()))
            .collect();
        m.push_str(&if nl {
            format!(" Opvolgers: {}.", names.join(", "))
        } else {
            format!(" Successors: {}.", names.join(", "))
        });
    }
    m
}

fn seed_replaced(
    kb: &Kb,
    d: &Decision,
    seed: usize,
    chosen: usize,
    because: &Text,
    lang: Lang,
) -> Finding<'static> {
    let s = &d.options[seed];
    let o = &d.options[chosen];
    let nl = lang == Lang::Nl;
    let reason = match &s.superseded {
        Some(sup) => sup.reason.get(lang.code()).to_owned(),
        None => because.get(lang.code()).to_owned(),
    };
    let is_principle = |id: &&String| {
        kb.layer0_item(id)
            .is_some_and(|i| i.kind == Layer0Kind::Principle)
    };
    // The principle the replacement serves: named by the supersession, else one the
    // chosen option serves and the seed's choice does not.
    let principle = s
        .superseded
        .as_ref()
        .and_then(|sup| sup.principles.iter().find(is_principle))
        .or_else(|| {
            o.serves
                .iter()
                .filter(|p| !s.serves.contains(p))
                .find(is_principle)
        })
        .cloned();
    let sources: Cow<'static, [SourceView<'static>]> = match &s.superseded {
        Some(sup) if !sup.sources.is_empty() => source_views(&sup.sources),
        _ => {
            // The facts behind a replaced seed choice are the seed tool's licence or
            // lifecycle change.
            let list: Vec<_> = s
                .tools
                .iter()
                .filter_map(|t| kb.tool(t))
                .filter(|t| {
                    t.licence.kind != LicenceKind::OpenSource
                        || t.lifecycle.status != LifecycleStatus::Active
                })
                .flat_map(|t| t.sources.iter().cloned())
                .collect();
            source_views(&list)
        }
    };
    let (st, ot) = (local(&s.title, lang), local(&o.title, lang));
    let case = capitalised(&kb.reference_name(lang.code()));
    let message = if nl {
        format!(
            "{case} koos {st}; kompas adviseert voor dit profiel {ot}. Waarom: {}",
            reason.trim()
        )
    } else {
        format!(
            "{case} chose {st}; kompas recommends {ot} for this profile. Why: {}",
            reason.trim()
        )
    };
    Finding {
        code: txt("E0301"),
        severity: FindingSeverity::Info,
        kind: FindingKind::SeedChoiceReplaced,
        decision: txt(&d.id),
        option: Some(txt(&s.id)),
        tool: s.tools.first().map(|t| txt(t)),
        principle: principle.as_deref().map(txt),
        message: txt(&message),
        sources,
        accepted_by: None,
        consistency: None,
    }
}

/// The first letter in upper case, for a name that starts a sentence.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The finding when consistency rule `rule` is broken.
pub(crate) fn for_consistency(rule: &ConsistencyRule, lang: Lang) -> Finding<'static> {
    let nl = lang == Lang::Nl;
    let title = local(&rule.title, lang);
    let picks: Vec<&Pick> = rule
        .excludes
        .iter()
        .chain(rule.requires.iter().flat_map(|r| [&r.if_, &r.then]))
        .collect();
    let subject = picks
        .iter()
        .find_map(|p| p.decision.as_deref().or(p.capability.as_deref()))
        .unwrap_or(&rule.id);
    let what = match (&rule.requires, nl) {
        (Some(_), false) => "a pick lacks the pick it requires",
        (Some(_), true) => "een keuze mist de keuze die ze vereist",
        (None, false) => "picks that exclude each other were both made",
        (None, true) => "keuzes die elkaar uitsluiten zijn allebei gemaakt",
    };
    let text = rule
        .text
        .as_ref()
        .map(|t| format!(" {}", t.get(lang.code())))
        .unwrap_or_default();
    let message = if nl {
        format!("De aanbevelingen zijn niet consistent (\u{201c}{title}\u{201d}): {what}.{text}")
    } else {
        format!("The recommendations are not consistent (\u{201c}{title}\u{201d}): {what}.{text}")
    };
    Finding {
        code: txt("E0401"),
        severity: FindingSeverity::Error,
        kind: FindingKind::Consistency,
        decision: txt(subject),
        option: None,
        tool: None,
        principle: None,
        message: txt(&message),
        sources: Cow::Borrowed(&[]),
        accepted_by: None,
        consistency: Some(txt(&rule.id)),
    }
}

fn licence_words(kind: LicenceKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (LicenceKind::OpenSource, _) => "open source",
        (LicenceKind::SourceAvailable, Lang::En) => "source-available, not open source",
        (LicenceKind::SourceAvailable, Lang::Nl) => "source-available, geen open source",
        (LicenceKind::Proprietary, Lang::En) => "proprietary",
        (LicenceKind::Proprietary, Lang::Nl) => "propriëtair",
        (LicenceKind::Service, Lang::En) => "a hosted service",
        (LicenceKind::Service, Lang::Nl) => "een gehoste dienst",
    }
}

fn hosting_words(h: Hosting) -> &'static str {
    match h {
        Hosting::SelfHosted => "self-hosted",
        Hosting::ManagedService => "managed service",
        Hosting::Saas => "SaaS",
        Hosting::Builtin => "built-in",
    }
}
