//! The `kompas` binary, run as a user runs it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn kompas() -> Command {
    let mut cmd = Command::cargo_bin("kompas").expect("the kompas binary is built");
    cmd.env("KOMPAS_TODAY", "2026-11-22").env("NO_COLOR", "1");
    cmd
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> String {
    repo().join("examples").join(name).display().to_string()
}

fn stdout_json(cmd: &mut Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn recommendation(assessment: &Value, decision: &str) -> String {
    assessment["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == decision)
        .unwrap_or_else(|| panic!("decision {decision} in the assessment"))["recommendation"]
        ["option"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn help_teaches_the_commands() {
    let out = kompas().arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for word in [
        "serve",
        "assess",
        "explain",
        "check",
        "inputs",
        "kb",
        "schema",
        "Examples:",
    ] {
        assert!(help.contains(word), "--help mentions {word}:\n{help}");
    }
}

#[test]
fn usage_errors_exit_2() {
    kompas().arg("frobnicate").assert().code(2);
    kompas().args(["assess"]).assert().code(2);
    kompas()
        .args(["assess", "x.yaml", "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn check_passes_on_the_builtin_kb() {
    let out = kompas().arg("check").output().unwrap();
    assert!(
        out.status.success(),
        "kompas check failed:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = stdout_json(kompas().args(["check", "--format", "json"]));
    assert_eq!(report["ok"], true);
    assert_eq!(report["errors"], 0);
}

#[test]
fn check_reports_errors_with_location_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kb.yaml"),
        "kb: {id: t, version: '1', title: T}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("inputs.yaml"),
        "inputs:\n  - id: a\n    type: bool\n    qestion: A?\n    default: false\n",
    )
    .unwrap();
    let out = kompas()
        .args(["check", "--kb"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("inputs.yaml:4:5"), "{text}");
    assert!(text.contains("did you mean `question`?"), "{text}");
    kompas()
        .args(["check", "--today", "22-11-2026"])
        .assert()
        .code(1);
}

#[test]
fn assess_the_webshop_reproduces_the_seed() {
    let a = stdout_json(kompas().args(["assess", &example("webshop.yaml"), "--format", "json"]));
    for (decision, option) in [
        ("kubernetes", "managed_kubernetes"),
        ("cni", "cilium"),
        ("gitops", "argo_cd"),
        ("database", "managed_postgresql"),
        ("container_registry", "harbor"),
        ("cluster_backup", "velero"),
        ("tls", "cert_manager"),
        ("observability", "prometheus_grafana_loki"),
        ("iac", "opentofu"),
        ("secrets", "openbao"),
        ("ingress", "traefik"),
    ] {
        assert_eq!(recommendation(&a, decision), option, "{decision}");
    }
    assert_eq!(a["kb"]["id"], "webshop");
}

#[test]
fn assess_reads_stdin_and_renders_every_format() {
    let out = kompas()
        .args(["assess", "-", "--format", "json"])
        .write_stdin("calico_expertise: true\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(recommendation(&a, "cni"), "calico");

    let md = kompas()
        .args(["assess", &example("webshop.yaml"), "--format", "md"])
        .output()
        .unwrap();
    assert!(md.status.success());
    assert!(String::from_utf8_lossy(&md.stdout).starts_with('#'));

    let text = kompas()
        .args(["assess", &example("webshop.yaml")])
        .output()
        .unwrap();
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Cilium"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when not on a terminal");
}

#[test]
fn an_invalid_profile_gets_every_problem_and_exit_1() {
    let out = kompas()
        .args(["assess", "-"])
        .write_stdin("team_sise: 3\nkubernetes_experience: guru\nservice_count: many\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no partial answer");
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "team_sise",
        "team_size",
        "guru",
        "expert",
        "service_count",
        "many",
    ] {
        assert!(err.contains(needle), "stderr names {needle}:\n{err}");
    }
}

#[test]
fn a_missing_profile_file_is_named() {
    let out = kompas()
        .args(["assess", "no/such/profile.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/profile.yaml"));
}

#[test]
fn explain_answers_why_why_not_and_what_would_flip_it() {
    let out = kompas()
        .args(["explain", &example("webshop.yaml"), "cni"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in ["Cilium", "Calico", "calico_expertise"] {
        assert!(text.contains(needle), "explain mentions {needle}:\n{text}");
    }
    let out = kompas()
        .args(["explain", &example("webshop.yaml"), "cnii"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cni"));
}

#[test]
fn kb_init_writes_a_kb_that_checks_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-kb");
    kompas()
        .args(["kb", "init"])
        .arg(&target)
        .assert()
        .success();
    assert!(target.join("kb.yaml").exists());
    kompas()
        .args(["check", "--kb"])
        .arg(&target)
        .assert()
        .success();
    // Assessing against the copy gives the same answer as the built-in KB.
    let a = stdout_json(
        kompas()
            .args([
                "assess",
                &example("webshop.yaml"),
                "--format",
                "json",
                "--kb",
            ])
            .arg(&target),
    );
    assert_eq!(recommendation(&a, "cni"), "cilium");
    kompas().args(["kb", "init"]).arg(&target).assert().code(1);
}

#[test]
fn a_broken_kb_is_refused_for_assess() {
    let dir = tempfile::tempdir().unwrap();
    kompas()
        .args(["kb", "init"])
        .arg(dir.path())
        .assert()
        .success();
    let cni = dir.path().join("decisions/cni.yaml");
    let text = std::fs::read_to_string(&cni).unwrap();
    std::fs::write(
        &cni,
        text.replace("input: calico_expertise", "input: calico_expertize"),
    )
    .unwrap();
    let out = kompas()
        .args(["assess", &example("webshop.yaml"), "--kb"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("decisions/cni.yaml:"), "{err}");
    assert!(err.contains("calico_expertize"), "{err}");
    assert!(err.contains("refused"), "{err}");
}

#[test]
fn schemas_are_json_schemas() {
    for which in ["kb", "profile", "assessment"] {
        let schema = stdout_json(kompas().args(["schema", which]));
        assert!(
            schema.get("$schema").is_some() || schema.get("type").is_some(),
            "{which}"
        );
    }
}

#[test]
fn check_leads_with_the_verdict_and_hides_infos_unless_asked() {
    let out = kompas().arg("check").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let verdict = text.split("\n\n").next().unwrap().replace('\n', " ");
    assert!(
        verdict.starts_with("20 decisions: no gaps, no overlaps, every rule and option reachable;"),
        "{text}"
    );
    assert!(
        verdict.contains("10 consistency rules hold for every profile"),
        "{text}"
    );
    assert!(!text.contains("info["), "{text}");
    let last = text.trim_end().lines().last().unwrap();
    assert!(
        last.ends_with("infos (infos shown with --verbose)"),
        "{last}"
    );
    for flags in [
        &["check", "--verbose"][..],
        &["check", "--severity", "info"],
    ] {
        let out = kompas().args(flags).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("info[K0903]"), "{flags:?}: {text}");
    }
    let out = kompas()
        .args(["check", "--severity", "error"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("warning["), "{text}");
    let report = stdout_json(kompas().args(["check", "--format", "json"]));
    assert!(report["verdict"]
        .as_str()
        .unwrap()
        .starts_with("20 decisions"));
    assert_eq!(report["proof"]["decisions"], 20);
    assert_eq!(report["proof"]["consistency_proven"], 10);
}

#[test]
fn kb_influence_says_what_each_answer_moves() {
    let out = kompas().args(["kb", "influence"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Influence over every profile:"), "{text}");
    let maturity_line = text
        .lines()
        .find(|l| l.starts_with("  team_maturity: "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        maturity_line.contains(" database (through database_ha_expertise)"),
        "{maturity_line}"
    );
    let report = stdout_json(kompas().args(["kb", "influence", "--format", "json"]));
    assert_eq!(report["from_profiles"], Value::Null);
    assert_eq!(report["summary"]["decisions"], 20);
    let maturity = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["input"] == "team_maturity")
        .unwrap();
    assert!(
        maturity["decisions"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"id": "database", "direct": false, "through_default_of": "database_ha_expertise"})),
        "{maturity}"
    );
    let database = report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "decision" && o["id"] == "database")
        .unwrap();
    let movers: Vec<&str> = database["moved_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["input"].as_str().unwrap())
        .collect();
    assert!(movers.contains(&"database_ha_expertise"), "{movers:?}");
}

#[test]
fn kb_influence_from_profiles() {
    let report = stdout_json(kompas().args([
        "kb",
        "influence",
        "--format",
        "json",
        "--from",
        &example("webshop.yaml"),
        "--from",
        &example("payments.yaml"),
    ]));
    assert_eq!(report["from_profiles"], 2);
    // From the webshop (no Kubernetes experience) maturity alone cannot make the
    // database an operator; from the payments organisation it decides whether its
    // experts run the database themselves and can run a rollout controller.
    let maturity = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["input"] == "team_maturity")
        .unwrap();
    let decisions: Vec<&str> = maturity["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(decisions, ["database", "deployment_strategy"]);
    let out = kompas()
        .args(["kb", "influence", "--from", "no-such-profile.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no-such-profile.yaml"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Text with its line breaks and indents folded into single spaces: wrapped
/// text reads as one sentence.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn run_stdin(args: &[&str], stdin: &str) -> (i32, String) {
    let out = kompas().args(args).write_stdin(stdin).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn an_empty_profile_says_its_stack_is_provisional_and_what_was_assumed() {
    let (code, text) = run_stdin(&["assess", "-"], "{}");
    assert_eq!(code, 0);
    assert!(text.contains("Stack (provisional)"), "{text}");
    assert!(
        fold(&text).contains(
            "No answer was given: every answer is assumed, so this whole stack is provisional."
        ),
        "{text}"
    );
    assert!(
        fold(&text).contains("assumed answers decide what kompas recommends"),
        "{text}"
    );
    assert!(text.contains("Next questions"), "{text}");
    // Never a sentence cut in the middle.
    assert!(!text.contains('…'), "{text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 130, "too long: {line}");
    }
    // In Dutch too.
    let (_, nl) = run_stdin(&["assess", "-", "--lang", "nl"], "{}");
    assert!(nl.contains("Stack (voorlopig)"), "{nl}");
    assert!(fold(&nl).contains("Er is geen antwoord gegeven"), "{nl}");
}

#[test]
fn a_given_profile_names_the_assumptions_that_decide_something() {
    let profile = "team_size: 10\ncalico_expertise: false\nbgp_routing_required: false\n";
    let (code, text) = run_stdin(&["assess", "-"], profile);
    assert_eq!(code, 0);
    assert!(text.contains("This stack is provisional."), "{text}");
    // Answers given are no assumptions.
    let (_, json) = run_stdin(&["assess", "-", "--format", "json"], profile);
    let a: Value = serde_json::from_str(&json).unwrap();
    let assumed = a["summary"]["assumed"].as_array().unwrap();
    assert!(!assumed.iter().any(|x| x == "calico_expertise"));
    assert!(assumed.iter().any(|x| x == "all_in_one_cloud"));
    let answer = a["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["input"] == "all_in_one_cloud")
        .unwrap();
    assert_eq!(answer["assumed"], true);
}

#[test]
fn unknown_answers_open_decisions_in_every_format() {
    let profile =
        std::fs::read_to_string(example("webshop.yaml")).unwrap() + "\ncalico_expertise: unknown\n";
    let (code, text) = run_stdin(&["assess", "-"], &profile);
    assert_eq!(code, 0);
    assert!(
        text.contains("cni                  Cilium  (open)"),
        "{text}"
    );
    assert!(text.contains("Open decisions"), "{text}");
    assert!(
        fold(&text).contains(
            "cni: Cilium if the answer to “Does the team already have Calico expertise in-house?” is no; otherwise Calico."
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "1. Does the team already have Calico expertise in-house? (calico_expertise: unknown)"
        ),
        "{text}"
    );
    let (_, md) = run_stdin(&["assess", "-", "--format", "md"], &profile);
    assert!(md.contains("## Open decisions"), "{md}");
    assert!(md.contains("### CNI plugin: Cilium (open)"), "{md}");
    assert!(
        md.contains("**Provisional recommendation:** Cilium"),
        "{md}"
    );
    let (_, json) = run_stdin(&["assess", "-", "--format", "json"], &profile);
    let a: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(a["summary"]["open"], serde_json::json!(["cni"]));
    // Explain lists the possible options with their conditions.
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &profile).unwrap();
    let out = kompas()
        .args(["explain", &file.path().display().to_string(), "cni"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let explain = String::from_utf8(out.stdout).unwrap();
    assert!(
        explain.contains("Open: the recommendation depends on unknown answers"),
        "{explain}"
    );
    assert!(explain.contains("  - Calico if the answer to “Does the team already have Calico expertise in-house?” is yes."), "{explain}");
    assert!(explain.contains("[unknown]"), "{explain}");
}

#[test]
fn inputs_lists_the_questions_their_defaults_and_what_they_move() {
    let out = kompas().arg("inputs").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("team_size\n  How many people build and run the platform"),
        "{text}"
    );
    assert!(
        text.contains(
            "answer: a whole number from 1 to 10000 people; or unknown if you do not know"
        ),
        "{text}"
    );
    assert!(text.contains("default: 10\n"), "{text}");
    // A derived default says what it follows from.
    assert!(
        text.contains("default: follows from your other answers (team_size, kubernetes_experience, team_maturity)"),
        "{text}"
    );
    assert!(
        text.contains("Database strategy through database_ha_expertise"),
        "{text}"
    );
    assert!(text.contains("answers open question: Q12"), "{text}");

    let nl = kompas().args(["inputs", "--lang", "nl"]).output().unwrap();
    let nl = String::from_utf8(nl.stdout).unwrap();
    assert!(
        nl.contains("Hoeveel mensen bouwen en beheren het platform"),
        "{nl}"
    );
    assert!(
        nl.contains("standaard: volgt uit je andere antwoorden"),
        "{nl}"
    );

    let json = stdout_json(kompas().args(["inputs", "--format", "json"]));
    assert_eq!(json["unknown"], "unknown");
    let inputs = json["inputs"].as_array().unwrap();
    let count = stdout_json(kompas().args(["schema", "profile"]))["properties"]
        .as_object()
        .unwrap()
        .len();
    assert_eq!(inputs.len(), count, "every input is listed");
    let team = inputs.iter().find(|i| i["id"] == "team_size").unwrap();
    assert_eq!(team["default"], 10);
    assert!(team["influences"]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["id"] == "database" && d["through_default_of"] == "database_ha_expertise"));
    let experience = inputs
        .iter()
        .find(|i| i["id"] == "kubernetes_experience")
        .unwrap();
    assert_eq!(experience["ordered"], true);
    let ha = inputs
        .iter()
        .find(|i| i["id"] == "database_ha_expertise")
        .unwrap();
    assert_eq!(ha["default_from"]["fact"], "database_ha_likely");
}
