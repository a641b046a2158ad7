#!/usr/bin/env python3
"""Any selection compiles: random selections of operations from every shared spec, each
extracted and generated in a copy of the project and checked by the compiler
(scripts/check-copy.sh: check, clippy and rustdoc with warnings denied, the fake's
clippy and its every-operation test).

    scripts/random-selections.py [--seed N] [--count N] [--spec FILE]...

A new seed each run unless given (RANDOM_SELECTIONS_SEED); it is printed first, so a
failing run is replayed with `--seed`. The count (default 3, or RANDOM_SELECTIONS) is
the number of selections; each takes a spec in turn and a size drawn between 1 and
every operation, smaller sizes more often (a third of draws up to 10). The copies are
copies/random/<n>/, kept for inspection.
"""

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = (REPO / ".." / "shared" / "stripe-openapi").resolve()
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def operations(codegen: Path, spec: Path) -> list[str]:
    """Every operation of a spec, as the generator reads it (`names` of a copy that
    selects them all), so the script needs no YAML parser."""
    copy = REPO / "copies" / "random" / "every"
    run([REPO / "scripts" / "copy-crate.sh", copy])
    (copy / "spec" / "selection.yaml").write_text(f"name: all\nupstream: {spec}\noperations: all\n")
    run([codegen, "--root", copy, "extract"], stdout=subprocess.DEVNULL)
    names = subprocess.run(
        [codegen, "--root", copy, "names"], check=True, capture_output=True, text=True
    ).stdout
    return sorted(
        " ".join(line.split()[1:3])
        for line in names.splitlines()
        if len(line.split()) == 3 and line.split()[1] in METHODS
    )


def size(rng: random.Random, total: int) -> int:
    if rng.random() < 1 / 3:
        return rng.randint(1, min(10, total))
    return rng.randint(1, total)


def run(args: list[str], **kw) -> None:
    subprocess.run(args, check=True, **kw)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=os.environ.get("RANDOM_SELECTIONS_SEED"))
    parser.add_argument("--count", type=int, default=int(os.environ.get("RANDOM_SELECTIONS", "3")))
    parser.add_argument("--spec", action="append", type=Path)
    options = parser.parse_args()
    seed = int(options.seed) if options.seed is not None else random.SystemRandom().randrange(2**32)
    specs = options.spec or sorted(SHARED.glob("spec3.*"))
    print(f"random selections: seed {seed} (replay: scripts/random-selections.py --seed {seed} --count {options.count})", flush=True)
    rng = random.Random(seed)
    run(["cargo", "build", "--quiet", "-p", "codegen"], cwd=REPO)
    codegen = REPO / "target" / "debug" / "codegen"
    for n in range(options.count):
        spec = specs[n % len(specs)].resolve()
        every = operations(codegen, spec)
        picked = sorted(rng.sample(every, size(rng, len(every))))
        copy = REPO / "copies" / "random" / str(n)
        run([REPO / "scripts" / "copy-crate.sh", copy])
        listed = "".join(f"  - {op}\n" for op in picked)
        (copy / "spec" / "selection.yaml").write_text(
            f"name: random\nupstream: {spec}\noperations:\n{listed}"
        )
        print(f"== {n}: {len(picked)} of {len(every)} operations of {spec.name} ({copy}/spec/selection.yaml)", flush=True)
        started = time.monotonic()
        run([codegen, "--root", copy, "extract"], stdout=subprocess.DEVNULL)
        run([codegen, "--root", copy], stdout=subprocess.DEVNULL)
        run([REPO / "scripts" / "check-copy.sh", copy])
        print(f"  in all: {time.monotonic() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
