//! The fake's HTTP layer under requests no Stripe client sends: each case from the
//! hardening round that once crashed, hung or misread a request, over a raw socket.

use std::time::{Duration, Instant};

use serde_json::Value;
use stripe_fake::FakeStripe;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An answer as read off the socket.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

async fn connect(stripe: &FakeStripe) -> TcpStream {
    let address = stripe.url().trim_start_matches("http://");
    TcpStream::connect(address).await.expect("the fake listens")
}

/// Reads one answer (skipping `100 Continue`), or `None` if the connection closes first.
async fn read_answer(stream: &mut TcpStream) -> Option<Answer> {
    let mut bytes = Vec::new();
    loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
            let status: u16 = head.split(' ').nth(1)?.parse().ok()?;
            if status == 100 {
                bytes.drain(..end + 4);
                continue;
            }
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("Content-Length: "))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            while bytes.len() < end + 4 + length {
                if !read_some(stream, &mut bytes).await {
                    return None;
                }
            }
            let body = bytes[end + 4..end + 4 + length].to_vec();
            return Some(Answer { status, head, body });
        }
        if !read_some(stream, &mut bytes).await {
            return None;
        }
    }
}

async fn read_some(stream: &mut TcpStream, bytes: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 8192];
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut chunk)).await;
    match read {
        Ok(Ok(n)) if n > 0 => {
            bytes.extend_from_slice(&chunk[..n]);
            true
        }
        _ => false,
    }
}

/// Sends `request` on a new connection and reads the answer.
async fn send(stripe: &FakeStripe, request: &[u8]) -> Option<Answer> {
    let mut stream = connect(stripe).await;
    stream.write_all(request).await.ok()?;
    read_answer(&mut stream).await
}

fn post(stripe: &FakeStripe, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "POST /v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n{headers}\r\n{body}",
        stripe.secret_key()
    )
    .into_bytes()
}

/// How many customers the fake holds, through the client.
async fn customers(stripe: &FakeStripe) -> usize {
    let list = stripe
        .client()
        .list_customers()
        .await
        .expect("the fake answers");
    list.data.len()
}

#[tokio::test]
async fn deep_brackets_are_refused_and_the_fake_lives_on() {
    let stripe = FakeStripe::start().await;
    for key in ["metadata", "unknown"] {
        let body = format!("{key}{}=v", "[a]".repeat(10_000));
        let length = format!("Content-Length: {}\r\n", body.len());
        let answer = send(&stripe, &post(&stripe, &length, &body)).await.unwrap();
        assert_eq!(answer.status, 400, "{key}");
        assert_eq!(answer.json()["error"]["type"], "invalid_request_error");
    }
    assert_eq!(customers(&stripe).await, 0);
}

#[tokio::test]
async fn a_huge_head_is_answered_431_without_rescanning() {
    let stripe = FakeStripe::start().await;
    let filler = format!("X-Filler: {}\r\n", "a".repeat(4 << 20));
    let started = Instant::now();
    let answer = send(&stripe, &post(&stripe, &filler, "")).await.unwrap();
    assert_eq!(answer.status, 431);
    // Rescanning the buffer after each read took 25 s of CPU for 4 MB; the scan is
    // linear now and stops at 64 KB.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn invalid_content_lengths_are_refused_not_read_as_empty() {
    let stripe = FakeStripe::start().await;
    for length in ["abc", "-1", "99999999999999999999", "13, 13"] {
        let header = format!("Content-Length: {length}\r\n");
        let answer = send(&stripe, &post(&stripe, &header, "email=a%40b.c")).await;
        assert_eq!(answer.map(|a| a.status), Some(400), "{length}");
    }
    assert_eq!(
        customers(&stripe).await,
        0,
        "no request ran with an empty body"
    );
}

#[tokio::test]
async fn chunked_bodies_are_read_and_mixed_framing_refused() {
    let stripe = FakeStripe::start().await;
    let chunked = "5\r\nemail\r\n8\r\n=a%40b.c\r\n0\r\n\r\n";
    let header = "Transfer-Encoding: chunked\r\n";
    let answer = send(&stripe, &post(&stripe, header, chunked))
        .await
        .unwrap();
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json()["email"], "a@b.c");
    let both = "Transfer-Encoding: chunked\r\nContent-Length: 13\r\n";
    let answer = send(&stripe, &post(&stripe, both, chunked)).await.unwrap();
    assert_eq!(answer.status, 400);
    assert_eq!(customers(&stripe).await, 1);
}

