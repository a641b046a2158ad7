//! Shapes that only occur in request parameters.

use serde::{Serialize, Serializer};

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
