#!/usr/bin/env python3
"""Checks the API change report against cargo-semver-checks.

For each pair of upstream specs, generates the crate (the committed selection) at both,
runs `cargo semver-checks` between the two crates and `codegen diff` between the two
specs, and lists where they disagree:

- a break cargo-semver-checks finds that the report does not call breaking;
- a breaking finding of the report that cargo-semver-checks does not see, unless the
  report's kind is one that no rustdoc-based check can see, for a reason printed here.

    scripts/semver-compare.py [OLD NEW]...   (default: 2022-11-15 → 2023-08-16 and
                                              2020-08-27 → 2022-11-15 from ../shared)

Needs `cargo install cargo-semver-checks --locked`. Exits 1 on an unexplained
disagreement. The crates are generated under copies/semver/.
"""

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "stripe-openapi"
DEFAULT_PAIRS = [
    ("spec3.2022-11-15.yaml", "spec3.2023-08-16.yaml"),
    ("spec3.2020-08-27.json", "spec3.2022-11-15.yaml"),
]

# Breaking kinds of the report that cargo-semver-checks cannot see, and why. It compares
# the items rustdoc lists (types, fields, variants, methods and their arity), not the
# types of fields and arguments, and it does not run code.
INVISIBLE = {
    "field_type_changed": "cargo-semver-checks does not compare field types",
    "parameter_type_changed": "cargo-semver-checks does not compare argument or field types",
    "field_nullability_changed": "`T` ↔ `Option<T>` is a field type change, which cargo-semver-checks does not compare",
    "type_kind_changed": "reported by cargo-semver-checks only when the old kind's items go missing",
    "parameter_required_changed": "when another change keeps the arity of `new`, only its argument types change, which cargo-semver-checks does not compare",
    "required_parameter_added": "when another change keeps the arity of `new`, only its argument types change, which cargo-semver-checks does not compare",
}

# Kinds that change the arguments of a parameter struct's `new`.
CONSTRUCTOR_KINDS = {"parameter_required_changed", "required_parameter_added", "parameter_removed"}

# cargo-semver-checks lint → how a "Failed in" line names the item, as report subjects.
ITEM_PATTERNS = [
    # stripe_api::CreateX::new takes 2 parameters in ..., but now takes 1 parameters
    (re.compile(r"^(?:\w+::)*(\w+)::new takes"), lambda m: [f"{m[1]}::new"]),
    # field blik of struct SetupIntentPaymentMethodOptions, previously in file ...
    (re.compile(r"field (\w+) of struct (\w+)"), lambda m: [f"{m[2]}.{m[1]}"]),
    # variant EventType::InvoiceitemUpdated, previously in file ...  / variant X::Y in ...
    (re.compile(r"variant (\w+)::(\w+)"), lambda m: [f"{m[1]}::{m[2]}"]),
    # stripe_api::Client::retrieve_x, previously in file ... / CreateX::email (a setter)
    (re.compile(r"^(?:\w+::)*?(\w+)::(\w+), previously"), lambda m: [f"{m[1]}::{m[2]}", f"{m[1]}.{m[2]}"]),
    # struct stripe_api::Foo, previously in file ... / enum stripe_api::Foo ...
    (re.compile(r"(?:struct|enum|type|trait) (?:\w+::)*(\w+)"), lambda m: [m[1]]),
]


def run(*args, cwd=REPO, check=True):
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"error: {' '.join(map(str, args))} failed:\n{result.stderr}{result.stdout}")
    return result


def generate(spec: Path, codegen: Path) -> Path:
    """The generated crate at `spec`, with the committed selection."""
    copy = REPO / "copies" / "semver" / spec.name
    run(str(REPO / "scripts" / "copy-crate.sh"), str(copy))
    selection = (REPO / "spec" / "selection.yaml").read_text()
    selection = re.sub(r"(?m)^upstream: .*$", f"upstream: {spec}", selection)
    (copy / "spec" / "selection.yaml").write_text(selection)
    run(str(codegen), "--root", str(copy), "extract")
    run(str(codegen), "--root", str(copy))
    return copy


