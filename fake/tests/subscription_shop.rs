//! The README's subscription example: a shop that sells a monthly plan with a trial
//! through Checkout and keeps each customer's access from Stripe's webhooks, tested on
//! the fake through a trial, a renewal, a failed renewal, a cancellation, and a one-off
//! order paid by a delayed method.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use stripe_api::webhook::Webhook;
use stripe_api::{
    CheckoutSession, Client, CreateCheckoutSession, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionMode, CreateCheckoutSessionSubscriptionData, CreatePrice,
    CreatePriceRecurring, CreatePriceRecurringInterval, CreateProduct, CreateWebhookEndpoint,
    EventObject, EventType, Price,
};
use stripe_fake::{Completion, FakeStripe, Outcome};

const DAY: u64 = 24 * 60 * 60;

/// What the shop grants a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Access {
    Trial,
    Paid,
    PaymentDue,
    Ended,
}

/// The code under test: access by customer from subscription events; one-off orders
/// shipped once paid, however late the payment clears.
struct Shop {
    client: Client,
    webhook: Webhook,
    access: Mutex<HashMap<String, Access>>,
    shipped: Mutex<Vec<String>>,
}

impl Shop {
    async fn subscribe(
        &self,
        plan: &Price,
        email: &str,
    ) -> Result<CheckoutSession, stripe_api::Error> {
        let params = CreateCheckoutSession::new()
            .success_url("https://shop.example/welcome")
            .mode(CreateCheckoutSessionMode::Subscription)
            .customer_email(email)
            .line_items([CreateCheckoutSessionLineItems::new()
                .price(plan.id.as_str())
                .quantity(1)])
            .subscription_data(CreateCheckoutSessionSubscriptionData::new().trial_period_days(14));
        self.client.create_checkout_session_with(&params).await
    }

    async fn order(
        &self,
        item: &Price,
        order_id: &str,
    ) -> Result<CheckoutSession, stripe_api::Error> {
        let params = CreateCheckoutSession::new()
            .success_url("https://shop.example/thanks")
            .mode(CreateCheckoutSessionMode::Payment)
            .line_items([CreateCheckoutSessionLineItems::new()
                .price(item.id.as_str())
                .quantity(1)])
            .metadata([("order_id", order_id)]);
        self.client.create_checkout_session_with(&params).await
    }

    fn on_event(&self, payload: &[u8], signature: Option<&str>) -> StatusCode {
        let Ok(event) = self.webhook.construct_event(payload, signature) else {
            return StatusCode::BAD_REQUEST;
        };
        match (&event.type_, event.data.object.as_ref()) {
            (
                EventType::CustomerSubscriptionCreated
                | EventType::CustomerSubscriptionUpdated
                | EventType::CustomerSubscriptionDeleted,
                EventObject::Subscription(subscription),
            ) => {
                let access = match subscription.status.as_str() {
                    "trialing" => Access::Trial,
                    "active" => Access::Paid,
                    "past_due" | "unpaid" | "incomplete" => Access::PaymentDue,
                    _ => Access::Ended,
                };
                let customer = subscription.customer.id().to_owned();
                self.access.lock().unwrap().insert(customer, access);
            }
            (
                EventType::CheckoutSessionCompleted
                | EventType::CheckoutSessionAsyncPaymentSucceeded,
                EventObject::CheckoutSession(session),
            ) if session.payment_status.as_str() == "paid" => {
                if let Some(order) = session.metadata.as_ref().and_then(|m| m.get("order_id")) {
                    let mut shipped = self.shipped.lock().unwrap();
                    if !shipped.contains(order) {
                        shipped.push(order.clone());
                    }
                }
            }
            _ => {}
        }
        StatusCode::OK
    }

    fn access(&self, customer: &str) -> Option<Access> {
        self.access.lock().unwrap().get(customer).cloned()
    }
}

