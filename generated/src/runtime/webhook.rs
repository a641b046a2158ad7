//! Webhooks: verifying the `Stripe-Signature` header and parsing the event.
//!
//! The header is `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`: several `v1` entries occur
//! while an endpoint secret is being rolled, and other schemes (`v0`) are ignored. The
//! signature is HMAC-SHA256 with the endpoint secret over `"<t>.<raw body>"`, compared in
//! constant time against every `v1` entry. Nothing here logs the secret or the payload.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ring::hmac;

use super::client::SecretKey;
pub use super::envelope::EventEnvelope;

/// How old a signature may be by default: 5 minutes, as in the official libraries.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Why a webhook was rejected.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// There is no `Stripe-Signature` header, or it is empty.
    MissingHeader,
    /// The header is not `t=...,v1=...` (the reason says what is wrong).
    MalformedHeader(&'static str),
    /// The header has a timestamp but no `v1` signature.
    NoV1Signature,
    /// No `v1` signature matches the payload and secret: a wrong secret or a changed body.
    NoMatchingSignature,
    /// The signature matches but is older than the tolerance (a possible replay).
    TimestampTooOld {
        /// The header's timestamp.
        timestamp: i64,
        /// The time of the check.
        now: i64,
        /// The tolerance in force.
        tolerance: Duration,
    },
    /// The signature is valid but the event does not decode.
    Decode(Box<EventDecodeError>),
    /// The signature is valid but the event is rendered in another API version than the
    /// crate's (see [`Webhook::ignore_api_version_mismatch`]). The verified envelope holds
    /// the event's id, type and raw object, to acknowledge or handle it by hand.
    ApiVersionMismatch(Box<EventEnvelope>),
}

/// An authentic event that did not decode into the types.
#[derive(Debug, Clone)]
pub struct EventDecodeError {
    /// The event's id, type, API version and raw object; `None` if the payload is not
    /// even shaped like an event.
    pub envelope: Option<EventEnvelope>,
    /// The JSON path that failed (`data.object.expires_at`), `.` for the top level.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The payload, to handle by hand or to store for later.
    pub payload: String,
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader => f.write_str("no Stripe-Signature header"),
            WebhookError::MalformedHeader(reason) => write!(f, "malformed Stripe-Signature header: {reason}"),
            WebhookError::NoV1Signature => f.write_str("the Stripe-Signature header has no v1 signature"),
            WebhookError::NoMatchingSignature => f.write_str("no signature matches the payload and the endpoint secret"),
            WebhookError::TimestampTooOld { timestamp, now, tolerance } => write!(
                f,
                "the signature's timestamp {timestamp} is {} s old, more than the tolerance of {} s",
                i128::from(*now) - i128::from(*timestamp),
                tolerance.as_secs()
            ),
            WebhookError::Decode(e) => {
                match &e.envelope {
                    Some(envelope) => write!(f, "event {} ({})", envelope.id, envelope.type_)?,
                    None => f.write_str("a payload that is not an event")?,
                }
                write!(f, " does not decode at `{}`: {}", e.path, e.message)?;
                match &e.envelope {
                    Some(envelope) if !envelope.has_crate_api_version() => {
                        write_versions(f, envelope)
                    }
                    _ => Ok(()),
                }
            }
            WebhookError::ApiVersionMismatch(envelope) => {
                write!(f, "event {} ({})", envelope.id, envelope.type_)?;
                write_versions(f, envelope)?;
                f.write_str("; pin the webhook endpoint to the crate's version, or ignore the mismatch")
            }
        }
    }
}

fn write_versions(f: &mut fmt::Formatter<'_>, envelope: &EventEnvelope) -> fmt::Result {
    write!(
        f,
        " is rendered in API version {}, and this crate reads {}",
        envelope.api_version.as_deref().unwrap_or("(none)"),
        crate::api::API_VERSION
    )
}

impl std::error::Error for WebhookError {}

