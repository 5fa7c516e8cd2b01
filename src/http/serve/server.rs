//! The HTTP/1.1 server: an accept loop, a thread per connection, and the worker pool for
//! heavy requests.
//!
//! - **Connections** are limited ([`Limits::max_connections`]); one more is handed to a
//!   refusing thread that answers 503 and closes it, so the accept loop never waits. A
//!   request's head and body must arrive within [`Limits::header_timeout`] of its first byte
//!   (a trickling client gets 408), and a kept-alive connection idle for
//!   [`Limits::idle_timeout`] is closed. A connection thread needs no more than a small stack
//!   and is asleep while a worker answers, so idle and slow clients cost threads, not work.
//! - **Light requests** (pages, VoID, the context, entity RDF) are answered on the
//!   connection's thread. **Heavy** ones (queries, whole graphs) go to the [`Pool`]: a full
//!   queue is answered 503 with `Retry-After`. A worker streams the answer straight to the
//!   socket: small answers (up to 64 KiB) get a `Content-Length`, larger ones are sent
//!   chunked as they are produced, so a result is never held whole.
//! - **Deadlines and memory:** each heavy request runs under a memory [`Budget`], and the
//!   timer cancels its token and stops its budget at the timeout. The connection thread
//!   keeps a hard deadline a second later: if the worker has not answered by then, or its
//!   budget stalled it, the connection answers 503 itself (or cuts a stream short) and the
//!   pool replaces the worker.

use super::pool::{Pool, Refused, Task};
use super::protocol::Sink;
use super::{
    Endpoint, Heavy, Limits, MAX_BODY_BYTES, ServeError, WORKER_STACK_BYTES, error, timed_out,
};
use crate::budget::Budget;
use crate::graph::vocab::BaseIri;
use crate::http::wire::{self, Chunked, Deadlined, Head, Unframed, WireError};
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode};
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// The stack of a connection thread: it reads requests and draws pages, nothing deeper.
const CONNECTION_STACK_BYTES: usize = 512 * 1024;
/// Request bodies held at once, across every connection: 1,024 connections that each send
/// 1 MiB, slowly, must not hold a GiB. Past it a request with a body gets 503.
const BODY_BYTES_HELD: usize = 64 * 1024 * 1024;
/// Answers up to this size are sent whole, with a `Content-Length`; larger ones stream.
const WHOLE_BYTES: usize = 64 * 1024;
/// How long after the timeout the connection waits for a worker before answering itself.
const GRACE: Duration = Duration::from_secs(1);

