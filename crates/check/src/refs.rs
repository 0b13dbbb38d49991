//! K0402: dangling references — an id that names nothing of the kind expected.

use std::collections::HashSet;

use kompas_kb::{Decision, Origin, Severity};

use crate::ctx::{did_you_mean, Ctx};

/// The ids of one kind, and how to name the kind in a message.
struct Targets<'k> {
    what: &'static str,
    ids: Vec<&'k str>,
    set: HashSet<&'k str>,
    /// Composite ids (`decision/option`) that exist only as built strings.
    qualified: HashSet<String>,
}

impl<'k> Targets<'k> {
    fn new(what: &'static str, ids: impl IntoIterator<Item = &'k str>) -> Self {
        let ids: Vec<&str> = ids.into_iter().collect();
        let set = ids.iter().copied().collect();
        Targets {
            what,
            ids,
            set,
            qualified: HashSet::new(),
        }
    }

    fn has(&self, id: &str) -> bool {
        self.set.contains(id) || self.qualified.contains(id)
    }
}

/// Reports `given` (found at `origin`, described by `field`) unless `targets` holds it.
fn expect(ctx: &mut Ctx, targets: &Targets, given: &str, origin: &Origin, field: &str) {
    if targets.has(given) {
        return;
    }
    let d = ctx.emit(
        "K0402",
        Severity::Error,
        origin,
        format!(
            "{field} names `{given}`, which is not {} of this KB",
            targets.what
        ),
    );
    let fallback = if targets.ids.is_empty() {
        Some(format!(
            "this KB defines no {}; add it, or remove the reference",
            targets.what
        ))
    } else {
        None
    };
    did_you_mean(d, given, targets.ids.iter().copied(), fallback);
}

fn options_of(d: &Decision) -> Targets<'_> {
    Targets::new(
        "an option of this decision",
        d.options.iter().map(|o| o.id.as_str()),
    )
}

