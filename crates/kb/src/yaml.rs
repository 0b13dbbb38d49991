//! YAML text -> JSON value plus a source map (JSON pointer -> line:col).
//!
//! serde deserialisers for YAML forget where a value stood; kompas needs that
//! position for every message. So the YAML event stream of `saphyr-parser`
//! (a maintained YAML 1.2 parser that reports a span for every event) is folded
//! into a `serde_json::Value` here, recording the position of every key and
//! value under its JSON pointer. The typed model is then deserialised from the
//! value, and any error path maps back to a position through the [`SourceMap`].
//!
//! Scalars follow the YAML 1.2 core schema (so `no` stays a string, unlike
//! YAML 1.1). Duplicate keys, non-scalar keys, several documents in one file,
//! custom tags (`!foo`) and nesting deeper than [`MAX_DEPTH`] are errors, never
//! silent.
//!
//! The text is untrusted: aliases (`*name`) copy the node they name, so a few
//! hundred bytes of nested aliases can stand for billions of values. Every
//! node, the copies an alias makes included, is counted against [`Limits`]
//! *before* it is built, so a document that would expand past the budget is
//! refused at the alias that crosses it, in time and memory proportional to
//! the budget.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};
use serde_json::{Map, Number, Value};

/// Deepest nesting accepted; deeper input is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 64;

/// How much one YAML document may expand to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Values (scalars, lists, mappings, keys), counting each copy an alias makes.
    pub max_nodes: usize,
    /// Bytes of scalar text (keys included), counting each copy an alias makes.
    pub max_bytes: usize,
    /// Nesting depth, through aliases too (at most [`MAX_DEPTH`]).
    pub max_depth: usize,
}

impl Limits {
    /// The budget of one knowledge-base file: the largest built-in file holds
    /// about 7,000 values; this allows some 30 times more.
    pub const KB_FILE: Limits = Limits {
        max_nodes: 250_000,
        max_bytes: 16 << 20,
        max_depth: MAX_DEPTH,
    };
    /// The budget of one profile: a mapping of some dozens of answers.
    pub const PROFILE: Limits = Limits {
        max_nodes: 50_000,
        max_bytes: 4 << 20,
        max_depth: MAX_DEPTH,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::KB_FILE
    }
}

/// A position in a text file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl Pos {
    fn from_span(span: &Span) -> Pos {
        Pos {
            line: span.start.line(),
            col: span.start.col() + 1,
        }
    }
}

/// Positions of the keys and values of one file, by JSON pointer.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
}

impl SourceMap {
    /// Position of the value at `pointer`, or of its nearest ancestor that has one.
    pub fn value_pos(&self, pointer: &str) -> Option<Pos> {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.values.get(p) {
                return Some(*pos);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return self.values.get("").copied(),
            }
        }
    }

    /// Position of the key whose value is at `pointer` (falls back to the value).
    pub fn key_pos(&self, pointer: &str) -> Option<Pos> {
        self.keys
            .get(pointer)
            .copied()
            .or_else(|| self.value_pos(pointer))
    }
}

/// A YAML syntax or structure error, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, in words.
    pub message: String,
    /// Where.
    pub pos: Pos,
}

impl YamlError {
    fn at(pos: Pos, message: impl Into<String>) -> YamlError {
        YamlError {
            message: message.into(),
            pos,
        }
    }
}

/// What a node costs against the [`Limits`]: what an alias to it adds again.
#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    nodes: usize,
    bytes: usize,
    /// Levels of nesting inside the node (a scalar is 0).
    height: usize,
}

enum Frame {
    Seq {
        items: Vec<Value>,
        pointer: String,
        anchor: usize,
        spent_at_start: Cost,
        height: usize,
    },
    Map {
        map: Map<String, Value>,
        pointer: String,
        anchor: usize,
        key: Option<(String, Pos)>,
        spent_at_start: Cost,
        height: usize,
    },
}

impl Frame {
    fn note_child_height(&mut self, child: usize) {
        let (Frame::Seq { height, .. } | Frame::Map { height, .. }) = self;
        *height = (*height).max(child + 1);
    }
}

/// Parses one YAML document into a JSON value and its source map, within the
/// budget of a knowledge-base file ([`Limits::KB_FILE`]). An empty file is an
/// empty mapping.
pub fn parse(text: &str) -> Result<(Value, SourceMap), YamlError> {
    parse_with(text, &Limits::KB_FILE)
}

