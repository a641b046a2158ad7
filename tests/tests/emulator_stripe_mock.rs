//! The client against stripe-stateful-mock (npm 0.0.16), a third-party emulator with
//! Stripe-shaped errors and real `Idempotency-Key` replay: customers, products, prices
//! and tax rates.

use std::collections::BTreeMap;

use stripe_api::{
    Client, CreateCustomer, CreatePrice, CreateProduct, CreateTaxRate, CustomerId,
    CustomerOrDeletedCustomer, Error, ErrorKind, Expandable, ListCustomers, PriceId,
    RetrieveCustomer, RetryPolicy, UpdateCustomer,
};

fn client() -> Option<Client> {
    let url = tests::emulator("STRIPE_MOCK_URL")?;
    Some(
        Client::builder("sk_test_emulator")
            .base_url(url)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap(),
    )
}

fn customer_params(email: &str) -> CreateCustomer {
    let mut params = CreateCustomer::new();
    params.email = Some(email.to_owned());
    params
}

#[tokio::test]
async fn customer_create_retrieve_update_with_metadata() {
    let Some(client) = client() else { return };
    let email = format!("{}@example.com", tests::unique("crud"));
    let mut params = customer_params(&email);
    let metadata = BTreeMap::from([
        ("order id".to_owned(), "6735".to_owned()),
        (
            "note".to_owned(),
            "a & b = c [x] caf\u{e9} \u{65e5}\u{672c}".to_owned(),
        ),
    ]);
    params.metadata = Some(metadata.clone().into());
    let created = client.create_customer_with(&params).await.unwrap();
    assert_eq!(created.email.as_deref(), Some(email.as_str()));
    assert_eq!(
        created.metadata.as_ref(),
        Some(&metadata),
        "metadata survives the round trip"
    );

    let retrieved = client.retrieve_customer(&created.id).await.unwrap();
    let CustomerOrDeletedCustomer::Customer(retrieved) = retrieved else {
        panic!("a live customer")
    };
    assert_eq!(retrieved.metadata, Some(metadata));

    let mut update = UpdateCustomer::new();
    update.name = Some("Jenny Rosen".into());
    let updated = client
        .update_customer_with(&created.id, &update)
        .await
        .unwrap();
    assert_eq!(updated.name.as_deref(), Some("Jenny Rosen"));
    // Differs from Stripe: no `DELETE /v1/customers/{id}` route; deletion is tested
    // against localstripe.
}

#[tokio::test]
async fn listing_customers_follows_pages() {
    let Some(client) = client() else { return };
    let email = format!("{}@example.com", tests::unique("pages"));
    let mut created = Vec::new();
    for _ in 0..5 {
        created.push(
            client
                .create_customer_with(&customer_params(&email))
                .await
                .unwrap()
                .id,
        );
    }
    let mut params = ListCustomers::new();
    params.email = Some(email);
    params.limit = Some(2);
    let first = client.list_customers_with(&params).await.unwrap();
    assert_eq!(first.data.len(), 2);
    assert!(first.has_more);
    let all: Vec<CustomerId> = client
        .list_customers_with(&params)
        .paginate()
        .collect_all()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let mut expected = created.clone();
    expected.sort();
    let mut found = all.clone();
    found.sort();
    assert_eq!(
        found, expected,
        "three pages of 2, 2 and 1 hold exactly the five customers"
    );
}

#[tokio::test]
async fn price_of_a_product() {
    let Some(client) = client() else { return };
    // Differs from Stripe: this emulator's products are older than the spec (they lack
    // `features`, which 2023-08-16 requires), so the typed decode may fail, but only on a
    // field the raw answer really lacks; the raw answer is still available.
    let typed = client.create_product(&CreateProduct::new("T-shirt")).await;
    let product = client
        .create_product(&CreateProduct::new("T-shirt"))
        .send_json()
        .await
        .unwrap();
    tests::decoded_or_missing_in_raw(typed, &product);
    let product_id = product["id"].as_str().unwrap().to_owned();
    let mut params = CreatePrice::new("usd");
    params.product = Some(product_id.clone());
    params.unit_amount = Some(2000);
    let price = client.create_price(&params).await.unwrap();
    assert!(matches!(&price.product, Expandable::Id(id) if id.as_str() == product_id));
    let again = client
        .retrieve_price(&PriceId::from(price.id.as_str()))
        .await
        .unwrap();
    assert_eq!(
        (again.unit_amount, again.currency.as_str()),
        (Some(2000), "usd")
    );
}

