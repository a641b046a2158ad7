//! The quickstart of `generated/examples/checkout_quickstart.rs`, step for step, with
//! async-stripe 1.0.0-rc.10 (which follows a newer spec: `ui_mode` is typed there).

use futures_util::TryStreamExt;
use stripe::{
    ApiErrorsType, Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError,
    StripeRequest,
};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, ExpireCheckoutSession,
    ListCheckoutSession, RetrieveCheckoutSession,
};
use stripe_checkout::{
    CheckoutSession, CheckoutSessionId, CheckoutSessionMode, CheckoutSessionUiMode,
};
use stripe_webhook::{EventObject, Webhook, WebhookError};

const PRICE: &str = "price_1MotwRLkdIwHu7ixYcPLm5uZ";
const RETURN_URL: &str = "https://example.com/return?session_id={CHECKOUT_SESSION_ID}";

pub async fn create(client: &Client, order_id: &str) -> Result<CheckoutSession, StripeError> {
    let mut item = CreateCheckoutSessionLineItems::new();
    item.price = Some(PRICE.to_owned());
    item.quantity = Some(1);
    let key = IdempotencyKey::new(format!("order-{order_id}")).expect("a valid key");
    CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .line_items(vec![item])
        .metadata([("order_id".to_owned(), order_id.to_owned())])
        .ui_mode(CheckoutSessionUiMode::Elements)
        .return_url(RETURN_URL)
        .customize()
        .request_strategy(RequestStrategy::Idempotent(key))
        .send(client)
        .await
}

pub async fn retrieve(
    client: &Client,
    id: &CheckoutSessionId,
) -> Result<CheckoutSession, StripeError> {
    RetrieveCheckoutSession::new(id.clone())
        .expand(vec!["line_items".to_owned()])
        .send(client)
        .await
}

pub async fn list_all(client: &Client) -> Result<Vec<CheckoutSession>, StripeError> {
    ListCheckoutSession::new()
        .limit(100)
        .paginate()
        .stream(client)
        .try_collect()
        .await
}

pub fn advice(error: &StripeError) -> &'static str {
    match error {
        StripeError::Stripe(api, _) if api.type_ == ApiErrorsType::CardError => {
            "the card was declined: try another"
        }
        StripeError::ClientError(_) | StripeError::Timeout => {
            "Stripe could not be reached: try again in a moment"
        }
        _ => "something went wrong on our side",
    }
}

pub fn order_to_fulfil(
    secret: &str,
    payload: &str,
    signature: &str,
) -> Result<Option<String>, WebhookError> {
    let event = Webhook::construct_event(payload, signature, secret)?;
    let EventObject::CheckoutSessionCompleted(session) = event.data.object else {
        return Ok(None);
    };
    Ok(session.metadata.and_then(|m| m.get("order_id").cloned()))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("STRIPE_SECRET_KEY").map_err(|_| "set STRIPE_SECRET_KEY")?;
    let mut builder = ClientBuilder::new(key);
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        builder = builder.url(base);
    }
    let client = builder.build()?;

    let session = match create(&client, "6735").await {
        Ok(session) => session,
        Err(error) => return Err(format!("{}: {error}", advice(&error)).into()),
    };
    let secret = session.client_secret.is_some();
    println!("created {} (client_secret: {secret})", session.id);
    let session = retrieve(&client, &session.id).await?;
    let items = session.line_items.map_or(0, |items| items.data.len());
    println!("{} has {items} line item(s)", session.id);
    println!("{} session(s) in all", list_all(&client).await?.len());
    let expired = ExpireCheckoutSession::new(session.id.clone())
        .send(&client)
        .await?;
    let status = expired.status.as_ref().map_or("?", |s| s.as_str());
    println!("{} is now {status}", expired.id);
    Ok(())
}
