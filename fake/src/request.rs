//! Reading one HTTP/1.1 request off a connection, within bounds that a broken or hostile
//! client cannot push past: the head is scanned once (each read looks only at the new
//! bytes), heads and bodies have a size limit, a request must arrive within a deadline
//! once begun, and a body is framed by a valid `Content-Length` or by chunks, never
//! guessed. What breaks a bound is answered with its status before the connection closes.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{timeout_at, Instant};

use crate::http::HttpRequest;

/// The bounds the fake serves within.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections served at once; more are closed as they arrive, so that a client
    /// opening thousands cannot exhaust the test process's file descriptors.
    pub connections: usize,
    /// Largest request head (request line and headers).
    pub head: usize,
    /// Largest body, as sent (before any decoding).
    pub body: usize,
    /// How long a kept-alive connection may wait for its next request.
    pub idle: Duration,
    /// How long a request may take to arrive once its first byte has.
    pub request: Duration,
}

/// The fake's bounds: far above what a Stripe client sends (Stripe's own limit for a
/// file upload is 16 MB), far below what would slow a test.
pub const LIMITS: Limits = Limits {
    connections: 512,
    head: 64 << 10,
    body: 16 << 20,
    idle: Duration::from_secs(120),
    request: Duration::from_secs(30),
};

/// What reading gave.
#[derive(Debug)]
pub enum Read {
    /// A whole request.
    Request(HttpRequest),
    /// A request refused before it was whole: answer this status, then close.
    Refused {
        /// The HTTP status (400, 408, 413, 431).
        status: u16,
        /// Why, for the error's message.
        message: &'static str,
    },
    /// The peer closed the connection, or went quiet, between requests.
    Closed,
}

fn refused(status: u16, message: &'static str) -> Read {
    Read::Refused { status, message }
}

/// Reads the next request from `stream`; `buffer` keeps bytes that arrived beyond it
/// (a pipelined request) for the next call.
pub async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>, limits: Limits) -> Read {
    let mut scanned = 0;
    let mut deadline = Instant::now() + limits.idle;
    let (head_len, body_start) = loop {
        if let Some(found) = head_end(buffer, scanned) {
            break found;
        }
        scanned = buffer.len();
        if buffer.len() > limits.head {
            return refused(431, "The request's headers are too large.");
        }
        let started = !buffer.is_empty();
        match read_more(stream, buffer, deadline).await {
            Some(0) if started => return refused(400, "The request ended within its headers."),
            Some(0) => return Read::Closed,
            Some(_) if !started => deadline = Instant::now() + limits.request,
            Some(_) => {}
            None if started => return refused(408, "The request took too long to arrive."),
            None => return Read::Closed,
        }
    };
    if head_len > limits.head {
        return refused(431, "The request's headers are too large.");
    }
    let Some(mut request) = parse_head(&String::from_utf8_lossy(&buffer[..head_len])) else {
        return refused(400, "The request's head is malformed.");
    };
    buffer.drain(..body_start);
    let framing = match framing(&request, limits) {
        Ok(framing) => framing,
        Err(read) => return read,
    };
    if expects_continue(&request, &framing) && !write_continue(stream).await {
        return Read::Closed;
    }
    let body = match framing {
        Framing::Length(length) => read_exact(stream, buffer, length, deadline).await,
        Framing::Chunked => read_chunked(stream, buffer, limits.body, deadline).await,
    };
    match body {
        Ok(body) => {
            request.body = body;
            Read::Request(request)
        }
        Err(read) => read,
    }
}

/// Where the head ends: its length and where the body starts. Lines end in CRLF or a
/// bare LF; the scan resumes a few bytes before `from`, where the last one stopped.
fn head_end(buffer: &[u8], from: usize) -> Option<(usize, usize)> {
    let start = from.saturating_sub(3);
    let newline = buffer[start..]
        .iter()
        .enumerate()
        .find_map(|(offset, byte)| {
            let at = start + offset;
            let rest = &buffer[at + 1..];
            (*byte == b'\n' && at > 0)
                .then(|| {
                    if rest.starts_with(b"\n") {
                        Some((at, at + 2))
                    } else if rest.starts_with(b"\r\n") {
                        Some((at, at + 3))
                    } else {
                        None
                    }
                })
                .flatten()
        })?;
    Some(newline)
}

