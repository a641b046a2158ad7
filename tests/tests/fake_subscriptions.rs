//! Subscriptions created through the API, billed as Checkout's: items with quantities,
//! default tax rates and a coupon on the first invoice, renewals without a `once`
//! coupon, `default_incomplete` left for the customer to pay, and Stripe's refusals.

use std::time::Duration;

use stripe_api::{
    Client, CreateCoupon, CreateCouponDuration, CreateCustomer, CreateSubscription,
    CreateSubscriptionItems, CreateSubscriptionPaymentBehavior, CreateTaxRate, Invoice,
    PaymentIntentId, RetrieveSubscription, Subscription, SubscriptionId,
};
use stripe_fake::FakeStripe;
use tests::shop::{api_error, price};

const DAY: u64 = 24 * 60 * 60;

async fn customer(client: &Client) -> String {
    let params = CreateCustomer::new().email("sub@example.com");
    client
        .create_customer_with(&params)
        .await
        .unwrap()
        .id
        .to_string()
}

async fn with_invoice(client: &Client, id: &SubscriptionId) -> (Subscription, Invoice) {
    let params = RetrieveSubscription::new().expand(["latest_invoice"]);
    let subscription = client
        .retrieve_subscription_with(id, &params)
        .await
        .unwrap();
    let invoice = subscription
        .latest_invoice
        .as_ref()
        .and_then(|i| i.as_object())
        .cloned()
        .expect("expanded");
    (subscription, invoice)
}

/// 2 × 9.00 with 20 % off once and 10 % tax: 18.00 − 3.60 + 1.44 = 15.84 first, then
/// 18.00 + 1.80 = 19.80 when it renews.
#[tokio::test]
async fn an_api_subscription_is_invoiced_with_its_coupon_and_tax() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let plan = price(&client, "Seat", 900, "usd", true).await;
    let vat = client
        .create_tax_rate(&CreateTaxRate::new("Tax", false, 10.0))
        .await
        .unwrap();
    let coupon = CreateCoupon::new()
        .percent_off(20.0)
        .duration(CreateCouponDuration::Once);
    let coupon = client.create_coupon_with(&coupon).await.unwrap();
    let params = CreateSubscription::new(customer(&client).await)
        .items([CreateSubscriptionItems::new()
            .price(plan.id.as_str())
            .quantity(2)])
        .default_tax_rates([vat.id.as_str()])
        .coupon(coupon.id.as_str());
    let created = client.create_subscription(&params).await.unwrap();
    assert_eq!(created.status.as_str(), "active");
    let (_, first) = with_invoice(&client, &created.id).await;
    assert_eq!(
        (first.subtotal, first.tax, first.total, first.amount_paid),
        (1800, Some(144), 1584, 1584)
    );
    stripe.advance_time(Duration::from_secs(31 * DAY)).await;
    let (_, renewal) = with_invoice(&client, &created.id).await;
    assert_eq!(
        (renewal.subtotal, renewal.tax, renewal.total),
        (1800, Some(180), 1980)
    );
    assert_ne!(renewal.id, first.id);
}

/// `default_incomplete` leaves the first invoice open with a payment intent for the
/// Payment Element; paying the invoice activates the subscription; a declined card is a
/// 402 and the invoice stays open.
#[tokio::test]
async fn default_incomplete_waits_for_the_customer_to_pay() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let plan = price(&client, "Pro", 1500, "usd", true).await;
    let params = |customer: String| {
        CreateSubscription::new(customer)
            .items([CreateSubscriptionItems::new().price(plan.id.as_str())])
            .payment_behavior(CreateSubscriptionPaymentBehavior::DefaultIncomplete)
    };
    let created = client
        .create_subscription(&params(customer(&client).await))
        .await
        .unwrap();
    assert_eq!(created.status.as_str(), "incomplete");
    let (_, invoice) = with_invoice(&client, &created.id).await;
    assert_eq!(invoice.status.as_ref().map(|s| s.as_str()), Some("open"));
    let intent = invoice.payment_intent.as_ref().unwrap().id().to_owned();
    let intent = client
        .retrieve_payment_intent(&PaymentIntentId::from(intent.as_str()))
        .await
        .unwrap();
    assert_eq!(intent.status.as_str(), "requires_payment_method");
    assert!(intent.client_secret.is_some(), "for the Payment Element");
    let paid = client
        .pay_invoice(invoice.id.as_ref().unwrap())
        .await
        .unwrap();
    assert_eq!(paid.amount_paid, 1500);
    assert_eq!(
        client
            .retrieve_subscription(&created.id)
            .await
            .unwrap()
            .status
            .as_str(),
        "active"
    );

    let declined = customer(&client).await;
    stripe.decline_payments_of(&declined, true);
    let created = client.create_subscription(&params(declined)).await.unwrap();
    let (_, invoice) = with_invoice(&client, &created.id).await;
    let refused = api_error(client.pay_invoice(invoice.id.as_ref().unwrap()).await);
    assert_eq!(
        (refused.status, refused.code.as_deref()),
        (402, Some("card_declined"))
    );
    let (subscription, invoice) = with_invoice(&client, &created.id).await;
    assert_eq!(invoice.status.as_ref().map(|s| s.as_str()), Some("open"));
    assert_eq!(subscription.status.as_str(), "incomplete");
}

