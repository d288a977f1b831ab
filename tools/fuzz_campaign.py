"""Long fuzz campaign: the targets of tests/test_fuzz.py with many more cases, shrinking every failure it finds."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Low-entropy targets would exhaust their search space long before an even share of the cases.
WEIGHTS = {"deep-nesting": 0.05}
PROGRESS_STEPS = 10


def _strategies() -> ModuleType:
    """tests/fuzz_strategies.py, imported the way pytest imports it (tests/ is not a package)."""
    for path in (str(ROOT), str(ROOT / "tests")):
        if path not in sys.path:
            sys.path.insert(0, path)
    import fuzz_strategies

    return fuzz_strategies


@dataclass(frozen=True)
class Outcome:
    """What one target's run did: how many cases, how long, its slowest case, and its failure if any."""

    target: str
    budget: int
    cases: int
    seconds: float
    slowest: float
    slowest_size: int
    failure: str | None = None


def _size(value: Any) -> int:
    text = getattr(value, "text", value)
    return len(text) if isinstance(text, str) else 0


def _reproducer(value: Any) -> str:
    text = getattr(value, "text", value)
    shown = f"{value!r}"
    if isinstance(text, str) and text is not value:
        shown += f"\ntext:\n{text!r}"
    return shown


def run_target(name: str, budget: int, seed: int) -> Outcome:
    """Generate ``budget`` cases for one target; on a failure, shrink it and describe the minimal input."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as with_seed

    target = next(target for target in _strategies().TARGETS if target.name == name)
    calls = 0
    slowest, slowest_size = 0.0, 0
    failing: list[Any] = []
    step = max(budget // PROGRESS_STEPS, 1)
    began = time.perf_counter()

    def check(value: Any) -> None:
        nonlocal calls, slowest, slowest_size
        calls += 1
        if calls % step == 0:
            print(f"[progress] {name}: {calls}/{budget} cases, {time.perf_counter() - began:.0f}s", flush=True)
        started = time.perf_counter()
        try:
            target.check(value)
        except BaseException:
            # Hypothesis replays the shrunk example last, so the last failing value is the minimal one.
            failing.append(value)
            raise
        finally:
            took = time.perf_counter() - started
            if took > slowest:
                slowest, slowest_size = took, _size(value)

    test = settings(
        max_examples=budget,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        report_multiple_bugs=False,
        verbosity=Verbosity.quiet,
        suppress_health_check=list(HealthCheck),
    )(given(target.strategy())(check))
    failure = None
    try:
        with_seed(seed)(test)()
    except Exception as error:  # noqa: BLE001 - every failure is a finding to report, not to stop on
        frames = "".join(traceback.format_exception(error)[-12:])
        minimal = _reproducer(failing[-1]) if failing else "(no input recorded)"
        failure = f"{type(error).__name__}: {error}\n--- minimal input ---\n{minimal}\n--- traceback ---\n{frames}"
    return Outcome(name, budget, calls, time.perf_counter() - began, slowest, slowest_size, failure)


def split(total: int, names: Sequence[str]) -> dict[str, int]:
    """``total`` cases shared out by weight (at least one each), the remainder to the first targets."""
    weights = {name: WEIGHTS.get(name, 1.0) for name in names}
    shares = {name: max(int(total * weight / sum(weights.values())), 1) for name, weight in weights.items()}
    for name in list(names)[: max(total - sum(shares.values()), 0)]:
        shares[name] += 1
    return shares


def _run_all(shares: dict[str, int], seed: int, jobs: int) -> list[Outcome]:
    if jobs <= 1:
        return [run_target(name, budget, seed) for name, budget in shares.items()]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_target, name, budget, seed) for name, budget in shares.items()]
        return [future.result() for future in futures]


def _report(outcome: Outcome) -> None:
    status = "FAILED" if outcome.failure else "ok"
    print(
        f"{outcome.target:<22} {outcome.cases:>8} cases  {outcome.seconds:8.1f}s  "
        f"slowest {outcome.slowest:6.3f}s ({outcome.slowest_size} chars)  {status}",
        flush=True,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000, help="total cases, shared across the targets")
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed (the same seed replays the same run)")
    parser.add_argument("--targets", default="", help="comma-separated target names (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="run targets in N processes (default 1)")
    arguments = parser.parse_args(argv)
    known = [target.name for target in _strategies().TARGETS]
    names = [name.strip() for name in arguments.targets.split(",") if name.strip()] or known
    unknown = sorted(set(names) - set(known))
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; choose from {', '.join(known)}")

    began = time.perf_counter()
    shares = split(arguments.cases, names)
    print(f"fuzz campaign: {arguments.cases} cases over {len(names)} targets, seed {arguments.seed}", flush=True)
    outcomes = _run_all(shares, arguments.seed, arguments.jobs)
    # A target whose search space ran dry runs fewer cases than its share; the others make up the rest.
    shortfall = arguments.cases - sum(outcome.cases for outcome in outcomes)
    refill = [outcome.target for outcome in outcomes if outcome.cases >= outcome.budget and not outcome.failure]
    if shortfall > 0 and refill:
        print(f"topping up {shortfall} cases that exhausted targets could not use", flush=True)
        extra = _run_all(split(shortfall, refill), arguments.seed + 1, arguments.jobs)
        outcomes += extra

    print("\ntarget                    cases   elapsed")
    for outcome in outcomes:
        _report(outcome)
    total = sum(outcome.cases for outcome in outcomes)
    failures = [outcome for outcome in outcomes if outcome.failure]
    print(f"\ntotal: {total} cases in {time.perf_counter() - began:.1f}s, {len(failures)} failing target(s)")
    for outcome in failures:
        print(f"\n=== {outcome.target} ===\n{outcome.failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
