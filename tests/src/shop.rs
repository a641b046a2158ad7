//! What the tests of the fake's Checkout, Billing and rules share: a shop's catalogue
//! made through the crate's client, the API errors it expects, and the events the fake
//! stored, oldest first.

use stripe_api::{
    ApiError, Client, CreatePrice, CreatePriceRecurring, CreatePriceRecurringInterval,
    CreateProduct, Error, ListEvents, Price,
};

/// A product named `name` with a price of `unit_amount` in `currency`, monthly when
/// `monthly`.
pub async fn price(
    client: &Client,
    name: &str,
    unit_amount: i64,
    currency: &str,
    monthly: bool,
) -> Price {
    let product = client
        .create_product(&CreateProduct::new(name))
        .await
        .unwrap();
    let mut params = CreatePrice::new(currency)
        .unit_amount(unit_amount)
        .product(product.id.as_str());
    if monthly {
        params = params.recurring(CreatePriceRecurring::new(
            CreatePriceRecurringInterval::Month,
        ));
    }
    client.create_price(&params).await.unwrap()
}

/// The API error a call must have met.
pub fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Box<ApiError> {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// The types of the events stored so far, oldest first.
pub async fn event_types(client: &Client) -> Vec<String> {
    let events = client
        .list_events_with(&ListEvents::new().limit(100))
        .await
        .unwrap();
    let mut types: Vec<String> = events
        .data
        .iter()
        .map(|e| e.type_.as_str().to_owned())
        .collect();
    types.reverse();
    types
}

/// The events of `types` since `before` of them were stored: what one step sent.
pub async fn events_after(client: &Client, before: usize) -> Vec<String> {
    event_types(client).await.split_off(before)
}
