//! Encoding the create-session parameters and decoding a `checkout.session`, each with a
//! baseline measured in the same run: `serde_json` encoding the same parameters, and
//! parsing the same JSON into an untyped `serde_json::Value`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use stripe_api::runtime::FormPairs;
use stripe_api::{
    CheckoutSession, CreateCheckoutSession, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionLineItemsPriceData, CreateCheckoutSessionLineItemsPriceDataProductData,
    CreateCheckoutSessionMode,
};

fn create_params() -> CreateCheckoutSession {
    let mut params = CreateCheckoutSession::new(
        "https://example.com/success?session={CHECKOUT_SESSION_ID}".into(),
    );
    params.mode = Some(CreateCheckoutSessionMode::Payment);
    params.cancel_url = Some("https://example.com/cancel".into());
    params.metadata = Some(
        [
            ("order_id".to_owned(), "6735".to_owned()),
            ("channel".to_owned(), "web shop".to_owned()),
        ]
        .into(),
    );
    let mut price_data = CreateCheckoutSessionLineItemsPriceData::new("usd".into());
    let mut product = CreateCheckoutSessionLineItemsPriceDataProductData::new("T-shirt".into());
    product.description = Some("Organic cotton, size M".into());
    price_data.product_data = Some(product);
    price_data.unit_amount = Some(2000);
    params.line_items = Some(vec![
        CreateCheckoutSessionLineItems {
            price_data: Some(price_data),
            quantity: Some(2),
            ..CreateCheckoutSessionLineItems::new()
        },
        CreateCheckoutSessionLineItems {
            price: Some("price_1MotwRLkdIwHu7ixYcPLm5uZ".into()),
            quantity: Some(1),
            ..CreateCheckoutSessionLineItems::new()
        },
    ]);
    params
}

fn session_json() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/stripe-openapi/fixtures3.2023-08-16.json"
    );
    let fixtures: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("fixtures beside the repo")).unwrap();
    fixtures["resources"]["checkout.session"].to_string()
}

fn encode(c: &mut Criterion) {
    let params = create_params();
    let mut group = c.benchmark_group("encode create-session params");
    group.bench_function("form (stripe-api)", |b| {
        b.iter(|| {
            FormPairs::from_value(black_box(&params))
                .unwrap()
                .to_query()
        })
    });
    group.bench_function("json (serde_json baseline)", |b| {
        b.iter(|| serde_json::to_string(black_box(&params)).unwrap())
    });
    group.finish();
}

fn decode(c: &mut Criterion) {
    let json = session_json();
    let mut group = c.benchmark_group("decode checkout.session");
    group.bench_function("typed (stripe-api)", |b| {
        b.iter(|| serde_json::from_str::<CheckoutSession>(black_box(&json)).unwrap())
    });
    group.bench_function("untyped Value (baseline)", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, encode, decode);
criterion_main!(benches);
