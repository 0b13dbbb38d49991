//! Exhaustive analysis per decision (K0701-K0705).
//!
//! The compiler splits every variable a decision reads into classes at the
//! thresholds the KB uses, so the product of classes is finite and one
//! representative per class stands for all its values. The compiler's decision
//! table already holds the winning rule of every cell; this module reads it for
//! gaps, rule wins and option reach, and evaluates predicates only where the
//! table cannot answer: which equal-priority rules also match (overlaps) and
//! where a rule that never wins would have matched (shadowing).

use std::collections::{BTreeMap, BTreeSet};

use kompas_kb::{Decision, Severity};
use kompas_logic::compile::{MAX_KB_CELLS, MAX_TABLE};
use kompas_logic::{CompiledDecision, Space};
use serde_json::{json, Map, Value};

use crate::ctx::{list, Ctx, WithDataMut};

/// Which rules decide some profile, per decision (by rule index in the KB).
/// `None` when the decision was not analysed; then every rule counts as reachable.
pub(crate) struct Reach {
    rules: Vec<Option<Vec<bool>>>,
}

impl Reach {
    /// Whether rule `rule` (KB index) of decision `decision` decides some profile.
    pub fn rule(&self, decision: usize, rule: usize) -> bool {
        match self.rules.get(decision) {
            Some(Some(reach)) => reach.get(rule).copied().unwrap_or(true),
            _ => true,
        }
    }
}

const NO_RULE: u16 = u16::MAX;

/// Runs the analysis of every decision.
pub(crate) fn check(ctx: &mut Ctx) -> Reach {
    // A broken derived fact (or a cycle of outcomes) compiles to "never"
    // without an issue in every decision that uses it, so any such issue
    // would make the analysis lie.
    let derived_broken = ctx
        .compiled
        .issues
        .iter()
        .any(|i| i.origin.pointer.starts_with("/derived") || i.code == "K0403");
    let mut rules = Vec::new();
    for (di, d) in ctx.kb.decisions.iter().enumerate() {
        let analysed = match ctx.compiled.decisions.get(di) {
            Some(cd)
                if !derived_broken && !has_issue(ctx, d) && cd.rules.len() == d.rules.len() =>
            {
                analyse(ctx, d, cd)
            }
            _ => None,
        };
        rules.push(analysed);
    }
    Reach { rules }
}

/// Whether the compiler reported a problem inside this decision.
fn has_issue(ctx: &Ctx, d: &Decision) -> bool {
    let prefix = format!("{}/", d.origin.pointer);
    ctx.compiled
        .issues
        .iter()
        .any(|i| i.origin.file == d.origin.file && i.origin.pointer.starts_with(&prefix))
}

/// What the walk over the cells found.
#[derive(Default)]
struct Findings {
    /// (winner, other) -> first cell where both match and choose differently.
    overlaps: BTreeMap<(usize, usize), usize>,
    /// Silent rule -> (first cell where it matches, every rule that wins where it matches).
    shadowed: BTreeMap<usize, (usize, BTreeSet<usize>)>,
}

