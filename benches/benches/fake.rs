//! The fake Stripe: how long it takes to start (and stop), how many create + retrieve
//! pairs it serves per second on a two-worker runtime, one client at a time and eight at
//! once, and how long a Checkout Session takes from creation to completion with its
//! events stored and delivered to a local endpoint. `cargo bench -p benchmarks --bench
//! fake`; requests per second are two over the time per pair.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use stripe_api::{
    Client, CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionMode,
    CreateCustomer, CreatePrice, CreateProduct, CreateWebhookEndpoint, EventType,
};
use stripe_fake::FakeStripe;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

async fn create_and_retrieve(client: &Client) {
    let params = CreateCustomer::new().email("bench@example.com");
    let customer = client.create_customer_with(&params).await.expect("created");
    client
        .retrieve_customer(&customer.id)
        .await
        .expect("retrieved");
}

fn start(c: &mut Criterion) {
    let runtime = runtime();
    c.bench_function("fake/start and stop", |b| {
        b.iter(|| runtime.block_on(async { drop(FakeStripe::start().await) }))
    });
}

fn pairs(c: &mut Criterion) {
    let runtime = runtime();
    let stripe = runtime.block_on(FakeStripe::start());
    let client = stripe.client();
    let mut group = c.benchmark_group("fake/create + retrieve");
    group.bench_function("one client", |b| {
        b.iter(|| runtime.block_on(create_and_retrieve(&client)))
    });
    group.bench_function("eight clients at once (time per pair)", |b| {
        b.iter_custom(|iterations| {
            runtime.block_on(async {
                let started = Instant::now();
                let tasks: Vec<_> = (0..8)
                    .map(|worker| {
                        let client = client.clone();
                        let share = iterations / 8 + u64::from(worker < iterations % 8);
                        tokio::spawn(async move {
                            for _ in 0..share {
                                create_and_retrieve(&client).await;
                            }
                        })
                    })
                    .collect();
                for task in tasks {
                    task.await.expect("a worker");
                }
                started.elapsed()
            })
        })
    });
    group.finish();
}

/// A webhook endpoint that answers every delivery 200 at once.
async fn receiver() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let url = format!("http://{}/hook", listener.local_addr().expect("an address"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 64 * 1024];
                let _ = stream.read(&mut buffer).await;
                let _ = stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                    .await;
            });
        }
    });
    url
}

fn completed_sessions(c: &mut Criterion) {
    let runtime = runtime();
    let stripe = runtime.block_on(FakeStripe::start());
    let client = stripe.client();
    let price = runtime.block_on(async {
        let url = receiver().await;
        let hook = CreateWebhookEndpoint::new([EventType::CheckoutSessionCompleted], &url);
        client
            .create_webhook_endpoint(&hook)
            .await
            .expect("endpoint");
        let product = client
            .create_product(&CreateProduct::new("Mug"))
            .await
            .expect("product");
        let price = CreatePrice::new("usd")
            .unit_amount(1200)
            .product(product.id);
        client.create_price(&price).await.expect("price")
    });
    let params = CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price(price.id.as_str())
            .quantity(2)]);
    c.bench_function("fake/session created and completed, event delivered", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let session = client
                    .create_checkout_session_with(&params)
                    .await
                    .expect("session");
                stripe
                    .complete_checkout_session(session.id.as_str())
                    .await
                    .expect("completed");
                stripe.wait_for_deliveries().await;
            })
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5));
    targets = start, pairs, completed_sessions
}
criterion_main!(benches);
