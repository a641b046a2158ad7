//! The subscription example as a user runs it: a plan, a subscription-mode session with a
//! trial, the completed session's webhook, the subscription with its latest invoice
//! expanded and a billing portal session, against a local server that checks every
//! request on the wire.

use serde_json::{json, Value};
use stripe_api::webhook::{sign, Webhook};
use stripe_api::{Client, InvoiceStatus, SubscriptionId, SubscriptionStatus};
use tests::http::{MockServer, Reply};

#[allow(dead_code, reason = "the example's `main` needs a Stripe account")]
#[path = "../../generated/examples/subscription_checkout.rs"]
mod example;

fn fixture(object: &str, id: &str) -> Value {
    let mut value = tests::stripe_fixture(object).expect("fixtures");
    value["id"] = json!(id);
    value
}

fn client(server: &MockServer) -> Client {
    Client::builder("sk_test_subscription")
        .base_url(&server.url)
        .build()
        .unwrap()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test]
async fn a_subscription_from_checkout_to_the_billing_portal() {
    tests::skip_without_fixtures!();
    let mut price = fixture("price", "price_pro");
    price["product"] = json!("prod_pro");
    price["recurring"]["interval"] = json!("month");
    let mut session = fixture("checkout.session", "cs_test_sub");
    session["mode"] = json!("subscription");
    session["subscription"] = json!("sub_1");
    let mut invoice = fixture("invoice", "in_1");
    invoice["status"] = json!("paid");
    invoice["amount_due"] = json!(0);
    let mut subscription = fixture("subscription", "sub_1");
    subscription["status"] = json!("trialing");
    subscription["customer"] = json!("cus_1");
    subscription["latest_invoice"] = invoice;
    let mut portal = fixture("billing_portal.session", "bps_1");
    portal["url"] = json!("https://billing.stripe.com/p/session/test_1");
    let server = MockServer::start(vec![
        Reply::json(200, fixture("product", "prod_pro").to_string()),
        Reply::json(200, price.to_string()),
        Reply::json(200, session.clone().to_string()),
        Reply::json(200, subscription.to_string()),
        Reply::json(200, portal.to_string()),
    ])
    .await;
    let client = client(&server);

    let price = example::create_plan(&client, 1500).await.unwrap();
    let created = example::create_session(&client, &price, 14).await.unwrap();
    assert_eq!(created.id.as_str(), "cs_test_sub");

    let event = json!({"id": "evt_1", "object": "event", "api_version": stripe_api::API_VERSION,
        "created": 1700000000, "livemode": false, "pending_webhooks": 1,
        "type": "checkout.session.completed", "request": null, "data": {"object": session}})
    .to_string();
    let webhook = Webhook::new("whsec_subscription");
    let signature = sign(event.as_bytes(), "whsec_subscription", now());
    let id = example::completed_subscription(&webhook, event.as_bytes(), Some(&signature))
        .unwrap()
        .unwrap();
    assert_eq!(id, SubscriptionId::from("sub_1"));

    let (subscription, invoice) = example::subscription_with_invoice(&client, &id)
        .await
        .unwrap();
    assert_eq!(subscription.status, SubscriptionStatus::Trialing);
    let invoice = invoice.expect("expanded");
    assert_eq!(invoice.id.as_ref().map(|id| id.as_str()), Some("in_1"));
    assert_eq!(invoice.status, Some(InvoiceStatus::Paid));
    let portal = example::portal(&client, &subscription).await.unwrap();
    assert_eq!(portal.url, "https://billing.stripe.com/p/session/test_1");

    let requests = server.requests();
    let wire: Vec<(&str, &str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str(), r.body.as_str()))
        .collect();
    assert_eq!(
        wire,
        [
            ("POST", "/v1/products", "name=Pro%20plan"),
            (
                "POST",
                "/v1/prices",
                "currency=usd&product=prod_pro&recurring[interval]=month&unit_amount=1500"
            ),
            (
                "POST",
                "/v1/checkout/sessions",
                "line_items[0][price]=price_pro&line_items[0][quantity]=1&mode=subscription\
                 &subscription_data[trial_period_days]=14\
                 &success_url=https%3A%2F%2Fexample.com%2Fwelcome%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"
            ),
            ("GET", "/v1/subscriptions/sub_1?expand[0]=latest_invoice", ""),
            (
                "POST",
                "/v1/billing_portal/sessions",
                "customer=cus_1&return_url=https%3A%2F%2Fexample.com%2Faccount"
            ),
        ]
    );
    assert!(requests
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer sk_test_subscription")));
    assert!(requests
        .iter()
        .filter(|r| r.method == "POST")
        .all(|r| r.header("idempotency-key").is_some()));
}
