//! Influence: which answers can move which outcome (a Layer 1 decision, a
//! Layer 2 verdict, a Layer 2 tool pick), exactly.
//!
//! An input *can move* an outcome when two profiles that differ only in that
//! answer (the same inputs given) get different outcomes. The analysis works
//! on the classes of the variables, so it enumerates every profile:
//!
//! - an outcome reads some variables (its conditions, with derived facts and
//!   other outcomes inlined);
//! - a variable whose default is a derived fact (`default: {from: FACT}`) is,
//!   in a profile, either given (then it is free like any answer) or left out
//!   (then it follows the inputs its fact reads). A *mode* says which of those
//!   the profile gives; the effective inputs of a mode are the variables read
//!   plus, for each left-out derived default, the inputs of its fact
//!   (recursively);
//! - per mode the outcome is tabulated over the classes of the free inputs,
//!   and an input moves it when two cells that differ only in that input's
//!   class differ in outcome. Every mode is analysed when an outcome reaches at
//!   most [`MAX_MODES_BITS`] derived defaults; beyond that only "all given" and
//!   "none given" are, and the result says it is partial.
//!
//! [`from_profiles`] answers the narrower question "from these organisations,
//! what does each answer move?": each input is set to each of its classes,
//! starting from each profile, with derived defaults recomputed.

use kompas_kb::{Kb, Severity};
use kompas_logic::{Compiled, Space, MAX_PROOF_CELLS};
use serde_json::{json, Value};

use crate::ctx::Ctx;

/// At most this many derived defaults per outcome are combined in every way
/// (2^8 modes); beyond it the analysis is partial.
pub const MAX_MODES_BITS: usize = 8;

/// What kind of outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutcomeKind {
    /// The recommendation of a Layer 1 decision.
    Decision,
    /// The verdict (now / later / skip) of a Layer 2 capability.
    Verdict,
    /// The tool a Layer 2 capability picks (whatever its verdict).
    ToolPick,
}

impl OutcomeKind {
    fn key(self) -> &'static str {
        match self {
            OutcomeKind::Decision => "decision",
            OutcomeKind::Verdict => "verdict",
            OutcomeKind::ToolPick => "tool_pick",
        }
    }
}

/// How an input moves an outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// A condition of the outcome reads the input.
    Direct,
    /// The input moves the derived default of this other input, which the
    /// outcome reads.
    Default(String),
}

/// One outcome and the inputs that can move it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Decision, verdict or tool pick.
    pub kind: OutcomeKind,
    /// The decision or capability id.
    pub id: String,
    /// The inputs that can move it, in KB order.
    pub moved_by: Vec<(String, Via)>,
    /// Whether some modes or cells could not be enumerated.
    pub partial: bool,
}

/// The influence of every input on every outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Influence {
    /// Every outcome, decisions first, then per capability its verdict and tool pick.
    pub outcomes: Vec<Outcome>,
    /// Every input id, in KB order.
    pub inputs: Vec<String>,
    /// How many profiles it started from (`None`: every profile).
    pub from_profiles: Option<usize>,
}

/// A starting profile for [`from_profiles`]: dense values and which inputs it gave.
#[derive(Debug, Clone)]
pub struct StartProfile {
    /// Dense values, indexed like `Compiled::vars`, derived defaults computed.
    pub values: Vec<i64>,
    /// Per variable: whether the profile gave it.
    pub given: Vec<bool>,
}

/// "None of the cells": a sentinel outcome for infeasible cells.
const INFEASIBLE: u32 = u32::MAX;
/// No recommendation / no tool.
const NOTHING: u32 = u32::MAX - 1;

/// One outcome's variables and evaluation.
struct Target {
    kind: OutcomeKind,
    id: String,
    index: usize,
    vars: Vec<usize>,
}

