//! The checks without a fixture directory of their own: each test edits the
//! clean fixture in memory and asserts the code and where it points.

mod common;

use common::find;
use kompas_check::{check, Report};
use kompas_kb::{load_sources, Severity};

const KB: &str = include_str!("fixtures/clean/kb.yaml");
const DECISION: &str = include_str!("fixtures/clean/decision.yaml");
const TODAY: &str = "2026-11-22";

/// Loads, compiles and checks these files; a load error becomes the report.
fn run(files: &[(&str, &str)]) -> Report {
    let sources = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    match load_sources(sources) {
        Ok(kb) => check(&kb, &kompas_logic::compile(&kb), TODAY),
        Err(e) => Report::new(e.diagnostics),
    }
}

/// The clean KB with `from` replaced by `to` in one of its files, and `extra` files added.
fn edited(file: &str, from: &str, to: &str, extra: &[(&str, &str)]) -> Report {
    let mut files = [
        ("kb.yaml", KB.to_owned()),
        ("decision.yaml", DECISION.to_owned()),
    ];
    let target = files
        .iter_mut()
        .find(|(p, _)| *p == file)
        .expect("a file of the fixture");
    assert!(target.1.contains(from), "`{from}` not in {file}");
    target.1 = target.1.replacen(from, to, 1);
    let mut all: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    all.extend_from_slice(extra);
    run(&all)
}

fn added(extra: &[(&str, &str)]) -> Report {
    edited("kb.yaml", "", "", extra)
}

fn has(report: &Report, code: &str) -> bool {
    report.diagnostics.iter().any(|d| d.code == code)
}

const CAPABILITY: &str = "capabilities:
  - id: mesh
    title: Mesh
    question: Mesh now?
    complexity: high
    triggers:
      - id: mesh.many
        text: Many services
        when: {input: size, gt: 50}
    otherwise: skip
    traces_to: [req.uptime]
    tools:
      - id: light
        title: Light
        tools: [alpha]
        use_when: Simple needs
        default: true
      - id: heavy
        title: Heavy
        tools: [beta]
        use_when: Many features
";

#[test]
fn a_clean_capability_adds_no_findings() {
    let report = added(&[("cap.yaml", CAPABILITY)]);
    assert!(report.diagnostics.is_empty(), "{}", report.render_text());
}

#[test]
fn input_values_ranges_and_aliases() {
    let report = edited(
        "kb.yaml",
        "    min: 1\n    max: 100\n    default: 5\n",
        "    min: 1\n    max: 100\n    aliases:\n      - {alias: few, value: 3}\n      - {alias: few, value: 4}\n      - {alias: lots, value: 500}\n    default: 5\n",
        &[],
    );
    find(&report, "K0309", "kb.yaml:17:17");
    let d = find(&report, "K0309", "kb.yaml:18:30");
    assert!(
        d.message.contains("500") && d.message.contains("1..=100"),
        "{}",
        d.message
    );

    let report = edited(
        "kb.yaml",
        "    min: 1\n    max: 100\n",
        "    min: 10\n    max: 1\n",
        &[],
    );
    find(&report, "K0308", "kb.yaml:14:10");

    let report = edited(
        "kb.yaml",
        "[{id: none}, {id: expert}]",
        "[{id: none}, {id: expert}, {id: none}]",
        &[],
    );
    let d = find(&report, "K0307", "kb.yaml:21:45");
    assert!(d.message.contains("`none` twice"), "{}", d.message);
}

