//! The fake's objects as Stripe makes them: defaults, `product_data`, references to
//! objects that do not exist, search and list filters, the documented limits, deleted
//! objects, the events every change sends, and `trigger` for the rest.

use serde_json::json;
use stripe_api::{
    Client, CreateCheckoutSession, CreateCheckoutSessionLineItems,
    CreateCheckoutSessionLineItemsPriceData, CreateCheckoutSessionLineItemsPriceDataProductData,
    CreateCheckoutSessionMode, CreateCustomer, CreatePrice, CreatePriceProductData, CreateProduct,
    EventObject, EventType, ListEvents, ListPrices, ListPricesRecurring,
    ListPricesRecurringInterval, SearchCustomers, UpdatePrice,
};
use stripe_fake::FakeStripe;
use tests::shop::{api_error, event_types, price};

#[tokio::test]
async fn new_objects_take_stripes_defaults_and_price_data_makes_a_product() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let shirt = price(&client, "Shirt", 1500, "usd", false).await;
    assert!(shirt.active);
    assert_eq!(shirt.type_.as_str(), "one_time");
    let product = client
        .retrieve_product(&shirt.product.id().into())
        .await
        .unwrap();
    assert!(product.active);
    let plan = price(&client, "Plan", 900, "usd", true).await;
    assert_eq!(plan.type_.as_str(), "recurring");
    let recurring = plan.recurring.as_ref().unwrap();
    assert_eq!(
        (recurring.interval.as_str(), recurring.interval_count),
        ("month", 1)
    );
    let active = client
        .list_prices_with(&ListPrices::new().active(true))
        .await
        .unwrap();
    assert_eq!(active.data.len(), 2, "Stripe's default is active: true");

    let inline = CreatePrice::new("usd")
        .unit_amount(700)
        .product_data(CreatePriceProductData::new("Sticker"));
    let inline = client.create_price(&inline).await.unwrap();
    let made = stripe.object(inline.product.id()).expect("a product");
    assert_eq!(made["name"], "Sticker");

    let data = CreateCheckoutSessionLineItemsPriceData::new("usd")
        .unit_amount(300)
        .product_data(CreateCheckoutSessionLineItemsPriceDataProductData::new(
            "Badge",
        ));
    let params = CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price_data(data)
            .quantity(2)]);
    let session = client.create_checkout_session_with(&params).await.unwrap();
    assert_eq!(session.amount_total, Some(600));
    let items = client
        .list_checkout_session_line_items(&session.id)
        .await
        .unwrap();
    let price = items.data[0].price.as_ref().unwrap();
    assert_eq!(items.data[0].description, "Badge");
    assert!(
        stripe.object(price.product.id()).is_some(),
        "the product is stored"
    );
}

/// A request Stripe refuses makes nothing: the `product_data` product and the
/// `price_data` price of a session refused for mixing currencies are not stored, and no
/// event says they were.
#[tokio::test]
async fn a_refused_request_leaves_nothing_behind() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let line = |currency: &str, name: &str| {
        let data = CreateCheckoutSessionLineItemsPriceData::new(currency)
            .unit_amount(300)
            .product_data(CreateCheckoutSessionLineItemsPriceDataProductData::new(
                name,
            ));
        CreateCheckoutSessionLineItems::new()
            .price_data(data)
            .quantity(1)
    };
    let mixed = CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([line("usd", "Badge"), line("eur", "Pin")]);
    let refused = api_error(client.create_checkout_session_with(&mixed).await);
    assert_eq!(refused.status, 400);
    let products = client.list_products().await.unwrap();
    assert!(products.data.is_empty(), "{:?}", products.data);
    let prices = client.list_prices().await.unwrap();
    assert!(prices.data.is_empty());
    assert!(event_types(&client).await.is_empty());

    let one = CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([line("usd", "Badge")]);
    client.create_checkout_session_with(&one).await.unwrap();
    let products = client.list_products().await.unwrap();
    assert_eq!(
        products.data.len(),
        1,
        "an accepted request keeps what it made"
    );
    // Stripe has no `checkout.session.created` event.
    assert_eq!(
        event_types(&client).await,
        ["product.created", "price.created"]
    );
}

