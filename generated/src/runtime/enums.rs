//! Support for open string enums: the generated code supplies `as_str` and `FromStr`,
//! this adds `Display` and serde impls that never fail on an unknown value.

use std::fmt;

/// Deserializes a string and converts it with `parse` without requiring an owned copy
/// when the input can lend one.
pub(crate) fn deserialize_with_str<'de, D, T>(
    deserializer: D,
    parse: fn(&str) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct StrVisitor<T>(fn(&str) -> T);
    impl<T> serde::de::Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }
    deserializer.deserialize_str(StrVisitor(parse))
}

/// Implements `Display`, `Serialize` and `From<&str>` (so a setter takes `"payment"` as
/// well as the variant) for a generated open enum in terms of its `as_str` and `FromStr`,
/// and with `deserialize`, a `Deserialize` that never fails on an unknown value
/// (through its infallible `FromStr`), and the same as [`Decode`](super::Decode). Enums
/// only ever sent need neither.
macro_rules! impl_open_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value.parse() {
                    Ok(parsed) => parsed,
                    Err(never) => match never {},
                }
            }
        }
    };
    ($name:ident, deserialize) => {
        $crate::runtime::impl_open_enum!($name);
        impl $crate::runtime::Decode for $name {
            fn decode(
                reader: &mut $crate::runtime::json::Reader<'_>,
            ) -> ::std::result::Result<Self, $crate::runtime::json::JsonError> {
                match reader.string("a string")?.parse::<$name>() {
                    Ok(parsed) => Ok(parsed),
                    Err(never) => match never {},
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_with_str(deserializer, |value| {
                    match value.parse::<$name>() {
                        Ok(parsed) => parsed,
                        Err(never) => match never {},
                    }
                })
            }
        }
    };
}
pub(crate) use impl_open_enum;
