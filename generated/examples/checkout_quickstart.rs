//! The Checkout Sessions quickstart: create a session for one line item and print its
//! id and URL.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_... cargo run -p stripe-api --example checkout_quickstart
//! ```
//!
//! `STRIPE_API_BASE` points it at another server, such as a local test server.
//! `ui_mode=custom` and `return_url` are newer than the 2023-08-16 spec the types come
//! from, so they are sent as raw parameters; the session's `client_secret` that comes
//! back with them is read from its unknown fields for the same reason.

use stripe_api::{
    Client, CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionMode,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("STRIPE_SECRET_KEY").map_err(|_| "set STRIPE_SECRET_KEY")?;
    let mut builder = Client::builder(key).app_info("checkout-quickstart/0.1");
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;

    let params = CreateCheckoutSession::new("https://example.com/success")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price("price_1MotwRLkdIwHu7ixYcPLm5uZ")
            .quantity(1)])
        .metadata([("order_id", "6735")]);

    let session = client
        .create_checkout_session(&params)
        .param("ui_mode", "custom")
        .param(
            "return_url",
            "https://example.com/return?session_id={CHECKOUT_SESSION_ID}",
        )
        .await?;
    println!("id: {}", session.id);
    println!(
        "url: {}",
        session
            .url
            .as_deref()
            .unwrap_or("(none: ui_mode=custom has no hosted page)")
    );
    // Newer than the pinned spec, so not a typed field: kept with the other unknown ones.
    let secret = session.unknown_fields.get("client_secret");
    if let Some(secret) = secret.and_then(|s| s.as_str()) {
        println!("client_secret: {}…", &secret[..secret.len().min(12)]);
    }
    Ok(())
}