#[test]
fn bad_defaults_are_pointed_at_precisely() {
    let set = "  - id: rules
    type: set
    question: Which rules apply?
    values: [{id: GDPR}, {id: PCI-DSS}, {id: none, exclusive: true}]
    default: [GDPR, PCI-DS]
";
    let report = edited("kb.yaml", "\nlayer0:", &format!("{set}\nlayer0:"), &[]);
    let d = find(&report, "K0310", "kb.yaml:34:21");
    assert_eq!(d.help.as_deref(), Some("did you mean `PCI-DSS`?"));
    // The compiler's vaguer K0306 for the same default is dropped.
    assert!(!has(&report, "K0306"), "{}", report.render_text());

    let exclusive = set.replace("[GDPR, PCI-DS]", "[GDPR, none]");
    let report = edited(
        "kb.yaml",
        "\nlayer0:",
        &format!("{exclusive}\nlayer0:"),
        &[],
    );
    let d = find(&report, "K0311", "kb.yaml:34:14");
    assert!(d.message.contains("`none`"), "{}", d.message);

    let report = edited(
        "kb.yaml",
        "    default: none\n",
        "    default: expret\n",
        &[],
    );
    let d = find(&report, "K0310", "kb.yaml:22:14");
    assert_eq!(d.help.as_deref(), Some("did you mean `expert`?"));

    let report = edited("kb.yaml", "    default: false\n", "    default: 3\n", &[]);
    find(&report, "K0310", "kb.yaml:28:14");
}

#[test]
fn fields_that_the_type_ignores() {
    let report = edited(
        "kb.yaml",
        "    type: bool\n",
        "    type: bool\n    min: 0\n",
        &[],
    );
    let d = find(&report, "K0312", "kb.yaml:26:10");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn shared_namespaces_for_duplicate_ids() {
    let derived =
        "derived:\n  - id: flag\n    description: Clashes with the input.\n    same_as: level\n";
    let report = added(&[("derived.yaml", derived)]);
    let d = find(&report, "K0401", "derived.yaml:2:9");
    assert!(d.message.contains("kb.yaml:24"), "{}", d.message);

    let cap = CAPABILITY.replace("id: mesh\n", "id: pick\n");
    let report = added(&[("cap.yaml", &cap)]);
    find(&report, "K0401", "cap.yaml:2:9");
}

#[test]
fn dangling_references_of_every_kind() {
    let report = edited("decision.yaml", "tools: [beta]", "tools: [betta]", &[]);
    let d = find(&report, "K0402", "decision.yaml:15:17");
    assert_eq!(d.help.as_deref(), Some("did you mean `beta`?"));

    let report = edited("decision.yaml", "choose: beta", "choose: gamma", &[]);
    find(&report, "K0402", "decision.yaml:24:17");

    let report = edited(
        "kb.yaml",
        "    group: org\n",
        "    group: organisation\n",
        &[],
    );
    find(&report, "K0402", "kb.yaml:11:12");

    let report = edited(
        "kb.yaml",
        "lifecycle: {status: active}",
        "lifecycle: {status: active, successors: [gama]}",
        &[],
    );
    find(&report, "K0402", "kb.yaml:47:46");

    let guidance = "guidance:
  - id: notes
    kind: notes
    title: Notes
    items:
      - id: note.one
        title: One
        refs: [pick, pick/alpha, alpha, req.uptime, size, note.one, pick/gamma]
";
    let report = added(&[("guidance.yaml", guidance)]);
    let dangling: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "K0402")
        .collect();
    assert_eq!(dangling.len(), 1, "{}", report.render_text());
    find(&report, "K0402", "guidance.yaml:8:69");

    let question = "open_questions:
  - id: q1
    text: Which provider?
    priority: critical
    blocking: true
    affects: [pikc]
    impact: [{item: req.uptim, text: Uptime depends on it.}]
";
    let report = added(&[("q.yaml", question)]);
    assert_eq!(
        find(&report, "K0402", "q.yaml:6:15").help.as_deref(),
        Some("did you mean `pick`?")
    );
    find(&report, "K0402", "q.yaml:7:21");
}

