//! The Git commit of a directory that lies in a Git checkout, read from the
//! files under `.git` (no `git` program, no library): `HEAD`, loose refs and
//! `packed-refs`, in plain checkouts and in linked worktrees (`.git` is then a
//! file naming the worktree's git directory, whose `commondir` holds the refs).
//!
//! Uncommitted changes are not detected: the KB digest covers the content
//! itself, the commit says where to find it.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::model::GitRevision;

/// Files larger than this are not read (a `HEAD` or a loose ref is one line).
const MAX_SMALL_FILE: u64 = 64 * 1024;
/// How many levels above the KB directory to look for `.git`.
const MAX_DEPTH: usize = 64;

/// The commit `dir` is checked out at, if it lies in a Git checkout whose
/// `HEAD` resolves to a commit. Any unreadable or odd file gives `None`.
pub fn revision_of(dir: &Path) -> Option<GitRevision> {
    let dir = fs::canonicalize(dir).ok()?;
    let (top, git_dir) = find_git_dir(&dir)?;
    let common = common_dir(&git_dir);
    let head = read_small(&git_dir.join("HEAD"))?;
    let head = head.trim();
    let (commit, branch) = match head.strip_prefix("ref:") {
        Some(reference) => {
            let reference = reference.trim();
            let commit = resolve(&git_dir, &common, reference)?;
            let branch = reference
                .strip_prefix("refs/heads/")
                .map(str::to_owned)
                .or_else(|| Some(reference.to_owned()));
            (commit, branch)
        }
        None if is_object_id(head) => (head.to_ascii_lowercase(), None),
        None => return None,
    };
    let path = dir
        .strip_prefix(&top)
        .ok()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".to_owned());
    Some(GitRevision {
        commit,
        branch,
        path,
    })
}

/// The top of the checkout and its git directory, looking upwards from `dir`.
fn find_git_dir(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    for top in dir.ancestors().take(MAX_DEPTH) {
        let dot_git = top.join(".git");
        let Ok(meta) = fs::metadata(&dot_git) else {
            continue;
        };
        if meta.is_dir() {
            return Some((top.to_path_buf(), dot_git));
        }
        if meta.is_file() {
            // A linked worktree or a submodule: `gitdir: PATH`.
            let text = read_small(&dot_git)?;
            let target = text.trim().strip_prefix("gitdir:")?.trim();
            let target = Path::new(target);
            let git_dir = if target.is_absolute() {
                target.to_path_buf()
            } else {
                top.join(target)
            };
            return Some((top.to_path_buf(), git_dir));
        }
    }
    None
}

/// The directory that holds the shared refs: `commondir` of a worktree, or the git dir itself.
fn common_dir(git_dir: &Path) -> PathBuf {
    match read_small(&git_dir.join("commondir")) {
        Some(text) => {
            let target = Path::new(text.trim());
            if target.is_absolute() {
                target.to_path_buf()
            } else {
                git_dir.join(target)
            }
        }
        None => git_dir.to_path_buf(),
    }
}

/// Resolves a ref such as `refs/heads/main` to a commit id (following symbolic refs a few times).
fn resolve(git_dir: &Path, common: &Path, reference: &str) -> Option<String> {
    let mut reference = reference.to_owned();
    for _ in 0..5 {
        if !is_safe_ref(&reference) {
            return None;
        }
        let loose = [git_dir.join(&reference), common.join(&reference)]
            .into_iter()
            .find_map(|p| read_small(&p));
        match loose {
            Some(text) => {
                let text = text.trim();
                if let Some(next) = text.strip_prefix("ref:") {
                    reference = next.trim().to_owned();
                    continue;
                }
                return is_object_id(text).then(|| text.to_ascii_lowercase());
            }
            None => return packed_ref(common, &reference),
        }
    }
    None
}

/// Looks a ref up in `packed-refs` (`<id> <ref>` lines; `#` and `^` lines skipped).
fn packed_ref(common: &Path, reference: &str) -> Option<String> {
    let file = fs::File::open(common.join("packed-refs")).ok()?;
    for line in BufReader::new(file).lines().take(1_000_000) {
        let line = line.ok()?;
        if line.starts_with('#') || line.starts_with('^') {
            continue;
        }
        if let Some((id, name)) = line.split_once(' ') {
            if name.trim() == reference && is_object_id(id) {
                return Some(id.to_ascii_lowercase());
            }
        }
    }
    None
}