/// Verifies and parses webhooks for one endpoint secret.
///
/// Stripe renders an event's object in the API version of the webhook endpoint (or of
/// the account), not of the client. [`Webhook::construct_event`] refuses an event of
/// another version than [`API_VERSION`](crate::API_VERSION), as stripe-go does: a payload
/// of another version may decode and still mean something else, which in payment code
/// should fail loudly rather than pass. Create the endpoint with the crate's version
/// (`CreateWebhookEndpoint::api_version`), or turn the check off with
/// [`Webhook::ignore_api_version_mismatch`]. [`Webhook::construct_envelope`] reads the
/// parts every version shares, for any event.
#[derive(Debug, Clone)]
pub struct Webhook {
    secret: SecretKey,
    tolerance: Duration,
    ignore_api_version_mismatch: bool,
}

impl Webhook {
    /// A verifier for the endpoint secret (`whsec_...`), with the default tolerance.
    pub fn new(endpoint_secret: impl Into<String>) -> Self {
        Webhook {
            secret: SecretKey::new(endpoint_secret.into()),
            tolerance: DEFAULT_TOLERANCE,
            ignore_api_version_mismatch: false,
        }
    }

    /// Decodes events of any API version instead of refusing those of another version
    /// than the crate's. An object that does not decode is still an error.
    pub fn ignore_api_version_mismatch(mut self, ignore: bool) -> Self {
        self.ignore_api_version_mismatch = ignore;
        self
    }

    /// Accepts signatures up to this old; zero turns the age check off.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks the `Stripe-Signature` header against the raw request body, now.
    pub fn verify(&self, payload: &[u8], header: Option<&str>) -> Result<(), WebhookError> {
        self.verify_at(payload, header, unix_now())
    }

    /// Checks the header as of `now` (Unix seconds).
    pub fn verify_at(
        &self,
        payload: &[u8],
        header: Option<&str>,
        now: i64,
    ) -> Result<(), WebhookError> {
        let header = header
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .ok_or(WebhookError::MissingHeader)?;
        let parsed = parse_header(header)?;
        // ring compares each entry with the HMAC in constant time; every entry is tried,
        // so the time does not tell which one matched.
        let key = hmac::Key::new(hmac::HMAC_SHA256, self.secret.expose().as_bytes());
        let signed = signed_payload(parsed.timestamp, payload);
        let mut matches = false;
        for signature in parsed.signatures.iter().filter_map(|hex| decode_hex(hex)) {
            matches |= hmac::verify(&key, &signed, &signature).is_ok();
        }
        if !matches {
            return Err(WebhookError::NoMatchingSignature);
        }
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        if !self.tolerance.is_zero() && now.saturating_sub(parsed.timestamp) > tolerance {
            return Err(WebhookError::TimestampTooOld {
                timestamp: parsed.timestamp,
                now,
                tolerance: self.tolerance,
            });
        }
        Ok(())
    }

    /// Verifies the header, then parses the event (`construct_event` in the official
    /// libraries), refusing one of another API version unless told to ignore that.
    pub fn construct_event(
        &self,
        payload: &[u8],
        header: Option<&str>,
    ) -> Result<crate::api::Event, WebhookError> {
        self.construct_event_at(payload, header, unix_now())
    }

    /// Like [`Webhook::construct_event`], as of `now` (Unix seconds).
    pub fn construct_event_at(
        &self,
        payload: &[u8],
        header: Option<&str>,
        now: i64,
    ) -> Result<crate::api::Event, WebhookError> {
        self.verify_at(payload, header, now)?;
        let event = parse_event(payload);
        let version = match &event {
            Ok(event) => event.api_version.as_deref(),
            Err(WebhookError::Decode(e)) => {
                e.envelope.as_ref().and_then(|e| e.api_version.as_deref())
            }
            Err(_) => None,
        };
        if self.ignore_api_version_mismatch || version == Some(crate::api::API_VERSION) {
            return event;
        }
        match EventEnvelope::from_json(payload) {
            Some(envelope) => Err(WebhookError::ApiVersionMismatch(Box::new(envelope))),
            None => event,
        }
    }

