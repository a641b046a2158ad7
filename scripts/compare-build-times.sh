#!/usr/bin/env bash
# Build times of the same small program (create a Checkout Session) written with this
# project's crate and with async-stripe 1.0.0-rc.10, measured side by side in one run:
#   1. the whole program from a clean target directory;
#   2. the bindings only: `cargo clean -p` the bindings crates, then build again
#      (RUNS times, 3 by default, alternating the two).
# Each project builds in its own fresh target directory, non-incremental, dev profile.
# Prints wall time and max RSS (of the cargo process tree's largest process).
set -euo pipefail
cd "$(dirname "$0")/../bench/build-compare"

export CARGO_INCREMENTAL=0
export CARGO_TERM_COLOR=never
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

ours_bindings=(-p stripe-api)
theirs_bindings=(-p async-stripe -p async-stripe-types -p async-stripe-client-core -p async-stripe-shared -p async-stripe-checkout)

measure() {
  local label=$1 dir=$2
  shift 2
  /usr/bin/time -f "$label: %e s wall, %M KB max RSS" \
    cargo build --quiet --manifest-path "$dir/Cargo.toml" --target-dir "$scratch/$dir" "$@" 2>&1 | tail -n 1
}

cargo fetch --quiet --manifest-path ours/Cargo.toml
cargo fetch --quiet --manifest-path async-stripe/Cargo.toml

echo "== whole program, from clean"
measure "ours        " ours
measure "async-stripe" async-stripe

# This machine is noisy: repeat, alternating the two, and report every run.
echo "== bindings only (cargo clean -p the bindings crates, build again), ${RUNS:-3} runs"
for _ in $(seq "${RUNS:-3}"); do
  cargo clean --quiet --manifest-path ours/Cargo.toml --target-dir "$scratch/ours" "${ours_bindings[@]}"
  measure "ours        " ours
  cargo clean --quiet --manifest-path async-stripe/Cargo.toml --target-dir "$scratch/async-stripe" "${theirs_bindings[@]}"
  measure "async-stripe" async-stripe
done
