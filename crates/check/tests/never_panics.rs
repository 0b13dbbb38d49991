//! Property: load + compile + check never panic, whatever the input.
//!
//! (a) arbitrary text, and YAML-looking text stitched from KB fragments, as a
//! KB file; (b) structured mutations of a small valid KB (keys deleted or
//! renamed, scalars replaced, nodes nested, copied or duplicated), written back
//! as block YAML or as JSON.

use kompas_kb::{load_sources, yaml};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Value};

const KB: &str = include_str!("fixtures/clean/kb.yaml");
const DECISION: &str = include_str!("fixtures/clean/decision.yaml");
const EXTRA: &str = "capabilities:
  - id: mesh
    title: Mesh
    question: Mesh now?
    complexity: high
    triggers:
      - {id: mesh.many, text: Many services, when: {input: size, gt: 50}}
    skip_if:
      - {id: mesh.few, text: Few services, when: {any: [{input: size, lt: 3}, {not: {input: flag, equals: true}}]}}
    otherwise: skip
    traces_to: [req.uptime]
    builds_on: [{decision: pick, text: Uses the pick}]
    tools:
      - {id: light, title: Light, tools: [alpha], use_when: Simple, default: true}
      - {id: heavy, title: Heavy, tools: [beta], use_when: Big, when: {input: level, in: [expert]}}
derived:
  - {id: busy, description: Busy, when: {input: size, gte: 20}}
  - {id: experience, description: Alias, same_as: level}
tradeoffs:
  - id: tradeoff.one
    title: One
    favours: [req.uptime]
    over: [principle.open_source]
    resolution: Beta
    rationale: Because.
    applies_to: [{decision: pick, options: [beta]}]
    accepts: [{tool: beta, principle: principle.open_source}]
open_questions:
  - {id: q1, text: Which?, priority: critical, blocking: true, affects: [pick, mesh], impact: [{item: req.uptime, text: It matters.}]}
guidance:
  - id: notes
    kind: table
    title: Notes
    columns: [{id: owner, title: Owner}]
    items:
      - {id: note.one, title: One, cells: {owner: Ops}, refs: [pick, pick/alpha, mesh]}
";

/// 256 cases per property; failures are kept beside this file for replay.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/never_panics.proptest-regressions"
        )))),
        ..ProptestConfig::default()
    }
}

/// Loads, compiles and checks; the only assertion is that it returns.
fn exercise(files: Vec<(String, String)>) {
    if let Ok(kb) = load_sources(files) {
        let compiled = kompas_logic::compile(&kb);
        let report = kompas_check::check(&kb, &compiled, "2026-11-22");
        let _ = report.render_text();
        let _ = report.to_json();
    }
}

// ---------------------------------------------------------------------------
// (a) text
// ---------------------------------------------------------------------------