#[tokio::test]
async fn prices_a_subscription_cannot_take_are_refused() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let once = price(&client, "Mug", 1200, "usd", false).await;
    let monthly = price(&client, "Pro", 900, "usd", true).await;
    let in_euros = price(&client, "Pro EU", 900, "eur", true).await;
    let customer = customer(&client).await;
    let item = |price: &stripe_api::Price| CreateSubscriptionItems::new().price(price.id.as_str());
    let one_time = CreateSubscription::new(&customer).items([item(&once)]);
    let refused = api_error(client.create_subscription(&one_time).await);
    assert_eq!(refused.param.as_deref(), Some("items[0][price]"));
    let mixed = CreateSubscription::new(&customer).items([item(&monthly), item(&in_euros)]);
    let refused = api_error(client.create_subscription(&mixed).await);
    assert_eq!(refused.param.as_deref(), Some("items[1][price]"));
    let nobody = CreateSubscription::new("cus_nope").items([item(&monthly)]);
    assert_eq!(
        api_error(client.create_subscription(&nobody).await)
            .param
            .as_deref(),
        Some("customer")
    );
    assert_eq!(stripe.count("subscription"), 0);
}

/// Three months pass in one move: three renewals, one invoice each.
#[tokio::test]
async fn every_period_passed_is_invoiced() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let plan = price(&client, "Pro", 900, "usd", true).await;
    let params = CreateSubscription::new(customer(&client).await)
        .items([CreateSubscriptionItems::new().price(plan.id.as_str())]);
    let created = client.create_subscription(&params).await.unwrap();
    assert_eq!(stripe.count("invoice"), 1);
    stripe.advance_time(Duration::from_secs(95 * DAY)).await;
    assert_eq!(stripe.count("invoice"), 4);
    let (subscription, latest) = with_invoice(&client, &created.id).await;
    assert_eq!(
        latest.period_start.as_secs(),
        subscription.current_period_start.as_secs()
    );
    assert!(subscription.current_period_end.as_secs() > stripe.now());
}

/// Values at the ends of what a parameter holds are answered, never a crash: a trial of
/// i64::MAX days, an interval count of i64::MAX, a test clock moved to the end of time.
#[tokio::test]
async fn extreme_times_are_answered_not_crashed_on() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let huge = i64::MAX.to_string();
    let plan = price(&client, "Pro", 900, "usd", true).await;
    let customer = customer(&client).await;
    let body = format!(
        "customer={customer}&items[0][price]={}&trial_period_days={huge}",
        plan.id
    );
    let created = tests::http::exchange(
        stripe.url(),
        "POST",
        "/v1/subscriptions",
        &[("authorization", &format!("Bearer {}", stripe.secret_key()))],
        &body,
    )
    .await;
    assert!((200..500).contains(&created.status), "{}", created.body);
    let body = format!(
        "currency=usd&unit_amount=100&product={}&recurring[interval]=month&recurring[interval_count]={huge}",
        plan.product.id()
    );
    let long = tests::http::exchange(
        stripe.url(),
        "POST",
        "/v1/prices",
        &[("authorization", &format!("Bearer {}", stripe.secret_key()))],
        &body,
    )
    .await;
    assert!((200..500).contains(&long.status), "{}", long.body);
    let clock = client
        .test_helpers()
        .create_test_clock(&stripe_api::CreateTestClock::new(stripe.now()))
        .await
        .unwrap();
    let end = stripe_api::AdvanceTestClock::new(i64::MAX);
    let moved = client
        .test_helpers()
        .advance_test_clock(&clock.id, &end)
        .await;
    assert!(moved.is_ok(), "{moved:?}");
    stripe.advance_time(Duration::from_secs(u64::MAX)).await;
    let again = client.list_customers().await;
    assert!(again.is_ok(), "the fake still answers: {again:?}");
}
