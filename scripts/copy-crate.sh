#!/usr/bin/env bash
# Lays out, in DEST, a workspace holding only the hand-written part of the generated
# crate (Cargo.toml, lib.rs, runtime/) and of the fake Stripe (its server and its
# spec-independent test), the lock file and the workspace's package settings, and an
# empty spec/, ready for `codegen --root DEST extract` and `codegen --root DEST`.
# Used by scripts/whole-api.sh and scripts/semver-compare.py.
#
#   scripts/copy-crate.sh DEST
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dest=$1
rm -rf "$dest"
mkdir -p "$dest/spec" "$dest/generated/src"
cp "$repo/Cargo.lock" "$dest/"
# Another version, so that its build in the shared target directory has fingerprints of
# its own: cargo names a path package's artifacts by its path relative to the workspace,
# which is the same here, and would take one crate's build for the other's.
sed 's/^version = "\(.*\)"$/version = "\1-copy"/' "$repo/generated/Cargo.toml" >"$dest/generated/Cargo.toml"
cp "$repo/generated/src/lib.rs" "$dest/generated/src/"
cp -r "$repo/generated/src/runtime" "$dest/generated/src/"
mkdir -p "$dest/fake/tests"
sed 's/^version = "\(.*\)"$/version = "\1-copy"/' "$repo/fake/Cargo.toml" >"$dest/fake/Cargo.toml"
cp -r "$repo/fake/src" "$dest/fake/"
rm -rf "$dest/fake/src/generated"
cp "$repo/fake/tests/every_operation.rs" "$dest/fake/tests/"
{
  printf '[workspace]\nresolver = "2"\nmembers = ["fake", "generated"]\n\n'
  sed -n '/^\[workspace.package\]/,$p' "$repo/Cargo.toml"
} >"$dest/Cargo.toml"
