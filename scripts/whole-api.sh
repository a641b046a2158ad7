#!/usr/bin/env bash
# Every operation compiles: in a copy of the project, select every operation of an
# upstream spec, extract, generate, then check the copy with the compiler
# (scripts/check-copy.sh: `cargo check`, `cargo clippy -D warnings` with and without the
# `serialize` feature, `cargo doc` with warnings denied, the fake Stripe's clippy and its
# every-operation test). scripts/random-selections.py checks other selections.
#
#   scripts/whole-api.sh [--generate-only] [UPSTREAM...]   (default: the upstream in spec/provenance.yaml)
#
# Prints, per spec, the generator's figures (files, lines, how method names were made) and
# the wall time and max RSS of each cargo step. Exits non-zero on the first failure. The
# copy is copies/whole-api/<spec file name>/ (kept for inspection and for
# scripts/compare-build-times.sh). It builds in the workspace's own target directory, so
# the dependencies the workspace already built are not built again; its crate is another
# package there and leaves the workspace's own artifacts alone.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

export CARGO_TERM_COLOR=never
target="$repo/target"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

generate_only=false
if [ "${1:-}" = "--generate-only" ]; then
  generate_only=true
  shift
fi

if [ $# -eq 0 ]; then
  # The upstream spec/ was extracted from, relative to the repository.
  set -- "$repo/$(sed -n 's/^upstream: *//p' spec/provenance.yaml | head -n 1)"
fi

# A debug build: CI has it already; `cargo run --release -p codegen -- bench` times the stages.
cargo build --quiet -p codegen
codegen="$repo/target/debug/codegen"

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

for upstream in "$@"; do
  upstream=$(cd "$(dirname "$upstream")" && pwd)/$(basename "$upstream")
  copy="$repo/copies/whole-api/$(basename "$upstream")"
  scripts/copy-crate.sh "$copy"
  printf 'name: all\nupstream: %s\noperations: all\n' "$upstream" >"$copy/spec/selection.yaml"

  echo "== $(basename "$upstream"): every operation"
  timed "extract" "$codegen" --root "$copy" extract
  timed "generate" "$codegen" --root "$copy"
  files=$(find "$copy/generated/src/api" -name '*.rs' | wc -l)
  lines=$(find "$copy/generated/src/api" -name '*.rs' -exec cat {} + | wc -l)
  echo "  generated: $files files, $lines lines"
  "$codegen" --root "$copy" names | tail -n 1 | sed "s/^/  /"
  if $generate_only; then
    continue
  fi

  scripts/check-copy.sh "$copy"
done
