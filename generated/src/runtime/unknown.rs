//! Fields of API objects that this version of the crate does not know.

use serde_json::{Map, Value};

/// The fields of an API object that its type does not have, as sent: what a newer API
/// version added (`client_secret`, say). Nothing is allocated when there are none.
/// Serializing the object writes them back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnknownFields(Option<Box<Map<String, Value>>>);

impl UnknownFields {
    /// The value of an unknown field, by its name on the wire.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.as_ref()?.get(key)
    }

    /// Whether the object had no unknown field.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|map| map.is_empty())
    }

    /// Every unknown field, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0
            .iter()
            .flat_map(|map| map.iter().map(|(key, value)| (key.as_str(), value)))
    }

    pub(crate) fn insert(&mut self, key: &str, value: Value) {
        self.0
            .get_or_insert_with(Default::default)
            .insert(key.to_owned(), value);
    }
}
