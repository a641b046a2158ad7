//! A minimal webhook receiver: verifies each delivery's `Stripe-Signature` and fulfils
//! the order of every `checkout.session.completed`.
//!
//! ```sh
//! STRIPE_WEBHOOK_SECRET=whsec_... cargo run -p stripe-api --example webhook_receiver
//! ```
//!
//! It listens on 127.0.0.1 (`PORT`, 4242 by default) at `/webhook` and prints the address
//! it got first. Forward events to it with `stripe listen --forward-to
//! localhost:4242/webhook`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use stripe_api::webhook::{Webhook, WebhookError};
use stripe_api::{EventObject, EventType};

async fn receive(
    State(webhook): State<Arc<Webhook>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    let event = match webhook.construct_event(&body, signature) {
        Ok(event) => event,
        // Authentic, but rendered in another API version than the crate's (the endpoint
        // is not pinned to it) or not in the shape these types expect: acknowledge it so
        // Stripe does not retry, and keep what is needed to handle it by hand.
        Err(WebhookError::ApiVersionMismatch(envelope)) => {
            eprintln!(
                "event {} ({}) is in API version {:?}: pin the endpoint to {}",
                envelope.id,
                envelope.type_,
                envelope.api_version,
                stripe_api::API_VERSION
            );
            return StatusCode::OK;
        }
        Err(error @ WebhookError::Decode(_)) => {
            eprintln!("could not decode an authentic event: {error}");
            return StatusCode::OK;
        }
        Err(error) => {
            eprintln!("rejected a delivery: {error}");
            return StatusCode::BAD_REQUEST;
        }
    };
    if let (EventType::CheckoutSessionCompleted, EventObject::CheckoutSession(session)) =
        (&event.type_, event.data.object.as_ref())
    {
        let order = session
            .metadata
            .as_ref()
            .and_then(|m| m.get("order_id"))
            .map_or("(none)", String::as_str);
        println!("fulfilling order {order} for {}", session.id);
    }
    StatusCode::OK
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("STRIPE_WEBHOOK_SECRET").map_err(|_| "set STRIPE_WEBHOOK_SECRET")?;
    let port = std::env::var("PORT").unwrap_or_else(|_| "4242".to_owned());
    let app = Router::new()
        .route("/webhook", post(receive))
        .with_state(Arc::new(Webhook::new(secret)));
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
