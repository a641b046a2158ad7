#!/usr/bin/env python3
"""Lines of code in the quickstart example and in the same steps written with
async-stripe (bench/quickstart-async-stripe), per step and in all: what the README's
side-by-side table shows. Counts non-blank lines that are not comments, as rustfmt
formats them.

    python3 scripts/quickstart-lines.py
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
OURS = ROOT / "generated/examples/checkout_quickstart.rs"
THEIRS = ROOT / "bench/quickstart-async-stripe/src/main.rs"
STEPS = [
    ("create (line item, metadata, embedded mode, idempotency key)", "create"),
    ("retrieve with the line items expanded", "retrieve"),
    ("list every session", "list_all"),
    ("tell a card error from a network error", "advice"),
    ("verify a webhook, pick the order to fulfil", "order_to_fulfil"),
    ("main: client, every step in order, expire", "main"),
]


def code_lines(text):
    return [l for l in text.split("\n") if l.strip() and not l.strip().startswith("//")]


def counts(path):
    source = path.read_text()
    found = {}
    for label, name in STEPS:
        match = re.search(r"\n((?:pub )?(?:async )?fn " + name + r"\b.*?\n})", source, re.S)
        found[label] = len(code_lines(match.group(1)))
    found["whole program (with imports and constants)"] = len(code_lines(source))
    return found


ours, theirs = counts(OURS), counts(THEIRS)
print("| step | this crate | async-stripe |")
print("|---|---|---|")
for label in ours:
    print(f"| {label} | {ours[label]} | {theirs[label]} |")