fn analyse(ctx: &mut Ctx, d: &Decision, cd: &CompiledDecision) -> Option<Vec<bool>> {
    let compiled = ctx.compiled;
    let space = cd.space(compiled);
    if cd.table.len() != space.size() {
        skipped(ctx, d, cd, &space);
        return None;
    }

    // Pass 1, the table alone: wins per rule and the gaps.
    let mut wins = vec![0usize; cd.rules.len()];
    let mut gaps = 0usize;
    let mut first_gap = None;
    for (cell, &w) in cd.table.iter().enumerate() {
        match wins.get_mut(w as usize) {
            Some(n) if w != NO_RULE => *n += 1,
            _ => {
                gaps += 1;
                first_gap.get_or_insert(cell);
            }
        }
    }

    // Equal-priority rules after each rule that could overlap it (the default excluded).
    let peers: Vec<Vec<usize>> = (0..cd.rules.len())
        .map(|w| {
            let rw = &cd.rules[w];
            if rw.default {
                return Vec::new();
            }
            (w + 1..cd.rules.len())
                .take_while(|&j| cd.rules[j].priority == rw.priority && !cd.rules[j].default)
                .filter(|&j| cd.rules[j].option != rw.option)
                .collect()
        })
        .collect();
    let silent: Vec<usize> = (0..cd.rules.len()).filter(|&r| wins[r] == 0).collect();

    // Pass 2, only when something needs the predicates.
    let mut found = Findings::default();
    if !silent.is_empty() || peers.iter().any(|p| !p.is_empty()) {
        let mut profile = compiled.defaults.clone();
        space.for_each_cell(&mut profile, |p, cell| {
            let w = cd.table[cell];
            if w == NO_RULE {
                return;
            }
            let w = w as usize;
            for &j in &peers[w] {
                if cd.rules[j].pred.eval(p) {
                    found.overlaps.entry((w, j)).or_insert(cell);
                }
            }
            for &r in &silent {
                if cd.rules[r].pred.eval(p) {
                    found
                        .shadowed
                        .entry(r)
                        .or_insert_with(|| (cell, BTreeSet::new()))
                        .1
                        .insert(w);
                }
            }
        });
    }

    if let Some(cell) = first_gap {
        report_gap(ctx, d, &space, cell, gaps);
    }
    let mut overlap_losers = BTreeSet::new();
    for (&(w, j), &cell) in &found.overlaps {
        overlap_losers.insert(j);
        report_overlap(ctx, d, cd, &space, (w, j), cell);
    }
    for &r in &silent {
        if !overlap_losers.contains(&r) {
            report_unreachable_rule(ctx, d, cd, &space, r, found.shadowed.get(&r));
        }
    }
    report_unreachable_options(ctx, d, cd, &wins);

    let mut reach = vec![false; d.rules.len()];
    for (s, rule) in cd.rules.iter().enumerate() {
        if let Some(x) = reach.get_mut(rule.index) {
            *x = wins[s] > 0;
        }
    }
    Some(reach)
}

/// K0705: a decision too large to analyse, or past the KB's budget. A warning:
/// what the analysis would have proven is not proven.
fn skipped(ctx: &mut Ctx, d: &Decision, cd: &CompiledDecision, space: &Space) {
    let compiled = ctx.compiled;
    let cells = space.size();
    let cells_text = if cells == usize::MAX {
        "more than 10^19".to_owned()
    } else {
        cells.to_string()
    };
    let too_large = cells > MAX_TABLE;
    let why = if too_large {
        format!(
            "its rules read {} inputs whose classes multiply to {cells_text} profile classes, more than the {MAX_TABLE} one decision may have",
            space.vars.len()
        )
    } else {
        format!(
            "the decisions before it used up the analysis budget of the knowledge base ({MAX_KB_CELLS} profile classes in all; this one has {cells_text})"
        )
    };
    // Rules of equal priority that choose different options: only the walk
    // over every cell proves they never both match.
    let mut pairs = Vec::new();
    for (w, rw) in cd.rules.iter().enumerate() {
        for rj in cd.rules[w + 1..]
            .iter()
            .take_while(|rj| rj.priority == rw.priority)
        {
            if !rw.default && !rj.default && rj.option != rw.option {
                pairs.push((rule_name(d, rw.index), rule_name(d, rj.index)));
            }
        }
    }
    const SHOWN: usize = 5;
    let unproven = if pairs.is_empty() {
        "that every rule can decide some profile".to_owned()
    } else {
        let shown: Vec<String> = pairs
            .iter()
            .take(SHOWN)
            .map(|(a, b)| format!("`{a}` and `{b}`"))
            .collect();
        let more = match pairs.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more pairs"),
        };
        format!(
            "that these rules of equal priority never both match: {}{more}; nor that every rule can decide some profile",
            shown.join(", ")
        )
    };
    let mut widest: Vec<(usize, &str)> = space
        .vars
        .iter()
        .zip(space.radix())
        .map(|(v, r)| (*r, compiled.vars[*v].id.as_str()))
        .collect();
    widest.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let widest_text: Vec<String> = widest
        .iter()
        .take(4)
        .map(|(r, id)| format!("`{id}` ({r} classes)"))
        .collect();
    let classes: Map<String, Value> = widest
        .iter()
        .map(|(r, id)| ((*id).to_owned(), json!(r)))
        .collect();
    ctx.emit(
        "K0705",
        Severity::Warning,
        &d.origin.child("id"),
        format!(
            "exhaustive analysis of decision `{}` skipped: {why}; so it is not proven {unproven}, and assessments show no flips for it",
            d.id
        ),
    )
    .with_data_mut(json!({
        "decision": d.id,
        "reason": if too_large { "too_large" } else { "kb_budget" },
        "profile_classes": cells,
        "limit": if too_large { MAX_TABLE } else { MAX_KB_CELLS },
        "unproven_overlaps": pairs.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
        "classes_per_input": classes,
    }))
    .help = Some(format!(
        "split the decision into decisions that each read fewer inputs (its widest: {}), or compare each input at fewer distinct thresholds; a decision of at most {MAX_TABLE} profile classes is analysed",
        widest_text.join(", ")
    ));
}

