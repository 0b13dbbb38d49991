//! The files of a KB directory, read as one consistent snapshot.
//!
//! - **What is read**: every `*.yaml` / `*.yml` file below the directory, in
//!   path order. Names starting with `.` are skipped (editor files, Git, and
//!   the `..data` and `..2026_11_30_…` entries of a Kubernetes ConfigMap volume,
//!   whose visible files are links through `..data`).
//! - **Symbolic links** are followed only while they stay inside the KB
//!   directory (after resolving every link, the KB directory's own included):
//!   a ConfigMap's `cni.yaml -> ..data/cni.yaml` is read, `x.yaml -> /etc/shadow`
//!   is refused without being opened, so nothing outside is read or echoed.
//!   Linked subdirectories inside the KB are walked; a file reached by two
//!   paths is read once, under the first; a link back up is not walked twice.
//! - **Only regular files** are opened ([`crate::read`]); a FIFO or a device
//!   is refused by its type.
//! - **Consistent**: the directory is walked and every file's identity, size
//!   and times noted; after reading, it is walked again. If anything changed
//!   (a file rewritten while it was read, a ConfigMap's `..data` swapped), or
//!   a file was written less than [`QUIET`] ago, the snapshot is thrown away
//!   and read again once the writes have settled; files that never settle
//!   are refused (K0006).
//! - **Bounded**: [`Limits`] caps the size of each file and of the whole KB,
//!   the number of files and the depth.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::diag::{Diagnostic, Severity};
use crate::read::{self, Limits, ReadError, MAX_FILE_SIZE_ENV};
use crate::yaml::human_bytes;

/// How many times a snapshot is tried before the KB is refused as unsettled.
pub const SNAPSHOT_ATTEMPTS: u32 = 6;

/// The first wait before reading again; it doubles with each attempt.
pub const SETTLE: Duration = Duration::from_millis(25);

/// A snapshot is taken only when no file has been written for this long: a
/// writer that truncates a file and then writes it in chunks is not caught
/// in between.
pub const QUIET: Duration = Duration::from_millis(100);

/// A YAML file found in the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Path relative to the KB directory, with `/`, as the user sees it.
    rel: String,
    /// The file itself, every link resolved: what is opened.
    real: PathBuf,
}

/// What the walk found.
#[derive(Debug, Default)]
struct Walk {
    entries: Vec<Entry>,
    problems: Vec<Diagnostic>,
}

/// Identity, size and times of a file: if any differs, the file changed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64, i64, i64),
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec()),
        }
    }
}

/// The state of a KB directory: its YAML files and their stamps. Two equal
/// fingerprints mean nothing a load would read has changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fingerprint {
    files: Vec<(String, PathBuf, Option<Stamp>)>,
    problems: Vec<String>,
}

/// The fingerprint of the KB directory `dir` (cheap: a walk and a `stat` per file).
pub fn fingerprint(dir: &Path, limits: &Limits) -> Fingerprint {
    match walk(dir, limits) {
        Ok(walk) => Fingerprint {
            files: walk
                .entries
                .into_iter()
                .map(|e| {
                    let stamp = std::fs::metadata(&e.real).ok().map(|m| Stamp::of(&m));
                    (e.rel, e.real, stamp)
                })
                .collect(),
            problems: walk.problems.iter().map(|d| d.message.clone()).collect(),
        },
        Err(d) => Fingerprint {
            files: Vec::new(),
            problems: vec![d.message.clone()],
        },
    }
}

