//! Creates a Checkout Session and prints its id and URL, with async-stripe.

use stripe_checkout::checkout_session::{CreateCheckoutSession, CreateCheckoutSessionLineItems};
use stripe_checkout::CheckoutSessionMode;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = stripe::Client::new(std::env::var("STRIPE_SECRET_KEY")?);
    let mut item = CreateCheckoutSessionLineItems::new();
    item.price = Some("price_123".to_owned());
    item.quantity = Some(1);
    let session = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .success_url("https://example.com/success")
        .line_items(vec![item])
        .metadata([("order_id".to_owned(), "6735".to_owned())])
        .send(&client)
        .await?;
    println!("{} {:?}", session.id, session.url);
    Ok(())
}