fn targets(kb: &Kb, compiled: &Compiled) -> Vec<Target> {
    let mut out = Vec::new();
    for cd in &compiled.decisions {
        out.push(Target {
            kind: OutcomeKind::Decision,
            id: kb.decisions[cd.index].id.clone(),
            index: cd.index,
            vars: cd.vars.clone(),
        });
    }
    for cc in &compiled.capabilities {
        let mut named = Vec::new();
        for n in cc
            .triggers
            .iter()
            .chain(&cc.skip_if)
            .chain(&cc.now_if)
            .chain(&cc.later_if)
        {
            if let Some(p) = &n.pred {
                p.for_each_var(&mut |v| named.push(v));
            }
        }
        named.sort_unstable();
        named.dedup();
        let id = kb.capabilities[cc.index].id.clone();
        out.push(Target {
            kind: OutcomeKind::Verdict,
            id: id.clone(),
            index: cc.index,
            vars: named,
        });
        if !kb.capabilities[cc.index].tools.is_empty() {
            let mut tools = Vec::new();
            for p in cc.tools.iter().flatten() {
                p.for_each_var(&mut |v| tools.push(v));
            }
            tools.sort_unstable();
            tools.dedup();
            out.push(Target {
                kind: OutcomeKind::ToolPick,
                id,
                index: cc.index,
                vars: tools,
            });
        }
    }
    out
}

/// The outcome of a target on a dense profile.
fn evaluate(compiled: &Compiled, t: &Target, p: &[i64]) -> u32 {
    match t.kind {
        OutcomeKind::Decision => {
            let cd = &compiled.decisions[t.index];
            cd.decide(p)
                .and_then(|r| cd.rules[r].option)
                .map_or(NOTHING, |o| o as u32)
        }
        OutcomeKind::Verdict => compiled.capabilities[t.index].verdict(p).verdict as u32,
        OutcomeKind::ToolPick => compiled.capabilities[t.index]
            .tool_pick(p)
            .map_or(NOTHING, |x| x as u32),
    }
}

/// Per variable, the exclusive set members (such as `none`) as a mask: no
/// normalised profile holds one, so a cell that does is infeasible.
pub(crate) fn exclusive_masks(kb: &Kb, compiled: &Compiled) -> Vec<i64> {
    compiled
        .var_input
        .iter()
        .map(|&i| {
            let input = &kb.inputs[i];
            if input.kind != kompas_kb::InputType::Set {
                return 0;
            }
            input
                .values
                .iter()
                .enumerate()
                .filter(|(i, x)| x.exclusive && *i < 63)
                .fold(0, |acc, (i, _)| acc | 1 << i)
        })
        .collect()
}

fn infeasible(exclusive: &[i64], vars: &[usize], p: &[i64]) -> bool {
    vars.iter().any(|&v| p[v] & exclusive[v] != 0)
}

/// The variables read, closed over the facts of the left-out derived defaults.
fn effective(compiled: &Compiled, read: &[usize], left_out: &[bool]) -> Vec<usize> {
    let mut out: Vec<usize> = read.to_vec();
    let mut i = 0;
    while i < out.len() {
        let v = out[i];
        if left_out[v] {
            if let Some(dd) = compiled.derived_default(v) {
                for &r in &dd.reads {
                    if !out.contains(&r) {
                        out.push(r);
                    }
                }
            }
        }
        i += 1;
    }
    out.sort_unstable();
    out
}

/// Computes the derived defaults of the variables marked left out, in
/// dependency order.
fn apply_left_out(compiled: &Compiled, p: &mut [i64], left_out: &[bool]) {
    compiled.apply_derived_defaults(p, |v| !left_out[v]);
}