def semver_breaks(old: Path, new: Path) -> dict:
    """Lint name → the items cargo-semver-checks says break, from its text output."""
    env = dict(os.environ, CARGO_TARGET_DIR=str(REPO / "target"), CARGO_TERM_COLOR="never")
    result = subprocess.run(
        ["cargo", "semver-checks", "check-release", "--color", "never",
         "--manifest-path", str(new / "generated" / "Cargo.toml"),
         "--baseline-root", str(old / "generated"), "--release-type", "minor"],
        cwd=new, capture_output=True, text=True, env=env)
    text = result.stdout + result.stderr
    if result.returncode != 0 and "--- failure" not in text:
        sys.exit(f"error: cargo semver-checks failed:\n{text}")
    breaks = defaultdict(list)
    lint = None
    for line in text.splitlines():
        header = re.match(r"--- failure (\S+):", line)
        if header:
            lint = header[1]
        elif lint and line.startswith("  ") and line.strip() and not line.startswith("   "):
            breaks[lint].append(line.strip())
        elif not line.strip() or line.startswith("Failed in"):
            continue
    return breaks


def candidates(item: str) -> list:
    for pattern, names in ITEM_PATTERNS:
        match = pattern.search(item)
        if match:
            return names(match)
    return []


def compare(old_spec: Path, new_spec: Path, codegen: Path) -> int:
    old, new = generate(old_spec, codegen), generate(new_spec, codegen)
    report = json.loads(run(str(codegen), "diff", str(old_spec), str(new_spec),
                            "--format", "json").stdout)
    breaking = [f for f in report["findings"] if f["breaking"]]
    subjects = {f["subject"] for f in report["findings"]}
    breaking_subjects = {f["subject"] for f in breaking}
    # `X::new` stands for every finding that changes the arguments of `X::new`.
    for f in breaking:
        if f["kind"] in CONSTRUCTOR_KINDS:
            subjects.add(f["subject"].split(".")[0] + "::new")
            breaking_subjects.add(f["subject"].split(".")[0] + "::new")
    constructor_of = {f["subject"]: f["subject"].split(".")[0] + "::new"
                      for f in breaking if f["kind"] in CONSTRUCTOR_KINDS}
    breaks = semver_breaks(old, new)

    seen_by_semver = set()
    missed_by_report = []
    for lint, items in sorted(breaks.items()):
        # One item is listed once per public path (the root re-export and its own module).
        unique = {}
        for item in items:
            unique.setdefault(tuple(candidates(item)) or (item,), item)
        for item in unique.values():
            names = candidates(item)
            hit = [n for n in names if n in breaking_subjects]
            if hit:
                seen_by_semver.update(hit)
            else:
                listed = [n for n in names if n in subjects]
                missed_by_report.append((lint, item, "listed as compatible" if listed else "not in the report"))
    by_kind = defaultdict(lambda: [0, 0, []])
    for f in breaking:
        entry = by_kind[f["kind"]]
        if f["subject"] in seen_by_semver or constructor_of.get(f["subject"]) in seen_by_semver:
            entry[0] += 1
        elif f["kind"] in INVISIBLE:
            entry[1] += 1
        else:
            entry[2].append(f["subject"])

    print(f"\n## {old_spec.name} → {new_spec.name}\n")
    lints = sum(len(v) for v in breaks.values())
    print(f"cargo-semver-checks: {lints} breaking items in {len(breaks)} lints "
          f"({', '.join(f'{k} {len(v)}' for k, v in sorted(breaks.items()))}); "
          f"report: {len(breaking)} breaking of {len(report['findings'])} findings.\n")
    print("| report kind | breaking | also found by cargo-semver-checks | not visible to it (reason) | disagreements |")
    print("|---|---:|---:|---|---:|")
    for kind, (agree, invisible, unexplained) in sorted(by_kind.items()):
        reason = f"{invisible} ({INVISIBLE[kind]})" if invisible else "0"
        print(f"| {kind} | {agree + invisible + len(unexplained)} | {agree} | {reason} | {len(unexplained)} |")
    disagreements = [f"report says breaking, cargo-semver-checks does not: {s}"
                     for entry in by_kind.values() for s in entry[2]]
    disagreements += [f"cargo-semver-checks `{lint}`: {item} ({why})" for lint, item, why in missed_by_report]
    print(f"\n{len(disagreements)} unexplained disagreements.")
    for line in disagreements:
        print(f"- {line}")
    return len(disagreements)


def main() -> None:
    args = sys.argv[1:]
    if len(args) % 2:
        sys.exit(__doc__)
    pairs = [(Path(a).resolve(), Path(b).resolve()) for a, b in zip(args[::2], args[1::2])]
    if not pairs:
        pairs = [(SHARED / a, SHARED / b) for a, b in DEFAULT_PAIRS]
    run("cargo", "build", "--quiet", "-p", "codegen")
    codegen = REPO / "target" / "debug" / "codegen"
    total = sum(compare(old, new, codegen) for old, new in pairs)
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
