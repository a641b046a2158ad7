//! Form bodies, byte for byte, against vectors made by stripe-node's own encoding
//! (`tests/vectors/form-vectors.js`, output committed in `tests/vectors/form.tsv`).

use std::collections::BTreeMap;

use stripe_api::runtime::FormPairs;
use stripe_api::{
    Clearable, CreateCheckoutSession, CreateCheckoutSessionDiscounts,
    CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionLineItemsPriceDataProductData,
    CreateCheckoutSessionLineItemsPriceDataRecurring,
    CreateCheckoutSessionLineItemsPriceDataRecurringInterval, CreateCheckoutSessionMode,
    CreateCheckoutSessionPaymentMethodTypes, RetrieveCheckoutSession, UpdateCustomer,
};

fn vector(name: &str) -> String {
    let path = tests::repo_root().join("tests/vectors/form.tsv");
    let text = std::fs::read_to_string(path).expect("vectors are committed");
    text.lines()
        .find_map(|line| {
            line.strip_prefix(name)?
                .strip_prefix('\t')
                .map(str::to_owned)
        })
        .unwrap_or_else(|| panic!("no vector `{name}`"))
}

fn encoded<T: serde::Serialize>(params: &T) -> String {
    FormPairs::from_value(params).expect("encodes").to_query()
}

#[test]
fn nested_line_items_with_price_and_product_data() {
    let mut params = CreateCheckoutSession::new()
        .success_url("https://example.com/done?session={CHECKOUT_SESSION_ID}");
    params.mode = Some(CreateCheckoutSessionMode::Subscription);
    let mut product = CreateCheckoutSessionLineItemsPriceDataProductData::new("T-shirt");
    product.description = Some("Cotton, 100%".into());
    let mut recurring = CreateCheckoutSessionLineItemsPriceDataRecurring::new(
        CreateCheckoutSessionLineItemsPriceDataRecurringInterval::Month,
    );
    recurring.interval_count = Some(3);
    let mut price_data = CreateCheckoutSessionLineItemsPriceData::new("usd");
    price_data.product_data = Some(product);
    price_data.recurring = Some(recurring);
    price_data.unit_amount = Some(2000);
    params.line_items = Some(vec![
        CreateCheckoutSessionLineItems::new()
            .price_data(price_data)
            .quantity(2),
        CreateCheckoutSessionLineItems::new()
            .price("price_123")
            .quantity(1),
    ]);
    assert_eq!(encoded(&params), vector("line_items"));
}

#[test]
fn metadata_keys_and_values_are_percent_encoded() {
    let mut params = CreateCheckoutSession::new().success_url("https://example.com");
    params.metadata = Some(BTreeMap::from([
        ("order id".to_owned(), "6735".to_owned()),
        ("gift note".to_owned(), "a & b = c".to_owned()),
        (
            "caf\u{e9}".to_owned(),
            "\u{65e5}\u{672c} \u{1F600}".to_owned(),
        ),
    ]));
    assert_eq!(encoded(&params), vector("metadata"));
}

#[test]
fn brackets_inside_keys_and_values_are_encoded_not_structure() {
    // stripe-node turns every %5B/%5D back into a bracket, so `metadata[a[b]]` would be
    // read as nesting; here brackets that are content stay encoded.
    let mut params = CreateCheckoutSession::new().success_url("https://example.com");
    params.metadata = Some(BTreeMap::from([("a[b]".to_owned(), "[x]".to_owned())]));
    assert_eq!(
        encoded(&params),
        "metadata[a%5Bb%5D]=%5Bx%5D&success_url=https%3A%2F%2Fexample.com"
    );
}

#[test]
fn discounts_payment_method_types_and_booleans() {
    let mut params = CreateCheckoutSession::new().success_url("https://example.com");
    params.allow_promotion_codes = Some(false);
    params.discounts = Some(vec![
        CreateCheckoutSessionDiscounts::new().coupon("SUMMER21")
    ]);
    params.payment_method_types = Some(vec![
        CreateCheckoutSessionPaymentMethodTypes::Card,
        CreateCheckoutSessionPaymentMethodTypes::Klarna,
    ]);
    assert_eq!(encoded(&params), vector("discounts_and_types"));
}

#[test]
fn clearing_fields_sends_empty_strings() {
    let mut params = UpdateCustomer::new();
    params.address = Some(Clearable::Clear);
    params.metadata = Some(Clearable::Clear);
    assert_eq!(encoded(&params), vector("clear"));
}

/// A clearable map or list takes an array, as a plain one does; `Clear` still clears.
#[test]
fn clearable_maps_and_lists_take_arrays() {
    let map: Clearable<std::collections::BTreeMap<String, String>> = [("plan", "pro")].into();
    assert_eq!(
        map,
        Clearable::Set([("plan".to_owned(), "pro".to_owned())].into())
    );
    let list: Clearable<Vec<String>> = ["txr_1", "txr_2"].into();
    assert_eq!(
        list,
        Clearable::Set(vec!["txr_1".to_owned(), "txr_2".to_owned()])
    );
    let params = UpdateCustomer::new().metadata([("plan", "pro"), ("team", "")]);
    assert_eq!(
        FormPairs::from_value(&params).unwrap().to_query(),
        "metadata[plan]=pro&metadata[team]="
    );
}

#[test]
fn expand_is_an_indexed_list() {
    let mut params = RetrieveCheckoutSession::new();
    params.expand = Some(vec![
        "customer".into(),
        "line_items.data.price.product".into(),
    ]);
    assert_eq!(encoded(&params), vector("expand"));
}

#[test]
fn raw_parameters_keep_their_bracket_structure() {
    let mut pairs = FormPairs::default();
    pairs.push_raw("ui_mode", "custom");
    pairs.push_raw("metadata[order id]", "a&b");
    assert_eq!(
        pairs.to_query(),
        "ui_mode=custom&metadata[order%20id]=a%26b"
    );
}

#[test]
fn values_that_cannot_be_form_encoded_are_errors() {
    assert!(FormPairs::from_value(&5).is_err());
    assert!(FormPairs::from_value(&vec![1, 2]).is_err());
    assert!(FormPairs::from_value(&BTreeMap::from([(1, 2)])).is_err());
}

/// Setters take what the official libraries take: string slices for lists and maps.
#[test]
fn setters_take_slices_for_lists_and_maps() {
    let params = CreateCheckoutSession::new()
        .success_url("https://example.com/done")
        .metadata([("order_id", "6735")])
        .expand(["customer", "line_items"])
        .line_items([CreateCheckoutSessionLineItems::new()
            .price("price_1")
            .quantity(1)]);
    assert_eq!(
        encoded(&params),
        "expand[0]=customer&expand[1]=line_items&line_items[0][price]=price_1&line_items[0][quantity]=1&metadata[order_id]=6735&success_url=https%3A%2F%2Fexample.com%2Fdone"
    );
}

/// A request field that names an object takes the id a response gave, as well as a string.
#[test]
fn request_fields_take_ids_from_responses() {
    let price = stripe_api::PriceId::from("price_1");
    let by_reference = CreateCheckoutSessionLineItems::new()
        .price(&price)
        .quantity(1);
    let by_value = CreateCheckoutSessionLineItems::new()
        .price(price)
        .quantity(1);
    assert_eq!(encoded(&by_reference), "price=price_1&quantity=1");
    assert_eq!(encoded(&by_value), encoded(&by_reference));
}
