//! `--watch` the way Kubernetes and people change a KB directory, on the real
//! server binary: the directory replaced, a symbolic link swapped, kubelet's
//! atomic ConfigMap writer (a new `..<timestamp>` directory, then a `..data`
//! link renamed over the old one) under a steady load, and a file rewritten in
//! chunks. Waits are bounded; the times measured are printed, not asserted.

#![cfg(unix)]

mod proc;

use std::io::Write;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use proc::{served_version, wait_for_version, write_kb, Server};

#[test]
fn a_replaced_directory_is_watched_by_its_path() {
    let parent = tempfile::tempdir().unwrap();
    let kb = parent.path().join("kb");
    write_kb(&kb, "1.0.0");
    let server = Server::start(&["--kb", kb.to_str().unwrap(), "--watch"]);
    write_kb(&parent.path().join("kb.new"), "2.0.0-replaced");
    std::fs::rename(&kb, parent.path().join("kb.old")).unwrap();
    std::fs::rename(parent.path().join("kb.new"), &kb).unwrap();
    wait_for_version(&server, "2.0.0-replaced");
    // Edits after the swap are seen too (the watch follows the path).
    let kb_yaml = kb.join("kb.yaml");
    let text = std::fs::read_to_string(&kb_yaml).unwrap();
    std::fs::write(&kb_yaml, proc::set_version(&text, "2.0.1-edited")).unwrap();
    wait_for_version(&server, "2.0.1-edited");
}

#[test]
fn a_swapped_symbolic_link_is_followed() {
    let parent = tempfile::tempdir().unwrap();
    write_kb(&parent.path().join("v1"), "1.0.0");
    write_kb(&parent.path().join("v2"), "2.0.0-link");
    let current = parent.path().join("current");
    symlink("v1", &current).unwrap();
    let server = Server::start(&["--kb", current.to_str().unwrap(), "--watch"]);
    assert_eq!(served_version(&server), "1.0.0");
    symlink("v2", parent.path().join("current.tmp")).unwrap();
    std::fs::rename(parent.path().join("current.tmp"), &current).unwrap();
    wait_for_version(&server, "2.0.0-link");
}

/// kubelet's AtomicWriter, as it updates a ConfigMap volume: the files go to
/// a new hidden timestamped directory, a `..data_tmp` link to it is renamed
/// over `..data`, the old directory is removed. The visible entries are links
/// through `..data` and do not change.
struct ConfigMap {
    dir: std::path::PathBuf,
    generation: u32,
    current: Option<String>,
}

impl ConfigMap {
    fn new(dir: &Path, files: &[(String, String)]) -> ConfigMap {
        std::fs::create_dir_all(dir).unwrap();
        let mut cm = ConfigMap {
            dir: dir.to_path_buf(),
            generation: 0,
            current: None,
        };
        cm.update(files);
        cm
    }

    fn update(&mut self, files: &[(String, String)]) {
        self.generation += 1;
        let stamp = format!(
            "..2026_11_30_10_00_{:02}.{}",
            self.generation,
            100 + self.generation
        );
        let target = self.dir.join(&stamp);
        for (path, text) in files {
            let file = target.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let tmp = self.dir.join("..data_tmp");
        symlink(&stamp, &tmp).unwrap();
        std::fs::rename(&tmp, self.dir.join("..data")).unwrap();
        // A new key gets its visible link, through `..data`.
        for (path, _) in files {
            let top = path.split('/').next().unwrap();
            let link = self.dir.join(top);
            if std::fs::symlink_metadata(&link).is_err() {
                symlink(format!("..data/{top}"), link).unwrap();
            }
        }
        // A key no longer in the ConfigMap loses its link.
        for entry in std::fs::read_dir(&self.dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !name.starts_with('.')
                && !files
                    .iter()
                    .any(|(p, _)| p.split('/').next() == Some(name.as_str()))
            {
                std::fs::remove_file(self.dir.join(name)).unwrap();
            }
        }
        if let Some(old) = self.current.replace(stamp) {
            std::fs::remove_dir_all(self.dir.join(old)).unwrap();
        }
    }
}

fn kb_files(version: &str) -> Vec<(String, String)> {
    kompas_kb::builtin::files()
        .into_iter()
        .map(|(p, t)| {
            let t = if p == "kb.yaml" {
                proc::set_version(&t, version)
            } else {
                t
            };
            (p, t)
        })
        .collect()
}

/// A steady load while the test runs: readiness and assessments, each
/// answer's status counted.
struct Load {
    stop: Arc<AtomicBool>,
    requests: Arc<AtomicU64>,
    failures: Arc<Mutex<Vec<String>>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    fn start(addr: std::net::SocketAddr, clients: usize) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(AtomicU64::new(0));
        let failures = Arc::new(Mutex::new(Vec::new()));
        let threads = (0..clients)
            .map(|i| {
                let (stop, requests, failures) = (stop.clone(), requests.clone(), failures.clone());
                std::thread::spawn(move || {
                    let body = br#"{"team_size": 12, "service_count": "5-10"}"#;
                    let assess = [
                        format!(
                            "POST /api/v1/assess HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                            body.len()
                        )
                        .into_bytes(),
                        body.to_vec(),
                    ]
                    .concat();
                    let ready = b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec();
                    let mut n = i;
                    while !stop.load(Ordering::Relaxed) {
                        let request = if n % 2 == 0 { &assess } else { &ready };
                        let reply = proc::Reply::parse(&proc::raw(addr, request, proc::WITHIN));
                        requests.fetch_add(1, Ordering::Relaxed);
                        if !(200..300).contains(&reply.status) {
                            failures.lock().unwrap().push(format!("{}: {}", reply.status, reply.head));
                        }
                        n += 1;
                    }
                })
            })
            .collect();
        Load {
            stop,
            requests,
            failures,
            threads,
        }
    }