#[test]
fn tool_successor_cycle() {
    let report = edited(
        "kb.yaml",
        "    lifecycle: {status: active}\n    sources: [{title: Alpha docs",
        "    lifecycle: {status: active, successors: [beta]}\n    sources: [{title: Alpha docs",
        &[],
    );
    assert!(!has(&report, "K0403"), "one link is no cycle");
    let kb = KB
        .replacen(
            "lifecycle: {status: active}",
            "lifecycle: {status: active, successors: [beta]}",
            1,
        )
        .replacen(
            "lifecycle: {status: active}",
            "lifecycle: {status: active, successors: [alpha]}",
            1,
        );
    let report = run(&[("kb.yaml", &kb), ("decision.yaml", DECISION)]);
    let d = find(&report, "K0403", "kb.yaml:47:45");
    assert!(
        d.message.contains("alpha -> beta -> alpha"),
        "{}",
        d.message
    );
}

#[test]
fn decision_structure() {
    let report = edited(
        "decision.yaml",
        "        choose: beta\n",
        "        choose: beta\n        default: true\n",
        &[],
    );
    let d = find(&report, "K0501", "decision.yaml:25:18");
    assert!(d.message.contains("more than one default"), "{}", d.message);
    // The second default also has a `when`.
    find(&report, "K0502", "decision.yaml:27:15");

    let no_options = "decisions:
  - id: empty
    title: Empty
    question: Nothing?
    traces_to: [req.uptime]
    chain: {business: b, technical: t, capability: c, tooling: x}
    options: []
    rules: []
";
    let report = added(&[("empty.yaml", no_options)]);
    find(&report, "K0504", "empty.yaml:7:14");
    find(&report, "K0501", "empty.yaml:8:5");
}

#[test]
fn traceability() {
    let report = edited("decision.yaml", "    chain: {business: Stay up, technical: Run it well, capability: A tool, tooling: One of the tools}\n", "", &[]);
    find(&report, "K0605", "decision.yaml:2:9");

    let report = edited(
        "decision.yaml",
        "rationale: Scales further.",
        "rationale: \"  \"",
        &[],
    );
    find(&report, "K0602", "decision.yaml:16:20");

    let report = edited(
        "decision.yaml",
        "serves: [req.uptime, principle.open_source]",
        "serves: [req.uptime]",
        &[],
    );
    let d = find(&report, "K0604", "kb.yaml:35:9");
    assert!(
        d.message.contains("principle `principle.open_source`"),
        "{}",
        d.message
    );

    let tradeoff = "tradeoffs:
  - id: tradeoff.vague
    title: Vague
    favours: [req.uptime]
    over: []
    resolution: ''
    rationale: None given.
    applies_to: [{decision: pick}]
";
    let report = added(&[("t.yaml", tradeoff)]);
    let d = find(&report, "K0603", "t.yaml:2:9");
    assert!(
        d.message.contains("`over`") && d.message.contains("`resolution`"),
        "{}",
        d.message
    );
}

#[test]
fn capability_structure() {
    let report = added(&[(
        "cap.yaml",
        &CAPABILITY.replace("        default: true\n", ""),
    )]);
    find(&report, "K0801", "cap.yaml:12:5");
    let two = CAPABILITY.replace(
        "        use_when: Many features\n",
        "        use_when: Many features\n        default: true\n",
    );
    let report = added(&[("cap.yaml", &two)]);
    find(&report, "K0801", "cap.yaml:22:18");
    let none = CAPABILITY.replace(
        "    triggers:\n      - id: mesh.many\n        text: Many services\n        when: {input: size, gt: 50}\n",
        "    triggers: []\n",
    );
    let report = added(&[("cap.yaml", &none)]);
    find(&report, "K0802", "cap.yaml:6:5");
}

