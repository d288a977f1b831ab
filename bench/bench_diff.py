"""Benchmark `archdsl diff`: a repository of 100 notes where one changed, against `archdsl lint` of that note.

.venv/bin/python bench/bench_diff.py           # 15 whole-process runs of each
.venv/bin/python bench/bench_diff.py --quick   # 5

Target (issue 14): the diff takes under 2x the lint of the one changed note, as whole processes in the same
run, so the machine's speed cancels out. git is asked which notes changed; the other 99 are never read.
"""

from __future__ import annotations

import argparse
import compileall
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_common import ROOT, process_ms, row, verdict
from bench_lint import ARCHDSL, corpus

sys.path.insert(0, str(ROOT / "tests"))
from scratch_repo import ScratchRepo, phase  # the tests' deterministic repository

MAX_RATIO = 2.0
NOTES = 100


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    arguments = parser.parse_args()
    runs = 5 if arguments.quick else 15
    compileall.compile_dir(str(ROOT / "archdsl"), quiet=1)
    print(f"bench_diff: Python {sys.version.split()[0]}, {NOTES} notes, one changed, best of {runs} processes")
    with tempfile.TemporaryDirectory() as directory:
        repo = ScratchRepo(Path(directory) / "repo")
        (repo.root / "docs").mkdir()
        corpus(repo.root / "docs", files=NOTES - 1)
        repo.write("docs/shop.md", phase(2))
        repo.commit("100 notes")
        repo.write("docs/shop.md", phase(3))
        changed = subprocess.run(["git", "status", "--short"], cwd=repo.root, capture_output=True, text=True).stdout
        row("notes in the repository", f"{len(list((repo.root / 'docs').glob('*.md')))}")
        row("changed (git status)", changed.strip())
        diff_best, diff_median = process_ms([*ARCHDSL, "diff"], runs, repo.root)
        lint_best, lint_median = process_ms([*ARCHDSL, "lint", "docs/shop.md"], runs, repo.root)
        row("metric", "value", "target", "status")
        row("archdsl diff best/median", f"{diff_best:.0f}/{diff_median:.0f} ms")
        row("archdsl lint docs/shop.md best/median", f"{lint_best:.0f}/{lint_median:.0f} ms")
        ratio = diff_best / lint_best
        row("  diff / lint (best)", f"{ratio:.2f}x", f"< {MAX_RATIO}x", verdict(ratio < MAX_RATIO))
    return 0 if ratio < MAX_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
