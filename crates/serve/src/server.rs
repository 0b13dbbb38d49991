//! Assembling the router and running the server until SIGTERM or Ctrl-C.

use std::net::SocketAddr;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use crate::backend::Refused;
use crate::config::ServeConfig;
use crate::extract::MAX_BODY_BYTES;
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
    #[error("cannot listen on {addr}: {source}")]
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

/// The whole application: API, operational endpoints, site and middleware.
pub fn router(state: AppState) -> Router {
    let (api_routes, _openapi) = api::routes().split_for_parts();
    let mut app = Router::new()
        .merge(api_routes)
        .route("/", get(site::index))
        .route("/assets/{*path}", get(site::asset))
        .route("/favicon.ico", get(site::favicon))
        .nest("/api", Router::new().fallback(api::not_found))
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not found") })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            http::track,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            http::REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::custom(|_panic| {
            axum::response::IntoResponse::into_response(Problem::new(
                ProblemType::Internal,
                "the server hit a bug; it has been logged",
            ))
        }));
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
    serve(listener, state, config.watch).await
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
    let addr = listener.local_addr()?;
    let kb = state.kb();
    tracing::info!(
        url = %format!("http://{addr}"),
        kb = %kb.info.id,
        version = %kb.info.version,
        digest = %kb.info.digest,
        warnings = kb.warnings,
        source = %state.kb_dir().map(|d| d.display().to_string()).unwrap_or_else(|| "built-in".into()),
        "kompas serving"
    );
    let _watcher = if watch {
        reload::watch(state.clone(), reload::DEBOUNCE)?
    } else {
        None
    };
    spawn_reload_on_sighup(state.clone());
    // The peer address tells a single-user server which requests come from this machine.
    let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal(state))
        .await?;
    tracing::info!("kompas stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM; readiness turns 503 while requests drain.
async fn shutdown_signal(state: AppState) {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C: shutting down"),
        () = terminate => tracing::info!("SIGTERM: shutting down"),
    }
    state.begin_shutdown();
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