/// Reads the YAML files of `dir` as `(relative path, text)`, in path order, as
/// one consistent snapshot within `limits`. `Err` lists every file refused.
pub fn read_snapshot(
    dir: &Path,
    limits: &Limits,
) -> Result<Vec<(String, String)>, Vec<Diagnostic>> {
    let mut wait = SETTLE;
    for _ in 0..SNAPSHOT_ATTEMPTS {
        let walked = walk(dir, limits).map_err(|d| vec![*d])?;
        let (files, stamps, problems) = read_all(&walked, limits);
        let mut problems = [walked.problems, problems].concat();
        // Walk again: the same files, unchanged, or the snapshot is not one.
        let again = walk(dir, limits).map_err(|d| vec![*d])?;
        let unchanged = again.entries == walked.entries
            && walked.entries.iter().zip(&stamps).all(|(e, read)| {
                let now = std::fs::metadata(&e.real).ok().map(|m| Stamp::of(&m));
                read.is_none() || *read == now
            });
        // A file written a moment ago may be half-written (truncated, the rest
        // to come): read again once it has been quiet for a while.
        let youngest = stamps
            .iter()
            .flatten()
            .filter_map(|s| s.modified)
            .filter_map(|m| SystemTime::now().duration_since(m).ok())
            .min();
        let settled = youngest.is_none_or(|age| age >= QUIET);
        if unchanged && settled {
            if problems.is_empty() {
                return Ok(files);
            }
            problems.sort_by(|a, b| a.message.cmp(&b.message));
            return Err(problems);
        }
        let until_quiet = youngest.map_or(Duration::ZERO, |age| QUIET.saturating_sub(age));
        std::thread::sleep(wait.max(until_quiet));
        wait *= 2;
    }
    Err(vec![Diagnostic::new(
        "K0006",
        Severity::Error,
        format!(
            "the files of `{}` kept changing while they were read ({SNAPSHOT_ATTEMPTS} attempts)",
            dir.display()
        ),
    )
    .with_help(
        "load the knowledge base again once the writes are done",
    )])
}

type ReadAll = (Vec<(String, String)>, Vec<Option<Stamp>>, Vec<Diagnostic>);

/// Reads every entry; the stamp of each file as it was opened (`None` if refused).
fn read_all(walked: &Walk, limits: &Limits) -> ReadAll {
    let mut files = Vec::new();
    let mut stamps = Vec::new();
    let mut problems = Vec::new();
    let mut total = 0u64;
    for entry in &walked.entries {
        let rel = &entry.rel;
        match read::read_bytes(&entry.real, limits.max_file_bytes, MAX_FILE_SIZE_ENV) {
            Ok((bytes, meta)) => {
                stamps.push(Some(Stamp::of(&meta)));
                total += bytes.len() as u64;
                if total > limits.max_kb_bytes {
                    problems.push(limit_problem(format!(
                        "the knowledge base is larger than {} in all (at `{rel}`)",
                        human_bytes(limits.max_kb_bytes)
                    )));
                    break;
                }
                match read::into_text(bytes) {
                    Ok(text) => files.push((rel.clone(), text)),
                    Err(e) => problems.push(Diagnostic::new(
                        "K0002",
                        Severity::Error,
                        format!("`{rel}` {e}"),
                    )),
                }
            }
            Err(e) => {
                stamps.push(None);
                problems.push(match e {
                    ReadError::NotRegular(_) => {
                        Diagnostic::new("K0004", Severity::Error, format!("`{rel}` {e}"))
                            .with_help("remove it, or replace it with a YAML file")
                    }
                    ReadError::TooLarge { .. } => limit_problem(format!("`{rel}` {e}")),
                    ReadError::NotUtf8(_) => {
                        Diagnostic::new("K0002", Severity::Error, format!("`{rel}` {e}"))
                    }
                    ReadError::Io(_) => {
                        Diagnostic::new("K0001", Severity::Error, format!("`{rel}` {e}"))
                    }
                });
            }
        }
    }
    (files, stamps, problems)
}

fn limit_problem(message: String) -> Diagnostic {
    Diagnostic::new("K0005", Severity::Error, message)
        .with_help("split the knowledge base into smaller files, or raise the limit")
}

/// Lists the YAML files below `dir`; `Err` when `dir` itself cannot be read.
fn walk(dir: &Path, limits: &Limits) -> Result<Walk, Box<Diagnostic>> {
    let cannot = |e: &dyn std::fmt::Display| {
        Box::new(
            Diagnostic::new(
                "K0001",
                Severity::Error,
                format!(
                    "cannot read the knowledge-base directory `{}`: {e}",
                    dir.display()
                ),
            )
            .with_help("pass --kb with a directory that holds the KB's YAML files"),
        )
    };
    let root = std::fs::canonicalize(dir).map_err(|e| cannot(&e))?;
    if !std::fs::metadata(&root).map_err(|e| cannot(&e))?.is_dir() {
        return Err(cannot(&"it is not a directory"));
    }
    let mut walker = Walker {
        root: root.clone(),
        limits,
        walk: Walk::default(),
        dirs: HashSet::from([root.clone()]),
        files: HashSet::new(),
    };
    walker.dir(&root, "", 0);
    Ok(walker.walk)
}

struct Walker<'l> {
    root: PathBuf,
    limits: &'l Limits,
    walk: Walk,
    /// Directories walked (resolved), so a link back up is not walked again.
    dirs: HashSet<PathBuf>,
    /// Files found (resolved), so a file reached twice is read once.
    files: HashSet<PathBuf>,
}

