//! Typed Rust bindings for the Stripe API: Checkout Sessions and the resources a Checkout
//! integration uses around them.
//!
//! Every type of the API is at the crate root (`stripe_api::CheckoutSession`). The types
//! live in [`api`], which is generated from `spec/checkout.yaml` by `cargo run -p codegen`;
//! [`runtime`] holds the hand-written support types they are built on.
//!
//! Responses deserialize leniently so that payloads from newer API versions still work:
//! unknown fields are ignored, unknown enum values are kept in an `Unknown` variant, and
//! unknown object types in polymorphic fields are kept as raw JSON.

#![warn(missing_docs)]

pub mod api;
pub mod runtime;

pub use api::*;
pub use runtime::{Clearable, Decimal, Expand, Expandable, List, RangeBounds, RangeFilter, Timestamp};
