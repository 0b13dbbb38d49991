//! Hostile clients against the real server binary: slow and silent
//! connections, stalled readers, made-up methods, malformed and oversized
//! requests, and stops while clients hang on. Each test is bounded: timeouts
//! are set short on the command line, every wait has a limit, and memory is
//! read from /proc.

#![cfg(unix)]

mod proc;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use proc::{read_until_closed, Reply, Server, WITHIN};

/// The value of a metric line `name value` (no labels).
fn gauge(metrics: &str, name: &str) -> u64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in:\n{metrics}"))
}

/// Waits (bounded) until `/metrics` counts `n` open connections (its own included).
fn wait_for_open_connections(server: &Server, n: u64) {
    let started = Instant::now();
    loop {
        let open = gauge(&server.metrics(), "kompas_http_connections");
        if open == n {
            return;
        }
        assert!(
            started.elapsed() < WITHIN,
            "{open} connections still open, expected {n}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn slow_headers_get_a_408_problem_and_memory_stays_flat() {
    let server = Server::start(&["--header-timeout", "1"]);
    let before = server.rss_kib();
    let mut slow: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
            s
        })
        .collect();
    let during = server.rss_kib();
    let mut timed_out = 0;
    for s in &mut slow {
        let reply = Reply::parse(&read_until_closed(s, WITHIN));
        let problem = reply.assert_problem(408);
        assert_eq!(problem["type"], "urn:kompas:problem:timeout");
        timed_out += 1;
    }
    assert_eq!(timed_out, 300);
    let metrics = server.metrics();
    assert!(
        metrics.contains(
            r#"kompas_http_requests_total{method="other",route="other",status="408"} 300"#
        ),
        "{metrics}"
    );
    let after = server.rss_kib();
    eprintln!("RSS KiB: before {before}, with 300 slow clients {during}, after {after}");
    assert!(
        during < before + 64 * 1024,
        "RSS grew from {before} to {during} KiB"
    );
    assert!(
        after < before + 64 * 1024,
        "RSS grew from {before} to {after} KiB"
    );
    // Closed once each goodbye is written: only the /metrics request is left.
    wait_for_open_connections(&server, 1);
}

#[test]
fn the_connection_limit_bounds_what_silent_clients_hold() {
    let server = Server::start(&["--max-connections", "8", "--header-timeout", "1"]);
    let before = server.rss_kib();
    let silent: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    // Served once the silent ones before it in the accept queue have timed
    // out (8 at a time) and freed their slots.
    let reply = server.get("/healthz");
    assert_eq!(reply.status, 200);
    let metrics = server.metrics();
    let open = gauge(&metrics, "kompas_http_connections");
    assert!(
        (1..=8).contains(&open),
        "{open} connections open, the limit is 8"
    );
    let after = server.rss_kib();
    assert!(
        after < before + 32 * 1024,
        "RSS grew from {before} to {after} KiB"
    );
    drop(silent);
}

#[test]
fn a_client_that_stops_reading_is_disconnected_after_the_idle_timeout() {
    let server = Server::start(&["--idle-timeout", "2"]);
    let mut stalled = TcpStream::connect(server.addr).unwrap();
    // Many large answers asked for at once and never read: the server's
    // writes stall once the socket buffers are full.
    let one = b"GET /api/v1/kb HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n";
    let mut pipelined = Vec::new();
    for _ in 0..400 {
        pipelined.extend_from_slice(one);
    }
    stalled.write_all(&pipelined).unwrap();
    wait_for_open_connections(&server, 1);
    drop(stalled);
}

#[test]
fn sigterm_does_not_wait_for_silent_or_half_sent_clients() {
    let mut server = Server::start(&["--shutdown-timeout", "30"]);
    let _silent = TcpStream::connect(server.addr).unwrap();
    let mut half = TcpStream::connect(server.addr).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut idle = TcpStream::connect(server.addr).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    server.signal(libc::SIGTERM);
    // The clients hold their sockets open; the deadline is 30 s; the server
    // must not wait for them.
    let status = server
        .wait_exit(Duration::from_secs(10))
        .expect("the server stops without waiting for silent clients");
    assert!(status.success(), "{status}");
}

