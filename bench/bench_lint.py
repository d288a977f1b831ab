"""Benchmark `archdsl lint`: a seed-like note, 1,000 Markdown files with 3 fences, and rules against check."""

from __future__ import annotations

import argparse
import compileall
import random
import sys
import tempfile
from pathlib import Path

from bench_common import ROOT, process_ms, row, verdict
from bench_mermaid import flowchart

NOTES = ROOT / "tests/data/notes/growth-notes.md"
_ENTRY = Path(sys.executable).with_name("archdsl")
ARCHDSL = [str(_ENTRY)] if _ENTRY.exists() else [sys.executable, "-m", "archdsl"]
MAX_NOTE_MS, MAX_CORPUS_S, MAX_RULE_OVERHEAD = 200.0, 20.0, 1.5
# Issue 12: a whole `archdsl lint` process against a whole `python -c "import lark"` process, so
# the machine's speed cancels out; and twice the corpus costs about twice the time.
MAX_LARK_RATIO, MAX_DOUBLING = 2.5, 2.4


def corpus(directory: Path, files: int = 1000, fences: int = 3) -> int:
    """Write ``files`` notes of ``fences`` flowcharts each; returns the number of Mermaid lines."""
    rng = random.Random(7)
    lines = 0
    for index in range(files):
        parts = [f"# Service {index}", ""]
        for fence in range(fences):
            chart = flowchart(rng, index * fences + fence)
            lines += chart.count("\n")
            parts += [f"## Part {fence}", "", "```mermaid", chart.rstrip("\n"), "```", ""]
        (directory / f"note-{index:04}.md").write_text("\n".join(parts), encoding="utf-8")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--note", type=Path, default=NOTES, help="the note to time (default: a seed-like note)")
    arguments = parser.parse_args()
    runs = 5 if arguments.quick else 15
    print(f"bench_lint: Python {sys.version.split()[0]}, note {arguments.note}")
    # An installed archdsl is byte-compiled (pip does it); an edited checkout under
    # PYTHONDONTWRITEBYTECODE=1 would recompile every changed module on every run instead.
    compileall.compile_dir(str(ROOT / "archdsl"), quiet=1)
    print("  archdsl byte-compiled first, as an install leaves it")
    row("metric", "value", "target", "status")
    best, median = process_ms([*ARCHDSL, "lint", str(arguments.note.resolve())], runs)
    within = verdict(median < MAX_NOTE_MS)
    row("lint the note best/median", f"{best:.0f}/{median:.0f} ms", f"< {MAX_NOTE_MS:.0f} ms", within)
    lark_best, lark_median = process_ms([sys.executable, "-c", "import lark"], runs)
    row('python -c "import lark"', f"{lark_best:.0f}/{lark_median:.0f} ms")
    ratio = best / lark_best
    row("  lint / import lark (best)", f"{ratio:.2f}x", f"<= {MAX_LARK_RATIO}", verdict(ratio <= MAX_LARK_RATIO))
    with tempfile.TemporaryDirectory() as directory:
        lines = corpus(Path(directory))
        row("corpus", f"1,000 files, {lines:,} lines")
        check = process_ms([*ARCHDSL, "check", directory], 1)[0] / 1000
        lint = process_ms([*ARCHDSL, "lint", directory], 1)[0] / 1000
        row("archdsl check, whole corpus", f"{check:.2f} s")
        row("archdsl lint, whole corpus", f"{lint:.2f} s", f"< {MAX_CORPUS_S:.0f} s", verdict(lint < MAX_CORPUS_S))
        ratio = lint / check
        row("  lint / check", f"{ratio:.2f}x", f"<= {MAX_RULE_OVERHEAD}", verdict(ratio <= MAX_RULE_OVERHEAD))
    with tempfile.TemporaryDirectory() as directory:
        corpus(Path(directory), files=2000)
        doubled = process_ms([*ARCHDSL, "lint", directory], 1)[0] / 1000
        growth = doubled / lint
        row("archdsl lint, 2,000 files", f"{doubled:.2f} s")
        row("  2,000 / 1,000 files", f"{growth:.2f}x", f"<= {MAX_DOUBLING}", verdict(growth <= MAX_DOUBLING))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
