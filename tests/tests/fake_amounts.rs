//! The fake's Checkout amounts, worked out by hand from Stripe's documented rules (the
//! README lists them): quantities, coupons and promotion codes, shipping, tax rates and
//! automatic tax, through the crate's typed client and back through its types.

use stripe_api::{
    CheckoutSession, Client, CreateCheckoutSession, CreateCheckoutSessionAutomaticTax,
    CreateCheckoutSessionDiscounts, CreateCheckoutSessionLineItems, CreateCheckoutSessionMode,
    CreateCheckoutSessionShippingOptions, CreateCoupon, CreateCouponDuration, CreatePromotionCode,
    CreateShippingRate, CreateShippingRateFixedAmount, CreateTaxRate, PaymentIntentId, Price,
};
use stripe_fake::{Completion, FakeStripe};
use tests::shop::{api_error, price};

fn session(lines: &[(&Price, i64)]) -> CreateCheckoutSession {
    let items = lines.iter().map(|(price, quantity)| {
        CreateCheckoutSessionLineItems::new()
            .price(price.id.as_str())
            .quantity(*quantity)
    });
    CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items(items)
}

async fn shipping(client: &Client, amount: i64) -> String {
    let params = CreateShippingRate::new("Ground")
        .fixed_amount(CreateShippingRateFixedAmount::new(amount, "usd"));
    let rate = client.create_shipping_rate(&params).await.unwrap();
    rate.id.to_string()
}

async fn percent_coupon(client: &Client, percent: f64) -> String {
    let params = CreateCoupon::new()
        .percent_off(percent)
        .duration(CreateCouponDuration::Once);
    client
        .create_coupon_with(&params)
        .await
        .unwrap()
        .id
        .to_string()
}

fn details(session: &CheckoutSession) -> (i64, i64, i64, Option<i64>) {
    let details = session.total_details.as_ref().expect("total_details");
    (
        details.amount_discount,
        details.amount_tax,
        details.amount_shipping.unwrap_or_default(),
        session.amount_total,
    )
}

/// The cart: 2 × 15.00 + 1 × 25.00, 10 % off, 5.00 shipping, automatic tax.
/// Before an address: 55.00 − 5.50 + 5.00 = 54.50, tax waiting for the location. In
/// Germany at 19 %: 27.00 × 0.19 = 5.13 and 22.50 × 0.19 = 4.275 → 4.28 (per line,
/// half away from zero), so 49.50 + 9.41 + 5.00 = 63.91, which the payment intent takes.
#[tokio::test]
async fn a_coupon_shipping_and_automatic_tax_add_up_as_on_stripe() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    stripe.set_automatic_tax_rate("DE", 19.0);
    let shirt = price(&client, "Shirt", 1500, "usd", false).await;
    let cap = price(&client, "Cap", 2500, "usd", false).await;
    let coupon = percent_coupon(&client, 10.0).await;
    let ground = shipping(&client, 500).await;
    let params = session(&[(&shirt, 2), (&cap, 1)])
        .discounts([CreateCheckoutSessionDiscounts::new().coupon(coupon)])
        .shipping_options([CreateCheckoutSessionShippingOptions::new().shipping_rate(&ground)])
        .automatic_tax(CreateCheckoutSessionAutomaticTax::new(true));
    let created = client.create_checkout_session_with(&params).await.unwrap();
    assert_eq!(created.amount_subtotal, Some(5500));
    assert_eq!(details(&created), (550, 0, 500, Some(5450)));
    let cost = created.shipping_cost.as_ref().expect("shipping_cost");
    assert_eq!((cost.amount_subtotal, cost.amount_total), (500, 500));
    assert_eq!(created.shipping_options.len(), 1);
    assert_eq!(created.shipping_options[0].shipping_amount, 500);
    assert_eq!(
        created.automatic_tax.status.as_ref().map(|s| s.as_str()),
        Some("requires_location_inputs")
    );
    let items = client
        .list_checkout_session_line_items(&created.id)
        .await
        .unwrap();
    let discounts: Vec<i64> = items.data.iter().map(|i| i.amount_discount).collect();
    assert_eq!(discounts, [300, 250]);

    let refused = stripe.complete_checkout_session(&created.id).await;
    assert!(refused.is_err(), "automatic tax needs an address");
    let completion = Completion::new().address_country("DE");
    let paid = stripe
        .complete_checkout_session_with(&created.id, &completion)
        .await
        .unwrap();
    assert_eq!(details(&paid), (550, 941, 500, Some(6391)));
    assert_eq!(
        paid.automatic_tax.status.as_ref().map(|s| s.as_str()),
        Some("complete")
    );
    let breakdown = paid.total_details.unwrap().breakdown.unwrap();
    let taxes: Vec<i64> = breakdown.taxes.iter().map(|t| t.amount).collect();
    assert_eq!(taxes, [513, 428]);
    assert_eq!(breakdown.discounts[0].amount, 550);
    let after = client
        .list_checkout_session_line_items(&created.id)
        .await
        .unwrap();
    let ids = |list: &[stripe_api::LineItem]| list.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&after.data),
        ids(&items.data),
        "line items keep their ids"
    );
    let taxed: Vec<i64> = after.data.iter().map(|i| i.amount_tax).collect();
    assert_eq!(taxed, [513, 428]);
    let intent = paid.payment_intent.as_ref().unwrap().id().to_owned();
    let intent = client
        .retrieve_payment_intent(&PaymentIntentId::from(intent.as_str()))
        .await
        .unwrap();
    assert_eq!((intent.amount, intent.status.as_str()), (6391, "succeeded"));
}

