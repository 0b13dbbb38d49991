//! The real server binary (`target/<profile>/examples/serve`, which `cargo
//! test` builds) in a child process, driven over raw TCP: for the tests that
//! need signals, resident memory, timeouts or bytes no HTTP client would send.
//! Every wait is bounded; the child is killed when the handle is dropped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest any test waits for something that should happen.
pub const WITHIN: Duration = Duration::from_secs(20);

/// `target/<profile>/examples/serve`.
pub fn server_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>");
    let bin = profile_dir
        .join("examples")
        .join(format!("serve{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build -p kompas-serve --examples`",
        bin.display()
    );
    bin
}

/// A running server process.
pub struct Server {
    /// The child.
    pub child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts the server with `args` (after `serve`), on a free loopback port,
    /// logging JSON at `info` unless `args` says otherwise.
    pub fn start(args: &[&str]) -> Server {
        Server::start_env(args, &[])
    }

    /// [`Server::start`] with extra environment variables.
    pub fn start_env(args: &[&str], env: &[(&str, &str)]) -> Server {
        let mut all = vec!["serve", "--addr", "127.0.0.1:0"];
        if !args.contains(&"--log-format") {
            all.extend(["--log-format", "json"]);
        }
        all.extend_from_slice(args);
        let mut command = Command::new(server_binary());
        command
            .args(&all)
            .env("RUST_LOG", "info,notify=warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("the server starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(i) = line.find("http://127.0.0.1:") {
                    let rest = &line[i + "http://".len()..];
                    let end = rest
                        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ':'))
                        .unwrap_or(rest.len());
                    if let Ok(addr) = rest[..end].parse::<SocketAddr>() {
                        let _ = tx.send(addr);
                    }
                }
                sink.lock().unwrap().push(line);
            }
        });
        let addr = rx.recv_timeout(WITHIN).unwrap_or_else(|_| {
            panic!(
                "the server did not log its address: {:?}",
                lines.lock().unwrap()
            )
        });
        Server { child, addr, lines }
    }

    /// The log lines so far.
    pub fn logs(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Waits (bounded) for a log line containing `needle`.
    pub fn wait_for_log(&self, needle: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self.logs().into_iter().find(|l| l.contains(needle)) {
                return line;
            }
            assert!(
                started.elapsed() < WITHIN,
                "no log line with `{needle}`: {:#?}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Resident memory in KiB, from /proc.
    pub fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("/proc/PID/status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }

    /// Sends a signal (`libc::SIGTERM`, `libc::SIGHUP`).
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) on our own child's pid.
        let rc = unsafe { libc::kill(self.child.id() as i32, signal) };
        assert_eq!(rc, 0, "kill failed");
    }

    /// Waits up to `within` for the process to exit.
    pub fn wait_exit(&mut self, within: Duration) -> Option<ExitStatus> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if started.elapsed() > within {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A raw exchange: sends `request`, reads until the server closes or `wait` passes.
    pub fn raw(&self, request: &[u8], wait: Duration) -> Vec<u8> {
        raw(self.addr, request, wait)
    }

    /// `GET path` on a fresh connection: status, head and body.
    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], b"")
    }

    /// A request on a fresh connection, closed after the answer.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Reply {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n");
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        Reply::parse(&self.raw(&bytes, WITHIN))
    }

    /// The text of `/metrics`.
    pub fn metrics(&self) -> String {
        self.get("/metrics").body_text()
    }

    /// Waits (bounded) until `/metrics` contains `needle`.
    pub fn wait_for_metric(&self, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let text = self.metrics();
            if text.contains(needle) {
                return text;
            }
            assert!(
                started.elapsed() < WITHIN,
                "`{needle}` not in /metrics:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `request` to `addr` and reads until the peer closes or `wait` passes.
pub fn raw(addr: SocketAddr, request: &[u8], wait: Duration) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(request).expect("send");
    read_until_closed(&mut stream, wait)
}

/// Reads until EOF, a reset or `wait`.
pub fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Vec<u8> {
    let deadline = Instant::now() + wait;
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return out;
        }
        stream.set_read_timeout(Some(left)).expect("timeout");
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
}

/// A parsed HTTP/1.1 response.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status code (0 when nothing came back).
    pub status: u16,
    /// The head, lower-cased.
    pub head: String,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// Parses the first response in `bytes`.
    pub fn parse(bytes: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(bytes);
        let Some((head, _)) = text.split_once("\r\n\r\n") else {
            return Reply {
                status: 0,
                head: text.to_lowercase(),
                body: Vec::new(),
            };
        };
        let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let body = bytes[head.len() + 4..].to_vec();
        Reply {
            status,
            head: head.to_lowercase(),
            body,
        }
    }

    /// The body as text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.head, self.body_text()))
    }

    /// Whether the head has `name: value` (lower case).
    pub fn has_header(&self, name: &str, value: &str) -> bool {
        self.head.contains(&format!("\r\n{name}: {value}"))
    }

    /// Asserts a problem+json answer with the security headers and `status`.
    pub fn assert_problem(&self, status: u16) -> serde_json::Value {
        assert_eq!(self.status, status, "{}\n{}", self.head, self.body_text());
        assert!(
            self.has_header("content-type", "application/problem+json"),
            "{}",
            self.head
        );
        for header in [
            "x-content-type-options: nosniff",
            "content-security-policy: ",
            "x-frame-options: deny",
            "referrer-policy: no-referrer",
        ] {
            assert!(
                self.head.contains(header),
                "no `{header}` in:\n{}",
                self.head
            );
        }
        let problem = self.json();
        assert_eq!(problem["status"], status);
        assert!(problem["type"]
            .as_str()
            .unwrap_or("")
            .starts_with("urn:kompas:problem:"));
        problem
    }
}

/// A copy of the built-in KB in a temporary directory.
pub fn kb_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    kompas_kb::builtin::write_to(dir.path()).expect("the built-in KB is written out");
    dir
}

/// Writes the built-in KB below `dir` with `version` in kb.yaml.
pub fn write_kb(dir: &Path, version: &str) {
    for (path, text) in kompas_kb::builtin::files() {
        let target = dir.join(&path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let text = if path == "kb.yaml" {
            set_version(&text, version)
        } else {
            text
        };
        std::fs::write(target, text).unwrap();
    }
}

/// kb.yaml's text with another version.
pub fn set_version(text: &str, version: &str) -> String {
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("version:") {
                format!("  version: \"{version}\"")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The version `/readyz` names (empty when it does not answer 200).
pub fn served_version(server: &Server) -> String {
    let reply = server.get("/readyz");
    if reply.status != 200 {
        return String::new();
    }
    reply.json()["kb"]["version"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

/// Waits (bounded) until `/readyz` names `version`.
pub fn wait_for_version(server: &Server, version: &str) -> Duration {
    let started = Instant::now();
    loop {
        if served_version(server) == version {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < WITHIN,
            "version {version} not served; serving {}; logs: {:#?}",
            served_version(server),
            server.logs()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
