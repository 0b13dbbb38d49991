//! The JSON body extractor of the API: every way a body can be wrong becomes
//! a problem response, never a 5xx and never axum's plain-text rejection.
//!
//! - no JSON content type, a charset other than UTF-8, or a compressed body
//!   (`Content-Encoding`) -> 415;
//! - over [`MAX_BODY_BYTES`] -> 413;
//! - not JSON (or empty), or a key twice in one object -> 400 naming line
//!   and column;
//! - well-formed JSON is handed over as a [`Value`]; the handler checks the
//!   values and answers 422 with a pointer per problem.
//!
//! The endpoints that take a profile also accept YAML ([`DocBody`]:
//! `application/yaml`, `application/x-yaml`, `text/yaml`), as the CLI reads
//! profile files: a syntax error (a duplicate key, an alias bomb) is 400 with
//! its line and column, and each problem of the profile carries the line and
//! column of its value.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
use kompas_kb::yaml::SourceMap;
use serde_json::Value;

use crate::problem::{Problem, ProblemItem, ProblemType};

/// The largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A request body that is well-formed JSON.
#[derive(Debug, Clone)]
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        check_content_type(req.headers())?;
        let bytes = read_body(req, state).await?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// A request body read as a document: JSON, or YAML with the position of
/// every value.
#[derive(Debug, Clone)]
pub struct Document {
    /// The document.
    pub value: Value,
    /// For YAML: where each value was written.
    pub yaml: Option<SourceMap>,
}

/// A request body that is well-formed JSON or YAML (the endpoints that take a profile).
#[derive(Debug, Clone)]
pub struct DocBody(pub Document);

impl<S: Send + Sync> FromRequest<S> for DocBody {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        RawBody::from_request(req, state)
            .await?
            .document()
            .map(DocBody)
    }
}

/// A request body as sent, JSON or YAML by its content type (checked, as
/// are its charset and coding), not parsed yet: `POST /api/v1/assess` reads
/// a JSON profile straight from these bytes when it can.
#[derive(Debug, Clone)]
pub struct RawBody {
    /// Whether it is YAML (else JSON).
    pub yaml: bool,
    /// The bytes.
    pub bytes: Bytes,
}

impl RawBody {
    /// The body parsed: JSON (strictly, no key twice), or YAML with positions.
    pub fn document(&self) -> Result<Document, Problem> {
        if self.yaml {
            parse_yaml(&self.bytes)
        } else {
            Ok(Document {
                value: parse_json(&self.bytes)?,
                yaml: None,
            })
        }
    }

    /// The body as a cache key: the same bytes, the same document.
    pub fn cache_key(&self) -> Vec<u8> {
        let mut key = Vec::with_capacity(self.bytes.len() + 1);
        key.push(if self.yaml { b'y' } else { b'j' });
        key.extend_from_slice(&self.bytes);
        key
    }
}

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let kind = media_kind(req.headers(), true)?;
        check_charset(req.headers())?;
        check_content_encoding(req.headers())?;
        let bytes = read_body(req, state).await?;
        Ok(RawBody {
            yaml: kind == MediaKind::Yaml,
            bytes,
        })
    }
}

async fn read_body<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Problem> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(
                ProblemType::BodyTooLarge,
                format!("the body is larger than {} KiB", MAX_BODY_BYTES / 1024),
            )
        } else {
            Problem::new(
                ProblemType::MalformedJson,
                format!("the body could not be read: {}", rejection.body_text()),
            )
        }
    })
}

/// Parses a YAML body (YAML 1.2, as profile files are read), naming line and
/// column of a syntax error; expansion is bounded as for profile files.
pub fn parse_yaml(bytes: &[u8]) -> Result<Document, Problem> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(Problem::new(
            ProblemType::UnsupportedEncoding,
            "the body is not UTF-8 text; send YAML in UTF-8",
        ));
    };
    if text.trim().is_empty() {
        return Err(Problem::new(
            ProblemType::MalformedYaml,
            "the body is empty; expected a YAML mapping",
        )
        .with_errors(vec![ProblemItem {
            pointer: String::new(),
            given: None,
            expected: Some("a YAML mapping".into()),
            message: "empty body".into(),
            help: None,
            line: None,
            column: None,
        }]));
    }
    match kompas_kb::yaml::parse_with(text, &kompas_kb::yaml::Limits::PROFILE) {
        Ok((value, map)) => Ok(Document {
            value,
            yaml: Some(map),
        }),
        Err(e) => Err(Problem::new(
            ProblemType::MalformedYaml,
            format!(
                "the body is not valid YAML: {} at line {} column {}",
                e.message, e.pos.line, e.pos.col
            ),
        )
        .with_errors(vec![ProblemItem {
            pointer: String::new(),
            given: None,
            expected: Some("a YAML mapping of input ids to answers".into()),
            message: e.message,
            help: Some("check the indentation and the quoting around this position".into()),
            line: Some(e.pos.line),
            column: Some(e.pos.col),
        }])),
    }
}

