//! Every diagnostic code the loader, the compiler or the checker can emit is
//! documented in docs/diagnostics.md, and the table lists no code that none emits.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn codes_in(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut out = BTreeSet::new();
    for (i, w) in bytes.windows(7).enumerate() {
        let quoted =
            w[0] == b'"' && w[1] == b'K' && w[2..6].iter().all(u8::is_ascii_digit) && w[6] == b'"';
        if quoted {
            out.insert(text[i + 1..i + 6].to_owned());
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_code_is_documented() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for krate in ["kb", "logic", "check"] {
        rust_files(&root.join("crates").join(krate).join("src"), &mut files);
    }
    let emitted: BTreeSet<String> = files
        .iter()
        .flat_map(|f| codes_in(&std::fs::read_to_string(f).expect("readable")))
        .collect();
    let doc =
        std::fs::read_to_string(root.join("docs/diagnostics.md")).expect("docs/diagnostics.md");
    let documented: BTreeSet<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| K"))
        .map(|rest| format!("K{}", &rest[..4]))
        .collect();
    let missing: Vec<_> = emitted.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "codes without a row in docs/diagnostics.md: {missing:?}"
    );
    let stale: Vec<_> = documented.difference(&emitted).collect();
    assert!(
        stale.is_empty(),
        "documented codes that nothing emits: {stale:?}"
    );
}
