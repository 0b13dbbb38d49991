//! Loading: a directory (or the embedded built-in set) of YAML files -> [`Kb`].
//!
//! Each file is parsed to a JSON value with a source map ([`crate::yaml`]), then
//! deserialised into [`KbFile`] with `serde_path_to_error`, so a type error or
//! an unknown key is reported at its `file:line:col`. Every list item gets its
//! [`Origin`]. Files are read in path order, so a KB loads the same way on every
//! machine. A KB with any load error is refused whole.

use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::diag::{location, suggest, Diagnostic, Location, Severity};
use crate::model::*;
use crate::read::Limits;
use crate::yaml::{self, SourceMap};
use crate::Kb;

/// One file of a loaded KB: its path, its text and where its nodes are.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the KB directory, with `/` separators.
    pub path: String,
    /// The text as read.
    pub text: String,
    /// Positions of keys and values.
    pub map: SourceMap,
}

/// Why a KB could not be loaded: every problem found, each with its location.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the knowledge base could not be loaded ({} problem(s))", .diagnostics.len())]
pub struct LoadError {
    /// The problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads a KB from a directory: every `*.yaml` / `*.yml` file below it, read
/// as one consistent snapshot within the limits of [`Limits::from_env`]
/// (see [`crate::tree`] for which files and links are read).
pub fn load_dir(dir: &Path) -> Result<Kb, LoadError> {
    match Limits::from_env() {
        Ok(limits) => load_dir_with(dir, &limits),
        Err(e) => Err(LoadError {
            diagnostics: vec![Diagnostic::new("K0005", Severity::Error, e)],
        }),
    }
}

/// [`load_dir`] within explicit limits.
pub fn load_dir_with(dir: &Path, limits: &Limits) -> Result<Kb, LoadError> {
    let sources =
        crate::tree::read_snapshot(dir, limits).map_err(|diagnostics| LoadError { diagnostics })?;
    if sources.is_empty() {
        return Err(LoadError {
            diagnostics: vec![Diagnostic::new(
                "K0003",
                Severity::Error,
                format!("`{}` holds no .yaml or .yml files", dir.display()),
            )
            .with_help("write a starting point with `kompas kb init DIR`")],
        });
    }
    load_sources(sources)
}

/// Loads a KB from `(relative path, text)` pairs, in the order given.
pub fn load_sources(sources: Vec<(String, String)>) -> Result<Kb, LoadError> {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let mut parsed = Vec::new();
    let mut hasher = Sha256::new();

    for (index, (path, text)) in sources.into_iter().enumerate() {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
        match yaml::parse(&text) {
            Ok((value, map)) => {
                let file = SourceFile { path, text, map };
                match deserialize_file(&file, value) {
                    Ok(mut kb_file) => {
                        set_origins(&mut kb_file, index);
                        parsed.push(kb_file);
                    }
                    Err(d) => diagnostics.push(*d),
                }
                files.push(file);
            }
            Err(e) => {
                let loc = location(&path, &text, "", e.pos);
                diagnostics.push(
                    Diagnostic::new(
                        "K0101",
                        Severity::Error,
                        format!("YAML syntax error: {}", e.message),
                    )
                    .at(Some(loc)),
                );
                files.push(SourceFile {
                    path,
                    text,
                    map: SourceMap::default(),
                });
            }
        }
    }
    if !diagnostics.is_empty() {
        return Err(LoadError { diagnostics });
    }

    let mut kb = Kb {
        meta: KbMeta::default(),
        files,
        digest: format!("sha256:{:x}", hasher.finalize()),
        input_groups: Vec::new(),
        inputs: Vec::new(),
        derived: Vec::new(),
        layer0: Vec::new(),
        decisions: Vec::new(),
        areas: Vec::new(),
        tradeoffs: Vec::new(),
        open_questions: Vec::new(),
        capabilities: Vec::new(),
        tools: Vec::new(),
        guidance: Vec::new(),
        consistency: Vec::new(),
    };
    let mut metas = Vec::new();
    for f in parsed {
        if let Some(meta) = f.kb {
            metas.push(meta);
        }
        kb.input_groups.extend(f.input_groups);
        kb.inputs.extend(f.inputs);
        kb.derived.extend(f.derived);
        kb.layer0.extend(f.layer0);
        kb.decisions.extend(f.decisions);
        kb.areas.extend(f.areas);
        kb.tradeoffs.extend(f.tradeoffs);
        kb.open_questions.extend(f.open_questions);
        kb.capabilities.extend(f.capabilities);
        kb.tools.extend(f.tools);
        kb.guidance.extend(f.guidance);
        kb.consistency.extend(f.consistency);
    }
    match metas.len() {
        1 => kb.meta = metas.pop().expect("one element"),
        0 => diagnostics.push(
            Diagnostic::new(
                "K0103",
                Severity::Error,
                "no file has a `kb:` section with the KB's id, version and title",
            )
            .with_help(
                "add `kb: {id: my-platform, version: \"1\", title: My platform}` to one file",
            ),
        ),
        _ => {
            for m in &metas[1..] {
                diagnostics.push(
                    Diagnostic::new(
                        "K0104",
                        Severity::Error,
                        format!(
                            "a second `kb:` section (id `{}`); the first is in {}",
                            m.id, kb.files[metas[0].origin.file].path
                        ),
                    )
                    .at(kb.locate(&m.origin)),
                );
            }
        }
    }
    if diagnostics.is_empty() {
        Ok(kb)
    } else {
        Err(LoadError { diagnostics })
    }
}

/// Deserialises one file's value, turning a serde error into a located diagnostic.
fn deserialize_file(file: &SourceFile, value: Value) -> Result<KbFile, Box<Diagnostic>> {
    if !value.is_object() {
        let pos = file.map.value_pos("").unwrap_or_default();
        return Err(Box::new(
            Diagnostic::new(
                "K0102",
                Severity::Error,
                format!(
                    "a knowledge-base file must be a mapping of sections (kb, inputs, decisions, ...); found {}",
                    kind_of(&value)
                ),
            )
            .at(Some(location(&file.path, &file.text, "", pos))),
        ));
    }
    serde_path_to_error::deserialize::<_, KbFile>(value).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let inner = err.inner().to_string();
        Box::new(schema_diagnostic(file, &pointer, &inner))
    })
}