fn rule_name(d: &Decision, index: usize) -> &str {
    d.rules.get(index).map_or("?", |r| r.id.as_str())
}

/// A representative profile of a cell: the variables of its space with a value
/// and its class in words, plus a one-line text and the whole profile.
pub(crate) struct Witness {
    pub(crate) values: Value,
    pub(crate) classes: Value,
    pub(crate) text: String,
    pub(crate) profile: Vec<i64>,
}

pub(crate) fn witness(ctx: &Ctx, space: &Space, cell: usize) -> Witness {
    let compiled = ctx.compiled;
    let mut profile = compiled.defaults.clone();
    space.apply(cell, &compiled.defaults, &mut profile);
    let coords = space.coords(cell);
    let mut values = Map::new();
    let mut classes = Map::new();
    let mut text = Vec::new();
    for (i, &v) in space.vars.iter().enumerate() {
        let var = &compiled.vars[v];
        let value = var.decode(profile[v]);
        let class = var.describe_class(coords[i]);
        let shown = match &value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        text.push(if class == shown {
            format!("{} = {shown}", var.id)
        } else {
            format!("{} = {shown} ({class})", var.id)
        });
        values.insert(var.id.clone(), value);
        classes.insert(var.id.clone(), Value::String(class));
    }
    Witness {
        values: Value::Object(values),
        classes: Value::Object(classes),
        text: if text.is_empty() {
            "any profile".into()
        } else {
            text.join(", ")
        },
        profile,
    }
}

fn rule_id<'d>(d: &'d Decision, cd: &CompiledDecision, sorted: usize) -> &'d str {
    d.rules
        .get(cd.rules[sorted].index)
        .map_or("?", |r| r.id.as_str())
}

fn option_id<'d>(d: &'d Decision, cd: &CompiledDecision, sorted: usize) -> &'d str {
    cd.rules[sorted]
        .option
        .and_then(|o| d.options.get(o))
        .map_or("?", |o| o.id.as_str())
}

fn report_gap(ctx: &mut Ctx, d: &Decision, space: &Space, cell: usize, gaps: usize) {
    let w = witness(ctx, space, cell);
    let total = space.size();
    ctx.emit_key(
        "K0701",
        Severity::Error,
        &d.origin.child("rules"),
        format!(
            "gap: decision `{}` recommends nothing for {gaps} of {total} profile classes, e.g. {}",
            d.id, w.text
        ),
    )
    .with_data_mut(json!({
        "decision": d.id,
        "witness": w.values,
        "classes": w.classes,
        "gap_classes": gaps,
        "total_classes": total,
    }))
    .help =
        Some("add a default rule (`default: true`), or a rule that covers these profiles".into());
}

