#!/usr/bin/env bash
# cargo-semver-checks between the generated crate at another revision and in the working
# tree: does a change to the generator break code that uses the crate? (The API change
# report compares specs; this compares generators on one spec.)
#
#   scripts/semver-revisions.sh REV      (needs `cargo install cargo-semver-checks --locked`)
#
# Both crates are copied under target/semver-revisions without `publish = false`
# (cargo-semver-checks skips unpublished packages), then checked with default features
# and with all features. Exits non-zero if a check fails.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
rev=${1:?usage: $0 REV}
cd "$repo"
export CARGO_TERM_COLOR=never
base="$repo/target/semver-revisions"
worktree="$base/worktree"
rm -rf "$base/old" "$base/new"
mkdir -p "$base"
git worktree remove --force "$worktree" 2>/dev/null || rm -rf "$worktree"
git worktree add --detach --quiet "$worktree" "$rev"
trap 'git -C "$repo" worktree remove --force "$worktree" 2>/dev/null || true' EXIT

# A crate of its own (no workspace), publishable as far as the checker cares.
copy() {
  cp -r "$1/generated" "$2"
  cp "$repo/Cargo.lock" "$2/Cargo.lock"
  sed -i '/^publish = false/d' "$2/Cargo.toml"
  printf '\n[workspace]\n' >>"$2/Cargo.toml"
}
copy "$worktree" "$base/old"
copy "$repo" "$base/new"

for features in "" "--all-features"; do
  echo "== $rev -> working tree ${features:-(default features)}"
  (cd "$base/new" && CARGO_TARGET_DIR="$base/target" cargo semver-checks \
    --manifest-path Cargo.toml --baseline-root "$base/old" --release-type minor $features)
done
