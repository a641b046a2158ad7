//! When to retry and how long to wait, as the official Stripe libraries do.

use std::time::Duration;

/// Retry settings. The defaults follow the official libraries: 2 retries, exponential
/// backoff from 0.5 s to at most 5 s, with jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Delay before the first retry, doubled for each further one.
    pub initial_delay: Duration,
    /// Upper bound of any delay.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The delay before retry number `retry` (1-based): the exponential delay, capped,
    /// then scaled into its upper half at random so clients do not retry in lockstep.
    pub fn delay(&self, retry: u32) -> Duration {
        let exponential = self
            .initial_delay
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16));
        let capped = exponential.min(self.max_delay);
        let jitter = 0.5 + 0.5 * (random_u64() as f64 / u64::MAX as f64);
        capped.mul_f64(jitter)
    }
}

/// The longest `Retry-After` honoured, as in stripe-node: a longer wait is not worth
/// holding a request open for, so the policy's own delay applies instead.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// The wait a `Retry-After` header asks for, in seconds, if it is one and not too long.
pub(crate) fn retry_after(header: Option<&reqwest::header::HeaderValue>) -> Option<Duration> {
    let seconds: f64 = header?.to_str().ok()?.trim().parse().ok()?;
    let wait = Duration::try_from_secs_f64(seconds).ok()?;
    (wait <= MAX_RETRY_AFTER).then_some(wait)
}

/// Whether an answer should be retried: `Stripe-Should-Retry` decides when present;
/// otherwise 409, 429 with code `lock_timeout`, and 5xx are retried.
pub(crate) fn should_retry(status: u16, should_retry_header: Option<&str>, body: &[u8]) -> bool {
    match should_retry_header {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    match status {
        409 => true,
        429 => is_lock_timeout(body),
        500..=599 => true,
        _ => false,
    }
}

fn is_lock_timeout(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.pointer("/error/code")
                .and_then(|c| c.as_str().map(|c| c == "lock_timeout"))
        })
        .unwrap_or(false)
}

/// 64 random bits for jitter, which needs no secrecy: SipHash with the standard library's
/// randomly seeded keys, over a counter and the time.
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    hasher.write_u128(now.as_nanos());
    hasher.finish()
}

/// A fresh idempotency key in the UUID v4 text form the official libraries use, from the
/// operating system's CSPRNG: a key another client could guess would let it replay or
/// block this client's requests.
pub(crate) fn idempotency_key() -> Result<String, ring::error::Unspecified> {
    let bytes: [u8; 16] = ring::rand::generate(&ring::rand::SystemRandom::new())?.expose();
    Ok(uuid_v4(bytes))
}

/// The UUID v4 text of 16 random bytes: version and variant bits set, the rest kept.
fn uuid_v4(bytes: [u8; 16]) -> String {
    let hex: String = bytes
        .iter()
        .enumerate()
        .map(|(i, byte)| match i {
            6 => format!("{:02x}", (byte & 0x0f) | 0x40),
            8 => format!("{:02x}", (byte & 0x3f) | 0x80),
            _ => format!("{byte:02x}"),
        })
        .collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_wins_over_the_status() {
        assert!(should_retry(400, Some("true"), b""));
        assert!(!should_retry(503, Some("false"), b""));
    }

    #[test]
    fn statuses_that_are_retried() {
        assert!(should_retry(409, None, b""));
        assert!(should_retry(500, None, b""));
        assert!(should_retry(
            429,
            None,
            br#"{"error":{"code":"lock_timeout"}}"#
        ));
        assert!(!should_retry(
            429,
            None,
            br#"{"error":{"code":"rate_limit"}}"#
        ));
        assert!(!should_retry(402, None, b""));
        assert!(!should_retry(400, None, b""));
    }

    #[test]
    fn delays_grow_are_capped_and_jittered() {
        let policy = RetryPolicy::default();
        for retry in 1..10 {
            let ceiling =
                (Duration::from_millis(500) * (1 << (retry - 1))).min(Duration::from_secs(5));
            let delay = policy.delay(retry);
            assert!(
                delay <= ceiling && delay >= ceiling / 2,
                "retry {retry}: {delay:?}"
            );
        }
    }

    #[test]
    fn uuid_text_sets_version_and_variant_and_keeps_the_rest() {
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn idempotency_keys_are_unique_uuids() {
        let keys: std::collections::HashSet<String> = (0..1000)
            .map(|_| idempotency_key().expect("the system CSPRNG answers"))
            .collect();
        assert_eq!(keys.len(), 1000);
        let key = keys.iter().next().unwrap();
        assert_eq!(key.len(), 36);
        assert_eq!(&key[14..15], "4");
    }
}
