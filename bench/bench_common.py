"""Timing helpers shared by the benchmarks: best-of timing, peak memory, whole-process wall time, table rows."""

from __future__ import annotations

import statistics
import subprocess
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parent.parent


def best_of(run: Callable[[], object], repeat: int, number: int = 1) -> float:
    """Best seconds per call over ``repeat`` timings of ``number`` calls each, after one warm-up call."""
    run()
    best = float("inf")
    for _ in range(repeat):
        start = perf_counter()
        for _ in range(number):
            run()
        best = min(best, (perf_counter() - start) / number)
    return best


def peak_mib(run: Callable[[], object]) -> float:
    """Peak traced allocation of one call, in MiB."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def process_ms(command: list[str], runs: int, cwd: Path = ROOT) -> tuple[float, float]:
    """(best, median) wall milliseconds of running ``command`` as a whole process in ``cwd``."""
    times = []
    for _ in range(runs):
        start = perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def row(name: str, value: str, target: str = "", status: str = "") -> None:
    print(f"{name:<34} {value:>16}  {target:<10} {status}")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"
