//! JSON documents served as they are or gzip-compressed, as the client asks.
//!
//! An assessment is a large document (some 220 KB for the built-in KB) that
//! gzip at level 3 shrinks almost five times in about a millisecond (level 1
//! of the zlib-rs backend saves only a third as much: 70 against 47 KB). The
//! compressed form is made once per document (documents are cached, see
//! [`crate::cache`]) and only when a client asks for it with
//! `Accept-Encoding: gzip`, as browsers do. Documents that depend only on the
//! knowledge base (the KB, the questionnaire, the OpenAPI document) are
//! compressed at the best level: once per KB, so the site's first load stays
//! small.

use std::io::Write as _;
use std::sync::OnceLock;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use flate2::write::GzEncoder;
use flate2::Compression;

/// Documents smaller than this are sent as they are: compressing them gains nothing.
const MIN_COMPRESS: usize = 1024;

/// The gzip level of a document made per request: fast, and a good deal smaller than level 1.
const PER_REQUEST_LEVEL: u32 = 3;

/// A rendered document and, made on first demand, its gzip form.
#[derive(Debug)]
pub struct Encoded {
    identity: Bytes,
    level: Compression,
    gzip: OnceLock<Option<Bytes>>,
}

impl Encoded {
    /// A document made per request, not compressed yet.
    pub fn new(identity: impl Into<Bytes>) -> Encoded {
        Encoded {
            identity: identity.into(),
            level: Compression::new(PER_REQUEST_LEVEL),
            gzip: OnceLock::new(),
        }
    }

    /// A document made once per knowledge base: compressed at the best level
    /// (on first demand), since the cost is paid once.
    pub fn durable(identity: impl Into<Bytes>) -> Encoded {
        Encoded {
            identity: identity.into(),
            level: Compression::best(),
            gzip: OnceLock::new(),
        }
    }

    /// The document as it is.
    pub fn identity(&self) -> &Bytes {
        &self.identity
    }

    /// The gzip form, made once; `None` when not worth it.
    pub fn gzip(&self) -> Option<&Bytes> {
        self.gzip
            .get_or_init(|| {
                if self.identity.len() < MIN_COMPRESS {
                    return None;
                }
                let mut encoder =
                    GzEncoder::new(Vec::with_capacity(self.identity.len() / 4), self.level);
                encoder.write_all(&self.identity).ok()?;
                encoder.finish().ok().map(Bytes::from)
            })
            .as_ref()
    }

    /// The response for a request with these headers.
    pub fn response(&self, request: &HeaderMap, content_type: &'static str) -> Response {
        let vary = (header::VARY, HeaderValue::from_static("accept-encoding"));
        let ct = (header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        // Compress only for a client that asked: the gzip form costs milliseconds to make.
        let gzip = if accepts_gzip(request) {
            self.gzip()
        } else {
            None
        };
        match gzip {
            Some(gzip) => (
                [
                    ct,
                    vary,
                    (header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
                ],
                gzip.clone(),
            )
                .into_response(),
            None => ([ct, vary], self.identity.clone()).into_response(),
        }
    }
}

/// Whether `Accept-Encoding` allows gzip (`gzip` or `*`, with a q-value above 0).
pub fn accepts_gzip(request: &HeaderMap) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                .next()
                .unwrap_or(1.0);
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && q > 0.0
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        h
    }

    #[test]
    fn accept_encoding_is_negotiated() {
        assert!(accepts_gzip(&headers("gzip, deflate, br")));
        assert!(accepts_gzip(&headers("br;q=1.0, gzip;q=0.5")));
        assert!(accepts_gzip(&headers("*")));
        assert!(!accepts_gzip(&headers("gzip;q=0")));
        assert!(!accepts_gzip(&headers("br, identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn large_documents_round_trip_through_gzip() {
        let text = "{\"a\":\"".to_owned() + &"kompas ".repeat(1000) + "\"}";
        let doc = Encoded::new(text.clone());
        let r = doc.response(&headers("gzip"), "application/json");
        assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(r.headers()[header::VARY], "accept-encoding");
        let mut out = String::new();
        flate2::read::GzDecoder::new(&doc.gzip().unwrap()[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        let plain = doc.response(&HeaderMap::new(), "application/json");
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    }

    #[test]
    fn small_documents_are_not_compressed() {
        let doc = Encoded::new("{}");
        assert!(doc.gzip().is_none());
        assert!(doc
            .response(&headers("gzip"), "application/json")
            .headers()
            .get(header::CONTENT_ENCODING)
            .is_none());
    }
}
