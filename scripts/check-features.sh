#!/usr/bin/env bash
# Any feature set compiles: `cargo clippy -D warnings` and `cargo doc` with warnings
# denied on the generated crate with no default features, the default, `full`, and each
# resource feature alone (clippy also with `serialize`), then the fake's clippy with each
# feature alone. Prints each set's time; exits non-zero on the first failure.
#
#   scripts/check-features.sh [FEATURE...]   (default: every feature of generated/Cargo.toml)
#
# CI runs it on a fixed sample (FEATURES_SAMPLE=1 picks every fifth feature).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export CARGO_TERM_COLOR=never

if [ $# -eq 0 ]; then
  # The resource features: the lines between the generator's markers, but `default`/`full`.
  mapfile -t features < <(sed -n '/^# Resource features:/,/^# End of resource features./p' generated/Cargo.toml |
    sed -n 's/^\([a-z_0-9]*\) = .*/\1/p' | grep -vx 'default\|full')
  if [ -n "${FEATURES_SAMPLE:-}" ]; then
    mapfile -t features < <(printf '%s\n' "${features[@]}" | awk 'NR % 5 == 1')
  fi
  set -- "${features[@]}"
fi

clippy() {
  local label=$1
  shift
  local t0=$SECONDS
  if ! cargo clippy --quiet "$@" -- -D warnings; then
    echo "error: clippy with $label failed" >&2
    exit 1
  fi
  echo "  $label: $((SECONDS - t0)) s"
}

doc() {
  local label=$1
  shift
  local t0=$SECONDS
  if ! RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p stripe-api "$@"; then
    echo "error: rustdoc with $label failed" >&2
    exit 1
  fi
  echo "  rustdoc, $label: $((SECONDS - t0)) s"
}

started=$SECONDS
clippy "no default features" -p stripe-api --no-default-features
doc "no default features" --no-default-features
clippy "default features" -p stripe-api
doc "default features"
clippy "full, serialize" -p stripe-api --features full,serialize
doc "full" --features full
for feature in "$@"; do
  clippy "$feature alone" -p stripe-api --no-default-features --features "$feature"
  clippy "$feature, serialize" -p stripe-api --no-default-features --features "$feature,serialize"
  doc "$feature alone" --no-default-features --features "$feature"
  clippy "fake: $feature alone" -p stripe-fake --lib --no-default-features --features "$feature"
done
echo "every feature set: $((SECONDS - started)) s"
