//! The interactive site, embedded in the binary (no CDN; works offline).
//!
//! `site/index.html` is the page; `site/assets/` holds the JavaScript modules,
//! the style sheets and the icon. Assets are served with an `ETag` and
//! `Cache-Control: no-cache`: the browser keeps them and revalidates with a
//! cheap 304, so a new binary never serves a stale script.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};

static SITE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/site");

/// One embedded file with its precomputed headers.
struct Asset {
    body: &'static [u8],
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
        map.insert(
            path.clone(),
            Asset {
                body: file.contents(),
                content_type: content_type(&path),
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
        (StatusCode::NOT_MODIFIED, headers).into_response()
    } else {
        (headers, asset.body).into_response()
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
