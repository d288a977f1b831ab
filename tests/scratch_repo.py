"""A throwaway git repository whose commits have fixed authors and dates, so their ids are the same every run."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REVIEW = Path(__file__).parent.parent / "examples" / "review"
PHASES = ("shop-v1.md", "shop-v2.md", "shop-v3.md")


class ScratchRepo:
    """``git`` in ``root`` with a fixed identity, clock and configuration (none of the user's)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.commits = 0
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def environment(self) -> dict[str, str]:
        stamp = f"2026-01-0{min(self.commits + 1, 9)}T12:00:00+00:00"
        return {
            **os.environ,
            "GIT_AUTHOR_NAME": "Archie",
            "GIT_AUTHOR_EMAIL": "archie@example.com",
            "GIT_COMMITTER_NAME": "Archie",
            "GIT_COMMITTER_EMAIL": "archie@example.com",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }

    def git(self, *arguments: str) -> str:
        git = shutil.which("git")
        assert git is not None, "the tests of archdsl diff need git"
        run = subprocess.run(
            [git, *arguments], cwd=self.root, env=self.environment(), capture_output=True, text=True, check=True
        )
        return run.stdout

    def write(self, path: str, text: str) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        self.commits += 1
        return self.git("rev-parse", "HEAD").strip()


def phase(number: int) -> str:
    """The shop note at phase 1 (one server), 2 (two zones behind a load balancer) or 3 (database made public)."""
    return (REVIEW / PHASES[number - 1]).read_text(encoding="utf-8")
