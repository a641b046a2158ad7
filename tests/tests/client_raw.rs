//! `Client::raw_request`: any method and path, sent as the generated methods send theirs
//! (key, API version, retries with one idempotency key, Stripe's errors) and decoded into
//! a crate type or raw JSON.

use std::time::Duration;

use serde_json::{json, Value};
use stripe_api::{Client, Customer, Error, ErrorKind, Method, RetryPolicy};
use tests::http::{MockServer, Reply};

const KEY: &str = "sk_test_raw";

fn client(server: &MockServer) -> Client {
    let retries = RetryPolicy {
        max_retries: 2,
        initial_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    };
    Client::builder(KEY)
        .base_url(&server.url)
        .retry_policy(retries)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_post_newer_than_the_spec_is_sent_with_auth_version_and_one_idempotency_key() {
    let answer =
        json!({"id": "taxcalc_1", "object": "tax.calculation", "tax_amount_exclusive": 80});
    let server = MockServer::start(vec![
        Reply::json(
            500,
            r#"{"error": {"type": "api_error", "message": "try again"}}"#,
        ),
        Reply::json(200, answer.to_string()),
    ])
    .await;
    let calculation: Value = client(&server)
        .raw_request(Method::Post, "/v1/tax/calculations")
        .param("currency", "usd")
        .param("line_items[0][amount]", "1000")
        .param("customer_details[address][country]", "US")
        .await
        .unwrap();
    assert_eq!(calculation, answer);

    let requests = server.requests();
    assert_eq!(requests.len(), 2, "the 500 is retried");
    for request in &requests {
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("POST", "/v1/tax/calculations")
        );
        assert_eq!(
            request.body,
            "currency=usd&line_items[0][amount]=1000&customer_details[address][country]=US"
        );
        assert_eq!(request.header("authorization"), Some("Bearer sk_test_raw"));
        assert_eq!(
            request.header("stripe-version"),
            Some(stripe_api::API_VERSION)
        );
        assert_eq!(
            request.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
    }
    let key = requests[0]
        .header("idempotency-key")
        .expect("a key on a POST");
    assert_eq!(requests[1].header("idempotency-key"), Some(key));
}

#[tokio::test]
async fn a_get_decodes_into_a_crate_type_with_its_parameters_in_the_query() {
    tests::skip_without_fixtures!();
    let mut customer = tests::stripe_fixture("customer").expect("fixtures");
    customer["id"] = json!("cus_1");
    let server = MockServer::start(vec![Reply::json(200, customer.to_string())]).await;
    let client = client(&server);
    let request = client
        .raw_request::<Customer>(Method::Get, "/v1/customers/cus_1")
        .param("expand[0]", "default_source");
    assert_eq!(
        request.url(),
        format!("{}/v1/customers/cus_1?expand[0]=default_source", server.url)
    );
    let decoded = request.stripe_account("acct_1").await.unwrap();
    assert_eq!(decoded.id.as_str(), "cus_1");
    let sent = &server.requests()[0];
    assert_eq!(sent.target, "/v1/customers/cus_1?expand[0]=default_source");
    assert_eq!(sent.header("stripe-account"), Some("acct_1"));
    assert_eq!(sent.header("idempotency-key"), None);
}

#[tokio::test]
async fn stripe_errors_are_api_errors() {
    let body = r#"{"error": {"type": "invalid_request_error", "code": "resource_missing",
        "param": "id", "message": "No such thing: 'x'"}}"#;
    let server = MockServer::start(vec![Reply::json(404, body)]).await;
    let error = client(&server)
        .raw_request::<Value>(Method::Delete, "/v1/things/x")
        .await
        .unwrap_err();
    let Error::Api(api) = error else {
        panic!("{error:?}")
    };
    assert_eq!((api.status, api.kind), (404, ErrorKind::InvalidRequest));
    assert_eq!(api.code.as_deref(), Some("resource_missing"));
    assert_eq!(server.requests()[0].method, "DELETE");
}

#[tokio::test]
async fn a_path_that_is_not_absolute_or_carries_a_query_is_not_sent() {
    let server = MockServer::start(vec![]).await;
    let client = client(&server);
    for path in [
        "v1/customers",
        "/v1/customers?limit=3",
        "/v1/customers#x",
        "/v1/customers/../charges",
    ] {
        let error = client
            .raw_request::<Value>(Method::Get, path)
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidPath(p) if p == path),
            "{error:?}"
        );
        assert!(!error.to_string().contains(KEY));
    }
    assert!(server.requests().is_empty());
}
