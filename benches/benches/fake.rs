//! The fake Stripe: how long it takes to start (and stop), and how many create + retrieve
//! pairs it serves per second on a two-worker runtime, one client at a time and eight at
//! once. `cargo bench -p benchmarks --bench fake`; requests per second are two over the
//! time per pair.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use stripe_api::{Client, CreateCustomer};
use stripe_fake::FakeStripe;

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

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(5));
    targets = start, pairs
}
criterion_main!(benches);
