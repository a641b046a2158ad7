//! The examples, run as programs: the quickstart against a local server that checks what
//! it sends, and the webhook receiver with signed and tampered deliveries.

use std::process::Command;

use serde_json::json;
use tests::http::{MockServer, Reply};

/// The quickstart's functions, for the steps its `main` does not run on its own.
#[allow(dead_code, reason = "the example's `main` is run as a program instead")]
#[path = "../../generated/examples/checkout_quickstart.rs"]
mod quickstart;

fn session(id: &str) -> serde_json::Value {
    let mut session = tests::stripe_fixture("checkout.session").expect("fixtures");
    session["id"] = json!(id);
    session
}

#[tokio::test]
async fn quickstart_runs_every_step_with_the_exact_wire() {
    let Some(binary) = tests::example_binary("checkout_quickstart") else {
        return;
    };
    tests::skip_without_fixtures!();
    let mut created = session("cs_test_1");
    created["client_secret"] = json!("cs_test_1_secret_abc");
    created["ui_mode"] = json!("custom");
    let mut retrieved = session("cs_test_1");
    retrieved["line_items"] = json!({"object": "list", "url": "/v1/checkout/sessions/cs_test_1/line_items",
        "has_more": false, "data": [tests::fixture_or_skip!("item")]});
    let page = |ids: &[&str], has_more: bool| {
        let data: Vec<_> = ids.iter().map(|id| session(id)).collect();
        json!({"object": "list", "url": "/v1/checkout/sessions", "has_more": has_more, "data": data})
            .to_string()
    };
    let mut expired = session("cs_test_1");
    expired["status"] = json!("expired");
    let server = MockServer::start(vec![
        Reply::json(200, created.to_string()),
        Reply::json(200, retrieved.to_string()),
        Reply::json(200, page(&["cs_test_1", "cs_test_0"], true)),
        Reply::json(200, page(&["cs_test_old"], false)),
        Reply::json(200, expired.to_string()),
    ])
    .await;

    let url = server.url.clone();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(binary)
            .env("STRIPE_SECRET_KEY", "sk_test_quickstart")
            .env("STRIPE_API_BASE", url)
            .output()
            .expect("the example runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert_eq!(
        stdout,
        "created cs_test_1 (ui_mode: custom, client_secret: true)\ncs_test_1 has 1 line item(s)\n\
         3 session(s) in all\ncs_test_1 is now expired\n"
    );

    let requests = server.requests();
    let wire: Vec<(&str, &str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str(), r.body.as_str()))
        .collect();
    assert_eq!(
        wire,
        [
            (
                "POST",
                "/v1/checkout/sessions",
                "line_items[0][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[0][quantity]=1\
                 &metadata[order_id]=6735&mode=payment\
                 &return_url=https%3A%2F%2Fexample.com%2Freturn%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D\
                 &ui_mode=custom"
            ),
            ("GET", "/v1/checkout/sessions/cs_test_1?expand[0]=line_items", ""),
            ("GET", "/v1/checkout/sessions?limit=100", ""),
            ("GET", "/v1/checkout/sessions?limit=100&starting_after=cs_test_0", ""),
            ("POST", "/v1/checkout/sessions/cs_test_1/expire", ""),
        ]
    );
    assert_eq!(requests[0].header("idempotency-key"), Some("order-6735"));
    assert!(requests
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer sk_test_quickstart")));
}

#[tokio::test]
async fn quickstart_tells_a_declined_card_from_an_unreachable_stripe() {
    let declined = json!({"error": {"type": "card_error", "code": "card_declined",
        "decline_code": "insufficient_funds", "message": "Your card has insufficient funds."}});
    let server = MockServer::start(vec![Reply::json(402, declined.to_string())]).await;
    let client = stripe_api::Client::builder("sk_test_quickstart")
        .base_url(&server.url)
        .build()
        .unwrap();
    let error = quickstart::create(&client, "6735").await.unwrap_err();
    assert_eq!(
        quickstart::advice(&error),
        "the card was declined: try another"
    );

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let retry = stripe_api::RetryPolicy {
        max_retries: 0,
        ..Default::default()
    };
    let client = stripe_api::Client::builder("sk_test_quickstart")
        .base_url(closed)
        .retry_policy(retry)
        .build()
        .unwrap();
    let error = quickstart::create(&client, "6735").await.unwrap_err();
    assert_eq!(
        quickstart::advice(&error),
        "Stripe could not be reached: try again in a moment"
    );
}

#[test]
fn quickstart_fulfils_a_signed_completed_session_and_refuses_a_forged_one() {
    tests::skip_without_fixtures!();
    let mut completed = session("cs_test_1");
    completed["metadata"] = json!({"order_id": "6735"});
    let event = |type_: &str| {
        json!({"id": "evt_1", "object": "event", "api_version": stripe_api::API_VERSION,
            "created": 1700000000, "livemode": false, "pending_webhooks": 1, "type": type_,
            "request": null, "data": {"object": completed}})
        .to_string()
    };
    let webhook = stripe_api::webhook::Webhook::new("whsec_quickstart");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let sign =
        |payload: &str| stripe_api::webhook::sign(payload.as_bytes(), "whsec_quickstart", now);

    let payload = event("checkout.session.completed");
    let order = quickstart::order_to_fulfil(&webhook, payload.as_bytes(), Some(&sign(&payload)));
    assert_eq!(order.unwrap().as_deref(), Some("6735"));
    let expired = event("checkout.session.expired");
    let order = quickstart::order_to_fulfil(&webhook, expired.as_bytes(), Some(&sign(&expired)));
    assert_eq!(order.unwrap(), None);
    let forged = payload.replace("6735", "9999");
    assert!(
        quickstart::order_to_fulfil(&webhook, forged.as_bytes(), Some(&sign(&payload))).is_err()
    );
}

#[tokio::test]
async fn webhook_receiver_verifies_and_fulfils_completed_sessions() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let Some(binary) = tests::example_binary("webhook_receiver") else {
        return;
    };
    let mut session = tests::fixture_or_skip!("checkout.session");
    let mut child = Command::new(binary)
        .env("STRIPE_WEBHOOK_SECRET", "whsec_example")
        .env("PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the example starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let address = first
        .trim()
        .strip_prefix("listening on ")
        .expect("prints its address")
        .to_owned();
    let base = format!("http://{address}");

    session["id"] = json!("cs_test_receiver");
    session["metadata"] = json!({"order_id": "6735"});
    let event = json!({
        "id": "evt_receiver", "object": "event", "api_version": stripe_api::API_VERSION, "created": 1700000000,
        "livemode": false, "pending_webhooks": 1, "type": "checkout.session.completed",
        "request": null, "data": {"object": session}
    })
    .to_string();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let signature = stripe_api::webhook::sign(event.as_bytes(), "whsec_example", now);
    let json = ("content-type", "application/json");
    let status = tests::http::post(
        &base,
        "/webhook",
        &[json, ("stripe-signature", &signature)],
        &event,
    )
    .await;
    assert_eq!(status, 200);
    let tampered = event.replace("6735", "9999");
    let status = tests::http::post(
        &base,
        "/webhook",
        &[json, ("stripe-signature", &signature)],
        &tampered,
    )
    .await;
    assert_eq!(status, 400);

    child.kill().unwrap();
    child.wait().unwrap();
    let printed: Vec<String> = stdout.lines().map_while(Result::ok).collect();
    assert_eq!(printed, ["fulfilling order 6735 for cs_test_receiver"]);
}
