//! Several `kompas serve` processes on one database, as replicas run: a
//! record saved and accepted through one is seen through the other; of two
//! concurrent accepts through different servers exactly one succeeds; a
//! server killed with SIGKILL while writing loses no committed revision and
//! leaves no half-written one; a restart keeps everything.
//!
//! Runs on a SQLite file (both processes on this machine) and on PostgreSQL
//! when `KOMPAS_TEST_POSTGRES_URL` is set (scripts/test-all.sh always sets
//! it); without it the PostgreSQL half is skipped with a loud message.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kompas_store::scratch::{self, TEST_POSTGRES_URL_ENV};
use kompas_store::{DatabaseUrl, Store};
use serde_json::{json, Value};

struct Server {
    child: Child,
    url: String,
}

impl Server {
    /// Starts `kompas serve` on a free loopback port and waits for its "serving" line.
    fn start(database_url: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kompas"))
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--log-format",
                "json",
                "--database-url",
                database_url,
            ])
            .env("RUST_LOG", "info")
            .env("USER", "replica-tester")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kompas starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent {
                    if let Ok(event) = serde_json::from_str::<Value>(&line) {
                        if let Some(url) = event.get("url").and_then(Value::as_str) {
                            let _ = tx.send(Ok(url.to_owned()));
                            sent = true;
                        }
                    }
                    if line.contains("\"level\":\"ERROR\"") || line.starts_with("error") {
                        let _ = tx.send(Err(line.clone()));
                    }
                }
            }
            if !sent {
                let _ = tx.send(Err("the server exited before it served".into()));
            }
        });
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(url)) => Server { child, url },
            other => {
                let _ = child.kill();
                panic!("the server did not start: {other:?}");
            }
        }
    }

    fn kill_9(&mut self) {
        // std's kill is SIGKILL on Unix: no shutdown, no flushing.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn webshop() -> Value {
    json!({"team_size": 10, "kubernetes_experience": "none", "budget_constraint": "low",
           "vendor_independence_priority": "high", "compliance_requirements": ["GDPR"], "team_maturity": "none",
           "deployment_frequency": "weekly", "service_count": "5-10", "downtime_tolerance": "none", "data_criticality": "high"})
}

async fn save(
    client: &reqwest::Client,
    server: &str,
    title: &str,
) -> reqwest::Result<(String, String)> {
    let r = client
        .post(format!("{server}/api/v1/records"))
        .json(&json!({"title": title, "profile": webshop()}))
        .send()
        .await?
        .error_for_status()?;
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let record: Value = r.json().await?;
    Ok((record["id"].as_str().unwrap().to_owned(), etag))
}

async fn act(
    client: &reqwest::Client,
    server: &str,
    id: &str,
    action: &str,
    etag: &str,
) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{server}/api/v1/records/{id}/{action}"))
        .header("if-match", etag)
        .send()
        .await
}

