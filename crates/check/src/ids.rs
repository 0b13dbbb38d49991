//! K0401: duplicate ids, per namespace.
//!
//! Namespaces follow how ids are referenced: inputs and derived facts share one
//! (both are named by `input:` in conditions); decisions and capabilities share
//! one (both are named by `affects` and `applies_to`); option ids are unique
//! within their decision; rule ids, Layer 0 ids, tool ids, open-question ids,
//! trade-off ids, input-group ids, guidance-section ids, guidance-item ids and
//! consistency-rule ids
//! are unique in the KB; a capability's tools and its named conditions are
//! unique within the capability.

use std::collections::HashMap;

use kompas_kb::{Origin, Severity};

use crate::ctx::Ctx;

/// Reports every id that repeats an earlier one of the same namespace, at the
/// repeat, naming where the first one is.
fn namespace<'k>(
    ctx: &mut Ctx,
    what: &str,
    items: impl IntoIterator<Item = (&'k str, &'k Origin)>,
) {
    let mut first: HashMap<&str, &Origin> = HashMap::new();
    for (id, origin) in items {
        match first.get(id) {
            Some(earlier) => {
                let earlier = ctx.place(&earlier.child("id"));
                ctx.emit(
                    "K0401",
                    Severity::Error,
                    &origin.child("id"),
                    format!("duplicate {what} id `{id}`; the first is at {earlier}"),
                )
                .help = Some("ids must be unique: rename one of them, or merge the two".into());
            }
            None => {
                first.insert(id, origin);
            }
        }
    }
}

/// Runs the duplicate-id checks.
pub(crate) fn check(ctx: &mut Ctx) {
    let kb = ctx.kb;
    namespace(
        ctx,
        "input or derived-fact",
        kb.inputs
            .iter()
            .map(|i| (i.id.as_str(), &i.origin))
            .chain(kb.derived.iter().map(|d| (d.id.as_str(), &d.origin))),
    );
    namespace(
        ctx,
        "input-group",
        kb.input_groups.iter().map(|g| (g.id.as_str(), &g.origin)),
    );
    namespace(
        ctx,
        "Layer 0",
        kb.layer0.iter().map(|i| (i.id.as_str(), &i.origin)),
    );
    namespace(
        ctx,
        "decision or capability",
        kb.decisions
            .iter()
            .map(|d| (d.id.as_str(), &d.origin))
            .chain(kb.capabilities.iter().map(|c| (c.id.as_str(), &c.origin))),
    );
    for d in &kb.decisions {
        namespace(
            ctx,
            &format!("option (decision `{}`)", d.id),
            d.options.iter().map(|o| (o.id.as_str(), &o.origin)),
        );
    }
    namespace(
        ctx,
        "rule",
        kb.decisions
            .iter()
            .flat_map(|d| d.rules.iter().map(|r| (r.id.as_str(), &r.origin))),
    );
    for c in &kb.capabilities {
        namespace(
            ctx,
            &format!("tool choice (capability `{}`)", c.id),
            c.tools.iter().map(|t| (t.id.as_str(), &t.origin)),
        );
        namespace(
            ctx,
            &format!("trigger/skip-if/timing condition (capability `{}`)", c.id),
            c.triggers
                .iter()
                .chain(&c.skip_if)
                .chain(&c.now_if)
                .chain(&c.later_if)
                .map(|n| (n.id.as_str(), &n.origin)),
        );
    }
    namespace(
        ctx,
        "area",
        kb.areas.iter().map(|a| (a.id.as_str(), &a.origin)),
    );
    namespace(
        ctx,
        "trade-off",
        kb.tradeoffs.iter().map(|t| (t.id.as_str(), &t.origin)),
    );
    namespace(
        ctx,
        "open-question",
        kb.open_questions.iter().map(|q| (q.id.as_str(), &q.origin)),
    );
    namespace(
        ctx,
        "tool",
        kb.tools.iter().map(|t| (t.id.as_str(), &t.origin)),
    );
    namespace(
        ctx,
        "guidance-section",
        kb.guidance.iter().map(|g| (g.id.as_str(), &g.origin)),
    );
    namespace(
        ctx,
        "consistency-rule",
        kb.consistency.iter().map(|k| (k.id.as_str(), &k.origin)),
    );
    namespace(
        ctx,
        "guidance-item",
        kb.guidance
            .iter()
            .flat_map(|g| g.items.iter().map(|i| (i.id.as_str(), &i.origin))),
    );
}