/// Turns a serde message into a diagnostic with location and "did you mean".
fn schema_diagnostic(file: &SourceFile, pointer: &str, message: &str) -> Diagnostic {
    let at = |p: &str, key: bool| {
        let pos = if key {
            file.map.key_pos(p)
        } else {
            file.map.value_pos(p)
        };
        pos.map(|pos| location(&file.path, &file.text, p, pos))
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates = backticked(expected);
        let parent = pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
        let key_ptr = format!("{parent}/{}", yaml::escape(field));
        let mut d = Diagnostic::new(
            "K0201",
            Severity::Error,
            format!(
                "unknown key `{field}` at {}; expected one of: {}",
                display_pointer(parent),
                candidates.join(", ")
            ),
        )
        .at(at(&key_ptr, true));
        if let Some(s) = suggest(field, candidates.iter().copied()) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        return d;
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::new(
            "K0202",
            Severity::Error,
            format!("missing key `{field}` at {}", display_pointer(pointer)),
        )
        .at(at(pointer, false))
        .with_help(format!("add `{field}:` to this mapping"));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (given, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates = backticked(expected);
        let mut d = Diagnostic::new(
            "K0203",
            Severity::Error,
            format!(
                "`{given}` is not allowed at {}; expected one of: {}",
                display_pointer(pointer),
                candidates.join(", ")
            ),
        )
        .at(at(pointer, false));
        if let Some(s) = suggest(given, candidates.iter().copied()) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        return d;
    }
    Diagnostic::new(
        "K0204",
        Severity::Error,
        format!("wrong value at {}: {message}", display_pointer(pointer)),
    )
    .at(at(pointer, false))
}

/// The names serde lists in backticks: "expected one of `a`, `b`" -> [a, b].
fn backticked(expected: &str) -> Vec<&str> {
    expected
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s)
        .collect()
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", yaml::escape(key))),
            Segment::Enum { variant } => out.push_str(&format!("/{}", yaml::escape(variant))),
            Segment::Unknown => {}
        }
    }
    out
}