/// Accepts `application/json` and any `application/*+json`, in UTF-8 (the
/// only charset JSON has, RFC 8259) and not compressed.
fn check_content_type(headers: &HeaderMap) -> Result<(), Problem> {
    media_kind(headers, false)?;
    check_charset(headers)?;
    check_content_encoding(headers)
}

/// Only `charset=utf-8` (or none) is accepted.
fn check_charset(headers: &HeaderMap) -> Result<(), Problem> {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return Ok(());
    };
    for param in value.split(';').skip(1) {
        let Some((name, charset)) = param.split_once('=') else {
            continue;
        };
        if !name.trim().eq_ignore_ascii_case("charset") {
            continue;
        }
        let charset = charset.trim().trim_matches('"');
        if !(charset.eq_ignore_ascii_case("utf-8") || charset.eq_ignore_ascii_case("utf8")) {
            return Err(Problem::new(
                ProblemType::UnsupportedEncoding,
                format!(
                    "the body is declared as `charset={}`; send it as UTF-8 (`application/json; charset=utf-8`)",
                    kompas_kb::yaml::clip(charset)
                ),
            ));
        }
    }
    Ok(())
}

/// Request bodies are read as sent: a compressed one (`Content-Encoding`
/// other than `identity`) is refused rather than parsed as if it were JSON.
fn check_content_encoding(headers: &HeaderMap) -> Result<(), Problem> {
    for value in headers.get_all(header::CONTENT_ENCODING) {
        let text = value.to_str().unwrap_or("(not text)");
        let compressed = text
            .split(',')
            .map(str::trim)
            .any(|c| !c.is_empty() && !c.eq_ignore_ascii_case("identity"));
        if compressed {
            return Err(Problem::new(
                ProblemType::UnsupportedEncoding,
                format!(
                    "the body is sent with `Content-Encoding: {}`; send it uncompressed (bodies are at most {} KiB)",
                    kompas_kb::yaml::clip(text),
                    MAX_BODY_BYTES / 1024
                ),
            ));
        }
    }
    Ok(())
}

/// What a body is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaKind {
    Json,
    Yaml,
}

/// The YAML media types accepted where a profile is sent.
pub const YAML_MEDIA_TYPES: [&str; 3] = ["application/yaml", "application/x-yaml", "text/yaml"];

/// `application/json` and any `application/*+json`, with parameters; and,
/// when `yaml` is allowed, the YAML media types.
fn media_kind(headers: &HeaderMap, yaml: bool) -> Result<MediaKind, Problem> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("(not text)"));
    let essence = given.map(|v| {
        v.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    let wanted = if yaml {
        "`application/json` or `application/yaml`"
    } else {
        "`application/json`"
    };
    match essence.as_deref() {
        Some("application/json") => Ok(MediaKind::Json),
        Some(e) if e.starts_with("application/") && e.ends_with("+json") => Ok(MediaKind::Json),
        Some(e) if yaml && YAML_MEDIA_TYPES.contains(&e) => Ok(MediaKind::Yaml),
        _ => Err(Problem::new(
            ProblemType::UnsupportedMediaType,
            match given {
                Some(v) => format!(
                    "the Content-Type is `{}`; send the body as {wanted}",
                    kompas_kb::yaml::clip(v)
                ),
                None => format!("there is no Content-Type header; send the body as {wanted}"),
            },
        )),
    }
}

/// Parses the body, naming line and column when it is not JSON.
pub fn parse_json(bytes: &[u8]) -> Result<Value, Problem> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::new(
            ProblemType::MalformedJson,
            "the body is empty; expected a JSON object",
        )
        .with_errors(vec![ProblemItem {
            pointer: String::new(),
            given: None,
            expected: Some("a JSON object".into()),
            message: "empty body".into(),
            help: None,
            line: None,
            column: None,
        }]));
    }
    crate::json::from_slice(bytes).map_err(|e| {
        if e.classify() == serde_json::error::Category::Data {
            // A duplicate key: the message names it, with line and column.
            return Problem::new(
                ProblemType::MalformedJson,
                format!("the body is ambiguous: {e}"),
            )
            .with_errors(vec![ProblemItem {
                pointer: String::new(),
                given: None,
                expected: Some("a JSON object with each key at most once".into()),
                message: e.to_string(),
                help: Some("remove the repeated key; which value was meant cannot be told".into()),
                line: None,
                column: None,
            }]);
        }
        let detail = format!("the body is not valid JSON: {e}");
        Problem::new(ProblemType::MalformedJson, detail).with_errors(vec![ProblemItem {
            pointer: String::new(),
            given: None,
            expected: Some("a JSON object".into()),
            message: format!(
                "{} at line {} column {}",
                describe(&e),
                e.line(),
                e.column()
            ),
            help: None,
            line: Some(e.line()),
            column: Some(e.column()),
        }])
    })
}