/// 19.99 with 8.25 % on top is 1.649… → 1.65; 12.00 with 20 % included holds 2.00 and
/// costs 12.00.
#[tokio::test]
async fn tax_rates_on_line_items_inclusive_and_exclusive() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let book = price(&client, "Book", 1999, "usd", false).await;
    let pen = price(&client, "Pen", 1200, "usd", false).await;
    let sales = CreateTaxRate::new("Sales tax", false, 8.25);
    let sales = client.create_tax_rate(&sales).await.unwrap();
    let vat = CreateTaxRate::new("VAT", true, 20.0);
    let vat = client.create_tax_rate(&vat).await.unwrap();
    let lines = [
        CreateCheckoutSessionLineItems::new()
            .price(book.id.as_str())
            .quantity(1)
            .tax_rates([sales.id.as_str()]),
        CreateCheckoutSessionLineItems::new()
            .price(pen.id.as_str())
            .quantity(1)
            .tax_rates([vat.id.as_str()]),
    ];
    let params = session(&[]).line_items(lines);
    let created = client.create_checkout_session_with(&params).await.unwrap();
    assert_eq!(details(&created), (0, 365, 0, Some(3364)));
    let items = client
        .list_checkout_session_line_items(&created.id)
        .await
        .unwrap();
    let figures: Vec<(i64, i64)> = items
        .data
        .iter()
        .map(|i| (i.amount_tax, i.amount_total))
        .collect();
    assert_eq!(figures, [(165, 2164), (200, 1200)]);

    let unknown = session(&[]).line_items([CreateCheckoutSessionLineItems::new()
        .price(book.id.as_str())
        .quantity(1)
        .tax_rates(["txr_nope"])]);
    let refused = api_error(client.create_checkout_session_with(&unknown).await);
    assert_eq!(refused.code.as_deref(), Some("resource_missing"));
    assert_eq!(
        refused.param.as_deref(),
        Some("line_items[0][tax_rates][0]")
    );
}

/// A 5.00 code the customer types on the page, usable once: 20.00 becomes 15.00, and
/// the coupon is spent for the next session. A code and `discounts` together, or an
/// unknown coupon, are refused as Stripe refuses them.
#[tokio::test]
async fn promotion_codes_entered_at_checkout_and_their_limits() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let mug = price(&client, "Mug", 2000, "usd", false).await;
    let params = CreateCoupon::new()
        .amount_off(500)
        .currency("usd")
        .max_redemptions(1);
    let coupon = client.create_coupon_with(&params).await.unwrap();
    let code = CreatePromotionCode::new(coupon.id.as_str()).code("WELCOME");
    let code = client.create_promotion_code(&code).await.unwrap();
    assert!(code.active && code.coupon.valid);

    let open = session(&[(&mug, 1)]).allow_promotion_codes(true);
    let created = client.create_checkout_session_with(&open).await.unwrap();
    let completion = Completion::new().promotion_code("welcome");
    let paid = stripe
        .complete_checkout_session_with(&created.id, &completion)
        .await
        .unwrap();
    assert_eq!(details(&paid), (500, 0, 0, Some(1500)));
    let spent = client.retrieve_coupon(&coupon.id).await.unwrap();
    assert_eq!((spent.times_redeemed, spent.valid), (1, false));

    let again = session(&[(&mug, 1)])
        .discounts([CreateCheckoutSessionDiscounts::new().coupon(coupon.id.as_str())]);
    let refused = api_error(client.create_checkout_session_with(&again).await);
    assert_eq!(refused.param.as_deref(), Some("discounts[0][coupon]"));
    let both = again.clone().allow_promotion_codes(true);
    let refused = api_error(client.create_checkout_session_with(&both).await);
    assert!(
        refused
            .message
            .as_deref()
            .unwrap()
            .contains("only specify one"),
        "{refused:?}"
    );
    let unknown =
        session(&[(&mug, 1)]).discounts([CreateCheckoutSessionDiscounts::new().coupon("nope")]);
    let refused = api_error(client.create_checkout_session_with(&unknown).await);
    assert_eq!(
        (refused.status, refused.code.as_deref()),
        (400, Some("resource_missing"))
    );
}