fn report_overlap(
    ctx: &mut Ctx,
    d: &Decision,
    cd: &CompiledDecision,
    space: &Space,
    (w, j): (usize, usize),
    cell: usize,
) {
    let wit = witness(ctx, space, cell);
    let (a, b) = (rule_id(d, cd, w), rule_id(d, cd, j));
    let (oa, ob) = (option_id(d, cd, w), option_id(d, cd, j));
    let priority = cd.rules[w].priority;
    let at = d.rules[cd.rules[j].index].origin.clone();
    ctx.emit(
        "K0702",
        Severity::Error,
        &at,
        format!(
            "overlap: rules `{a}` (chooses `{oa}`) and `{b}` (chooses `{ob}`) of decision `{}` both match, with equal priority {priority}, e.g. for {}",
            d.id, wit.text
        ),
    )
    .with_data_mut(json!({
        "decision": d.id,
        "rules": [a, b],
        "options": [oa, ob],
        "priority": priority,
        "witness": wit.values,
        "classes": wit.classes,
    }))
    .help = Some(format!(
        "give one of them a higher `priority`, or narrow a condition so they exclude each other; today `{a}` wins only because it comes first in the file"
    ));
}

fn report_unreachable_rule(
    ctx: &mut Ctx,
    d: &Decision,
    cd: &CompiledDecision,
    space: &Space,
    r: usize,
    shadowed: Option<&(usize, BTreeSet<usize>)>,
) {
    let id = rule_id(d, cd, r);
    let at = d.rules[cd.rules[r].index].origin.clone();
    let Some((cell, winners)) = shadowed else {
        ctx.emit(
            "K0703",
            Severity::Warning,
            &at.child("when"),
            format!(
                "unreachable rule: the condition of rule `{id}` (decision `{}`) matches no profile",
                d.id
            ),
        )
        .with_data_mut(json!({"decision": d.id, "rule": id, "reason": "unsatisfiable"}))
        .help = Some("its comparisons contradict each other (or test values no profile can have); fix or remove the rule".into());
        return;
    };
    let wit = witness(ctx, space, *cell);
    let winner = cd.table[*cell] as usize;
    let by: Vec<String> = winners
        .iter()
        .map(|&x| {
            format!(
                "`{}` (priority {})",
                rule_id(d, cd, x),
                cd.rules[x].priority
            )
        })
        .collect();
    let by_ids: Vec<&str> = winners.iter().map(|&x| rule_id(d, cd, x)).collect();
    let message = if cd.rules[r].default {
        format!(
            "unreachable rule: default rule `{id}` of decision `{}` never fires; other rules cover every profile",
            d.id
        )
    } else {
        format!(
            "unreachable rule: rule `{id}` of decision `{}` never decides; wherever it matches another rule wins: {}; e.g. for {} rule `{}` wins",
            d.id,
            by.join(", "),
            wit.text,
            rule_id(d, cd, winner)
        )
    };
    ctx.emit("K0703", Severity::Warning, &at, message)
        .with_data_mut(json!({
            "decision": d.id,
            "rule": id,
            "reason": "shadowed",
            "shadowed_by": by_ids,
            "winner": rule_id(d, cd, winner),
            "witness": wit.values,
            "classes": wit.classes,
        }))
        .help = Some(if cd.rules[r].default {
        "remove the default rule, or narrow the other rules if some profiles should fall through to it".into()
    } else {
        format!(
            "raise its `priority` above {}, narrow the winning rules, or remove it",
            list(&by_ids)
        )
    });
}

fn report_unreachable_options(ctx: &mut Ctx, d: &Decision, cd: &CompiledDecision, wins: &[usize]) {
    for (oi, o) in d.options.iter().enumerate() {
        if o.superseded.is_some() {
            continue; // never recommended, by design
        }
        let reached = cd
            .rules
            .iter()
            .zip(wins)
            .any(|(r, &n)| n > 0 && r.option == Some(oi));
        if reached {
            continue;
        }
        let choosers: Vec<&str> = d
            .rules
            .iter()
            .filter(|r| r.choose == o.id)
            .map(|r| r.id.as_str())
            .collect();
        ctx.emit(
            "K0704",
            Severity::Warning,
            &o.origin.child("id"),
            format!(
                "unreachable option: no profile gets `{}` as the recommendation of decision `{}`",
                o.id, d.id
            ),
        )
        .with_data_mut(json!({"decision": d.id, "option": o.id, "rules": choosers}))
        .help = Some(if choosers.is_empty() {
            "no rule chooses it: add a rule for when it is the right choice, or mark it `superseded`".into()
        } else {
            format!("the rules that choose it never decide: {}", list(&choosers))
        });
    }
}
