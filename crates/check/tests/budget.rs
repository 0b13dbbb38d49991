//! The analysis budget: one decision may span at most `MAX_TABLE` profile
//! classes and a KB at most `MAX_KB_CELLS` in all. What is skipped is a
//! K0705 warning that names the overlaps left unproven and how to split.

use kompas_check::{check, Report};
use kompas_kb::{load_sources, Severity};
use kompas_logic::compile::{MAX_KB_CELLS, MAX_TABLE};

const KB: &str = include_str!("fixtures/clean/kb.yaml");
const DECISION: &str = include_str!("fixtures/clean/decision.yaml");

/// The clean fixture with `bools` boolean inputs and `decisions` copies of
/// its decision, each rule reading all the booleans; `extra_rule` adds a rule
/// of the same priority as `pick.many` that chooses the other option.
fn wide(bools: usize, decisions: usize, extra_rule: bool) -> (kompas_kb::Kb, Report) {
    let inputs: String = (0..bools)
        .map(|i| {
            format!(
                "  - {{id: b{i:02}, type: bool, group: org, question: B{i}?, default: false}}\n"
            )
        })
        .collect();
    let kb = KB.replacen("\nlayer0:", &format!("\n{inputs}\nlayer0:"), 1);
    let condition = format!(
        "{{all: [{}]}}",
        (0..bools)
            .map(|i| format!("{{input: b{i:02}, equals: true}}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let body = DECISION.split_once("decisions:\n").unwrap().1;
    let mut all = String::from("decisions:\n");
    for n in 0..decisions {
        let mut d = body
            .replace("id: pick\n", &format!("id: pick{n}\n"))
            .replace("pick.", &format!("pick{n}."))
            .replace("{input: size, gt: 10}", &condition);
        if extra_rule {
            d.push_str(&format!(
                "      - id: pick{n}.other\n        choose: alpha\n        priority: 10\n        when: {{input: b00, equals: false}}\n        because: Another reason.\n"
            ));
        }
        all.push_str(&d);
    }
    let kb = load_sources(vec![("kb.yaml".into(), kb), ("decision.yaml".into(), all)])
        .unwrap_or_else(|e| panic!("{:#?}", e.diagnostics));
    let compiled = kompas_logic::compile(&kb);
    let tables: usize = compiled.decisions.iter().map(|d| d.table.len()).sum();
    assert!(tables <= MAX_KB_CELLS, "{tables} cells tabulated");
    let report = check(&kb, &compiled, "2026-11-22");
    (kb, report)
}

fn skipped(report: &Report) -> Vec<&kompas_kb::Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == "K0705")
        .collect()
}

#[test]
fn decisions_past_the_kb_budget_are_skipped_with_a_warning() {
    // 18 booleans: 2^18 = MAX_TABLE classes per decision; four fit the KB budget.
    assert_eq!(1 << 18, MAX_TABLE);
    let (_, report) = wide(18, 20, false);
    let found = skipped(&report);
    assert_eq!(found.len(), 16, "{}", report.render_text());
    assert!(!report.has_errors(), "{}", report.render_text());
    let first = found[0];
    assert_eq!(first.severity, Severity::Warning);
    assert!(
        first
            .message
            .contains("the decisions before it used up the analysis budget"),
        "{}",
        first.message
    );
    assert_eq!(first.data.as_ref().unwrap()["reason"], "kb_budget");
}

#[test]
fn a_skipped_decision_names_the_overlaps_left_unproven_and_how_to_split() {
    let (_, report) = wide(19, 1, true);
    let found = skipped(&report);
    assert_eq!(found.len(), 1, "{}", report.render_text());
    let d = found[0];
    assert!(
        d.message
            .contains("never both match: `pick0.many` and `pick0.other`"),
        "{}",
        d.message
    );
    assert!(
        d.message
            .contains("more than the 262144 one decision may have"),
        "{}",
        d.message
    );
    let help = d.help.as_deref().unwrap();
    assert!(help.starts_with("split the decision into decisions that each read fewer inputs (its widest: `b00` (2 classes)"), "{help}");
    let data = d.data.as_ref().unwrap();
    assert_eq!(
        data["unproven_overlaps"],
        serde_json::json!([["pick0.many", "pick0.other"]])
    );
    assert_eq!(data["profile_classes"], 1 << 19);
}
