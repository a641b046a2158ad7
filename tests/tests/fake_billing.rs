//! Every Checkout mode completing as on Stripe, with the events in Stripe's order, and
//! time moving on the fake's clock: trials end, periods renew, a declined renewal makes
//! the subscription `past_due`, sessions expire, delayed payments settle.

use std::time::Duration;

use stripe_api::{
    AdvanceTestClock, CheckoutSession, Client, CreateCheckoutSession,
    CreateCheckoutSessionLineItems, CreateCheckoutSessionMode,
    CreateCheckoutSessionSubscriptionData, CreateTestClock, PaymentIntentId, Price,
    RetrieveSubscription, Subscription, SubscriptionId,
};
use stripe_fake::{Completion, FakeStripe, Outcome};
use tests::shop::{event_types, events_after, price};

const DAY: i64 = 24 * 60 * 60;

fn one(price: &Price, mode: CreateCheckoutSessionMode) -> CreateCheckoutSession {
    CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(mode)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price(price.id.as_str())
            .quantity(1)])
}

async fn subscription(client: &Client, session: &CheckoutSession) -> Subscription {
    let id = SubscriptionId::from(session.subscription.as_ref().unwrap().id());
    let params = RetrieveSubscription::new().expand(["latest_invoice"]);
    client
        .retrieve_subscription_with(&id, &params)
        .await
        .unwrap()
}

fn invoice_of(subscription: &Subscription) -> stripe_api::Invoice {
    subscription
        .latest_invoice
        .as_ref()
        .and_then(|i| i.as_object())
        .cloned()
        .expect("the latest invoice, expanded")
}

/// A 14-day trial: the customer is created, the subscription trials with a first invoice
/// of zero; when the trial ends the first period is invoiced and paid; a declined renewal
/// leaves the subscription `past_due`; canceling ends it.
#[tokio::test]
async fn a_trial_becomes_a_paid_subscription_then_past_due_then_canceled() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let plan = price(&client, "Pro", 900, "usd", true).await;
    let params = one(&plan, CreateCheckoutSessionMode::Subscription)
        .customer_email("jenny@example.com")
        .subscription_data(CreateCheckoutSessionSubscriptionData::new().trial_period_days(14));
    let session = client.create_checkout_session_with(&params).await.unwrap();
    let before = event_types(&client).await.len();
    let done = stripe.complete_checkout_session(&session.id).await.unwrap();
    assert_eq!(done.payment_status.as_str(), "no_payment_required");
    assert_eq!(
        events_after(&client, before).await,
        [
            "customer.created",
            "customer.subscription.created",
            "invoice.created",
            "invoice.finalized",
            "invoice.paid",
            "invoice.payment_succeeded",
            "checkout.session.completed",
        ]
    );
    let trialing = subscription(&client, &done).await;
    assert_eq!(trialing.status.as_str(), "trialing");
    let trial_end = trialing.trial_end.unwrap().as_secs();
    assert_eq!(trial_end, stripe.now() + 14 * DAY);
    assert_eq!(trialing.current_period_end.as_secs(), trial_end);
    let first = invoice_of(&trialing);
    assert_eq!(
        (first.status.as_ref().map(|s| s.as_str()), first.amount_due),
        (Some("paid"), 0)
    );
    assert_eq!(
        done.invoice.as_ref().map(|i| i.id().to_owned()),
        first.id.as_ref().map(|id| id.to_string())
    );

    let before = event_types(&client).await.len();
    stripe
        .advance_time(Duration::from_secs(15 * DAY as u64))
        .await;
    let active = subscription(&client, &done).await;
    assert_eq!(active.status.as_str(), "active");
    let renewal = invoice_of(&active);
    assert_eq!(
        (
            renewal.amount_paid,
            renewal.billing_reason.as_ref().map(|r| r.as_str())
        ),
        (900, Some("subscription_cycle"))
    );
    assert_eq!(active.current_period_start.as_secs(), trial_end);
    let sent = events_after(&client, before).await;
    assert_eq!(sent[0], "customer.subscription.updated");
    assert!(sent.contains(&"invoice.paid".to_owned()), "{sent:?}");

    let customer = done.customer.as_ref().unwrap().id().to_owned();
    stripe.decline_payments_of(&customer, true);
    let before = event_types(&client).await.len();
    stripe
        .advance_time(Duration::from_secs(31 * DAY as u64))
        .await;
    let late = subscription(&client, &done).await;
    assert_eq!(late.status.as_str(), "past_due");
    let failed = invoice_of(&late);
    assert_eq!(
        (
            failed.status.as_ref().map(|s| s.as_str()),
            failed.amount_paid
        ),
        (Some("open"), 0)
    );
    let sent = events_after(&client, before).await;
    for expected in [
        "payment_intent.payment_failed",
        "invoice.payment_failed",
        "customer.subscription.updated",
    ] {
        assert!(
            sent.contains(&expected.to_owned()),
            "{expected} in {sent:?}"
        );
    }

    let canceled = client.cancel_subscription(&late.id).await.unwrap();
    assert_eq!(canceled.status.as_str(), "canceled");
    assert_eq!(
        event_types(&client).await.last().unwrap(),
        "customer.subscription.deleted"
    );
    let kept = client.retrieve_subscription(&late.id).await.unwrap();
    assert_eq!(kept.status.as_str(), "canceled");
}

