//! The fake Stripe (`fake/`), driven through the crate's own client: the generic
//! behaviour every selected operation gets from the spec, and the Checkout Sessions
//! behaviour written on top.

use serde_json::{json, Value};
use stripe_api::{
    CheckoutSessionId, CheckoutSessionUiMode, Client, CreateCheckoutSession,
    CreateCheckoutSessionCustomerCreation, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionMode, CreateCheckoutSessionUiMode, CreateCustomer, CreatePrice,
    CreateProduct, CustomerId, CustomerOrDeletedCustomer, Error, ErrorKind, ListCustomers,
    RetrieveCheckoutSession, UpdateCustomer,
};
use stripe_fake::{FakeStripe, Fault};
use tests::http::exchange;

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> Box<stripe_api::ApiError> {
    match result {
        Err(Error::Api(error)) => error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

async fn price(client: &Client, unit_amount: i64) -> stripe_api::Price {
    let product = client
        .create_product(&CreateProduct::new("T-shirt"))
        .await
        .unwrap();
    let params = CreatePrice::new("usd")
        .unit_amount(unit_amount)
        .product(product.id);
    client.create_price(&params).await.unwrap()
}

fn session_params(price: &stripe_api::Price, quantity: i64) -> CreateCheckoutSession {
    CreateCheckoutSession::new()
        .success_url("https://example.com/success")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price(&price.id)
            .quantity(quantity)])
        .metadata([("order_id", "6735")])
}

#[tokio::test]
async fn objects_are_stored_listed_newest_first_and_deleted() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let mut ids = Vec::new();
    for n in 0..5 {
        let params = CreateCustomer::new().email(format!("c{n}@example.com"));
        let customer = client.create_customer_with(&params).await.unwrap();
        assert!(customer.id.as_str().starts_with("cus_"), "{}", customer.id);
        ids.push(customer.id);
    }
    let retrieved = client.retrieve_customer(&ids[0]).await.unwrap();
    let CustomerOrDeletedCustomer::Customer(retrieved) = retrieved else {
        panic!("{retrieved:?}");
    };
    assert_eq!(retrieved.email.as_deref(), Some("c0@example.com"));

    let update = UpdateCustomer::new()
        .metadata([("plan", "pro"), ("team", "a")])
        .name("Jenny");
    client.update_customer_with(&ids[0], &update).await.unwrap();
    let update = UpdateCustomer::new().metadata([("team", "")]);
    let updated = client.update_customer_with(&ids[0], &update).await.unwrap();
    assert_eq!(updated.name.as_deref(), Some("Jenny"));
    let kept = updated.metadata.clone().unwrap_or_default();
    assert_eq!(
        kept.into_iter().collect::<Vec<_>>(),
        [("plan".to_owned(), "pro".to_owned())],
        "merged, emptied key removed"
    );

    let page = client
        .list_customers_with(&ListCustomers::new().limit(2))
        .await
        .unwrap();
    let listed: Vec<&str> = page.data.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(listed, [ids[4].as_str(), ids[3].as_str()]);
    assert!(page.has_more);
    assert_eq!(page.url, "/v1/customers");
    let all = client
        .list_customers_with(&ListCustomers::new().limit(2))
        .paginate()
        .collect_all()
        .await
        .unwrap();
    let mut expected: Vec<&str> = ids.iter().map(CustomerId::as_str).collect();
    expected.reverse();
    assert_eq!(
        all.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        expected
    );
    let before = ListCustomers::new().ending_before(ids[2].as_str()).limit(1);
    let page = client.list_customers_with(&before).await.unwrap();
    assert_eq!(page.data[0].id, ids[3]);

    let deleted = client.delete_customer(&ids[1]).await.unwrap();
    assert!(deleted.deleted);
    // Stripe answers a deleted customer with its deletion marker, not a 404.
    let gone = client.retrieve_customer(&ids[1]).await.unwrap();
    assert!(
        matches!(&gone, CustomerOrDeletedCustomer::DeletedCustomer(d) if d.id == ids[1]),
        "{gone:?}"
    );
    let never = CustomerId::from("cus_never");
    let missing = api_error(client.retrieve_customer(&never).await);
    assert_eq!(
        (missing.status, missing.code.as_deref()),
        (404, Some("resource_missing"))
    );
    assert_eq!(missing.param.as_deref(), Some("customer"));
    assert_eq!(
        missing.message.as_deref(),
        Some("No such customer: 'cus_never'")
    );
}

