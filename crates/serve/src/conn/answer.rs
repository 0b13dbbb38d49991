//! The problem responses the connection layer writes itself, as raw
//! HTTP/1.1 bytes: in place of hyper's bare 400/414/431, and a 408 for a
//! request head that never finished.

use axum::http::StatusCode;

use super::{MAX_HEADERS, MAX_HEAD_BYTES};
use crate::problem::{Problem, ProblemType};

/// A whole HTTP/1.1 response: a problem for `status`, with the security
/// headers, closing the connection.
pub(super) fn bare_problem(status: StatusCode, date: Option<&str>) -> Vec<u8> {
    let problem = match status {
        StatusCode::REQUEST_TIMEOUT => Problem::new(
            ProblemType::Timeout,
            "the request head did not arrive in time; send the request line and headers at once",
        ),
        StatusCode::URI_TOO_LONG => Problem::new(
            ProblemType::UriTooLong,
            "the request line is too long; send the profile in the body of a POST instead",
        ),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => Problem::new(
            ProblemType::HeadersTooLarge,
            format!(
                "the request head is larger than {} KiB or has more than {MAX_HEADERS} header lines",
                MAX_HEAD_BYTES / 1024
            ),
        ),
        _ => Problem::new(
            ProblemType::BadRequest,
            "the request is not valid HTTP/1.1: the request line or a header could not be read",
        ),
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: close\r\ncache-control: no-store\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        crate::problem::PROBLEM_JSON,
        body.len()
    );
    if let Some(date) = date {
        head.push_str(&format!("date: {date}\r\n"));
    }
    for (name, value) in crate::http::security_headers() {
        if let Ok(v) = value.to_str() {
            head.push_str(&format!("{name}: {v}\r\n"));
        }
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_replacement_is_a_problem_with_security_headers() {
        let bytes = bare_problem(
            StatusCode::BAD_REQUEST,
            Some("Mon, 30 Nov 2026 10:00:00 GMT"),
        );
        let text = String::from_utf8(bytes).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{head}");
        assert!(
            head.contains("content-type: application/problem+json"),
            "{head}"
        );
        assert!(head.contains("x-content-type-options: nosniff"), "{head}");
        assert!(head.contains("content-security-policy: "), "{head}");
        assert!(head.contains("connection: close"), "{head}");
        assert!(head.contains("date: Mon, 30 Nov 2026"), "{head}");
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["status"], 400);
    }
}
