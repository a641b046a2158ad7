//! Generates typed Rust bindings from Stripe's OpenAPI description.
//!
//! Data flows one way, each stage a module that depends only on those before it:
//! a description ([`openapi`]) is cut down to the selected operations ([`extract`]) and
//! built into an intermediate representation ([`build_ir`] writes the data types of
//! [`ir`]), which is rendered to tokens ([`render`]) and printed and written
//! ([`write`](mod@write), [`output`]). [`pipeline`] is the one way from a description
//! to the IR that every command of [`project`] takes. Stripe's own conventions are
//! recognised only in [`stripe`].

pub mod build_ir;
pub mod diff;
pub mod error;
pub mod extract;
pub mod ir;
pub mod naming;
pub mod openapi;
pub mod output;
pub mod pipeline;
pub mod project;
pub mod render;
pub mod stripe;
pub mod write;

pub use error::{Error, Location, Result};
pub use output::{generate, generate_fake_from_ir, generate_from_ir};
pub use project::Project;
