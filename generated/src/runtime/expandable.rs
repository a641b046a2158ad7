//! Expandable fields: an id by default, the whole object when the request asked for it
//! with `expand[]=field`.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};

/// An object that an expandable field can hold.
pub trait Expand {
    /// The id type of the object.
    type Id: Clone + fmt::Debug + AsRef<str> + From<String> + Serialize + DeserializeOwned;
    /// The object's id, if it has one.
    fn object_id(&self) -> Option<&str>;
}

/// A field that holds either an object's id or, when expanded, the object itself.
#[derive(Clone, Debug)]
pub enum Expandable<T: Expand> {
    /// Not expanded: the id.
    Id(T::Id),
    /// Expanded: the object.
    Object(Box<T>),
}

impl<T: Expand> Expandable<T> {
    /// The id, whether or not the field was expanded.
    pub fn id(&self) -> &str {
        match self {
            Expandable::Id(id) => id.as_ref(),
            Expandable::Object(object) => object.object_id().unwrap_or_default(),
        }
    }

    /// The object, if the field was expanded.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }

    /// The object, if the field was expanded.
    pub fn into_object(self) -> Option<T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(*object),
        }
    }
}

impl<T: Expand + Serialize> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expandable::Id(id) => id.serialize(serializer),
            Expandable::Object(object) => object.serialize(serializer),
        }
    }
}

/// The `id` of an object kept as raw JSON (one this version of the crate does not know).
pub(crate) fn raw_object_id(value: &serde_json::Value) -> Option<&str> {
    value.get("id").and_then(serde_json::Value::as_str)
}

/// An expanded object that the selection does not generate, kept as raw JSON.
impl Expand for serde_json::Value {
    type Id = String;
    fn object_id(&self) -> Option<&str> {
        raw_object_id(self)
    }
}