#[tokio::test]
async fn parameters_are_checked_against_the_spec() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let cases: Vec<(CreateCheckoutSession, &str, &str)> = vec![
        (
            CreateCheckoutSession::new()
                .success_url("https://example.com")
                .raw_param("colour", "red"),
            "colour",
            "Received unknown parameter: colour",
        ),
        (
            CreateCheckoutSession::new()
                .success_url("https://example.com")
                .raw_param("line_items[0][price_data][unit_amount]", "500"),
            "line_items[0][price_data][currency]",
            "Missing required param: line_items[0][price_data][currency].",
        ),
        (
            CreateCheckoutSession::new()
                .success_url("https://example.com")
                .raw_param("expires_at", "soon"),
            "expires_at",
            "Invalid integer: soon",
        ),
        (
            CreateCheckoutSession::new()
                .success_url("https://example.com")
                .raw_param("mode", "rent"),
            "mode",
            "Invalid mode: must be one of payment, setup, or subscription",
        ),
        (
            CreateCheckoutSession::new()
                .success_url("https://example.com")
                .raw_param("line_items[0][colour]", "red"),
            "line_items[0][colour]",
            "Received unknown parameter: line_items[0][colour]",
        ),
    ];
    for (params, param, message) in cases {
        let refused = api_error(client.create_checkout_session_with(&params).await);
        assert_eq!(refused.status, 400, "{message}");
        assert_eq!(refused.kind, ErrorKind::InvalidRequest);
        assert_eq!(refused.type_, "invalid_request_error");
        assert_eq!(refused.param.as_deref(), Some(param));
        assert_eq!(refused.message.as_deref(), Some(message));
        assert!(refused.request_id.as_deref().unwrap().starts_with("req_"));
    }
    assert_eq!(stripe.count("checkout.session"), 0);
}

#[tokio::test]
async fn a_key_is_required_and_every_answer_has_a_request_id() {
    let stripe = FakeStripe::start().await;
    let none = exchange(stripe.url(), "GET", "/v1/customers", &[], "").await;
    assert_eq!(none.status, 401);
    assert!(
        none.body.contains("You did not provide an API key"),
        "{}",
        none.body
    );
    let wrong = Client::builder("sk_test_wrong_1234")
        .base_url(stripe.url())
        .build()
        .unwrap();
    let refused = api_error(wrong.list_customers().await);
    assert_eq!(
        (refused.status, refused.kind),
        (401, ErrorKind::Authentication)
    );
    assert!(!refused
        .message
        .as_deref()
        .unwrap()
        .contains("sk_test_wrong"));

    let bearer = format!("Bearer {}", stripe.secret_key());
    let ok = exchange(
        stripe.url(),
        "GET",
        "/v1/customers",
        &[("authorization", &bearer)],
        "",
    )
    .await;
    assert_eq!(ok.status, 200);
    assert!(ok.header("request-id").unwrap().starts_with("req_"));
    let unknown = exchange(
        stripe.url(),
        "GET",
        "/v1/widgets",
        &[("authorization", &bearer)],
        "",
    )
    .await;
    assert_eq!(unknown.status, 404);
    assert!(unknown
        .body
        .contains("Unrecognized request URL (GET: /v1/widgets)"));
}

#[tokio::test]
async fn idempotency_keys_replay_or_refuse_as_on_stripe() {
    let stripe = FakeStripe::start().await;
    let bearer = format!("Bearer {}", stripe.secret_key());
    let headers = [
        ("authorization", bearer.as_str()),
        ("content-type", "application/x-www-form-urlencoded"),
        ("idempotency-key", "order-1"),
    ];
    let first = exchange(
        stripe.url(),
        "POST",
        "/v1/customers",
        &headers,
        "email=a%40example.com",
    )
    .await;
    let again = exchange(
        stripe.url(),
        "POST",
        "/v1/customers",
        &headers,
        "email=a%40example.com",
    )
    .await;
    assert_eq!((first.status, again.status), (200, 200));
    assert_eq!(first.body, again.body);
    assert_eq!(first.header("idempotent-replayed"), None);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.header("original-request"), first.header("request-id"));
    assert_eq!(stripe.count("customer"), 1);

    let other = exchange(
        stripe.url(),
        "POST",
        "/v1/customers",
        &headers,
        "email=b%40example.com",
    )
    .await;
    assert_eq!(other.status, 400);
    let error: Value = serde_json::from_str(&other.body).unwrap();
    assert_eq!(error["error"]["type"], "idempotency_error");
    assert_eq!(stripe.count("customer"), 1);
}

