//! The shape of decisions (K0501-K0504) and of Layer 2 capabilities (K0801-K0802).

use kompas_kb::Severity;

use crate::ctx::{list, Ctx};

/// Runs the structure checks.
pub(crate) fn check(ctx: &mut Ctx) {
    decisions(ctx);
    capabilities(ctx);
}

fn decisions(ctx: &mut Ctx) {
    let kb = ctx.kb;
    for d in &kb.decisions {
        if d.options.is_empty() {
            ctx.emit(
                "K0504",
                Severity::Error,
                &d.origin.child("options"),
                format!(
                    "decision `{}` has no options; there is nothing to recommend",
                    d.id
                ),
            )
            .help = Some("add at least one option (and a default rule that chooses it)".into());
        }

        let defaults: Vec<_> = d.rules.iter().filter(|r| r.default).collect();
        match defaults.as_slice() {
            [] => {
                ctx.emit_key(
                    "K0501",
                    Severity::Error,
                    &d.origin.child("rules"),
                    format!(
                        "decision `{}` has no default rule; a profile that no rule matches gets no recommendation",
                        d.id
                    ),
                )
                .help = Some(format!(
                    "add a rule with `default: true` that chooses the usual option, e.g. `{{id: {}.default, choose: ..., default: true, because: ...}}`",
                    d.id
                ));
            }
            [_] => {}
            [first, rest @ ..] => {
                let first_at = ctx.place(&first.origin);
                for r in rest {
                    ctx.emit(
                        "K0501",
                        Severity::Error,
                        &r.origin.child("default"),
                        format!(
                            "decision `{}` has more than one default rule: `{}` and `{}` (at {first_at})",
                            d.id, r.id, first.id
                        ),
                    )
                    .help = Some("keep one default rule; give the others a `when` and a priority".into());
                }
            }
        }
        for r in &d.rules {
            if r.default && r.when.is_some() {
                ctx.emit(
                    "K0502",
                    Severity::Error,
                    &r.origin.child("when"),
                    format!(
                        "default rule `{}` has a `when`; the default fires exactly when no other rule does",
                        r.id
                    ),
                )
                .help = Some("remove `when` from the default rule, or drop `default: true`".into());
            }
            let Some(option) = d.options.iter().find(|o| o.id == r.choose) else {
                continue; // a dangling choice is K0402
            };
            if let Some(sup) = &option.superseded {
                ctx.emit(
                    "K0503",
                    Severity::Error,
                    &r.origin.child("choose"),
                    format!(
                        "rule `{}` chooses `{}`, which is superseded by `{}`: {}",
                        r.id,
                        option.id,
                        sup.by,
                        one_line(sup.reason.en())
                    ),
                )
                .help = Some(format!(
                    "a superseded option is never a recommendation: choose `{}` instead",
                    sup.by
                ));
            }
        }
    }
}

fn capabilities(ctx: &mut Ctx) {
    let kb = ctx.kb;
    for c in &kb.capabilities {
        if c.triggers.is_empty() {
            ctx.emit_key(
                "K0802",
                Severity::Warning,
                &c.origin.child("triggers"),
                format!(
                    "capability `{}` has no triggers, so nothing ever calls for it and its verdict is always `{}`",
                    c.id,
                    serde_json::to_value(c.otherwise).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
                ),
            )
            .help = Some("add the conditions under which the capability becomes relevant".into());
        }
        if c.tools.is_empty() {
            continue;
        }
        let defaults: Vec<&str> = c
            .tools
            .iter()
            .filter(|t| t.default)
            .map(|t| t.id.as_str())
            .collect();
        if defaults.is_empty() {
            ctx.emit_key(
                "K0801",
                Severity::Error,
                &c.origin.child("tools"),
                format!(
                    "capability `{}` has tool choices but none is `default: true`; when no tool's `when` holds, none is picked",
                    c.id
                ),
            )
            .help = Some("mark the usual pick with `default: true`".into());
        } else if defaults.len() > 1 {
            let second = c
                .tools
                .iter()
                .filter(|t| t.default)
                .nth(1)
                .expect("two defaults");
            ctx.emit(
                "K0801",
                Severity::Error,
                &second.origin.child("default"),
                format!(
                    "capability `{}` has {} default tool choices ({}); exactly one is the fallback",
                    c.id,
                    defaults.len(),
                    list(&defaults)
                ),
            )
            .help = Some("keep `default: true` on one tool choice".into());
        }
    }
}

/// Text folded onto one line, for messages.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
