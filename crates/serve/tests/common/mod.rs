//! Black-box test harness: the real server on a free loopback port, driven
//! over HTTP with reqwest.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use kompas_engine::Engine;
use kompas_serve::{AppState, LoadedKb};
use serde_json::Value;
use tokio::net::TcpListener;

/// The built-in KB, checked and compiled once for all tests of a binary.
pub fn builtin_engine() -> Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE
        .get_or_init(|| match kompas_serve::backend::load(None) {
            Ok(checked) => checked.engine,
            Err(refused) => panic!("the built-in KB is refused:\n{}", refused.rendered),
        })
        .clone()
}

/// A running server.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// A client for it.
    pub client: reqwest::Client,
}

impl TestServer {
    /// Serves the built-in KB.
    pub async fn builtin() -> TestServer {
        let state = AppState::new(LoadedKb::from_engine(builtin_engine(), 0), None);
        TestServer::start(state, false).await
    }

    /// Serves the KB in `dir`, watching it when `watch`.
    pub async fn kb_dir(dir: PathBuf, watch: bool) -> TestServer {
        let state = match AppState::load(Some(dir)) {
            Ok(s) => s,
            Err(refused) => panic!("the fixture KB is refused:\n{}", refused.rendered),
        };
        TestServer::start(state, watch).await
    }

    async fn start(state: AppState, watch: bool) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free loopback port");
        let base = format!("http://{}", listener.local_addr().expect("bound"));
        tokio::spawn(async move {
            if let Err(e) = kompas_serve::serve(listener, state, watch).await {
                panic!("server failed: {e}");
            }
        });
        TestServer {
            base,
            client: reqwest::Client::new(),
        }
    }

    /// The URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }

    /// POST a JSON value.
    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("the server answers")
    }

    /// POST raw bytes with a content type (or none).
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        let mut request = self.client.post(self.url(path)).body(body);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        request.send().await.expect("the server answers")
    }

    /// The text of `/metrics`.
    pub async fn metrics(&self) -> String {
        self.get("/metrics")
            .await
            .text()
            .await
            .expect("metrics text")
    }

    /// Waits (bounded) until `/metrics` contains `needle`.
    pub async fn wait_for_metric(&self, needle: &str, within: Duration) -> String {
        let started = Instant::now();
        loop {
            let text = self.metrics().await;
            if text.contains(needle) {
                return text;
            }
            assert!(
                started.elapsed() < within,
                "`{needle}` did not appear in /metrics within {within:?}:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// The webshop profile of seed 000 §15 (tests/fixtures/webshop.json).
pub fn webshop_profile() -> Value {
    serde_json::from_str(include_str!("../fixtures/webshop.json")).expect("the fixture is JSON")
}

/// A response's JSON body, asserting its status and content type.
pub async fn json_of(response: reqwest::Response, status: u16, content_type: &str) -> Value {
    assert_eq!(
        response.status().as_u16(),
        status,
        "unexpected status for {}",
        response.url()
    );
    let ct = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        ct.starts_with(content_type),
        "content type `{ct}`, expected `{content_type}`"
    );
    response.json().await.expect("a JSON body")
}

/// The pointers of a problem's errors.
pub fn pointers(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["pointer"].as_str().unwrap_or("?").to_owned())
                .collect()
        })
        .unwrap_or_default()
}
