//! Small generated knowledge bases for property tests, and a reference
//! evaluator that reads the KB model directly (no compilation, no inlining).
//!
//! Shared by the logic tests (inlining agrees with direct evaluation) and the
//! check tests (influence agrees with brute force): included with `#[path]`.
#![allow(dead_code)]

use std::collections::HashMap;

use kompas_kb::{Condition, Kb, Scalar};
use proptest::prelude::*;

/// The inputs of every generated KB: `a` (enum x/y/z), `b` (0..=9), `c` (bool),
/// `s` (a set of m0..m3, or `none`, tested with overlapping `contains` and
/// `contains_any`) and `d` (bool, whose default is the derived fact `f` when
/// `derived_default`).
pub const INPUTS: &str = "
kb: {id: gen, version: '1', title: Generated}
inputs:
  - {id: a, type: enum, question: A?, values: [{id: x}, {id: y}, {id: z}], default: x}
  - {id: b, type: integer, question: B?, min: 0, max: 9, default: 0}
  - {id: c, type: bool, question: C?, default: false}
  - {id: s, type: set, question: S?, values: [{id: m0}, {id: m1}, {id: m2}, {id: m3}, {id: none, exclusive: true}], default: [m0]}
";

/// The members of `s`, by bit.
pub const S_MEMBERS: [&str; 4] = ["m0", "m1", "m2", "m3"];

/// What a generated condition may name, by how far down the KB it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Inputs only (the enum fact's cases).
    Inputs,
    /// Inputs and the enum fact `e` (the boolean fact `f`).
    Facts,
    /// Also `f` and `d` (decision `d0`).
    D0,
    /// Also decision `d0` (the capability's tools and triggers).
    Cap,
    /// Also the capability's tool pick (decision `d1`).
    D1,
    /// Also decision `d1` (decision `d2`).
    D2,
}

fn leaf(level: Level) -> BoxedStrategy<String> {
    let mut options: Vec<BoxedStrategy<String>> = vec![
        prop::sample::subsequence(vec!["x", "y", "z"], 1..=2)
            .prop_map(|v| format!("{{input: a, in: [{}]}}", v.join(", ")))
            .boxed(),
        (0..9i64, prop::bool::ANY)
            .prop_map(|(n, gt)| {
                if gt {
                    format!("{{input: b, gt: {n}}}")
                } else {
                    format!("{{input: b, lte: {n}}}")
                }
            })
            .boxed(),
        prop::bool::ANY
            .prop_map(|v| format!("{{input: c, equals: {v}}}"))
            .boxed(),
        prop::sample::subsequence(S_MEMBERS.to_vec(), 1..=3)
            .prop_map(|v| match v[..] {
                [one] => format!("{{input: s, contains: {one}}}"),
                _ => format!("{{input: s, contains_any: [{}]}}", v.join(", ")),
            })
            .boxed(),
    ];
    if level >= Level::Facts {
        options.push(
            prop::sample::subsequence(vec!["p", "q", "r"], 1..=2)
                .prop_map(|v| format!("{{input: e, in: [{}]}}", v.join(", ")))
                .boxed(),
        );
    }
    if level >= Level::D0 {
        options.push(
            prop::bool::ANY
                .prop_map(|v| format!("{{input: f, equals: {v}}}"))
                .boxed(),
        );
        options.push(
            prop::bool::ANY
                .prop_map(|v| format!("{{input: d, equals: {v}}}"))
                .boxed(),
        );
    }
    if level >= Level::Cap {
        options.push(
            prop::sample::subsequence(vec!["o0", "o1", "o2"], 1..=2)
                .prop_map(|v| format!("{{decision: d0, in: [{}]}}", v.join(", ")))
                .boxed(),
        );
    }
    if level >= Level::D1 {
        options.push(
            prop::sample::select(vec!["t0", "t1", "t2"])
                .prop_map(|t| format!("{{capability: cap, tool: {t}}}"))
                .boxed(),
        );
    }
    if level >= Level::D2 {
        options.push(
            prop::sample::select(vec!["o0", "o1", "o2"])
                .prop_map(|o| format!("{{decision: d1, is: {o}}}"))
                .boxed(),
        );
    }
    prop::strategy::Union::new(options).boxed()
}

/// A condition (flow YAML) over what `level` may name.
pub fn condition(level: Level) -> BoxedStrategy<String> {
    leaf(level)
        .prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..=3)
                    .prop_map(|c| format!("{{all: [{}]}}", c.join(", "))),
                prop::collection::vec(inner.clone(), 1..=3)
                    .prop_map(|c| format!("{{any: [{}]}}", c.join(", "))),
                inner.prop_map(|c| format!("{{not: {c}}}")),
            ]
        })
        .boxed()
}

