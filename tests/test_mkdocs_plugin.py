"""The MkDocs plugin: a real `mkdocs build` draws the fences once and shares `archdsl render`'s cache."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mkdocs")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GUIDE = """---
title: Guide
---
# Guide

```mermaid
flowchart LR
  u[Users] --> alb[ALB]
  alb --> db[(RDS)]
```
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "guide").mkdir(parents=True)
    shutil.copy(EXAMPLES / "notes.md", tmp_path / "docs" / "index.md")
    (tmp_path / "docs" / "guide" / "page.md").write_text(GUIDE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - archdsl\n", encoding="utf-8")
    return tmp_path


def build(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=site, capture_output=True, text=True, check=False
    )


def images(folder: Path) -> dict[str, int]:
    return {str(path.relative_to(folder)): path.stat().st_mtime_ns for path in sorted(folder.rglob("*.*g"))}


def test_build_draws_every_fence_links_it_into_the_page_and_leaves_the_sources_alone(site: Path) -> None:
    sources = {path: path.read_bytes() for path in (site / "docs").rglob("*.md")}
    built = build(site)
    assert built.returncode == 0, built.stderr
    assert [line.split("archdsl: ")[1] for line in built.stderr.splitlines() if "archdsl: drew" in line] == [
        "drew diagrams/index-ten-thousand-users.svg",
        "drew diagrams/index-ten-thousand-users.png",
        "drew diagrams/index-a-million-users.svg",
        "drew diagrams/index-a-million-users.png",
        "drew guide/diagrams/page-guide.svg",
        "drew guide/diagrams/page-guide.png",
    ]
    assert {path: path.read_bytes() for path in (site / "docs").rglob("*.md")} == sources
    index = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert '<img alt="Ten thousand users" src="diagrams/index-ten-thousand-users.svg" />' in index
    assert '<img alt="A million users" src="diagrams/index-a-million-users.svg" />' in index
    guide = (site / "site" / "guide" / "page" / "index.html").read_text(encoding="utf-8")
    assert '<img alt="Guide" src="../diagrams/page-guide.svg" />' in guide
    assert sorted(name for name in images(site / "site") if "diagrams" in name) == [
        "diagrams/index-a-million-users.png",
        "diagrams/index-a-million-users.svg",
        "diagrams/index-ten-thousand-users.png",
        "diagrams/index-ten-thousand-users.svg",
        "guide/diagrams/page-guide.png",
        "guide/diagrams/page-guide.svg",
    ]
    assert (site / "site" / "guide" / "diagrams" / "page-guide.svg").read_bytes().lstrip().startswith(b"<?xml")
    assert not list((site / "site").rglob("archdsl-manifest.json"))


def test_a_second_build_draws_nothing(site: Path) -> None:
    assert build(site).returncode == 0
    drawn = images(site / "docs")
    again = build(site)
    assert again.returncode == 0, again.stderr
    assert "archdsl: drew" not in again.stderr
    assert images(site / "docs") == drawn


def test_the_build_and_archdsl_render_share_one_cache(site: Path, run_cli: Any) -> None:
    assert build(site).returncode == 0
    drawn = images(site / "docs")
    rendered = run_cli("render", "docs/index.md", "docs/guide/page.md")
    assert rendered.code == 0, rendered.err
    assert rendered.err.splitlines() == ["wrote docs/index.md", "wrote docs/guide/page.md"]
    assert images(site / "docs") == drawn
    again = build(site)
    assert again.returncode == 0, again.stderr
    assert "archdsl: drew" not in again.stderr
    # The page already links its images: the build refreshes the owned block instead of adding a second one.
    assert (site / "site" / "index.html").read_text(encoding="utf-8").count("<img") == 2


def test_a_fence_edited_after_archdsl_render_is_redrawn_by_the_build_without_touching_the_page(
    site: Path, run_cli: Any
) -> None:
    assert run_cli("render", "docs/guide/page.md").code == 0
    page = site / "docs" / "guide" / "page.md"
    edited = page.read_text(encoding="utf-8").replace("[ALB]", "[Load balancer]")
    page.write_text(edited, encoding="utf-8")
    built = build(site)
    assert built.returncode == 0, built.stderr
    assert "archdsl: drew guide/diagrams/page-guide.svg" in built.stderr
    assert page.read_text(encoding="utf-8") == edited
    assert "Load balancer" in (site / "site" / "guide" / "diagrams" / "page-guide.svg").read_text(encoding="utf-8")
    assert run_cli("render", "--check", "docs/guide/page.md").out == (
        "docs/guide/page.md:6:1: diagram 'page-guide' changed since its image was drawn\n"
    )


def test_a_broken_fence_is_a_warning_with_its_position_and_fails_a_strict_build(site: Path) -> None:
    (site / "docs" / "guide" / "page.md").write_text(GUIDE.replace("alb --> db", "alb --> --> db"), encoding="utf-8")
    built = build(site)
    assert built.returncode == 1
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1
    assert warnings[0].startswith("WARNING -  archdsl: docs/guide/page.md:9:")


def test_fold_source_shows_the_image_with_the_source_folded_under_it(site: Path) -> None:
    (site / "mkdocs.yml").write_text(
        "site_name: Test\nplugins:\n  - archdsl:\n      fold_source: true\n", encoding="utf-8"
    )
    built = build(site)
    assert built.returncode == 0, built.stderr
    guide = (site / "site" / "guide" / "page" / "index.html").read_text(encoding="utf-8")
    image = guide.index('<img alt="Guide" src="../diagrams/page-guide.svg" />')
    details = guide.index("<details><summary>Mermaid source</summary>")
    code = guide.index('<code class="language-mermaid">')
    assert image < details < code < guide.index("</details>")


def test_a_read_only_docs_folder_is_a_plugin_error_not_a_traceback(site: Path) -> None:
    guide = site / "docs" / "guide"
    guide.chmod(0o555)
    try:
        built = build(site)
    finally:
        guide.chmod(0o755)
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert "archdsl: " in built.stderr and "the folder is read-only; archdsl will not change it" in built.stderr
