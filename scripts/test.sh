#!/usr/bin/env bash
# Runs every test: installs the two Stripe emulators the client tests use (npm and PyPI
# packages, pinned in tests/emulators/), starts them on 127.0.0.1, runs
# `cargo test --workspace`, and stops them again. Extra arguments go to cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."

emulators=tests/emulators
venv=target/emulators-venv

if [ ! -d "$emulators/node_modules/stripe-stateful-mock" ]; then
  npm ci --prefix "$emulators" --no-audit --no-fund --silent
fi
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import localstripe' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$emulators/requirements.txt"
fi

logs=$(mktemp -d)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$logs"
}
trap stop EXIT

# Starts an emulator in the background; it prints its port on its first line.
start() {
  local name=$1
  shift
  "$@" >"$logs/$name.out" 2>"$logs/$name.err" &
  pids+=($!)
}

# Waits for an emulator's port and echoes it.
port_of() {
  local name=$1
  for _ in $(seq 1 150); do
    if [ -s "$logs/$name.out" ]; then
      head -n 1 "$logs/$name.out"
      return
    fi
    sleep 0.1
  done
  echo "error: $name did not start:" >&2
  cat "$logs/$name.err" >&2
  return 1
}

start stripe-stateful-mock node "$emulators/run_stripe_stateful_mock.js"
start localstripe "$venv/bin/python" "$emulators/run_localstripe.py"
mock_port=$(port_of stripe-stateful-mock)
localstripe_port=$(port_of localstripe)
export STRIPE_MOCK_URL="http://127.0.0.1:$mock_port"
export LOCALSTRIPE_URL="http://127.0.0.1:$localstripe_port"
export REQUIRE_EMULATORS=1

cargo test --workspace "$@"