fn decision(id: &'static str, level: Level) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (condition(level), 0..3usize, 1..4i32),
        1..=3,
    )
    .prop_map(move |rules| {
        let mut out = format!(
            "  - id: {id}\n    title: {id}\n    question: Which?\n    options:\n      - {{id: o0, title: O0, rationale: r}}\n      - {{id: o1, title: O1, rationale: r}}\n      - {{id: o2, title: O2, rationale: r}}\n    rules:\n      - {{id: {id}.default, choose: o0, default: true, because: b}}\n"
        );
        for (i, (when, option, priority)) in rules.into_iter().enumerate() {
            out.push_str(&format!(
                "      - {{id: {id}.r{i}, choose: o{option}, priority: {priority}, because: b, when: {when}}}\n"
            ));
        }
        out
    })
}

/// A whole KB: the enum fact `e`, the boolean fact `f`, the input `d`
/// (default from `f` or fixed), decisions `d0`, `d1`, `d2` and capability `cap`.
pub fn kb_text() -> impl Strategy<Value = String> {
    let cases = prop::collection::vec(
        (
            condition(Level::Inputs),
            prop::sample::select(vec!["p", "q", "r"]),
        ),
        1..=3,
    );
    (
        cases,
        prop::sample::select(vec!["p", "q", "r"]),
        condition(Level::Facts),
        prop::bool::ANY,
        decision("d0", Level::D0),
        (
            condition(Level::Cap),
            condition(Level::Cap),
            condition(Level::Cap),
            condition(Level::Cap),
        ),
        decision("d1", Level::D1),
        decision("d2", Level::D2),
    )
        .prop_map(
            |(cases, otherwise, f_when, derived_default, d0, (t0, t1, trig, skip), d1, d2)| {
                let mut kb = INPUTS.to_owned();
                kb.push_str(&format!(
                    "  - {{id: d, type: bool, question: D?, default: {}}}\n",
                    if derived_default { "{from: f}" } else { "false" }
                ));
                kb.push_str("derived:\n  - id: e\n    description: E\n    values: [p, q, r]\n    cases:\n");
                for (when, value) in cases {
                    kb.push_str(&format!("      - {{when: {when}, value: {value}}}\n"));
                }
                kb.push_str(&format!("    otherwise: {otherwise}\n"));
                kb.push_str(&format!("  - {{id: f, description: F, when: {f_when}}}\n"));
                kb.push_str("decisions:\n");
                kb.push_str(&d0);
                kb.push_str(&d1);
                kb.push_str(&d2);
                kb.push_str(&format!(
                    "capabilities:\n  - id: cap\n    title: Cap\n    question: Now?\n    complexity: low\n    triggers: [{{id: cap.t, text: T, when: {trig}}}]\n    skip_if: [{{id: cap.s, text: S, when: {skip}}}]\n    otherwise: skip\n    tools:\n      - {{id: t0, title: T0, use_when: u, when: {t0}}}\n      - {{id: t1, title: T1, use_when: u, when: {t1}}}\n      - {{id: t2, title: T2, use_when: u, default: true}}\n"
                ));
                kb
            },
        )
}

/// Loads a generated KB; panics with the problems (a generator bug).
pub fn load(text: &str) -> Kb {
    kompas_kb::load_sources(vec![("kb.yaml".into(), text.into())])
        .unwrap_or_else(|e| panic!("{text}\n{:#?}", e.diagnostics))
}

/// A profile for the reference evaluator: every input's value; `None` for an
/// input left out whose default is derived.
pub type Answers = HashMap<&'static str, Option<i64>>;

/// Every profile of the generated inputs, with `d` given or left out.
pub fn every_profile(derived_default: bool) -> Vec<Answers> {
    let mut out = Vec::new();
    for a in 0..3 {
        for b in 0..10 {
            for c in 0..2 {
                for s in 0..1 << S_MEMBERS.len() {
                    let ds: Vec<Option<i64>> = if derived_default {
                        vec![None, Some(0), Some(1)]
                    } else {
                        vec![Some(0), Some(1)]
                    };
                    for d in ds {
                        out.push(HashMap::from([
                            ("a", Some(a)),
                            ("b", Some(b)),
                            ("c", Some(c)),
                            ("s", Some(s)),
                            ("d", d),
                        ]));
                    }
                }
            }
        }
    }
    out
}

/// The semantics of the KB format, read off the model, for one profile.
pub struct Reference<'k> {
    pub kb: &'k Kb,
    pub answers: Answers,
}