#[tokio::test]
async fn references_to_missing_objects_and_limits_are_refused() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let missing = CreatePrice::new("usd")
        .unit_amount(100)
        .product("prod_nope");
    let refused = api_error(client.create_price(&missing).await);
    assert_eq!(
        (
            refused.status,
            refused.code.as_deref(),
            refused.param.as_deref()
        ),
        (400, Some("resource_missing"), Some("product"))
    );
    assert_eq!(
        refused.message.as_deref(),
        Some("No such product: 'prod_nope'")
    );
    let params = CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .customer("cus_nope");
    let refused = api_error(client.create_checkout_session_with(&params).await);
    assert_eq!(refused.param.as_deref(), Some("customer"));

    let many: std::collections::BTreeMap<String, String> =
        (0..51).map(|i| (format!("k{i}"), "v".to_owned())).collect();
    let refused = api_error(
        client
            .create_customer_with(&CreateCustomer::new().metadata(many))
            .await,
    );
    assert_eq!(refused.param.as_deref(), Some("metadata"));
    let long_key = CreateCustomer::new().metadata([("k".repeat(41), "v")]);
    let refused = api_error(client.create_customer_with(&long_key).await);
    assert_eq!(refused.param, Some(format!("metadata[{}]", "k".repeat(41))));
    let long_value = CreateCustomer::new().metadata([("k", "v".repeat(501))]);
    let refused = api_error(client.create_customer_with(&long_value).await);
    assert_eq!(refused.param.as_deref(), Some("metadata[k]"));
    // The spec's maxLength: 22 for a statement descriptor.
    let long = CreateProduct::new("Mug").statement_descriptor("S".repeat(23));
    let refused = api_error(client.create_product(&long).await);
    assert_eq!(refused.param.as_deref(), Some("statement_descriptor"));
    assert!(
        refused
            .message
            .as_deref()
            .unwrap()
            .ends_with("must be at most 22 characters"),
        "{refused:?}"
    );
    let fits = CreateProduct::new("Mug").statement_descriptor("S".repeat(22));
    client.create_product(&fits).await.unwrap();
    let key = "i".repeat(256);
    let refused = api_error(client.create_customer().idempotency_key(key).await);
    assert!(
        refused.message.as_deref().unwrap().contains("255"),
        "{refused:?}"
    );
    assert_eq!(stripe.count("customer"), 0);
    assert_eq!(stripe.count("product"), 1);
}

/// Search pages: `next_page` while `has_more`, which the crate's `paginate` follows.
#[tokio::test]
async fn search_results_page_with_next_page() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    for n in 0..23 {
        let params = CreateCustomer::new().name(format!("Shopper {n}"));
        client.create_customer_with(&params).await.unwrap();
    }
    let params = SearchCustomers::new("name~'Shopper'").limit(10);
    let first = client.search_customers(&params).await.unwrap();
    assert_eq!(first.data.len(), 10);
    assert!(first.has_more);
    let token = first.next_page.clone().expect("a next page");
    let second = client
        .search_customers(&params.clone().page(token))
        .await
        .unwrap();
    assert_eq!(second.data.len(), 10);
    assert_ne!(second.data[0].id, first.data[0].id);
    let everyone = client
        .search_customers(&params)
        .paginate()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(everyone.len(), 23);
    let mut names: Vec<String> = everyone.into_iter().filter_map(|c| c.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 23, "every result once, across three pages");
    let refused = api_error(client.search_customers(&params.page("nonsense")).await);
    assert_eq!(refused.param.as_deref(), Some("page"));
}

