//! Snapshots of what people and machines read: the text report and the JSON report.

use std::path::PathBuf;

use kompas_check::{load_checked, Report};
use kompas_kb::Severity;

fn run(name: &str) -> Report {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    match load_checked(Some(&dir), "2026-11-22") {
        Ok((_, _, report)) | Err(report) => report,
    }
}

#[test]
fn text_report_of_the_analysis_findings() {
    let text = ["gap", "overlap", "unreachable_rule", "unreachable_option"]
        .iter()
        .map(|f| format!("## {f}\n{}", run(f).render_text()))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(text);
}

#[test]
fn text_report_of_the_tool_fact_findings() {
    let text = [
        "retired_tool",
        "licence_conflict",
        "licence_accepted",
        "superseded_choice",
    ]
    .iter()
    // With the infos: an accepted licence conflict is one.
    .map(|f| format!("## {f}\n{}", run(f).render_text_with(Severity::Info)))
    .collect::<Vec<_>>()
    .join("\n");
    insta::assert_snapshot!(text);
}

#[test]
fn json_report_with_a_witness() {
    insta::assert_json_snapshot!(run("overlap").to_json());
}
