//! Objects of another API version that do not fit their type.
//!
//! An event's `data.object` is rendered in the API version of the event, so a field the
//! crate's version requires may be missing (later versions dropped `discount.coupon`) or have
//! another shape. Such an object must not fail its whole event: the program still gets
//! the event, the object as sent, and where decoding it failed.

use serde_json::Value;

use super::json::Reader;
use super::{Decode, JsonError};

/// An object whose `object` tag names a type of this crate but which does not decode as
/// that type, kept as sent.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Undecoded {
    /// Its `object` tag (`discount`).
    pub object: String,
    /// The object as sent.
    pub raw: Value,
    /// Why it does not decode as its type, with the JSON path of the key that failed
    /// (`missing field `coupon``, at `.`), and the line and column in the payload.
    pub error: JsonError,
}

/// Decodes the value at `reader` as `T`; a value that is valid JSON but does not fit `T`
/// comes back as `Err(Undecoded)` instead of failing.
pub(crate) fn decode_or_keep<T: Decode>(
    reader: &mut Reader<'_>,
) -> Result<Result<T, Undecoded>, JsonError> {
    let start = reader.mark();
    let error = match T::decode(reader) {
        Ok(value) => return Ok(Ok(value)),
        Err(error) => error.locate(reader.text()),
    };
    reader.reset(start);
    let raw = Value::decode(reader)?;
    let object = raw
        .get("object")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    Ok(Err(Undecoded { object, raw, error }))
}
