//! A subscription sold through Checkout: a product with a monthly price, a session in
//! subscription mode with a trial, and on `checkout.session.completed` the subscription
//! with its latest invoice, then a billing portal session for the customer to manage it.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_... cargo run -p stripe-api --example subscription_checkout
//! ```
//!
//! `STRIPE_API_BASE` points it at another server. Without a webhook to wait for, `main`
//! stops after creating the session and prints its URL; the repository's tests run every
//! function against a scripted server and check the requests on the wire.

use stripe_api::webhook::{Webhook, WebhookError};
use stripe_api::{
    BillingPortalSession, CheckoutSession, Client, CreateBillingPortalSession,
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionMode,
    CreateCheckoutSessionSubscriptionData, CreatePrice, CreatePriceRecurring,
    CreatePriceRecurringInterval, CreateProduct, Error, EventObject, EventType, Invoice, Price,
    RetrieveSubscription, Subscription, SubscriptionId,
};

const SUCCESS_URL: &str = "https://example.com/welcome?session_id={CHECKOUT_SESSION_ID}";
const ACCOUNT_URL: &str = "https://example.com/account";

/// The plan: a product and its monthly price of `unit_amount` cents.
pub async fn create_plan(client: &Client, unit_amount: i64) -> Result<Price, Error> {
    let product = client
        .create_product(&CreateProduct::new("Pro plan"))
        .await?;
    let params = CreatePrice::new("usd")
        .product(product.id.as_str())
        .unit_amount(unit_amount)
        .recurring(CreatePriceRecurring::new(
            CreatePriceRecurringInterval::Month,
        ));
    client.create_price(&params).await
}

/// A Checkout Session that starts a subscription to `price` with a trial of `trial_days`.
pub async fn create_session(
    client: &Client,
    price: &Price,
    trial_days: i64,
) -> Result<CheckoutSession, Error> {
    let params = CreateCheckoutSession::new()
        .mode(CreateCheckoutSessionMode::Subscription)
        .success_url(SUCCESS_URL)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price(price.id.as_str())
            .quantity(1)])
        .subscription_data(
            CreateCheckoutSessionSubscriptionData::new().trial_period_days(trial_days),
        );
    client.create_checkout_session_with(&params).await
}

/// The subscription a verified `checkout.session.completed` delivery started, if it is one.
pub fn completed_subscription(
    webhook: &Webhook,
    payload: &[u8],
    signature: Option<&str>,
) -> Result<Option<SubscriptionId>, WebhookError> {
    let event = webhook.construct_event(payload, signature)?;
    match (event.type_, *event.data.object) {
        (EventType::CheckoutSessionCompleted, EventObject::CheckoutSession(session)) => {
            Ok(session.subscription.map(|s| SubscriptionId::from(s.id())))
        }
        _ => Ok(None),
    }
}

/// The subscription with its latest invoice expanded.
pub async fn subscription_with_invoice(
    client: &Client,
    id: &SubscriptionId,
) -> Result<(Subscription, Option<Invoice>), Error> {
    let params = RetrieveSubscription::new().expand(["latest_invoice"]);
    let mut subscription = client.retrieve_subscription_with(id, &params).await?;
    let invoice = subscription
        .latest_invoice
        .take()
        .and_then(|invoice| invoice.into_object());
    Ok((subscription, invoice))
}

/// A billing portal session where the subscription's customer manages it.
pub async fn portal(
    client: &Client,
    subscription: &Subscription,
) -> Result<BillingPortalSession, Error> {
    let params =
        CreateBillingPortalSession::new(subscription.customer.id()).return_url(ACCOUNT_URL);
    client.create_billing_portal_session(&params).await
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("STRIPE_SECRET_KEY").map_err(|_| "set STRIPE_SECRET_KEY")?;
    let mut builder = Client::builder(key);
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;
    let price = create_plan(&client, 1500).await?;
    let session = create_session(&client, &price, 14).await?;
    println!("subscribe at {}", session.url.as_deref().unwrap_or("?"));
    Ok(())
}