/// What Stripe refuses on a session: a recurring price in payment mode, only one-time
/// prices in subscription mode, two currencies, a quantity of 0, shipping outside
/// payment mode.
#[tokio::test]
async fn carts_stripe_refuses_are_refused() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let usd = price(&client, "Shirt", 1500, "usd", false).await;
    let eur = price(&client, "Hemd", 1500, "eur", false).await;
    let monthly = price(&client, "Plan", 900, "usd", true).await;
    let ground = shipping(&client, 500).await;
    let subscription =
        |lines: &[(&Price, i64)]| session(lines).mode(CreateCheckoutSessionMode::Subscription);
    let cases = [
        (
            session(&[(&monthly, 1)]),
            "line_items[0][price]",
            "recurring price",
        ),
        (subscription(&[(&usd, 1)]), "line_items", "recurring price"),
        (
            session(&[(&usd, 1), (&eur, 1)]),
            "line_items[1][price]",
            "one currency",
        ),
        (
            session(&[(&usd, 0)]),
            "line_items[0][quantity]",
            "greater than or equal to 1",
        ),
        (
            subscription(&[(&monthly, 1)]).shipping_options([
                CreateCheckoutSessionShippingOptions::new().shipping_rate(&ground),
            ]),
            "shipping_options",
            "`payment` mode",
        ),
    ];
    for (params, param, message) in cases {
        let refused = api_error(client.create_checkout_session_with(&params).await);
        assert_eq!(refused.param.as_deref(), Some(param), "{refused:?}");
        let text = refused.message.as_deref().unwrap_or_default();
        assert!(text.contains(message), "{text}");
    }
    assert_eq!(stripe.count("checkout.session"), 0);
}

/// Adaptive Pricing: the customer pays the cart in euros at 0.92. Each fixed
/// amount converts first (15.00 → 13.80, 25.00 → 23.00, shipping 5.00 → 4.60), then the
/// 10 % applies: 50.60 − 5.06 + 4.60 = 50.14 EUR, with the dollar figures in
/// `currency_conversion`. Yen have no cents: 15.00 USD at 150 is 2,250 JPY.
#[tokio::test]
async fn adaptive_pricing_converts_at_the_tests_rate() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    stripe.set_exchange_rate("usd", "eur", 0.92);
    stripe.set_exchange_rate("usd", "jpy", 150.0);
    let shirt = price(&client, "Shirt", 1500, "usd", false).await;
    let cap = price(&client, "Cap", 2500, "usd", false).await;
    let coupon = percent_coupon(&client, 10.0).await;
    let ground = shipping(&client, 500).await;
    let params = session(&[(&shirt, 2), (&cap, 1)])
        .discounts([CreateCheckoutSessionDiscounts::new().coupon(coupon)])
        .shipping_options([CreateCheckoutSessionShippingOptions::new().shipping_rate(&ground)]);
    let created = client.create_checkout_session_with(&params).await.unwrap();
    let in_euros = Completion::new().currency("EUR");
    let paid = stripe
        .complete_checkout_session_with(&created.id, &in_euros)
        .await
        .unwrap();
    assert_eq!(paid.currency.as_deref(), Some("eur"));
    assert_eq!(paid.amount_subtotal, Some(5060));
    assert_eq!(details(&paid), (506, 0, 460, Some(5014)));
    let conversion = paid
        .currency_conversion
        .as_ref()
        .expect("currency_conversion");
    assert_eq!(
        (conversion.amount_subtotal, conversion.amount_total),
        (5500, 5450)
    );
    assert_eq!(conversion.source_currency, "usd");
    assert_eq!(conversion.fx_rate.to_string(), "0.92");
    let intent = paid.payment_intent.as_ref().unwrap().id().to_owned();
    let intent = client
        .retrieve_payment_intent(&PaymentIntentId::from(intent.as_str()))
        .await
        .unwrap();
    assert_eq!((intent.amount, intent.currency.as_str()), (5014, "eur"));

    let one = client
        .create_checkout_session_with(&session(&[(&shirt, 1)]))
        .await
        .unwrap();
    let unknown = Completion::new().currency("gbp");
    assert!(stripe
        .complete_checkout_session_with(&one.id, &unknown)
        .await
        .is_err());
    let in_yen = Completion::new().currency("jpy");
    let paid = stripe
        .complete_checkout_session_with(&one.id, &in_yen)
        .await
        .unwrap();
    assert_eq!(
        (paid.currency.as_deref(), paid.amount_total),
        (Some("jpy"), Some(2250))
    );
}