impl Walker<'_> {
    fn dir(&mut self, dir: &Path, rel: &str, depth: usize) {
        let listing = match std::fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(e) => {
                self.problem("K0001", format!("cannot read the directory `{rel}`: {e}"));
                return;
            }
        };
        let mut entries: Vec<_> = listing.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let child_rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
            let path = entry.path();
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_symlink() {
                self.link(&path, &child_rel, yaml, depth);
            } else if file_type.is_dir() {
                self.subdir(path, &child_rel, depth);
            } else if yaml {
                self.file(path, child_rel);
            }
            if self.walk.entries.len() > self.limits.max_files {
                return;
            }
        }
    }

    fn link(&mut self, path: &Path, rel: &str, yaml: bool, depth: usize) {
        let real = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) => {
                if yaml {
                    self.problem(
                        "K0001",
                        format!("`{rel}` is a symbolic link that leads nowhere: {e}"),
                    );
                }
                return;
            }
        };
        let is_dir = std::fs::metadata(&real).is_ok_and(|m| m.is_dir());
        if !real.starts_with(&self.root) {
            if yaml || is_dir {
                self.walk.problems.push(
                    Diagnostic::new(
                        "K0004",
                        Severity::Error,
                        format!(
                            "`{rel}` is a symbolic link to a place outside the knowledge-base directory; it is not read"
                        ),
                    )
                    .with_help("only links that stay inside the KB directory are followed: copy the file in, or link to a place inside"),
                );
            }
            return;
        }
        if is_dir {
            self.subdir(real, rel, depth);
        } else if yaml {
            self.file(real, rel.to_owned());
        }
    }

    fn subdir(&mut self, real: PathBuf, rel: &str, depth: usize) {
        if depth + 1 > self.limits.max_depth {
            self.problem(
                "K0005",
                format!(
                    "`{rel}` is nested deeper than {} directories",
                    self.limits.max_depth
                ),
            );
            return;
        }
        if self.dirs.insert(real.clone()) {
            self.dir(&real, rel, depth + 1);
        }
    }

    fn file(&mut self, real: PathBuf, rel: String) {
        if !self.files.insert(real.clone()) {
            return;
        }
        if self.walk.entries.len() == self.limits.max_files {
            self.problem(
                "K0005",
                format!(
                    "the knowledge base has more than {} YAML files",
                    self.limits.max_files
                ),
            );
        }
        self.walk.entries.push(Entry { rel, real });
    }

    fn problem(&mut self, code: &'static str, message: String) {
        self.walk
            .problems
            .push(Diagnostic::new(code, Severity::Error, message));
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(files: &[(String, String)]) -> Vec<&str> {
        files.iter().map(|(p, _)| p.as_str()).collect()
    }

    #[test]
    fn reads_yaml_files_in_path_order_and_skips_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("b.yaml"), "b: 1\n").unwrap();
        std::fs::write(d.join("a.yml"), "a: 1\n").unwrap();
        std::fs::write(d.join("sub/c.yaml"), "c: 1\n").unwrap();
        std::fs::write(d.join(".hidden.yaml"), "h: 1\n").unwrap();
        std::fs::write(d.join("notes.md"), "# no\n").unwrap();
        let files = read_snapshot(d, &Limits::default()).unwrap();
        assert_eq!(names(&files), ["a.yml", "b.yaml", "sub/c.yaml"]);
    }

    #[test]
    fn the_kubelet_configmap_layout_is_read_through_its_links() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let stamp = "..2026_11_30_08_56_00.123456789";
        std::fs::create_dir(d.join(stamp)).unwrap();
        std::fs::write(d.join(stamp).join("kb.yaml"), "k: 1\n").unwrap();
        symlink(stamp, d.join("..data")).unwrap();
        symlink("..data/kb.yaml", d.join("kb.yaml")).unwrap();
        let files = read_snapshot(d, &Limits::default()).unwrap();
        assert_eq!(files, [("kb.yaml".to_owned(), "k: 1\n".to_owned())]);
    }

    #[test]
    fn links_outside_are_refused_and_never_read() {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.yaml");
        std::fs::write(&secret, "root:$6$very-secret-hash\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        symlink(&secret, dir.path().join("x.yaml")).unwrap();
        symlink(outside.path(), dir.path().join("more")).unwrap();
        let problems = read_snapshot(dir.path(), &Limits::default()).unwrap_err();
        let text: Vec<String> = problems.iter().map(Diagnostic::render).collect();
        assert_eq!(problems.len(), 2, "{text:?}");
        assert!(problems.iter().all(|p| p.code == "K0004"), "{text:?}");
        assert!(
            text[1].contains("`x.yaml` is a symbolic link to a place outside"),
            "{text:?}"
        );
        assert!(!text.concat().contains("very-secret"), "{text:?}");
    }

    #[test]
    fn linked_subdirectories_inside_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("real")).unwrap();
        std::fs::write(d.join("real/a.yaml"), "a: 1\n").unwrap();
        symlink("real", d.join("alias")).unwrap();
        symlink("..", d.join("real/up")).unwrap();
        std::fs::create_dir(d.join(".v2")).unwrap();
        std::fs::write(d.join(".v2/b.yaml"), "b: 1\n").unwrap();
        symlink(".v2", d.join("current")).unwrap();
        let files = read_snapshot(d, &Limits::default()).unwrap();
        assert_eq!(names(&files), ["alias/a.yaml", "current/b.yaml"]);
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("kb.yaml"), "k: 1\n").unwrap();
        let fifo = dir.path().join("pipe.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let problems = read_snapshot(dir.path(), &Limits::default()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "K0004");
        assert!(
            problems[0].message.contains("`pipe.yaml` is a FIFO"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn limits_on_size_count_and_depth_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("big.yaml"), "x".repeat(3000)).unwrap();
        std::fs::create_dir_all(d.join("a/b/c")).unwrap();
        std::fs::write(d.join("a/b/c/deep.yaml"), "d: 1\n").unwrap();
        let limits = Limits {
            max_file_bytes: 2048,
            max_depth: 2,
            ..Limits::default()
        };
        let problems = read_snapshot(d, &limits).unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(problems.iter().all(|p| p.code == "K0005"), "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`a/b/c` is nested deeper than 2")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`big.yaml` is larger than the limit of 2 KiB")),
            "{messages:?}"
        );
        let few = Limits {
            max_files: 1,
            ..Limits::default()
        };
        let problems = read_snapshot(d, &few).unwrap_err();
        assert!(
            problems[0].message.contains("more than 1 YAML files"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_file_rewritten_all_the_time_is_never_read_half_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kb.yaml");
        let full = |n: u32| format!("k: {}\n", n.to_string().repeat(20_000));
        std::fs::write(&path, full(1)).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = {
            let (path, stop) = (path.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut n = 2;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    // Truncate, then write in two halves: never atomic.
                    let text = full(n % 9 + 1);
                    let mut f = std::fs::File::create(&path).unwrap();
                    std::io::Write::write_all(&mut f, &text.as_bytes()[..text.len() / 2]).unwrap();
                    std::thread::sleep(Duration::from_millis(2));
                    std::io::Write::write_all(&mut f, &text.as_bytes()[text.len() / 2..]).unwrap();
                    drop(f);
                    std::thread::sleep(Duration::from_millis(5));
                    n += 1;
                }
            })
        };
        std::thread::sleep(Duration::from_millis(20));
        let during = read_snapshot(dir.path(), &Limits::default());
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        writer.join().unwrap();
        match during {
            Err(problems) => assert_eq!(problems[0].code, "K0006", "{problems:?}"),
            Ok(files) => panic!("read while being written: {} bytes", files[0].1.len()),
        }
        let after = read_snapshot(dir.path(), &Limits::default()).unwrap();
        let text = &after[0].1;
        assert_eq!(text.len(), full(1).len());
        let digits: std::collections::HashSet<char> = text[3..text.len() - 1].chars().collect();
        assert_eq!(digits.len(), 1, "one version, whole");
    }

    #[test]
    fn fingerprints_change_when_a_configmap_swaps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for (stamp, text) in [("..v1", "k: 1\n"), ("..v2", "k: 2\n")] {
            std::fs::create_dir(d.join(stamp)).unwrap();
            std::fs::write(d.join(stamp).join("kb.yaml"), text).unwrap();
        }
        symlink("..v1", d.join("..data")).unwrap();
        symlink("..data/kb.yaml", d.join("kb.yaml")).unwrap();
        let before = fingerprint(d, &Limits::default());
        assert_eq!(before, fingerprint(d, &Limits::default()));
        symlink("..v2", d.join("..data_tmp")).unwrap();
        std::fs::rename(d.join("..data_tmp"), d.join("..data")).unwrap();
        assert_ne!(before, fingerprint(d, &Limits::default()));
    }
}
