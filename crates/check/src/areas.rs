//! K0506: the areas that group the decisions for readers. Every decision in
//! exactly one area once the KB has areas (dangling names are K0402, duplicate
//! area ids K0401).

use std::collections::HashMap;

use kompas_kb::Severity;

use crate::ctx::Ctx;

/// Runs the area checks.
pub(crate) fn check(ctx: &mut Ctx) {
    let kb = ctx.kb;
    if kb.areas.is_empty() {
        return;
    }
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for area in &kb.areas {
        for (i, id) in area.decisions.iter().enumerate() {
            if let Some(first) = seen.get(id.as_str()) {
                ctx.emit(
                    "K0506",
                    Severity::Error,
                    &area.origin.child("decisions").child(i),
                    format!(
                        "decision `{id}` is in area `{}` and already in area `{first}`",
                        area.id
                    ),
                )
                .help = Some("list each decision in one area".into());
            } else {
                seen.insert(id, &area.id);
            }
        }
    }
    for d in &kb.decisions {
        if !seen.contains_key(d.id.as_str()) {
            ctx.emit(
                "K0506",
                Severity::Warning,
                &d.origin,
                format!(
                    "decision `{}` is in no area: readers find it last, under “Other”",
                    d.id
                ),
            )
            .help = Some(format!(
                "add `{}` to the `decisions` of one of the areas ({})",
                d.id,
                kb.areas
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
}
