"""The README tells the truth: its command table is the CLI's, and the MkDocs section says what a build shows."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from archdsl.cli import _parser, main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> list[str]:
    (action,) = (action for action in _parser()._actions if isinstance(action, argparse._SubParsersAction))
    return list(action.choices)


def test_the_command_table_names_exactly_the_subcommands_argparse_knows() -> None:
    table = README.split("```\n", 2)[1]  # the first fence, right under the introduction
    listed = [line.split()[1] for line in table.splitlines() if line.startswith("archdsl ")]
    assert sorted(listed) == sorted(subcommands())
    assert len(listed) == len(set(listed))


def test_the_mkdocs_section_says_where_a_build_puts_the_image(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    fence = "```mermaid\nflowchart LR\n  u[Users] --> alb[ALB]\n```\n"
    (tmp_path / "docs" / "index.md").write_text(f"# Guide\n\n{fence}", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - archdsl\n", encoding="utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    source, image = page.index('<code class="language-mermaid">'), page.index('<img alt="Guide"')
    said = re.search(r"`mkdocs build` draws every fence of every page at build time and shows the image (\w+)", README)
    assert said is not None
    assert said[1] == ("below" if image > source else "above")


def test_the_diff_section_shows_what_the_command_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    section = README.split("## Reviewing changes", 1)[1]
    command = re.search(r"\(`(archdsl diff --no-index [^`]*)`\)", section)
    shown = re.search(r"````markdown\n(.*?)````", section, re.DOTALL)
    assert command is not None and shown is not None
    monkeypatch.chdir(ROOT)
    assert main(command[1].split()[1:]) == 0
    assert capsys.readouterr().out == shown[1]
    assert (ROOT / "docs" / "images" / "shop-v3-current-design.diff.png").is_file()
