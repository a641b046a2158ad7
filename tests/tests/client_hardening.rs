//! The client never sends a request anywhere but where it was told, never reads without
//! bound, never sends a path that names another resource, and says why it failed.

use std::error::Error as _;

use stripe_api::runtime::TransportErrorKind;
use stripe_api::{Client, CreateCustomer, CustomerId, Error};
use tests::http::{MockServer, Reply};

fn client(server: &MockServer) -> Client {
    capped_client(server, stripe_api::runtime::DEFAULT_MAX_RESPONSE_BYTES)
}

fn capped_client(server: &MockServer, max_response_bytes: usize) -> Client {
    Client::builder("sk_test_hardening")
        .base_url(&server.url)
        .max_response_bytes(max_response_bytes)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_redirect_is_an_error_naming_the_location_never_followed_nor_retried() {
    for status in [301, 302, 303, 307, 308] {
        let elsewhere = MockServer::start(vec![Reply::json(200, "{}")]).await;
        let location = format!("{}/v1/customers", elsewhere.url);
        let server = MockServer::start(vec![
            Reply::json(status, "").with_header("location", &location)
        ])
        .await;
        let error = client(&server)
            .create_customer_with(&CreateCustomer::new().email("jenny@example.com"))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::Redirect { status: s, location: Some(l) } if *s == status && *l == location),
            "{status}: {error:?}"
        );
        assert!(error.to_string().contains(&location), "{error}");
        assert_eq!(server.requests().len(), 1, "{status}: not retried");
        assert!(elsewhere.requests().is_empty(), "{status}: not followed");
    }
}

