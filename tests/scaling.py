"""Measure how work grows with input size: doubling the input must cost at most about twice the time."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def seconds_per_call(work: Callable[[], object], least: float = 0.05) -> float:
    """The best time of one call, repeating it until ``least`` seconds pass so small inputs time reliably."""
    best = float("inf")
    for _ in range(3):
        calls = 0
        started = time.perf_counter()
        while True:
            work()
            calls += 1
            elapsed = time.perf_counter() - started
            if elapsed >= least:
                break
        best = min(best, elapsed / calls)
    return best


def growth(work: Callable[[T], object], make: Callable[[int], T], size: int, factor: int = 4) -> float:
    """How many times longer ``work`` takes on ``make(factor * size)`` than on ``make(size)``: about
    ``factor`` when the work is linear, ``factor ** 2`` when it is quadratic."""
    small, large = make(size), make(size * factor)
    return seconds_per_call(lambda: work(large)) / seconds_per_call(lambda: work(small))