#[tokio::test]
async fn faults_are_retried_and_a_retried_create_happens_once() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    for fault in [
        Fault::ServerError,
        Fault::LockTimeout,
        Fault::DropConnection,
        Fault::DropResponse,
    ] {
        stripe.fail_next(1, fault);
        let before = stripe.count("customer");
        client
            .create_customer()
            .await
            .unwrap_or_else(|e| panic!("{fault:?}: {e}"));
        assert_eq!(stripe.count("customer"), before + 1, "{fault:?}");
    }
    stripe.fail_next(3, Fault::ServerError);
    let failed = api_error(client.create_customer().await);
    assert_eq!((failed.status, failed.kind), (500, ErrorKind::Api));
    assert_eq!(stripe.count("customer"), 4, "no create after three 500s");
}

#[tokio::test]
async fn checkout_sessions_price_their_items_and_expand() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let price = price(&client, 1500).await;
    let customer = client.create_customer().await.unwrap();
    let params = session_params(&price, 2).customer(customer.id.as_str());
    let session = client.create_checkout_session_with(&params).await.unwrap();
    assert!(session.id.as_str().starts_with("cs_test_"));
    assert_eq!(session.status.as_ref().map(|s| s.as_str()), Some("open"));
    assert_eq!(session.payment_status.as_str(), "unpaid");
    assert_eq!(
        (session.amount_total, session.amount_subtotal),
        (Some(3000), Some(3000))
    );
    assert_eq!(
        session.url.as_deref(),
        Some(&*format!(
            "https://checkout.stripe.com/c/pay/{}",
            session.id
        ))
    );
    let lifetime = session.expires_at.as_secs() - session.created.as_secs();
    assert_eq!(lifetime, 24 * 60 * 60);
    assert!(
        session.line_items.is_none(),
        "line items only when expanded"
    );

    let expand = RetrieveCheckoutSession::new().expand(["line_items", "customer"]);
    let expanded = client
        .retrieve_checkout_session_with(&session.id, &expand)
        .await
        .unwrap();
    let items = expanded.line_items.expect("expanded");
    assert_eq!(items.data.len(), 1);
    assert_eq!(
        (items.data[0].quantity, items.data[0].amount_total),
        (Some(2), 3000)
    );
    match expanded.customer {
        Some(stripe_api::Expandable::Object(customer)) => match *customer {
            CustomerOrDeletedCustomer::Customer(c) => assert_eq!(c.id, customer_id(&session)),
            other => panic!("{other:?}"),
        },
        other => panic!("customer not expanded: {other:?}"),
    }
    let listed = client
        .list_checkout_session_line_items(&session.id)
        .await
        .unwrap();
    assert_eq!(
        listed.url,
        format!("/v1/checkout/sessions/{}/line_items", session.id)
    );

    let missing = session_params(&price, 1).line_items([CreateCheckoutSessionLineItems::new()
        .price("price_missing")
        .quantity(1)]);
    let refused = api_error(client.create_checkout_session_with(&missing).await);
    assert_eq!(refused.param.as_deref(), Some("line_items[0][price]"));
    for hours in [0, 25] {
        let params = session_params(&price, 1).expires_at(session.created.as_secs() + hours * 3600);
        let refused = api_error(client.create_checkout_session_with(&params).await);
        assert_eq!(refused.param.as_deref(), Some("expires_at"), "{hours} h");
    }
}

fn customer_id(session: &stripe_api::CheckoutSession) -> CustomerId {
    session.customer.as_ref().map(|c| c.id().into()).unwrap()
}