/// [`parse`] with an explicit budget.
pub fn parse_with(text: &str, limits: &Limits) -> Result<(Value, SourceMap), YamlError> {
    Folder::new(limits).run(text)
}

/// Folds the event stream into a value, keeping count of what it costs.
struct Folder<'l> {
    limits: &'l Limits,
    map: SourceMap,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Value, Cost)>,
    root: Option<Value>,
    spent: Cost,
}

impl<'l> Folder<'l> {
    fn new(limits: &'l Limits) -> Folder<'l> {
        Folder {
            limits,
            map: SourceMap::default(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            spent: Cost::default(),
        }
    }

    /// Counts `nodes` values and `bytes` bytes more, refusing past the budget.
    fn spend(
        &mut self,
        nodes: usize,
        bytes: usize,
        pos: Pos,
        via_alias: bool,
    ) -> Result<(), YamlError> {
        let n = self.spent.nodes.saturating_add(nodes);
        let b = self.spent.bytes.saturating_add(bytes);
        let why = if via_alias {
            "; each alias (`*name`) copies the whole node it names, so nested aliases multiply"
        } else {
            ""
        };
        if n > self.limits.max_nodes {
            return Err(YamlError::at(
                pos,
                format!(
                    "the document expands to more than {} values{why}",
                    self.limits.max_nodes
                ),
            ));
        }
        if b > self.limits.max_bytes {
            return Err(YamlError::at(
                pos,
                format!(
                    "the document expands to more than {} of text{why}",
                    human_bytes(self.limits.max_bytes as u64)
                ),
            ));
        }
        self.spent.nodes = n;
        self.spent.bytes = b;
        Ok(())
    }

    fn run(mut self, text: &str) -> Result<(Value, SourceMap), YamlError> {
        let mut parser = Parser::new_from_str(text);
        let mut documents = 0usize;
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| YamlError {
                message: e.info().to_owned(),
                pos: Pos {
                    line: e.marker().line(),
                    col: e.marker().col() + 1,
                },
            })?;
            let pos = Pos::from_span(&span);
            match event {
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(YamlError::at(
                            pos,
                            "a knowledge-base file holds one YAML document; found a second `---`",
                        ));
                    }
                }
                Event::Alias(id) => self.alias(id, pos)?,
                Event::Scalar(raw, style, anchor, tag) => {
                    self.scalar(&raw, style, anchor, tag.as_deref(), pos)?
                }
                Event::SequenceStart(anchor, tag) => {
                    self.start(false, anchor, tag.as_deref(), pos)?
                }
                Event::MappingStart(anchor, tag) => {
                    self.start(true, anchor, tag.as_deref(), pos)?
                }
                Event::SequenceEnd | Event::MappingEnd => self.end(pos)?,
            }
        }
        Ok((
            self.root.unwrap_or_else(|| Value::Object(Map::new())),
            self.map,
        ))
    }

    fn alias(&mut self, id: usize, pos: Pos) -> Result<(), YamlError> {
        let Some((_, cost)) = self.anchors.get(&id) else {
            return Err(YamlError::at(
                pos,
                "alias refers to an anchor that is not defined before it",
            ));
        };
        let cost = *cost;
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            return Err(YamlError::at(
                pos,
                "a mapping key must be a plain string, not an alias",
            ));
        }
        if self.stack.len() + cost.height > self.limits.max_depth.min(MAX_DEPTH) {
            return Err(YamlError::at(
                pos,
                format!(
                    "nesting deeper than {} levels (through this alias)",
                    self.limits.max_depth.min(MAX_DEPTH)
                ),
            ));
        }
        // Counted before the copy is made: the budget bounds the memory.
        self.spend(cost.nodes, cost.bytes, pos, true)?;
        let value = self.anchors[&id].0.clone();
        let pointer = self.child_pointer();
        self.attach(value, pointer, pos, cost.height);
        Ok(())
    }

    fn scalar(
        &mut self,
        raw: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        pos: Pos,
    ) -> Result<(), YamlError> {
        self.spend(1, raw.len(), pos, false)?;
        let value = scalar_value(raw, style, tag, pos)?;
        // A scalar in key position becomes the pending key.
        if let Some(Frame::Map { key, map: m, .. }) = self.stack.last_mut() {
            if key.is_none() {
                let k = match value {
                    Value::String(s) => s,
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                if m.contains_key(&k) {
                    return Err(YamlError::at(
                        pos,
                        format!("duplicate key `{}` in this mapping", clip(&k)),
                    ));
                }
                *key = Some((k, pos));
                return Ok(());
            }
        }
        if anchor > 0 {
            let cost = Cost {
                nodes: 1,
                bytes: raw.len(),
                height: 0,
            };
            self.anchors.insert(anchor, (value.clone(), cost));
        }
        let pointer = self.child_pointer();
        self.attach(value, pointer, pos, 0);
        Ok(())
    }

    fn start(
        &mut self,
        mapping: bool,
        anchor: usize,
        tag: Option<&Tag>,
        pos: Pos,
    ) -> Result<(), YamlError> {
        let max_depth = self.limits.max_depth.min(MAX_DEPTH);
        if self.stack.len() >= max_depth {
            return Err(YamlError::at(
                pos,
                format!("nesting deeper than {max_depth} levels"),
            ));
        }
        if let Some(tag) = tag {
            let fits =
                tag.is_yaml_core_schema() && tag.suffix == if mapping { "map" } else { "seq" };
            if !fits {
                return Err(unsupported_tag(tag, pos));
            }
        }
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            return Err(YamlError::at(
                pos,
                "a mapping key must be a plain string, not a list or a mapping",
            ));
        }
        self.spend(1, 0, pos, false)?;
        let pointer = self.child_pointer();
        self.map.values.insert(pointer.clone(), pos);
        let spent_at_start = self.spent;
        let frame = if mapping {
            Frame::Map {
                map: Map::new(),
                pointer,
                anchor,
                key: None,
                spent_at_start,
                height: 0,
            }
        } else {
            Frame::Seq {
                items: Vec::new(),
                pointer,
                anchor,
                spent_at_start,
                height: 0,
            }
        };
        self.stack.push(frame);
        Ok(())
    }

    fn end(&mut self, pos: Pos) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Err(YamlError::at(
                pos,
                "the end of a list or mapping that never started",
            ));
        };
        let (value, pointer, anchor, spent_at_start, height) = match frame {
            Frame::Seq {
                items,
                pointer,
                anchor,
                spent_at_start,
                height,
            } => (Value::Array(items), pointer, anchor, spent_at_start, height),
            Frame::Map {
                map,
                pointer,
                anchor,
                spent_at_start,
                height,
                ..
            } => (Value::Object(map), pointer, anchor, spent_at_start, height),
        };
        if anchor > 0 {
            let cost = Cost {
                // The container itself was counted just before `spent_at_start`.
                nodes: self.spent.nodes - spent_at_start.nodes + 1,
                bytes: self.spent.bytes - spent_at_start.bytes,
                height,
            };
            self.anchors.insert(anchor, (value.clone(), cost));
        }
        let start = self.map.values.get(&pointer).copied().unwrap_or(pos);
        self.attach(value, pointer, start, height);
        Ok(())
    }

    /// The pointer of the node about to be attached to the innermost container.
    fn child_pointer(&self) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Frame::Seq { items, pointer, .. }) => format!("{pointer}/{}", items.len()),
            Some(Frame::Map {
                pointer,
                key: Some((k, _)),
                ..
            }) => format!("{pointer}/{}", escape(k)),
            Some(Frame::Map { pointer, .. }) => pointer.clone(),
        }
    }

    fn attach(&mut self, value: Value, pointer: String, pos: Pos, height: usize) {
        self.map.values.entry(pointer.clone()).or_insert(pos);
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(frame) => {
                frame.note_child_height(height);
                match frame {
                    Frame::Seq { items, .. } => items.push(value),
                    Frame::Map { map: m, key, .. } => {
                        // The parser emits a key before every value; a missing
                        // one is answered with an empty key rather than a panic.
                        let (k, kpos) = key.take().unwrap_or((String::new(), pos));
                        self.map.keys.insert(pointer, kpos);
                        m.insert(k, value);
                    }
                }
            }
        }
    }
}

