//! The middleware every response passes: metrics and request logs, security
//! headers, cache headers, the request timeout, the length of the request
//! line, and problem details for every error (also those the router answers
//! itself, such as 405, with no body).

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::problem::{Problem, ProblemType, PROBLEM_JSON};
use crate::state::AppState;

/// How long a request may take before it is answered with 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The longest request target (path and query) accepted; longer ones get 414.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The methods `/metrics` names; any other is counted as `other`, so no
/// client can grow the label set.
const METHODS: [Method; 9] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
    Method::OPTIONS,
    Method::TRACE,
    Method::CONNECT,
];

/// The metrics label of a method: its name, or `other`.
pub fn method_label(method: &Method) -> &'static str {
    METHODS
        .iter()
        .find(|m| *m == method)
        .map_or("other", Method::as_str)
}

/// The Content-Security-Policy: only this origin's scripts and styles, no
/// inline code, no framing, no plugins.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The security headers set on every response.
pub fn security_headers() -> Vec<(HeaderName, HeaderValue)> {
    vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(
                "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
            ),
        ),
    ]
}

/// Layers that set each security header unless a handler set it already.
pub fn security_header_layers() -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    security_headers()
        .into_iter()
        .map(|(name, value)| SetResponseHeaderLayer::if_not_present(name, value))
        .collect()
}

/// Counts and times every request by its method and route template (never
/// the raw path or an unknown method name, so the label set stays small),
/// and logs it at `debug` (`warn` for 5xx).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    // Route templates come from the router, so they are a fixed set.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "other".to_owned());
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status();
    state
        .metrics()
        .observe_request(method, &route, status.as_u16(), elapsed);
    // Readiness answers 503 by design while the server stops.
    if status.is_server_error() && route != "/readyz" {
        tracing::warn!(%method, %path, route, status = status.as_u16(), elapsed_ms = elapsed.as_secs_f64() * 1e3, "request failed");
    } else {
        tracing::debug!(%method, %path, route, status = status.as_u16(), elapsed_ms = elapsed.as_secs_f64() * 1e3, "request");
    }
    // API answers depend on the KB, which can be reloaded: never cache them.
    if route.starts_with("/api/")
        || route == "/readyz"
        || route == "/metrics"
        || route == "/healthz"
    {
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
    }
    response
}

/// Refuses a request line over [`MAX_URI_BYTES`], answers 408 when the
/// request takes longer than [`REQUEST_TIMEOUT`], and turns every error
/// answer without a JSON body into problem details.
pub async fn guard(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let target_len = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if target_len > MAX_URI_BYTES {
        return Problem::new(
            ProblemType::UriTooLong,
            format!(
                "the request target is {target_len} bytes, more than {} KiB; send the profile in the body of a POST instead",
                MAX_URI_BYTES / 1024
            ),
        )
        .into_response();
    }
    let path = request.uri().path().to_owned();
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => complete_problem(response, &method, &path).await,
        Err(_elapsed) => Problem::new(
            ProblemType::Timeout,
            format!(
                "the request took longer than {} s (a body sent too slowly?)",
                REQUEST_TIMEOUT.as_secs()
            ),
        )
        .into_response(),
    }
}

/// An error answer with no body or a plain-text one (the router's own 404
/// and 405, a rejection) as problem details, keeping its headers (`Allow`).
async fn complete_problem(response: Response, method: &Method, path: &str) -> Response {
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let bare = content_type.is_empty() || content_type.starts_with("text/plain");
    if !(status.is_client_error() || status.is_server_error()) || !bare {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text).trim().to_owned();
    let shown = kompas_kb::yaml::clip(path);
    let problem = match status {
        StatusCode::NOT_FOUND => Problem::new(
            ProblemType::NotFound,
            format!("there is no `{shown}`; the API is described at /api/v1/openapi.json"),
        ),
        // The router adds `Allow` after this layer; the detail points to it.
        StatusCode::METHOD_NOT_ALLOWED => Problem::new(
            ProblemType::MethodNotAllowed,
            format!(
                "`{}` is not allowed on `{shown}`; the `Allow` header lists the methods that are",
                kompas_kb::yaml::clip(method.as_str())
            ),
        ),
        StatusCode::REQUEST_TIMEOUT => Problem::new(ProblemType::Timeout, text),
        StatusCode::PAYLOAD_TOO_LARGE => Problem::new(ProblemType::BodyTooLarge, text),
        StatusCode::BAD_REQUEST => Problem::new(ProblemType::BadRequest, text),
        s if s.is_server_error() => Problem::new(
            ProblemType::Internal,
            "the server hit a bug; it has been logged",
        ),
        s => Problem::new(ProblemType::Status(s.as_u16()), text),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::CONTENT_TYPE);
    let mut fresh = problem.into_response();
    fresh.headers_mut().extend(parts.headers);
    debug_assert_eq!(fresh.headers()[header::CONTENT_TYPE], PROBLEM_JSON);
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_methods_share_one_label() {
        assert_eq!(method_label(&Method::POST), "POST");
        assert_eq!(
            method_label(&Method::from_bytes(b"M12345").unwrap()),
            "other"
        );
    }
}
