//! The quickstart example, run as a program against a local server that checks what it
//! sends.

use std::process::Command;

use serde_json::json;
use tests::http::{MockServer, Reply};

/// `target/<profile>/examples/checkout_quickstart`, built by `cargo test --workspace`.
fn example_binary() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let profile_dir = exe.parent()?.parent()?;
    let binary = profile_dir.join("examples").join("checkout_quickstart");
    binary.exists().then_some(binary)
}

#[tokio::test]
async fn quickstart_creates_a_session_and_prints_its_id_and_url() {
    let Some(binary) = example_binary() else {
        assert!(
            std::env::var_os("REQUIRE_EMULATORS").is_none(),
            "the example was not built; run scripts/test.sh"
        );
        eprintln!("skipped: the example is built by `cargo test --workspace`");
        return;
    };
    let fixtures: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tests::upstream_dir().join("fixtures3.2023-08-16.json")).unwrap(),
    )
    .unwrap();
    let mut session = fixtures["resources"]["checkout.session"].clone();
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
