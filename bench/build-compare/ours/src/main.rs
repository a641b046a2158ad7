//! Creates a Checkout Session and prints its id and URL, with this project's crate.

use stripe_api::{
    Client, CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionMode,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new(std::env::var("STRIPE_SECRET_KEY")?)?;
    let mut params = CreateCheckoutSession::new("https://example.com/success".to_owned());
    params.mode = Some(CreateCheckoutSessionMode::Payment);
    params.line_items = Some(vec![CreateCheckoutSessionLineItems {
        price: Some("price_123".to_owned()),
        quantity: Some(1),
        ..CreateCheckoutSessionLineItems::new()
    }]);
    params.metadata = Some([("order_id".to_owned(), "6735".to_owned())].into());
    let session = client.create_checkout_session(&params).await?;
    println!("{} {:?}", session.id, session.url);
    Ok(())
}
