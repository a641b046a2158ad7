//! Form encoding in Stripe's bracket style, as a serde serializer.
//!
//! Nested objects become `a[b][c]=v`, arrays `a[0][b]=v`, maps `metadata[key]=v`, booleans
//! `true`/`false`, and `None` is left out. Keys and values are percent-encoded with only
//! RFC 3986's unreserved characters left as they are (space is `%20`); the brackets that
//! give a key its structure stay literal, as Stripe's own libraries send them, while a
//! bracket inside a key or value (`metadata[a[b]]`) is encoded, so it cannot be mistaken
//! for structure.

use std::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize};

/// A value that cannot be form encoded (a top-level scalar, bytes, a map with non-string
/// keys, an enum variant with data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError(String);

impl Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot form-encode: {}", self.0)
    }
}

impl std::error::Error for FormError {}

impl ser::Error for FormError {
    fn custom<T: Display>(message: T) -> Self {
        FormError(message.to_string())
    }
}

/// Encoded `key=value` pairs, in the order the value serialized them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormPairs(Vec<(String, String)>);

impl FormPairs {
    /// Encodes a struct or map.
    pub fn from_value<T: Serialize + ?Sized>(value: &T) -> Result<Self, FormError> {
        let mut pairs = FormPairs::default();
        value.serialize(Field {
            pairs: &mut pairs,
            key: String::new(),
        })?;
        Ok(pairs)
    }

    /// Appends a raw parameter: `key` in bracket form (`metadata[order_id]`), whose brackets
    /// are kept as structure.
    pub fn push_raw(&mut self, key: &str, value: &str) {
        self.0.push((encoded_key(key), encode(value)));
    }

    /// Removes every pair whose key is `key` (given unencoded, in bracket form).
    pub fn remove(&mut self, key: &str) {
        let encoded = encoded_key(key);
        self.0.retain(|(k, _)| *k != encoded);
    }

    /// Removes every pair whose key is `key` or nested under it (`key[...]`).
    pub(crate) fn remove_nested(&mut self, key: &str) {
        let encoded = encoded_key(key);
        self.0.retain(|(k, _)| {
            k.strip_prefix(encoded.as_str())
                .is_none_or(|rest| !rest.is_empty() && !rest.starts_with('['))
        });
    }

    /// The pairs, already encoded.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The pairs as text, for a multipart body, where names and values are not encoded.
    pub(crate) fn decoded(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|(key, value)| (decode(key), decode(value)))
            .collect()
    }

    /// Whether no pair was produced.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `a=1&b=2` form of the pairs.
    pub fn to_query(&self) -> String {
        let mut out = String::new();
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(key);
            out.push('=');
            out.push_str(value);
        }
        out
    }
}

/// A key in bracket form (`metadata[order id]`), encoded with its brackets kept as
/// structure (`metadata[order%20id]`).
fn encoded_key(key: &str) -> String {
    key.split_inclusive(['[', ']'])
        .map(|part| match part.strip_suffix(['[', ']']) {
            Some(text) => format!("{}{}", encode(text), &part[text.len()..]),
            None => encode(part),
        })
        .collect()
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text);
    out
}

fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xf)] as char);
        }
    }
}

/// Reverses [`encode`] (and leaves the literal brackets of a key as they are).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Serializes one value at one key.
struct Field<'p> {
    pairs: &'p mut FormPairs,
    /// The encoded key; empty at the top level, where only structs and maps are allowed.
    key: String,
}

impl Field<'_> {
    fn child(&self, name: &str) -> String {
        if self.key.is_empty() {
            return encode(name);
        }
        let mut key = String::with_capacity(self.key.len() + name.len() + 2);
        key.push_str(&self.key);
        key.push('[');
        encode_into(&mut key, name);
        key.push(']');
        key
    }

    fn scalar(self, value: &str) -> Result<(), FormError> {
        if self.key.is_empty() {
            return Err(FormError(format!(
                "a bare value `{value}` has no parameter name"
            )));
        }
        self.pairs.0.push((self.key, encode(value)));
        Ok(())
    }
}

