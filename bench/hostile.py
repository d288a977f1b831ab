"""Run every hostile input case in its own process and write docs/hostile-input.md with what each cost."""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench_common import ROOT

sys.path.insert(0, str(ROOT / "tests"))  # the cases live beside the tests that assert them

from hostile_cases import CASES, Case, Outcome, run_archdsl

import archdsl

HEADER = """# Hostile input

archdsl runs unattended in pre-commit and CI on notes someone else wrote. Each input below gets a clear
diagnostic or is handled within bounded time and memory; none crashes, hangs, injects markup, or
writes outside the project. `tests/test_hostile.py` asserts every outcome in this table (the cases are
in `tests/hostile_cases.py`); the time and peak memory are of the whole `archdsl` process, measured
by `bench/hostile.py`, which wrote this file:

    .venv/bin/python bench/hostile.py

For the cases about cost, "x2 input" is how many times longer the same input at twice the size
takes, without starting Python: about 2 when the cost is linear, 4 when it is quadratic.

"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "hostile-input.md")
    parser.add_argument("--only", nargs="*", default=None, help="run only these cases (the file is not written)")
    arguments = parser.parse_args()
    rows = ["| case | input | outcome | time | peak memory | x2 input |", "|---|---|---|---:|---:|---:|"]
    startup = _startup_seconds()
    for case in CASES:
        if arguments.only is not None and case.name not in arguments.only:
            continue
        outcome, result = _run(case.make, case)
        growth = ""
        if case.doubled is not None:
            doubled, _ = _run(case.doubled, case)
            growth = f"{_work(doubled.seconds, startup) / _work(outcome.seconds, startup):.1f}x"
        print(f"{case.name:24} {outcome.seconds:6.2f} s {outcome.peak_mib:7.0f} MiB {growth:>6}  {result}")
        rows.append(
            f"| `{case.name}` | {case.what} | {result.replace('|', '&#124;')} "
            f"| {outcome.seconds:.2f} s | {outcome.peak_mib:.0f} MiB | {growth} |"
        )
    if arguments.only is not None:
        return 0
    machine = f"archdsl {archdsl.__version__}, Python {platform.python_version()}, {platform.machine()}"
    footer = f"\nMeasured with {machine}; times include starting Python (about {startup:.1f} s).\n"
    arguments.output.write_text(HEADER + "\n".join(rows) + "\n" + footer, encoding="utf-8")
    print(f"wrote {arguments.output}")
    return 0


def _run(make: Callable[[Path], list[str]], case: Case) -> tuple[Outcome, str]:
    """One run of a case's input in a fresh folder, checked; the harder input of a cost case is checked too."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        outcome = run_archdsl(folder, *make(folder))
        try:
            result = case.check(folder, outcome)
        except AssertionError:
            if make is case.make:
                raise
            result = ""  # twice the input may change the message's numbers; only its time is used
        return outcome, result


def _startup_seconds() -> float:
    """What starting archdsl costs whatever the input: the best of three ``archdsl --version``."""
    with tempfile.TemporaryDirectory() as scratch:
        return float(min(run_archdsl(Path(scratch), "--version").seconds for _ in range(3)))


def _work(seconds: float, startup: float) -> float:
    return max(seconds - startup, 0.01)


if __name__ == "__main__":
    raise SystemExit(main())
