//! Refunds on the fake as on Stripe (<https://docs.stripe.com/api/refunds/create>): of a
//! paid Checkout Session's payment intent, in part and then the rest, with the charge's
//! `amount_refunded` and `refunded` and the `charge.refunded` event; never more than was
//! paid, never of a payment that did not succeed; through the charge's own routes too.

use stripe_api::{
    ChargeId, CheckoutSessionId, CreateChargeRefund, CreateCheckoutSession,
    CreateCheckoutSessionLineItems, CreateCheckoutSessionMode, CreateRefund, CreateRefundReason,
    EventObject, ListEvents, ListRefunds, PaymentIntentId, RefundId,
};
use stripe_fake::{Completion, FakeStripe, Outcome};
use tests::shop::{api_error, price};

/// A Checkout Session for `quantity` mugs at 12.00.
async fn mug_order(stripe: &FakeStripe, quantity: i64) -> CheckoutSessionId {
    let client = stripe.client();
    let mug = price(&client, "Mug", 1200, "usd", false).await;
    let params = CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(CreateCheckoutSessionMode::Payment)
        .line_items([CreateCheckoutSessionLineItems::new()
            .price(mug.id.as_str())
            .quantity(quantity)]);
    client
        .create_checkout_session_with(&params)
        .await
        .unwrap()
        .id
}

/// The customer pays the session, as `outcome` says; answers its payment intent's id.
async fn pay(stripe: &FakeStripe, session: &CheckoutSessionId, outcome: Outcome) -> String {
    let completion = Completion::new().outcome(outcome);
    let done = stripe
        .complete_checkout_session_with(session, &completion)
        .await
        .unwrap();
    done.payment_intent.as_ref().unwrap().id().to_owned()
}

#[tokio::test]
async fn a_paid_order_is_refunded_in_part_then_in_full() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let session = mug_order(&stripe, 3).await;
    let intent = pay(&stripe, &session, Outcome::Paid).await;

    let part = CreateRefund::new()
        .payment_intent(&intent)
        .amount(1200)
        .reason(CreateRefundReason::RequestedByCustomer);
    let first = client.create_refund_with(&part).await.unwrap();
    assert_eq!(first.status.as_deref(), Some("succeeded"));
    assert_eq!((first.amount, first.currency.as_str()), (1200, "usd"));
    assert_eq!(
        first.payment_intent.as_ref().map(|p| p.id()),
        Some(&*intent)
    );
    let charge_id = first.charge.as_ref().unwrap().id().to_owned();
    let charge = client
        .retrieve_charge(&charge_id.as_str().into())
        .await
        .unwrap();
    assert_eq!(
        charge.payment_intent.as_ref().map(|p| p.id()),
        Some(&*intent)
    );
    assert_eq!((charge.amount_refunded, charge.refunded), (1200, false));

    let too_much = CreateRefund::new().charge(&charge_id).amount(2401);
    let refused = api_error(client.create_refund_with(&too_much).await);
    assert_eq!(refused.code.as_deref(), Some("amount_too_large"));
    assert_eq!(refused.param.as_deref(), Some("amount"));

    let rest = client
        .create_refund_with(&CreateRefund::new().charge(&charge_id))
        .await
        .unwrap();
    assert_eq!(rest.amount, 2400, "the whole unrefunded amount");
    let charge = client
        .retrieve_charge(&charge_id.as_str().into())
        .await
        .unwrap();
    assert_eq!((charge.amount_refunded, charge.refunded), (3600, true));
    let again = api_error(
        client
            .create_refund_with(&CreateRefund::new().payment_intent(&intent))
            .await,
    );
    assert_eq!(again.code.as_deref(), Some("charge_already_refunded"));

    let of_intent = ListRefunds::new().payment_intent(&intent);
    let listed = client.list_refunds_with(&of_intent).await.unwrap();
    let mut amounts: Vec<i64> = listed.data.iter().map(|r| r.amount).collect();
    amounts.sort_unstable();
    assert_eq!(amounts, [1200, 2400]);

    let events = client
        .list_events_with(&ListEvents::new().type_("charge.refunded"))
        .await
        .unwrap();
    assert_eq!(events.data.len(), 2, "one charge.refunded per refund");
    let latest = &events.data[0];
    let EventObject::Charge(refunded) = &*latest.data.object else {
        panic!(
            "charge.refunded carries the charge: {:?}",
            latest.data.object
        );
    };
    assert_eq!((refunded.amount_refunded, refunded.refunded), (3600, true));
    let previous = latest.data.previous_attributes.as_ref().unwrap();
    assert_eq!(previous["amount_refunded"], 1200);
}

#[tokio::test]
async fn only_a_succeeded_payment_is_refunded_and_a_card_refund_cannot_be_canceled() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let session = mug_order(&stripe, 1).await;
    let intent = pay(&stripe, &session, Outcome::Declined).await;
    let refused = api_error(
        client
            .create_refund_with(&CreateRefund::new().payment_intent(&intent))
            .await,
    );
    assert_eq!(refused.param.as_deref(), Some("payment_intent"));
    assert!(refused
        .message
        .as_deref()
        .unwrap_or_default()
        .contains("does not have a successful charge"));
    let neither = api_error(client.create_refund().await);
    assert_eq!(neither.status, 400);

    let intent = pay(&stripe, &session, Outcome::Paid).await;
    let refund = client
        .create_refund_with(&CreateRefund::new().payment_intent(&intent))
        .await
        .unwrap();
    assert_eq!(refund.amount, 1200);
    let cancel = api_error(
        client
            .cancel_refund(&RefundId::from(refund.id.as_str()))
            .await,
    );
    assert_eq!(cancel.status, 400);
    assert!(cancel
        .message
        .as_deref()
        .unwrap_or_default()
        .contains("requires_action"));
}

/// The charge routes: `POST /v1/charges/{charge}/refunds` answers the refund,
/// `POST /v1/charges/{charge}/refund` the charge, and both count against what is left.
#[tokio::test]
async fn a_charge_is_refunded_through_its_own_routes() {
    let stripe = FakeStripe::start().await;
    let client = stripe.client();
    let session = mug_order(&stripe, 2).await;
    let intent = PaymentIntentId::from(pay(&stripe, &session, Outcome::Paid).await.as_str());
    let intent = client.retrieve_payment_intent(&intent).await.unwrap();
    let charge = ChargeId::from(intent.latest_charge.as_ref().unwrap().id());

    let part = CreateChargeRefund::new().amount(500);
    let refund = client
        .create_charge_refund_with(&charge, &part)
        .await
        .unwrap();
    assert_eq!(
        refund.charge.as_ref().map(|c| c.id()),
        Some(charge.as_str())
    );
    assert_eq!(refund.amount, 500);
    let refunded = client.refund_charge(&charge).await.unwrap();
    assert_eq!((refunded.amount_refunded, refunded.refunded), (2400, true));
    let listed = client.list_charge_refunds(&charge).await.unwrap();
    let mut amounts: Vec<i64> = listed.data.iter().map(|r| r.amount).collect();
    amounts.sort_unstable();
    assert_eq!(amounts, [500, 1900]);
}