#[tokio::test]
async fn an_oversized_body_gets_413_before_it_is_sent() {
    let stripe = FakeStripe::start().await;
    let header = format!("Content-Length: {}\r\n", 100 << 20);
    let mut stream = connect(&stripe).await;
    stream.write_all(&post(&stripe, &header, "")).await.unwrap();
    // The client keeps sending; the answer must still reach it.
    let megabyte = vec![b'a'; 1 << 20];
    for _ in 0..4 {
        if stream.write_all(&megabyte).await.is_err() {
            break;
        }
    }
    let answer = read_answer(&mut stream)
        .await
        .expect("an answer, not a reset");
    assert_eq!(answer.status, 413);
    assert!(answer.head.contains("Connection: close"));
}

#[tokio::test]
async fn bare_line_feeds_and_expect_continue_are_answered() {
    let stripe = FakeStripe::start().await;
    let key = stripe.secret_key();
    let bare = format!("GET /v1/customers HTTP/1.1\nHost: x\nAuthorization: Bearer {key}\n\n");
    assert_eq!(send(&stripe, bare.as_bytes()).await.unwrap().status, 200);

    let mut stream = connect(&stripe).await;
    let head = post(
        &stripe,
        "Content-Length: 13\r\nExpect: 100-continue\r\n",
        "",
    );
    stream.write_all(&head).await.unwrap();
    let mut continued = [0u8; 25];
    stream.read_exact(&mut continued).await.unwrap();
    assert_eq!(&continued, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream.write_all(b"email=a%40b.c").await.unwrap();
    let answer = read_answer(&mut stream).await.unwrap();
    assert_eq!(answer.json()["email"], "a@b.c");
}

#[tokio::test]
async fn basic_auth_and_any_case_bearer_carry_the_key() {
    let stripe = FakeStripe::builder()
        .secret_key("sk_test_123")
        .start()
        .await;
    // `curl -u sk_test_123:`, as in Stripe's docs.
    for authorization in [
        "Basic c2tfdGVzdF8xMjM6",
        "bearer sk_test_123",
        "BEARER sk_test_123",
    ] {
        let request = format!(
            "GET /v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: {authorization}\r\n\r\n"
        );
        let answer = send(&stripe, request.as_bytes()).await.unwrap();
        assert_eq!(answer.status, 200, "{authorization}");
    }
    let wrong = "GET /v1/customers HTTP/1.1\r\nAuthorization: Basic c2tfdGVzdF85OTk6\r\n\r\n";
    assert_eq!(send(&stripe, wrong.as_bytes()).await.unwrap().status, 401);
}

#[tokio::test]
async fn amounts_out_of_range_are_a_400_not_a_panic() {
    let stripe = FakeStripe::start().await;
    let body = "mode=payment&success_url=https%3A%2F%2Fx.y&line_items[0][quantity]=2\
                &line_items[0][price_data][currency]=usd\
                &line_items[0][price_data][unit_amount]=9223372036854775807\
                &line_items[0][price_data][product_data][name]=Mug";
    let request = format!(
        "POST /v1/checkout/sessions HTTP/1.1\r\nAuthorization: Bearer {}\r\nContent-Length: {}\r\n\r\n{body}",
        stripe.secret_key(),
        body.len()
    );
    let answer = send(&stripe, request.as_bytes()).await.expect("an answer");
    assert_eq!(
        answer.status,
        400,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(answer.json()["error"]["param"], "line_items[0][quantity]");
}

#[tokio::test]
async fn stalled_and_idle_clients_are_timed_out() {
    let stripe = FakeStripe::builder()
        .request_timeout(Duration::from_millis(300))
        .idle_timeout(Duration::from_millis(600))
        .start()
        .await;
    let mut stalled = connect(&stripe).await;
    stalled.write_all(b"GET /v1/cust").await.unwrap();
    let answer = read_answer(&mut stalled).await.expect("a 408");
    assert_eq!(answer.status, 408);

    let mut idle = connect(&stripe).await;
    let mut byte = [0u8; 1];
    let read = tokio::time::timeout(Duration::from_secs(10), idle.read(&mut byte)).await;
    assert!(
        matches!(read, Ok(Ok(0))),
        "an idle connection is closed: {read:?}"
    );
}

#[tokio::test]
async fn connections_beyond_the_cap_are_closed_and_the_rest_served() {
    let stripe = FakeStripe::builder().max_connections(8).start().await;
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut stream = connect(&stripe).await;
        // A request answered shows the connection holds a place.
        let key = stripe.secret_key();
        let request = format!("GET /v1/customers HTTP/1.1\r\nAuthorization: Bearer {key}\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        assert_eq!(read_answer(&mut stream).await.unwrap().status, 200);
        held.push(stream);
    }
    let mut extra = connect(&stripe).await;
    let mut byte = [0u8; 1];
    let read = tokio::time::timeout(Duration::from_secs(10), extra.read(&mut byte)).await;
    assert!(
        matches!(read, Ok(Ok(0) | Err(_))),
        "closed at once: {read:?}"
    );
    held.clear();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        customers(&stripe).await,
        0,
        "served again once places are free"
    );
}