async fn receive(State(shop): State<Arc<Shop>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    shop.on_event(&body, signature)
}

async fn open_shop(stripe: &FakeStripe) -> Arc<Shop> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhook", listener.local_addr().unwrap());
    let client = stripe.client();
    let events = [
        EventType::CustomerSubscriptionCreated,
        EventType::CustomerSubscriptionUpdated,
        EventType::CustomerSubscriptionDeleted,
        EventType::CheckoutSessionCompleted,
        EventType::CheckoutSessionAsyncPaymentSucceeded,
    ];
    let endpoint = client
        .create_webhook_endpoint(&CreateWebhookEndpoint::new(events, &url))
        .await
        .unwrap();
    let shop = Arc::new(Shop {
        client,
        webhook: Webhook::new(endpoint.secret.expect("returned on creation")),
        access: Mutex::default(),
        shipped: Mutex::default(),
    });
    let app = Router::new()
        .route("/webhook", post(receive))
        .with_state(shop.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    shop
}

async fn catalogue(client: &Client) -> (Price, Price) {
    let product = client
        .create_product(&CreateProduct::new("Pro"))
        .await
        .unwrap();
    let monthly = CreatePrice::new("usd")
        .unit_amount(900)
        .product(product.id.as_str())
        .recurring(CreatePriceRecurring::new(
            CreatePriceRecurringInterval::Month,
        ));
    let monthly = client.create_price(&monthly).await.unwrap();
    let mug = client
        .create_product(&CreateProduct::new("Mug"))
        .await
        .unwrap();
    let mug = CreatePrice::new("usd")
        .unit_amount(1200)
        .product(mug.id.as_str());
    (monthly, client.create_price(&mug).await.unwrap())
}

#[tokio::test]
async fn a_subscription_shop_through_trial_renewal_failure_and_cancellation() {
    let stripe = FakeStripe::start().await;
    let shop = open_shop(&stripe).await;
    let (plan, _) = catalogue(&shop.client).await;

    let session = shop.subscribe(&plan, "jenny@example.com").await.unwrap();
    let done = stripe.complete_checkout_session(&session.id).await.unwrap();
    stripe.wait_for_deliveries().await;
    let customer = done.customer.as_ref().unwrap().id().to_owned();
    assert_eq!(shop.access(&customer), Some(Access::Trial));

    stripe.advance_time(Duration::from_secs(15 * DAY)).await;
    stripe.wait_for_deliveries().await;
    assert_eq!(
        shop.access(&customer),
        Some(Access::Paid),
        "the trial ended and was paid"
    );

    stripe.decline_payments_of(&customer, true);
    stripe.advance_time(Duration::from_secs(31 * DAY)).await;
    stripe.wait_for_deliveries().await;
    assert_eq!(shop.access(&customer), Some(Access::PaymentDue));

    let subscription = done.subscription.as_ref().unwrap().id().into();
    shop.client
        .cancel_subscription(&subscription)
        .await
        .unwrap();
    stripe.wait_for_deliveries().await;
    assert_eq!(shop.access(&customer), Some(Access::Ended));
}

#[tokio::test]
async fn an_order_paid_by_a_delayed_method_ships_when_the_payment_clears() {
    let stripe = FakeStripe::start().await;
    let shop = open_shop(&stripe).await;
    let (_, mug) = catalogue(&shop.client).await;
    let session = shop.order(&mug, "7001").await.unwrap();
    let delayed = Completion::new().outcome(Outcome::Delayed);
    stripe
        .complete_checkout_session_with(&session.id, &delayed)
        .await
        .unwrap();
    stripe.wait_for_deliveries().await;
    assert!(shop.shipped.lock().unwrap().is_empty(), "not paid yet");
    stripe
        .settle_async_payment(&session.id, true)
        .await
        .unwrap();
    stripe.wait_for_deliveries().await;
    assert_eq!(*shop.shipped.lock().unwrap(), ["7001"]);
}
