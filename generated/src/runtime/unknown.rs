//! Fields of API objects that this version of the crate does not know.

use serde_json::{Map, Value};

/// The fields of an API object that its type does not have, as sent: what a newer API
/// version added (`client_secret`, say). Nothing is allocated when there are none.
/// Serializing the object writes them back.
///
/// It also remembers which of the object's nullable fields were left out rather than
/// sent as `null` (Stripe does both), so that serializing gives back the same keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnknownFields(Option<Box<Kept>>);

#[derive(Clone, Debug, Default, PartialEq)]
struct Kept {
    fields: Map<String, Value>,
    absent: Vec<&'static str>,
}

impl UnknownFields {
    /// The value of an unknown field, by its name on the wire.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.as_ref()?.fields.get(key)
    }

    /// Whether the object had no unknown field.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|kept| kept.fields.is_empty())
    }

    /// Every unknown field, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0
            .iter()
            .flat_map(|kept| kept.fields.iter().map(|(key, value)| (key.as_str(), value)))
    }

    pub(crate) fn insert(&mut self, key: &str, value: Value) {
        self.kept().fields.insert(key.to_owned(), value);
    }

    /// Records the nullable fields whose key the object did not have: `(key, absent)`.
    pub(crate) fn note_absent(&mut self, fields: &[(&'static str, bool)]) {
        for (key, absent) in fields {
            if *absent {
                self.kept().absent.push(key);
            }
        }
    }

    /// Whether the nullable field `key` was left out of the object (not sent as `null`),
    /// for serializing it back (the `serialize` feature).
    #[allow(
        dead_code,
        reason = "used by received objects' Serialize, with `serialize`"
    )]
    pub(crate) fn was_absent(&self, key: &str) -> bool {
        self.0
            .as_ref()
            .is_some_and(|kept| kept.absent.contains(&key))
    }

    fn kept(&mut self) -> &mut Kept {
        self.0.get_or_insert_with(Default::default)
    }
}
