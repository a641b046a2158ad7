//! Webhook deliveries as Stripe makes them: after the answer, retried with a growing
//! wait until the endpoint answers 2xx, every attempt listed; or, as an option,
//! synchronous, once, before the answer.

use std::time::Duration;

use stripe_api::webhook::Webhook;
use stripe_api::{Client, CreateWebhookEndpoint, EventType};
use stripe_fake::{DeliveryPolicy, FakeStripe};
use tests::http::{MockServer, Reply};
use tests::shop::price;

async fn endpoint(client: &Client, url: &str) -> Webhook {
    let params = CreateWebhookEndpoint::new([EventType::CheckoutSessionExpired], url);
    let endpoint = client.create_webhook_endpoint(&params).await.unwrap();
    Webhook::new(endpoint.secret.expect("returned on creation"))
}

async fn expire_a_session(client: &Client) {
    let mug = price(client, "Mug", 1200, "usd", false).await;
    let params = stripe_api::CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(stripe_api::CreateCheckoutSessionMode::Payment)
        .line_items([stripe_api::CreateCheckoutSessionLineItems::new()
            .price(mug.id.as_str())
            .quantity(1)]);
    let session = client.create_checkout_session_with(&params).await.unwrap();
    client.expire_checkout_session(&session.id).await.unwrap();
}

/// The endpoint hangs, then fails, then takes the event: the API call does not wait for
/// it, and the fake tries three times, each signed, the same event each time.
#[tokio::test]
async fn deliveries_follow_the_answer_and_are_retried_until_taken() {
    let receiver = MockServer::start(vec![
        Reply::Stall(Duration::from_secs(5)),
        Reply::json(500, "{}"),
        Reply::json(200, "{}"),
    ])
    .await;
    let policy = DeliveryPolicy {
        first_retry: Duration::from_millis(10),
        timeout: Duration::from_millis(300),
        ..DeliveryPolicy::default()
    };
    let stripe = FakeStripe::builder().deliveries(policy).start().await;
    let client = stripe.client();
    let webhook = endpoint(&client, &receiver.url).await;
    expire_a_session(&client).await;
    assert!(
        stripe.deliveries().is_empty(),
        "the answer came before the (hanging) delivery: {:?}",
        stripe.deliveries()
    );
    stripe.wait_for_deliveries().await;
    let attempts: Vec<(u32, Option<u16>)> = stripe
        .deliveries()
        .iter()
        .map(|d| (d.attempt, d.status))
        .collect();
    assert_eq!(attempts, [(1, None), (2, Some(500)), (3, Some(200))]);
    assert!(stripe.deliveries()[0]
        .error
        .as_deref()
        .unwrap()
        .contains("did not answer"));
    let received = receiver.requests();
    assert_eq!(received.len(), 3);
    let events: Vec<String> = received
        .iter()
        .map(|request| {
            let signature = request.header("stripe-signature");
            let event = webhook
                .construct_event(request.body.as_bytes(), signature)
                .unwrap();
            event.id.to_string()
        })
        .collect();
    assert!(
        events.windows(2).all(|pair| pair[0] == pair[1]),
        "{events:?}"
    );
}

/// An endpoint that never takes the event gets the policy's attempts and no more.
#[tokio::test]
async fn retries_stop_after_the_last_attempt() {
    let receiver = MockServer::start(vec![Reply::json(503, "{}"); 5]).await;
    let policy = DeliveryPolicy {
        attempts: 3,
        first_retry: Duration::from_millis(5),
        ..DeliveryPolicy::default()
    };
    let stripe = FakeStripe::builder().deliveries(policy).start().await;
    let client = stripe.client();
    endpoint(&client, &receiver.url).await;
    expire_a_session(&client).await;
    stripe.wait_for_deliveries().await;
    let statuses: Vec<Option<u16>> = stripe.deliveries().iter().map(|d| d.status).collect();
    assert_eq!(statuses, [Some(503); 3]);
    assert_eq!(receiver.requests().len(), 3);
}

/// Synchronous delivery: the call returns once its event was delivered, one attempt.
#[tokio::test]
async fn synchronous_deliveries_happen_before_the_answer_once() {
    let receiver = MockServer::start(vec![Reply::json(500, "{}"), Reply::json(200, "{}")]).await;
    let stripe = FakeStripe::builder().synchronous_deliveries().start().await;
    let client = stripe.client();
    endpoint(&client, &receiver.url).await;
    expire_a_session(&client).await;
    let statuses: Vec<Option<u16>> = stripe.deliveries().iter().map(|d| d.status).collect();
    assert_eq!(
        statuses,
        [Some(500)],
        "delivered before the answer, not retried"
    );
}
