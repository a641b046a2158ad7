//! Support for the generated `Deserialize` impls of API objects: the generated code reads
//! the object's fields from a map ([`FromMap`]); this supplies the serde plumbing around
//! it once, instead of in every generated file.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Error, MapAccess};

/// Reads an object from the entries of a JSON object.
pub(crate) trait FromMap: Sized {
    /// What to call the object in an error message.
    const EXPECTING: &'static str;
    /// Reads the entries; unknown keys are skipped.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize` through [`FromMap`].
pub(crate) fn deserialize_object<'de, T: FromMap, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: FromMap> serde::de::Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// Implements `Deserialize` for a type that implements [`FromMap`].
macro_rules! impl_deserialize_object {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_object(deserializer)
            }
        }
    };
}
pub(crate) use impl_deserialize_object;

/// The value of a required field, or the error that names it.
pub(crate) fn required<T, E: Error>(slot: Option<T>, field: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| {
        super::path::note_failure();
        E::missing_field(field)
    })
}

/// A key of a JSON object, borrowed from the input when it can be.
pub(crate) struct FieldName<'de>(Cow<'de, str>);

impl FieldName<'_> {
    /// The key.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = FieldName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Borrowed(key)))
            }
            fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(key.to_owned())))
            }
            fn visit_string<E: Error>(self, key: String) -> Result<Self::Value, E> {
                Ok(FieldName(Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}