#[tokio::test]
async fn embedded_sessions_take_a_return_url_and_get_a_client_secret() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let price = price(&client, 500).await;
    // `custom` is newer than the spec's list (`embedded`, `hosted`), which Stripe does not
    // enforce: the typed setter sends it, and the fake takes it as Stripe does.
    let params = CreateCheckoutSession::new()
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price(price.id.as_str())
            .quantity(1)])
        .ui_mode("custom")
        .return_url("https://example.com/return");
    let session = client.create_checkout_session_with(&params).await.unwrap();
    assert_eq!(session.url, None);
    assert_eq!(
        session.ui_mode,
        Some(CheckoutSessionUiMode::Unknown("custom".to_owned()))
    );
    assert_eq!(
        session.return_url.as_deref(),
        Some("https://example.com/return")
    );
    let secret = session.client_secret.as_deref().unwrap();
    assert!(secret.starts_with(&format!("{}_secret_", session.id)));
    let embedded = params
        .clone()
        .ui_mode(CreateCheckoutSessionUiMode::Embedded);
    let session = client
        .create_checkout_session_with(&embedded)
        .await
        .unwrap();
    assert_eq!(session.ui_mode, Some(CheckoutSessionUiMode::Embedded));
    let with_success = session_params(&price, 1).ui_mode("custom");
    let refused = api_error(client.create_checkout_session_with(&with_success).await);
    assert_eq!(refused.param.as_deref(), Some("success_url"));
}

#[tokio::test]
async fn sessions_expire_once_and_complete_with_a_customer_and_a_payment() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let price = price(&client, 1000).await;
    let session = client
        .create_checkout_session_with(&session_params(&price, 1))
        .await
        .unwrap();
    let expired = client.expire_checkout_session(&session.id).await.unwrap();
    assert_eq!(expired.status.as_ref().map(|s| s.as_str()), Some("expired"));
    let again = api_error(client.expire_checkout_session(&session.id).await);
    assert_eq!(again.status, 400);
    assert!(stripe
        .complete_checkout_session(session.id.as_str())
        .await
        .is_err());

    let open = client
        .create_checkout_session_with(
            &session_params(&price, 3)
                .customer_email("jenny@example.com")
                .customer_creation(CreateCheckoutSessionCustomerCreation::Always),
        )
        .await
        .unwrap();
    stripe
        .complete_checkout_session(open.id.as_str())
        .await
        .unwrap();
    let done = client.retrieve_checkout_session(&open.id).await.unwrap();
    assert_eq!(done.status.as_ref().map(|s| s.as_str()), Some("complete"));
    assert_eq!(done.payment_status.as_str(), "paid");
    let customer = client.retrieve_customer(&customer_id(&done)).await.unwrap();
    let CustomerOrDeletedCustomer::Customer(customer) = customer else {
        panic!("{customer:?}");
    };
    assert_eq!(customer.email.as_deref(), Some("jenny@example.com"));
    let intent_id = done.payment_intent.as_ref().unwrap().id().to_owned();
    let intent = client
        .retrieve_payment_intent(&intent_id.as_str().into())
        .await
        .unwrap();
    assert_eq!((intent.amount, intent.status.as_str()), (3000, "succeeded"));
    let blocked = client
        .expire_checkout_session(&CheckoutSessionId::from(open.id.as_str()))
        .await;
    assert_eq!(
        api_error(blocked).status,
        400,
        "a complete session cannot expire"
    );
}

#[test]
fn every_object_of_the_selection_starts_as_something_the_crate_decodes() {
    for object in stripe_fake::OBJECTS {
        let mut skeleton: Value = serde_json::from_str(object.skeleton).unwrap();
        skeleton["id"] = json!(format!("{}_1", object.id_prefix));
        let decoded: stripe_api::EventObject =
            stripe_api::from_json(skeleton.to_string().as_bytes())
                .unwrap_or_else(|e| panic!("{}: {e}", object.object));
        let debug = format!("{decoded:?}");
        assert!(
            !debug.starts_with("Unknown"),
            "{} decodes as raw JSON: {debug}",
            object.object
        );
    }
}

/// The fake's table writes each parameter shape once: request types with the same shape
/// share one constant, and every constant is used.
#[test]
fn the_fake_table_writes_each_shape_once() {
    let path = tests::repo_root().join("fake/src/generated/mod.rs");
    let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut values = std::collections::BTreeMap::new();
    for item in &file.items {
        let syn::Item::Const(constant) = item else {
            continue;
        };
        // Exported constants (the API version) are used outside the table.
        if matches!(constant.vis, syn::Visibility::Public(_)) {
            continue;
        }
        let value = quote_of(&constant.expr);
        if let Some(first) = values.insert(value, constant.ident.to_string()) {
            panic!("{} and {first} hold the same shape", constant.ident);
        }
        let uses = text.matches(&constant.ident.to_string()).count();
        assert!(uses > 1, "{} is never used", constant.ident);
    }
    assert!(!values.is_empty());
}

fn quote_of(expr: &syn::Expr) -> String {
    quote::ToTokens::to_token_stream(expr).to_string()
}
