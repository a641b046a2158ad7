#!/usr/bin/env bash
# Build time of the generated crate at another revision and in the working tree, side by
# side in one run, to say whether a change made the default selection slower to build.
#
#   scripts/compare-revisions.sh REV        (RUNS=3 by default)
#
# For each of REV and the working tree: `cargo clean -p stripe-api`, then `cargo check`
# and `cargo build` of the crate alone, alternating the two, first with cargo's defaults
# (incremental, as a path dependency builds) and then with CARGO_INCREMENTAL=0. Each side
# has its own target directory under target/compare-revisions; dependencies are built
# once before the runs. Prints wall time and max RSS, and the lines generated.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:?usage: $0 REV}
cd "$repo"
export CARGO_TERM_COLOR=never
base="$repo/target/compare-revisions"
old="$base/worktree"
mkdir -p "$base"
git worktree remove --force "$old" 2>/dev/null || rm -rf "$old"
git worktree add --detach --quiet "$old" "$rev"
trap 'git -C "$repo" worktree remove --force "$old" 2>/dev/null || true' EXIT

lines() { find "$1/generated/src/api" -name '*.rs' -exec cat {} + | wc -l; }
echo "generated lines: $rev $(lines "$old"), working tree $(lines "$repo")"

run() {
  local label=$1 dir=$2 target=$3 command=$4
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo clean --quiet -p stripe-api &&
    CARGO_TARGET_DIR="$target" /usr/bin/time -f "  $label $command: %e s wall, %M KB max RSS" \
      cargo "$command" --quiet -p stripe-api 2>&1 | tail -n 1)
}

for side in old new; do
  dir=$([ "$side" = old ] && echo "$old" || echo "$repo")
  (cd "$dir" && CARGO_TARGET_DIR="$base/$side" cargo build --quiet -p stripe-api &&
    CARGO_TARGET_DIR="$base/$side" cargo check --quiet -p stripe-api)
done

for mode in default 0; do
  echo "== incremental: $mode, ${RUNS:-3} runs"
  for _ in $(seq "${RUNS:-3}"); do
    for command in check build; do
      if [ "$mode" = default ]; then
        run "$rev        " "$old" "$base/old" "$command"
        run "working tree" "$repo" "$base/new" "$command"
      else
        CARGO_INCREMENTAL=0 run "$rev        " "$old" "$base/old" "$command"
        CARGO_INCREMENTAL=0 run "working tree" "$repo" "$base/new" "$command"
      fi
    done
  done
done
