//! Semantic checks against tool facts (K0901-K0907): recommendations of retired
//! or deprecated tools as of today, tools that break a principle's tool policy
//! (unless a trade-off accepts it for that decision), tool facts without a
//! dated source, and tool facts checked more than twelve months ago.

use kompas_kb::{
    Decision, DecisionOption, Hosting, Layer0Item, LicenceKind, LifecycleStatus, Origin, Severity,
    SourceRef, Tool,
};

use crate::analysis::Reach;
use crate::ctx::{list, Ctx};
use crate::date;

/// Runs the tool-fact checks; `reach` limits them to rules that decide some profile.
pub(crate) fn check(ctx: &mut Ctx, reach: &Reach) {
    let kb = ctx.kb;
    for (di, d) in kb.decisions.iter().enumerate() {
        let mut recommended: Vec<(usize, Vec<&str>)> = Vec::new();
        for (ri, r) in d.rules.iter().enumerate() {
            if !reach.rule(di, ri) {
                continue;
            }
            let Some(oi) = d.options.iter().position(|o| o.id == r.choose) else {
                continue;
            };
            for t in &d.options[oi].tools {
                if let Some(tool) = kb.tool(t) {
                    lifecycle(
                        ctx,
                        tool,
                        &r.origin.child("choose"),
                        &format!(
                            "rule `{}` recommends `{}/{}`, whose tool",
                            r.id, d.id, r.choose
                        ),
                        true,
                    );
                }
            }
            match recommended.iter_mut().find(|(o, _)| *o == oi) {
                Some((_, rules)) => rules.push(&r.id),
                None => recommended.push((oi, vec![&r.id])),
            }
        }
        for (oi, rules) in recommended {
            policies(ctx, d, &d.options[oi], &rules);
        }
    }

    for c in &kb.capabilities {
        for ct in &c.tools {
            for (i, t) in ct.tools.iter().enumerate() {
                if let Some(tool) = kb.tool(t) {
                    let at = ct.origin.child("tools").child(i);
                    let who = format!(
                        "tool choice `{}/{}` of capability `{}` uses a tool that",
                        c.id, ct.id, c.id
                    );
                    lifecycle(ctx, tool, &at, &who, false);
                }
            }
        }
    }

    for tool in &kb.tools {
        sources(ctx, tool);
        dates(ctx, tool);
        stale(ctx, tool);
    }
}

/// K0907: a tool's facts were last checked more than twelve months ago.
fn stale(ctx: &mut Ctx, tool: &Tool) {
    // The newest check counts: one recent source vouches for the facts.
    let newest = tool
        .sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, s.as_of.as_deref()?)))
        .filter(|(_, d)| date::parse(d).is_some())
        .max_by_key(|(_, d)| date::parse(d));
    let Some((i, as_of)) = newest else { return };
    if date::older_than_a_year(as_of, ctx.today) == Some(true) {
        ctx.emit(
            "K0907",
            Severity::Warning,
            &tool.origin.child("sources").child(i).child("as_of"),
            format!(
                "the facts of tool `{}` were last checked on {as_of}, more than twelve months before {}; licences, governance and lifecycles change",
                tool.id, ctx.today
            ),
        )
        .help = Some("check the facts again and update `as_of` (and the facts, if they changed)".into());
    }
}

/// Reports a retired or deprecated tool. `decisive` marks a Layer 1
/// recommendation (K0901: retired is an error); otherwise a capability's tool
/// choice (K0905: retired is a warning, deprecated is not reported).
fn lifecycle(ctx: &mut Ctx, tool: &Tool, at: &Origin, who: &str, decisive: bool) {
    let status = match tool.lifecycle.status {
        LifecycleStatus::Retired => "retired",
        LifecycleStatus::Deprecated => "deprecated",
        LifecycleStatus::Active | LifecycleStatus::Maintenance => return,
    };
    let since = tool.lifecycle.since.as_deref();
    let begun = date::has_begun(since, ctx.today);
    let retired = tool.lifecycle.status == LifecycleStatus::Retired;
    // Retired now is an error; deprecated now, or retired from a later date, a
    // warning; deprecated from a later date, an info.
    let (code, severity) = match (decisive, retired, begun) {
        (true, true, true) => ("K0901", Severity::Error),
        (true, false, false) => ("K0901", Severity::Info),
        (true, _, _) => ("K0901", Severity::Warning),
        (false, true, true) => ("K0905", Severity::Warning),
        (false, _, _) => return,
    };
    let when = match (since, begun) {
        (Some(s), true) => format!("{status} since {s}"),
        (Some(s), false) => format!("to be {status} from {s}"),
        (None, _) => status.to_owned(),
    };
    let successors = if tool.lifecycle.successors.is_empty() {
        String::new()
    } else {
        format!("; successors: {}", list(&tool.lifecycle.successors))
    };
    let message = format!(
        "{who} `{}` ({}) is {when} (as of {}){successors}; source: {}",
        tool.id,
        tool.name,
        ctx.today,
        source_text(tool.sources.first())
    );
    let help = if tool.lifecycle.successors.is_empty() {
        "choose an option whose tools are maintained".to_owned()
    } else {
        format!(
            "choose an option built on a successor ({}), and mark this option `superseded`",
            list(&tool.lifecycle.successors)
        )
    };
    ctx.emit(code, severity, at, message).help = Some(help);
}

fn source_text(source: Option<&SourceRef>) -> String {
    match source {
        None => "none given".into(),
        Some(s) => match (&s.url, &s.as_of) {
            (Some(url), Some(as_of)) => format!("{} <{url}> (as of {as_of})", s.title),
            (Some(url), None) => format!("{} <{url}>", s.title),
            (None, Some(as_of)) => format!("{} (as of {as_of})", s.title),
            (None, None) => s.title.clone(),
        },
    }
}

