//! Hand-written support for the generated types. The generator never writes here.

mod client;
mod enums;
mod error;
mod expandable;
mod form;
mod ids;
mod object;
mod paginate;
mod params;
mod path;
mod request;
mod retry;
mod scalars;
mod union;
pub mod webhook;

pub use client::{Client, ClientBuilder, SecretKey, DEFAULT_BASE_URL};
pub use error::{ApiError, DecodeError, Error, ErrorKind, TransportError, TransportErrorKind};
pub use expandable::{Expand, Expandable};
pub use form::{encode, FormError, FormPairs};
pub use paginate::Paginator;
pub use params::{Clearable, RangeBounds, RangeFilter};
pub use request::{fill_path, Method, Request};
pub use retry::RetryPolicy;
pub use scalars::{Decimal, List, ParseDecimalError, Timestamp};

pub(crate) use enums::{deserialize_with_str, impl_open_enum};
pub(crate) use ids::id_type;
pub(crate) use object::{
    deserialize_object, impl_deserialize_object, required, FieldName, FromMap,
};
pub(crate) use path::value as field_value;
pub(crate) use union::{from_value, object_tag};
