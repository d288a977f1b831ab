"""Run every hostile input case in its own process and write docs/hostile-input.md with what each cost."""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from pathlib import Path

from bench_common import ROOT

sys.path.insert(0, str(ROOT / "tests"))  # the cases live beside the tests that assert them

from hostile_cases import CASES, run_archdsl

import archdsl

HEADER = """# Hostile input

archdsl runs unattended in pre-commit and CI on notes someone else wrote. Each input below gets a clear
diagnostic or is handled within bounded time and memory; none crashes, hangs, injects markup, or
writes outside the project. `tests/test_hostile.py` asserts every outcome in this table (the cases are
in `tests/hostile_cases.py`); the time and peak memory are of the whole `archdsl` process, measured
by `bench/hostile.py`, which wrote this file:

    .venv/bin/python bench/hostile.py

"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "hostile-input.md")
    arguments = parser.parse_args()
    rows = ["| case | input | outcome | time | peak memory |", "|---|---|---|---:|---:|"]
    for case in CASES:
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            outcome = run_archdsl(folder, *case.make(folder))
            result = case.check(folder, outcome)
        print(f"{case.name:24} {outcome.seconds:6.2f} s {outcome.peak_mib:7.0f} MiB  {result}")
        rows.append(
            f"| `{case.name}` | {case.what} | {result.replace('|', '&#124;')} "
            f"| {outcome.seconds:.2f} s | {outcome.peak_mib:.0f} MiB |"
        )
    machine = f"archdsl {archdsl.__version__}, Python {platform.python_version()}, {platform.machine()}"
    footer = f"\nMeasured with {machine}; times include starting Python (about 0.3 s).\n"
    arguments.output.write_text(HEADER + "\n".join(rows) + "\n" + footer, encoding="utf-8")
    print(f"wrote {arguments.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
