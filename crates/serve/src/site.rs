//! The interactive site, embedded in the binary (no CDN; works offline).
//!
//! `site/index.html` is the page; `site/assets/` holds the JavaScript modules,
//! the style sheets and the icon. Assets are served with an `ETag` and
//! `Cache-Control: no-cache`: the browser keeps them and revalidates with a
//! cheap 304, so a new binary never serves a stale script.
//!
//! Text assets are gzip-compressed once, at the best level, the first time
//! the site is asked for, and sent compressed to every client that accepts
//! gzip: the first load of the page stays small without a build step.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use flate2::write::GzEncoder;
use flate2::Compression;
use include_dir::{include_dir, Dir};

use crate::encoding::accepts_gzip;

static SITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/site");

/// One embedded file with its precomputed headers.
struct Asset {
    body: &'static [u8],
    /// The gzip form, when it is smaller.
    gzip: Option<Vec<u8>>,
    content_type: &'static str,
    etag: HeaderValue,
}

fn assets() -> &'static HashMap<String, Asset> {
    static ASSETS: OnceLock<HashMap<String, Asset>> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let mut map = HashMap::new();
        collect(&SITE, &mut map);
        map
    })
}

fn collect(dir: &'static Dir<'static>, map: &mut HashMap<String, Asset>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let etag = HeaderValue::from_str(&format!("\"{:016x}\"", fnv1a(file.contents())))
            .expect("hex is a valid header");
        let content_type = content_type(&path);
        map.insert(
            path.clone(),
            Asset {
                body: file.contents(),
                gzip: compressible(content_type)
                    .then(|| gzip(file.contents()))
                    .flatten(),
                content_type,
                etag,
            },
        );
    }
    for sub in dir.dirs() {
        collect(sub, map);
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Whether a content type is text that gzip shrinks (images like PNG are compressed already).
fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("image/svg")
        || content_type.starts_with("application/json")
}

/// The gzip form of `bytes` at the best level, when it is smaller.
fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::best());
    encoder.write_all(bytes).ok()?;
    let zipped = encoder.finish().ok()?;
    (zipped.len() < bytes.len()).then_some(zipped)
}

/// FNV-1a: a stable content hash for ETags (not for security).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn serve(path: &str, request: &HeaderMap) -> Response {
    let Some(asset) = assets().get(path) else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Not found",
        )
            .into_response();
    };
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        ),
        (header::ETAG, asset.etag.clone()),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
    ];
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            let etag = asset.etag.to_str().unwrap_or("");
            tags.split(',')
                .map(str::trim)
                .any(|t| t == etag || t == "*")
        });
    if fresh {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    match asset.gzip.as_deref().filter(|_| accepts_gzip(request)) {
        Some(zipped) => (
            headers,
            [(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"))],
            zipped.to_vec(),
        )
            .into_response(),
        None => (headers, asset.body).into_response(),
    }
}

/// `GET /`: the page.
pub async fn index(headers: HeaderMap) -> Response {
    serve("index.html", &headers)
}

/// `GET /assets/{*path}`.
pub async fn asset(Path(path): Path<String>, headers: HeaderMap) -> Response {
    serve(&format!("assets/{path}"), &headers)
}

/// `GET /favicon.ico`: browsers ask for it whatever the page says.
pub async fn favicon(headers: HeaderMap) -> Response {
    serve("assets/favicon.svg", &headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_and_its_assets_are_embedded() {
        let a = assets();
        assert!(a.contains_key("index.html"));
        assert!(a
            .keys()
            .any(|k| k.starts_with("assets/") && k.ends_with(".js")));
        assert!(a.keys().any(|k| k.ends_with(".css")));
    }

    #[test]
    fn the_page_loads_no_inline_script_or_style_and_nothing_remote() {
        let page = std::str::from_utf8(assets()["index.html"].body).unwrap();
        assert!(
            !page.contains("<script>") && !page.contains("style="),
            "CSP forbids inline script and style"
        );
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "no CDN"
        );
        for (path, asset) in assets() {
            if path.ends_with(".js") {
                let js = std::str::from_utf8(asset.body).unwrap();
                assert!(
                    !js.contains("innerHTML")
                        && !js.contains("insertAdjacentHTML")
                        && !js.contains("eval("),
                    "{path} builds DOM from text only"
                );
            }
        }
    }

    #[test]
    fn text_assets_are_sent_gzipped_to_clients_that_accept_it() {
        use std::io::Read as _;
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br"),
        );
        let response = serve("assets/app.js", &h);
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        let zipped = assets()["assets/app.js"].gzip.clone().unwrap();
        assert!(zipped.len() * 2 < assets()["assets/app.js"].body.len());
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&zipped[..])
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, assets()["assets/app.js"].body);
        let plain = serve("assets/app.js", &HeaderMap::new());
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    }

    #[test]
    fn etag_revalidation_answers_304() {
        let etag = assets()["index.html"].etag.clone();
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, etag);
        assert_eq!(serve("index.html", &h).status(), StatusCode::NOT_MODIFIED);
        assert_eq!(
            serve("index.html", &HeaderMap::new()).status(),
            StatusCode::OK
        );
        assert_eq!(
            serve("nope.js", &HeaderMap::new()).status(),
            StatusCode::NOT_FOUND
        );
    }
}
