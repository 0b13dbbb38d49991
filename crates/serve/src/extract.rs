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

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderMap, StatusCode};
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
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
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
        })?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Accepts `application/json` and any `application/*+json`, in UTF-8 (the
/// only charset JSON has, RFC 8259) and not compressed.
fn check_content_type(headers: &HeaderMap) -> Result<(), Problem> {
    check_media_type(headers)?;
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

/// Accepts `application/json` and any `application/*+json`, with parameters.
fn check_media_type(headers: &HeaderMap) -> Result<(), Problem> {
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
    match essence.as_deref() {
        Some("application/json") => Ok(()),
        Some(e) if e.starts_with("application/") && e.ends_with("+json") => Ok(()),
        _ => Err(Problem::new(
            ProblemType::UnsupportedMediaType,
            match given {
                Some(v) => {
                    format!("the Content-Type is `{v}`; send the body as `application/json`")
                }
                None => "there is no Content-Type header; send the body as `application/json`"
                    .to_owned(),
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
