//! Id newtypes: one per object, so a `PriceId` cannot be passed where a `CustomerId` is
//! meant. Ids are never validated against a prefix: Stripe does not promise prefixes.

/// Defines an id newtype with conversions, `Display`, transparent serde impls and
/// [`Decode`](super::Decode).
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(::std::string::String);
        impl $name {
            /// Wraps an id string.
            pub fn new(id: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(id.into())
            }
            /// The id as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        // Request fields that name an object are strings in the spec: these let a setter
        // take the id a response gave (`.price(&price.id)`).
        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(id: $name) -> Self {
                id.0
            }
        }
        impl ::std::convert::From<&$name> for ::std::string::String {
            fn from(id: &$name) -> Self {
                id.0.clone()
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(id: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self(id.to_owned()))
            }
        }
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(id: ::std::string::String) -> Self {
                Self(id)
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
        impl $crate::runtime::Decode for $name {
            fn decode(
                reader: &mut $crate::runtime::json::Reader<'_>,
            ) -> ::std::result::Result<Self, $crate::runtime::json::JsonError> {
                reader.string("an id").map(|id| Self(id.into_owned()))
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_with_str(deserializer, |id| Self(id.to_owned()))
            }
        }
    };
}
pub(crate) use id_type;