/// Runs the reference checks.
pub(crate) fn check(ctx: &mut Ctx) {
    let kb = ctx.kb;
    let tools = Targets::new(
        "a tool (in `tools`)",
        kb.tools.iter().map(|t| t.id.as_str()),
    );
    let layer0 = Targets::new("a Layer 0 item", kb.layer0.iter().map(|i| i.id.as_str()));
    let groups = Targets::new(
        "an input group",
        kb.input_groups.iter().map(|g| g.id.as_str()),
    );
    let decisions = Targets::new("a decision", kb.decisions.iter().map(|d| d.id.as_str()));
    let areas = Targets::new(
        "a decision or a capability",
        kb.decisions
            .iter()
            .map(|d| d.id.as_str())
            .chain(kb.capabilities.iter().map(|c| c.id.as_str())),
    );

    let questions = Targets::new(
        "an open question",
        kb.open_questions.iter().map(|q| q.id.as_str()),
    );
    for input in &kb.inputs {
        if let Some(g) = &input.group {
            expect(
                ctx,
                &groups,
                g,
                &input.origin.child("group"),
                &format!("input `{}` group", input.id),
            );
        }
        if let Some(q) = &input.answers_question {
            expect(
                ctx,
                &questions,
                q,
                &input.origin.child("answers_question"),
                &format!("`answers_question` of input `{}`", input.id),
            );
        }
    }

    for area in &kb.areas {
        for (i, d) in area.decisions.iter().enumerate() {
            let at = area.origin.child("decisions").child(i);
            expect(
                ctx,
                &decisions,
                d,
                &at,
                &format!("`decisions` of area `{}`", area.id),
            );
        }
    }

    for item in &kb.layer0 {
        for (i, r) in item.related.iter().enumerate() {
            let at = item.origin.child("related").child(i);
            expect(ctx, &layer0, r, &at, &format!("`related` of `{}`", item.id));
        }
    }

    for d in &kb.decisions {
        let options = options_of(d);
        for (i, t) in d.traces_to.iter().enumerate() {
            let at = d.origin.child("traces_to").child(i);
            expect(
                ctx,
                &layer0,
                t,
                &at,
                &format!("`traces_to` of decision `{}`", d.id),
            );
        }
        for (pi, p) in d.practices.iter().enumerate() {
            for (i, o) in p.options.iter().enumerate() {
                let at = d
                    .origin
                    .child("practices")
                    .child(pi)
                    .child("options")
                    .child(i);
                let field = format!("`options` of a practice of decision `{}`", d.id);
                expect(ctx, &options, o, &at, &field);
            }
            for (i, t) in p.tools.iter().enumerate() {
                let at = d
                    .origin
                    .child("practices")
                    .child(pi)
                    .child("tools")
                    .child(i);
                expect(
                    ctx,
                    &tools,
                    t,
                    &at,
                    &format!("a practice of decision `{}`", d.id),
                );
            }
        }
        for o in &d.options {
            let who = format!("option `{}/{}`", d.id, o.id);
            for (i, t) in o.tools.iter().enumerate() {
                expect(
                    ctx,
                    &tools,
                    t,
                    &o.origin.child("tools").child(i),
                    &format!("`tools` of {who}"),
                );
            }
            for (i, s) in o.serves.iter().enumerate() {
                expect(
                    ctx,
                    &layer0,
                    s,
                    &o.origin.child("serves").child(i),
                    &format!("`serves` of {who}"),
                );
            }
            if let Some(sup) = &o.superseded {
                let at = o.origin.child("superseded");
                expect(
                    ctx,
                    &options,
                    &sup.by,
                    &at.child("by"),
                    &format!("`superseded.by` of {who}"),
                );
                for (i, p) in sup.principles.iter().enumerate() {
                    let field = format!("`superseded.principles` of {who}");
                    expect(ctx, &layer0, p, &at.child("principles").child(i), &field);
                }
            }
        }
        for r in &d.rules {
            let field = format!("`choose` of rule `{}`", r.id);
            expect(ctx, &options, &r.choose, &r.origin.child("choose"), &field);
        }
    }

    for t in &kb.tradeoffs {
        let who = format!("trade-off `{}`", t.id);
        for (i, f) in t.favours.iter().enumerate() {
            expect(
                ctx,
                &layer0,
                f,
                &t.origin.child("favours").child(i),
                &format!("`favours` of {who}"),
            );
        }
        for (i, f) in t.over.iter().enumerate() {
            expect(
                ctx,
                &layer0,
                f,
                &t.origin.child("over").child(i),
                &format!("`over` of {who}"),
            );
        }
        for (i, a) in t.applies_to.iter().enumerate() {
            let at = t.origin.child("applies_to").child(i);
            expect(
                ctx,
                &areas,
                &a.decision,
                &at.child("decision"),
                &format!("`applies_to` of {who}"),
            );
            let choices = if let Some(d) = kb.decision(&a.decision) {
                Some(options_of(d))
            } else {
                kb.capability(&a.decision).map(|c| {
                    Targets::new(
                        "a tool choice of this capability",
                        c.tools.iter().map(|x| x.id.as_str()),
                    )
                })
            };
            if let Some(choices) = choices {
                for (j, o) in a.options.iter().enumerate() {
                    let field = format!("`applies_to.options` of {who} (for `{}`)", a.decision);
                    expect(ctx, &choices, o, &at.child("options").child(j), &field);
                }
            }
        }
        for (i, a) in t.accepts.iter().enumerate() {
            let at = t.origin.child("accepts").child(i);
            expect(
                ctx,
                &tools,
                &a.tool,
                &at.child("tool"),
                &format!("`accepts.tool` of {who}"),
            );
            expect(
                ctx,
                &layer0,
                &a.principle,
                &at.child("principle"),
                &format!("`accepts.principle` of {who}"),
            );
        }
    }

    for q in &kb.open_questions {
        let who = format!("open question `{}`", q.id);
        for (i, a) in q.affects.iter().enumerate() {
            let at = q.origin.child("affects").child(i);
            if a.options().is_empty() {
                expect(ctx, &areas, a.target(), &at, &format!("`affects` of {who}"));
                continue;
            }
            let field = format!("`affects.decision` of {who}");
            expect(ctx, &decisions, a.target(), &at.child("decision"), &field);
            if let Some(d) = kb.decision(a.target()) {
                let options = options_of(d);
                for (j, o) in a.options().iter().enumerate() {
                    let field = format!("`affects.options` of {who} (for `{}`)", d.id);
                    expect(ctx, &options, o, &at.child("options").child(j), &field);
                }
            }
        }
        for (i, imp) in q.impact.iter().enumerate() {
            let at = q.origin.child("impact").child(i).child("item");
            expect(
                ctx,
                &layer0,
                &imp.item,
                &at,
                &format!("`impact.item` of {who}"),
            );
        }
    }

    for c in &kb.capabilities {
        let who = format!("capability `{}`", c.id);
        for (i, t) in c.traces_to.iter().enumerate() {
            expect(
                ctx,
                &layer0,
                t,
                &c.origin.child("traces_to").child(i),
                &format!("`traces_to` of {who}"),
            );
        }
        for (i, b) in c.builds_on.iter().enumerate() {
            let at = c.origin.child("builds_on").child(i).child("decision");
            expect(
                ctx,
                &decisions,
                &b.decision,
                &at,
                &format!("`builds_on` of {who}"),
            );
        }
        for ct in &c.tools {
            for (i, t) in ct.tools.iter().enumerate() {
                let field = format!("`tools` of tool choice `{}/{}`", c.id, ct.id);
                expect(ctx, &tools, t, &ct.origin.child("tools").child(i), &field);
            }
        }
    }

    for t in &kb.tools {
        for (i, s) in t.lifecycle.successors.iter().enumerate() {
            let at = t.origin.child("lifecycle").child("successors").child(i);
            expect(
                ctx,
                &tools,
                s,
                &at,
                &format!("`lifecycle.successors` of tool `{}`", t.id),
            );
        }
    }

    let known = known_ids(ctx);
    for g in &kb.guidance {
        for item in &g.items {
            for (i, r) in item.refs.iter().enumerate() {
                let field = format!("`refs` of guidance item `{}`", item.id);
                expect(ctx, &known, r, &item.origin.child("refs").child(i), &field);
            }
        }
    }
}

