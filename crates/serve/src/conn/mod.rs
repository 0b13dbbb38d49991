//! Connections: accepted within a limit, served by hyper's HTTP/1 with
//! timeouts, and stopped gracefully within a deadline.
//!
//! What a client can hold, and for how long:
//! - **connections**: at most [`ConnLimits::max_connections`] at once; past
//!   that, new ones wait in the kernel's accept queue;
//! - **a request head** must arrive within [`ConnLimits::header_read_timeout`]
//!   (hyper's timer, which also runs while a keep-alive connection waits for
//!   its next request, so it is the keep-alive idle limit too); a client that
//!   sent part of a head then gets a 408 problem, a silent one is closed;
//! - **a stalled connection**, on which no byte moves either way for
//!   [`ConnLimits::idle_timeout`] (a client that stops reading its response),
//!   is closed;
//! - **a request** takes at most [`crate::http::REQUEST_TIMEOUT`] (a 408
//!   problem, see [`crate::http`]);
//! - **a request head** is at most [`MAX_HEAD_BYTES`] and 100 header lines.
//!
//! What hyper answers itself, before the application sees a request: a head
//! it cannot parse (400), a head over the size limit (431) and, unreachable
//! here because the head limit is smaller, a URI over 64 KiB (414). hyper
//! writes those as a bare status line. [`watched::Watched`] recognises that answer
//! (a 400/414/431 head with no `content-type`, written where no response of
//! the application is due) and sends in its place a problem+json response
//! with the security headers and `connection: close`; the connection task
//! counts it in `/metrics`.
//!
//! Stopping: on SIGTERM readiness turns 503 and every connection that is not
//! in the middle of a request is closed at once (a silent client is never
//! waited for); the others finish their response and close. While they do,
//! new connections are still answered (one request each, so `/readyz` says
//! 503 rather than the connection being refused). After
//! [`ConnLimits::shutdown_timeout`] whatever is left is closed.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tower::util::Oneshot;
use tower::ServiceExt;

use crate::state::AppState;

mod answer;
mod watched;

use watched::{Shared, Watched};

/// The largest request head (request line and headers) read.
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// The most header lines in a request.
pub const MAX_HEADERS: usize = 100;

/// How long a late 408 answer may take to write before the connection is dropped.
const GOODBYE_TIMEOUT: Duration = Duration::from_secs(1);

/// What one client may hold, and how long a stop may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnLimits {
    /// Time to send a request head (and to start the next one on a keep-alive connection).
    pub header_read_timeout: Duration,
    /// Time a connection may move no byte in either direction.
    pub idle_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// Time from SIGTERM until the last connection is closed.
    pub shutdown_timeout: Duration,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
            shutdown_timeout: Duration::from_secs(10),
        }
    }
}

/// Serves `app` on `listener` until `stop` resolves, then drains (see the module docs).
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    state: AppState,
    limits: ConnLimits,
    stop: impl std::future::Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (phase_tx, phase_rx) = watch::channel(Phase::Serving);
    let ctx = Arc::new(ConnCtx {
        app,
        state: state.clone(),
        limits,
        phase: phase_rx,
    });
    let mut open = JoinSet::new();
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            () = &mut stop => break,
            accepted = accept(&listener, &permits) => accepted,
        };
        open.spawn(connection(accepted, ctx.clone(), false));
        while open.try_join_next().is_some() {}
    }

    // Draining: readiness is 503, connections that are not busy close now.
    state.begin_shutdown();
    let _ = phase_tx.send(Phase::Draining);
    let deadline = tokio::time::Instant::now() + limits.shutdown_timeout;
    let mut late = JoinSet::new();
    while !open.is_empty() {
        tokio::select! {
            () = tokio::time::sleep_until(deadline) => break,
            _ = open.join_next() => {}
            accepted = accept(&listener, &permits) => {
                late.spawn(connection(accepted, ctx.clone(), true));
            }
        }
        while late.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = phase_tx.send(Phase::Closing);
    while !late.is_empty() {
        tokio::select! {
            () = tokio::time::sleep_until(deadline) => break,
            _ = late.join_next() => {}
        }
    }
    let left = open.len() + late.len();
    if left > 0 {
        tracing::warn!(
            connections = left,
            "shutdown deadline reached; closing the connections still open"
        );
    }
    open.abort_all();
    late.abort_all();
}

