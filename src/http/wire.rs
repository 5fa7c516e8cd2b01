//! HTTP/1.1 on the wire, for the server and the push client: reading a message head and
//! body within limits and deadlines, and writing a chunked body.
//!
//! Only what the two ends need: request and status lines, header fields, bodies framed by
//! `Content-Length`, by chunked transfer coding or (responses only) by the connection
//! closing. Every read has a size limit and a deadline, so a peer that trickles or never
//! stops cannot hold a thread or fill memory.

use std::io::{self, BufRead, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The largest message head (start line and header fields) read.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The most header fields read.
pub const MAX_HEADERS: usize = 100;

/// Why a message could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The deadline passed.
    #[error("the peer took too long")]
    Timeout,
    /// The head or body is larger than allowed.
    #[error("{0} is too large")]
    TooLarge(&'static str),
    /// The peer sent something that is not HTTP/1.1.
    #[error("malformed message: {0}")]
    Malformed(String),
    /// The connection closed before the message ended.
    #[error("the connection closed early")]
    Closed,
    /// The reader may not hold more bytes just now (the server's memory for bodies is
    /// taken).
    #[error("no room for the body just now")]
    Busy,
    /// Reading failed.
    #[error(transparent)]
    Io(io::Error),
}

impl From<io::Error> for WireError {
    fn from(error: io::Error) -> Self {
        match error.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => Self::Timeout,
            io::ErrorKind::UnexpectedEof => Self::Closed,
            _ => Self::Io(error),
        }
    }
}

/// A TCP stream whose reads and writes all end by one deadline: each operation waits at
/// most the time that remains, so a peer that sends a byte now and then cannot stretch it.
#[derive(Debug)]
pub struct Deadlined {
    /// The connection.
    pub tcp: TcpStream,
    deadline: Instant,
}

impl Deadlined {
    /// `tcp`, with every operation ending by `deadline`.
    pub fn new(tcp: TcpStream, deadline: Instant) -> Self {
        Self { tcp, deadline }
    }

    /// Moves the deadline.
    pub fn set_deadline(&mut self, deadline: Instant) {
        self.deadline = deadline;
    }

    fn remaining(&self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the deadline passed",
            ));
        }
        Ok(left)
    }
}

impl Read for Deadlined {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.remaining()?;
        self.tcp.set_read_timeout(Some(left))?;
        self.tcp.read(buf)
    }
}

impl Write for Deadlined {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.remaining()?;
        self.tcp.set_write_timeout(Some(left))?;
        self.tcp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tcp.flush()
    }
}

/// A message head: the start line and the header fields in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The request line or status line.
    pub start: String,
    /// The header fields, names as sent.
    pub headers: Vec<(String, String)>,
}

impl Head {
    /// The first value of a header field, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether a comma-separated header field lists `token` (case-insensitive).
    pub fn lists(&self, name: &str, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }
}

/// Reads one line of at most `limit` bytes (CRLF or LF), without the line ending.
fn read_line(reader: &mut impl BufRead, limit: &mut usize) -> Result<Option<String>, WireError> {
    let mut line = Vec::new();
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return if line.is_empty() {
                Ok(None)
            } else {
                Err(WireError::Closed)
            };
        }
        let (taken, done) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        if taken > *limit {
            return Err(WireError::TooLarge("the message head"));
        }
        *limit -= taken;
        line.extend_from_slice(&available[..taken]);
        reader.consume(taken);
        if done {
            break;
        }
    }
    while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
        line.pop();
    }
    String::from_utf8(line)
        .map(Some)
        .map_err(|_| WireError::Malformed("the head is not UTF-8".to_owned()))
}

/// Reads a message head, or `None` when the connection closes before its first byte.
pub fn read_head(reader: &mut impl BufRead) -> Result<Option<Head>, WireError> {
    let mut limit = MAX_HEAD_BYTES;
    let start = loop {
        match read_line(reader, &mut limit)? {
            None => return Ok(None),
            // A client may send empty lines between messages (RFC 9112, 2.2).
            Some(line) if line.is_empty() => continue,
            Some(line) => break line,
        }
    };
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader, &mut limit)?.ok_or(WireError::Closed)?;
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            return Err(WireError::Malformed(
                "folded header lines are not allowed".to_owned(),
            ));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(WireError::Malformed(format!(
                "a header line without a colon: {line:.80}"
            )));
        };
        if name.is_empty() || name.contains(|c: char| c.is_whitespace()) {
            return Err(WireError::Malformed(format!(
                "a bad header name: {name:.80}"
            )));
        }
        if headers.len() == MAX_HEADERS {
            return Err(WireError::TooLarge("the header section"));
        }
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    Ok(Some(Head { start, headers }))
}

