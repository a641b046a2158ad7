//! The examples, run as programs: the quickstart against a local server that checks what
//! it sends, and the webhook receiver with signed and tampered deliveries.

use std::process::Command;

use serde_json::json;
use tests::http::{MockServer, Reply};

#[tokio::test]
async fn quickstart_creates_a_session_and_prints_its_id_and_url() {
    let Some(binary) = tests::example_binary("checkout_quickstart") else {
        return;
    };
    let mut session = tests::fixture_or_skip!("checkout.session");
    session["id"] = json!("cs_test_quickstart");
    session["url"] = json!("https://checkout.stripe.com/c/pay/cs_test_quickstart");
    session["client_secret"] = json!("cs_test_quickstart_secret_abc");
    let server = MockServer::start(vec![Reply::json(200, session.to_string())]).await;

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
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("id: cs_test_quickstart\n"), "{stdout}");
    assert!(
        stdout.contains("client_secret: cs_test_quic…\n"),
        "read from the session's unknown fields: {stdout}"
    );
    assert!(
        stdout.contains("url: https://checkout.stripe.com/c/pay/cs_test_quickstart\n"),
        "{stdout}"
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].target, "/v1/checkout/sessions");
    assert_eq!(
        requests[0].body,
        "line_items[0][price]=price_1MotwRLkdIwHu7ixYcPLm5uZ&line_items[0][quantity]=1\
         &metadata[order_id]=6735&mode=payment&success_url=https%3A%2F%2Fexample.com%2Fsuccess\
         &ui_mode=custom&return_url=https%3A%2F%2Fexample.com%2Freturn%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"
    );
    assert!(requests[0]
        .header("user-agent")
        .unwrap()
        .ends_with(" checkout-quickstart/0.1"));
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