/// A ref path stays inside the git directory.
fn is_safe_ref(reference: &str) -> bool {
    reference.starts_with("refs/")
        && !reference
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
}

/// A SHA-1 (40) or SHA-256 (64) object id in hex.
fn is_object_id(text: &str) -> bool {
    (text.len() == 40 || text.len() == 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

fn read_small(path: &Path) -> Option<String> {
    let file = fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    file.take(MAX_SMALL_FILE).read_to_string(&mut text).ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const C1: &str = "0123456789abcdef0123456789abcdef01234567";
    const C2: &str = "89abcdef0123456789abcdef0123456789abcdef";

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn a_branch_with_a_loose_ref() {
        let repo = tempfile::tempdir().unwrap();
        write(&repo.path().join(".git/HEAD"), "ref: refs/heads/main\n");
        write(
            &repo.path().join(".git/refs/heads/main"),
            &format!("{C1}\n"),
        );
        let kb = repo.path().join("kb/webshop");
        fs::create_dir_all(&kb).unwrap();
        let rev = revision_of(&kb).unwrap();
        assert_eq!(rev.commit, C1);
        assert_eq!(rev.branch.as_deref(), Some("main"));
        assert_eq!(rev.path, "kb/webshop");
        assert_eq!(revision_of(repo.path()).unwrap().path, ".");
    }

    #[test]
    fn a_branch_in_packed_refs_and_a_detached_head() {
        let repo = tempfile::tempdir().unwrap();
        write(
            &repo.path().join(".git/HEAD"),
            "ref: refs/heads/release/1.0\n",
        );
        write(
            &repo.path().join(".git/packed-refs"),
            &format!("# pack-refs with: peeled fully-peeled sorted\n{C2} refs/heads/main\n{C1} refs/heads/release/1.0\n^{C2}\n"),
        );
        let rev = revision_of(repo.path()).unwrap();
        assert_eq!(rev.commit, C1);
        assert_eq!(rev.branch.as_deref(), Some("release/1.0"));

        write(
            &repo.path().join(".git/HEAD"),
            &format!("{}\n", C2.to_uppercase()),
        );
        let rev = revision_of(repo.path()).unwrap();
        assert_eq!((rev.commit.as_str(), rev.branch), (C2, None));
    }

    #[test]
    fn a_linked_worktree_reads_refs_from_the_common_dir() {
        let main = tempfile::tempdir().unwrap();
        let git = main.path().join(".git");
        write(&git.join("refs/heads/feature"), &format!("{C2}\n"));
        write(&git.join("worktrees/wt/HEAD"), "ref: refs/heads/feature\n");
        write(&git.join("worktrees/wt/commondir"), "../..\n");
        let wt = tempfile::tempdir().unwrap();
        write(
            &wt.path().join(".git"),
            &format!("gitdir: {}\n", git.join("worktrees/wt").display()),
        );
        let rev = revision_of(wt.path()).unwrap();
        assert_eq!(rev.commit, C2);
        assert_eq!(rev.branch.as_deref(), Some("feature"));
    }

    #[test]
    fn odd_or_missing_files_give_none() {
        let repo = tempfile::tempdir().unwrap();
        assert_eq!(revision_of(&repo.path().join("missing")), None);
        write(&repo.path().join(".git/HEAD"), "ref: refs/heads/main\n");
        assert_eq!(revision_of(repo.path()), None, "unborn branch");
        write(
            &repo.path().join(".git/HEAD"),
            "ref: refs/../../etc/passwd\n",
        );
        assert_eq!(revision_of(repo.path()), None);
        write(&repo.path().join(".git/HEAD"), "garbage\n");
        assert_eq!(revision_of(repo.path()), None);
    }

    #[test]
    fn this_repository_resolves_when_it_is_a_checkout() {
        // The source tree is normally a Git checkout; when it is not (a
        // tarball), there is nothing to compare against.
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        if let Some(rev) = revision_of(here) {
            assert!(is_object_id(&rev.commit));
            assert!(rev.path.ends_with("crates/record"), "{}", rev.path);
        }
    }
}
