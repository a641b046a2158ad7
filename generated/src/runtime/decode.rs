//! Decoding API objects from JSON: the [`Decode`] trait that every response type
//! implements, its impls for the building blocks the generated types are made of, and
//! serde's `Deserialize` in terms of it.

use std::collections::BTreeMap;

use serde::de::Error as _;

use super::json::{JsonError, Reader};
use super::{Decimal, Expand, Expandable, List, SearchList, Timestamp};

/// A type that can be read from JSON text with the crate's [`Reader`]. Every API object
/// implements it; [`from_json`] decodes one, and so does the client with every answer.
pub trait Decode: Sized {
    /// Reads one value of this type; unknown object keys are skipped.
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError>;
}

/// Decodes JSON text that holds one value of `T`.
///
/// This is the fast way to decode an API object; serde's `Deserialize`, which every
/// object also implements, works with any data format but buffers the value first.
pub fn from_json<T: Decode>(text: &[u8]) -> Result<T, JsonError> {
    let text = std::str::from_utf8(text).map_err(|e| super::json::invalid_utf8(text, e))?;
    let mut reader = Reader::new(text);
    let decoded = T::decode(&mut reader).and_then(|value| reader.end().map(|()| value));
    decoded.map_err(|error| error.locate(text))
}

// The helpers below are instantiated once per field type, several hundred times; plain
// matches instead of `?`, `map_err` and closures keep each instance small, which the
// crate's build time notices.

/// Reads the value of an optional key into its slot (`null` is absent), naming the key if
/// it fails.
pub(crate) fn read<T: Decode>(
    reader: &mut Reader<'_>,
    key: &str,
    slot: &mut Option<T>,
) -> Result<(), JsonError> {
    match reader.null() {
        Ok(false) => read_some(reader, key, slot),
        Ok(true) => {
            *slot = None;
            Ok(())
        }
        Err(e) => Err(e.in_key(key)),
    }
}

/// The value of a nullable key whose slot also says whether the key was there: `None`
/// when it was absent or `null`.
pub(crate) fn sent<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// Reads the value of a required key into its slot, naming the key if it fails.
pub(crate) fn read_some<T: Decode>(
    reader: &mut Reader<'_>,
    key: &str,
    slot: &mut Option<T>,
) -> Result<(), JsonError> {
    match T::decode(reader) {
        Ok(value) => {
            *slot = Some(value);
            Ok(())
        }
        Err(e) => Err(e.in_key(key)),
    }
}

/// The value of a required key once the object is read, or the error that names it.
pub(crate) fn required<T>(reader: &Reader<'_>, slot: Option<T>, key: &str) -> Result<T, JsonError> {
    match slot {
        Some(value) => Ok(value),
        None => Err(missing(reader, key)),
    }
}

/// The error for the first required key of `present` (key, seen) that the object lacks.
///
/// A decoder checks its required keys together, in one `let ... else`, rather than one
/// by one with `?`: each early return would drop every value taken so far, and those
/// drops grow with the square of the number of fields.
pub(crate) fn missing_required(reader: &Reader<'_>, present: &[(&str, bool)]) -> JsonError {
    let key = present
        .iter()
        .find(|(_, seen)| !seen)
        .map_or("", |(key, _)| key);
    missing(reader, key)
}

fn missing(reader: &Reader<'_>, key: &str) -> JsonError {
    reader.error(format!("missing field `{key}`"))
}

/// serde's `Deserialize` through [`Decode`]: buffers the value, then decodes its text,
/// so that the decoders exist once, for JSON text, whatever format the value came from.
pub(crate) fn deserialize<'de, T: Decode, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    decode_value(&value).map_err(D::Error::custom)
}

fn decode_value<T: Decode>(value: &serde_json::Value) -> Result<T, JsonError> {
    from_json(value.to_string().as_bytes())
}

/// Implements serde's `Deserialize` for a type that implements [`Decode`].
macro_rules! impl_deserialize {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize(deserializer)
            }
        }
    };
}
pub(crate) use impl_deserialize;

impl Decode for String {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.string("a string").map(Into::into)
    }
}

impl Decode for bool {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.bool()
    }
}

impl Decode for i64 {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.i64()
    }
}

impl Decode for f64 {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.f64()
    }
}

impl Decode for Timestamp {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader.i64().map(Timestamp)
    }
}

impl Decode for Decimal {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        reader
            .string("a decimal string")
            .map(|text| Decimal::from_wire(text.into()))
    }
}

/// Any JSON value, for fields the spec leaves open and objects the crate does not know.
impl Decode for serde_json::Value {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let text = reader.raw()?;
        serde_json::from_str(text).map_err(|e| reader.error(e.to_string()))
    }
}

/// `null` is absent, like a missing key.
impl<T: Decode> Decode for Option<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        match reader.null() {
            Ok(false) => T::decode(reader).map(Some),
            Ok(true) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        T::decode(reader).map(Box::new)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut items = Vec::new();
        let mut array = reader.array("a list")?;
        loop {
            match array.next(reader) {
                Ok(true) => {}
                Ok(false) => return Ok(items),
                Err(e) => return Err(e),
            }
            match T::decode(reader) {
                Ok(item) => items.push(item),
                Err(e) => return Err(e.in_index(items.len())),
            }
        }
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let mut map = BTreeMap::new();
        let mut object = reader.object("a map")?;
        while let Some(key) = object.next_key(reader)? {
            let value = T::decode(reader).map_err(|e| e.in_key(&key))?;
            map.insert(key.into_owned(), value);
        }
        Ok(map)
    }
}