impl Reference<'_> {
    /// An input's value (a left-out `d` follows `f`).
    pub fn input(&self, id: &str) -> i64 {
        match self.answers.get(id).copied().flatten() {
            Some(v) => v,
            None => self.fact_f() as i64,
        }
    }

    fn fact_f(&self) -> bool {
        let f = self.kb.derived_fact("f").expect("fact f");
        self.cond(f.when.as_ref().expect("when"))
    }

    /// The value of the enum fact `e`.
    pub fn fact_e(&self) -> String {
        let e = self.kb.derived_fact("e").expect("fact e");
        e.cases
            .iter()
            .find(|c| self.cond(&c.when))
            .map(|c| c.value.clone())
            .unwrap_or_else(|| e.otherwise.clone().expect("otherwise"))
    }

    /// The option a decision recommends.
    pub fn decision(&self, id: &str) -> Option<String> {
        let d = self.kb.decision(id)?;
        let mut rules: Vec<_> = d.rules.iter().collect();
        rules.sort_by_key(|r| (r.default, std::cmp::Reverse(r.priority)));
        rules
            .into_iter()
            .find(|r| r.when.as_ref().is_none_or(|w| self.cond(w)))
            .map(|r| r.choose.clone())
    }

    /// The tool the capability picks, whatever its verdict.
    pub fn tool(&self, id: &str) -> Option<String> {
        let c = self.kb.capability(id)?;
        c.tools
            .iter()
            .find(|t| t.when.as_ref().is_some_and(|w| self.cond(w)))
            .or_else(|| c.tools.iter().find(|t| t.default))
            .map(|t| t.id.clone())
    }

    /// The verdict of a capability, by the contract on `kompas_kb::Capability`.
    pub fn verdict(&self, id: &str) -> kompas_kb::Verdict {
        use kompas_kb::Verdict;
        let c = self.kb.capability(id).expect("capability");
        let met = |list: &[kompas_kb::NamedCondition]| {
            list.iter()
                .any(|n| n.when.as_ref().is_some_and(|w| self.cond(w)))
        };
        let need = met(&c.triggers) || met(&c.now_if);
        if need && met(&c.later_if) {
            Verdict::Later
        } else if met(&c.now_if) || (met(&c.triggers) && !met(&c.skip_if)) {
            Verdict::Now
        } else if met(&c.skip_if) {
            Verdict::Skip
        } else {
            c.otherwise
        }
    }

    /// Evaluates a condition directly.
    pub fn cond(&self, c: &Condition) -> bool {
        if let Some(list) = &c.all {
            return list.iter().all(|x| self.cond(x));
        }
        if let Some(list) = &c.any {
            return list.iter().any(|x| self.cond(x));
        }
        if let Some(inner) = &c.not {
            return !self.cond(inner);
        }
        let strings = |c: &Condition| -> Vec<String> {
            match (&c.in_, &c.is, &c.tool, &c.equals) {
                (Some(list), _, _, _) => list.iter().map(|s| s.to_string()).collect(),
                (_, Some(v), _, _) | (_, _, Some(v), _) => vec![v.clone()],
                (_, _, _, Some(v)) => vec![v.to_string()],
                _ => Vec::new(),
            }
        };
        if let Some(d) = &c.decision {
            return self.decision(d).is_some_and(|o| strings(c).contains(&o));
        }
        if let Some(cap) = &c.capability {
            return self.tool(cap).is_some_and(|t| strings(c).contains(&t));
        }
        let name = c.input.as_deref().expect("a comparison");
        match name {
            "a" => {
                let v = ["x", "y", "z"][self.input("a") as usize].to_string();
                strings(c).contains(&v)
            }
            "b" => {
                let v = self.input("b");
                match (c.gt, c.lte) {
                    (Some(n), _) => v > n,
                    (_, Some(n)) => v <= n,
                    _ => panic!("unexpected comparison on b"),
                }
            }
            "c" | "d" => {
                let v = self.input(name) != 0;
                c.equals == Some(Scalar::Bool(v))
            }
            "s" => {
                let v = self.input("s");
                let listed = match (&c.contains, &c.contains_any) {
                    (Some(one), _) => vec![one.clone()],
                    (_, Some(list)) => list.clone(),
                    _ => panic!("unexpected comparison on s"),
                };
                S_MEMBERS
                    .iter()
                    .enumerate()
                    .any(|(i, m)| v & (1 << i) != 0 && listed.iter().any(|x| x == m))
            }
            "e" => strings(c).contains(&self.fact_e()),
            "f" => c.equals == Some(Scalar::Bool(self.fact_f())),
            other => panic!("unexpected input {other}"),
        }
    }
}
