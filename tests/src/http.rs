//! A scripted HTTP/1.1 server on 127.0.0.1 for client tests: it records every request
//! and answers with the next scripted reply, or resets or stalls the connection.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path with query string.
    pub target: String,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Recorded {
    /// The value of a header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with the next request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answer with a status, extra headers and a body.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    /// Close the connection with a TCP reset instead of answering.
    Reset,
    /// Wait this long before answering 200 `{}` (longer than the client's timeout).
    Stall(Duration),
    /// Answer 200 with a chunked body that never ends (until the client hangs up).
    Endless,
    /// Write these bytes as the whole answer, then close the connection.
    Raw(Vec<u8>),
    /// Answer 200 with a 1,000-byte body, one byte every `Duration`.
    Trickle(Duration),
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Reply::Respond {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// This answer with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }
}

/// The running server; it stops when dropped.
pub struct MockServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl MockServer {
    /// Starts a server that answers requests with `replies` in order; any request after
    /// those gets a 500 saying so.
    pub async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let replies = Arc::new(Mutex::new(replies.into_iter()));
        let (rec, rep) = (recorded.clone(), replies.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, rec.clone(), rep.clone()));
            }
        });
        MockServer {
            url,
            recorded,
            task,
        }
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.recorded.lock().expect("lock").clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

type Replies = Arc<Mutex<std::vec::IntoIter<Reply>>>;

async fn serve(mut stream: TcpStream, recorded: Arc<Mutex<Vec<Recorded>>>, replies: Replies) {
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buffer).await {
        recorded.lock().expect("lock").push(request);
        let reply = replies.lock().expect("lock").next();
        let (status, headers, body) = match reply {
            Some(Reply::Respond {
                status,
                headers,
                body,
            }) => (status, headers, body),
            Some(Reply::Reset) => {
                let _ = stream.set_zero_linger();
                return;
            }
            Some(Reply::Stall(delay)) => {
                tokio::time::sleep(delay).await;
                (200, Vec::new(), "{}".to_owned())
            }
            Some(Reply::Endless) => {
                endless(&mut stream).await;
                return;
            }
            Some(Reply::Raw(bytes)) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
            Some(Reply::Trickle(pause)) => {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
                let _ = stream.write_all(head.as_bytes()).await;
                for _ in 0..1000 {
                    tokio::time::sleep(pause).await;
                    if stream.write_all(b" ").await.is_err() {
                        return;
                    }
                }
                return;
            }
            None => (
                500,
                Vec::new(),
                r#"{"error":{"type":"api_error","message":"unexpected request"}}"#.to_owned(),
            ),
        };
        let mut head = format!(
            "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nrequest-id: req_{}\r\n",
            body.len(),
            recorded.lock().expect("lock").len()
        );
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        {
            head.push_str("content-type: application/json\r\n");
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if stream.write_all(head.as_bytes()).await.is_err()
            || stream.write_all(body.as_bytes()).await.is_err()
        {
            return;
        }
    }
}

/// A 200 whose chunked body goes on while the client reads.
async fn endless(stream: &mut TcpStream) {
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
    while stream.write_all(chunk.as_bytes()).await.is_ok() {}
}

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let header_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, target) = (
        request_line.next()?.to_owned(),
        request_line.next()?.to_owned(),
    );
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < header_end + length {
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = String::from_utf8_lossy(&buffer[header_end..header_end + length]).into_owned();
    buffer.drain(..header_end + length);
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

/// POSTs a form body and returns the status, for endpoints outside the API (emulator
/// configuration) that answer with an empty body.
pub async fn post_form(base_url: &str, path: &str, form: &str) -> u16 {
    let headers = [
        ("authorization", "Bearer sk_test_emulator"),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    post(base_url, path, &headers, form).await
}

/// POSTs a body with extra headers over a fresh connection and returns the status.
pub async fn post(base_url: &str, path: &str, headers: &[(&str, &str)], body: &str) -> u16 {
    exchange(base_url, "POST", path, headers, body).await.status
}

/// An answer as received by [`exchange`].
#[derive(Debug, Clone)]
pub struct Exchanged {
    /// The HTTP status (0 if there was none).
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl Exchanged {
    /// The first header of this name (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One request over a fresh connection, as raw as it gets: any method, any headers (or
/// none, not even a key).
pub async fn exchange(
    base_url: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Exchanged {
    let address = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nhost: {address}\r\nconnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Exchanged {
        status,
        headers,
        body: body.to_owned(),
    }
}
