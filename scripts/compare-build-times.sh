#!/usr/bin/env bash
# Build times of the same small program (create a Checkout Session) written with this
# project's crate and with async-stripe 1.0.0-rc.10, measured side by side in one run.
#
#   scripts/compare-build-times.sh [quickstart|whole-api|whole-api-needed]
#
# quickstart:       the default features against async-stripe with async-stripe-checkout.
# whole-api:        every resource feature (`full`) and `serialize` against every
#                   async-stripe resource crate with `full`, `deserialize` and `serialize`.
# whole-api-needed: only what a program needs to call the API: `full` here, `full` there
#                   (async-stripe still decodes, through miniserde).
#
#   1. the whole program from a clean target directory;
#   2. the bindings only: `cargo clean -p` the bindings crates, then build again, RUNS
#      times (3 by default), alternating the two, first with cargo's defaults (a path
#      dependency such as ours builds incrementally, a registry one does not), then with
#      CARGO_INCREMENTAL=0 for both.
# Each project builds in its own fresh target directory, dev profile. Prints wall time and
# max RSS (of the cargo process tree's largest process).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scale=${1:-quickstart}
cd "$repo/bench/build-compare"

case "$scale" in
  quickstart)
    ours=ours theirs=async-stripe
    theirs_bindings=(-p async-stripe -p async-stripe-types -p async-stripe-client-core
      -p async-stripe-shared -p async-stripe-checkout)
    ;;
  whole-api | whole-api-needed)
    if [ "$scale" = whole-api ]; then
      ours=ours-all theirs=async-stripe-all
    else
      ours=ours-needed theirs=async-stripe-needed
    fi
    theirs_bindings=(-p async-stripe -p async-stripe-types -p async-stripe-client-core
      -p async-stripe-shared)
    for crate in billing checkout connect core fraud issuing misc payment product terminal treasury; do
      theirs_bindings+=(-p "async-stripe-$crate")
    done
    ;;
  *)
    echo "usage: $0 [quickstart|whole-api|whole-api-needed]" >&2
    exit 2
    ;;
esac
ours_bindings=(-p stripe-api)

export CARGO_TERM_COLOR=never
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

measure() {
  local label=$1 dir=$2
  shift 2
  /usr/bin/time -f "$label: %e s wall, %M KB max RSS" \
    cargo build --quiet --manifest-path "$dir/Cargo.toml" --target-dir "$scratch/$dir" "$@" 2>&1 | tail -n 1
}

cargo fetch --quiet --manifest-path "$ours/Cargo.toml"
cargo fetch --quiet --manifest-path "$theirs/Cargo.toml"

echo "== $scale: whole program, from clean (CARGO_INCREMENTAL=0)"
CARGO_INCREMENTAL=0 measure "ours        " "$ours"
CARGO_INCREMENTAL=0 measure "async-stripe" "$theirs"

# This machine is noisy: repeat, alternating the two, and report every run.
for mode in default 0; do
  echo "== $scale: bindings only (cargo clean -p, build again), ${RUNS:-3} runs, incremental: $mode"
  for _ in $(seq "${RUNS:-3}"); do
    cargo clean --quiet --manifest-path "$ours/Cargo.toml" --target-dir "$scratch/$ours" "${ours_bindings[@]}"
    cargo clean --quiet --manifest-path "$theirs/Cargo.toml" --target-dir "$scratch/$theirs" "${theirs_bindings[@]}"
    if [ "$mode" = default ]; then
      measure "ours        " "$ours"
      measure "async-stripe" "$theirs"
    else
      CARGO_INCREMENTAL=0 measure "ours        " "$ours"
      CARGO_INCREMENTAL=0 measure "async-stripe" "$theirs"
    fi
  done
done