/// The request line and headers; `None` when they are not HTTP/1.x.
fn parse_head(head: &str) -> Option<HttpRequest> {
    let mut lines = head
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .skip_while(|line| line.is_empty());
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next().filter(|m| is_token(m))?.to_owned();
    let target = request_line.next().filter(|t| t.starts_with('/'))?;
    let version = request_line.next()?;
    if !version.starts_with("HTTP/1.") || request_line.next().is_some() {
        return None;
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':')?;
        if !is_token(name) {
            return None;
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    Some(HttpRequest {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body: Vec::new(),
    })
}

fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// How the body is delimited.
enum Framing {
    Length(usize),
    Chunked,
}

/// The body's framing from the headers: one valid `Content-Length`, or
/// `Transfer-Encoding: chunked` alone (both at once is how requests are smuggled past
/// proxies, so it is refused).
fn framing(request: &HttpRequest, limits: Limits) -> Result<Framing, Read> {
    let lengths: Vec<&str> = all(request, "content-length").collect();
    let encodings: Vec<&str> = all(request, "transfer-encoding").collect();
    if !encodings.is_empty() {
        let chunked = encodings.len() == 1 && encodings[0].eq_ignore_ascii_case("chunked");
        return match (chunked, lengths.is_empty()) {
            (true, true) => Ok(Framing::Chunked),
            (true, false) => Err(refused(400, "The request has both a Content-Length and a Transfer-Encoding.")),
            (false, _) => Err(refused(400, "The request's Transfer-Encoding is not supported: send chunked, or a Content-Length.")),
        };
    }
    let mut length = None;
    for value in lengths {
        let valid = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
        let Some(parsed) = valid.then(|| value.parse::<u64>().ok()).flatten() else {
            return Err(refused(
                400,
                "The request's Content-Length is not a number.",
            ));
        };
        if length.is_some_and(|seen| seen != parsed) {
            return Err(refused(
                400,
                "The request has two different Content-Length headers.",
            ));
        }
        length = Some(parsed);
    }
    match length.unwrap_or(0) {
        length if length > limits.body as u64 => Err(refused(
            413,
            "The request's body is too large (at most 16 MB).",
        )),
        length => Ok(Framing::Length(length as usize)),
    }
}

fn all<'r>(request: &'r HttpRequest, name: &'r str) -> impl Iterator<Item = &'r str> {
    request
        .headers
        .iter()
        .filter(move |(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn expects_continue(request: &HttpRequest, framing: &Framing) -> bool {
    let has_body = !matches!(framing, Framing::Length(0));
    has_body
        && request
            .header("expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
}

async fn write_continue(stream: &mut TcpStream) -> bool {
    stream
        .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
        .await
        .is_ok()
}

/// Reads into `buffer` until the deadline: `Some(bytes read)` (0 at end of stream), or
/// `None` when the deadline passed or the connection failed.
async fn read_more(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    deadline: Instant,
) -> Option<usize> {
    let mut chunk = [0u8; 8192];
    match timeout_at(deadline, stream.read(&mut chunk)).await {
        Ok(Ok(n)) => {
            buffer.extend_from_slice(&chunk[..n]);
            Some(n)
        }
        Ok(Err(_)) => Some(0),
        Err(_) => None,
    }
}

/// Makes `buffer` hold at least `wanted` bytes.
async fn fill(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    wanted: usize,
    deadline: Instant,
) -> Result<(), Read> {
    while buffer.len() < wanted {
        match read_more(stream, buffer, deadline).await {
            Some(0) => return Err(Read::Closed),
            Some(_) => {}
            None => return Err(refused(408, "The request took too long to arrive.")),
        }
    }
    Ok(())
}

async fn read_exact(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    length: usize,
    deadline: Instant,
) -> Result<Vec<u8>, Read> {
    fill(stream, buffer, length, deadline).await?;
    Ok(buffer.drain(..length).collect())
}

/// A chunked body, decoded: each chunk is a hexadecimal size line, the data and a line
/// end; a zero size ends it, after optional trailer lines.
async fn read_chunked(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    limit: usize,
    deadline: Instant,
) -> Result<Vec<u8>, Read> {
    let mut body = Vec::new();
    loop {
        let line = read_line(stream, buffer, deadline).await?;
        let size = line.split(';').next().unwrap_or("").trim();
        let valid = !size.is_empty() && size.len() <= 8;
        let Some(size) = valid
            .then(|| usize::from_str_radix(size, 16).ok())
            .flatten()
        else {
            return Err(refused(400, "The request's chunked body is malformed."));
        };
        if size == 0 {
            while !read_line(stream, buffer, deadline).await?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > limit {
            return Err(refused(
                413,
                "The request's body is too large (at most 16 MB).",
            ));
        }
        fill(stream, buffer, size, deadline).await?;
        body.extend(buffer.drain(..size));
        if !read_line(stream, buffer, deadline).await?.is_empty() {
            return Err(refused(400, "The request's chunked body is malformed."));
        }
    }
}

/// The next line of `buffer` (without its line end), at most a chunk line long.
async fn read_line(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    deadline: Instant,
) -> Result<String, Read> {
    const LONGEST: usize = 4096;
    loop {
        if let Some(end) = buffer.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = buffer.drain(..=end).collect();
            let text = String::from_utf8_lossy(&line[..end]);
            return Ok(text.strip_suffix('\r').unwrap_or(&text).to_owned());
        }
        if buffer.len() > LONGEST {
            return Err(refused(400, "The request's chunked body is malformed."));
        }
        let wanted = buffer.len() + 1;
        fill(stream, buffer, wanted, deadline).await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_end_at_an_empty_line_with_either_line_end() {
        assert_eq!(
            head_end(b"GET / HTTP/1.1\r\nA: b\r\n\r\nbody", 0),
            Some((21, 24))
        );
        assert_eq!(head_end(b"GET / HTTP/1.1\nA: b\n\nbody", 0), Some((19, 21)));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n", 0), None);
    }

    #[test]
    fn a_resumed_scan_finds_an_end_split_across_reads() {
        let whole = b"GET / HTTP/1.1\r\nA: b\r\n\r\n";
        for split in 1..whole.len() {
            assert_eq!(head_end(&whole[..split], 0), None, "split at {split}");
            assert_eq!(head_end(whole, split), Some((21, 24)), "split at {split}");
        }
    }

    #[test]
    fn heads_that_are_not_http_are_refused() {
        assert!(parse_head("GET / HTTP/1.1\r\nHost: x").is_some());
        assert!(parse_head("GET /\r\nHost: x").is_none());
        assert!(parse_head("GET / HTTP/1.1\r\nno colon").is_none());
        assert!(parse_head("GET / HTTP/1.1\r\nbad name: x").is_none());
        assert!(parse_head("GET x HTTP/1.1").is_none());
    }

    fn with_headers(headers: &[(&str, &str)]) -> HttpRequest {
        HttpRequest {
            method: "POST".to_owned(),
            path: "/".to_owned(),
            query: String::new(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: Vec::new(),
        }
    }

    fn status(headers: &[(&str, &str)]) -> Option<u16> {
        match framing(&with_headers(headers), LIMITS) {
            Ok(_) => None,
            Err(Read::Refused { status, .. }) => Some(status),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn content_lengths_are_validated() {
        assert_eq!(status(&[("content-length", "13")]), None);
        assert_eq!(
            status(&[("content-length", "13"), ("content-length", "13")]),
            None
        );
        for bad in [
            "abc",
            "-1",
            "99999999999999999999",
            "13, 13",
            "",
            "+13",
            "0x10",
        ] {
            assert_eq!(status(&[("content-length", bad)]), Some(400), "{bad:?}");
        }
        assert_eq!(
            status(&[("content-length", "13"), ("content-length", "14")]),
            Some(400)
        );
        assert_eq!(status(&[("content-length", "104857600")]), Some(413));
    }

    #[test]
    fn chunked_alone_is_read_and_mixed_framing_refused() {
        assert_eq!(status(&[("transfer-encoding", "chunked")]), None);
        assert_eq!(
            status(&[("transfer-encoding", "chunked"), ("content-length", "5")]),
            Some(400)
        );
        assert_eq!(status(&[("transfer-encoding", "gzip, chunked")]), Some(400));
    }
}
