//! RFC 9457 problem details: every bad request names what is wrong, where
//! (a JSON pointer into the request body) and what is expected.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The media type of problem responses.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The problem types this API reports (`type` is a URN: stable, not a link).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemType {
    /// The body is not JSON (400).
    MalformedJson,
    /// The body is sent as YAML but is not valid YAML (400).
    MalformedYaml,
    /// The body is JSON but does not fit (422): see `errors[]`.
    InvalidRequest,
    /// The body is over the size limit (413).
    BodyTooLarge,
    /// The content type is not JSON (415).
    UnsupportedMediaType,
    /// The query string does not fit (400).
    InvalidQuery,
    /// No such resource (404).
    NotFound,
    /// The request took too long (408).
    Timeout,
    /// A bug on our side (500).
    Internal,
    /// The request is not valid HTTP (400).
    BadRequest,
    /// The method is not allowed on this resource (405).
    MethodNotAllowed,
    /// The request line is too long (414).
    UriTooLong,
    /// The request head is too large (431).
    HeadersTooLarge,
    /// The body is JSON, but in a character set or content coding not accepted (415).
    UnsupportedEncoding,
    /// Any other error status, titled by its reason phrase.
    Status(u16),
}

impl ProblemType {
    /// The URN of the type, the status and the title.
    fn parts(self) -> (&'static str, StatusCode, &'static str) {
        match self {
            ProblemType::MalformedJson => (
                "urn:kompas:problem:malformed-json",
                StatusCode::BAD_REQUEST,
                "The request body is not valid JSON",
            ),
            ProblemType::MalformedYaml => (
                "urn:kompas:problem:malformed-yaml",
                StatusCode::BAD_REQUEST,
                "The request body is not valid YAML",
            ),
            ProblemType::InvalidRequest => (
                "urn:kompas:problem:invalid-request",
                StatusCode::UNPROCESSABLE_ENTITY,
                "The request has invalid values",
            ),
            ProblemType::BodyTooLarge => (
                "urn:kompas:problem:body-too-large",
                StatusCode::PAYLOAD_TOO_LARGE,
                "The request body is too large",
            ),
            ProblemType::UnsupportedMediaType => (
                "urn:kompas:problem:unsupported-media-type",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "The request body must be JSON",
            ),
            ProblemType::InvalidQuery => (
                "urn:kompas:problem:invalid-query",
                StatusCode::BAD_REQUEST,
                "The query string has invalid values",
            ),
            ProblemType::NotFound => (
                "urn:kompas:problem:not-found",
                StatusCode::NOT_FOUND,
                "Not found",
            ),
            ProblemType::Timeout => (
                "urn:kompas:problem:timeout",
                StatusCode::REQUEST_TIMEOUT,
                "The request took too long",
            ),
            ProblemType::Internal => (
                "urn:kompas:problem:internal",
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal error",
            ),
            ProblemType::BadRequest => (
                "urn:kompas:problem:bad-request",
                StatusCode::BAD_REQUEST,
                "The request could not be read",
            ),
            ProblemType::MethodNotAllowed => (
                "urn:kompas:problem:method-not-allowed",
                StatusCode::METHOD_NOT_ALLOWED,
                "The method is not allowed here",
            ),
            ProblemType::UriTooLong => (
                "urn:kompas:problem:uri-too-long",
                StatusCode::URI_TOO_LONG,
                "The request line is too long",
            ),
            ProblemType::HeadersTooLarge => (
                "urn:kompas:problem:headers-too-large",
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "The request head is too large",
            ),
            ProblemType::UnsupportedEncoding => (
                "urn:kompas:problem:unsupported-encoding",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "The request body must be uncompressed UTF-8 JSON",
            ),
            ProblemType::Status(code) => {
                let status =
                    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                (
                    "urn:kompas:problem:http",
                    status,
                    status.canonical_reason().unwrap_or("Error"),
                )
            }
        }
    }
}

/// A problem details object (RFC 9457), with one entry in `errors` per problem found.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Problem {
    /// A URN naming the kind of problem, e.g. `urn:kompas:problem:invalid-request`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong in this request.
    pub detail: String,
    /// Every problem found, each with its place in the request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemItem>,
}

/// One problem in a request.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ProblemItem {
    /// JSON pointer (RFC 6901) into the request body (or `/name` of a query parameter).
    pub pointer: String,
    /// The value given, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub given: Option<Value>,
    /// What is allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it ("did you mean ...").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// For a YAML body: the line of the value (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// For a YAML body: the column of the value (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl Problem {
    /// A problem of this type with a request-specific detail.
    pub fn new(kind: ProblemType, detail: impl Into<String>) -> Problem {
        let (urn, status, title) = kind.parts();
        Problem {
            kind: urn.to_owned(),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// The same problem, listing these errors.
    pub fn with_errors(mut self, errors: Vec<ProblemItem>) -> Problem {
        self.errors = errors;
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&self).unwrap_or_else(|_| b"{}".to_vec());
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_rfc9457_member_names() {
        let p = Problem::new(ProblemType::InvalidRequest, "2 problems").with_errors(vec![
            ProblemItem {
                pointer: "/team_size".into(),
                given: Some(Value::from("many")),
                expected: Some("an integer 1..10000".into()),
                message: "not a number".into(),
                help: None,
                line: None,
                column: None,
            },
        ]);
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["type"], "urn:kompas:problem:invalid-request");
        assert_eq!(v["status"], 422);
        assert_eq!(v["errors"][0]["pointer"], "/team_size");
        assert_eq!(v["errors"][0]["given"], "many");
        assert!(v["errors"][0].get("help").is_none());
    }

    #[test]
    fn response_has_problem_content_type() {
        let r = Problem::new(ProblemType::BodyTooLarge, "x").into_response();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(r.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
    }

    #[test]
    fn pointer_tokens_escape_tilde_and_slash() {
        assert_eq!(pointer_token("a/b~c"), "a~1b~0c");
    }
}