#[test]
fn tool_sources_and_dates() {
    let report = edited(
        "kb.yaml",
        ", as_of: \"2026-11-01\"}]\n  - id: beta",
        "}]\n  - id: beta",
        &[],
    );
    find(&report, "K0904", "kb.yaml:48:15");
    let report = edited(
        "kb.yaml",
        "lifecycle: {status: active}",
        "lifecycle: {status: deprecated, since: March 2026}",
        &[],
    );
    find(&report, "K0906", "kb.yaml:47:44");
    // Deprecated as of an unparseable date counts as deprecated now: a warning.
    let d = find(&report, "K0901", "decision.yaml:20:17");
    assert_eq!(d.severity, Severity::Warning);
    // A deprecation announced for later is worth knowing, no more.
    let report = edited(
        "kb.yaml",
        "lifecycle: {status: active}",
        "lifecycle: {status: deprecated, since: \"2027-01\"}",
        &[],
    );
    let d = find(&report, "K0901", "decision.yaml:20:17");
    assert_eq!(d.severity, Severity::Info);
    assert!(
        d.message.contains("to be deprecated from 2027-01"),
        "{}",
        d.message
    );
}

#[test]
fn capability_tool_retired() {
    let kb = KB.replacen(
        "    lifecycle: {status: active}\n    sources: [{title: Beta",
        "    lifecycle: {status: retired, since: \"2025-01-31\"}\n    sources: [{title: Beta",
        1,
    );
    // Beta is retired: the decision's rule `pick.many` recommends it (K0901) and
    // the capability's `heavy` choice uses it (K0905).
    let report = run(&[
        ("kb.yaml", &kb),
        ("decision.yaml", DECISION),
        ("cap.yaml", CAPABILITY),
    ]);
    find(&report, "K0901", "decision.yaml:24:17");
    let d = find(&report, "K0905", "cap.yaml:20:17");
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn analysis_skipped_for_huge_spaces() {
    // 21 booleans read by one rule: 2^21 cells, above the compiler's table limit.
    let mut inputs = String::new();
    let mut condition = Vec::new();
    for i in 0..21 {
        inputs.push_str(&format!(
            "  - {{id: b{i}, type: bool, question: B{i}?, default: false}}\n"
        ));
        condition.push(format!("{{input: b{i}, equals: true}}"));
    }
    let kb = KB.replacen("\nlayer0:", &format!("{inputs}\nlayer0:"), 1);
    let decision = DECISION.replacen(
        "{input: size, gt: 10}",
        &format!("{{all: [{}]}}", condition.join(", ")),
        1,
    );
    let report = run(&[("kb.yaml", &kb), ("decision.yaml", &decision)]);
    let d = find(&report, "K0705", "decision.yaml:2:9");
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message
            .contains("2097152 profile classes, more than the 262144"),
        "{}",
        d.message
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .starts_with("split the decision"),
        "{d:?}"
    );
    assert!(!report.has_errors(), "{}", report.render_text());
}

#[test]
fn compile_issues_are_located_errors() {
    let report = edited(
        "decision.yaml",
        "        when: {input: size, gt: 10}\n",
        "",
        &[],
    );
    let d = find(&report, "K0304", "decision.yaml:23:9");
    assert_eq!(d.severity, Severity::Error);
    // A decision with compile errors is not analysed (its results would lie).
    assert!(!has(&report, "K0703"), "{}", report.render_text());
}

#[test]
fn json_report_shape() {
    let report = edited("decision.yaml", "tools: [beta]", "tools: [betta]", &[]);
    let j = report.to_json();
    assert_eq!(j["ok"], false);
    assert_eq!(j["errors"], 1);
    assert_eq!(j["warnings"], 0);
    let d = &j["diagnostics"][0];
    assert_eq!(d["code"], "K0402");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["location"]["file"], "decision.yaml");
    assert_eq!(d["location"]["line"], 15);
    assert_eq!(d["location"]["pointer"], "/decisions/0/options/1/tools/0");
}

#[test]
fn enum_with_more_than_64_values_does_not_panic() {
    let values: Vec<String> = (0..70).map(|i| format!("{{id: v{i}}}")).collect();
    let input = format!(
        "  - id: wide\n    type: enum\n    question: Which?\n    values: [{}]\n    default: v69\n",
        values.join(", ")
    );
    let kb = KB.replacen("\nlayer0:", &format!("{input}\nlayer0:"), 1);
    let decision = DECISION.replacen("{input: size, gt: 10}", "{input: wide, equals: v69}", 1);
    let report = run(&[("kb.yaml", &kb), ("decision.yaml", &decision)]);
    let d = find(&report, "K0306", "kb.yaml:30:5");
    assert!(d.message.contains("at most 64 values"), "{}", d.message);
}

