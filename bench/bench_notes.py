"""Benchmark `archdsl render` on notes: 100 Markdown files with 300 fences, --check, no-change re-render, -j2 vs -j1."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import process_ms, row, verdict
from bench_lint import ARCHDSL, corpus

MAX_CHECK_S, MAX_NOCHANGE_S, MIN_PARALLEL_SPEEDUP = 1.0, 2.0, 1.6


def cold_render(template: Path, jobs: int) -> float:
    """Seconds for a first render of a fresh copy of the notes with ``jobs`` workers."""
    with tempfile.TemporaryDirectory() as scratch:
        notes = Path(scratch) / "notes"
        shutil.copytree(template, notes)
        started = time.perf_counter()
        command = [*ARCHDSL, "render", "-j", str(jobs), *sorted(str(path) for path in notes.glob("*.md"))]
        subprocess.run(command, check=True, capture_output=True)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    arguments = parser.parse_args()
    runs = 2 if arguments.quick else 3
    print(f"bench_notes: Python {sys.version.split()[0]}, best of {runs}")
    row("metric", "value", "target", "status")
    with tempfile.TemporaryDirectory() as directory:
        template = Path(directory) / "template"
        template.mkdir()
        lines = corpus(template, files=100, fences=3)
        row("notes", f"100 files, 300 fences, {lines:,} lines")
        serial = min(cold_render(template, 1) for _ in range(runs))
        parallel = min(cold_render(template, 2) for _ in range(runs))
        row("cold render -j1", f"{serial:.2f} s")
        row("cold render -j2", f"{parallel:.2f} s")
        speedup = serial / parallel
        row(
            "  speedup -j2 / -j1",
            f"{speedup:.2f}x",
            f">= {MIN_PARALLEL_SPEEDUP}",
            verdict(speedup >= MIN_PARALLEL_SPEEDUP),
        )
        rendered = Path(directory) / "rendered"
        shutil.copytree(template, rendered)
        files = sorted(str(path) for path in rendered.glob("*.md"))
        process_ms([*ARCHDSL, "render", "-j", "2", *files], 1)
        check = process_ms([*ARCHDSL, "render", "--check", *files], runs)[0] / 1000
        row("render --check, all fresh", f"{check:.2f} s", f"< {MAX_CHECK_S:.0f} s", verdict(check < MAX_CHECK_S))
        again = process_ms([*ARCHDSL, "render", *files], runs)[0] / 1000
        row("re-render, no change", f"{again:.2f} s", f"< {MAX_NOCHANGE_S:.0f} s", verdict(again < MAX_NOCHANGE_S))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