/// How a message's body ends when no length is given: a request has none, a response
/// runs to the end of the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unframed {
    /// No body.
    Empty,
    /// The body runs until the peer closes.
    UntilClose,
}

/// Reads the body the head announces, of at most `max` bytes.
pub fn read_body(
    reader: &mut impl BufRead,
    head: &Head,
    unframed: Unframed,
    max: usize,
) -> Result<Vec<u8>, WireError> {
    read_body_granted(reader, head, unframed, max, &mut |_| true)
}

/// How much is read before more room is asked for.
const STEP: usize = 64 * 1024;

/// Appends exactly `n` bytes to `body`, asking `grant` for room a step at a time, as they
/// arrive: a peer that announces much and sends little holds little.
fn append(
    reader: &mut impl BufRead,
    body: &mut Vec<u8>,
    n: usize,
    grant: &mut dyn FnMut(usize) -> bool,
) -> Result<(), WireError> {
    let mut left = n;
    while left > 0 {
        let step = left.min(STEP);
        if !grant(step) {
            return Err(WireError::Busy);
        }
        let start = body.len();
        body.resize(start + step, 0);
        reader.read_exact(&mut body[start..])?;
        left -= step;
    }
    Ok(())
}

/// [`read_body`], asking `grant` for room before each step of the body is held.
pub fn read_body_granted(
    reader: &mut impl BufRead,
    head: &Head,
    unframed: Unframed,
    max: usize,
    grant: &mut dyn FnMut(usize) -> bool,
) -> Result<Vec<u8>, WireError> {
    let lengths: Vec<&str> = head
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .map(|(_, v)| v.trim())
        .collect();
    if unframed == Unframed::Empty {
        // A request framed two ways is how requests are smuggled past a proxy: refused
        // (RFC 9112, 6.3).
        if head.header("Transfer-Encoding").is_some() && !lengths.is_empty() {
            return Err(WireError::Malformed(
                "both Transfer-Encoding and Content-Length".to_owned(),
            ));
        }
        if lengths.windows(2).any(|pair| pair[0] != pair[1]) {
            return Err(WireError::Malformed(
                "Content-Length given twice, differently".to_owned(),
            ));
        }
    }
    if let Some(coding) = head.header("Transfer-Encoding") {
        if !coding.trim().eq_ignore_ascii_case("chunked") {
            return Err(WireError::Malformed(format!(
                "unsupported transfer coding `{coding}`"
            )));
        }
        return read_chunked(reader, max, grant);
    }
    if let Some(length) = head.header("Content-Length") {
        let length: usize = length
            .trim()
            .parse()
            .map_err(|_| WireError::Malformed(format!("a bad Content-Length `{length}`")))?;
        if length > max {
            return Err(WireError::TooLarge("the body"));
        }
        let mut body = Vec::new();
        append(reader, &mut body, length, grant)?;
        return Ok(body);
    }
    match unframed {
        Unframed::Empty => Ok(Vec::new()),
        Unframed::UntilClose => {
            let mut body = Vec::new();
            reader.take(max as u64 + 1).read_to_end(&mut body)?;
            if body.len() > max {
                return Err(WireError::TooLarge("the body"));
            }
            Ok(body)
        }
    }
}

fn read_chunked(
    reader: &mut impl BufRead,
    max: usize,
    grant: &mut dyn FnMut(usize) -> bool,
) -> Result<Vec<u8>, WireError> {
    let mut body = Vec::new();
    loop {
        let mut limit = 1024;
        let line = read_line(reader, &mut limit)?.ok_or(WireError::Closed)?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16)
            .map_err(|_| WireError::Malformed(format!("a bad chunk size `{size:.20}`")))?;
        if size == 0 {
            // Trailer fields, up to the empty line, are read and dropped.
            let mut limit = MAX_HEAD_BYTES;
            while !read_line(reader, &mut limit)?
                .ok_or(WireError::Closed)?
                .is_empty()
            {}
            return Ok(body);
        }
        if size > max.saturating_sub(body.len()) {
            return Err(WireError::TooLarge("the body"));
        }
        append(reader, &mut body, size, grant)?;
        let mut limit = 2;
        if !read_line(reader, &mut limit)?
            .ok_or(WireError::Closed)?
            .is_empty()
        {
            return Err(WireError::Malformed(
                "a chunk longer than its size".to_owned(),
            ));
        }
    }
}