/// Every id a guidance item may refer to.
fn known_ids<'k>(ctx: &Ctx<'k>) -> Targets<'k> {
    let kb = ctx.kb;
    let mut ids: Vec<&str> = Vec::new();
    ids.extend(kb.decisions.iter().map(|d| d.id.as_str()));
    ids.extend(kb.capabilities.iter().map(|c| c.id.as_str()));
    ids.extend(
        kb.decisions
            .iter()
            .flat_map(|d| d.options.iter().map(|o| o.id.as_str())),
    );
    ids.extend(kb.tools.iter().map(|t| t.id.as_str()));
    ids.extend(kb.layer0.iter().map(|i| i.id.as_str()));
    ids.extend(kb.open_questions.iter().map(|q| q.id.as_str()));
    ids.extend(kb.inputs.iter().map(|i| i.id.as_str()));
    ids.extend(kb.derived.iter().map(|d| d.id.as_str()));
    ids.extend(kb.tradeoffs.iter().map(|t| t.id.as_str()));
    ids.extend(kb.guidance.iter().map(|g| g.id.as_str()));
    ids.extend(
        kb.guidance
            .iter()
            .flat_map(|g| g.items.iter().map(|i| i.id.as_str())),
    );
    let mut targets = Targets::new("a known id (decision, option, capability, tool, Layer 0 item, question, input, trade-off or guidance)", ids);
    // `decision/option` names an option unambiguously even where option ids repeat.
    for d in &kb.decisions {
        for o in &d.options {
            targets.qualified.insert(format!("{}/{}", d.id, o.id));
        }
    }
    targets
}
