#!/usr/bin/env bash
# Build and check times (and max RSS) of the generated crate, in a scratch target
# directory so the workspace's own builds are untouched. Run from anywhere:
#   scripts/build-times.sh
# "from clean" includes serde and the other dependencies; "crate only" rebuilds just
# stripe-api after `cargo clean -p stripe-api`, without incremental compilation, the way
# a dependency is built.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(mktemp -d)}"
export CARGO_INCREMENTAL=0
export CARGO_TERM_COLOR=never

measure() {
  local label=$1
  shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$label: %e s wall, %M KB max RSS" "$@" 2>&1 >/dev/null | tail -n 1
  else
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$label: $(echo "$end - $start" | bc) s wall"
  fi
}

rm -rf "$CARGO_TARGET_DIR"
measure "cargo check, from clean" cargo check -q -p stripe-api
rm -rf "$CARGO_TARGET_DIR"
measure "cargo build, from clean" cargo build -q -p stripe-api
cargo clean -q -p stripe-api
measure "cargo build, crate only" cargo build -q -p stripe-api
cargo check -q -p stripe-api
cargo clean -q -p stripe-api
measure "cargo check, crate only" cargo check -q -p stripe-api
cargo build -q --release -p stripe-api
cargo clean -q --release -p stripe-api
measure "cargo build --release, crate only" cargo build -q --release -p stripe-api
echo "lines generated: $(cat generated/src/api/*.rs generated/src/api/*/*.rs | wc -l)"
