//! Hostile knowledge bases and profiles against the `kompas` binary. Each run
//! is a child process with its address space capped (RLIMIT_AS) and a
//! timeout, so an unbounded expansion or a blocking read fails the test
//! instead of taking the machine down.

#![cfg(unix)]

use std::io::Write;
use std::os::unix::fs::symlink;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The address space each run may use: a few hundred MiB above what the
/// binary needs, far below what an unbounded expansion takes.
const ADDRESS_SPACE: u64 = 1 << 30;

/// How long any run may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs `kompas ARGS` capped in memory and time, with `stdin` as input.
fn run_with(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("kompas"));
    command
        .args(args)
        .env("KOMPAS_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        command.env(k, v);
    }
    // SAFETY: only async-signal-safe calls (setrlimit) between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: ADDRESS_SPACE,
                rlim_max: ADDRESS_SPACE,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().expect("kompas starts");
    // Fed and drained on threads of their own, so no pipe can fill and stall.
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    // Whatever the command reads of it; a refusal may close stdin early.
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = r.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!(
                "`kompas {}` did not finish within {TIMEOUT:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = feeder.join();
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn run(args: &[&str]) -> Output {
    run_with(args, &[], b"")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The built-in KB written to a temporary directory.
fn kb_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    kompas_kb::builtin::write_to(dir.path()).unwrap();
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// About 420 bytes that stand for 10^10 strings.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..=9 {
        let refs = vec![format!("*a{}", i - 1); 10].join(",");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text
}

#[test]
fn an_alias_bomb_in_a_kb_is_refused_within_the_budget() {
    let dir = kb_copy();
    std::fs::write(dir.path().join("zz-bomb.yaml"), alias_bomb()).unwrap();
    let out = run(&["check", "--kb", path(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("error[K0101]"), "{text}");
    assert!(
        text.contains("expands to more than 250000 values"),
        "{text}"
    );
    assert!(text.contains("--> zz-bomb.yaml:6:"), "{text}");
}

#[test]
fn an_alias_bomb_in_a_profile_is_refused_within_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("bomb.yaml");
    std::fs::write(&profile, alias_bomb()).unwrap();
    let out = run(&["assess", path(&profile)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("expands to more than 50000 values"), "{err}");
    assert!(err.contains("bomb.yaml:5:"), "located: {err}");
}

#[test]
fn devices_are_refused_at_once_as_profiles() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let out = run(&["assess", device]);
        assert_eq!(out.status.code(), Some(1), "{device}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "the profile `{device}` is a character device, not a regular file"
            )),
            "{err}"
        );
    }
}