#[tokio::test]
async fn an_endless_answer_stops_at_the_cap_and_is_not_retried() {
    let server = MockServer::start(vec![Reply::Endless, Reply::Endless]).await;
    let error = capped_client(&server, 1 << 20)
        .retrieve_customer(&CustomerId::from("cus_1"))
        .await
        .unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(transport.kind, TransportErrorKind::ResponseTooLarge);
    assert!(
        error.to_string().contains("longer than 1048576 bytes"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_answer_announced_longer_than_the_cap_is_refused() {
    let body = format!("{{\"id\":\"cus_1\",\"pad\":\"{}\"}}", "x".repeat(4096));
    let server = MockServer::start(vec![Reply::json(200, body)]).await;
    let error = capped_client(&server, 1024)
        .retrieve_customer(&CustomerId::from("cus_1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport(t) if t.kind == TransportErrorKind::ResponseTooLarge),
        "{error:?}"
    );
}

#[tokio::test]
async fn path_ids_that_would_name_another_resource_are_not_sent() {
    let server = MockServer::start(vec![]).await;
    let client = client(&server);
    for id in ["", ".", ".."] {
        let error = client
            .retrieve_customer(&CustomerId::from(id))
            .await
            .unwrap_err();
        assert!(matches!(&error, Error::InvalidPath(_)), "{id:?}: {error:?}");
    }
    assert!(server.requests().is_empty());
    // Anything else is percent-encoded into one segment.
    let server = MockServer::start(vec![Reply::json(200, "{}")]).await;
    let _ = self::client(&server)
        .retrieve_customer(&CustomerId::from("../x"))
        .await;
    assert_eq!(server.requests()[0].target, "/v1/customers/..%2Fx");
}

#[tokio::test]
async fn a_refused_connection_says_so_and_keeps_its_cause() {
    let client = Client::builder("sk_test_hardening")
        .base_url("http://127.0.0.1:1")
        .retry_policy(stripe_api::RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .retrieve_customer(&CustomerId::from("cus_1"))
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.to_lowercase().contains("connection refused"),
        "{message}"
    );
    let transport = error.source().expect("the transport error");
    assert!(transport.source().is_some(), "reqwest's error under it");
    assert!(!format!("{error:?} {message}").contains("sk_test_hardening"));
}

#[test]
fn a_key_that_cannot_be_a_header_is_a_configuration_error_without_the_key() {
    let error = Client::new("sk_test_bad\nkey").unwrap_err();
    assert!(matches!(&error, Error::Config(_)), "{error:?}");
    assert!(!format!("{error:?} {error}").contains("sk_test_bad"));
}

/// A 429 that says when to come back is retried no sooner than that.
#[tokio::test]
async fn retry_after_is_honoured() {
    let lock_timeout = r#"{"error":{"type":"invalid_request_error","code":"lock_timeout"}}"#;
    let server = MockServer::start(vec![
        Reply::json(429, lock_timeout).with_header("retry-after", "1"),
        Reply::json(200, r#"{"id":"cus_1","object":"customer"}"#),
    ])
    .await;
    let client = Client::builder("sk_test_hardening")
        .base_url(&server.url)
        .retry_policy(stripe_api::RetryPolicy {
            max_retries: 1,
            initial_delay: std::time::Duration::from_millis(1),
            max_delay: std::time::Duration::from_millis(1),
        })
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let _ = client.retrieve_customer(&CustomerId::from("cus_1")).await;
    assert_eq!(server.requests().len(), 2);
    assert!(started.elapsed() >= std::time::Duration::from_secs(1));
}

/// A server that misbehaves at random, one way per request: the client always returns
/// the error that says what happened, within its timeout, and never follows or loops.
#[tokio::test]
async fn a_misbehaving_server_gives_the_error_that_says_what_happened() {
    use tests::fuzz::{cases, report, Rng};
    let mut rng = Rng::new(6);
    let n = cases(60);
    let mut findings = Vec::new();
    for case in 0..n {
        let (reply, expected): (Reply, fn(&Error) -> bool) = match rng.below(7) {
            0 => (
                Reply::json(200, "<html><body>Welcome</body></html>")
                    .with_header("content-type", "text/html"),
                |e| matches!(e, Error::Decode(d) if d.body.contains("Welcome")),
            ),
            1 => (
                Reply::json(200, "{}").with_header("x-huge", &"h".repeat(1 << 20)),
                |e| matches!(e, Error::Transport(_)),
            ),
            2 => (
                Reply::Raw(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{\"id\":".to_vec()),
                |e| matches!(e, Error::Transport(t) if t.kind == TransportErrorKind::Io),
            ),
            3 => (
                Reply::Trickle(std::time::Duration::from_millis(50)),
                |e| matches!(e, Error::Transport(t) if t.kind == TransportErrorKind::Timeout),
            ),
            4 => {
                let garbage: Vec<u8> = (0..rng.below(300)).map(|_| rng.bits() as u8).collect();
                (Reply::Raw(garbage), |e| matches!(e, Error::Transport(_)))
            }
            5 => (
                Reply::json(302, "").with_header("location", "http://127.0.0.1:9/v1/customers"),
                |e| matches!(e, Error::Redirect { status: 302, .. }),
            ),
            _ => (
                Reply::Endless,
                |e| matches!(e, Error::Transport(t) if t.kind == TransportErrorKind::ResponseTooLarge),
            ),
        };
        let server = MockServer::start(vec![reply]).await;
        let client = Client::builder("sk_test_hardening")
            .base_url(&server.url)
            .retry_policy(stripe_api::RetryPolicy::none())
            .timeout(std::time::Duration::from_millis(500))
            .max_response_bytes(64 << 10)
            .build()
            .unwrap();
        let result = client.retrieve_customer(&CustomerId::from("cus_1")).await;
        match result {
            Err(error) if expected(&error) => {}
            other => findings.push(format!("case {case}: {other:?}")),
        }
        if server.requests().len() > 1 {
            findings.push(format!("case {case}: {} requests", server.requests().len()));
        }
    }
    report("misbehaving server", n, &findings);
}

/// An answer whose head the client cannot read arrived, so Stripe acted on the request:
/// a POST is not sent again (it went out three times), a GET still is.
#[tokio::test]
async fn an_unreadable_answer_is_not_retried_on_post() {
    let huge = || Reply::json(200, "{}").with_header("x-huge", &"h".repeat(1 << 20));
    let garbage = || Reply::Raw(b"HTTP/1.1 2OO OK\r\n\r\n".to_vec());
    for reply in [huge(), garbage()] {
        let server = MockServer::start(vec![reply.clone(), reply.clone(), reply]).await;
        let error = client(&server).create_customer().await.unwrap_err();
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        assert_eq!(server.requests().len(), 1, "{error}");
    }
    let server = MockServer::start(vec![huge(), huge(), huge()]).await;
    let error = client(&server)
        .retrieve_customer(&CustomerId::from("cus_1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(server.requests().len(), 3, "a GET is retried");
}

/// Stripe's error envelope read key by key: a duplicate key or an unexpected type loses
/// only that key, never the whole error.
#[tokio::test]
async fn the_error_envelope_is_read_leniently() {
    let body = r#"{"error": {"type": "card_error", "code": 402, "message": "first",
        "message": "Your card was declined.", "decline_code": "generic_decline",
        "param": ["odd"]}}"#;
    let server = MockServer::start(vec![Reply::json(402, body)]).await;
    let error = client(&server).create_customer().await.unwrap_err();
    let Error::Api(api) = error else {
        panic!("an API error: {error:?}");
    };
    assert_eq!(api.type_, "card_error");
    assert_eq!(api.code.as_deref(), Some("402"));
    assert_eq!(api.message.as_deref(), Some("Your card was declined."));
    assert_eq!(api.decline_code.as_deref(), Some("generic_decline"));
    assert_eq!(api.param, None);
}