/// A pointer as people read it: `decisions[0].rules[2]`, or `the top level`.
pub fn display_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the top level".into();
    }
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg.bytes().all(|b| b.is_ascii_digit()) && !seg.is_empty() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn set_origins(f: &mut KbFile, file: usize) {
    let root = Origin {
        file,
        pointer: String::new(),
    };
    if let Some(meta) = &mut f.kb {
        meta.origin = root.child("kb");
    }
    fn each<T>(items: &mut [T], base: Origin, mut set: impl FnMut(&mut T, Origin)) {
        for (i, item) in items.iter_mut().enumerate() {
            set(item, base.child(i));
        }
    }
    each(&mut f.input_groups, root.child("input_groups"), |x, o| {
        x.origin = o
    });
    each(&mut f.inputs, root.child("inputs"), |x, o| x.origin = o);
    each(&mut f.derived, root.child("derived"), |x, o| {
        each(&mut x.cases, o.child("cases"), |c, o| c.origin = o);
        x.origin = o;
    });
    each(&mut f.layer0, root.child("layer0"), |x, o| x.origin = o);
    each(&mut f.decisions, root.child("decisions"), |d, o| {
        each(&mut d.options, o.child("options"), |x, o| x.origin = o);
        each(&mut d.rules, o.child("rules"), |x, o| x.origin = o);
        d.origin = o;
    });
    each(&mut f.areas, root.child("areas"), |x, o| x.origin = o);
    each(&mut f.tradeoffs, root.child("tradeoffs"), |x, o| {
        x.origin = o
    });
    each(
        &mut f.open_questions,
        root.child("open_questions"),
        |x, o| x.origin = o,
    );
    each(&mut f.capabilities, root.child("capabilities"), |c, o| {
        each(&mut c.triggers, o.child("triggers"), |x, o| x.origin = o);
        each(&mut c.skip_if, o.child("skip_if"), |x, o| x.origin = o);
        each(&mut c.now_if, o.child("now_if"), |x, o| x.origin = o);
        each(&mut c.later_if, o.child("later_if"), |x, o| x.origin = o);
        each(&mut c.tools, o.child("tools"), |x, o| x.origin = o);
        c.origin = o;
    });
    each(&mut f.tools, root.child("tools"), |x, o| x.origin = o);
    each(&mut f.guidance, root.child("guidance"), |g, o| {
        each(&mut g.items, o.child("items"), |x, o| x.origin = o);
        g.origin = o;
    });
    each(&mut f.consistency, root.child("consistency"), |x, o| {
        x.origin = o
    });
}

impl Kb {
    /// The `file:line:col` of a model node (or of a child pointer below it).
    pub fn locate(&self, origin: &Origin) -> Option<Location> {
        let file = self.files.get(origin.file)?;
        let pos = file.map.value_pos(&origin.pointer)?;
        Some(location(&file.path, &file.text, &origin.pointer, pos))
    }

    /// Like [`Kb::locate`], but points at the key of the node rather than its value.
    pub fn locate_key(&self, origin: &Origin) -> Option<Location> {
        let file = self.files.get(origin.file)?;
        let pos = file.map.key_pos(&origin.pointer)?;
        Some(location(&file.path, &file.text, &origin.pointer, pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(files: &[(&str, &str)]) -> Result<Kb, LoadError> {
        load_sources(
            files
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect(),
        )
    }

    const META: &str = "kb: {id: t, version: '1', title: T}\n";

    #[test]
    fn unknown_key_is_located_with_did_you_mean() {
        let text = "inputs:\n  - id: a\n    type: bool\n    qestion: A?\n    default: false\n";
        let err = load(&[("a.yaml", META), ("b.yaml", text)]).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.code, "K0201");
        let loc = d.location.as_ref().unwrap();
        assert_eq!((loc.file.as_str(), loc.line, loc.col), ("b.yaml", 4, 5));
        assert_eq!(d.help.as_deref(), Some("did you mean `question`?"));
    }

    #[test]
    fn wrong_enum_value_names_the_allowed_ones() {
        let text = "inputs:\n  - id: a\n    type: boolean\n    question: A?\n    default: false\n";
        let err = load(&[("a.yaml", META), ("b.yaml", text)]).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.code, "K0203");
        assert!(d.message.contains("`boolean`"), "{}", d.message);
        assert!(d.message.contains("bool"), "{}", d.message);
        assert_eq!(d.location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn a_text_with_an_unknown_language_is_an_error() {
        let text =
            "input_groups:\n  - id: g\n    title:\n      Note: the colon makes this a mapping\n";
        let err = load(&[("a.yaml", META), ("b.yaml", text)]).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.code, "K0204");
        assert!(
            d.message.contains("`Note` is not a language code"),
            "{}",
            d.message
        );
        assert_eq!(d.location.as_ref().unwrap().line, 4);
    }

    #[test]
    fn missing_meta_and_syntax_errors_are_reported() {
        let err = load(&[("a.yaml", "inputs: []\n")]).unwrap_err();
        assert_eq!(err.diagnostics[0].code, "K0103");
        let err = load(&[("a.yaml", "inputs: [\n")]).unwrap_err();
        assert_eq!(err.diagnostics[0].code, "K0101");
    }

    #[test]
    fn origins_point_at_items() {
        let text = "decisions:\n  - id: d\n    title: D\n    question: Q?\n    options:\n      - id: a\n        title: A\n        rationale: r\n    rules:\n      - id: d.default\n        choose: a\n        default: true\n        because: b\n";
        let kb = load(&[("a.yaml", META), ("d.yaml", text)]).unwrap();
        let rule = &kb.decisions[0].rules[0];
        let loc = kb.locate(&rule.origin).unwrap();
        assert_eq!((loc.file.as_str(), loc.line), ("d.yaml", 10));
        assert_eq!(
            display_pointer("/decisions/0/rules/2"),
            "decisions[0].rules[2]"
        );
    }
}