#[test]
fn standard_input_is_read_up_to_the_limit() {
    let big = vec![b'#'; 2 << 20];
    let out = run_with(&["assess", "-"], &[], &big);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("is larger than the limit of 1 MiB (set KOMPAS_MAX_PROFILE_SIZE"),
        "{err}"
    );
    let out = run_with(
        &["assess", "-", "--format", "json"],
        &[("KOMPAS_MAX_PROFILE_SIZE", "4MiB")],
        &big,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_fifo_in_the_kb_is_refused_without_blocking() {
    let dir = kb_copy();
    let fifo = dir.path().join("decisions/pipe.yaml");
    let c = std::ffi::CString::new(path(&fifo)).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let out = run(&["check", "--kb", path(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(
            "error[K0004]: `decisions/pipe.yaml` is a FIFO (named pipe), not a regular file"
        ),
        "{text}"
    );
}

#[test]
fn links_outside_the_kb_are_refused_and_their_target_never_shown() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("shadow.yaml");
    std::fs::write(&secret, "root: $6$the-secret-hash\nnot: [valid\n").unwrap();
    let dir = kb_copy();
    symlink(&secret, dir.path().join("zz-secret.yaml")).unwrap();
    symlink("/dev/zero", dir.path().join("zz-zero.yaml")).unwrap();
    symlink(outside.path(), dir.path().join("more")).unwrap();
    let out = run(&["check", "--kb", path(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for link in ["zz-secret.yaml", "zz-zero.yaml", "more"] {
        assert!(
            text.contains(&format!("error[K0004]: `{link}` is a symbolic link to a place outside the knowledge-base directory")),
            "{link}: {text}"
        );
    }
    assert!(
        !text.contains("the-secret-hash") && !stderr(&out).contains("the-secret-hash"),
        "{text}"
    );
}

#[test]
fn linked_subdirectories_and_the_configmap_layout_load() {
    let parent = tempfile::tempdir().unwrap();
    let cm = parent.path().join("kb");
    let data = "..2026_11_30_09_00_00.123456789";
    kompas_kb::builtin::write_to(&cm.join(data)).unwrap();
    symlink(data, cm.join("..data")).unwrap();
    for entry in std::fs::read_dir(cm.join(data)).unwrap() {
        let name = entry.unwrap().file_name();
        let name = name.to_str().unwrap();
        symlink(format!("..data/{name}"), cm.join(name)).unwrap();
    }
    let out = run(&["check", "--kb", path(&cm)]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let json = run(&["check", "--kb", path(&cm), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["errors"], 0);
    // The files are named by their visible paths, through the links.
    let builtin = run(&["check", "--format", "json"]);
    assert_eq!(
        json.stdout, builtin.stdout,
        "the same findings as the built-in KB"
    );
}

#[test]
fn a_profile_with_many_keys_is_refused_at_once_and_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("keys.yaml");
    let mut text = String::new();
    for i in 0..200_000 {
        text.push_str(&format!("k{i}: 1\n"));
    }
    std::fs::write(&profile, text).unwrap();
    let out = run_with(
        &["assess", path(&profile)],
        &[("KOMPAS_MAX_PROFILE_SIZE", "8MiB")],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the document expands to more than 50000 values"),
        "{err}"
    );
    assert!(err.len() < 1024, "{} bytes of error", err.len());

    // Below the YAML budget, the key limit answers.
    let mut text = String::new();
    for i in 0..5_000 {
        text.push_str(&format!("k{i}: 1\n"));
    }
    std::fs::write(&profile, text).unwrap();
    let out = run(&["assess", path(&profile)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the profile has 5000 keys"), "{err}");
    assert!(err.len() < 1024, "{} bytes of error", err.len());
}

#[test]
fn a_huge_value_is_not_echoed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("big.yaml");
    let value = "x".repeat(300_000);
    std::fs::write(
        &profile,
        format!("{{\"team_size\": \"{value}\", \"kubernetes_experience\": \"{value}\", \"{value}\": 1}}\n"),
    )
    .unwrap();
    let out = run(&["assess", path(&profile)]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.len() < 4096,
        "{} bytes of error:\n{}",
        err.len(),
        &err[..2000.min(err.len())]
    );
    assert!(err.contains("bytes"), "{err}");
}

#[test]
fn numbers_beyond_64_bits_are_too_large_not_fractions() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("large.yaml");
    std::fs::write(&profile, "team_size: 9223372036854775808\n").unwrap();
    let err = stderr(&run(&["assess", path(&profile)]));
    assert!(err.contains("9223372036854775808 is too large"), "{err}");
    assert!(!err.contains("not a whole number"), "{err}");
    std::fs::write(&profile, "team_size: -99999999999999999999999\n").unwrap();
    let err = stderr(&run(&["assess", path(&profile)]));
    assert!(err.contains("is too small"), "{err}");
    std::fs::write(&profile, "{\"team_size\": 1e300}\n").unwrap();
    let err = stderr(&run(&["assess", path(&profile)]));
    assert!(err.contains("is too large"), "{err}");
}

#[test]
fn a_custom_yaml_tag_is_an_error_with_its_location() {
    let dir = kb_copy();
    let kb_yaml = dir.path().join("kb.yaml");
    let text = std::fs::read_to_string(&kb_yaml).unwrap();
    std::fs::write(
        &kb_yaml,
        text.replacen("  id: webshop", "  id: !foo webshop", 1),
    )
    .unwrap();
    let out = run(&["check", "--kb", path(dir.path())]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("error[K0101]: YAML syntax error: the YAML tag `!foo` is not supported"),
        "{text}"
    );
    assert!(text.contains("--> kb.yaml:2:"), "{text}");
}

/// A KB whose 20 decisions each read the same 18 booleans: 2^18 profile
/// classes each, 20 times what the analysis may spend on one KB.
fn wide_kb() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../check/tests/fixtures/clean");
    let kb = std::fs::read_to_string(fixtures.join("kb.yaml")).unwrap();
    let inputs: String = (0..18)
        .map(|i| {
            format!(
                "  - {{id: b{i:02}, type: bool, group: org, question: B{i}?, default: false}}\n"
            )
        })
        .collect();
    std::fs::write(
        dir.path().join("kb.yaml"),
        kb.replacen("\nlayer0:", &format!("\n{inputs}\nlayer0:"), 1),
    )
    .unwrap();
    let decision = std::fs::read_to_string(fixtures.join("decision.yaml")).unwrap();
    let body = decision.split_once("decisions:\n").unwrap().1;
    let condition = format!(
        "{{all: [{}]}}",
        (0..18)
            .map(|i| format!("{{input: b{i:02}, equals: true}}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut all = String::from("decisions:\n");
    for n in 0..20 {
        all.push_str(
            &body
                .replace("id: pick\n", &format!("id: pick{n}\n"))
                .replace("pick.", &format!("pick{n}."))
                .replace("{input: size, gt: 10}", &condition),
        );
    }
    std::fs::write(dir.path().join("decision.yaml"), all).unwrap();
    dir
}

#[test]
fn a_kb_of_decisions_near_the_cap_is_checked_and_assessed_within_the_budget() {
    let dir = wide_kb();
    let out = run(&["check", "--kb", path(dir.path()), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let skipped: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "K0705")
        .collect();
    // 2^20 cells for the KB: four decisions of 2^18 are analysed, 16 are not.
    assert_eq!(skipped.len(), 16, "{report:#}");
    for d in &skipped {
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["data"]["reason"], "kb_budget");
        assert_eq!(d["data"]["profile_classes"], 262_144);
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let profile = elsewhere.path().join("p.yaml");
    std::fs::write(&profile, "b00: true\n").unwrap();
    let out = run(&[
        "assess",
        "--kb",
        path(dir.path()),
        path(&profile),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let assessment: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let with_flips = assessment["decisions"]
        .as_array()
        .unwrap()
        .iter()
        // The full view leaves out empty lists.
        .filter(|d| d["flips"].as_array().is_some_and(|f| !f.is_empty()))
        .count();
    assert_eq!(with_flips, 4, "flips only where a table was built");
}

#[test]
fn serve_takes_host_port_or_a_bare_port_and_explains_a_bad_one() {
    let out = run(&["serve", "--addr", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("e.g. 127.0.0.1:8080, localhost:8081, 0.0.0.0:8080 or just 8082"),
        "{err}"
    );

    for form in ["{port}", "localhost:{port}"] {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = form.replace("{port}", &port.to_string());
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("kompas"))
            .args(["serve", "--addr", &addr, "--log-format", "json"])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let served = loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
                || std::net::TcpStream::connect(("::1", port)).is_ok()
            {
                break true;
            }
            if started.elapsed() > TIMEOUT || child.try_wait().unwrap().is_some() {
                break false;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        assert!(served, "--addr {addr}: {}", stderr(&out));
    }
}

#[test]
fn a_busy_port_suggests_another_with_addr() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = run(&["serve", "--addr", &addr]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "cannot listen on {addr}: the port is already in use"
        )),
        "{err}"
    );
    assert!(
        err.contains("choose another with --addr, e.g. --addr 127.0.0.1:"),
        "{err}"
    );
}