/// Every input's influence over every profile.
pub fn analyse(kb: &Kb, compiled: &Compiled) -> Influence {
    let n = compiled.vars.len();
    let exclusive = exclusive_masks(kb, compiled);
    let mut q = vec![0i64; n];
    let mut outcomes = Vec::new();
    for t in targets(kb, compiled) {
        // The derived defaults this outcome can reach.
        let all_left_out: Vec<bool> = (0..n)
            .map(|v| compiled.derived_default(v).is_some())
            .collect();
        let reach = effective(compiled, &t.vars, &all_left_out);
        let derived: Vec<usize> = reach.iter().copied().filter(|v| all_left_out[*v]).collect();
        let mut partial = derived.len() > MAX_MODES_BITS;
        let modes: Vec<u64> = if partial {
            vec![0, (1u64 << derived.len().min(63)) - 1]
        } else {
            (0..1u64 << derived.len()).collect()
        };
        let mut moved: Vec<Option<Via>> = vec![None; n];
        for mode in modes {
            // Bit i set: derived[i] is given in this mode.
            let mut left_out = vec![false; n];
            for (i, &v) in derived.iter().enumerate() {
                left_out[v] = mode & (1 << i.min(63)) == 0;
            }
            let eff = effective(compiled, &t.vars, &left_out);
            let free: Vec<usize> = eff.iter().copied().filter(|v| !left_out[*v]).collect();
            let space = Space::new(&compiled.vars, &free);
            if space.size() > MAX_PROOF_CELLS {
                partial = true;
                continue;
            }
            let mut table = Vec::with_capacity(space.size());
            let mut profile = compiled.defaults.clone();
            space.for_each_cell(&mut profile, |p, _| {
                q.copy_from_slice(p);
                apply_left_out(compiled, &mut q, &left_out);
                table.push(if infeasible(&exclusive, &free, &q) {
                    INFEASIBLE
                } else {
                    evaluate(compiled, &t, &q)
                });
            });
            for (i, &x) in free.iter().enumerate() {
                if moved[x].as_ref().is_some_and(|v| *v == Via::Direct) {
                    continue;
                }
                if moves(&table, space.radix(), i) {
                    let via = if t.vars.contains(&x) {
                        Via::Direct
                    } else {
                        via_default(kb, compiled, &t.vars, &left_out, x)
                    };
                    if moved[x].is_none() || via == Via::Direct {
                        moved[x] = Some(via);
                    }
                }
            }
        }
        outcomes.push(Outcome {
            kind: t.kind,
            id: t.id,
            moved_by: collect(kb, compiled, moved),
            partial,
        });
    }
    Influence {
        outcomes,
        inputs: input_ids(kb, compiled),
        from_profiles: None,
    }
}

fn input_ids(kb: &Kb, compiled: &Compiled) -> Vec<String> {
    compiled
        .var_input
        .iter()
        .map(|i| kb.inputs[*i].id.clone())
        .collect()
}

fn collect(kb: &Kb, compiled: &Compiled, moved: Vec<Option<Via>>) -> Vec<(String, Via)> {
    moved
        .into_iter()
        .enumerate()
        .filter_map(|(v, via)| via.map(|via| (kb.inputs[compiled.var_input[v]].id.clone(), via)))
        .collect()
}

/// The left-out derived default read by the outcome through which `x` acts.
fn via_default(kb: &Kb, compiled: &Compiled, read: &[usize], left_out: &[bool], x: usize) -> Via {
    read.iter()
        .find(|&&v| left_out[v] && effective(compiled, &[v], left_out).contains(&x))
        .map_or(Via::Direct, |&v| {
            Via::Default(kb.inputs[compiled.var_input[v]].id.clone())
        })
}

/// Whether two feasible cells that differ only in coordinate `axis` differ in outcome.
fn moves(table: &[u32], radix: &[usize], axis: usize) -> bool {
    let stride: usize = radix[axis + 1..].iter().product();
    let r = radix[axis];
    let block = stride * r;
    let mut base = 0;
    while base < table.len() {
        for offset in 0..stride {
            let mut first: Option<u32> = None;
            for k in 0..r {
                let o = table[base + offset + k * stride];
                if o == INFEASIBLE {
                    continue;
                }
                match first {
                    None => first = Some(o),
                    Some(f) if f != o => return true,
                    Some(_) => {}
                }
            }
        }
        base += block;
    }
    false
}