/// Serves `store` at `address` until Ctrl-C: on Ctrl-C, waits up to ten seconds for the
/// requests being answered and exits the process.
pub fn run(
    store: Store,
    base: BaseIri,
    address: std::net::SocketAddr,
    limits: Limits,
) -> Result<(), ServeError> {
    let listener = TcpListener::bind(address).map_err(|source| match source.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::InUse { address },
        _ => ServeError::Listen { address, source },
    })?;
    let bound = listener
        .local_addr()
        .map_err(|source| ServeError::Listen { address, source })?;
    let mut limits = limits;
    // Each connection may use three file descriptors (its socket, the answer's, a
    // worker's); past the process's limit `accept` fails in a loop. So the connections
    // allowed stay within what the descriptors allow, with room for the rest.
    if let Some(files) = open_files_limit() {
        let fit = files.saturating_sub(64) / 3;
        if fit < limits.max_connections {
            eprintln!(
                "cpsu-kg: at most {fit} connections, not {}: the process may open {files} files (raise `ulimit -n` for more)",
                limits.max_connections
            );
            limits.max_connections = fit.max(1);
        }
    }
    let endpoint = Arc::new(Endpoint::new(store, base, limits).map_err(ServeError::Threads)?);
    crate::budget::set_total_limit(limits.memory_total_bytes);
    let pool = Pool::start(super::pool::Limits {
        workers: limits.workers,
        max_workers: limits.max_workers,
        queue: limits.queue,
        stack_bytes: WORKER_STACK_BYTES,
        max_abandoned: limits.max_abandoned,
        max_abandoned_bytes: limits.max_abandoned_bytes,
    })
    .map_err(ServeError::Threads)?;
    let shutdown = Arc::clone(&endpoint);
    ctrlc::set_handler(move || {
        eprintln!("cpsu-kg: shutting down; waiting for running requests");
        let deadline = Instant::now() + Duration::from_secs(10);
        while shutdown.in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("cpsu-kg: stopped");
        std::process::exit(0);
    })?;
    eprintln!("cpsu-kg: serving http://{bound}/ (SPARQL at /sparql; Ctrl-C stops)");
    let open = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(AtomicUsize::new(0));
    let restarter = Arc::new(Restarter {
        bound,
        begun: std::sync::atomic::AtomicBool::new(false),
    });
    let refuser = Refuser::start().map_err(ServeError::Threads)?;
    for accepted in listener.incoming() {
        let tcp = match accepted {
            Ok(tcp) => tcp,
            Err(e) => {
                // Out of file descriptors, or a connection reset before it was taken: wait a
                // moment rather than spin, and go on.
                eprintln!("cpsu-kg: cannot accept a connection: {e}");
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        if open.load(Ordering::SeqCst) >= limits.max_connections {
            refuser.refuse(tcp, "too many open connections; try again shortly");
            continue;
        }
        let Ok(spare) = tcp.try_clone() else {
            continue;
        };
        open.fetch_add(1, Ordering::SeqCst);
        let connection = Connection {
            endpoint: Arc::clone(&endpoint),
            pool: pool.clone(),
            open: Arc::clone(&open),
            bodies: Arc::clone(&bodies),
            restarter: Arc::clone(&restarter),
        };
        let spawned = std::thread::Builder::new()
            .name("cpsu-kg-connection".to_owned())
            .stack_size(CONNECTION_STACK_BYTES)
            .spawn(move || connection.serve(tcp));
        if let Err(e) = spawned {
            // The connection was dropped with the closure, which counted it down.
            eprintln!("cpsu-kg: cannot start a connection thread: {e}");
            refuser.refuse(spare, "the server is out of threads; try again shortly");
        }
    }
    Ok(())
}

/// The soft limit on open files, from `/proc/self/limits` (Linux), if it can be read.
fn open_files_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Answers 503 on connections the server will not serve, and closes them gracefully: one
/// thread writes the answer, stops writing, and reads and drops what the client still sends
/// for up to a second, so that the client can finish its request and read the answer
/// instead of meeting a reset. At most [`Refuser::HELD`] are held; more are closed at once.
struct Refuser(mpsc::SyncSender<(TcpStream, &'static str)>);

impl Refuser {
    const HELD: usize = 256;

    fn start() -> io::Result<Self> {
        let (send, receive) = mpsc::sync_channel::<(TcpStream, &'static str)>(Self::HELD);
        std::thread::Builder::new()
            .name("cpsu-kg-refuser".to_owned())
            .stack_size(CONNECTION_STACK_BYTES)
            .spawn(move || {
                let mut held: Vec<(TcpStream, Instant)> = Vec::new();
                let mut scratch = [0_u8; 4096];
                loop {
                    let incoming = if held.is_empty() {
                        receive.recv().ok()
                    } else {
                        receive.recv_timeout(Duration::from_millis(10)).ok()
                    };
                    if let Some((tcp, message)) = incoming {
                        let _ = tcp.set_write_timeout(Some(Duration::from_millis(200)));
                        let response = busy(message);
                        let mut out = &tcp;
                        let _ = write_response(&mut out, response, false, false);
                        let _ = tcp.shutdown(Shutdown::Write);
                        // Past the most held, the connection is closed at once.
                        if held.len() < Self::HELD && tcp.set_nonblocking(true).is_ok() {
                            held.push((tcp, Instant::now() + Duration::from_secs(1)));
                        }
                    }
                    held.retain_mut(|(tcp, until)| {
                        loop {
                            match tcp.read(&mut scratch) {
                                Ok(0) => return false,
                                Ok(_) => {}
                                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                                    return Instant::now() < *until;
                                }
                                Err(_) => return false,
                            }
                        }
                    });
                }
            })?;
        Ok(Self(send))
    }

    fn refuse(&self, tcp: TcpStream, message: &'static str) {
        // When the refuser is full, the connection is simply closed.
        let _ = self.0.try_send((tcp, message));
    }
}

/// One connection's thread.
struct Connection {
    endpoint: Arc<Endpoint>,
    pool: Pool,
    open: Arc<AtomicUsize>,
    bodies: Arc<AtomicUsize>,
    restarter: Arc<Restarter>,
}

/// Restarts the server in place, to let go of abandoned queries: a stalled thread cannot be
/// unwound, so only a new process gets its memory back. Once abandoned work passes the
/// pool's limits, the server lets the requests being answered finish (up to a second)
/// and replaces itself (`exec` of `/proc/self/exe`) with the same arguments, bound to the
/// same address; it keeps its process id, standard streams and port. Connections made during
/// the swap are refused for the moment it takes to load the data again.
struct Restarter {
    bound: std::net::SocketAddr,
    begun: std::sync::atomic::AtomicBool,
}

impl Restarter {
    fn restart(&self, endpoint: &Arc<Endpoint>, pool: &Pool) {
        if self.begun.swap(true, Ordering::SeqCst) {
            return;
        }
        let (count, bytes) = pool.abandoned();
        eprintln!(
            "cpsu-kg: {count} abandoned queries hold {} MiB; restarting in place to let go of them",
            bytes / (1024 * 1024)
        );
        let endpoint = Arc::clone(endpoint);
        let bound = self.bound;
        let spawned = std::thread::Builder::new()
            .name("cpsu-kg-restart".to_owned())
            .spawn(move || {
                // The requests being answered may finish, for up to a second: meanwhile new
                // queries are refused, so the wait is kept short.
                let deadline = Instant::now() + Duration::from_secs(1);
                while endpoint.in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < deadline
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                // The same arguments, with the address actually bound (`--bind` of port 0
                // would move), and without the `--bind` of earlier restarts, so that they do
                // not pile up.
                let mut args: Vec<std::ffi::OsString> = Vec::new();
                let mut given = std::env::args_os().skip(1);
                while let Some(arg) = given.next() {
                    if arg == "--bind" {
                        given.next();
                    } else if !arg.to_string_lossy().starts_with("--bind=") {
                        args.push(arg);
                    }
                }
                args.extend(["--bind".into(), bound.to_string().into()]);
                loop {
                    // `/proc/self/exe` runs the program this process runs, even if its file
                    // was replaced or removed since.
                    let error = std::os::unix::process::CommandExt::exec(
                        std::process::Command::new("/proc/self/exe").args(&args),
                    );
                    eprintln!(
                        "cpsu-kg: cannot restart ({error}); trying again in 5 s, and queries are refused meanwhile"
                    );
                    std::thread::sleep(Duration::from_secs(5));
                }
            });
        if let Err(e) = spawned {
            eprintln!(
                "cpsu-kg: cannot restart ({e}); queries are refused until the server is restarted"
            );
        }
    }
}

/// Bytes of request bodies reserved against [`BODY_BYTES_HELD`], released when dropped.
struct Reserved {
    bodies: Arc<AtomicUsize>,
    bytes: usize,
}

impl Reserved {
    fn none(bodies: &Arc<AtomicUsize>) -> Self {
        Self {
            bodies: Arc::clone(bodies),
            bytes: 0,
        }
    }

    /// Reserves `bytes` more, as they arrive; `false` when the server holds too much.
    fn grow(&mut self, bytes: usize) -> bool {
        let before = self.bodies.fetch_add(bytes, Ordering::SeqCst);
        if before.saturating_add(bytes) > BODY_BYTES_HELD {
            self.bodies.fetch_sub(bytes, Ordering::SeqCst);
            return false;
        }
        self.bytes += bytes;
        true
    }
}

impl Drop for Reserved {
    fn drop(&mut self) {
        self.bodies.fetch_sub(self.bytes, Ordering::SeqCst);
    }
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A request read off the wire, and what the connection does after answering it.
struct Incoming {
    request: Request<Body>,
    keep_alive: bool,
    /// The body's bytes, held until the answer is sent.
    _reserved: Reserved,
}

/// Why a request could not be read: an answer to send before closing, or nothing.
type Unreadable = Option<Box<Response<Body>>>;

impl Connection {
    fn serve(self, tcp: TcpStream) {
        let _ = tcp.set_nodelay(true);
        let Ok(write_half) = tcp.try_clone() else {
            return;
        };
        let limits = self.endpoint.limits;
        let mut reader =
            BufReader::new(Deadlined::new(tcp, Instant::now() + limits.header_timeout));
        let mut first = true;
        loop {
            // Wait for a request to begin: a new connection has the header deadline, a kept
            // one the idle timeout. Either way, silence ends it.
            let wait = if first {
                limits.header_timeout
            } else {
                limits.idle_timeout
            };
            reader.get_mut().set_deadline(Instant::now() + wait);
            match reader.fill_buf() {
                Ok(bytes) if !bytes.is_empty() => {}
                _ => return,
            }
            first = false;
            reader
                .get_mut()
                .set_deadline(Instant::now() + limits.header_timeout);
            // Out of descriptors: the connection ends.
            let Ok(out_tcp) = write_half.try_clone() else {
                return;
            };
            let mut out = Deadlined::new(
                out_tcp,
                Instant::now() + limits.timeout + limits.header_timeout,
            );
            let incoming = match read_request(&mut reader, &mut out, &self.bodies) {
                Ok(incoming) => incoming,
                Err(answer) => {
                    if let Some(answer) = answer {
                        let _ = write_response(&mut out, *answer, false, false);
                    }
                    linger(&write_half, &mut reader);
                    return;
                }
            };
            self.endpoint.in_flight.fetch_add(1, Ordering::SeqCst);
            let kept = self.answer(incoming, &write_half, out);
            self.endpoint.in_flight.fetch_sub(1, Ordering::SeqCst);
            if !kept {
                let _ = write_half.shutdown(Shutdown::Both);
                return;
            }
        }
    }

    /// Answers one request; returns whether the connection can carry another.
    fn answer(&self, incoming: Incoming, socket: &TcpStream, mut out: Deadlined) -> bool {
        let Incoming {
            mut request,
            keep_alive,
            _reserved,
        } = incoming;
        let head_only = request.method() == Method::HEAD;
        match self.endpoint.heavy(&mut request) {
            None => {
                let response = self.endpoint.handle(&mut request);
                write_response(&mut out, response, keep_alive, head_only).is_ok() && keep_alive
            }
            Some(Err(refusal)) => {
                log(&request, refusal.status(), Instant::now());
                write_response(&mut out, *refusal, keep_alive, head_only).is_ok() && keep_alive
            }
            Some(Ok(heavy)) => self.run_heavy(heavy, &request, socket, out, keep_alive),
        }
    }

    /// Gives up on the work under `budget`, and restarts the server once abandoned work
    /// is over the pool's limits.
    fn abandon(&self, budget: &Arc<Budget>) {
        self.pool.abandon(budget);
        if self.pool.over_abandoned() {
            self.restarter.restart(&self.endpoint, &self.pool);
        }
    }

    /// Runs heavy work on the pool and waits for it, up to the hard deadline.
    fn run_heavy(
        &self,
        heavy: Heavy,
        request: &Request<Body>,
        socket: &TcpStream,
        mut out: Deadlined,
        keep_alive: bool,
    ) -> bool {
        let limits = self.endpoint.limits;
        let started = Instant::now();
        let deadline = started + limits.timeout;
        let token = CancellationToken::new();
        let budget = Budget::with_token(limits.memory_bytes, token.clone());
        // The token at the deadline; the stop switch only after the connection has given
        // up (a second later) and the work has had another second to end cleanly.
        self.endpoint.deadlines.cancel_at(deadline, token.clone());
        self.endpoint
            .deadlines
            .stop_at(deadline + GRACE * 2, Arc::clone(&budget));
        let state = Arc::new(AtomicU8::new(QUEUED));
        let (done, finished) = mpsc::channel::<bool>();
        let head_only = request.method() == Method::HEAD;
        let whole_only = request.version() == oxhttp::model::Version::HTTP_10;
        let task = {
            let endpoint = Arc::clone(&self.endpoint);
            let pool = self.pool.clone();
            let state = Arc::clone(&state);
            let budget = Arc::clone(&budget);
            let token = token.clone();
            let Ok(worker_out) = socket.try_clone() else {
                return false;
            };
            let method = request.method().clone();
            let path = request.uri().path().to_owned();
            let write_deadline = deadline + limits.header_timeout;
            Box::new(move || {
                if state
                    .compare_exchange(QUEUED, RUNNING, Ordering::SeqCst, Ordering::SeqCst)
                    .is_err()
                {
                    // Given up on while it waited in the queue.
                    return true;
                }
                let mut sink = Streamer {
                    extra: heavy.headers().clone(),
                    out: Some(Deadlined::new(worker_out, write_deadline)),
                    chunked: None,
                    state: Arc::clone(&state),
                    media: String::new(),
                    buffer: Vec::new(),
                    keep_alive,
                    head_only,
                    counted: 0,
                    // HTTP/1.0 has no chunked coding: its answers are sent whole.
                    whole_only,
                };
                let answer = if token.is_cancelled() {
                    Some(timed_out(limits.timeout))
                } else {
                    budget.run(|| endpoint.answer(&heavy, &token, &mut sink))
                };
                // A query whose token was cancelled for memory, or to make room, says so,
                // not "timeout".
                let answer = match answer {
                    Some(failed) if budget.over_memory() && !failed.status().is_success() => {
                        Some(over_memory(&limits))
                    }
                    Some(failed)
                        if budget.was_preempted()
                            && failed.status() == StatusCode::SERVICE_UNAVAILABLE =>
                    {
                        Some(preempted(&limits))
                    }
                    answer => answer,
                };
                let status = answer
                    .as_ref()
                    .map_or(StatusCode::OK, Response::status)
                    .as_u16();
                let complete = sink.finish(answer);
                eprintln!(
                    "{method} {path} {status} {}ms",
                    started.elapsed().as_millis()
                );
                if state.load(Ordering::SeqCst) == ABANDONED {
                    pool.ended_after_abandonment(&budget);
                    let _ = done.send(false);
                    return false;
                }
                let _ = done.send(complete);
                true
            }) as Task
        };
        if let Err(refused) = self.pool.submit(task, Some(Arc::clone(&budget))) {
            let response = busy(match refused {
                Refused::Busy => {
                    "the server is busy: every worker is taken and the queue is full; try again shortly"
                }
                Refused::Abandoned => {
                    self.restarter.restart(&self.endpoint, &self.pool);
                    "the server is restarting to let go of abandoned queries; try again in a moment"
                }
            });
            log(request, response.status(), started);
            return write_response(&mut out, response, keep_alive, head_only).is_ok() && keep_alive;
        }
        loop {
            match finished.recv_timeout(Duration::from_millis(50)) {
                Ok(complete) => return complete && keep_alive,
                Err(mpsc::RecvTimeoutError::Disconnected) => return false,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
            // A stalled worker (past twice its memory, or preempted and stopped) cannot
            // answer: the connection does, at once; otherwise it waits for the worker up
            // to the hard deadline.
            let stalled = budget.stalled().is_some();
            if !stalled && Instant::now() < deadline + GRACE {
                continue;
            }
            let response = if budget.over_memory() {
                over_memory(&limits)
            } else if budget.was_preempted() && Instant::now() < deadline {
                preempted(&limits)
            } else {
                timed_out(limits.timeout)
            };
            let status = response.status();
            let taken = |from| {
                state
                    .compare_exchange(from, ABANDONED, Ordering::SeqCst, Ordering::SeqCst)
                    .is_ok()
            };
            if taken(QUEUED) {
                // It never started: nothing to abandon.
                log(request, status, started);
                return write_response(&mut out, response, keep_alive, head_only).is_ok()
                    && keep_alive;
            }
            if taken(RUNNING) {
                self.abandon(&budget);
                log(request, status, started);
                return write_response(&mut out, response, keep_alive, head_only).is_ok()
                    && keep_alive;
            }
            if taken(WRITING) {
                // The answer is half sent: cut it short, so the client sees it incomplete.
                self.abandon(&budget);
                log(request, status, started);
                return false;
            }
            // The worker is finishing: its message is on the way.
        }
    }
}

/// The states of a heavy request, shared by its connection and its worker: whichever
/// moves it out of `RUNNING` first owns the answer.
const QUEUED: u8 = 0;
const RUNNING: u8 = 1;
const WRITING: u8 = 2;
const DONE: u8 = 3;
const ABANDONED: u8 = 4;

/// 503 with `Retry-After: 1`: the server cannot take this now, but may in a moment.
fn busy(message: &str) -> Response<Body> {
    let mut response = error(StatusCode::SERVICE_UNAVAILABLE, message);
    response
        .headers_mut()
        .insert("Retry-After", HeaderValue::from_static("1"));
    response
}

fn preempted(limits: &Limits) -> Response<Body> {
    busy(&format!(
        "the query was stopped to make room: {} long queries were running at once; try again shortly",
        limits.max_workers
    ))
}

fn over_memory(limits: &Limits) -> Response<Body> {
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        &format!(
            "the query was stopped: it needed more memory than it may hold ({} MiB a query, {} MiB for all at once)",
            limits.memory_bytes / (1024 * 1024),
            limits.memory_total_bytes / (1024 * 1024)
        ),
    )
}

/// Closes a connection whose request was refused unread: stops writing, then reads and
/// drops what the client is still sending (up to 16 MiB, for up to 2 s), so that it can
/// finish its request and read the answer instead of meeting a reset.
fn linger(tcp: &TcpStream, reader: &mut BufReader<Deadlined>) {
    let _ = tcp.shutdown(Shutdown::Write);
    reader
        .get_mut()
        .set_deadline(Instant::now() + Duration::from_secs(2));
    let _ = io::copy(&mut reader.take(16 * 1024 * 1024), &mut io::sink());
    let _ = tcp.shutdown(Shutdown::Both);
}

fn log(request: &Request<Body>, status: StatusCode, started: Instant) {
    eprintln!(
        "{} {} {} {}ms",
        request.method(),
        request.uri().path(),
        status.as_u16(),
        started.elapsed().as_millis()
    );
}

/// Reads one request: its head, then (after `100 Continue` if asked) its body.
fn read_request(
    reader: &mut BufReader<Deadlined>,
    out: &mut Deadlined,
    bodies: &Arc<AtomicUsize>,
) -> Result<Incoming, Unreadable> {
    let head = match wire::read_head(reader) {
        Ok(Some(head)) => head,
        Ok(None) => return Err(None),
        Err(e) => return Err(Some(Box::new(unreadable(&e)))),
    };
    let mut parts = head.start.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Some(Box::new(error(
            StatusCode::BAD_REQUEST,
            "malformed request line",
        ))));
    };
    let keep_alive = match version {
        "HTTP/1.1" => !head.lists("Connection", "close"),
        "HTTP/1.0" => head.lists("Connection", "keep-alive"),
        _ => {
            return Err(Some(Box::new(error(
                StatusCode::HTTP_VERSION_NOT_SUPPORTED,
                "only HTTP/1.1 and HTTP/1.0 are spoken",
            ))));
        }
    };
    if head.lists("Expect", "100-continue") {
        out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .map_err(|_| None)?;
    }
    // Room for the body is reserved as it arrives, so that a client that announces much
    // and sends little holds little.
    let mut reserved = Reserved::none(bodies);
    let max_body = usize::try_from(MAX_BODY_BYTES).unwrap_or(usize::MAX);
    let body = wire::read_body_granted(reader, &head, Unframed::Empty, max_body, &mut |n| {
        reserved.grow(n)
    })
    .map_err(|e| Some(Box::new(unreadable(&e))))?;
    let request = build_request(method, target, &head, body).ok_or_else(|| {
        Some(Box::new(error(
            StatusCode::BAD_REQUEST,
            "malformed request: bad method, target or header",
        )))
    })?;
    Ok(Incoming {
        request,
        keep_alive,
        _reserved: reserved,
    })
}

fn build_request(method: &str, target: &str, head: &Head, body: Vec<u8>) -> Option<Request<Body>> {
    let method = Method::from_bytes(method.as_bytes()).ok()?;
    let version = if head.start.ends_with("HTTP/1.0") {
        oxhttp::model::Version::HTTP_10
    } else {
        oxhttp::model::Version::HTTP_11
    };
    let mut builder = Request::builder()
        .method(method)
        .uri(target)
        .version(version);
    for (name, value) in &head.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder.body(Body::from(body)).ok()
}

fn unreadable(e: &WireError) -> Response<Body> {
    match e {
        WireError::Busy => busy("the server holds too many request bodies; try again shortly"),
        WireError::Timeout => error(
            StatusCode::REQUEST_TIMEOUT,
            "the request did not arrive in time",
        ),
        WireError::TooLarge(what) if what.contains("body") => error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body is larger than 1 MiB",
        ),
        WireError::TooLarge(what) => error(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            &format!("{what} is too large"),
        ),
        other => error(StatusCode::BAD_REQUEST, &other.to_string()),
    }
}

/// Writes a status line and the response's header fields, with the framing given.
fn write_head(
    out: &mut impl Write,
    status: StatusCode,
    headers: &oxhttp::model::HeaderMap,
    framing: &str,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    for (name, value) in headers {
        if matches!(
            name.as_str(),
            "content-length" | "transfer-encoding" | "connection"
        ) {
            continue;
        }
        if let Ok(value) = value.to_str() {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if !headers.contains_key("access-control-allow-origin") {
        head.push_str(
            "access-control-allow-origin: *\r\naccess-control-expose-headers: Content-Type\r\n",
        );
    }
    head.push_str(framing);
    head.push_str(if keep_alive {
        "connection: keep-alive\r\n\r\n"
    } else {
        "connection: close\r\n\r\n"
    });
    out.write_all(head.as_bytes())
}

/// Writes a whole response.
fn write_response(
    out: &mut impl Write,
    response: Response<Body>,
    keep_alive: bool,
    head_only: bool,
) -> io::Result<()> {
    let status = response.status();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    response.into_body().read_to_end(&mut body)?;
    write_head(
        out,
        status,
        &headers,
        &format!("content-length: {}\r\n", body.len()),
        keep_alive,
    )?;
    if !head_only {
        out.write_all(&body)?;
    }
    out.flush()
}

/// A worker's side of the socket: buffers the start of a 200 answer and sends it whole if
/// it ends within [`WHOLE_BYTES`], else commits to a chunked stream.
struct Streamer {
    /// The header fields of a 200 answer beyond its type (validators, encoding).
    extra: oxhttp::model::HeaderMap,
    out: Option<Deadlined>,
    chunked: Option<Chunked<Deadlined>>,
    state: Arc<AtomicU8>,
    media: String,
    buffer: Vec<u8>,
    keep_alive: bool,
    head_only: bool,
    /// For HEAD: the bytes a GET would have sent, counted, not kept.
    counted: usize,
    /// Never stream (an HTTP/1.0 client): the answer is held whole, within the budget.
    whole_only: bool,
}

impl Streamer {
    /// Takes the answer from the worker (moves `RUNNING` to `WRITING`), unless the
    /// connection already gave up on it.
    fn take_answer(&self) -> io::Result<()> {
        self.state
            .compare_exchange(RUNNING, WRITING, Ordering::SeqCst, Ordering::SeqCst)
            .map(drop)
            .map_err(|_| io::Error::other("the request was abandoned"))
    }

    fn commit(&mut self) -> io::Result<()> {
        self.take_answer()?;
        let mut out = self
            .out
            .take()
            .ok_or_else(|| io::Error::other("no socket"))?;
        let mut headers = oxhttp::model::HeaderMap::new();
        if let Ok(media) = HeaderValue::from_str(&self.media) {
            headers.insert("content-type", media);
        }
        headers.insert("vary", HeaderValue::from_static("Accept"));
        headers.extend(self.extra.clone());
        write_head(
            &mut out,
            StatusCode::OK,
            &headers,
            "transfer-encoding: chunked\r\n",
            self.keep_alive,
        )?;
        let mut chunked = Chunked::new(out);
        chunked.write_all(&std::mem::take(&mut self.buffer))?;
        self.chunked = Some(chunked);
        Ok(())
    }

    /// Ends the answer: `answer` is the whole response to send instead of the stream, if
    /// any. Returns whether the connection can carry another request.
    fn finish(mut self, answer: Option<Response<Body>>) -> bool {
        let sent = match (answer, self.chunked.take()) {
            // The stream failed half-way: only closing tells the client.
            (Some(_), Some(_)) => false,
            (None, Some(chunked)) => chunked.finish().is_ok(),
            (None, None) if self.head_only => {
                // The head a GET would get, with the length it would have.
                let mut headers = oxhttp::model::HeaderMap::new();
                if let Ok(media) = HeaderValue::from_str(&self.media) {
                    headers.insert("content-type", media);
                }
                headers.insert("vary", HeaderValue::from_static("Accept"));
                headers.extend(self.extra.clone());
                let counted = self.counted;
                self.take_answer().is_ok()
                    && self.out.as_mut().is_some_and(|out| {
                        write_head(
                            out,
                            StatusCode::OK,
                            &headers,
                            &format!("content-length: {counted}\r\n"),
                            self.keep_alive,
                        )
                        .and_then(|()| out.flush())
                        .is_ok()
                    })
            }
            (answer, None) => {
                let response = answer.unwrap_or_else(|| {
                    let mut response = Response::new(Body::from(std::mem::take(&mut self.buffer)));
                    if let Ok(media) = HeaderValue::from_str(&self.media) {
                        response.headers_mut().insert("content-type", media);
                    }
                    response
                        .headers_mut()
                        .insert("vary", HeaderValue::from_static("Accept"));
                    response.headers_mut().extend(self.extra.clone());
                    response
                });
                self.take_answer().is_ok()
                    && self.out.as_mut().is_some_and(|out| {
                        write_response(out, response, self.keep_alive, self.head_only).is_ok()
                    })
            }
        };
        let _ = self
            .state
            .compare_exchange(WRITING, DONE, Ordering::SeqCst, Ordering::SeqCst);
        sent && self.keep_alive
    }
}

impl Sink for Streamer {
    fn start(&mut self, media: &str) -> io::Result<&mut dyn Write> {
        media.clone_into(&mut self.media);
        Ok(self)
    }

    fn restart(&mut self) -> bool {
        if self.chunked.is_some() {
            return false;
        }
        self.media.clear();
        self.buffer.clear();
        self.counted = 0;
        true
    }
}

impl Write for Streamer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.head_only {
            self.counted += buf.len();
            return Ok(buf.len());
        }
        if let Some(chunked) = &mut self.chunked {
            return chunked.write(buf);
        }
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() > WHOLE_BYTES && !self.whole_only {
            self.commit()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