/// The databases to run on: a SQLite file, and PostgreSQL when configured.
async fn databases(dir: &std::path::Path) -> Vec<String> {
    let mut out = vec![format!("sqlite://{}", dir.join("shared.sqlite3").display())];
    match std::env::var(TEST_POSTGRES_URL_ENV) {
        Ok(url) if !url.is_empty() => out.push(scratch::create_database(&url, "kompas_replicas").await.expect("a scratch database")),
        _ => eprintln!(
            "\n*** {TEST_POSTGRES_URL_ENV} is not set: the PostgreSQL runs of the multi-server tests are SKIPPED (scripts/test-all.sh sets it) ***\n"
        ),
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_one_database_and_one_accept_wins() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()).await {
        let (a, b) = (Server::start(&db), Server::start(&db));
        let client = reqwest::Client::new();

        // Saved and accepted through A, seen through B.
        let (id, etag) = save(&client, &a.url, "Through A").await.unwrap();
        let r = act(&client, &a.url, &id, "propose", &etag).await.unwrap();
        let etag = r.headers()["etag"].to_str().unwrap().to_owned();
        let r = act(&client, &a.url, &id, "accept", &etag).await.unwrap();
        assert_eq!(r.status(), 200, "{db}");
        let seen = client
            .get(format!("{}/api/v1/records/{id}", b.url))
            .send()
            .await
            .unwrap();
        assert_eq!(seen.headers()["etag"], "\"r3\"", "{db}");
        let seen: Value = seen.json().await.unwrap();
        assert_eq!(seen["status"], "accepted");
        assert_eq!(seen["accepted"]["by"]["name"], "replica-tester");
        let list: Value = client
            .get(format!("{}/api/v1/records", b.url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(list["records"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str()));

        // Concurrent accepts through A and B, rounds of them: exactly one wins each time.
        for round in 0..5 {
            let (id, etag) = save(&client, &a.url, &format!("Race {round}"))
                .await
                .unwrap();
            let r = act(&client, &b.url, &id, "propose", &etag).await.unwrap();
            let etag = r.headers()["etag"].to_str().unwrap().to_owned();
            let (ra, rb) = tokio::join!(
                act(&client, &a.url, &id, "accept", &etag),
                act(&client, &b.url, &id, "accept", &etag)
            );
            let statuses = [ra.unwrap().status().as_u16(), rb.unwrap().status().as_u16()];
            assert_eq!(
                statuses.iter().filter(|s| **s == 200).count(),
                1,
                "{db}: {statuses:?}"
            );
            assert!(
                statuses.iter().all(|s| [200, 409, 412].contains(s)),
                "{db}: {statuses:?}"
            );
            let revisions: Value = client
                .get(format!("{}/api/v1/records/{id}/revisions", a.url))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(
                revisions["revisions"].as_array().unwrap().len(),
                3,
                "{db}: one accept recorded"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_loses_no_committed_revision_and_leaves_none_half_written() {
    let dir = tempfile::tempdir().unwrap();
    for db in databases(dir.path()).await {
        let mut server = Server::start(&db);
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        // Writers save and propose records as fast as they can; every answered
        // write is remembered as committed.
        let committed: Arc<Mutex<Vec<(String, u32)>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..6)
            .map(|w| {
                let (client, url, committed, stop) = (
                    client.clone(),
                    server.url.clone(),
                    committed.clone(),
                    stop.clone(),
                );
                tokio::spawn(async move {
                    let mut n = 0;
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let Ok((id, etag)) = save(&client, &url, &format!("writer {w} #{n}")).await
                        else {
                            break;
                        };
                        committed.lock().unwrap().push((id.clone(), 1));
                        match act(&client, &url, &id, "propose", &etag).await {
                            Ok(r) if r.status() == 200 => committed.lock().unwrap().push((id, 2)),
                            _ => break,
                        }
                    }
                })
            })
            .collect();
        let started = Instant::now();
        while committed.lock().unwrap().len() < 40 && started.elapsed() < Duration::from_secs(60) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        server.kill_9();
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            let _ = w.await;
        }
        let committed = committed.lock().unwrap().clone();
        assert!(
            committed.len() >= 40,
            "{db}: the writers wrote ({} writes)",
            committed.len()
        );

        // Restart: every answered write is there, every revision reads back whole.
        let restarted = Server::start(&db);
        let url: DatabaseUrl = db.parse().unwrap();
        let store = Store::open(&url).await.unwrap();
        for (id, revision) in &committed {
            let head = store.head_revision(id).await.unwrap();
            assert!(
                head >= Some(*revision),
                "{db}: {id} revision {revision} was answered but is gone"
            );
        }
        let list = store.list().await.unwrap();
        for summary in &list {
            let revisions = store.revisions(&summary.id).await.unwrap();
            let numbers: Vec<u32> = revisions.iter().map(|r| r.revision).collect();
            assert_eq!(
                numbers,
                (1..=summary.revision).collect::<Vec<_>>(),
                "{db}: {} has gaps",
                summary.id
            );
            for r in 1..=summary.revision {
                let record = store.get_revision(&summary.id, Some(r)).await.unwrap();
                assert_eq!(record.revision, r);
                assert!(
                    record.assessment["decisions"].is_array(),
                    "{db}: {} revision {r} has its assessment",
                    summary.id
                );
            }
        }
        let client = reqwest::Client::new();
        let listed: Value = client
            .get(format!("{}/api/v1/records", restarted.url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            listed["records"].as_array().unwrap().len(),
            list.len(),
            "{db}: the restarted server serves everything"
        );
        store.close().await;
    }
}
