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
//! writes those as a bare status line. [`Watched`] recognises that answer
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

use std::collections::VecDeque;
use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::response::Response;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tower::util::Oneshot;
use tower::ServiceExt;

use crate::problem::{Problem, ProblemType};
use crate::state::AppState;

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
    let started = Instant::now();
    let metrics = ctx.state.metrics();
    metrics.connection_opened();
    // Counted closed however the task ends, aborted by the deadline included.
    let _open = scopeguard(|| metrics.connection_closed());
    let shared = Arc::new(Shared::new());
    let io = TokioIo::new(Watched::new(stream, shared.clone()));
    let service = AppService {
        app: ctx.app.clone(),
        shared: shared.clone(),
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
    if let Some(status) = shared.replaced() {
        metrics.observe_request("other", "other", status, started.elapsed());
    }
    match outcome {
        Some(Err(e)) if e.is_timeout() && shared.partial_head() => {
            // The client began a request and never finished its head: say so.
            let mut io = conn.into_parts().io.into_inner();
            let bytes = bare_problem(StatusCode::REQUEST_TIMEOUT, None);
            let goodbye = async {
                io.inner.write_all(&bytes).await?;
                io.inner.shutdown().await
            };
            let _ = tokio::time::timeout(GOODBYE_TIMEOUT, goodbye).await;
            metrics.observe_request("other", "other", 408, started.elapsed());
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
}

impl hyper::service::Service<Request<Incoming>> for AppService {
    type Response = Response;
    type Error = Infallible;
    type Future = Oneshot<Router, Request<Body>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        self.shared.called(request.method());
        self.app.clone().oneshot(request.map(Body::new))
    }
}

/// What the service, the I/O wrapper and the connection task know of one connection.
struct Shared {
    started: Instant,
    /// Milliseconds since `started` of the last byte read or written.
    last_activity: AtomicU64,
    state: Mutex<ConnState>,
}

#[derive(Default)]
struct ConnState {
    /// Requests handed to the application.
    calls: u64,
    /// Responses of the application whose last byte was written.
    done: u64,
    /// Bytes read since the last request was handed over.
    read_since_call: u64,
    /// The methods of requests whose response head is not written yet.
    methods: VecDeque<Method>,
    /// The status of hyper's own answer, when [`Watched`] replaced it.
    replaced: Option<u16>,
}

impl Shared {
    fn new() -> Shared {
        Shared {
            started: Instant::now(),
            last_activity: AtomicU64::new(0),
            state: Mutex::new(ConnState::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ConnState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn touch(&self) {
        let now = self.started.elapsed().as_millis() as u64;
        self.last_activity.store(now, Ordering::Relaxed);
    }

    fn quiet_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_activity.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }

    fn called(&self, method: &Method) {
        let mut s = self.lock();
        s.calls += 1;
        s.read_since_call = 0;
        s.methods.push_back(method.clone());
    }

    /// A request is being answered (or its answer written).
    fn busy(&self) -> bool {
        let s = self.lock();
        s.calls > s.done
    }

    /// Bytes of a next request arrived, but no complete head.
    fn partial_head(&self) -> bool {
        let s = self.lock();
        s.read_since_call > 0 && s.calls == s.done
    }

    fn replaced(&self) -> Option<u16> {
        self.lock().replaced
    }
}

/// Where the bytes written to a connection stand.
#[derive(Debug)]
enum Out {
    /// Between responses.
    Between,
    /// Inside a response head of the application (the bytes so far).
    Head(Vec<u8>),
    /// Inside a response body: bytes still to come.
    Body(u64),
    /// A response whose end cannot be told (no `content-length`): nothing is
    /// replaced on this connection any more.
    Untracked,
}

/// A TCP stream that notes activity and replaces hyper's bare error answers
/// with problem responses (see the module docs).
pub(crate) struct Watched {
    inner: TcpStream,
    shared: Arc<Shared>,
    out: Out,
    /// Response heads of the application started so far.
    heads: u64,
    /// A replacement being written, and how much of it is out.
    replacement: Option<(Vec<u8>, usize)>,
    /// After a replacement, hyper's own bytes are dropped.
    swallow: bool,
}

impl Watched {
    fn new(inner: TcpStream, shared: Arc<Shared>) -> Watched {
        shared.touch();
        Watched {
            inner,
            shared,
            out: Out::Between,
            heads: 0,
            replacement: None,
            swallow: false,
        }
    }

    /// Writes the rest of the replacement; `Ready(Ok)` once it is all out.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.replacement {
            if *written == bytes.len() {
                self.replacement = None;
                self.swallow = true;
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
            self.shared.touch();
        }
        Poll::Ready(Ok(()))
    }

    /// Whether `first` is hyper's own error answer: no response of the
    /// application is due or under way, and it is a bare 400/414/431 head.
    fn is_hyper_answer(&self, first: &[u8]) -> Option<StatusCode> {
        if !matches!(self.out, Out::Between) || self.shared.lock().calls > self.heads {
            return None;
        }
        bare_status(first)
    }

    /// Starts replacing hyper's answer `original` (with status `status`).
    fn replace(&mut self, status: StatusCode, original: &[u8]) {
        let date = header_line(original, "date");
        self.replacement = Some((bare_problem(status, date.as_deref()), 0));
        self.shared.lock().replaced = Some(status.as_u16());
        self.out = Out::Untracked;
    }

    /// Follows the bytes written, to know where each response of the application ends.
    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            match &mut self.out {
                Out::Untracked => return,
                Out::Between => {
                    if self.shared.lock().calls > self.heads {
                        self.heads += 1;
                        self.out = Out::Head(Vec::new());
                    } else {
                        self.out = Out::Untracked;
                    }
                }
                Out::Body(left) => {
                    let take = (*left).min(bytes.len() as u64);
                    *left -= take;
                    bytes = &bytes[take as usize..];
                    if *left == 0 {
                        self.response_done();
                    }
                }
                Out::Head(head) => {
                    let before = head.len();
                    head.extend_from_slice(bytes);
                    let Some(end) = find_head_end(head) else {
                        if head.len() > 2 * MAX_HEAD_BYTES {
                            self.out = Out::Untracked;
                        }
                        return;
                    };
                    let consumed = end - before;
                    let framing = response_framing(&head[..end]);
                    bytes = &bytes[consumed..];
                    match framing {
                        Framing::Interim => {
                            // `100 Continue`: the final head is still to come.
                            self.out = Out::Head(Vec::new());
                        }
                        Framing::Length(n) => {
                            let head_request =
                                self.shared.lock().methods.pop_front() == Some(Method::HEAD);
                            self.out = Out::Body(if head_request { 0 } else { n });
                            if matches!(self.out, Out::Body(0)) {
                                self.response_done();
                            }
                        }
                        Framing::Unknown => self.out = Out::Untracked,
                    }
                }
            }
        }
    }

    fn response_done(&mut self) {
        let mut s = self.shared.lock();
        s.done += 1;
        // What was read so far belonged to that request (its body).
        s.read_since_call = 0;
        drop(s);
        self.out = Out::Between;
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = ready!(Pin::new(&mut self.inner).poll_read(cx, buf));
        let n = (buf.filled().len() - before) as u64;
        if n > 0 {
            self.shared.touch();
            self.shared.lock().read_since_call += n;
        }
        Poll::Ready(result)
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacement.is_none() && !this.swallow {
            if let Some(status) = this.is_hyper_answer(buf) {
                this.replace(status, buf);
            }
        }
        if this.replacement.is_some() || this.swallow {
            ready!(this.poll_replacement(cx))?;
            return Poll::Ready(Ok(buf.len()));
        }
        let n = ready!(Pin::new(&mut this.inner).poll_write(cx, buf))?;
        if n > 0 {
            this.shared.touch();
            this.feed(&buf[..n]);
        }
        Poll::Ready(Ok(n))
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let total: usize = bufs.iter().map(|b| b.len()).sum();
        if this.replacement.is_none() && !this.swallow {
            if let Some(first) = bufs.iter().find(|b| !b.is_empty()) {
                if let Some(status) = this.is_hyper_answer(first) {
                    this.replace(status, first);
                }
            }
        }
        if this.replacement.is_some() || this.swallow {
            ready!(this.poll_replacement(cx))?;
            return Poll::Ready(Ok(total));
        }
        let n = ready!(Pin::new(&mut this.inner).poll_write_vectored(cx, bufs))?;
        if n > 0 {
            this.shared.touch();
            let mut left = n;
            for b in bufs {
                if left == 0 {
                    break;
                }
                let take = left.min(b.len());
                this.feed(&b[..take]);
                left -= take;
            }
        }
        Poll::Ready(Ok(n))
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacement(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_replacement(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// The end of a head (after its blank line), if `bytes` holds all of it.
fn find_head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

/// How a response's body ends.
enum Framing {
    /// A 1xx head: another head follows.
    Interim,
    /// A body of this many bytes (0 for 204, 304 and bodiless heads).
    Length(u64),
    /// Chunked, or delimited by closing the connection.
    Unknown,
}

fn response_framing(head: &[u8]) -> Framing {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut response = httparse::Response::new(&mut headers);
    match response.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        _ => return Framing::Unknown,
    }
    let code = response.code.unwrap_or(0);
    if (100..200).contains(&code) {
        return Framing::Interim;
    }
    if code == 204 || code == 304 {
        return Framing::Length(0);
    }
    let mut length = None;
    for h in response.headers.iter() {
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            return Framing::Unknown;
        }
        if h.name.eq_ignore_ascii_case("content-length") {
            length = std::str::from_utf8(h.value)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok());
        }
    }
    length.map_or(Framing::Unknown, Framing::Length)
}

/// The status of a bare 400/414/431 head without a body (hyper's own answer).
fn bare_status(bytes: &[u8]) -> Option<StatusCode> {
    let end = find_head_end(bytes)?;
    let head = &bytes[..end];
    if !(head.starts_with(b"HTTP/1.1 ") || head.starts_with(b"HTTP/1.0 ")) {
        return None;
    }
    let status = match head.get(9..13)? {
        b"400 " => StatusCode::BAD_REQUEST,
        b"414 " => StatusCode::URI_TOO_LONG,
        b"431 " => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        _ => return None,
    };
    let has_content_type = header_line(head, "content-type").is_some();
    (!has_content_type && end == bytes.len()).then_some(status)
}

/// The value of header `name` in a raw head.
fn header_line(head: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(head).ok()?;
    text.split("\r\n").skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

/// A whole HTTP/1.1 response: a problem for `status`, with the security
/// headers, closing the connection.
fn bare_problem(status: StatusCode, date: Option<&str>) -> Vec<u8> {
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
    fn hyper_answers_are_recognised_and_app_answers_are_not() {
        let hyper_400 = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\ndate: Mon, 30 Nov 2026 10:00:00 GMT\r\n\r\n";
        assert_eq!(bare_status(hyper_400), Some(StatusCode::BAD_REQUEST));
        let hyper_431 =
            b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(
            bare_status(hyper_431),
            Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE)
        );
        let app_400 = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(bare_status(app_400), None);
        assert_eq!(bare_status(b"HTTP/1.1 404 Not Found\r\n\r\n"), None);
        assert_eq!(bare_status(b"HTTP/1.1 400 Bad"), None, "a partial head");
        assert_eq!(bare_status(b"{\"a\": 1}"), None);
    }

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

    #[test]
    fn response_framing_follows_content_length() {
        assert!(matches!(
            response_framing(b"HTTP/1.1 200 OK\r\ncontent-length: 12\r\n\r\n"),
            Framing::Length(12)
        ));
        assert!(matches!(
            response_framing(b"HTTP/1.1 100 Continue\r\n\r\n"),
            Framing::Interim
        ));
        assert!(matches!(
            response_framing(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"),
            Framing::Unknown
        ));
        assert!(matches!(
            response_framing(b"HTTP/1.1 304 Not Modified\r\n\r\n"),
            Framing::Length(0)
        ));
    }
}
