//! Reading OpenAPI documents and selections: plain OpenAPI, no Stripe conventions.

pub mod load;
pub mod pointer;
pub mod refs;
pub mod selection;
