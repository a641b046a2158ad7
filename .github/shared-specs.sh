#!/usr/bin/env bash
# Lays out Stripe's OpenAPI files as ../shared/stripe-openapi holds them (see its
# README): three specs and the fixtures at the upstream commits this project pins, and
# the spec that spec/provenance.yaml names if it is another one, found in the history by
# its recorded sha256.
# Usage (from the folder holding main/): shared-specs.sh <clone of stripe/openapi> <destination>
set -euo pipefail
repo=$1
out=$2
mkdir -p "$out"
take() { git -C "$repo" show "$1:openapi/$2" > "$out/$3"; }
take 63a674638635 spec3.yaml spec3.2023-08-16.yaml
take 63a674638635 fixtures3.json fixtures3.2023-08-16.json
take a1e2bbd3fdc4 spec3.yaml spec3.2022-11-15.yaml
take e0123a38b40c spec3.json spec3.2020-08-27.json

provenance=main/spec/provenance.yaml
# The record holds the path relative to main/; the file lives in the destination.
name=$(basename "$(sed -n 's/^upstream: //p' "$provenance")")
sha=$(sed -n 's/^sha256: //p' "$provenance")
if [ ! -f "$out/$name" ]; then
  for commit in $(git -C "$repo" log --format=%H -- openapi/spec3.yaml); do
    if [ "$(git -C "$repo" show "$commit:openapi/spec3.yaml" | sha256sum | cut -d' ' -f1)" = "$sha" ]; then
      take "$commit" spec3.yaml "$name"
      break
    fi
  done
fi
