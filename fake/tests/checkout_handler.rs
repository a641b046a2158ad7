//! The README's example: testing a small shop's checkout end to end against the fake.
//! The shop creates a session per order (retrying safely), and fulfils an order when
//! Stripe says its session completed, once, however many times the event arrives.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use stripe_api::webhook::Webhook;
use stripe_api::{
    CheckoutSession, Client, CreateCheckoutSession, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionMode, CreatePrice, CreateProduct, CreateWebhookEndpoint, EventObject,
    EventType,
};
use stripe_fake::{FakeStripe, Fault};

/// The code under test: a shop.
struct Shop {
    client: Client,
    webhook: Webhook,
    fulfilled: Mutex<HashSet<String>>,
    shipped: Mutex<Vec<String>>,
}

impl Shop {
    async fn checkout(
        &self,
        order_id: &str,
        price: &str,
    ) -> Result<CheckoutSession, stripe_api::Error> {
        let params = CreateCheckoutSession::new()
            .success_url("https://shop.example/thanks")
            .mode(CreateCheckoutSessionMode::Payment)
            .line_items([CreateCheckoutSessionLineItems::new()
                .price(price)
                .quantity(1)])
            .metadata([("order_id", order_id)]);
        self.client
            .create_checkout_session_with(&params)
            .idempotency_key(format!("order-{order_id}"))
            .await
    }

    /// Ships the order of a completed session, unless its session was seen before.
    fn on_event(&self, payload: &[u8], signature: Option<&str>) -> StatusCode {
        let Ok(event) = self.webhook.construct_event(payload, signature) else {
            return StatusCode::BAD_REQUEST;
        };
        if let (EventType::CheckoutSessionCompleted, EventObject::CheckoutSession(session)) =
            (&event.type_, event.data.object.as_ref())
        {
            let first_time = self
                .fulfilled
                .lock()
                .unwrap()
                .insert(session.id.to_string());
            let order = session.metadata.as_ref().and_then(|m| m.get("order_id"));
            if let (true, Some(order)) = (first_time, order) {
                self.shipped.lock().unwrap().push(order.clone());
            }
        }
        StatusCode::OK
    }
}

async fn receive(State(shop): State<Arc<Shop>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    shop.on_event(&body, signature)
}

/// Starts the shop's webhook receiver and registers it with Stripe (here, the fake).
async fn open_shop(stripe: &FakeStripe) -> (Arc<Shop>, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/webhook", listener.local_addr().unwrap());
    let client = stripe.client();
    let endpoint = client
        .create_webhook_endpoint(
            &CreateWebhookEndpoint::new([EventType::CheckoutSessionCompleted], &url)
                .api_version(stripe_api::API_VERSION),
        )
        .await
        .unwrap();
    let secret = endpoint.secret.expect("returned on creation");
    let shop = Arc::new(Shop {
        client,
        webhook: Webhook::new(secret),
        fulfilled: Mutex::default(),
        shipped: Mutex::default(),
    });
    let app = Router::new()
        .route("/webhook", post(receive))
        .with_state(shop.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (shop, url)
}

async fn a_price(client: &Client) -> String {
    let product = client
        .create_product(&CreateProduct::new("Mug"))
        .await
        .unwrap();
    let price = CreatePrice::new("eur")
        .unit_amount(1200)
        .product(product.id);
    client.create_price(&price).await.unwrap().id.to_string()
}

#[tokio::test]
async fn an_order_is_fulfilled_once_when_its_session_completes() {
    let stripe = FakeStripe::start().await;
    let (shop, _) = open_shop(&stripe).await;
    let price = a_price(&shop.client).await;

    // The answer to the create is lost; the client's retry reuses the idempotency key.
    stripe.fail_next(1, Fault::DropResponse);
    let session = shop.checkout("6735", &price).await.unwrap();
    assert_eq!(
        stripe.count("checkout.session"),
        1,
        "one session despite the retry"
    );
    assert_eq!(session.amount_total, Some(1200));

    stripe.complete_checkout_session(&session.id).await.unwrap();
    // Stripe delivers after the change, not within it.
    stripe.wait_for_deliveries().await;
    assert_eq!(*shop.shipped.lock().unwrap(), ["6735"]);

    // Stripe delivers again when it is unsure the first delivery arrived.
    let events = shop.client.list_events().await.unwrap();
    let completed = events
        .data
        .iter()
        .find(|e| e.type_ == EventType::CheckoutSessionCompleted)
        .expect("the event is listed");
    stripe.redeliver(&completed.id).await.unwrap();
    stripe.wait_for_deliveries().await;
    assert_eq!(*shop.shipped.lock().unwrap(), ["6735"], "not shipped twice");
    let statuses: Vec<Option<u16>> = stripe.deliveries().iter().map(|d| d.status).collect();
    assert_eq!(statuses, [Some(200), Some(200)]);
}

#[tokio::test]
async fn an_expired_session_ships_nothing() {
    let stripe = FakeStripe::start().await;
    let (shop, _) = open_shop(&stripe).await;
    let price = a_price(&shop.client).await;
    let session = shop.checkout("7000", &price).await.unwrap();
    stripe.expire_checkout_session(&session.id).await.unwrap();
    stripe.wait_for_deliveries().await;
    assert!(shop.shipped.lock().unwrap().is_empty());
    assert!(
        stripe.deliveries().is_empty(),
        "the endpoint takes completions only"
    );
    assert!(stripe
        .complete_checkout_session(session.id.as_str())
        .await
        .is_err());
}