/// What each input moves, starting from each profile: every input set to each
/// of its classes (as given), derived defaults recomputed.
pub fn from_profiles(kb: &Kb, compiled: &Compiled, starts: &[StartProfile]) -> Influence {
    let n = compiled.vars.len();
    let exclusive = exclusive_masks(kb, compiled);
    let targets = targets(kb, compiled);
    let mut moved: Vec<Vec<Option<Via>>> = vec![vec![None; n]; targets.len()];
    let mut q = vec![0i64; n];
    for start in starts {
        if start.values.len() != n || start.given.len() != n {
            continue;
        }
        let base: Vec<u32> = targets
            .iter()
            .map(|t| evaluate(compiled, t, &start.values))
            .collect();
        for x in 0..n {
            let var = &compiled.vars[x];
            let mut given = start.given.clone();
            given[x] = true;
            for class in 0..var.class_count() {
                q.copy_from_slice(&start.values);
                q[x] = var.representative(class, start.values[x]);
                compiled.apply_derived_defaults(&mut q, |v| given[v]);
                if infeasible(&exclusive, &[x], &q) {
                    continue;
                }
                for (ti, t) in targets.iter().enumerate() {
                    if evaluate(compiled, t, &q) == base[ti] {
                        continue;
                    }
                    let via = if t.vars.contains(&x) {
                        Via::Direct
                    } else {
                        // The derived default the outcome reads whose value moved.
                        t.vars
                            .iter()
                            .find(|v| q[**v] != start.values[**v])
                            .map_or(Via::Direct, |v| {
                                Via::Default(kb.inputs[compiled.var_input[*v]].id.clone())
                            })
                    };
                    let slot = &mut moved[ti][x];
                    if slot.is_none() || via == Via::Direct {
                        *slot = Some(via);
                    }
                }
            }
        }
    }
    let outcomes = targets
        .into_iter()
        .zip(moved)
        .map(|(t, m)| Outcome {
            kind: t.kind,
            id: t.id,
            moved_by: collect(kb, compiled, m),
            partial: false,
        })
        .collect();
    Influence {
        outcomes,
        inputs: input_ids(kb, compiled),
        from_profiles: Some(starts.len()),
    }
}

impl Influence {
    /// Per input, the outcomes it can move, in outcome order.
    pub fn by_input(&self) -> Vec<(&str, Vec<(&Outcome, &Via)>)> {
        self.inputs
            .iter()
            .map(|input| {
                let moves = self
                    .outcomes
                    .iter()
                    .filter_map(|o| {
                        o.moved_by
                            .iter()
                            .find(|(i, _)| i == input)
                            .map(|(_, via)| (o, via))
                    })
                    .collect();
                (input.as_str(), moves)
            })
            .collect()
    }

    /// The inputs that move no decision, no verdict and no tool pick.
    pub fn inert_inputs(&self) -> Vec<&str> {
        self.by_input()
            .into_iter()
            .filter(|(_, m)| m.is_empty())
            .map(|(i, _)| i)
            .collect()
    }

    /// The number of outcomes of a kind, and how many of them some input can move.
    pub fn movable(&self, kind: OutcomeKind) -> (usize, usize) {
        let of_kind = self.outcomes.iter().filter(|o| o.kind == kind);
        let total = of_kind.clone().count();
        let moved = of_kind.filter(|o| !o.moved_by.is_empty()).count();
        (total, moved)
    }

    /// The number of inputs that move at least one outcome of a kind.
    pub fn inputs_moving(&self, kind: OutcomeKind) -> usize {
        self.by_input()
            .iter()
            .filter(|(_, m)| m.iter().any(|(o, _)| o.kind == kind))
            .count()
    }

    /// Whether any outcome was analysed only in part.
    pub fn partial(&self) -> bool {
        self.outcomes.iter().any(|o| o.partial)
    }

    /// The report as JSON: per input and per outcome.
    pub fn to_json(&self) -> Value {
        let via = |v: &Via| match v {
            Via::Direct => json!({"direct": true}),
            Via::Default(input) => json!({"direct": false, "through_default_of": input}),
        };
        let inputs: Vec<Value> = self
            .by_input()
            .into_iter()
            .map(|(input, moves)| {
                let list = |kind: OutcomeKind| -> Vec<Value> {
                    moves
                        .iter()
                        .filter(|(o, _)| o.kind == kind)
                        .map(|(o, v)| {
                            let mut x = via(v);
                            x["id"] = json!(o.id);
                            x
                        })
                        .collect()
                };
                json!({
                    "input": input,
                    "decisions": list(OutcomeKind::Decision),
                    "verdicts": list(OutcomeKind::Verdict),
                    "tool_picks": list(OutcomeKind::ToolPick),
                    "moves_nothing": moves.is_empty(),
                })
            })
            .collect();
        let outcomes: Vec<Value> = self
            .outcomes
            .iter()
            .map(|o| {
                json!({
                    "kind": o.kind.key(),
                    "id": o.id,
                    "moved_by": o.moved_by.iter().map(|(i, v)| {
                        let mut x = via(v);
                        x["input"] = json!(i);
                        x
                    }).collect::<Vec<_>>(),
                    "partial": o.partial,
                })
            })
            .collect();
        let (decisions, movable) = self.movable(OutcomeKind::Decision);
        json!({
            "from_profiles": self.from_profiles,
            "summary": {
                "inputs": self.inputs.len(),
                "inputs_moving_a_decision": self.inputs_moving(OutcomeKind::Decision),
                "inputs_moving_nothing": self.inert_inputs(),
                "decisions": decisions,
                "decisions_movable": movable,
                "partial": self.partial(),
            },
            "inputs": inputs,
            "outcomes": outcomes,
        })
    }

