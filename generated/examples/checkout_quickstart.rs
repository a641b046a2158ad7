//! Stripe's Checkout quickstart, step by step: create a session (embedded, with an
//! idempotency key), retrieve it with its line items, list every session, expire it, tell
//! a card error from a network error, and fulfil the order of a signed
//! `checkout.session.completed`.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_... cargo run -p stripe-api --example checkout_quickstart
//! ```
//!
//! `STRIPE_API_BASE` points it at another server, such as a local test server. The
//! repository's tests run these same functions against a scripted server and check every
//! request on the wire.

use stripe_api::webhook::{Webhook, WebhookError};
use stripe_api::{
    CheckoutSession, CheckoutSessionId, Client, CreateCheckoutSession,
    CreateCheckoutSessionLineItems, CreateCheckoutSessionMode, Error, ErrorKind, EventObject,
    EventType, ListCheckoutSessions, RetrieveCheckoutSession,
};

const PRICE: &str = "price_1MotwRLkdIwHu7ixYcPLm5uZ";
const RETURN_URL: &str = "https://example.com/return?session_id={CHECKOUT_SESSION_ID}";

/// Creates the session for order `order_id`, for Stripe's Elements-based form
/// (`ui_mode=custom`): newer than the pinned spec, which lists `embedded` and `hosted`,
/// and sent through the typed setter all the same, since Stripe takes values outside
/// that list.
pub async fn create(client: &Client, order_id: &str) -> Result<CheckoutSession, Error> {
    let params = CreateCheckoutSession::new()
        .mode(CreateCheckoutSessionMode::Payment)
        .ui_mode("custom")
        .return_url(RETURN_URL)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price(PRICE)
            .quantity(1)])
        .metadata([("order_id", order_id)]);
    client
        .create_checkout_session_with(&params)
        .idempotency_key(format!("order-{order_id}"))
        .await
}

/// The session again, with its line items expanded.
pub async fn retrieve(client: &Client, id: &CheckoutSessionId) -> Result<CheckoutSession, Error> {
    let params = RetrieveCheckoutSession::new().expand(["line_items"]);
    client.retrieve_checkout_session_with(id, &params).await
}

/// Every session, page after page.
pub async fn list_all(client: &Client) -> Result<Vec<CheckoutSession>, Error> {
    let params = ListCheckoutSessions::new().limit(100);
    client
        .list_checkout_sessions_with(&params)
        .paginate()
        .collect_all()
        .await
}

/// What to tell the customer when a call fails.
pub fn advice(error: &Error) -> &'static str {
    match error {
        Error::Api(api) if api.kind == ErrorKind::Card => "the card was declined: try another",
        Error::Transport(_) => "Stripe could not be reached: try again in a moment",
        _ => "something went wrong on our side",
    }
}

/// Verifies a webhook delivery and returns the order to fulfil, if it completes one.
pub fn order_to_fulfil(
    webhook: &Webhook,
    payload: &[u8],
    signature: Option<&str>,
) -> Result<Option<String>, WebhookError> {
    let event = webhook.construct_event(payload, signature)?;
    match (event.type_, *event.data.object) {
        (EventType::CheckoutSessionCompleted, EventObject::CheckoutSession(session)) => {
            Ok(session.metadata.and_then(|m| m.get("order_id").cloned()))
        }
        _ => Ok(None),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("STRIPE_SECRET_KEY").map_err(|_| "set STRIPE_SECRET_KEY")?;
    let mut builder = Client::builder(key);
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;

    let session = match create(&client, "6735").await {
        Ok(session) => session,
        Err(error) => return Err(format!("{}: {error}", advice(&error)).into()),
    };
    let secret = session.client_secret.is_some();
    let ui_mode = session.ui_mode.as_ref().map_or("?", |mode| mode.as_str());
    println!(
        "created {} (ui_mode: {ui_mode}, client_secret: {secret})",
        session.id
    );
    let session = retrieve(&client, &session.id).await?;
    let items = session.line_items.map_or(0, |items| items.data.len());
    println!("{} has {items} line item(s)", session.id);
    println!("{} session(s) in all", list_all(&client).await?.len());
    let expired = client.expire_checkout_session(&session.id).await?;
    let status = expired.status.as_ref().map_or("?", |s| s.as_str());
    println!("{} is now {status}", expired.id);
    Ok(())
}