#[test]
fn readyz_answers_503_while_a_request_drains_and_the_request_completes() {
    let mut server = Server::start(&[]);
    let mut slow = TcpStream::connect(server.addr).unwrap();
    let body = br#"{"team_size": 5}"#;
    write!(
        slow,
        "POST /api/v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    slow.write_all(&body[..3]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    server.signal(libc::SIGTERM);
    std::thread::sleep(Duration::from_millis(300));
    let ready = server.get("/readyz");
    assert_eq!(ready.status, 503, "{}", ready.body_text());
    assert_eq!(ready.json()["status"], "shutting_down");
    assert!(ready.has_header("connection", "close"), "{}", ready.head);
    slow.write_all(&body[3..]).unwrap();
    let reply = Reply::parse(&read_until_closed(&mut slow, WITHIN));
    assert_eq!(reply.status, 200, "{}", reply.head);
    assert!(reply.has_header("connection", "close"), "{}", reply.head);
    let status = server.wait_exit(WITHIN).expect("the server stops");
    assert!(status.success(), "{status}");
}

#[test]
fn the_shutdown_deadline_ends_a_request_that_never_finishes() {
    let mut server = Server::start(&["--shutdown-timeout", "1"]);
    let mut slow = TcpStream::connect(server.addr).unwrap();
    slow.write_all(b"POST /api/v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    server.signal(libc::SIGTERM);
    let status = server
        .wait_exit(Duration::from_secs(8))
        .expect("the deadline stops the server");
    assert!(status.success(), "{status}");
    let line = server.wait_for_log("shutdown deadline reached");
    assert!(line.contains("\"connections\":1"), "{line}");
}

#[test]
fn made_up_methods_and_paths_do_not_grow_the_metrics() {
    let server = Server::start(&[]);
    for i in 0..400 {
        let request = format!("M{i}X /p{i}/q HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let reply = Reply::parse(&server.raw(request.as_bytes(), WITHIN));
        assert!(reply.status == 404 || reply.status == 405, "{}", reply.head);
    }
    let metrics = server.metrics();
    assert!(
        metrics.len() < 16 * 1024,
        "{} bytes:\n{metrics}",
        metrics.len()
    );
    assert!(
        metrics.contains(
            r#"kompas_http_requests_total{method="other",route="other",status="404"} 400"#
        ),
        "{metrics}"
    );
    assert!(
        !metrics.contains("M399X") && !metrics.contains("/p399"),
        "{metrics}"
    );
}

#[test]
fn hypers_own_answers_are_problems_with_the_security_headers() {
    let server = Server::start(&[]);
    let bad = Reply::parse(&server.raw(
        b"GET / HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
        WITHIN,
    ));
    bad.assert_problem(400);
    assert!(bad.has_header("connection", "close"), "{}", bad.head);
    let garbage = Reply::parse(&server.raw(
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
        WITHIN,
    ));
    garbage.assert_problem(400);
    let mut big = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".to_vec();
    big.extend(std::iter::repeat_n(b'a', 40 * 1024));
    big.extend_from_slice(b"\r\n\r\n");
    Reply::parse(&server.raw(&big, WITHIN)).assert_problem(431);
    let mut many = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..150 {
        many.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
    }
    many.extend_from_slice(b"\r\n");
    Reply::parse(&server.raw(&many, WITHIN)).assert_problem(431);
    let long = format!("/api/v1/report.md?team_size={}", "1".repeat(9000));
    let reply = server.get(&long);
    let problem = reply.assert_problem(414);
    assert_eq!(problem["type"], "urn:kompas:problem:uri-too-long");
    let metrics = server.metrics();
    for needle in [
        r#"kompas_http_requests_total{method="other",route="other",status="400"} 2"#,
        r#"kompas_http_requests_total{method="other",route="other",status="431"} 2"#,
    ] {
        assert!(metrics.contains(needle), "{needle} not in:\n{metrics}");
    }
    // The connection after hyper's answer is gone; others are unaffected.
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn a_wrong_method_is_a_405_problem_with_allow() {
    let server = Server::start(&[]);
    let reply = server.request(
        "PUT",
        "/api/v1/assess",
        &[("Content-Type", "application/json")],
        b"{}",
    );
    let problem = reply.assert_problem(405);
    assert!(reply.has_header("allow", "post"), "{}", reply.head);
    assert!(
        problem["detail"].as_str().unwrap().contains("`PUT`"),
        "{problem}"
    );
    let reply = server.get("/no/such/page");
    reply.assert_problem(404);
}

#[test]
fn a_request_that_takes_too_long_is_a_counted_408_problem() {
    let server = Server::start(&[]);
    let mut slow = TcpStream::connect(server.addr).unwrap();
    slow.write_all(b"POST /api/v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"team")
        .unwrap();
    // The request timeout is 10 s.
    let reply = Reply::parse(&read_until_closed(&mut slow, WITHIN));
    let problem = reply.assert_problem(408);
    assert!(
        problem["detail"].as_str().unwrap().contains("10 s"),
        "{problem}"
    );
    server.wait_for_metric(
        r#"kompas_http_requests_total{method="POST",route="/api/v1/assess",status="408"} 1"#,
    );
}

#[test]
fn bodies_in_other_charsets_or_compressed_are_415_and_duplicate_keys_400() {
    let server = Server::start(&[]);
    let json = [("Content-Type", "application/json")];
    let reply = server.request(
        "POST",
        "/api/v1/assess",
        &[("Content-Type", "application/json; charset=utf-16")],
        b"{}",
    );
    let problem = reply.assert_problem(415);
    assert_eq!(problem["type"], "urn:kompas:problem:unsupported-encoding");
    let reply = server.request(
        "POST",
        "/api/v1/assess",
        &[
            ("Content-Type", "application/json"),
            ("Content-Encoding", "gzip"),
        ],
        b"\x1f\x8b\x08\x00",
    );
    reply.assert_problem(415);
    let reply = server.request(
        "POST",
        "/api/v1/assess",
        &json,
        br#"{"team_size":-1,"team_size":10}"#,
    );
    let problem = reply.assert_problem(400);
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("duplicate key `team_size`"),
        "{problem}"
    );
    let reply = server.request(
        "POST",
        "/api/v1/explain",
        &json,
        br#"{"decision":"cni","profile":{},"decision":"x"}"#,
    );
    reply.assert_problem(400);
}

#[test]
fn numbers_too_large_and_too_many_keys_are_named_as_such() {
    let server = Server::start(&[]);
    let json = [("Content-Type", "application/json")];
    let reply = server.request(
        "POST",
        "/api/v1/assess",
        &json,
        br#"{"team_size": 9223372036854775808}"#,
    );
    let problem = reply.assert_problem(422);
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("too large"),
        "{problem}"
    );
    let keys: Vec<String> = (0..3000).map(|i| format!("\"k{i}\":1")).collect();
    let body = format!("{{{}}}", keys.join(","));
    let reply = server.request("POST", "/api/v1/assess", &json, body.as_bytes());
    let problem = reply.assert_problem(422);
    assert_eq!(problem["errors"].as_array().unwrap().len(), 1, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("3000 keys"),
        "{problem}"
    );
    assert!(reply.body.len() < 2048, "{} bytes", reply.body.len());
}

#[test]
fn a_kb_id_with_line_breaks_cannot_split_a_log_line() {
    let dir = proc::kb_copy();
    let kb_yaml = dir.path().join("kb.yaml");
    let text = std::fs::read_to_string(&kb_yaml).unwrap();
    let forged = "2026-11-30T00:00:00.000000Z  INFO forged: all good";
    let text = text.replacen(
        "  id: webshop",
        &format!("  id: \"web\\nshop\\r\\n{forged}\""),
        1,
    );
    std::fs::write(&kb_yaml, text).unwrap();
    let kb = dir.path().to_str().unwrap();
    let server = Server::start(&["--kb", kb, "--log-format", "text"]);
    let line = server.wait_for_log("kompas serving");
    assert!(line.contains(r"web\nshop\r\n2026"), "{line}");
    assert!(
        server
            .logs()
            .iter()
            .all(|l| !l.starts_with("2026-11-30T00:00:00")),
        "{:#?}",
        server.logs()
    );
    let metrics = server.metrics();
    assert!(
        metrics.contains(r#"kompas_kb_info{id="web\nshop"#),
        "{metrics}"
    );
}

#[test]
fn an_alias_bomb_in_a_watched_kb_is_refused_and_the_last_good_kb_serves() {
    let dir = proc::kb_copy();
    let kb = dir.path().to_str().unwrap();
    let server = Server::start(&["--kb", kb, "--watch"]);
    let before = server.get("/readyz").json()["kb"]["digest"].clone();
    let mut bomb = String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..=9 {
        let refs = vec![format!("*a{}", i - 1); 10].join(",");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    std::fs::write(dir.path().join("zz-bomb.yaml"), bomb).unwrap();
    server.wait_for_metric(r#"kompas_kb_reloads_total{result="failure"} 1"#);
    let line = server.wait_for_log("KB refused");
    assert!(line.contains("zz-bomb.yaml:"), "located: {line}");
    assert!(line.contains("expands to more than"), "{line}");
    let rss = server.rss_kib();
    assert!(rss < 256 * 1024, "RSS {rss} KiB");
    assert_eq!(server.get("/readyz").json()["kb"]["digest"], before);
    let reply = server.request(
        "POST",
        "/api/v1/assess",
        &[("Content-Type", "application/json")],
        b"{}",
    );
    assert_eq!(reply.status, 200);
}

#[test]
fn a_fifo_in_a_watched_kb_is_refused_at_once_and_does_not_block_reloads() {
    let dir = proc::kb_copy();
    let kb = dir.path().to_str().unwrap();
    let server = Server::start(&["--kb", kb, "--watch"]);
    let fifo = dir.path().join("pipe.yaml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    server.wait_for_metric(r#"kompas_kb_reloads_total{result="failure"} 1"#);
    let line = server.wait_for_log("KB refused");
    assert!(line.contains("`pipe.yaml` is a FIFO"), "{line}");
    std::fs::remove_file(&fifo).unwrap();
    let kb_yaml = dir.path().join("kb.yaml");
    let text = std::fs::read_to_string(&kb_yaml).unwrap();
    std::fs::write(&kb_yaml, proc::set_version(&text, "9.9.9-after-fifo")).unwrap();
    proc::wait_for_version(&server, "9.9.9-after-fifo");
}
