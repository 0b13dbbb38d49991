//! `kompas serve`: the HTTP API and the interactive site.
//!
//! - [`config`]: what the CLI passes in ([`ServeConfig`], [`LogFormat`]);
//! - [`state`]: the loaded KB (an [`kompas_engine::Engine`] behind an atomic
//!   swap, so a reload never interrupts a request) and the metrics;
//! - [`reload`]: `--watch` and SIGHUP reloads; a KB that fails check is refused
//!   and the last good one keeps serving;
//! - [`api`]: the JSON API v1 and its generated OpenAPI document ([`openapi`]);
//! - [`problem`] and [`extract`]: RFC 9457 problem responses for bad requests;
//! - [`site`]: the embedded front end (no CDN, works offline);
//! - [`http`]: the middleware stack (security headers, timeouts, metrics,
//!   problem details for every error);
//! - [`conn`]: connections (limits, header and idle timeouts, hyper's own
//!   error answers as problems, graceful stop with a deadline);
//! - [`addr`]: `--addr` as `HOST:PORT` or a bare port;
//! - [`json`]: request bodies without duplicate keys;
//! - [`metrics`]: Prometheus text exposition;
//! - [`cache`]: rendered assessments of repeated profiles;
//! - [`encoding`]: gzip for large JSON documents, when the client asks;
//! - [`records`] and [`records_api`]: decision records (store, drift review,
//!   metrics) and their HTTP API; [`auth`]: who may do what with them;
//! - [`mcp_http`]: the Model Context Protocol at `/mcp` (tools and resources
//!   for AI agents, with the records API's authentication).
//!
//! The CLI calls [`run`] (inside a tokio runtime) or [`run_blocking`]; tests
//! call [`router`] with an [`AppState`].

pub mod addr;
pub mod api;
pub mod auth;
pub mod backend;
pub mod cache;
pub mod config;
pub mod conn;
pub mod encoding;
pub mod extract;
pub mod http;
pub mod json;
pub mod logging;
pub mod mcp_http;
pub mod metrics;
pub mod openapi;
pub mod problem;
pub mod query;
pub mod records;
pub mod records_api;
pub mod reload;
pub mod server;
pub mod site;
pub mod state;

pub use addr::parse_addr;
pub use config::{LogFormat, ServeConfig};
pub use conn::ConnLimits;
pub use records::{Records, RecordsConfig};
pub use server::{router, run, run_blocking, serve, serve_with, ServeError};
pub use state::{AppState, LoadedKb};