/// The value of a scalar: by its tag when it has one (only the core schema's
/// `!!str`, `!!int`, `!!float`, `!!bool` and `!!null`), else by the core schema.
fn scalar_value(
    raw: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    pos: Pos,
) -> Result<Value, YamlError> {
    let Some(tag) = tag else {
        return Ok(if style == ScalarStyle::Plain {
            resolve_plain(raw)
        } else {
            Value::String(raw.to_owned())
        });
    };
    if !tag.is_yaml_core_schema() {
        return Err(unsupported_tag(tag, pos));
    }
    let resolved = resolve_plain(raw);
    let fits = match tag.suffix.as_str() {
        "str" => return Ok(Value::String(raw.to_owned())),
        "int" => resolved.is_i64() || resolved.is_u64(),
        "float" => resolved.is_number(),
        "bool" => resolved.is_boolean(),
        "null" => resolved.is_null(),
        _ => return Err(unsupported_tag(tag, pos)),
    };
    if fits {
        Ok(resolved)
    } else {
        Err(YamlError::at(
            pos,
            format!(
                "`{}` is tagged `!!{}` but is not one",
                clip(raw),
                tag.suffix
            ),
        ))
    }
}

fn unsupported_tag(tag: &Tag, pos: Pos) -> YamlError {
    let shown = if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("!<{}{}>", tag.handle, tag.suffix)
    };
    YamlError::at(
        pos,
        format!(
            "the YAML tag `{}` is not supported: kompas reads plain YAML (strings, numbers, booleans, lists and mappings); remove the tag",
            clip(&shown)
        ),
    )
}

