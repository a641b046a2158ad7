//! Hand-written support for the generated types. The generator never writes here.

mod binary;
mod client;
mod decode;
mod enums;
mod envelope;
mod error;
mod expandable;
mod form;
mod ids;
// The reader the generated decoders drive; public only so their impls can name it.
#[doc(hidden)]
pub mod json;
mod paginate;
mod params;
mod request;
mod retry;
mod scalars;
mod serialize;
mod undecoded;
mod unknown;
pub mod webhook;

pub use binary::Binary;
pub use client::{
    Answer, Client, ClientBuilder, SecretKey, TestHelpers, DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
};
pub use decode::{from_json, Decode};
pub use error::{ApiError, DecodeError, Error, ErrorKind, TransportError, TransportErrorKind};
pub use expandable::{Expand, Expandable};
pub use form::FormError;
#[doc(hidden)]
pub use form::{encode, FormPairs};
pub use json::JsonError;
pub use paginate::Paginator;
pub use params::{Clearable, RangeBounds, RangeFilter, RawParams};
#[doc(hidden)]
pub use request::fill_path;
pub use request::{FromAnswer, Method, Request};
pub use retry::RetryPolicy;
pub use scalars::{Decimal, List, ParseDecimalError, SearchList, Timestamp};
pub use undecoded::Undecoded;
pub use unknown::UnknownFields;

// What the generated code uses; which of these a crate needs depends on its selection
// (a union with a fallback for unknown objects uses `raw_object_id`, say).
#[allow(unused_imports)]
pub(crate) use decode::{
    deserialize, fitting_variants, impl_deserialize, keep, missing_required, object_tag, read,
    read_some, required, sent,
};
#[allow(unused_imports)]
pub(crate) use {
    enums::{deserialize_with_str, impl_open_enum},
    expandable::raw_object_id,
    ids::id_type,
    serialize::{number, serialize_struct},
    undecoded::decode_or_keep,
};
