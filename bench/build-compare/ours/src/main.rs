//! Creates a Checkout Session and prints its id and URL, with this project's crate.

use stripe_api::{
    Client, CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionMode,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new(std::env::var("STRIPE_SECRET_KEY")?)?;
    let params = CreateCheckoutSession::new().success_url("https://example.com/success")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price("price_123")
            .quantity(1)])
        .metadata([("order_id", "6735")]);
    let session = client.create_checkout_session_with(&params).await?;
    println!("{} {:?}", session.id, session.url);
    Ok(())
}
