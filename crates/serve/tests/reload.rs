//! Reloading a `--kb DIR`: a KB that fails check is refused (the last good one
//! keeps serving, the failure is counted), a good one is swapped in. Through
//! `--watch` in process, and through SIGHUP and SIGTERM on the real binary.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{json_of, TestServer};
use serde_json::{json, Value};

const WITHIN: Duration = Duration::from_secs(20);

/// A copy of the built-in KB in a temporary directory.
fn kb_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    kompas_kb::builtin::write_to(dir.path()).expect("the built-in KB is written out");
    dir
}

/// A file that loads but fails check: a second open question `q1`.
fn break_with_duplicate_id(dir: &Path) {
    std::fs::write(
        dir.join("zz-broken.yaml"),
        "open_questions:\n  - {id: q1, text: A duplicate, priority: critical, blocking: true}\n",
    )
    .unwrap();
}

fn set_version(dir: &Path, version: &str) {
    let path = dir.join("kb.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for line in &mut lines {
        if line.trim_start().starts_with("version:") {
            *line = format!("  version: \"{version}\"");
        }
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
}

async fn readiness(s: &TestServer) -> Value {
    json_of(s.get("/readyz").await, 200, "application/json").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_refuses_a_kb_that_fails_check_and_swaps_in_a_good_one() {
    let dir = kb_copy();
    let s = TestServer::kb_dir(dir.path().to_path_buf(), true).await;
    let before = readiness(&s).await;
    assert_eq!(before["kb"]["version"], "1.0.0");

    break_with_duplicate_id(dir.path());
    s.wait_for_metric(r#"kompas_kb_reloads_total{result="failure"} 1"#, WITHIN)
        .await;
    let during = readiness(&s).await;
    assert_eq!(
        during["kb"]["digest"], before["kb"]["digest"],
        "the last good KB keeps serving"
    );
    let a = json_of(
        s.post_json("/api/v1/assess", &json!({})).await,
        200,
        "application/json",
    )
    .await;
    assert_eq!(a["kb"]["digest"], before["kb"]["digest"]);
    assert!(s
        .metrics()
        .await
        .contains(r#"kompas_kb_reloads_total{result="success"} 0"#));

    std::fs::remove_file(dir.path().join("zz-broken.yaml")).unwrap();
    set_version(dir.path(), "1.0.1-reloaded");
    // Two changes may land in one debounced reload or in two: wait for the last.
    let metrics = s
        .wait_for_metric(r#"version="1.0.1-reloaded""#, WITHIN)
        .await;
    assert!(
        !metrics.contains(r#"kompas_kb_reloads_total{result="success"} 0"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"kompas_kb_reloads_total{result="failure"} 1"#),
        "{metrics}"
    );
    let after = readiness(&s).await;
    assert_eq!(after["kb"]["version"], "1.0.1-reloaded");
    assert_ne!(after["kb"]["digest"], before["kb"]["digest"]);
    let a = json_of(
        s.post_json("/api/v1/assess", &json!({})).await,
        200,
        "application/json",
    )
    .await;
    assert_eq!(a["kb"]["version"], "1.0.1-reloaded");
}

// ---------------------------------------------------------------------------
// The real binary: SIGHUP reloads, SIGTERM stops gracefully.
// ---------------------------------------------------------------------------

/// `target/debug/examples/serve`, built by `cargo test` beside this test.
fn example_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let bin = profile_dir
        .join("examples")
        .join(format!("serve{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "{} is missing: `cargo test` builds the examples; run `cargo build -p kompas-serve --examples`", bin.display());
    bin
}

struct Process {
    child: Child,
    base: String,
    /// Every JSON log event so far.
    events: std::sync::Arc<std::sync::Mutex<Vec<Value>>>,
}

impl Process {
    fn start(kb: &Path) -> Process {
        let mut child = Command::new(example_binary())
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--log-format",
                "json",
                "--kb",
            ])
            .arg(kb)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = events.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Ok(event) = serde_json::from_str::<Value>(&line) {
                    if let Some(url) = event["url"].as_str() {
                        let _ = tx.send(url.to_owned());
                    }
                    log.lock().unwrap().push(event);
                }
            }
        });
        let base = rx.recv_timeout(WITHIN).expect("the server logs its URL");
        Process {
            child,
            base,
            events,
        }
    }

    /// The messages logged so far.
    fn messages(&self) -> Vec<String> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter_map(|e| {
                e["fields"]["message"]
                    .as_str()
                    .or(e["message"].as_str())
                    .map(str::to_owned)
            })
            .collect()
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    async fn wait_for_metric(&self, client: &reqwest::Client, needle: &str) {
        let started = Instant::now();
        loop {
            let text = client
                .get(format!("{}/metrics", self.base))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if text.contains(needle) {
                return;
            }
            assert!(
                started.elapsed() < WITHIN,
                "`{needle}` not in /metrics:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_and_sigterm_stops_gracefully() {
    let dir = kb_copy();
    let mut server = Process::start(dir.path());
    let client = reqwest::Client::new();

    std::fs::write(dir.path().join("kb.yaml"), "kb: [this is not, valid\n").unwrap();
    server.signal("HUP");
    server
        .wait_for_metric(&client, r#"kompas_kb_reloads_total{result="failure"} 1"#)
        .await;
    let ready = client
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        ready.status().as_u16(),
        200,
        "readiness stays up on a refused reload"
    );

    kompas_kb::builtin::files()
        .into_iter()
        .filter(|(p, _)| p == "kb.yaml")
        .for_each(|(p, text)| std::fs::write(dir.path().join(p), text).unwrap());
    set_version(dir.path(), "2.0.0-hup");
    server.signal("HUP");
    server
        .wait_for_metric(&client, r#"version="2.0.0-hup""#)
        .await;
    server
        .wait_for_metric(&client, r#"kompas_kb_reloads_total{result="success"} 1"#)
        .await;
    // The reload log leads with the check's verdict, as `kompas check` does.
    let messages = server.messages();
    assert!(
        messages.iter().any(|m| m.starts_with(
            "KB refused, the last good KB keeps serving:\n    The knowledge base could not be loaded: 1 error."
        )),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("KB reloaded: 20 decisions: no gaps, no overlaps")),
        "{messages:#?}"
    );

    server.signal("TERM");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < WITHIN,
            "the server did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "a graceful stop exits 0, got {status}");
}
