//! Scalar types with a meaning beyond their JSON type, and the list page.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// A point in time, as Stripe sends it: whole seconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Seconds since the Unix epoch.
    pub fn as_secs(self) -> i64 {
        self.0
    }

    /// The same instant as a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        let magnitude = Duration::from_secs(self.0.unsigned_abs());
        if self.0 >= 0 {
            UNIX_EPOCH + magnitude
        } else {
            UNIX_EPOCH - magnitude
        }
    }
}

impl From<i64> for Timestamp {
    fn from(secs: i64) -> Self {
        Timestamp(secs)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A decimal number sent as a string (`"12.3400000"`), kept exactly as received so no
/// precision is lost to floating point.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Decimal(String);

impl Decimal {
    /// A decimal as received, kept even if it does not parse: a newer API version may
    /// send a form this version does not accept.
    pub(crate) fn from_wire(text: String) -> Self {
        Decimal(text)
    }

    /// The decimal as it is sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The error of parsing a string that is not a decimal number into a [`Decimal`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDecimalError(String);

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a decimal number", self.0)
    }
}

impl std::error::Error for ParseDecimalError {}

impl FromStr for Decimal {
    type Err = ParseDecimalError;

    /// Accepts an optional `-`, digits, and an optional fraction (`-12.5`, `3`, `0.001`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unsigned = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if digits(whole) && digits(fraction) {
            Ok(Decimal(text.to_owned()))
        } else {
            Err(ParseDecimalError(text.to_owned()))
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One page of a list. Pass the last item's id as `starting_after` to get the next page
/// while `has_more` is true.
#[derive(Clone, Debug, Serialize)]
pub struct List<T> {
    /// The items on this page.
    pub data: Vec<T>,
    /// Whether there are more items after this page.
    pub has_more: bool,
    /// Always `list`.
    pub object: String,
    /// The URL of the list.
    pub url: String,
}

/// One page of search results. Pass `next_page` as `page` to get the next page while
/// `has_more` is true; [`Request::paginate`](super::Request::paginate) does that for you.
#[derive(Clone, Debug, Serialize)]
pub struct SearchList<T> {
    /// The items on this page.
    pub data: Vec<T>,
    /// Whether there are more results after this page.
    pub has_more: bool,
    /// The token of the next page, if there is one.
    pub next_page: Option<String>,
    /// Always `search_result`.
    pub object: String,
    /// How many objects match the query, accurate up to 10,000; only when asked for with
    /// `expand[]=total_count`.
    pub total_count: Option<i64>,
    /// The URL of the search.
    pub url: String,
}