/// Holds the tools of a recommended option against every principle's tool policy.
fn policies(ctx: &mut Ctx, d: &Decision, option: &DecisionOption, rules: &[&str]) {
    let kb = ctx.kb;
    for (ti, t) in option.tools.iter().enumerate() {
        let Some(tool) = kb.tool(t) else { continue };
        for principle in &kb.layer0 {
            let Some(policy) = &principle.tool_policy else {
                continue;
            };
            let mut broken = Vec::new();
            if !policy.licence_kinds.is_empty()
                && !policy.licence_kinds.contains(&tool.licence.kind)
            {
                broken.push(format!(
                    "has licence {} (kind {}) where `{}` asks for {}",
                    tool.licence.spdx,
                    licence_kind(tool.licence.kind),
                    principle.id,
                    kinds(policy.licence_kinds.iter().map(|k| licence_kind(*k)))
                ));
            }
            if !policy.hosting.is_empty()
                && !tool.hosting.iter().any(|h| policy.hosting.contains(h))
            {
                broken.push(format!(
                    "is run as {} where `{}` asks for {}",
                    kinds(tool.hosting.iter().map(|h| hosting(*h))),
                    principle.id,
                    kinds(policy.hosting.iter().map(|h| hosting(*h)))
                ));
            }
            if broken.is_empty() {
                continue;
            }
            conflict(
                ctx,
                d,
                option,
                rules,
                tool,
                principle,
                &broken.join(", and "),
                ti,
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn conflict(
    ctx: &mut Ctx,
    d: &Decision,
    option: &DecisionOption,
    rules: &[&str],
    tool: &Tool,
    principle: &Layer0Item,
    what: &str,
    ti: usize,
) {
    let at = option.origin.child("tools").child(ti);
    let accepted_by = ctx.kb.tradeoffs.iter().find(|t| {
        t.accepts
            .iter()
            .any(|a| a.tool == tool.id && a.principle == principle.id)
            && t.applies_to.iter().any(|a| {
                a.decision == d.id && (a.options.is_empty() || a.options.contains(&option.id))
            })
    });
    let subject = format!(
        "option `{}/{}` (recommended by {}) uses `{}`, which {what}",
        d.id,
        option.id,
        rules
            .iter()
            .map(|r| format!("rule `{r}`"))
            .collect::<Vec<_>>()
            .join(", "),
        tool.id
    );
    match accepted_by {
        Some(t) => {
            ctx.emit(
                "K0903",
                Severity::Info,
                &at,
                format!("{subject}; accepted by trade-off `{}`", t.id),
            );
        }
        None => {
            ctx.emit("K0902", Severity::Warning, &at, subject).help = Some(format!(
                "choose an option whose tools fit `{}`, or record the conflict in a trade-off: `accepts: [{{tool: {}, principle: {}}}]` with `applies_to: [{{decision: {}}}]`",
                principle.id, tool.id, principle.id, d.id
            ));
        }
    }
}

fn kinds<'s>(items: impl Iterator<Item = &'s str>) -> String {
    let items: Vec<&str> = items.collect();
    items.join(" or ")
}

fn licence_kind(kind: LicenceKind) -> &'static str {
    match kind {
        LicenceKind::OpenSource => "open_source",
        LicenceKind::SourceAvailable => "source_available",
        LicenceKind::Proprietary => "proprietary",
        LicenceKind::Service => "service",
    }
}

fn hosting(h: Hosting) -> &'static str {
    match h {
        Hosting::SelfHosted => "self_hosted",
        Hosting::ManagedService => "managed_service",
        Hosting::Saas => "saas",
        Hosting::Builtin => "builtin",
    }
}

/// K0904: every tool fact needs a source with the date it was checked.
fn sources(ctx: &mut Ctx, tool: &Tool) {
    if tool.sources.is_empty() {
        ctx.emit(
            "K0904",
            Severity::Warning,
            &tool.origin.child("id"),
            format!(
                "tool `{}` has no source for its licence, governance and lifecycle facts",
                tool.id
            ),
        )
        .help = Some("add `sources: [{title: ..., url: ..., as_of: YYYY-MM-DD}]`".into());
    }
    for (i, s) in tool.sources.iter().enumerate() {
        if s.as_of.is_none() {
            ctx.emit(
                "K0904",
                Severity::Warning,
                &tool.origin.child("sources").child(i),
                format!(
                    "source `{}` of tool `{}` has no `as_of` date; facts about tools change, so say when it was checked",
                    s.title, tool.id
                ),
            )
            .help = Some("add `as_of: YYYY-MM-DD`".into());
        }
    }
}

/// K0906: dates the checker compares must be dates.
fn dates(ctx: &mut Ctx, tool: &Tool) {
    let mut fields: Vec<(Origin, &str)> = Vec::new();
    if let Some(s) = &tool.lifecycle.since {
        fields.push((tool.origin.child("lifecycle").child("since"), s));
    }
    if let Some(s) = &tool.licence.since {
        fields.push((tool.origin.child("licence").child("since"), s));
    }
    for (i, s) in tool.sources.iter().enumerate() {
        if let Some(a) = &s.as_of {
            fields.push((tool.origin.child("sources").child(i).child("as_of"), a));
        }
    }
    for (at, value) in fields {
        if date::parse(value).is_none() {
            ctx.emit(
                "K0906",
                Severity::Warning,
                &at,
                format!(
                    "`{value}` (tool `{}`) is not a date; expected YYYY-MM-DD, YYYY-MM or YYYY",
                    tool.id
                ),
            )
            .help = Some("write the date as e.g. `2026-03` or `2026-03-31`".into());
        }
    }
}