    /// Stops the load: (requests, answers that were not 2xx).
    fn finish(self) -> (u64, Vec<String>) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads {
            t.join().unwrap();
        }
        let failures = self.failures.lock().unwrap().clone();
        (self.requests.load(Ordering::Relaxed), failures)
    }
}

#[test]
fn configmap_updates_under_load_keep_serving_and_refuse_a_bad_one() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("kb");
    let mut cm = ConfigMap::new(&dir, &kb_files("1.0.0"));
    let server = Server::start(&["--kb", dir.to_str().unwrap(), "--watch"]);
    assert_eq!(served_version(&server), "1.0.0");
    let load = Load::start(server.addr, 4);
    std::thread::sleep(Duration::from_millis(500));

    // A good update is served.
    let swapped = Instant::now();
    cm.update(&kb_files("2.0.0-configmap"));
    wait_for_version(&server, "2.0.0-configmap");
    let first = swapped.elapsed();

    // A bad one (a second `kb:` section) is refused; 2.0.0 keeps serving.
    let mut bad = kb_files("3.0.0-bad");
    bad.push((
        "zz-second-kb.yaml".into(),
        "kb: {id: other, version: \"9\", title: Other}\n".into(),
    ));
    cm.update(&bad);
    server.wait_for_metric(r#"kompas_kb_reloads_total{result="failure"} 1"#);
    let refused = server.wait_for_log("KB refused");
    assert!(
        refused.contains("zz-second-kb.yaml:1:"),
        "located: {refused}"
    );
    assert_eq!(served_version(&server), "2.0.0-configmap");

    // The next good one is served again.
    let swapped = Instant::now();
    cm.update(&kb_files("4.0.0-configmap"));
    wait_for_version(&server, "4.0.0-configmap");
    let second = swapped.elapsed();

    std::thread::sleep(Duration::from_millis(300));
    let (requests, failures) = load.finish();
    eprintln!(
        "ConfigMap updates served after {} ms and {} ms; {requests} requests under load",
        first.as_millis(),
        second.as_millis()
    );
    assert!(
        failures.is_empty(),
        "{} of {requests} answers were not 2xx: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(requests > 20, "the load ran: {requests} requests");
    let metrics = server.metrics();
    assert!(
        metrics.contains(r#"kompas_kb_reloads_total{result="success"} 2"#),
        "{metrics}"
    );
}

#[test]
fn a_file_rewritten_in_chunks_is_never_served_half_written() {
    let dir = proc::kb_copy();
    // Every prefix of this file that ends a line is a valid KB of its own,
    // with its own digest: a half-written state would pass check.
    let mut tools = String::from("tools:\n");
    for i in 0..12 {
        tools.push_str(&format!(
            "  - {{id: extra{i}, name: Extra {i}, summary: A tool no option uses., licence: {{spdx: MIT, kind: open_source}}, governance: community, hosting: [self_hosted], lifecycle: {{status: active}}, sources: [{{title: Docs, url: \"https://extra.invalid/\", as_of: \"2026-11-01\"}}]}}\n"
        ));
    }
    let path = dir.path().join("zz-extra-tools.yaml");
    std::fs::write(&path, &tools).unwrap();
    let server = Server::start(&["--kb", dir.path().to_str().unwrap(), "--watch"]);
    let digest = |s: &Server| {
        s.get("/readyz").json()["kb"]["digest"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    let whole = digest(&server);
    let seen = Arc::new(Mutex::new(std::collections::BTreeSet::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (seen, stop, addr) = (seen.clone(), stop.clone(), server.addr);
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let reply = proc::Reply::parse(&proc::raw(
                    addr,
                    b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                    proc::WITHIN,
                ));
                if reply.status == 200 {
                    let d = reply.json()["kb"]["digest"]
                        .as_str()
                        .unwrap_or("")
                        .to_owned();
                    seen.lock().unwrap().insert(d);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    // Truncate, then write line by line with pauses shorter than the quiet
    // time a reload waits for, but longer than a load takes.
    for round in 0..2 {
        let mut file = std::fs::File::create(&path).unwrap();
        for line in tools.split_inclusive('\n') {
            file.write_all(line.as_bytes()).unwrap();
            file.flush().unwrap();
            std::thread::sleep(Duration::from_millis(if round == 0 { 150 } else { 40 }));
        }
    }
    std::thread::sleep(Duration::from_secs(2));
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [whole].into_iter().collect(),
        "served digests: {seen:?}"
    );
    let metrics = server.metrics();
    assert!(
        metrics.contains(r#"kompas_kb_reloads_total{result="success"} 0"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"kompas_kb_reloads_total{result="failure"} 0"#),
        "{metrics}"
    );
}
