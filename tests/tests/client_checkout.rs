//! The client against a scripted local server, for what only a script can show: each
//! test checks what went over the wire (method, path, headers, exact form body) and how
//! an answer a real server would rarely give was handled. How Checkout Sessions behave
//! (expansion, expiry, completion, events) is tested against the fake, in `fake.rs`.

use std::time::Duration;

use serde_json::{json, Value};
use stripe_api::runtime::{TransportErrorKind, DEFAULT_BASE_URL};
use stripe_api::{
    CheckoutSessionId, Client, CreateCheckoutSession, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionMode, Error, ErrorKind, ListCheckoutSessions, RetrieveCheckoutSession,
    RetryPolicy,
};
use tests::http::{MockServer, Reply};

const KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

/// A session from Stripe's fixtures; tests that call it start with
/// `tests::skip_without_fixtures!()`.
fn session(id: &str) -> Value {
    let mut session = tests::stripe_fixture("checkout.session").expect("fixtures");
    session["id"] = json!(id);
    session
}

fn page(url: &str, items: Vec<Value>, has_more: bool) -> String {
    json!({"object": "list", "url": url, "has_more": has_more, "data": items}).to_string()
}

fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

fn client(server: &MockServer) -> Client {
    Client::builder(KEY)
        .base_url(&server.url)
        .retry_policy(fast_retries(2))
        .build()
        .unwrap()
}

fn create_params() -> CreateCheckoutSession {
    let mut params = CreateCheckoutSession::new().success_url("https://example.com/success");
    params.mode = Some(CreateCheckoutSessionMode::Payment);
    params.line_items = Some(vec![CreateCheckoutSessionLineItems::new()
        .price("price_123")
        .quantity(1)]);
    params
}

#[tokio::test]
async fn create_retrieve_list_line_items_expire() {
    tests::skip_without_fixtures!();
    let url = "/v1/checkout/sessions";
    let server = MockServer::start(vec![
        Reply::json(200, session("cs_1").to_string()),
        Reply::json(200, session("cs_1").to_string()),
        Reply::json(200, page(url, vec![session("cs_1"), session("cs_2")], true)),
        Reply::json(200, page(url, vec![session("cs_3")], false)),
        Reply::json(
            200,
            page(
                "/v1/checkout/sessions/cs_1/line_items",
                vec![tests::fixture_or_skip!("item")],
                false,
            ),
        ),
        Reply::json(200, session("cs_1").to_string()),
    ])
    .await;
    let client = client(&server);

    let created = client
        .create_checkout_session_with(&create_params())
        .await
        .unwrap();
    assert_eq!(created.id.as_str(), "cs_1");
    let id = CheckoutSessionId::from("cs_1");
    let mut retrieve = RetrieveCheckoutSession::new();
    retrieve.expand = Some(vec!["customer".into()]);
    client
        .retrieve_checkout_session_with(&id, &retrieve)
        .await
        .unwrap();
    let mut list = ListCheckoutSessions::new();
    list.limit = Some(2);
    let all = client
        .list_checkout_sessions_with(&list)
        .paginate()
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["cs_1", "cs_2", "cs_3"]);
    let items = client.list_checkout_session_line_items(&id).await.unwrap();
    assert_eq!(items.data.len(), 1);
    client.expire_checkout_session(&id).await.unwrap();

    let requests = server.requests();
    let summary: Vec<(&str, &str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str(), r.body.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "POST",
                "/v1/checkout/sessions",
                "line_items[0][price]=price_123&line_items[0][quantity]=1&mode=payment&success_url=https%3A%2F%2Fexample.com%2Fsuccess"
            ),
            ("GET", "/v1/checkout/sessions/cs_1?expand[0]=customer", ""),
            ("GET", "/v1/checkout/sessions?limit=2", ""),
            ("GET", "/v1/checkout/sessions?limit=2&starting_after=cs_2", ""),
            ("GET", "/v1/checkout/sessions/cs_1/line_items", ""),
            ("POST", "/v1/checkout/sessions/cs_1/expire", ""),
        ]
    );
    for request in &requests {
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
        assert_eq!(
            request.header("stripe-version"),
            Some(stripe_api::API_VERSION)
        );
        assert!(request
            .header("user-agent")
            .unwrap()
            .starts_with("stripe-api-rust/"));
        let is_post = request.method == "POST";
        assert_eq!(
            request.header("idempotency-key").is_some(),
            is_post,
            "{request:?}"
        );
        assert_eq!(
            request.header("content-type") == Some("application/x-www-form-urlencoded"),
            is_post
        );
        if !is_post {
            assert_eq!(
                request.header("content-length"),
                None,
                "no body on GET: {request:?}"
            );
        }
    }
    assert_ne!(
        requests[0].header("idempotency-key"),
        requests[5].header("idempotency-key")
    );
}

