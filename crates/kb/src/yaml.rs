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
//! YAML 1.1). Duplicate keys, non-scalar keys, several documents in one file
//! and nesting deeper than [`MAX_DEPTH`] are errors, never silent.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::{Map, Number, Value};

/// Deepest nesting accepted; deeper input is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 64;

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

enum Frame {
    Seq {
        items: Vec<Value>,
        pointer: String,
        anchor: usize,
    },
    Map {
        map: Map<String, Value>,
        pointer: String,
        anchor: usize,
        key: Option<(String, Pos)>,
    },
}

/// Parses one YAML document into a JSON value and its source map.
/// An empty file is an empty mapping.
pub fn parse(text: &str) -> Result<(Value, SourceMap), YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut map = SourceMap::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    let mut root: Option<Value> = None;
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
                    return Err(YamlError {
                        message:
                            "a knowledge-base file holds one YAML document; found a second `---`"
                                .into(),
                        pos,
                    });
                }
            }
            Event::Alias(id) => {
                let value = anchors.get(&id).cloned().ok_or_else(|| YamlError {
                    message: "alias refers to an anchor that is not defined before it".into(),
                    pos,
                })?;
                let pointer = child_pointer(&mut stack, pos, &map)?;
                attach(&mut stack, &mut root, &mut map, value, pointer, pos)?;
            }
            Event::Scalar(raw, style, anchor, tag) => {
                let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let value = if style == ScalarStyle::Plain && !is_str_tag {
                    resolve_plain(&raw)
                } else {
                    Value::String(raw.into_owned())
                };
                // A scalar in key position becomes the pending key.
                if let Some(Frame::Map { key, map: m, .. }) = stack.last_mut() {
                    if key.is_none() {
                        let k = match value {
                            Value::String(s) => s,
                            Value::Null => String::new(),
                            other => other.to_string(),
                        };
                        if m.contains_key(&k) {
                            return Err(YamlError {
                                message: format!("duplicate key `{k}` in this mapping"),
                                pos,
                            });
                        }
                        *key = Some((k, pos));
                        continue;
                    }
                }
                if anchor > 0 {
                    anchors.insert(anchor, value.clone());
                }
                let pointer = child_pointer(&mut stack, pos, &map)?;
                attach(&mut stack, &mut root, &mut map, value, pointer, pos)?;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        pos,
                    });
                }
                if let Some(Frame::Map { key: None, .. }) = stack.last() {
                    return Err(YamlError {
                        message: "a mapping key must be a plain string, not a list or a mapping"
                            .into(),
                        pos,
                    });
                }
                let pointer = child_pointer(&mut stack, pos, &map)?;
                map.values.insert(pointer.clone(), pos);
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        items: Vec::new(),
                        pointer,
                        anchor,
                    }
                } else {
                    Frame::Map {
                        map: Map::new(),
                        pointer,
                        anchor,
                        key: None,
                    }
                };
                stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let frame = stack.pop().expect("parser balances start and end events");
                let (value, pointer, anchor) = match frame {
                    Frame::Seq {
                        items,
                        pointer,
                        anchor,
                    } => (Value::Array(items), pointer, anchor),
                    Frame::Map {
                        map,
                        pointer,
                        anchor,
                        ..
                    } => (Value::Object(map), pointer, anchor),
                };
                if anchor > 0 {
                    anchors.insert(anchor, value.clone());
                }
                let start = map.values.get(&pointer).copied().unwrap_or(pos);
                attach(&mut stack, &mut root, &mut map, value, pointer, start)?;
            }
        }
    }
    Ok((root.unwrap_or_else(|| Value::Object(Map::new())), map))
}

/// The pointer of the node about to be attached to the innermost container.
fn child_pointer(stack: &mut [Frame], _pos: Pos, _map: &SourceMap) -> Result<String, YamlError> {
    Ok(match stack.last() {
        None => String::new(),
        Some(Frame::Seq { items, pointer, .. }) => format!("{pointer}/{}", items.len()),
        Some(Frame::Map {
            pointer,
            key: Some((k, _)),
            ..
        }) => format!("{pointer}/{}", escape(k)),
        Some(Frame::Map { pointer, .. }) => pointer.clone(),
    })
}

fn attach(
    stack: &mut [Frame],
    root: &mut Option<Value>,
    map: &mut SourceMap,
    value: Value,
    pointer: String,
    pos: Pos,
) -> Result<(), YamlError> {
    map.values.entry(pointer.clone()).or_insert(pos);
    match stack.last_mut() {
        None => *root = Some(value),
        Some(Frame::Seq { items, .. }) => items.push(value),
        Some(Frame::Map { map: m, key, .. }) => {
            let (k, kpos) = key.take().expect("values in a mapping follow their key");
            map.keys.insert(pointer, kpos);
            m.insert(k, value);
        }
    }
    Ok(())
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

    #[test]
    fn empty_file_is_an_empty_mapping() {
        assert_eq!(parse("").unwrap().0, json!({}));
        assert_eq!(parse("# only a comment\n").unwrap().0, json!({}));
    }
}