/// An id string, or the object when the field was expanded.
impl<T: Expand + Decode> Decode for Expandable<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        if reader.peek() == Some(b'"') {
            let id = reader.string("an id")?;
            Ok(Expandable::Id(T::Id::from(id.into_owned())))
        } else {
            match T::decode(reader) {
                Ok(object) => Ok(Expandable::Object(Box::new(object))),
                Err(e) => Err(e),
            }
        }
    }
}

impl<T: Decode> Decode for List<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let (mut data, mut has_more, mut object, mut url) = (None, None, None, None);
        let mut fields = reader.object("a list object")?;
        while let Some(key) = fields.next_key(reader)? {
            match &*key {
                "data" => read_some(reader, "data", &mut data),
                "has_more" => read_some(reader, "has_more", &mut has_more),
                "object" => read_some(reader, "object", &mut object),
                "url" => read_some(reader, "url", &mut url),
                _ => reader.skip(),
            }?;
        }
        Ok(List {
            data: required(reader, data, "data")?,
            has_more: required(reader, has_more, "has_more")?,
            object: required(reader, object, "object")?,
            url: required(reader, url, "url")?,
        })
    }
}

impl<T: Decode> Decode for SearchList<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, JsonError> {
        let (mut data, mut has_more, mut object, mut url) = (None, None, None, None);
        let (mut next_page, mut total_count) = (None, None);
        let mut fields = reader.object("a search result object")?;
        while let Some(key) = fields.next_key(reader)? {
            match &*key {
                "data" => read_some(reader, "data", &mut data),
                "has_more" => read_some(reader, "has_more", &mut has_more),
                "next_page" => read(reader, "next_page", &mut next_page),
                "object" => read_some(reader, "object", &mut object),
                "total_count" => read(reader, "total_count", &mut total_count),
                "url" => read_some(reader, "url", &mut url),
                _ => reader.skip(),
            }?;
        }
        Ok(SearchList {
            data: required(reader, data, "data")?,
            has_more: required(reader, has_more, "has_more")?,
            next_page,
            object: required(reader, object, "object")?,
            total_count,
            url: required(reader, url, "url")?,
        })
    }
}

impl<'de, T: Decode> serde::Deserialize<'de> for SearchList<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

impl<'de, T: Decode> serde::Deserialize<'de> for List<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

impl<'de, T: Expand + Decode> serde::Deserialize<'de> for Expandable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

/// The `object` tag of the object that comes next and whether it is a deletion marker,
/// without consuming it: unions read it to pick the variant that decodes the object.
pub(crate) fn object_tag<'a>(
    reader: &mut Reader<'a>,
) -> Result<(std::borrow::Cow<'a, str>, bool), JsonError> {
    let start = reader.mark();
    let (mut tag, mut deleted) = (std::borrow::Cow::Borrowed(""), false);
    if reader.peek() == Some(b'{') {
        let mut object = reader.object("")?;
        while let Some(key) = object.next_key(reader)? {
            match (&*key, reader.peek()) {
                ("object", Some(b'"')) => tag = reader.string("")?,
                ("deleted", Some(b't' | b'f')) => deleted = reader.bool()?,
                _ => reader.skip()?,
            }
        }
    }
    reader.reset(start);
    Ok((tag, deleted))
}

/// Keeps the value of a key the type does not know, naming the key if it is malformed.
pub(crate) fn keep(
    reader: &mut Reader<'_>,
    key: &str,
    unknown: &mut super::UnknownFields,
) -> Result<(), JsonError> {
    match serde_json::Value::decode(reader) {
        Ok(value) => {
            unknown.insert(key, value);
            Ok(())
        }
        Err(e) => Err(e.in_key(key)),
    }
}

/// For an untagged union whose variants are objects: the variants (by index into
/// `fields`, each variant's wire field names) whose fields cover every key of the object
/// at the reader, the tightest (fewest fields) first, ties in spec order. Empty if the
/// value is not an object or no variant knows all its keys: then the union keeps it raw
/// rather than decode it as a variant that would drop keys. The reader is left where it
/// was.
#[allow(
    dead_code,
    reason = "used by the generated untagged unions of some selections and features only"
)]
pub(crate) fn fitting_variants(
    reader: &mut Reader<'_>,
    fields: &[&[&str]],
) -> Result<Vec<usize>, JsonError> {
    let start = reader.mark();
    let mut fits: Vec<usize> = (0..fields.len()).collect();
    if reader.peek() != Some(b'{') {
        return Ok(Vec::new());
    }
    let mut object = reader.object("")?;
    while let Some(key) = object.next_key(reader)? {
        fits.retain(|&variant| fields[variant].contains(&&*key));
        reader.skip()?;
    }
    reader.reset(start);
    fits.sort_by_key(|&variant| fields[variant].len());
    Ok(fits)
}
