//! The fake's clock, which tests move forward (`advance_time`, or a test clock's
//! `advance`): what comes due by the new time happens then, with its events: open
//! sessions past `expires_at` expire, trials end, periods renew.

use crate::state::State;
use crate::{billing, checkout};

/// Moves the clock `seconds` forward (never back) and plays what came due; answers the
/// new time.
pub fn advance(state: &mut State, seconds: i64) -> i64 {
    state.clock_offset = state.clock_offset.saturating_add(seconds.max(0));
    let now = state.now();
    checkout::expire_due(state, now);
    billing::advance(state, now);
    now
}

/// Moves the clock to `at` if that is later than now.
pub fn advance_to(state: &mut State, at: i64) -> i64 {
    let now = state.now();
    advance(state, at.saturating_sub(now))
}
