#!/usr/bin/env bash
# What the fake Stripe adds to a user's test build: the same small user crate, whose
# tests use stripe-api, built with and without a dev-dependency on stripe-fake (and one
# test that starts it), in one run. For each, in a target directory of its own:
# `cargo test --no-run` from clean, then again after `cargo clean -p` of the local
# crates (stripe-api, stripe-fake, the user's crate), with cargo's defaults
# (incremental, as path dependencies build) and with CARGO_INCREMENTAL=0.
#
#   scripts/fake-build-cost.sh
#
# The user crates are written to copies/fake-build/; prints wall time and max RSS.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base="$repo/copies/fake-build"
rm -rf "$base"
export CARGO_TERM_COLOR=never

user_crate() {
  local dir=$1 with_fake=$2
  mkdir -p "$dir/src" "$dir/tests"
  cp "$repo/Cargo.lock" "$dir/"
  {
    printf '[package]\nname = "shop"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n'
    printf '[dependencies]\nstripe-api = { path = "%s/generated" }\n\n' "$repo"
    printf '[dev-dependencies]\ntokio = { version = "1", features = ["macros", "rt-multi-thread"] }\n'
    if $with_fake; then
      printf 'stripe-fake = { path = "%s/fake" }\n' "$repo"
    fi
  } >"$dir/Cargo.toml"
  cat >"$dir/src/lib.rs" <<'RS'
//! A shop that creates a Checkout Session per order.
use stripe_api::{CheckoutSession, Client, CreateCheckoutSession, CreateCheckoutSessionMode, Error};

/// Creates the order's session.
pub async fn checkout(client: &Client, order: &str) -> Result<CheckoutSession, Error> {
    let params = CreateCheckoutSession::new()
        .success_url("https://shop.example/thanks")
        .mode(CreateCheckoutSessionMode::Payment)
        .metadata([("order_id", order)]);
    client.create_checkout_session_with(&params).idempotency_key(order).await
}
RS
  cat >"$dir/tests/shop.rs" <<'RS'
#[tokio::test]
async fn a_client_is_built() {
    let client = stripe_api::Client::builder("sk_test_x").base_url("http://127.0.0.1:9").build().unwrap();
    assert!(shop::checkout(&client, "1").await.is_err());
}
RS
  if $with_fake; then
    cat >>"$dir/tests/shop.rs" <<'RS'

#[tokio::test]
async fn the_fake_starts() {
    let stripe = stripe_fake::FakeStripe::start().await;
    let _ = shop::checkout(&stripe.client(), "1").await;
}
RS
  fi
}

user_crate "$base/without" false
user_crate "$base/with" true

timed() {
  local label=$1
  shift
  /usr/bin/time -f "%e s, %M KB" "$@" >/dev/null 2>"$base/time.err" || {
    cat "$base/time.err" >&2
    exit 1
  }
  echo "  $label: $(tail -n 1 "$base/time.err")"
}

for mode in default 0; do
  if [ "$mode" = 0 ]; then export CARGO_INCREMENTAL=0; else unset CARGO_INCREMENTAL; fi
  echo "== CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-default}"
  for variant in without with; do
    dir="$base/$variant"
    target="$base/target-$variant-$mode"
    rm -rf "$target"
    (cd "$dir" && timed "$variant the fake: test build from clean" \
      cargo test --no-run --quiet --target-dir "$target")
  done
  for variant in without with; do
    dir="$base/$variant"
    target="$base/target-$variant-$mode"
    (cd "$dir" && cargo clean --quiet -p stripe-api -p shop --target-dir "$target" \
      && { [ "$variant" = without ] || cargo clean --quiet -p stripe-fake --target-dir "$target"; } \
      && timed "$variant the fake: local crates rebuilt" cargo test --no-run --quiet --target-dir "$target")
  done
done
