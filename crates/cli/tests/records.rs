//! Decision records from the command line, run as a user runs them: save,
//! list, show, propose, accept, override, sign, diff, review, adr export.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> String {
    repo().join("examples").join(name).display().to_string()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// `kompas` with its own data directory (so its default store is private).
struct Kompas {
    data: tempfile::TempDir,
}

impl Kompas {
    fn new() -> Kompas {
        Kompas {
            data: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("kompas").expect("the kompas binary is built");
        cmd.env("KOMPAS_TODAY", "2026-11-30")
            .env("NO_COLOR", "1")
            .env("USER", "tester")
            .env("KOMPAS_DATA_DIR", self.data.path())
            .env_remove("KOMPAS_DATABASE_URL");
        cmd
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "kompas {args:?} exited {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn fails(&self, args: &[&str]) -> (i32, String) {
        let out = self.cmd().args(args).output().unwrap();
        assert!(!out.status.success(), "kompas {args:?} should fail");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("JSON on stdout")
    }

    fn save(&self, profile: &str, title: &str, extra: &[&str]) -> String {
        let mut args = vec!["record", "save", profile, "--title", title];
        args.extend_from_slice(extra);
        let id = self.ok(&args).trim().to_owned();
        assert!(
            id.starts_with('r') && id.len() == 11,
            "the id alone on stdout: {id:?}"
        );
        id
    }
}

#[test]
fn the_whole_life_of_a_record() {
    let k = Kompas::new();
    let id = k.save(
        &example("webshop.yaml"),
        "Platform choices, Q1",
        &["--organisation", "Webshop"],
    );
    assert!(
        k.data.path().join("records.sqlite3").exists(),
        "the default store is a SQLite file in the data directory"
    );

    let list = k.ok(&["record", "list"]);
    let line = list.lines().next().unwrap();
    assert!(
        line.starts_with(&id)
            && line.contains("Platform choices, Q1")
            && line.contains("draft")
            && line.contains("20"),
        "{line}"
    );
    let listed = k.json(&["record", "list", "--format", "json"]);
    assert_eq!(listed["records"][0]["id"], id.as_str());
    assert_eq!(listed["records"][0]["status"], "draft");

    k.ok(&[
        "record",
        "override",
        &id,
        "ingress",
        "contour",
        "--reason",
        "We run Contour in production already.",
    ]);
    k.ok(&["record", "propose", &id]);
    k.ok(&[
        "record",
        "sign",
        &id,
        "--name",
        "Ann de Vries",
        "--role",
        "CTO",
        "--comment",
        "Agreed.",
    ]);
    k.ok(&["record", "accept", &id]);
    let (code, err) = k.fails(&["record", "accept", &id]);
    assert_eq!(code, 1);
    assert!(err.contains("it is already accepted"), "{err}");

    let record = k.json(&["record", "show", &id, "--format", "json"]);
    assert_eq!(record["status"], "accepted");
    assert_eq!(record["revision"], 5);
    assert_eq!(record["overrides"][0]["option"], "contour");
    assert_eq!(record["overrides"][0]["recommended"], "traefik");
    assert_eq!(record["signoffs"][0]["role"], "CTO");
    assert_eq!(
        record["accepted"]["by"]["name"], "tester",
        "every change is attributed"
    );
    assert_eq!(record["kb"]["id"], "webshop");
    assert_eq!(record["kb"]["source"], "built-in");
    assert_eq!(
        record["profile"]["answers"]["service_count"], "5-10",
        "the answers as given"
    );
    assert_eq!(record["profile"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        record["assessment"]["decisions"].as_array().unwrap().len(),
        20,
        "the full assessment"
    );

    let text = k.ok(&["record", "show", &id]);
    assert!(text.contains("status: accepted (revision 5)"), "{text}");
    assert!(text.contains("Contour (Envoy-based)  (override; kompas recommends Traefik): We run Contour in production already."), "{text}");
    for kind in ["created", "overridden", "proposed", "signed", "accepted"] {
        assert!(text.contains(kind), "the history shows {kind}:\n{text}");
    }
    let first = k.json(&["record", "show", &id, "--revision", "1", "--format", "json"]);
    assert_eq!(
        (first["status"].as_str(), first["revision"].as_u64()),
        (Some("draft"), Some(1)),
        "earlier revisions stay"
    );

    // A newer record supersedes it.
    let newer = k.save(&example("payments.yaml"), "Platform choices, Q2", &[]);
    let (_, err) = k.fails(&["record", "supersede", &id, "--by", &newer]);
    assert!(err.contains("accept it first"), "{err}");
    k.ok(&["record", "propose", &newer]);
    k.ok(&["record", "accept", &newer]);
    k.ok(&["record", "supersede", &id, "--by", &newer]);
    let old = k.json(&["record", "show", &id, "--format", "json"]);
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["links"]["superseded_by"], newer.as_str());
    assert_eq!(
        k.json(&["record", "list", "--status", "accepted", "--format", "json"])["records"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // The same store through --database-url.
    let url = format!(
        "sqlite://{}",
        k.data.path().join("records.sqlite3").display()
    );
    let via_url = k.json(&["record", "list", "--format", "json", "--database-url", &url]);
    assert_eq!(via_url["records"].as_array().unwrap().len(), 2);
}

#[test]
fn diff_names_changed_answers_and_recommendations_with_the_why() {
    let k = Kompas::new();
    let a = k.save(&example("webshop.yaml"), "Webshop", &[]);
    let b = k.save(&example("payments.yaml"), "Payments", &[]);
    let d = k.json(&["record", "diff", &a, &b, "--format", "json"]);
    assert_eq!(d["same"], false);
    assert!(!d["answers"].as_array().unwrap().is_empty());
    assert_eq!(d["kb"]["changed"], false);
    let changes = d["recommendations"].as_array().unwrap();
    assert!(!changes.is_empty());
    assert!(
        changes.iter().all(|c| c["why"]["rule"].is_string()),
        "every change says why: {changes:#?}"
    );
    let text = k.ok(&["record", "diff", &a, &b]);
    assert!(
        text.contains("answers:")
            && text.contains("recommendations:")
            && text.contains("because ("),
        "{text}"
    );
    let same = k.json(&["record", "diff", &a, &a, "--format", "json"]);
    assert_eq!(same["same"], true);
}

#[test]
fn errors_say_what_is_wrong_and_what_is_accepted() {
    let k = Kompas::new();
    let (code, err) = k.fails(&["record", "list", "--database-url", "mysql://u:secret@h/db"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("`sqlite://PATH`")
            && err.contains("postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
        "{err}"
    );
    assert!(!err.contains("secret"), "{err}");
    let (_, err) = k.fails(&["record", "show", "r0000000000"]);
    assert!(err.contains("there is no record `r0000000000`"), "{err}");
    let (_, err) = k.fails(&["record", "show", "nonsense"]);
    assert!(err.contains("`nonsense` is not a record id"), "{err}");
    let id = k.save(&example("webshop.yaml"), "T", &[]);
    let (_, err) = k.fails(&[
        "record", "override", &id, "ingres", "contour", "--reason", "x",
    ]);
    assert!(err.contains("did you mean `ingress`?"), "{err}");
    let (_, err) = k.fails(&["record", "accept", &id]);
    assert!(err.contains("propose it first"), "{err}");
    let (_, err) = k.fails(&["record", "save", &example("webshop.yaml"), "--title", "  "]);
    assert!(err.contains("title: the title is empty"), "{err}");
    let (code, _) = k.fails(&["record", "save", &example("webshop.yaml")]);
    assert_eq!(code, 2, "a usage error");
    // With KOMPAS_DATABASE_URL set to something unusable, it is named.
    let out = k
        .cmd()
        .args(["record", "list"])
        .env("KOMPAS_DATABASE_URL", "ftp://x")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("the database URL `ftp://x` has the scheme `ftp`"));
}

#[test]
fn review_lists_a_record_whose_tool_was_retired_and_exits_3() {
    let k = Kompas::new();
    let profile = k.data.path().join("profile.yaml");
    std::fs::write(&profile, "size: 5\n").unwrap();
    let profile = profile.display().to_string();
    let before = fixture("drift/before");
    let id = k.save(&profile, "Tooling", &["--kb", &before]);
    k.ok(&["record", "propose", &id]);
    k.ok(&["record", "accept", &id]);
    let record = k.json(&["record", "show", &id, "--format", "json"]);
    assert_eq!(
        record["assessment"]["decisions"][0]["recommendation"]["option"],
        "alpha"
    );
    assert_eq!(record["kb"]["source"], "directory");

    // Under the same KB nothing drifted.
    k.ok(&["review", "--kb", &before]);

    // The KB marks the tool retired (and so recommends its successor).
    let after = fixture("drift/after");
    let out = k.cmd().args(["review", "--kb", &after]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "exit 3: a record drifted");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&id) && text.contains("Tooling"), "{text}");
    assert!(
        text.contains("the recommendation changed from Alpha to Beta"),
        "{text}"
    );
    assert!(text.contains("Alpha (the tool of alpha) is now retired (since 2026-03), was active; successors: beta"), "{text}");

    let out = k
        .cmd()
        .args(["review", "--kb", &after, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let review: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(review["reviewed"], 1);
    let changes = review["drifted"][0]["changes"].as_array().unwrap();
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"recommendation_changed") && kinds.contains(&"tool_lifecycle"),
        "{kinds:?}"
    );
    let lifecycle = changes
        .iter()
        .find(|c| c["kind"] == "tool_lifecycle")
        .unwrap();
    assert_eq!(lifecycle["tool"], "alpha");
    assert_eq!(lifecycle["now"], "retired (since 2026-03)");

    // The diff of a record made under the new KB names the tool fact and the rule.
    let newer = k.save(&profile, "Tooling, again", &["--kb", &after]);
    let d = k.json(&["record", "diff", &id, &newer, "--format", "json"]);
    let items = d["kb"]["items"].as_array().unwrap();
    let tool = items
        .iter()
        .find(|i| i["section"] == "tools" && i["id"] == "alpha")
        .unwrap();
    assert_eq!(
        tool["details"][0],
        "lifecycle: active -> retired (since 2026-03)"
    );
    let decision = items
        .iter()
        .find(|i| i["section"] == "decisions" && i["id"] == "pick")
        .unwrap();
    assert!(
        decision["details"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d == "rule pick.default changed"),
        "{decision}"
    );
}

#[test]
fn adr_export_writes_one_madr_file_per_decision() {
    let k = Kompas::new();
    let id = k.save(&example("webshop.yaml"), "Platform choices", &[]);
    k.ok(&[
        "record",
        "override",
        &id,
        "ingress",
        "contour",
        "--reason",
        "We run Contour already.",
    ]);
    k.ok(&["record", "propose", &id]);
    k.ok(&["record", "accept", &id]);
    let dir = k.data.path().join("adr");
    let out = k.ok(&["adr", "export", &id, dir.to_str().unwrap()]);
    assert!(out.starts_with("wrote 20 MADR files"), "{out}");
    let ingress = std::fs::read_to_string(dir.join(format!("{id}-14-ingress.md"))).unwrap();
    assert!(
        ingress.starts_with("---\nstatus: \"accepted\"\ndate: "),
        "{ingress}"
    );
    assert!(
        ingress
            .contains("Chosen option: \"Contour (Envoy-based)\", because we run Contour already."),
        "{ingress}"
    );
    assert!(
        ingress.contains("This overrides the recommendation of kompas, \"Traefik\""),
        "the override is always shown"
    );
}

#[test]
fn tokens_are_made_and_hashed_for_the_auth_file() {
    let k = Kompas::new();
    let out = k.ok(&["token", "new", "--name", "ci", "--role", "reader"]);
    let token = out.lines().next().unwrap();
    assert!(token.starts_with("kpt_"));
    let hash = k
        .cmd()
        .args(["token", "hash"])
        .write_stdin(format!("{token}\n"))
        .output()
        .unwrap();
    let hash = String::from_utf8(hash.stdout).unwrap();
    assert!(out.contains(&format!("sha256: {}", hash.trim())), "{out}");
    let (_, err) = k.fails(&["token", "new", "--name", "ci", "--role", "admin"]);
    assert!(err.contains("expected reader, editor or approver"));
}

#[test]
fn the_record_schema_is_a_json_schema() {
    let k = Kompas::new();
    let schema = k.json(&["schema", "record"]);
    assert_eq!(schema["title"], "Record");
    for key in [
        "id",
        "revision",
        "status",
        "profile",
        "kb",
        "assessment",
        "overrides",
        "signoffs",
        "links",
    ] {
        assert!(schema["properties"].get(key).is_some(), "{key}");
    }
}