    /// The report for people: per input what it moves, then per outcome what moves it.
    pub fn render_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let (decisions, movable) = self.movable(OutcomeKind::Decision);
        let scope = match self.from_profiles {
            None => "over every profile".to_string(),
            Some(1) => "starting from 1 profile".to_string(),
            Some(n) => format!("starting from {n} profiles"),
        };
        let _ = writeln!(
            out,
            "Influence {scope}: {} of {} inputs move a Layer 1 decision; {movable} of {decisions} decisions can be moved{}.",
            self.inputs_moving(OutcomeKind::Decision),
            self.inputs.len(),
            if self.partial() { " (partial: some outcomes read too many derived defaults or classes to enumerate)" } else { "" }
        );
        let inert = self.inert_inputs();
        if !inert.is_empty() {
            let _ = writeln!(out, "Inputs that move nothing: {}.", inert.join(", "));
        }
        let name = |o: &Outcome| match o.kind {
            OutcomeKind::Decision => o.id.clone(),
            OutcomeKind::Verdict => format!("{} (verdict)", o.id),
            OutcomeKind::ToolPick => format!("{} (tool)", o.id),
        };
        let _ = writeln!(out, "\nPer input:");
        for (input, moves) in self.by_input() {
            if moves.is_empty() {
                let _ = writeln!(out, "  {input}: nothing");
                continue;
            }
            let items: Vec<String> = moves
                .iter()
                .map(|(o, via)| match via {
                    Via::Direct => name(o),
                    Via::Default(d) => format!("{} (through {d})", name(o)),
                })
                .collect();
            let _ = writeln!(out, "  {input}: {}", items.join(", "));
        }
        let _ = writeln!(out, "\nPer outcome:");
        for o in &self.outcomes {
            let items: Vec<String> = o
                .moved_by
                .iter()
                .map(|(i, via)| match via {
                    Via::Direct => i.clone(),
                    Via::Default(d) => format!("{i} (through {d})"),
                })
                .collect();
            let _ = writeln!(
                out,
                "  {}: {}{}",
                name(o),
                if items.is_empty() {
                    "nothing moves it".to_string()
                } else {
                    items.join(", ")
                },
                if o.partial { " (partial)" } else { "" }
            );
        }
        out
    }
}

/// The check: an input that moves nothing (K0706), a partial analysis (K0707).
pub(crate) fn check(ctx: &mut Ctx) -> Option<Influence> {
    if !ctx.compiled.issues.is_empty() {
        return None; // the analysis would be over broken predicates
    }
    let influence = analyse(ctx.kb, ctx.compiled);
    for input in influence.inert_inputs() {
        let Some(i) = ctx.kb.input(input) else {
            continue;
        };
        ctx.emit(
            "K0706",
            Severity::Warning,
            &i.origin.child("id"),
            format!(
                "input `{input}` moves nothing: no answer to it changes a decision, a Layer 2 verdict or a tool pick, for any profile"
            ),
        )
        .help = Some(
            "let a rule, a trigger or a derived fact read it, or remove the question".into(),
        );
    }
    let partial: Vec<&str> = influence
        .outcomes
        .iter()
        .filter(|o| o.partial)
        .map(|o| o.id.as_str())
        .collect();
    if !partial.is_empty() {
        ctx.out.push(
            kompas_kb::Diagnostic::new(
                "K0707",
                Severity::Warning,
                format!(
                    "the influence analysis is partial for {}: they read more than {MAX_MODES_BITS} derived defaults or more than {MAX_PROOF_CELLS} classes of inputs",
                    partial.join(", ")
                ),
            )
            .with_help("read fewer inputs with derived defaults per outcome"),
        );
    }
    Some(influence)
}