/// Lines of the fixture files, to stitch YAML-looking text from.
fn fragments() -> Vec<String> {
    let mut lines: Vec<String> = [KB, DECISION, EXTRA]
        .iter()
        .flat_map(|t| t.lines().map(str::to_owned))
        .collect();
    lines.extend(
        [
            "- ", "  ", "{", "}", "[", "]", ": ", "&a ", "*a", "!!str ", "---", "'", "\"", "#",
            "|", ">-", "\t", "~",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    lines
}

fn yamlish() -> impl Strategy<Value = String> {
    let frags = fragments();
    prop::collection::vec((any::<Index>(), 0usize..6, any::<bool>()), 0..40).prop_map(
        move |picks| {
            let mut out = String::new();
            for (i, indent, newline) in picks {
                out.push_str(&"  ".repeat(indent));
                out.push_str(frags[i.index(frags.len())].trim_start());
                if newline {
                    out.push('\n');
                }
            }
            out
        },
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_as_a_kb_file(text in prop_oneof![any::<String>(), yamlish()]) {
        exercise(vec![
            ("kb.yaml".into(), "kb: {id: t, version: '1', title: T}\n".into()),
            ("x.yaml".into(), text),
        ]);
    }

    #[test]
    fn arbitrary_text_replacing_a_valid_file(text in yamlish()) {
        exercise(vec![("kb.yaml".into(), KB.into()), ("decision.yaml".into(), text)]);
    }
}

// ---------------------------------------------------------------------------
// (b) structured mutations
// ---------------------------------------------------------------------------

/// A step from a node to one of its children.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Item(usize),
}

fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                here.push(Step::Key(k.clone()));
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                here.push(Step::Item(i));
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn node<'v>(v: &'v Value, path: &[Step]) -> Option<&'v Value> {
    let mut cur = v;
    for step in path {
        cur = match (step, cur) {
            (Step::Key(k), Value::Object(m)) => m.get(k)?,
            (Step::Item(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn node_mut<'v>(v: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut cur = v;
    for step in path {
        cur = match (step, cur) {
            (Step::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (Step::Item(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Scalars and names that mean something to the KB, plus edge values.
fn scalar(pick: usize) -> Value {
    const WORDS: &[&str] = &[
        "alpha",
        "beta",
        "pick",
        "mesh",
        "size",
        "level",
        "flag",
        "busy",
        "experience",
        "none",
        "expert",
        "req.uptime",
        "principle.open_source",
        "pick/alpha",
        "default",
        "when",
        "",
        "open_source",
        "retired",
        "2026-03",
        "not a date",
        "gt",
        "all",
        "\u{1F600}",
        "-1",
    ];
    match pick % 40 {
        n if n < WORDS.len() => Value::String(WORDS[n].into()),
        25 => Value::Bool(true),
        26 => Value::Bool(false),
        27 => Value::Null,
        28 => Value::from(i64::MAX),
        29 => Value::from(i64::MIN),
        30 => Value::from(0),
        31 => Value::from(-5),
        32 => Value::from(64),
        33 => Value::from(1.5),
        34 => Value::Array(Vec::new()),
        35 => Value::Object(Map::new()),
        36 => Value::from(1_000_000),
        37 => Value::String("x".repeat(300)),
        38 => Value::from(100),
        _ => Value::from(11),
    }
}

const KEYS: &[&str] = &[
    "id",
    "when",
    "all",
    "any",
    "not",
    "input",
    "equals",
    "in",
    "gt",
    "lte",
    "contains",
    "default",
    "priority",
    "choose",
    "serves",
    "tools",
    "superseded",
    "by",
    "values",
    "min",
    "max",
    "aliases",
    "same_as",
    "lifecycle",
    "successors",
    "exclusive",
    "rules",
    "options",
    "triggers",
    "bogus",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index),
    Rename(Index, usize),
    Replace(Index, usize),
    Nest(Index, usize),
    Graft(Index, Index),
    DuplicateItem(Index),
    DeleteItem(Index),
    /// Replace a scalar by another of the same JSON type, so the file still
    /// deserialises and the mutation reaches the compiler and the checker.
    ReplaceSameType(Index, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => any::<Index>().prop_map(Mutation::Delete),
        1 => (any::<Index>(), any::<usize>()).prop_map(|(i, k)| Mutation::Rename(i, k)),
        1 => (any::<Index>(), any::<usize>()).prop_map(|(i, s)| Mutation::Replace(i, s)),
        1 => (any::<Index>(), any::<usize>()).prop_map(|(i, k)| Mutation::Nest(i, k)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::Graft(a, b)),
        2 => any::<Index>().prop_map(Mutation::DuplicateItem),
        2 => any::<Index>().prop_map(Mutation::DeleteItem),
        8 => (any::<Index>(), any::<usize>()).prop_map(|(i, s)| Mutation::ReplaceSameType(i, s)),
    ]
}

fn apply(root: &mut Value, m: &Mutation) {
    let mut all = Vec::new();
    paths(root, &mut Vec::new(), &mut all);
    let pick = |i: &Index| all[i.index(all.len())].clone();
    match m {
        Mutation::Delete(i) | Mutation::Rename(i, _) => {
            let path = pick(i);
            let Some((Step::Key(key), parent)) = path.split_last() else {
                return;
            };
            if let Some(Value::Object(map)) = node_mut(root, parent) {
                if let Some(v) = map.remove(key) {
                    if let Mutation::Rename(_, k) = m {
                        map.insert(KEYS[k % KEYS.len()].to_owned(), v);
                    }
                }
            }
        }
        Mutation::Replace(i, s) => {
            if let Some(node) = node_mut(root, &pick(i)) {
                *node = scalar(*s);
            }
        }
        Mutation::Nest(i, k) => {
            if let Some(node) = node_mut(root, &pick(i)) {
                let inner = node.take();
                *node = if k % 2 == 0 {
                    Value::Array(vec![inner])
                } else {
                    let mut map = Map::new();
                    map.insert(KEYS[k % KEYS.len()].to_owned(), inner);
                    Value::Object(map)
                };
            }
        }
        Mutation::Graft(from, to) => {
            let Some(copy) = node_mut(root, &pick(from)).map(|v| v.clone()) else {
                return;
            };
            if let Some(node) = node_mut(root, &pick(to)) {
                *node = copy;
            }
        }
        Mutation::ReplaceSameType(i, s) => {
            // Pick among the scalars only, so most steps change something.
            let scalars: Vec<&Vec<Step>> = all
                .iter()
                .filter(|p| node(root, p).is_some_and(|v| !v.is_array() && !v.is_object()))
                .collect();
            if scalars.is_empty() {
                return;
            }
            let path = scalars[i.index(scalars.len())].clone();
            if let Some(node) = node_mut(root, &path) {
                let same = (0..40).map(|k| scalar(s.wrapping_add(k))).find(|c| {
                    std::mem::discriminant(c) == std::mem::discriminant(node)
                        && (c.is_i64() == node.is_i64())
                });
                if let Some(v) = same {
                    *node = v;
                }
            }
        }
        Mutation::DeleteItem(i) => {
            let path = pick(i);
            let Some((Step::Item(index), parent)) = path.split_last() else {
                return;
            };
            if let Some(Value::Array(items)) = node_mut(root, parent) {
                items.remove(*index);
            }
        }
        Mutation::DuplicateItem(i) => {
            let path = pick(i);
            let Some((Step::Item(index), parent)) = path.split_last() else {
                return;
            };
            if let Some(Value::Array(items)) = node_mut(root, parent) {
                let copy = items[*index].clone();
                items.insert(*index, copy);
            }
        }
    }
}

/// Block YAML with every key and string double-quoted (JSON escapes are valid YAML).
fn to_yaml(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let inline = |v: &Value| match v {
        Value::Array(a) if a.is_empty() => Some("[]".to_owned()),
        Value::Object(m) if m.is_empty() => Some("{}".to_owned()),
        Value::Array(_) | Value::Object(_) => None,
        scalar => Some(scalar.to_string()),
    };
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, child) in m {
                out.push_str(&format!("{pad}{}:", Value::String(k.clone())));
                match inline(child) {
                    Some(s) => out.push_str(&format!(" {s}\n")),
                    None => {
                        out.push('\n');
                        to_yaml(child, indent + 2, out);
                    }
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for child in a {
                out.push_str(&format!("{pad}-"));
                match inline(child) {
                    Some(s) => out.push_str(&format!(" {s}\n")),
                    None => {
                        out.push('\n');
                        to_yaml(child, indent + 2, out);
                    }
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", inline(other).unwrap_or_default())),
    }
}

fn valid_values() -> Vec<Value> {
    [KB, DECISION, EXTRA]
        .iter()
        .map(|t| yaml::parse(t).expect("the fixtures are valid YAML").0)
        .collect()
}

#[test]
fn the_unmutated_kb_checks_clean_after_a_round_trip() {
    let files: Vec<(String, String)> = valid_values()
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut text = String::new();
            to_yaml(v, 0, &mut text);
            (format!("f{i}.yaml"), text)
        })
        .collect();
    let kb = load_sources(files).expect("the round trip loads");
    let report = kompas_check::check(&kb, &kompas_logic::compile(&kb), "2026-11-22");
    assert!(!report.has_errors(), "{}", report.render_text());
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_kbs(
        target in 0usize..3,
        mutations in prop::collection::vec(mutation(), 1..8),
        as_json in any::<bool>(),
    ) {
        let mut values = valid_values();
        for m in &mutations {
            apply(&mut values[target], m);
        }
        let files = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let text = if as_json {
                    v.to_string()
                } else {
                    let mut text = String::new();
                    to_yaml(v, 0, &mut text);
                    text
                };
                (format!("f{i}.yaml"), text)
            })
            .collect();
        exercise(files);
    }
}