/// Without a trial the first invoice is paid at once and the subscription goes from
/// `incomplete` to `active`, as Stripe's events show.
#[tokio::test]
async fn a_subscription_without_trial_pays_its_first_invoice() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let plan = price(&client, "Pro", 900, "usd", true).await;
    let session = client
        .create_checkout_session_with(&one(&plan, CreateCheckoutSessionMode::Subscription))
        .await
        .unwrap();
    let before = event_types(&client).await.len();
    let done = stripe.complete_checkout_session(&session.id).await.unwrap();
    assert_eq!(done.payment_status.as_str(), "paid");
    let active = subscription(&client, &done).await;
    assert_eq!(active.status.as_str(), "active");
    let invoice = invoice_of(&active);
    assert_eq!((invoice.amount_paid, invoice.total), (900, 900));
    let retrieved = client
        .retrieve_invoice(invoice.id.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(retrieved.lines.data.len(), 1);
    assert_eq!(retrieved.lines.data[0].amount, 900);
    let sent = events_after(&client, before).await;
    let order = [
        "customer.created",
        "customer.subscription.created",
        "invoice.created",
        "invoice.finalized",
        "payment_intent.created",
        "charge.succeeded",
        "payment_intent.succeeded",
        "invoice.paid",
        "invoice.payment_succeeded",
        "customer.subscription.updated",
        "checkout.session.completed",
    ];
    assert_eq!(sent, order);
}

/// Payment mode: declined leaves the session open with a failed payment intent; a
/// delayed method completes it unpaid, and settling it sends the async events.
#[tokio::test]
async fn declined_and_delayed_payments() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let mug = price(&client, "Mug", 1200, "usd", false).await;
    let session = client
        .create_checkout_session_with(&one(&mug, CreateCheckoutSessionMode::Payment))
        .await
        .unwrap();
    let declined = Completion::new().outcome(Outcome::Declined);
    let open = stripe
        .complete_checkout_session_with(&session.id, &declined)
        .await
        .unwrap();
    assert_eq!(open.status.as_ref().map(|s| s.as_str()), Some("open"));
    let intent = open.payment_intent.as_ref().unwrap().id().to_owned();
    let intent = client
        .retrieve_payment_intent(&PaymentIntentId::from(intent.as_str()))
        .await
        .unwrap();
    assert_eq!(intent.status.as_str(), "requires_payment_method");
    let error = intent.last_payment_error.unwrap();
    assert_eq!(error.code.as_deref(), Some("card_declined"));
    assert!(event_types(&client)
        .await
        .contains(&"payment_intent.payment_failed".to_owned()));

    let delayed = Completion::new().outcome(Outcome::Delayed);
    let unpaid = stripe
        .complete_checkout_session_with(&session.id, &delayed)
        .await
        .unwrap();
    assert_eq!(
        (
            unpaid.status.as_ref().map(|s| s.as_str()),
            unpaid.payment_status.as_str()
        ),
        (Some("complete"), "unpaid")
    );
    let settled = stripe
        .settle_async_payment(&session.id, true)
        .await
        .unwrap();
    assert_eq!(settled.payment_status.as_str(), "paid");
    assert_eq!(
        event_types(&client).await.last().unwrap(),
        "checkout.session.async_payment_succeeded"
    );
    assert!(
        stripe
            .settle_async_payment(&session.id, true)
            .await
            .is_err(),
        "settled once"
    );

    let other = client
        .create_checkout_session_with(&one(&mug, CreateCheckoutSessionMode::Payment))
        .await
        .unwrap();
    stripe
        .complete_checkout_session_with(&other.id, &delayed)
        .await
        .unwrap();
    let failed = stripe.settle_async_payment(&other.id, false).await.unwrap();
    assert_eq!(failed.payment_status.as_str(), "unpaid");
    assert_eq!(
        event_types(&client).await.last().unwrap(),
        "checkout.session.async_payment_failed"
    );
}