/// A text for a message: long ones are cut, so an error never echoes megabytes.
pub fn clip(text: &str) -> String {
    const MAX: usize = 80;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &text[..end], text.len())
}

/// A byte count for people: `512 bytes`, `64 KiB`, `2 MiB`.
pub fn human_bytes(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// Escapes one JSON-pointer segment (RFC 6901).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Resolves a plain scalar by the YAML 1.2 core schema.
fn resolve_plain(raw: &str) -> Value {
    match raw {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = raw.parse::<i64>() {
            return Value::Number(i.into());
        }
        // Still a number, only a large one: whoever reads it can say "too large".
        if let Ok(u) = raw.strip_prefix('+').unwrap_or(raw).parse::<u64>() {
            return Value::Number(u.into());
        }
        if let Some(n) = raw.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    if let Some(hex) = raw.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Value::Number(i.into());
        }
    }
    if let Some(oct) = raw.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return Value::Number(i.into());
        }
    }
    if looks_like_float(raw) {
        if let Some(n) = raw.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(raw.to_owned())
}

fn looks_like_float(raw: &str) -> bool {
    let s = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = {
        let mut parts = mantissa.splitn(2, '.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next();
        let int_ok = int.bytes().all(|b| b.is_ascii_digit());
        match frac {
            Some(f) => {
                int_ok && f.bytes().all(|b| b.is_ascii_digit()) && !(int.is_empty() && f.is_empty())
            }
            None => int_ok && !int.is_empty(),
        }
    };
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        }
    };
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_follow_the_core_schema() {
        let (v, _) = parse("a: no\nb: true\nc: 12\nd: '12'\ne: 1.5\nf: ~\ng: 5-10\n").unwrap();
        assert_eq!(
            v,
            json!({"a": "no", "b": true, "c": 12, "d": "12", "e": 1.5, "f": null, "g": "5-10"})
        );
    }

    #[test]
    fn positions_are_recorded_for_keys_and_values() {
        let text = "decisions:\n  - id: cni\n    rules:\n      - id: r1\n";
        let (_, map) = parse(text).unwrap();
        assert_eq!(
            map.value_pos("/decisions/0/id"),
            Some(Pos { line: 2, col: 9 })
        );
        assert_eq!(
            map.key_pos("/decisions/0/rules/0/id"),
            Some(Pos { line: 4, col: 9 })
        );
        // Unknown pointers fall back to the nearest ancestor.
        assert_eq!(
            map.value_pos("/decisions/0/rules/0/nope"),
            map.value_pos("/decisions/0/rules/0")
        );
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(err.message.contains("duplicate key `a`"), "{err:?}");
        assert_eq!(err.pos.line, 3);
    }

    #[test]
    fn anchors_and_aliases_are_expanded() {
        let (v, _) = parse("base: &b {x: 1}\ncopy: *b\n").unwrap();
        assert_eq!(v["copy"], json!({"x": 1}));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.pos.line >= 1);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(MAX_DEPTH + 5);
        assert!(parse(&text).is_err());
    }

    /// `a0` holds ten strings; each next anchor is a list of ten aliases to the
    /// previous one, so `a{levels}` stands for 10^(levels+1) strings.
    fn alias_bomb(levels: usize) -> String {
        let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..=levels {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        text
    }

    #[test]
    fn an_alias_bomb_is_refused_at_the_alias_that_crosses_the_budget() {
        let text = alias_bomb(8);
        assert!(text.len() < 600, "{} bytes", text.len());
        let err = parse(&text).unwrap_err();
        assert!(
            err.message.contains("expands to more than 250000 values"),
            "{err:?}"
        );
        assert!(err.message.contains("alias"), "{err:?}");
        // a5 (10^6 strings) is the first anchor over the budget.
        assert_eq!(err.pos.line, 6, "{err:?}");
    }

    #[test]
    fn aliases_within_the_budget_expand() {
        let (v, _) = parse(&alias_bomb(3)).unwrap();
        assert_eq!(v["a3"][9][9][9][9], "lol");
    }

    #[test]
    fn aliased_text_counts_against_the_byte_budget() {
        let big = "x".repeat(1000);
        let text = format!("a: &a {big}\nb: [*a, *a, *a, *a, *a]\n");
        let tight = Limits {
            max_nodes: 100,
            max_bytes: 4000,
            max_depth: MAX_DEPTH,
        };
        let err = parse_with(&text, &tight).unwrap_err();
        assert!(
            err.message.contains("more than 4000 bytes of text"),
            "{err:?}"
        );
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn aliases_cannot_nest_past_the_depth_limit() {
        // Each anchor nests the previous one two levels deeper.
        let mut text = String::from("a0: &a0 [[x]]\n");
        for i in 1..40 {
            text.push_str(&format!("a{i}: &a{i} [[*a{}]]\n", i - 1));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("nesting deeper than 64"), "{err:?}");
    }

    #[test]
    fn an_alias_as_a_key_is_an_error_not_a_panic() {
        let err = parse("a: &k x\n? *k\n: 1\n").unwrap_err();
        assert!(err.message.contains("key"), "{err:?}");
    }

    #[test]
    fn custom_tags_are_errors_with_their_position() {
        let err = parse("a: 1\nb: !foo bar\n").unwrap_err();
        assert!(err.message.contains("`!foo` is not supported"), "{err:?}");
        assert_eq!(err.pos.line, 2);
        let err = parse("a: !!binary aGk=\n").unwrap_err();
        assert!(err.message.contains("`!!binary`"), "{err:?}");
        let err = parse("a: !thing {x: 1}\n").unwrap_err();
        assert!(err.message.contains("`!thing`"), "{err:?}");
        let err = parse("a: !!map [1]\n").unwrap_err();
        assert!(err.message.contains("`!!map`"), "{err:?}");
    }

    #[test]
    fn core_schema_tags_are_honoured() {
        let (v, _) = parse("a: !!str 12\nb: !!int '7'\nc: !!bool true\nd: !!seq [1]\n").unwrap();
        assert_eq!(v, json!({"a": "12", "b": 7, "c": true, "d": [1]}));
        let err = parse("a: !!int twelve\n").unwrap_err();
        assert!(err.message.contains("tagged `!!int`"), "{err:?}");
    }

    #[test]
    fn integers_beyond_i64_stay_numbers() {
        let (v, _) = parse("a: 9223372036854775808\nb: 99999999999999999999999\n").unwrap();
        assert_eq!(v["a"], json!(9_223_372_036_854_775_808u64));
        assert!(v["b"].is_f64(), "{v}");
    }

    #[test]
    fn long_texts_are_clipped_in_messages() {
        let long = "k".repeat(10_000);
        let err = parse(&format!("{{\"{long}\": 1, \"{long}\": 2}}")).unwrap_err();
        assert!(err.message.len() < 200, "{}", err.message.len());
        assert!(err.message.contains("(10000 bytes)"), "{}", err.message);
    }

    #[test]
    fn empty_file_is_an_empty_mapping() {
        assert_eq!(parse("").unwrap().0, json!({}));
        assert_eq!(parse("# only a comment\n").unwrap().0, json!({}));
    }
}
