//! Shapes that only occur in request parameters.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::FormPairs;

/// A parameter that can be set to a value or cleared. Stripe clears a field when it
/// receives an empty string for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Clearable<T> {
    /// Set the field to this value.
    Set(T),
    /// Clear the field (sent as an empty string).
    Clear,
}

impl<T> From<T> for Clearable<T> {
    fn from(value: T) -> Self {
        Clearable::Set(value)
    }
}

/// `.metadata([("plan", "pro")])` on a clearable map, as on a plain one.
impl<K: Into<String>, V: Into<T>, T, const N: usize> From<[(K, V); N]>
    for Clearable<BTreeMap<String, T>>
{
    fn from(pairs: [(K, V); N]) -> Self {
        Clearable::Set(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// `.expand(["customer"])`-style lists on a clearable list, as on a plain one.
impl<X: Into<T>, T, const N: usize> From<[X; N]> for Clearable<Vec<T>> {
    fn from(items: [X; N]) -> Self {
        Clearable::Set(items.into_iter().map(Into::into).collect())
    }
}

impl<T: Serialize> Serialize for Clearable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Clearable::Set(value) => value.serialize(serializer),
            Clearable::Clear => serializer.serialize_str(""),
        }
    }
}

/// A filter on a number or timestamp: an exact value, or bounds.
#[derive(Clone, Debug, PartialEq)]
pub enum RangeFilter<T> {
    /// Exactly this value.
    Exact(T),
    /// Within these bounds.
    Bounds(RangeBounds<T>),
}

impl<T> From<T> for RangeFilter<T> {
    fn from(value: T) -> Self {
        RangeFilter::Exact(value)
    }
}

impl<T: Serialize> Serialize for RangeFilter<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            RangeFilter::Exact(value) => value.serialize(serializer),
            RangeFilter::Bounds(bounds) => bounds.serialize(serializer),
        }
    }
}

/// Bounds of a [`RangeFilter`]; unset bounds are not sent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RangeBounds<T> {
    /// Greater than.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gt: Option<T>,
    /// Greater than or equal to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gte: Option<T>,
    /// Less than.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lt: Option<T>,
    /// Less than or equal to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lte: Option<T>,
}

impl<T> Default for RangeBounds<T> {
    fn default() -> Self {
        RangeBounds {
            gt: None,
            gte: None,
            lt: None,
            lte: None,
        }
    }
}

/// Changes to what a parameter struct sends, beyond its typed fields: parameters this
/// version of the crate does not know, and typed ones to leave out (`success_url` when a
/// newer API makes it wrong). They live on the parameter value, so they survive `clone`
/// and are sent with every request made from it, after the typed fields, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawParams(Vec<RawChange>);

#[derive(Clone, Debug, PartialEq, Eq)]
enum RawChange {
    Set(String, String),
    Remove(String),
}

impl RawParams {
    /// Sends `key=value`, with `key` in Stripe's bracket form (`ui_mode`,
    /// `metadata[order_id]`, `line_items[0][price]`), in place of a typed field with the
    /// same key.
    pub fn set(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.push(RawChange::Set(key.into(), value.into()));
    }

    /// Leaves out the parameter `key` and everything nested under it (`metadata` drops
    /// `metadata[order_id]` too), whether typed or set raw before.
    pub fn remove(&mut self, key: impl Into<String>) {
        self.0.push(RawChange::Remove(key.into()));
    }

    /// Whether there is nothing to change.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Applies the changes to the encoded typed fields.
    pub(crate) fn apply(&self, pairs: &mut FormPairs) {
        let mut set_raw: Vec<&str> = Vec::new();
        for change in &self.0 {
            match change {
                RawChange::Set(key, value) => {
                    if !set_raw.contains(&key.as_str()) {
                        pairs.remove(key);
                        set_raw.push(key);
                    }
                    pairs.push_raw(key, value);
                }
                RawChange::Remove(key) => pairs.remove_nested(key),
            }
        }
    }
}