/// Setup mode makes a succeeded setup intent; a session left open past `expires_at`
/// expires when the clock passes it.
#[tokio::test]
async fn setup_mode_and_sessions_that_run_out() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let setup = CreateCheckoutSession::new()
        .success_url("https://shop.example/saved")
        .mode(CreateCheckoutSessionMode::Setup)
        .currency("usd");
    let session = client.create_checkout_session_with(&setup).await.unwrap();
    let done = stripe.complete_checkout_session(&session.id).await.unwrap();
    assert_eq!(done.payment_status.as_str(), "no_payment_required");
    let intent = done
        .setup_intent
        .as_ref()
        .expect("a setup intent")
        .id()
        .to_owned();
    assert_eq!(stripe.object(&intent).unwrap()["status"], "succeeded");

    let mug = price(&client, "Mug", 1200, "usd", false).await;
    let open = client
        .create_checkout_session_with(&one(&mug, CreateCheckoutSessionMode::Payment))
        .await
        .unwrap();
    stripe.advance_time(Duration::from_secs(23 * 60 * 60)).await;
    assert_eq!(stripe.object(&open.id).unwrap()["status"], "open");
    stripe.advance_time(Duration::from_secs(2 * 60 * 60)).await;
    assert_eq!(stripe.object(&open.id).unwrap()["status"], "expired");
    assert_eq!(
        event_types(&client).await.last().unwrap(),
        "checkout.session.expired"
    );
}

/// Stripe's own test clocks move the fake's clock: advancing one past a trial's end
/// bills the first period, with the clock's `advancing` and `ready` events; a clock
/// does not move back.
#[tokio::test]
async fn test_clocks_move_the_fakes_time() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let plan = price(&client, "Pro", 900, "usd", true).await;
    let params = one(&plan, CreateCheckoutSessionMode::Subscription)
        .subscription_data(CreateCheckoutSessionSubscriptionData::new().trial_period_days(7));
    let session = client.create_checkout_session_with(&params).await.unwrap();
    let done = stripe.complete_checkout_session(&session.id).await.unwrap();
    let helpers = client.test_helpers();
    let now = stripe.now();
    let clock = helpers
        .create_test_clock(&CreateTestClock::new(now))
        .await
        .unwrap();
    assert_eq!(clock.status.as_str(), "ready");
    let before = event_types(&client).await.len();
    let advanced = helpers
        .advance_test_clock(&clock.id, &AdvanceTestClock::new(now + 8 * DAY))
        .await
        .unwrap();
    assert_eq!(
        (advanced.status.as_str(), advanced.frozen_time.as_secs()),
        ("ready", now + 8 * DAY)
    );
    assert!(stripe.now() >= now + 8 * DAY);
    assert_eq!(subscription(&client, &done).await.status.as_str(), "active");
    let sent = events_after(&client, before).await;
    assert_eq!(
        sent.first().map(String::as_str),
        Some("test_helpers.test_clock.advancing")
    );
    assert_eq!(
        sent.last().map(String::as_str),
        Some("test_helpers.test_clock.ready")
    );
    let back = helpers
        .advance_test_clock(&clock.id, &AdvanceTestClock::new(now))
        .await;
    assert_eq!(
        tests::shop::api_error(back).param.as_deref(),
        Some("frozen_time")
    );
}

/// An open invoice (a declined renewal's) can be paid through the API once the card
/// works again, which makes the subscription active again; a paid one cannot be voided.
#[tokio::test]
async fn a_past_due_invoice_paid_through_the_api_reactivates() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let plan = price(&client, "Pro", 900, "usd", true).await;
    let session = client
        .create_checkout_session_with(&one(&plan, CreateCheckoutSessionMode::Subscription))
        .await
        .unwrap();
    let done = stripe.complete_checkout_session(&session.id).await.unwrap();
    let customer = done.customer.as_ref().unwrap().id().to_owned();
    stripe.decline_payments_of(&customer, true);
    stripe
        .advance_time(Duration::from_secs(31 * DAY as u64))
        .await;
    let late = subscription(&client, &done).await;
    assert_eq!(late.status.as_str(), "past_due");
    let open = invoice_of(&late);
    let declined = tests::shop::api_error(client.pay_invoice(open.id.as_ref().unwrap()).await);
    assert_eq!(declined.status, 402, "the card still declines");
    stripe.decline_payments_of(&customer, false); // the customer updates their card
    let paid = client.pay_invoice(open.id.as_ref().unwrap()).await.unwrap();
    assert_eq!(paid.status.as_ref().map(|s| s.as_str()), Some("paid"));
    assert_eq!(subscription(&client, &done).await.status.as_str(), "active");
    let refused = client.void_invoice(open.id.as_ref().unwrap()).await;
    assert_eq!(tests::shop::api_error(refused).status, 400);
}
