#!/usr/bin/env bash
# Checks a generated copy of the project (laid out by scripts/copy-crate.sh, extracted and
# generated) with the compiler: `cargo check`, `cargo clippy -D warnings` with and
# without the `serialize` feature, `cargo doc` with warnings denied, then the fake Stripe
# built from the same selection must pass clippy and answer every operation. Prints the
# wall time and max RSS of each step; exits non-zero on the first failure.
#
#   scripts/check-copy.sh COPY
#
# Builds in the workspace's target directory, so dependencies are not built again.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
copy=$1
export CARGO_TERM_COLOR=never
export CARGO_TARGET_DIR="$repo/target"
# A copy is built once: incremental caches of it would only take disk.
export CARGO_INCREMENTAL=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

timed() {
  local label=$1
  shift
  /usr/bin/time -f "  $label: %e s wall, %M KB max RSS" "$@" >/dev/null 2>"$scratch/time.err" || {
    cat "$scratch/time.err" >&2
    echo "error: $label failed" >&2
    return 1
  }
  tail -n 1 "$scratch/time.err"
}

cd "$copy"
timed "cargo check" cargo check --quiet -p stripe-api
timed "cargo clippy -D warnings" cargo clippy --quiet -p stripe-api -- -D warnings
timed "cargo clippy --features serialize -D warnings" \
  cargo clippy --quiet -p stripe-api --features serialize -- -D warnings
RUSTDOCFLAGS="-D warnings" timed "cargo doc -D warnings" cargo doc --quiet --no-deps -p stripe-api
timed "fake: clippy -D warnings" cargo clippy --quiet -p stripe-fake --lib --test every_operation -- -D warnings
timed "fake: every operation answers" cargo test --quiet -p stripe-fake --test every_operation