#[tokio::test]
async fn a_500_then_a_200_retries_with_the_same_idempotency_key() {
    tests::skip_without_fixtures!();
    let server = MockServer::start(vec![
        Reply::json(500, r#"{"error":{"type":"api_error","message":"boom"}}"#),
        Reply::json(200, session("cs_1").to_string()),
    ])
    .await;
    let created = client(&server)
        .create_checkout_session_with(&create_params())
        .await
        .unwrap();
    assert_eq!(created.id.as_str(), "cs_1");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let key = requests[0]
        .header("idempotency-key")
        .expect("POST carries a key");
    assert_eq!(requests[1].header("idempotency-key"), Some(key));
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn a_caller_idempotency_key_is_sent_on_every_attempt() {
    tests::skip_without_fixtures!();
    let server = MockServer::start(vec![
        Reply::json(503, "{}"),
        Reply::json(200, session("cs_1").to_string()),
    ])
    .await;
    client(&server)
        .create_checkout_session_with(&create_params())
        .idempotency_key("order-6735")
        .await
        .unwrap();
    let keys: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("idempotency-key").map(str::to_owned))
        .collect();
    assert_eq!(
        keys,
        [Some("order-6735".to_owned()), Some("order-6735".to_owned())]
    );
}

#[tokio::test]
async fn stripe_should_retry_false_is_obeyed() {
    tests::skip_without_fixtures!();
    let server = MockServer::start(vec![
        Reply::json(500, r#"{"error":{"type":"api_error"}}"#)
            .with_header("Stripe-Should-Retry", "false"),
        Reply::json(200, session("cs_1").to_string()),
    ])
    .await;
    let error = client(&server)
        .create_checkout_session_with(&create_params())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Api(e) if e.status == 500 && e.kind == ErrorKind::Api),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn stripe_should_retry_true_retries_a_status_that_is_otherwise_final() {
    tests::skip_without_fixtures!();
    let server = MockServer::start(vec![
        Reply::json(400, r#"{"error":{"type":"invalid_request_error"}}"#)
            .with_header("Stripe-Should-Retry", "true"),
        Reply::json(200, session("cs_1").to_string()),
    ])
    .await;
    client(&server)
        .create_checkout_session_with(&create_params())
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_card_error_is_typed_and_not_retried() {
    let body = json!({"error": {
        "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
        "param": "payment_method", "message": "Your card has insufficient funds.",
        "doc_url": "https://stripe.com/docs/error-codes/card-declined"
    }});
    let server = MockServer::start(vec![Reply::json(402, body.to_string())]).await;
    let error = client(&server)
        .create_checkout_session_with(&create_params())
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.kind, ErrorKind::Card);
    assert_eq!(api.status, 402);
    assert_eq!(api.type_, "card_error");
    assert_eq!(api.code.as_deref(), Some("card_declined"));
    assert_eq!(api.decline_code.as_deref(), Some("insufficient_funds"));
    assert_eq!(api.param.as_deref(), Some("payment_method"));
    assert_eq!(
        api.message.as_deref(),
        Some("Your card has insufficient funds.")
    );
    assert_eq!(
        api.doc_url.as_deref(),
        Some("https://stripe.com/docs/error-codes/card-declined")
    );
    assert_eq!(api.request_id.as_deref(), Some("req_1"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_429_lock_timeout_is_retried_but_a_plain_429_is_not() {
    tests::skip_without_fixtures!();
    let lock = r#"{"error":{"type":"invalid_request_error","code":"lock_timeout"}}"#;
    let server = MockServer::start(vec![
        Reply::json(429, lock),
        Reply::json(200, session("cs_1").to_string()),
    ])
    .await;
    client(&server)
        .create_checkout_session_with(&create_params())
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 2);

    let limited = r#"{"error":{"type":"invalid_request_error","code":"rate_limit"}}"#;
    let server = MockServer::start(vec![Reply::json(429, limited), Reply::json(200, "{}")]).await;
    let error = client(&server)
        .create_checkout_session_with(&create_params())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Api(e) if e.kind == ErrorKind::RateLimit),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_the_body_and_path() {
    tests::skip_without_fixtures!();
    let mut broken = session("cs_1");
    broken["expires_at"] = json!("tomorrow");
    let server = MockServer::start(vec![
        Reply::json(200, r#"{"id": "cs_1", "object": "checkout.sess"#),
        Reply::json(200, broken.to_string()),
    ])
    .await;
    let client = client(&server);
    let id = CheckoutSessionId::from("cs_1");
    let error = client.retrieve_checkout_session(&id).await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.body, r#"{"id": "cs_1", "object": "checkout.sess"#);
    assert_eq!(decode.status, 200);
    let error = client.retrieve_checkout_session(&id).await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.path, "expires_at");
    assert!(decode.body.contains("tomorrow"));
}

#[tokio::test]
async fn a_connection_reset_is_retried_then_reported() {
    tests::skip_without_fixtures!();
    let server = MockServer::start(vec![
        Reply::Reset,
        Reply::json(200, session("cs_1").to_string()),
    ])
    .await;
    client(&server)
        .create_checkout_session_with(&create_params())
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("idempotency-key"),
        requests[1].header("idempotency-key")
    );

    let server = MockServer::start(vec![Reply::Reset, Reply::Reset, Reply::Reset]).await;
    let error = client(&server)
        .create_checkout_session_with(&create_params())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport(t) if t.attempts == 3),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_timeout_is_a_transport_error() {
    let server = MockServer::start(vec![Reply::Stall(Duration::from_secs(5))]).await;
    let client = Client::builder(KEY)
        .base_url(&server.url)
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let id = CheckoutSessionId::from("cs_1");
    let error = client.retrieve_checkout_session(&id).await.unwrap_err();
    assert!(
        matches!(&error, Error::Transport(t) if t.kind == TransportErrorKind::Timeout),
        "{error:?}"
    );
}

#[tokio::test]
async fn raw_parameters_and_raw_answers_reach_what_the_types_do_not_know() {
    tests::skip_without_fixtures!();
    let mut answer = session("cs_1");
    // `adaptive_pricing` is newer than the pinned spec.
    answer["adaptive_pricing"] = json!({"enabled": true});
    let server = MockServer::start(vec![Reply::json(200, answer.to_string())]).await;
    let raw = client(&server)
        .create_checkout_session_with(&create_params())
        .param("adaptive_pricing[enabled]", "true")
        .param(
            "return_url",
            "https://example.com/return?session_id={CHECKOUT_SESSION_ID}",
        )
        .send_json()
        .await
        .unwrap();
    assert_eq!(raw["adaptive_pricing"]["enabled"], true);
    let body = &server.requests()[0].body;
    assert!(
        body.ends_with("&adaptive_pricing[enabled]=true&return_url=https%3A%2F%2Fexample.com%2Freturn%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"),
        "{body}"
    );
}

#[tokio::test]
async fn stripe_account_per_client_and_per_request_and_api_version_override() {
    tests::skip_without_fixtures!();
    let server = MockServer::start(vec![Reply::json(200, session("cs_1").to_string()); 2]).await;
    let client = Client::builder(KEY)
        .base_url(&server.url)
        .stripe_account("acct_client")
        .api_version("2024-04-10")
        .build()
        .unwrap();
    let id = CheckoutSessionId::from("cs_1");
    client.retrieve_checkout_session(&id).await.unwrap();
    client
        .retrieve_checkout_session(&id)
        .stripe_account("acct_request")
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("stripe-account"), Some("acct_client"));
    assert_eq!(requests[1].header("stripe-account"), Some("acct_request"));
    assert_eq!(requests[0].header("stripe-version"), Some("2024-04-10"));
}

#[tokio::test]
async fn the_secret_key_never_appears_in_debug_output_or_errors() {
    let server = MockServer::start(vec![Reply::json(
        401,
        r#"{"error":{"type":"invalid_request_error","message":"Invalid API Key provided"}}"#,
    )])
    .await;
    let client = client(&server);
    assert!(!format!("{client:?}").contains(KEY));
    assert!(!format!("{:?}", Client::builder(KEY)).contains(KEY));
    let error = client
        .create_checkout_session_with(&create_params())
        .await
        .unwrap_err();
    assert!(matches!(&error, Error::Api(e) if e.kind == ErrorKind::Authentication));
    assert!(!format!("{error:?} {error}").contains(KEY));
    let unreachable = Client::builder(KEY)
        .base_url("http://127.0.0.1:9")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = unreachable
        .create_checkout_session_with(&create_params())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport(t) if t.kind == TransportErrorKind::Connect),
        "{error:?}"
    );
    assert!(!format!("{error:?} {error}").contains(KEY));
    assert_eq!(DEFAULT_BASE_URL, "https://api.stripe.com");
}

#[tokio::test]
async fn a_decode_error_inside_a_page_names_the_item_and_field() {
    tests::skip_without_fixtures!();
    let mut broken = session("cs_2");
    broken["customer_details"] = json!({"address": {"city": 7}});
    let body = page(
        "/v1/checkout/sessions",
        vec![session("cs_1"), broken],
        false,
    );
    let server = MockServer::start(vec![Reply::json(200, body)]).await;
    let error = client(&server).list_checkout_sessions().await.unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.path, "data[1].customer_details.address.city");
    assert!(
        decode
            .message
            .starts_with("invalid type: integer `7`, expected a string"),
        "{}",
        decode.message
    );
}

/// Raw parameters belong to the parameter value: a clone sends them again, a raw key
/// replaces the typed field of that key, and removing a key drops what is nested under it.
#[tokio::test]
async fn raw_parameters_travel_with_the_params_value() {
    tests::skip_without_fixtures!();
    let server = MockServer::start(vec![
        Reply::json(200, session("cs_1").to_string()),
        Reply::json(200, session("cs_2").to_string()),
    ])
    .await;
    let client = client(&server);
    let params = create_params()
        .metadata([("order_id", "6735"), ("note", "gift")])
        .raw_param("ui_mode", "custom")
        .raw_param("mode", "setup")
        .remove_param("success_url")
        .remove_param("line_items");
    let again = params.clone().remove_param("metadata[note]");
    client.create_checkout_session_with(&params).await.unwrap();
    client.create_checkout_session_with(&again).await.unwrap();

    let bodies: Vec<String> = server.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(
        bodies,
        [
            "metadata[note]=gift&metadata[order_id]=6735&ui_mode=custom&mode=setup",
            "metadata[order_id]=6735&ui_mode=custom&mode=setup",
        ]
    );
}
