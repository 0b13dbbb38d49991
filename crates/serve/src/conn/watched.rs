//! The I/O side of one connection: [`Watched`] wraps the TCP stream, notes
//! when bytes move (for the idle timeout) and follows the responses written
//! (content-length framing), so that it can tell hyper's own bare error
//! answer from the application's and send a problem in its place.
//! [`Shared`] is what it, the service and the connection task know.

use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

use super::answer::bare_problem;
use super::MAX_HEAD_BYTES;
use crate::state::AppState;

/// What the service, the I/O wrapper and the connection task know of one connection.
pub(super) struct Shared {
    started: Instant,
    /// Milliseconds since `started` of the last byte read or written.
    last_activity: AtomicU64,
    state: Mutex<ConnState>,
    /// Where answers the connection layer writes itself are counted.
    app: AppState,
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
}

impl Shared {
    pub(super) fn new(app: AppState) -> Shared {
        Shared {
            started: Instant::now(),
            last_activity: AtomicU64::new(0),
            state: Mutex::new(ConnState::default()),
            app,
        }
    }

    /// Counts an answer of the connection layer (in `/metrics` before the
    /// client can see it, so a client that reads `/metrics` next finds it).
    pub(super) fn count_answer(&self, status: u16) {
        self.app
            .metrics()
            .observe_request("other", "other", status, self.started.elapsed());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ConnState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn touch(&self) {
        let now = self.started.elapsed().as_millis() as u64;
        self.last_activity.store(now, Ordering::Relaxed);
    }

    pub(super) fn quiet_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_activity.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }

    pub(super) fn called(&self, method: &Method) {
        let mut s = self.lock();
        s.calls += 1;
        s.read_since_call = 0;
        s.methods.push_back(method.clone());
    }

    /// A request is being answered (or its answer written).
    pub(super) fn busy(&self) -> bool {
        let s = self.lock();
        s.calls > s.done
    }

    /// Bytes of a next request arrived, but no complete head.
    pub(super) fn partial_head(&self) -> bool {
        let s = self.lock();
        s.read_since_call > 0 && s.calls == s.done
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
pub(super) struct Watched {
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
    pub(super) fn new(inner: TcpStream, shared: Arc<Shared>) -> Watched {
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

    /// The stream itself, for a last answer after hyper is done with it.
    pub(super) fn stream_mut(&mut self) -> &mut TcpStream {
        &mut self.inner
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
        self.shared.count_answer(status.as_u16());
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
                    // Only the head is kept, never the body written with it.
                    let Some(consumed) = head_end_in(head, bytes) else {
                        head.extend_from_slice(bytes);
                        if head.len() > 2 * MAX_HEAD_BYTES {
                            self.out = Out::Untracked;
                        }
                        return;
                    };
                    head.extend_from_slice(&bytes[..consumed]);
                    let framing = response_framing(head);
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

/// How many bytes of `bytes` complete a head that `before` began, if they do.
fn head_end_in(before: &[u8], bytes: &[u8]) -> Option<usize> {
    const END: &[u8] = b"\r\n\r\n";
    // The blank line may straddle the two: look at the seam first.
    let tail = &before[before.len().saturating_sub(3)..];
    for k in 0..bytes.len().min(3) {
        let need = END.len() - (k + 1);
        if tail.len() >= need
            && tail[tail.len() - need..] == END[..need]
            && bytes[..=k] == END[need..]
        {
            return Some(k + 1);
        }
    }
    find_head_end(bytes)
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
    fn a_head_end_is_found_across_writes() {
        assert_eq!(head_end_in(b"", b"HTTP/1.1 200 OK\r\n\r\nbody"), Some(19));
        assert_eq!(head_end_in(b"HTTP/1.1 200 OK\r\n", b"\r\nbody"), Some(2));
        assert_eq!(head_end_in(b"HTTP/1.1 200 OK\r\n\r", b"\nbody"), Some(1));
        assert_eq!(head_end_in(b"HTTP/1.1 200 OK\r", b"\n\r\n"), Some(3));
        assert_eq!(head_end_in(b"HTTP/1.1 200 OK", b"\r\nx: y"), None);
        assert_eq!(head_end_in(b"\r\n", b"x\r\n\r\n"), Some(5));
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