/// Fields, elements and entries of one compound value.
struct Compound<'p> {
    pairs: &'p mut FormPairs,
    key: String,
    next_index: usize,
    pending_key: Option<String>,
}

impl<'p> Compound<'p> {
    fn field(&mut self, name: &str) -> Field<'_> {
        let key = Field {
            pairs: self.pairs,
            key: self.key.clone(),
        }
        .child(name);
        Field {
            pairs: self.pairs,
            key,
        }
    }
}

macro_rules! scalars {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, value: $ty) -> Result<(), FormError> {
            self.scalar(&value.to_string())
        })*
    };
}

impl<'p> ser::Serializer for Field<'p> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Compound<'p>;
    type SerializeTuple = Compound<'p>;
    type SerializeTupleStruct = Compound<'p>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = Compound<'p>;
    type SerializeStruct = Compound<'p>;
    type SerializeStructVariant = Impossible<(), FormError>;

    scalars!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_f32: f32,
        serialize_f64: f64, serialize_char: char);

    fn serialize_str(self, value: &str) -> Result<(), FormError> {
        self.scalar(value)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), FormError> {
        Err(FormError("bytes need a multipart body".to_owned()))
    }
    fn serialize_none(self) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), FormError> {
        self.scalar(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: &T,
    ) -> Result<(), FormError> {
        Err(FormError(format!("enum variant `{variant}` with data")))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'p>, FormError> {
        if self.key.is_empty() {
            return Err(FormError("a bare list has no parameter name".to_owned()));
        }
        Ok(Compound {
            pairs: self.pairs,
            key: self.key,
            next_index: 0,
            pending_key: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'p>, FormError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'p>, FormError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        Err(FormError(format!("enum variant `{variant}` with data")))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'p>, FormError> {
        Ok(Compound {
            pairs: self.pairs,
            key: self.key,
            next_index: 0,
            pending_key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'p>, FormError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        Err(FormError(format!("enum variant `{variant}` with data")))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = format!("{}[{}]", self.key, self.next_index);
        self.next_index += 1;
        value.serialize(Field {
            pairs: self.pairs,
            key,
        })
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        self.pending_key = Some(key.serialize(KeyName)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = self.pending_key.take().unwrap_or_default();
        value.serialize(self.field(&key))
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        value.serialize(self.field(name))
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

/// Map keys must be strings (or serialize as one, like ids and enums).
struct KeyName;

macro_rules! not_a_key {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, _: $ty) -> Result<String, FormError> {
            Err(not_a_string())
        })*
    };
}

impl ser::Serializer for KeyName {
    type Ok = String;
    type Error = FormError;
    type SerializeSeq = Impossible<String, FormError>;
    type SerializeTuple = Impossible<String, FormError>;
    type SerializeTupleStruct = Impossible<String, FormError>;
    type SerializeTupleVariant = Impossible<String, FormError>;
    type SerializeMap = Impossible<String, FormError>;
    type SerializeStruct = Impossible<String, FormError>;
    type SerializeStructVariant = Impossible<String, FormError>;

    fn serialize_str(self, value: &str) -> Result<String, FormError> {
        Ok(value.to_owned())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, FormError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, FormError> {
        value.serialize(self)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, FormError> {
        value.serialize(self)
    }
    not_a_key!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_bytes: &[u8], serialize_unit_struct: &'static str);
    fn serialize_none(self) -> Result<String, FormError> {
        Err(not_a_string())
    }
    fn serialize_unit(self) -> Result<String, FormError> {
        Err(not_a_string())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, FormError> {
        Err(not_a_string())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        Err(not_a_string())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FormError> {
        Err(not_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        Err(not_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        Err(not_a_string())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        Err(not_a_string())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        Err(not_a_string())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        Err(not_a_string())
    }
}

fn not_a_string() -> FormError {
    FormError("map keys must be strings".to_owned())
}