fn describe(e: &serde_json::Error) -> &'static str {
    match e.classify() {
        serde_json::error::Category::Eof => "the JSON ends too early",
        serde_json::error::Category::Syntax => "a JSON syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Io => "the body could not be read",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(ct: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(ct) = ct {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        }
        h
    }

    #[test]
    fn json_content_types_are_accepted() {
        for ct in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/merge-patch+json",
        ] {
            assert!(check_content_type(&headers(Some(ct))).is_ok(), "{ct}");
        }
    }

    #[test]
    fn other_content_types_are_415() {
        for ct in [
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            None,
        ] {
            let p = check_content_type(&headers(ct)).unwrap_err();
            assert_eq!(p.status, 415);
            assert!(p.detail.contains("application/json"));
        }
    }

    #[test]
    fn charsets_other_than_utf8_and_compressed_bodies_are_415() {
        for ct in [
            "application/json; charset=utf-16",
            "application/json;charset=\"latin1\"",
        ] {
            let p = check_content_type(&headers(Some(ct))).unwrap_err();
            assert_eq!(p.status, 415, "{ct}");
            assert!(p.detail.contains("UTF-8"), "{}", p.detail);
        }
        assert!(check_content_type(&headers(Some("application/json; charset=\"UTF-8\""))).is_ok());
        let mut h = headers(Some("application/json"));
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        let p = check_content_type(&h).unwrap_err();
        assert_eq!(p.status, 415);
        assert!(p.detail.contains("Content-Encoding: gzip"), "{}", p.detail);
        h.insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static("identity"),
        );
        assert!(check_content_type(&h).is_ok());
    }

    #[test]
    fn yaml_is_accepted_only_where_a_profile_is_sent() {
        for ct in YAML_MEDIA_TYPES {
            assert_eq!(
                media_kind(&headers(Some(ct)), true).unwrap(),
                MediaKind::Yaml
            );
            let p = media_kind(&headers(Some(ct)), false).unwrap_err();
            assert_eq!(p.status, 415);
        }
        let p = media_kind(&headers(Some("text/plain")), true).unwrap_err();
        assert!(p.detail.contains("`application/yaml`"), "{}", p.detail);
    }

    #[test]
    fn yaml_syntax_errors_name_line_and_column() {
        let p = parse_yaml(b"team_size: 10\nteam_size: 3\n").unwrap_err();
        assert_eq!(p.status, 400);
        assert_eq!(p.errors[0].line, Some(2), "{:?}", p.errors);
        assert!(p.detail.contains("line 2"), "{}", p.detail);
        let p = parse_yaml(b"a: [1, 2\n").unwrap_err();
        assert!(p.errors[0].line.is_some());
        assert_eq!(parse_yaml(b"  \n").unwrap_err().status, 400);
        assert_eq!(parse_yaml(&[0xff, 0xfe]).unwrap_err().status, 415);
        let d = parse_yaml(b"team_size: 10\nservice_count: \"5-10\"\n").unwrap();
        assert_eq!(d.value["service_count"], "5-10");
        assert!(d.yaml.is_some());
    }

    #[test]
    fn duplicate_keys_are_400_naming_the_key() {
        let p = parse_json(br#"{"team_size":-1,"team_size":10}"#).unwrap_err();
        assert_eq!(p.status, 400);
        assert!(
            p.errors[0]
                .message
                .contains("duplicate key `team_size` at line 1"),
            "{:?}",
            p.errors
        );
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let p = parse_json(b"{\n  \"team_size\": ,\n}").unwrap_err();
        assert_eq!(p.status, 400);
        assert!(
            p.errors[0].message.contains("line 2 column"),
            "{}",
            p.errors[0].message
        );
        assert_eq!(parse_json(b"  ").unwrap_err().status, 400);
        assert_eq!(parse_json(b"{\"a\":1}").unwrap()["a"], 1);
    }
}
