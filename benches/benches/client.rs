//! Encoding the create-session parameters, decoding a `checkout.session`, and verifying
//! and parsing a `checkout.session.completed` webhook, each with a baseline measured in
//! the same run: `serde_json` encoding the same parameters, parsing the same JSON into an
//! untyped `serde_json::Value`, and parsing the event without verifying it.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use stripe_api::runtime::FormPairs;
use stripe_api::webhook;
use stripe_api::{
    CheckoutSession, CreateCheckoutSession, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionLineItemsPriceData, CreateCheckoutSessionLineItemsPriceDataProductData,
    CreateCheckoutSessionMode,
};

fn create_params() -> CreateCheckoutSession {
    let mut params = CreateCheckoutSession::new()
        .success_url("https://example.com/success?session={CHECKOUT_SESSION_ID}");
    params.mode = Some(CreateCheckoutSessionMode::Payment);
    params.cancel_url = Some("https://example.com/cancel".into());
    params.metadata = Some(
        [
            ("order_id".to_owned(), "6735".to_owned()),
            ("channel".to_owned(), "web shop".to_owned()),
        ]
        .into(),
    );
    let mut price_data = CreateCheckoutSessionLineItemsPriceData::new("usd");
    let mut product = CreateCheckoutSessionLineItemsPriceDataProductData::new("T-shirt");
    product.description = Some("Organic cotton, size M".into());
    price_data.product_data = Some(product);
    price_data.unit_amount = Some(2000);
    params.line_items = Some(vec![
        CreateCheckoutSessionLineItems::new()
            .price_data(price_data)
            .quantity(2),
        CreateCheckoutSessionLineItems::new()
            .price("price_1MotwRLkdIwHu7ixYcPLm5uZ")
            .quantity(1),
    ]);
    params
}

fn fixture(object: &str) -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/stripe-openapi/fixtures3.2024-04-10.json"
    );
    let fixtures: serde_json::Value =
        serde_json::from_slice(&std::fs::read(path).expect("fixtures beside the repo")).unwrap();
    fixtures["resources"][object].clone()
}

/// About 1 MB: a page of payment intents whose card options match no variant of their
/// union, so every variant is tried and fails before the raw fallback keeps them.
fn failing_unions_json() -> String {
    let mut intent = fixture("payment_intent");
    intent["payment_method_options"] = serde_json::json!({"card": {"setup_future_usage": 5, "capture_method": 5, "request_three_d_secure": 5}});
    let one = intent.to_string().len();
    let data: Vec<_> = (0..(1 << 20) / one).map(|_| intent.clone()).collect();
    serde_json::json!({"object": "list", "url": "/v1/payment_intents", "has_more": false, "data": data})
        .to_string()
}

fn session_json() -> String {
    fixture("checkout.session").to_string()
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
    group.bench_function("typed (stripe-api, as the client decodes)", |b| {
        b.iter(|| {
            stripe_api::runtime::from_json::<CheckoutSession>(black_box(json.as_bytes())).unwrap()
        })
    });
    group.bench_function(
        "typed through serde (any format: buffers the value first)",
        |b| b.iter(|| serde_json::from_str::<CheckoutSession>(black_box(&json)).unwrap()),
    );
    group.bench_function("untyped Value (baseline)", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap())
    });
    group.finish();

    let page = failing_unions_json();
    let mut group = c.benchmark_group("decode 1 MB of payment intents whose unions fail");
    group.sample_size(10);
    group.bench_function("typed (stripe-api)", |b| {
        b.iter(|| {
            stripe_api::runtime::from_json::<stripe_api::List<stripe_api::PaymentIntent>>(
                black_box(page.as_bytes()),
            )
            .unwrap()
        })
    });
    group.bench_function("untyped Value (baseline)", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&page)).unwrap())
    });
    group.finish();
}

fn webhook(c: &mut Criterion) {
    let session: serde_json::Value = serde_json::from_str(&session_json()).unwrap();
    let event = serde_json::json!({
        "id": "evt_1", "object": "event", "api_version": stripe_api::API_VERSION, "created": 1700000000,
        "livemode": false, "pending_webhooks": 1, "type": "checkout.session.completed",
        "request": {"id": null, "idempotency_key": null}, "data": {"object": session}
    })
    .to_string();
    let header = webhook::sign(event.as_bytes(), "whsec_bench", 1700000000);
    let hook = webhook::Webhook::new("whsec_bench");
    let mut group = c.benchmark_group("webhook checkout.session.completed");
    group.bench_function("verify and parse", |b| {
        b.iter(|| {
            hook.construct_event_at(black_box(event.as_bytes()), Some(&header), 1700000001)
                .unwrap()
        })
    });
    group.bench_function("verify only", |b| {
        b.iter(|| {
            hook.verify_at(black_box(event.as_bytes()), Some(&header), 1700000001)
                .unwrap()
        })
    });
    group.bench_function("parse only (baseline)", |b| {
        b.iter(|| webhook::parse_event(black_box(event.as_bytes())).unwrap())
    });
    group.finish();
}

criterion_group!(benches, encode, decode, webhook);
criterion_main!(benches);