    /// Verifies the header, then reads only what every API version shares: id, type,
    /// version, time, mode and the raw object. It never fails on the object's shape.
    pub fn construct_envelope(
        &self,
        payload: &[u8],
        header: Option<&str>,
    ) -> Result<EventEnvelope, WebhookError> {
        self.construct_envelope_at(payload, header, unix_now())
    }

    /// Like [`Webhook::construct_envelope`], as of `now` (Unix seconds).
    pub fn construct_envelope_at(
        &self,
        payload: &[u8],
        header: Option<&str>,
        now: i64,
    ) -> Result<EventEnvelope, WebhookError> {
        self.verify_at(payload, header, now)?;
        EventEnvelope::from_json(payload).ok_or_else(|| match parse_event(payload) {
            Err(error) => error,
            Ok(_) => unreachable_envelope(payload),
        })
    }
}

/// An event the typed decoder accepts always has an envelope; should the two ever
/// disagree, this reports the payload rather than panicking.
fn unreachable_envelope(payload: &[u8]) -> WebhookError {
    WebhookError::Decode(Box::new(EventDecodeError {
        envelope: None,
        path: ".".to_owned(),
        message: "the event has no id, type, created, livemode or data.object".to_owned(),
        payload: String::from_utf8_lossy(payload).into_owned(),
    }))
}

/// Parses an event without verifying it (for payloads verified elsewhere), whatever its
/// API version.
pub fn parse_event(payload: &[u8]) -> Result<crate::api::Event, WebhookError> {
    super::from_json(payload).map_err(|e| {
        WebhookError::Decode(Box::new(EventDecodeError {
            envelope: EventEnvelope::from_json(payload),
            path: e.path(),
            message: e.located_message(),
            payload: String::from_utf8_lossy(payload).into_owned(),
        }))
    })
}

/// A `Stripe-Signature` header for a payload, as Stripe would send it: for testing
/// your own webhook handlers.
pub fn sign(payload: &[u8], endpoint_secret: &str, timestamp: i64) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, endpoint_secret.as_bytes());
    let tag = hmac::sign(&key, &signed_payload(timestamp, payload));
    let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    format!("t={timestamp},v1={hex}")
}

struct Header<'h> {
    timestamp: i64,
    signatures: Vec<&'h str>,
}

/// Far above a real header (a timestamp and two or three signatures, about 200 bytes),
/// and low enough that a forged one costs nothing to read.
const MAX_HEADER_LEN: usize = 8 * 1024;
/// Far above the two signatures Stripe sends while a secret is rolled.
const MAX_SIGNATURES: usize = 16;

fn parse_header(header: &str) -> Result<Header<'_>, WebhookError> {
    if header.len() > MAX_HEADER_LEN {
        return Err(WebhookError::MalformedHeader("longer than 8 KiB"));
    }
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        let (scheme, value) = item
            .trim()
            .split_once('=')
            .ok_or(WebhookError::MalformedHeader("an entry is not `key=value`"))?;
        match scheme {
            "t" => {
                let t = value.parse().map_err(|_| {
                    WebhookError::MalformedHeader("the timestamp is not a whole number")
                })?;
                timestamp = Some(t);
            }
            "v1" if signatures.len() == MAX_SIGNATURES => {
                return Err(WebhookError::MalformedHeader("more than 16 v1 signatures"));
            }
            "v1" => signatures.push(value),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(WebhookError::MalformedHeader("no timestamp `t=`"))?;
    if signatures.is_empty() {
        return Err(WebhookError::NoV1Signature);
    }
    Ok(Header {
        timestamp,
        signatures,
    })
}

fn signed_payload(timestamp: i64, payload: &[u8]) -> Vec<u8> {
    let mut signed = format!("{timestamp}.").into_bytes();
    signed.extend_from_slice(payload);
    signed
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