#[tokio::test]
async fn expand_adds_what_is_hidden_by_default() {
    let Some(client) = client() else { return };
    // This emulator implements `expand` only for a customer's `sources` and
    // `subscriptions`, which it leaves out unless expanded.
    let created = client.create_customer().await.unwrap();
    let plain = client.retrieve_customer(&created.id).await.unwrap();
    let CustomerOrDeletedCustomer::Customer(plain) = plain else {
        panic!("a live customer")
    };
    assert!(plain.sources.is_none());
    let mut params = RetrieveCustomer::new();
    params.expand = Some(vec!["sources".into(), "subscriptions".into()]);
    let expanded = client
        .retrieve_customer_with(&created.id, &params)
        .await
        .unwrap();
    let CustomerOrDeletedCustomer::Customer(expanded) = expanded else {
        panic!("a live customer")
    };
    assert!(expanded.sources.is_some_and(|s| s.data.is_empty()));
    assert!(expanded.subscriptions.is_some());
}

#[tokio::test]
async fn tax_rates_create_retrieve_list() {
    let Some(client) = client() else { return };
    let name = tests::unique("VAT");
    let rate = client
        .create_tax_rate(&CreateTaxRate::new(name.clone(), false, 19.0))
        .await
        .unwrap();
    assert_eq!(rate.display_name, name);
    let again = client.retrieve_tax_rate(&rate.id).await.unwrap();
    assert_eq!(again.percentage, 19.0);
    let listed = client
        .list_tax_rates()
        .paginate()
        .collect_all()
        .await
        .unwrap();
    assert!(listed.iter().any(|r| r.id == rate.id));
}

#[tokio::test]
async fn errors_have_stripes_shape() {
    let Some(client) = client() else { return };
    let missing = CustomerId::from("cus_doesnotexist");
    let error = client.retrieve_customer(&missing).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((api.status, api.kind), (404, ErrorKind::InvalidRequest));
    assert_eq!(api.type_, "invalid_request_error");
    assert_eq!(api.code.as_deref(), Some("resource_missing"));
    assert_eq!(api.param.as_deref(), Some("id"));
    assert!(api
        .message
        .as_deref()
        .unwrap_or_default()
        .contains("cus_doesnotexist"));

    let bad_key = Client::builder("not_a_key")
        .base_url(tests::emulator("STRIPE_MOCK_URL").unwrap())
        .build()
        .unwrap();
    let error = bad_key.create_customer().await.unwrap_err();
    assert!(
        matches!(&error, Error::Api(e) if e.kind == ErrorKind::Authentication && e.status == 401),
        "{error:?}"
    );
}

#[tokio::test]
async fn idempotent_replay_returns_the_first_result() {
    let Some(client) = client() else { return };
    let key = tests::unique("idem");
    let email = format!("{key}@example.com");
    let first = client
        .create_customer_with(&customer_params(&email))
        .idempotency_key(&key)
        .await
        .unwrap();
    let replay = client
        .create_customer_with(&customer_params(&email))
        .idempotency_key(&key)
        .await
        .unwrap();
    assert_eq!(
        first.id, replay.id,
        "the same key gives back the same customer"
    );

    let other = client
        .create_customer_with(&customer_params("someone-else@example.com"))
        .idempotency_key(&key)
        .await
        .unwrap_err();
    assert!(
        matches!(&other, Error::Api(e) if e.kind == ErrorKind::Idempotency),
        "{other:?}"
    );
}
