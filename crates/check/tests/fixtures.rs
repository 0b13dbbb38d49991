//! One fixture KB per class of defect (tests/fixtures/<name>/): each test loads
//! the directory as `kompas check --kb` would and asserts the code and the
//! `file:line:col` of the finding.
mod common;

use common::find;

use std::path::PathBuf;

use kompas_check::{load_checked, Report};
use kompas_kb::Severity;

const TODAY: &str = "2026-11-22";

fn run(name: &str) -> Report {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    match load_checked(Some(&dir), TODAY) {
        Ok((_, _, report)) => report,
        Err(report) => report,
    }
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn clean_fixture_has_no_findings() {
    let report = run("clean");
    assert!(report.diagnostics.is_empty(), "{}", report.render_text());
    assert_eq!(report.summary(), "0 errors, 0 warnings");
}

#[test]
fn every_decision_in_exactly_one_area() {
    let report = run("areas");
    let twice = find(&report, "K0506", "areas.yaml:8:17");
    assert_eq!(twice.severity, Severity::Error);
    assert!(
        twice.message.contains("already in area `platform`"),
        "{}",
        twice.message
    );
    let dangling = find(&report, "K0402", "areas.yaml:5:23");
    assert!(
        dangling.message.contains("`nothing`"),
        "{}",
        dangling.message
    );
    let missing = find(&report, "K0506", "decision.yaml:28:5");
    assert_eq!(missing.severity, Severity::Warning);
    assert!(missing.message.contains("`other`"), "{}", missing.message);
}

#[test]
fn unknown_key_with_did_you_mean() {
    let report = run("unknown_key");
    let d = find(&report, "K0201", "decision.yaml:16:9");
    assert_eq!(d.help.as_deref(), Some("did you mean `rationale`?"));
    assert!(report.has_errors());
}

#[test]
fn yaml_syntax_error() {
    let report = run("yaml_syntax");
    let d = find(&report, "K0101", "decision.yaml:7:10");
    assert!(d.message.contains("YAML syntax error"), "{}", d.message);
}

#[test]
fn duplicate_id() {
    let report = run("duplicate_id");
    let d = find(&report, "K0401", "decision.yaml:23:13");
    assert!(d.message.contains("`pick.default`"), "{}", d.message);
    assert!(
        d.message.contains("decision.yaml:19"),
        "names the first: {}",
        d.message
    );
}

#[test]
fn dangling_reference_with_did_you_mean() {
    let report = run("dangling_reference");
    let d = find(&report, "K0402", "decision.yaml:17:18");
    assert!(d.message.contains("`req.uptme`"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `req.uptime`?"));
}

#[test]
fn unknown_input_in_a_condition() {
    let report = run("unknown_input");
    let d = find(&report, "K0301", "decision.yaml:26:23");
    assert_eq!(d.help.as_deref(), Some("did you mean `size`?"));
}

#[test]
fn unknown_enum_value() {
    let report = run("unknown_enum_value");
    let d = find(&report, "K0302", "decision.yaml:26:38");
    assert!(d.message.contains("none, expert"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `expert`?"));
}

#[test]
fn type_mismatch_gt_on_an_enum() {
    let report = run("type_mismatch");
    let d = find(&report, "K0303", "decision.yaml:26:34");
    assert!(d.message.contains("`gt`"), "{}", d.message);
}

#[test]
fn malformed_conditions_in_two_forms() {
    let report = run("malformed_condition");
    let both = find(&report, "K0304", "decision.yaml:31:15");
    assert!(both.message.contains("exactly one of"), "{}", both.message);
    let ops = find(&report, "K0304", "decision.yaml:36:15");
    assert!(ops.message.contains("gt, lt"), "{}", ops.message);
}

#[test]
fn derived_cycle() {
    let report = run("derived_cycle");
    let d = find(&report, "K0305", "kb.yaml:59:5");
    assert!(d.message.contains("depends on itself"), "{}", d.message);
}

#[test]
fn no_default_rule() {
    let report = run("no_default_rule");
    find(&report, "K0501", "decision.yaml:18:5");
    // The remaining rules cover every profile: no gap.
    assert!(
        !codes(&report).contains(&"K0701"),
        "{}",
        report.render_text()
    );
}

#[test]
fn gap_with_witness() {
    let report = run("gap");
    let d = find(&report, "K0701", "decision.yaml:18:5");
    let data = d.data.as_ref().expect("witness data");
    assert_eq!(data["witness"]["level"], "none");
    assert_eq!(data["witness"]["size"], 1);
    assert_eq!(data["classes"]["size"], "at most 10");
    assert_eq!(data["gap_classes"], 1);
    assert_eq!(data["total_classes"], 4);
}

#[test]
fn overlap_with_witness_and_both_rules() {
    let report = run("overlap");
    let d = find(&report, "K0702", "decision.yaml:28:9");
    let data = d.data.as_ref().expect("witness data");
    assert_eq!(
        data["rules"],
        serde_json::json!(["pick.many", "pick.flagged"])
    );
    assert_eq!(data["witness"]["flag"], true);
    assert_eq!(data["witness"]["size"], 11);
}

#[test]
fn unreachable_rules_shadowed_and_unsatisfiable() {
    let report = run("unreachable_rule");
    let shadowed = find(&report, "K0703", "decision.yaml:28:9");
    let data = shadowed.data.as_ref().expect("data");
    assert_eq!(data["reason"], "shadowed");
    assert_eq!(data["winner"], "pick.many");
    assert_eq!(data["witness"]["size"], 51);
    let impossible = find(&report, "K0703", "decision.yaml:37:11");
    assert_eq!(
        impossible.data.as_ref().expect("data")["reason"],
        "unsatisfiable"
    );
    assert!(!report.has_errors(), "{}", report.render_text());
}

#[test]
fn unreachable_option() {
    let report = run("unreachable_option");
    let d = find(&report, "K0704", "decision.yaml:18:13");
    assert!(d.message.contains("`gamma`"), "{}", d.message);
}

#[test]
fn untraced_option() {
    let report = run("untraced_option");
    let d = find(&report, "K0601", "decision.yaml:13:13");
    assert!(d.message.contains("`pick/beta`"), "{}", d.message);
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn rule_choosing_a_superseded_option() {
    let report = run("superseded_choice");
    let d = find(&report, "K0503", "decision.yaml:23:17");
    assert!(d.message.contains("superseded by `beta`"), "{}", d.message);
    assert_eq!(d.severity, Severity::Error);
}

#[test]
fn superseded_cycle() {
    let report = run("superseded_cycle");
    let d = find(&report, "K0403", "decision.yaml:13:26");
    assert!(
        d.message.contains("alpha -> beta -> alpha"),
        "{}",
        d.message
    );
}

#[test]
fn retired_tool_recommended() {
    let report = run("retired_tool");
    let d = find(&report, "K0901", "decision.yaml:24:17");
    assert_eq!(d.severity, Severity::Error);
    for part in [
        "`gamma`",
        "retired since 2026-03",
        "`alpha`",
        "Gamma retirement notice",
        "https://gamma.invalid/retired",
    ] {
        assert!(d.message.contains(part), "{part} missing: {}", d.message);
    }
}

#[test]
fn retired_tool_is_fine_before_its_date() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/retired_tool");
    let report = match load_checked(Some(&dir), "2026-02-28") {
        Ok((_, _, r)) => r,
        Err(r) => r,
    };
    let d = find(&report, "K0901", "decision.yaml:24:17");
    assert_eq!(d.severity, Severity::Warning, "announced, not yet retired");
    assert!(
        d.message.contains("to be retired from 2026-03"),
        "{}",
        d.message
    );
}

#[test]
fn licence_conflict() {
    let report = run("licence_conflict");
    let d = find(&report, "K0902", "decision.yaml:15:17");
    assert_eq!(d.severity, Severity::Warning);
    for part in ["BUSL-1.1", "`principle.open_source`", "pick.many"] {
        assert!(d.message.contains(part), "{part} missing: {}", d.message);
    }
}

#[test]
fn licence_conflict_accepted_by_tradeoff() {
    let report = run("licence_accepted");
    let d = find(&report, "K0903", "decision.yaml:15:17");
    assert_eq!(d.severity, Severity::Info);
    assert!(
        d.message.contains("`tradeoff.beta_licence`"),
        "{}",
        d.message
    );
    assert!(
        !codes(&report).contains(&"K0902"),
        "{}",
        report.render_text()
    );
}

#[test]
fn rendered_text_points_at_the_line() {
    let report = run("dangling_reference");
    let text = report.render_text();
    assert!(text.contains("--> decision.yaml:17:18"), "{text}");
    assert!(text.contains("17 |         serves: [req.uptme]"), "{text}");
    assert!(
        text.contains("= help: did you mean `req.uptime`?"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("1 error, 0 warnings"), "{text}");
}

#[test]
fn derived_default_that_does_not_fit_the_input() {
    let report = run("derived_default_mismatch");
    let d = find(&report, "K0313", "extra.yaml:5:21");
    assert!(
        d.message
            .contains("`experience_level`, an enum fact; a bool input needs a boolean fact"),
        "{}",
        d.message
    );
    assert!(report.has_errors());
}

#[test]
fn outcome_cycle_with_its_path() {
    let report = run("outcome_cycle");
    let d = find(&report, "K0403", "extra.yaml:23:72");
    assert!(
        d.message
            .contains("decision `first` -> decision `second` -> decision `first`"),
        "{}",
        d.message
    );
    // The decisions on the cycle are not analysed: their results would lie.
    assert_eq!(codes(&report), ["K0403"], "{}", report.render_text());
}

#[test]
fn derived_default_cycle() {
    let report = run("default_cycle");
    let d = find(&report, "K0403", "extra.yaml:2:69");
    assert!(
        d.message
            .contains("knows_alpha -> knows_beta -> knows_alpha"),
        "{}",
        d.message
    );
}

#[test]
fn decision_level_content_that_names_one_options_tool() {
    let report = run("option_content");
    let chain = find(&report, "K0505", "decision.yaml:6:12");
    assert!(
        chain.message.contains("the chain of decision `pick` names Alpha (a tool of option `alpha`), but it is also shown when `beta` is recommended"),
        "{}",
        chain.message
    );
    let practice = find(&report, "K0505", "decision.yaml:8:9");
    assert!(
        practice.message.contains("names Beta"),
        "{}",
        practice.message
    );
    // The practice limited to `options: [beta]` is not flagged.
    assert_eq!(
        codes(&report),
        ["K0505", "K0505"],
        "{}",
        report.render_text()
    );
}

#[test]
fn layer0_items_with_the_same_title() {
    let report = run("duplicate_title");
    let d = find(&report, "K0606", "kb.yaml:34:12");
    assert!(
        d.message.contains("`goal.uptime` and `req.uptime`"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("extra.yaml:4"),
        "names the first: {}",
        d.message
    );
    assert_eq!(d.severity, Severity::Warning);
}

#[test]
fn input_that_moves_nothing() {
    let report = run("inert_input");
    let d = find(&report, "K0706", "extra.yaml:2:9");
    assert!(
        d.message.contains("`colour` moves nothing"),
        "{}",
        d.message
    );
    assert_eq!(codes(&report), ["K0706"]);
    assert!(
        report.verdict().contains("1 input moves nothing"),
        "{}",
        report.verdict()
    );
}

#[test]
fn tool_facts_older_than_twelve_months() {
    let report = run("stale_tool_fact");
    // The newest of the two sources counts.
    let d = find(&report, "K0907", "kb.yaml:56:154");
    assert!(
        d.message.contains("last checked on 2025-06"),
        "{}",
        d.message
    );
    let fresh = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stale_tool_fact");
    let report = match load_checked(Some(&fresh), "2026-05-31") {
        Ok((_, _, r)) | Err(r) => r,
    };
    assert!(
        !codes(&report).contains(&"K0907"),
        "{}",
        report.render_text()
    );
}

#[test]
fn consistency_rule_broken_with_a_witness() {
    let report = run("consistency_broken");
    let d = find(&report, "K1001", "extra.yaml:2:9");
    let data = d.data.as_ref().expect("witness");
    assert_eq!(data["witness"]["size"], 51);
    assert_eq!(data["classes"]["size"], "at least 51");
    assert_eq!(
        data["picks"],
        serde_json::json!([
            "decision `pick` recommends `beta`",
            "capability `extra` picks `heavy`"
        ])
    );
    assert_eq!(data["violating_classes"], 1);
    assert!(
        report.verdict().contains("1 consistency rule broken"),
        "{}",
        report.verdict()
    );
}

#[test]
fn consistency_rules_that_are_malformed() {
    let report = run("consistency_malformed");
    find(&report, "K1003", "extra.yaml:2:5");
    find(&report, "K1003", "extra.yaml:9:9");
    let d = find(&report, "K0302", "extra.yaml:10:36");
    assert!(
        d.message.contains("`gamma` is not an option of `pick`"),
        "{}",
        d.message
    );
}

#[test]
fn statements_of_answers() {
    let report = run("statements");
    let none = find(&report, "K0315", "extra.yaml:2:9");
    assert_eq!(none.severity, Severity::Warning);
    assert!(none.message.contains("`region`"), "{}", none.message);
    let missing = find(&report, "K0315", "extra.yaml:11:13");
    assert_eq!(missing.severity, Severity::Warning);
    assert!(missing.message.contains("`large`"), "{}", missing.message);
    let extra = find(&report, "K0315", "extra.yaml:11:46");
    assert_eq!(extra.severity, Severity::Error);
    assert!(extra.message.contains("`huge`"), "{}", extra.message);
    let template = find(&report, "K0315", "extra.yaml:18:17");
    assert_eq!(template.severity, Severity::Error);
    assert!(
        template.message.contains("(en)") && !template.message.contains("(nl)"),
        "{}",
        template.message
    );
    let fact = find(&report, "K0315", "extra.yaml:21:9");
    assert_eq!(fact.severity, Severity::Warning);
    assert!(fact.message.contains("`stretched`"), "{}", fact.message);
    assert_eq!(
        codes(&report).iter().filter(|c| **c == "K0315").count(),
        5,
        "{}",
        report.render_text()
    );
}

#[test]
fn reserved_unknown_value_and_alias() {
    let report = run("reserved_unknown");
    let value = find(&report, "K0314", "extra.yaml:6:31");
    assert!(value.message.contains("`mood`"), "{}", value.message);
    assert!(value.message.contains("reserved"), "{}", value.message);
    let alias = find(&report, "K0314", "extra.yaml:13:23");
    assert!(alias.message.contains("`people`"), "{}", alias.message);
    assert!(report.has_errors());
}

#[test]
fn dangling_answers_question_and_ordered_on_a_bool() {
    let report = run("dangling_question");
    let d = find(&report, "K0402", "extra.yaml:11:23");
    assert!(d.message.contains("`q_provder`"), "{}", d.message);
    assert!(d.message.contains("an open question"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `q_provider`?"));
    let ordered = find(&report, "K0312", "extra.yaml:12:14");
    assert!(ordered.message.contains("`ordered`"), "{}", ordered.message);
}
