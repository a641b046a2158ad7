#!/usr/bin/env bash
# Rehearses a spec update the way a user makes one, between each two neighbouring specs
# of the shared folder by API version (2020-08-27 ↔ 2022-11-15 ↔ 2023-08-16 ↔
# 2024-04-10), both ways. For each pair, in a copy of the
# repository under copies/rehearsal/: extract and generate at FROM, `codegen update TO`,
# then `codegen check` must be clean, the generated crate must pass clippy (default
# features and `serialize`) and rustdoc with warnings denied, and the generator's own
# tests and the fake Stripe's (built from the new spec) must pass.
#
#   scripts/update-rehearsal.sh [FROM TO]...   (default: the pairs described above)
#
# The copies build in the workspace's target directory, so dependencies are not built
# again. Prints the report's summary line and each step's wall time; exits non-zero on
# the first failure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
export CARGO_TERM_COLOR=never
export CARGO_TARGET_DIR="$repo/target"
# A copy is built once: incremental caches of it would only take disk.
export CARGO_INCREMENTAL=0
shared=$(cd "$repo/../shared/stripe-openapi" && pwd)

if [ $# -eq 0 ]; then
  # The file names sort by API version (`spec3.<version>.<json|yaml>`).
  previous=
  for spec in "$shared"/spec3.*; do
    if [ -n "$previous" ]; then
      set -- "$@" "$previous" "$spec" "$spec" "$previous"
    fi
    previous=$spec
  done
fi
if [ $(($# % 2)) -ne 0 ]; then
  echo "usage: $0 [FROM TO]..." >&2
  exit 2
fi

cargo build --quiet -p codegen
codegen="$repo/target/debug/codegen"
started=$(date +%s)

step() {
  local label=$1
  shift
  local t0=$SECONDS
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: $label failed" >&2
    exit 1
  fi
  echo "  $label: $((SECONDS - t0)) s"
}

while [ $# -gt 0 ]; do
  from=$1 to=$2
  shift 2
  copy="$repo/copies/rehearsal/$(basename "$from")-to-$(basename "$to")"
  log="$copy.log"
  rm -rf "$copy"
  mkdir -p "$copy"
  # The repository as committed plus the working tree's changes, without build output.
  git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$copy"
  # Versions of their own, so that the copy's builds in the shared target directory have
  # fingerprints of their own (see scripts/copy-crate.sh).
  sed -i 's/^version = "\(.*\)"$/version = "\1-copy"/' "$copy"/*/Cargo.toml
  echo "== $(basename "$from") → $(basename "$to")"
  step "extract and generate at $(basename "$from")" \
    sh -c "'$codegen' --root '$copy' extract --upstream '$from' && '$codegen' --root '$copy'"
  "$codegen" --root "$copy" update "$to" >"$copy.report.md"
  echo "  update: $(sed -n 's/^\*\*\([0-9]*\) breaking\*\*, \*\*\([0-9]*\) now typed\*\*, \([0-9]*\) compatible.*/\1 breaking, \2 now typed, \3 compatible findings/p' "$copy.report.md")"
  step "codegen check" "$codegen" --root "$copy" check
  cd "$copy"
  step "clippy -D warnings" cargo clippy --quiet -p stripe-api -- -D warnings
  step "clippy --features serialize -D warnings" \
    cargo clippy --quiet -p stripe-api --features serialize -- -D warnings
  step "rustdoc -D warnings" env RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p stripe-api
  step "generator tests" cargo test --quiet -p codegen
  # The fake's own tests, not its example (a user's code, written for one spec).
  step "fake: clippy -D warnings and tests" sh -c \
    "cargo clippy --quiet -p stripe-fake --lib --test every_operation -- -D warnings \
     && cargo test --quiet -p stripe-fake --lib --test every_operation"
  cd "$repo"
done
echo "rehearsal: $(($(date +%s) - started)) s"
