//! The fake's invoice totals against localstripe's, where localstripe computes the same
//! thing: a subscription's first invoice with quantities and exclusive tax rates, rounded
//! half up per line and rate (localstripe applies no coupons to invoices and adds
//! inclusive rates on top, so those are checked against worked examples instead, in
//! `fake_amounts.rs`). localstripe knows plans, not prices; the same amounts go to both.
//! Refunds in parts, where both sum a charge's refunds into `amount_refunded` (localstripe
//! lets refunds exceed the charge and refunds the whole amount by default, so those
//! rules are checked in `fake_refunds.rs`).

use serde_json::Value;
use stripe_api::runtime::{Method, Request};
use stripe_api::{
    Client, CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionMode,
    CreateTaxRate, RetryPolicy,
};
use stripe_fake::FakeStripe;

/// One subscription line: unit amount, quantity, exclusive tax percentages.
type Line = (i64, i64, &'static [f64]);

/// Cases where rounding matters: 164.9175 → 165 per unit of three, 427.5 → 428,
/// 50.25 → 50, 74.925 → 75, 0.5 → 1, and two rates on one line (localstripe takes one
/// item per subscription, so several lines are checked in `fake_amounts.rs` only).
const CASES: &[&[Line]] = &[
    &[(1999, 3, &[8.25])],
    &[(2250, 1, &[19.0])],
    &[(1005, 1, &[5.0])],
    &[(333, 3, &[7.5])],
    &[(1, 1, &[50.0])],
    &[(1000, 1, &[5.0, 2.5])],
    &[(12_345, 7, &[13.333])],
];

async fn post(client: &Client, path: &str, params: &[(&str, String)]) -> Value {
    let mut request = Request::<Value>::new(client, Method::Post, path.to_owned());
    for (key, value) in params {
        request = request.param(key, value);
    }
    request
        .send_json()
        .await
        .unwrap_or_else(|e| panic!("POST {path}: {e}"))
}

fn id(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

/// localstripe's first invoice for a subscription to these lines.
async fn localstripe_invoice(client: &Client, lines: &[Line]) -> (i64, i64, i64) {
    let customer = post(client, "/v1/customers", &[("email", "t@x.y".to_owned())]).await;
    let card = [
        ("type", "card".to_owned()),
        ("card[number]", "4242424242424242".to_owned()),
        ("card[exp_month]", "12".to_owned()),
        ("card[exp_year]", "2030".to_owned()),
        ("card[cvc]", "123".to_owned()),
    ];
    let method = id(&post(client, "/v1/payment_methods", &card).await);
    let attach = format!("/v1/payment_methods/{method}/attach");
    post(client, &attach, &[("customer", id(&customer))]).await;
    let settings = [("invoice_settings[default_payment_method]", method)];
    post(
        client,
        &format!("/v1/customers/{}", id(&customer)),
        &settings,
    )
    .await;
    let mut params = vec![("customer", id(&customer))];
    let mut keys = Vec::new();
    for (i, (amount, quantity, rates)) in lines.iter().enumerate() {
        let plan = [
            ("amount", amount.to_string()),
            ("currency", "usd".to_owned()),
            ("interval", "month".to_owned()),
            ("product[name]", format!("Plan {i}")),
        ];
        let plan = id(&post(client, "/v1/plans", &plan).await);
        keys.push((format!("items[{i}][plan]"), plan));
        keys.push((format!("items[{i}][quantity]"), quantity.to_string()));
        for (r, percentage) in rates.iter().enumerate() {
            let rate = [
                ("display_name", "Tax".to_owned()),
                ("percentage", percentage.to_string()),
                ("inclusive", "false".to_owned()),
            ];
            let rate = id(&post(client, "/v1/tax_rates", &rate).await);
            keys.push((format!("items[{i}][tax_rates][{r}]"), rate));
        }
    }
    params.extend(keys.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let subscription = post(client, "/v1/subscriptions", &params).await;
    let invoice = subscription["latest_invoice"].as_str().expect("an invoice");
    let path = format!("/v1/invoices/{invoice}");
    let invoice = Request::<Value>::new(client, Method::Get, path)
        .send_json()
        .await
        .unwrap();
    let figure = |key: &str| invoice[key].as_i64().unwrap_or(-1);
    (figure("subtotal"), figure("tax"), figure("total"))
}

/// The fake's first invoice for a Checkout subscription to the same lines.
async fn fake_invoice(stripe: &FakeStripe, lines: &[Line]) -> (i64, i64, i64) {
    let client = stripe.client();
    let mut items = Vec::new();
    for (i, (amount, quantity, rates)) in lines.iter().enumerate() {
        let price = tests::shop::price(&client, &format!("Plan {i}"), *amount, "usd", true).await;
        let mut ids = Vec::new();
        for percentage in *rates {
            let rate = CreateTaxRate::new("Tax", false, *percentage);
            ids.push(client.create_tax_rate(&rate).await.unwrap().id.to_string());
        }
        items.push(
            CreateCheckoutSessionLineItems::new()
                .price(price.id.as_str())
                .quantity(*quantity)
                .tax_rates(ids),
        );
    }
    let params = CreateCheckoutSession::new()
        .success_url("https://shop.example/welcome")
        .mode(CreateCheckoutSessionMode::Subscription)
        .line_items(items);
    let session = client.create_checkout_session_with(&params).await.unwrap();
    let done = stripe.complete_checkout_session(&session.id).await.unwrap();
    let invoice = done.invoice.as_ref().expect("an invoice").id().into();
    let invoice = client.retrieve_invoice(&invoice).await.unwrap();
    (
        invoice.subtotal,
        invoice.tax.unwrap_or_default(),
        invoice.total,
    )
}

#[tokio::test]
async fn first_invoices_with_tax_rates_match_localstripe() {
    let Some(url) = tests::emulator("LOCALSTRIPE_URL") else {
        return;
    };
    let localstripe = Client::builder("sk_test_emulator")
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let stripe = FakeStripe::start().await;
    for lines in CASES {
        let theirs = localstripe_invoice(&localstripe, lines).await;
        let ours = fake_invoice(&stripe, lines).await;
        assert_eq!(ours, theirs, "subtotal, tax, total for {lines:?}");
    }
}

/// A charge's `amount_refunded` and `refunded`, by id, on either server.
async fn refunded(client: &Client, charge: &str) -> (i64, bool) {
    let path = format!("/v1/charges/{charge}");
    let charge = Request::<Value>::new(client, Method::Get, path)
        .send_json()
        .await
        .unwrap();
    let amount = charge["amount_refunded"].as_i64().unwrap_or(-1);
    (amount, charge["refunded"].as_bool().unwrap_or_default())
}

/// Refunds a payment intent's charge in the given parts (the first by the intent, the
/// rest by the charge); answers the charge's figures after each.
async fn refund_in_parts(client: &Client, intent: &str, parts: &[i64]) -> Vec<(i64, bool)> {
    let mut charge = String::new();
    let mut figures = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let target = if i == 0 {
            ("payment_intent", intent.to_owned())
        } else {
            ("charge", charge.clone())
        };
        let refund = post(
            client,
            "/v1/refunds",
            &[target, ("amount", part.to_string())],
        )
        .await;
        assert_eq!(refund["status"], "succeeded");
        charge = refund["charge"].as_str().expect("a charge").to_owned();
        figures.push(refunded(client, &charge).await);
    }
    figures
}

#[tokio::test]
async fn refunds_in_parts_match_localstripe() {
    let Some(url) = tests::emulator("LOCALSTRIPE_URL") else {
        return;
    };
    let localstripe = Client::builder("sk_test_emulator")
        .base_url(url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let parts = [1200, 1000, 1400];
    let card = [
        ("type", "card".to_owned()),
        ("card[number]", "4242424242424242".to_owned()),
        ("card[exp_month]", "12".to_owned()),
        ("card[exp_year]", "2030".to_owned()),
        ("card[cvc]", "123".to_owned()),
    ];
    let method = id(&post(&localstripe, "/v1/payment_methods", &card).await);
    let payment = [
        ("amount", "3600".to_owned()),
        ("currency", "usd".to_owned()),
        ("payment_method", method),
        ("confirm", "true".to_owned()),
    ];
    let intent = post(&localstripe, "/v1/payment_intents", &payment).await;
    assert_eq!(intent["status"], "succeeded", "{intent}");
    let theirs = refund_in_parts(&localstripe, &id(&intent), &parts).await;

    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let mug = tests::shop::price(&client, "Mug", 1200, "usd", false).await;
    let params = CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price(mug.id.as_str())
            .quantity(3)]);
    let session = client.create_checkout_session_with(&params).await.unwrap();
    let paid = stripe.complete_checkout_session(&session.id).await.unwrap();
    let intent = paid
        .payment_intent
        .as_ref()
        .expect("an intent")
        .id()
        .to_owned();
    let ours = refund_in_parts(&client, &intent, &parts).await;
    assert_eq!(ours, theirs);
    assert_eq!(ours, [(1200, false), (2200, false), (3600, true)]);
}