#[tokio::test]
async fn search_and_list_filters_select_what_they_name() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    for (n, name) in ["Jenny Rosen", "Bob Smith", "Jenny Wu"].iter().enumerate() {
        let params = CreateCustomer::new()
            .email(format!("c{n}@x.y"))
            .name(*name)
            .metadata([("tier", if n == 1 { "gold" } else { "free" })]);
        client.create_customer_with(&params).await.unwrap();
    }
    let search = |query: &str| {
        let client = client.clone();
        let query = query.to_owned();
        async move {
            let found = client
                .search_customers(&SearchCustomers::new(query))
                .await
                .unwrap();
            let mut emails: Vec<String> =
                found.data.iter().filter_map(|c| c.email.clone()).collect();
            emails.sort();
            emails
        }
    };
    assert_eq!(search("email:'c1@x.y'").await, ["c1@x.y"]);
    assert_eq!(search("name~'jenny'").await, ["c0@x.y", "c2@x.y"]);
    assert_eq!(
        search("metadata['tier']:'gold' OR email:'c2@x.y'").await,
        ["c1@x.y", "c2@x.y"]
    );
    assert_eq!(search("name~'Jenny' AND -email:'c0@x.y'").await, ["c2@x.y"]);
    let refused = api_error(
        client
            .search_customers(&SearchCustomers::new("jenny"))
            .await,
    );
    assert_eq!(refused.param.as_deref(), Some("query"));

    let shirt = price(&client, "Shirt", 1500, "usd", false).await;
    let plan = price(&client, "Plan", 900, "usd", true).await;
    let update = UpdatePrice::new().lookup_key("pro_monthly");
    client.update_price_with(&plan.id, &update).await.unwrap();
    let by_key = ListPrices::new().lookup_keys(["pro_monthly"]);
    let found = client.list_prices_with(&by_key).await.unwrap();
    assert_eq!(
        found.data.iter().map(|p| &p.id).collect::<Vec<_>>(),
        [&plan.id]
    );
    let monthly = ListPrices::new()
        .recurring(ListPricesRecurring::new().interval(ListPricesRecurringInterval::Month));
    let found = client.list_prices_with(&monthly).await.unwrap();
    assert_eq!(
        found.data.iter().map(|p| &p.id).collect::<Vec<_>>(),
        [&plan.id]
    );
    let product = shirt.product.id().into();
    let refused = api_error(client.delete_product(&product).await);
    assert!(
        refused.message.as_deref().unwrap().contains("prices"),
        "{refused:?}"
    );
    let bare = client
        .create_product(&CreateProduct::new("Bare"))
        .await
        .unwrap();
    assert!(client.delete_product(&bare.id).await.unwrap().deleted);
    assert_eq!(
        api_error(client.retrieve_product(&bare.id).await).status,
        404
    );
}

async fn latest_event(client: &Client) -> stripe_api::Event {
    let events = client
        .list_events_with(&ListEvents::new().limit(1))
        .await
        .unwrap();
    events.data.into_iter().next().expect("an event")
}

#[tokio::test]
async fn every_change_sends_its_event_and_trigger_makes_the_rest() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let customer = client
        .create_customer_with(&CreateCustomer::new().email("a@x.y"))
        .idempotency_key("make-a")
        .await
        .unwrap();
    let created = latest_event(&client).await;
    assert_eq!(created.type_, EventType::CustomerCreated);
    let request = created.request.as_ref().unwrap();
    assert_eq!(request.idempotency_key.as_deref(), Some("make-a"));
    assert!(request.id.as_deref().unwrap().starts_with("req_"));

    let plan = price(&client, "Plan", 900, "usd", true).await;
    let update = UpdatePrice::new().nickname("Pro");
    client.update_price_with(&plan.id, &update).await.unwrap();
    let updated = latest_event(&client).await;
    assert_eq!(updated.type_, EventType::PriceUpdated);
    let previous = updated.data.previous_attributes.clone().unwrap();
    assert_eq!(previous.get("nickname"), Some(&json!(null)));
    assert!(
        matches!(updated.data.object.as_ref(), EventObject::Price(p) if p.nickname.as_deref() == Some("Pro"))
    );

    client.delete_customer(&customer.id).await.unwrap();
    assert_eq!(
        latest_event(&client).await.type_,
        EventType::CustomerDeleted
    );

    let triggered = stripe.trigger("invoice.payment_failed").await.unwrap();
    assert_eq!(triggered.type_, EventType::InvoicePaymentFailed);
    assert!(matches!(
        triggered.data.object.as_ref(),
        EventObject::Invoice(_)
    ));
    let listed = latest_event(&client).await;
    assert_eq!(listed.id, triggered.id, "stored like any event");
    let subscription = stripe
        .trigger("customer.subscription.trial_will_end")
        .await
        .unwrap();
    assert!(matches!(
        subscription.data.object.as_ref(),
        EventObject::Subscription(_)
    ));
    assert!(stripe.trigger("checkout.session.teleported").await.is_err());
}