/// Writes a body in chunked transfer coding, in chunks of about 16 KiB;
/// [`Chunked::finish`] writes the last chunk.
pub struct Chunked<W: Write> {
    out: W,
    buffer: Vec<u8>,
}

const CHUNK: usize = 16 * 1024;

impl<W: Write> Chunked<W> {
    /// A chunked body written to `out`.
    pub fn new(out: W) -> Self {
        Self {
            out,
            buffer: Vec::with_capacity(CHUNK),
        }
    }

    fn emit(&mut self) -> io::Result<()> {
        if !self.buffer.is_empty() {
            write!(self.out, "{:x}\r\n", self.buffer.len())?;
            self.out.write_all(&self.buffer)?;
            self.out.write_all(b"\r\n")?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// Writes what is buffered and the last chunk, and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.emit()?;
        self.out.write_all(b"0\r\n\r\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Write for Chunked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() >= CHUNK {
            self.emit()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit()?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::BufReader;

    fn head(text: &str) -> Result<Option<Head>, WireError> {
        read_head(&mut BufReader::new(text.as_bytes()))
    }

    #[test]
    fn heads_are_read_with_their_fields() {
        let read =
            head("\r\nGET /x HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\n\r\n")
                .expect("a head")
                .expect("not closed");
        assert_eq!(read.start, "GET /x HTTP/1.1");
        assert_eq!(read.header("host"), Some("a"));
        assert!(read.lists("connection", "upgrade"));
        assert!(head("").expect("closed").is_none());
    }

    #[test]
    fn bad_and_huge_heads_are_refused() {
        assert!(matches!(
            head("GET / HTTP/1.1\r\n folded\r\n\r\n"),
            Err(WireError::Malformed(_))
        ));
        assert!(matches!(
            head("GET / HTTP/1.1\r\nno colon\r\n\r\n"),
            Err(WireError::Malformed(_))
        ));
        assert!(matches!(
            head("GET / HTTP/1.1\r\nA: b"),
            Err(WireError::Closed)
        ));
        let long = format!(
            "GET / HTTP/1.1\r\nA: {}\r\n\r\n",
            "x".repeat(MAX_HEAD_BYTES)
        );
        assert!(matches!(head(&long), Err(WireError::TooLarge(_))));
        let many: String = (0..=MAX_HEADERS).map(|i| format!("H{i}: v\r\n")).collect();
        assert!(matches!(
            head(&format!("GET / HTTP/1.1\r\n{many}\r\n")),
            Err(WireError::TooLarge(_))
        ));
    }

    #[test]
    fn chunked_bodies_round_trip_and_are_bounded() {
        let mut out = Chunked::new(Vec::new());
        out.write_all(&vec![b'a'; CHUNK + 5]).expect("write");
        out.write_all(b"tail").expect("write");
        let wire = out.finish().expect("finish");
        let head = Head {
            start: String::new(),
            headers: vec![("Transfer-Encoding".into(), "chunked".into())],
        };
        let body = read_body(
            &mut BufReader::new(&wire[..]),
            &head,
            Unframed::Empty,
            1 << 20,
        )
        .expect("a body");
        assert_eq!(body.len(), CHUNK + 9);
        assert!(matches!(
            read_body(&mut BufReader::new(&wire[..]), &head, Unframed::Empty, 100),
            Err(WireError::TooLarge(_))
        ));
        // A chunk size near the top of the range is too large, not an overflow.
        let huge = b"1\r\na\r\nffffffffffffffff\r\n";
        assert!(matches!(
            read_body(&mut BufReader::new(&huge[..]), &head, Unframed::Empty, 100),
            Err(WireError::TooLarge(_))
        ));
        // Room is asked for as the body arrives; refused, the read stops.
        let mut granted = 0;
        let refused = read_body_granted(
            &mut BufReader::new(&wire[..]),
            &head,
            Unframed::Empty,
            1 << 20,
            &mut |n| {
                granted += n;
                granted <= 1024
            },
        );
        assert!(matches!(refused, Err(WireError::Busy)));
        let sized = Head {
            start: String::new(),
            headers: vec![("Content-Length".into(), "3".into())],
        };
        assert_eq!(
            read_body(
                &mut BufReader::new(&b"abcdef"[..]),
                &sized,
                Unframed::Empty,
                10
            )
            .expect("a body"),
            b"abc"
        );
    }
}
