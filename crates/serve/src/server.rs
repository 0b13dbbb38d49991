//! Assembling the router and running the server until SIGTERM or Ctrl-C.

use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;

use crate::backend::Refused;
use crate::config::ServeConfig;
use crate::conn::{self, ConnLimits};
use crate::extract::MAX_BODY_BYTES;
use crate::logging::clean;
use crate::problem::{Problem, ProblemType};
use crate::state::AppState;
use crate::{api, http, logging, reload, site};

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The KB failed check; nothing was served.
    #[error("the knowledge base was refused ({} error(s)):\n{}", .0.errors, .0.rendered)]
    KbRefused(Refused),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {}", bind_advice(.source, .addr))]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// `--watch` could not watch the KB directory.
    #[error("cannot watch the KB directory: {0}")]
    Watch(#[from] notify::Error),
    /// The server failed while running.
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
    /// Decision records could not be set up (database or auth).
    #[error("{0}")]
    Records(String),
}

/// Why an address could not be bound, and what to do.
fn bind_advice(error: &std::io::Error, addr: &SocketAddr) -> String {
    let other = SocketAddr::new(addr.ip(), addr.port().wrapping_add(1).max(1024));
    match error.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "the port is already in use (another kompas serve?); choose another with --addr, e.g. --addr {other}"
        ),
        std::io::ErrorKind::PermissionDenied => format!(
            "permission denied (ports below 1024 need privileges); choose another with --addr, e.g. --addr {other}"
        ),
        std::io::ErrorKind::AddrNotAvailable => format!(
            "the address is not one of this machine's; choose another with --addr, e.g. --addr 127.0.0.1:{}",
            addr.port()
        ),
        _ => format!("{error}; choose another address with --addr, e.g. --addr 127.0.0.1:8081"),
    }
}

/// The whole application: API, operational endpoints, site and middleware.
pub fn router(state: AppState) -> Router {
    let (api_routes, _openapi) = api::routes().split_for_parts();
    let mut app = Router::new()
        .merge(api_routes)
        .route("/", get(site::index))
        .route("/assets/{*path}", get(site::asset))
        .route("/favicon.ico", get(site::favicon))
        .route(
            crate::mcp_http::PATH,
            axum::routing::any(crate::mcp_http::handle),
        )
        .nest("/api", Router::new().fallback(api::not_found))
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not found") })
        // Innermost first: the body limit, then the guard (request line,
        // timeout, problem details for every error), then the panic catcher,
        // so that `track` counts and logs what the client really gets.
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(http::guard))
        .layer(CatchPanicLayer::custom(|_panic| {
            axum::response::IntoResponse::into_response(Problem::new(
                ProblemType::Internal,
                "the server hit a bug; it has been logged",
            ))
        }))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::track,
        ));
    for layer in http::security_header_layers() {
        app = app.layer(layer);
    }
    app.with_state(state)
}

/// Runs the server as configured until SIGTERM or Ctrl-C; initialises logging.
pub async fn run(config: ServeConfig) -> Result<(), ServeError> {
    logging::init(config.log_format);
    let kb_dir = config.kb_dir.clone();
    let state = tokio::task::spawn_blocking(move || AppState::load(kb_dir))
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .map_err(ServeError::KbRefused)?;
    let records = crate::records::Records::open(&config.records)
        .await
        .map_err(ServeError::Records)?;
    state.set_records(records);
    crate::records::spawn_drift_watch(state.clone());
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    serve_with(listener, state, config.watch, config.limits).await
}

/// [`run`] on a runtime of its own, for callers without one.
pub fn run_blocking(config: ServeConfig) -> Result<(), ServeError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(config))
}

/// Serves `state` on a bound listener until SIGTERM or Ctrl-C (tests bind port 0).
pub async fn serve(listener: TcpListener, state: AppState, watch: bool) -> Result<(), ServeError> {
    serve_with(listener, state, watch, ConnLimits::default()).await
}

/// [`serve`] with explicit connection limits.
pub async fn serve_with(
    listener: TcpListener,
    state: AppState,
    watch: bool,
    limits: ConnLimits,
) -> Result<(), ServeError> {
    let addr = listener.local_addr()?;
    // Signal handlers and the watch first: once the address is logged,
    // scripts may send SIGHUP or SIGTERM at once.
    let stop = shutdown_signal();
    spawn_reload_on_sighup(state.clone());
    let _watcher = if watch {
        reload::watch(state.clone(), reload::DEBOUNCE)?
    } else {
        None
    };
    let kb = state.kb();
    let source = state
        .kb_dir()
        .map(|d| clean(&d.display().to_string()))
        .unwrap_or_else(|| "built-in".into());
    tracing::info!(
        url = %format!("http://{addr}"),
        kb = %clean(&kb.info.id),
        version = %clean(&kb.info.version),
        digest = %kb.info.digest,
        warnings = kb.warnings,
        %source,
        "kompas serving"
    );
    conn::serve(listener, router(state.clone()), state.clone(), limits, stop).await;
    tracing::info!("kompas stopped");
    Ok(())
}

/// A future that resolves on Ctrl-C or SIGTERM (the connections then drain,
/// see [`conn`]). The handlers are installed before it returns, so a signal
/// sent as soon as the server has logged its address is not lost.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let mut terminate =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let ctrl_c = tokio::signal::ctrl_c();
    async move {
        #[cfg(unix)]
        let terminate = async {
            match terminate.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let terminate = std::future::pending::<()>();
        tokio::select! {
            _ = ctrl_c => tracing::info!("Ctrl-C: shutting down"),
            () = terminate => tracing::info!("SIGTERM: shutting down"),
        }
    }
}

#[cfg(unix)]
fn spawn_reload_on_sighup(state: AppState) {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::hangup()) {
        Ok(mut hangups) => {
            tokio::spawn(async move {
                while hangups.recv().await.is_some() {
                    reload::reload(&state, "SIGHUP").await;
                }
            });
        }
        Err(e) => {
            tracing::warn!(error = %e, "cannot listen for SIGHUP; reload with --watch instead")
        }
    }
}

#[cfg(not(unix))]
fn spawn_reload_on_sighup(_state: AppState) {}
