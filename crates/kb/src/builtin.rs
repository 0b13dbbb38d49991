//! The built-in knowledge base (the webshop case), embedded in the binary.
//!
//! The files live in `kb/webshop/` at the repository root: data, reviewed like
//! code, never compiled into logic. `kompas kb init DIR` writes them out.

use std::path::Path;

use include_dir::{include_dir, Dir};

use crate::{load_sources, Kb, LoadError};

static WEBSHOP: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../kb/webshop");

/// The built-in KB's files as `(relative path, text)`, sorted by path.
pub fn files() -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(&WEBSHOP, &mut out);
    out.sort();
    out
}

fn collect(dir: &Dir<'static>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if (path.ends_with(".yaml") || path.ends_with(".yml"))
            && !path.rsplit('/').next().unwrap_or("").starts_with('.')
        {
            if let Some(text) = file.contents_utf8() {
                out.push((path, text.to_owned()));
            }
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

/// Loads the built-in KB.
pub fn load() -> Result<Kb, LoadError> {
    load_sources(files())
}

/// Writes the built-in KB's files below `dir` (created if missing). Refuses to
/// overwrite an existing file, so no one's edits are lost.
pub fn write_to(dir: &Path) -> std::io::Result<Vec<String>> {
    let files = files();
    for (path, _) in &files {
        let target = dir.join(path);
        if target.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "{} already exists; choose an empty directory",
                    target.display()
                ),
            ));
        }
    }
    let mut written = Vec::new();
    for (path, text) in files {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, text)?;
        written.push(path);
    }
    Ok(written)
}