/// A decision over four integers with 32 thresholds each: 33^4 classes, more
/// than the analyses enumerate.
fn big_decision() -> String {
    let mut text = String::from("inputs:\n");
    for i in 0..4 {
        text.push_str(&format!(
            "  - {{id: n{i}, type: integer, question: N?, min: 0, max: 100, default: 0}}\n"
        ));
    }
    text.push_str("decisions:\n  - id: big\n    title: Big\n    question: Which?\n    chain: {business: B, technical: T, capability: C, tooling: One of the tools}\n    traces_to: [req.uptime]\n    options:\n      - {id: a, title: A, tools: [alpha], rationale: r, serves: [req.uptime]}\n      - {id: b, title: B, tools: [beta], rationale: r, serves: [req.uptime]}\n    rules:\n      - {id: big.default, choose: a, default: true, because: d}\n");
    for i in 0..4 {
        for j in 0..32 {
            text.push_str(&format!(
                "      - {{id: big.r{i}_{j}, choose: b, priority: {}, because: b, when: {{input: n{i}, gt: {j}}}}}\n",
                100 - j
            ));
        }
    }
    text
}

#[test]
fn a_consistency_rule_too_large_to_enumerate_is_unproven() {
    let rule = "consistency:\n  - id: not_both\n    title: Not both\n    excludes:\n      - {decision: big, option: a}\n      - {decision: pick, option: beta}\n";
    let report = added(&[("big.yaml", &big_decision()), ("rule.yaml", rule)]);
    let d = find(&report, "K1002", "rule.yaml:2:9");
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        d.message.contains("`not_both` is unproven"),
        "{}",
        d.message
    );
    assert!(!has(&report, "K1001"), "{}", report.render_text());
    assert!(
        report.verdict().contains("1 consistency rule unproven"),
        "{}",
        report.verdict()
    );
}

#[test]
fn a_consistency_rule_that_holds_is_proven() {
    let rule = "consistency:\n  - id: one_pick\n    title: One pick\n    excludes:\n      - {decision: pick, option: alpha}\n      - {decision: pick, option: beta}\n";
    let report = added(&[("rule.yaml", rule)]);
    assert!(report.diagnostics.is_empty(), "{}", report.render_text());
    assert!(
        report
            .verdict()
            .contains("1 consistency rule holds for every profile"),
        "{}",
        report.verdict()
    );
}

#[test]
fn influence_is_partial_beyond_eight_derived_defaults() {
    let mut text = String::from("inputs:\n");
    for i in 0..9 {
        text.push_str(&format!(
            "  - {{id: k{i}, type: bool, question: K?, default: {{from: flagged}}}}\n"
        ));
    }
    text.push_str(
        "derived:\n  - {id: flagged, description: F, when: {input: flag, equals: true}}\n",
    );
    let any: Vec<String> = (0..9)
        .map(|i| format!("{{input: k{i}, equals: true}}"))
        .collect();
    let decision = DECISION.replacen(
        "{input: size, gt: 10}",
        &format!("{{any: [{{input: size, gt: 10}}, {}]}}", any.join(", ")),
        1,
    );
    let report = run(&[
        ("kb.yaml", KB),
        ("decision.yaml", &decision),
        ("k.yaml", &text),
    ]);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "K0707")
        .unwrap_or_else(|| panic!("{}", report.render_text()));
    assert!(d.message.contains("partial for pick"), "{}", d.message);
    assert_eq!(d.severity, Severity::Warning);
    assert!(
        report.verdict().contains("(in part)"),
        "{}",
        report.verdict()
    );
}