/// Waits for a free slot, then for a connection.
async fn accept(
    listener: &TcpListener,
    permits: &Arc<Semaphore>,
) -> (TcpStream, OwnedSemaphorePermit) {
    loop {
        let permit = permits
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        match listener.accept().await {
            Ok((stream, _peer)) => return (stream, permit),
            Err(e) => {
                // Out of file descriptors or a connection reset before accept:
                // wait a little rather than spin.
                tracing::debug!(error = %e, "accept failed");
                drop(permit);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Where the server stands; connections react to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    /// Accepting and serving.
    Serving,
    /// Stopping: the connections open before the stop finish their request.
    Draining,
    /// Stopping: no more connections are accepted; all finish their request.
    Closing,
}

/// What every connection task shares.
struct ConnCtx {
    app: Router,
    state: AppState,
    limits: ConnLimits,
    phase: watch::Receiver<Phase>,
}

/// Serves one connection to its end.
async fn connection(
    (stream, _permit): (TcpStream, OwnedSemaphorePermit),
    ctx: Arc<ConnCtx>,
    draining: bool,
) {
    let metrics = ctx.state.metrics();
    metrics.connection_opened();
    // Counted closed however the task ends, aborted by the deadline included.
    let _open = scopeguard(|| metrics.connection_closed());
    let shared = Arc::new(Shared::new(ctx.state.clone()));
    let peer = stream.peer_addr().ok();
    let io = TokioIo::new(Watched::new(stream, shared.clone()));
    let service = AppService {
        app: ctx.app.clone(),
        shared: shared.clone(),
        peer,
    };
    let mut conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(ctx.limits.header_read_timeout)
        .max_buf_size(MAX_HEAD_BYTES.max(8192) * 2)
        .max_header_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS)
        .keep_alive(!draining)
        .serve_connection(io, service);
    // A connection accepted while draining serves one request (no
    // keep-alive) and is only closed early once no new ones are accepted.
    let close_at = if draining {
        Phase::Closing
    } else {
        Phase::Draining
    };
    let mut phase = ctx.phase.clone();
    let mut closing = false;
    let idle = idle_expired(&shared, ctx.limits.idle_timeout);
    tokio::pin!(idle);
    let outcome = loop {
        if !closing && *phase.borrow_and_update() >= close_at {
            closing = true;
            if !shared.busy() {
                break None;
            }
            Pin::new(&mut conn).graceful_shutdown();
        }
        tokio::select! {
            result = &mut conn => break Some(result),
            () = &mut idle => break None,
            changed = phase.changed(), if !closing => {
                if changed.is_err() {
                    break None;
                }
            }
        }
    };
    match outcome {
        Some(Err(e)) if e.is_timeout() && shared.partial_head() => {
            // The client began a request and never finished its head: say so.
            let mut io = conn.into_parts().io.into_inner();
            let bytes = answer::bare_problem(StatusCode::REQUEST_TIMEOUT, None);
            shared.count_answer(408);
            let goodbye = async {
                io.stream_mut().write_all(&bytes).await?;
                io.stream_mut().shutdown().await
            };
            let _ = tokio::time::timeout(GOODBYE_TIMEOUT, goodbye).await;
        }
        Some(Err(e)) => tracing::debug!(error = %e, "connection ended with an error"),
        Some(Ok(())) => {}
        None => tracing::debug!("connection closed: idle, or the server is stopping"),
    }
}

/// Runs `f` when dropped.
fn scopeguard<F: FnOnce()>(f: F) -> impl Drop {
    struct Guard<F: FnOnce()>(Option<F>);
    impl<F: FnOnce()> Drop for Guard<F> {
        fn drop(&mut self) {
            if let Some(f) = self.0.take() {
                f();
            }
        }
    }
    Guard(Some(f))
}

/// Resolves once no byte has moved for `timeout`.
async fn idle_expired(shared: &Shared, timeout: Duration) {
    loop {
        let quiet = shared.quiet_for();
        if quiet >= timeout {
            return;
        }
        tokio::time::sleep(timeout - quiet).await;
    }
}

/// The application as hyper's service; notes each request for [`Watched`].
#[derive(Clone)]
struct AppService {
    app: Router,
    shared: Arc<Shared>,
    /// The client's address, for handlers that ask who is calling (a
    /// single-user server serves only this machine).
    peer: Option<std::net::SocketAddr>,
}

impl hyper::service::Service<Request<Incoming>> for AppService {
    type Response = Response;
    type Error = Infallible;
    type Future = Oneshot<Router, Request<Body>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        self.shared.called(request.method());
        let mut request = request.map(Body::new);
        if let Some(peer) = self.peer {
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        self.app.clone().oneshot(request)
    }
}
