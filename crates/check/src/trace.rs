//! Traceability (seed 000 §14, K0601-K0606): every Layer 1 choice traces to
//! Layer 0, has a rationale and an alternative, every trade-off names both
//! sides and a resolution, every requirement, principle and constraint is
//! served by something, and every Layer 0 item has a title of its own.

use std::collections::{HashMap, HashSet};

use kompas_kb::{Layer0Kind, Severity};

use crate::ctx::Ctx;

/// Runs the traceability checks.
pub(crate) fn check(ctx: &mut Ctx) {
    let kb = ctx.kb;
    for d in &kb.decisions {
        if d.chain.is_none() {
            ctx.emit(
                "K0605",
                Severity::Warning,
                &d.origin.child("id"),
                format!(
                    "decision `{}` has no `chain` (business -> technical -> capability -> tooling)",
                    d.id
                ),
            )
            .help = Some(
                "add `chain: {business: ..., technical: ..., capability: ..., tooling: ...}`"
                    .into(),
            );
        }
        if d.options.len() == 1 {
            ctx.emit(
                "K0602",
                Severity::Warning,
                &d.origin.child("options"),
                format!(
                    "decision `{}` has one option (`{}`); no alternative was considered",
                    d.id, d.options[0].id
                ),
            )
            .help = Some(
                "add the alternatives that were weighed, with why they were not chosen".into(),
            );
        }
        for o in &d.options {
            if o.serves.is_empty() {
                ctx.emit(
                    "K0601",
                    Severity::Error,
                    &o.origin.child("id"),
                    format!(
                        "option `{}/{}` traces to no Layer 0 item (its `serves` is empty)",
                        d.id, o.id
                    ),
                )
                .help = Some(
                    "list the requirements, principles or constraints it serves in `serves`".into(),
                );
            }
            if o.rationale.en().trim().is_empty() {
                ctx.emit(
                    "K0602",
                    Severity::Warning,
                    &o.origin.child("rationale"),
                    format!("option `{}/{}` has no rationale text", d.id, o.id),
                )
                .help =
                    Some("say why one would choose it, in terms of the Layer 0 constraints".into());
            }
        }
    }

    for t in &kb.tradeoffs {
        let mut missing = Vec::new();
        if t.favours.is_empty() {
            missing.push("`favours` (the Layer 0 items that win)");
        }
        if t.over.is_empty() {
            missing.push("`over` (the Layer 0 items that give way)");
        }
        if t.resolution.en().trim().is_empty() {
            missing.push("`resolution`");
        }
        if !missing.is_empty() {
            ctx.emit(
                "K0603",
                Severity::Error,
                &t.origin.child("id"),
                format!(
                    "trade-off `{}` does not say {}",
                    t.id,
                    missing.join(" nor ")
                ),
            )
            .help = Some(
                "a trade-off names the conflicting Layer 0 items and how the conflict is resolved"
                    .into(),
            );
        }
    }

    duplicate_titles(ctx);

    let traced: HashSet<&str> = kb
        .decisions
        .iter()
        .flat_map(|d| {
            d.traces_to
                .iter()
                .chain(d.options.iter().flat_map(|o| o.serves.iter()))
        })
        .chain(kb.capabilities.iter().flat_map(|c| c.traces_to.iter()))
        .map(String::as_str)
        .collect();
    for item in &kb.layer0 {
        // Goals, non-goals and risks need not be served by a choice.
        let kind = match item.kind {
            Layer0Kind::Requirement => "requirement",
            Layer0Kind::Principle => "principle",
            Layer0Kind::Constraint => "constraint",
            _ => continue,
        };
        if !traced.contains(item.id.as_str()) {
            ctx.emit(
                "K0604",
                Severity::Warning,
                &item.origin.child("id"),
                format!(
                    "{kind} `{}` is not served by any option, decision or capability",
                    item.id
                ),
            )
            .help = Some(format!(
                "add `{}` to the `serves` of the options that meet it, or to a decision's `traces_to`",
                item.id
            ));
        }
    }
}

/// K0606: two Layer 0 items with the same title (in any language) cannot be
/// told apart in a trace.
fn duplicate_titles(ctx: &mut Ctx) {
    let kb = ctx.kb;
    for lang in kompas_kb::LANGUAGES {
        let mut first: HashMap<String, usize> = HashMap::new();
        for (i, item) in kb.layer0.iter().enumerate() {
            let title = item.title.get(lang).trim().to_lowercase();
            if title.is_empty() {
                continue;
            }
            match first.get(&title) {
                Some(&f) => {
                    // One report per pair, in the first language where they collide.
                    let earlier = &kb.layer0[f];
                    let seen_before =
                        kompas_kb::LANGUAGES
                            .iter()
                            .take_while(|l| *l != lang)
                            .any(|l| {
                                earlier
                                    .title
                                    .get(l)
                                    .trim()
                                    .eq_ignore_ascii_case(item.title.get(l).trim())
                            });
                    if seen_before {
                        continue;
                    }
                    let place = ctx.place(&earlier.origin.child("title"));
                    ctx.emit(
                        "K0606",
                        Severity::Warning,
                        &item.origin.child("title"),
                        format!(
                            "Layer 0 items `{}` and `{}` have the same title \u{201c}{}\u{201d} ({lang}); the first is at {place}",
                            earlier.id,
                            item.id,
                            item.title.get(lang).trim()
                        ),
                    )
                    .help = Some("give every Layer 0 item a title of its own, so a trace says which one it means".into());
                }
                None => {
                    first.insert(title, i);
                }
            }
        }
    }
}
