//! Typed Rust bindings for the Stripe API: Checkout Sessions and the resources a Checkout
//! integration uses around them.
//!
//! Every type of the API is at the crate root (`stripe_api::CheckoutSession`), and only
//! there: the generated files (`src/api/`, written from `spec/checkout.yaml` by `cargo run
//! -p codegen`) are private modules, so a type that moves to another file when the spec
//! changes breaks no path. [`runtime`] holds the hand-written support types.
//!
//! Semver: API objects, parameter structs and unions are `#[non_exhaustive]` and string
//! enums keep unknown values, so a field, parameter, variant or value that Stripe adds is
//! a compatible change. Build parameters with `new` (the required fields) and a setter per
//! optional field: `CreateCustomer::new().email("jenny@example.com")`.
//!
//! Responses deserialize leniently so that payloads from newer API versions still work:
//! unknown fields are kept in each object's `unknown_fields`, unknown enum values in an
//! `Unknown` variant, and unknown object types in polymorphic fields as raw JSON.
//!
//! ```
//! use stripe_api::{
//!     CheckoutSession, CheckoutSessionMode, CreateCheckoutSession, CreateCheckoutSessionLineItems,
//!     CreateCheckoutSessionMode,
//! };
//!
//! // Required parameters are constructor arguments; optional ones have a setter each.
//! let params = CreateCheckoutSession::new().success_url("https://example.com/success")
//!     .mode(CreateCheckoutSessionMode::Payment)
//!     .line_items([CreateCheckoutSessionLineItems::new().price("price_123").quantity(1)])
//!     .metadata([("order_id", "6735")]);
//! assert_eq!(params.mode, Some(CreateCheckoutSessionMode::Payment));
//!
//! // Responses decode into typed objects.
//! let body = r#"{
//!     "id": "cs_test_123", "object": "checkout.session", "mode": "payment",
//!     "created": 1700000000, "expires_at": 1700086400, "livemode": false,
//!     "payment_status": "unpaid", "payment_method_types": ["card"],
//!     "automatic_tax": {"enabled": false, "status": null},
//!     "custom_fields": [], "custom_text": {"shipping_address": null, "submit": null},
//!     "shipping_options": [], "customer": "cus_123"
//! }"#;
//! let session: CheckoutSession = stripe_api::from_json(body.as_bytes())?;
//! assert_eq!(session.id.as_str(), "cs_test_123");
//! assert_eq!(session.mode, CheckoutSessionMode::Payment);
//! assert_eq!(session.customer.as_ref().map(|c| c.id()), Some("cus_123"));
//! # Ok::<(), stripe_api::JsonError>(())
//! ```
//!
//! Sending requests with the [`Client`]:
//!
//! ```no_run
//! # async fn run() -> Result<(), stripe_api::Error> {
//! use stripe_api::{Client, CreateCheckoutSession, ListCheckoutSessions};
//!
//! let client = Client::new("sk_test_...")?;
//! let params = CreateCheckoutSession::new().success_url("https://example.com/success");
//! let session = client.create_checkout_session_with(&params).idempotency_key("order-6735").await?;
//! println!("{} {:?}", session.id, session.url);
//!
//! let mut sessions = client.list_checkout_sessions_with(&ListCheckoutSessions::new().limit(100)).paginate();
//! while let Some(session) = sessions.next().await {
//!     println!("{}", session?.id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Responses are decoded by [`from_json`] (the client and the webhook parser use it): the
//! decoders are written out by the generator against the crate's own JSON reader, so they
//! are compiled once, here, rather than once per type in every program. Every API object
//! also implements `serde::Deserialize`, for any data format, through the same decoders;
//! it buffers the value first, so it is about four times slower on JSON text.
//!
//! API objects implement `serde::Serialize` only with the `serialize` feature; request
//! parameters always do.

#![warn(missing_docs)]

#[rustfmt::skip]
mod api;
pub mod runtime;

pub use api::*;
pub use runtime::webhook;
pub use runtime::{
    from_json, ApiError, Binary, Clearable, Client, ClientBuilder, Decimal, DecodeError, Error,
    ErrorKind, Expand, Expandable, JsonError, List, Method, Paginator, RangeBounds, RangeFilter,
    RawParams, Request, RetryPolicy, SearchList, Timestamp, TransportError, TransportErrorKind,
    Undecoded,
};
