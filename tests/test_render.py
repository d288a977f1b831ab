"""Rendering: deterministic, self-contained output from both Graphviz engines, and the render command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, Run

from archdsl.dsl import parse_text
from archdsl.loader import load_paths
from archdsl.model import Diagram, Group, GroupKind, Span
from archdsl.render.dot import build_dot
from archdsl.render.pipeline import RenderOptions, render
from archdsl.render.theme import THEMES

GOLDEN = Path(__file__).resolve().parent / "golden"
HAS_DOT = shutil.which("dot") is not None
ENGINES = ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)]
HOSTILE = (
    'ec2 a "say \\"hi\\" <script>alert(1)</script> \\\\l ]; evil [label=x"\n'
    'rds b "line one\\nline two"\n'
    'a -> b : "<b>&amp;</b> \\"q\\""\n'
)


def example(name: str) -> Diagram:
    (document,) = load_paths([str(EXAMPLES / name)])
    return document.diagrams[0]


def hostile() -> Diagram:
    result = parse_text(HOSTILE, "hostile.arch")
    assert result.diagram is not None
    return result.diagram


def test_dot_is_golden_and_portable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    drawing = build_dot(example("growth-10k.arch"), THEMES["light"])
    golden = GOLDEN / "growth-10k.dot"
    if os.environ.get("ARCHDSL_UPDATE_GOLDEN"):
        golden.write_text(drawing.dot, encoding="utf-8")
    assert drawing.dot == golden.read_text(encoding="utf-8")
    assert "site-packages" not in drawing.dot and str(ROOT) not in drawing.dot
    assert 'web1 [label="Web 1"' in drawing.dot  # node ids are the model's ids


def test_groups_never_merge_even_with_one_label() -> None:
    diagram = parse_text('az a "zone" { ec2 x }\naz b "zone" { ec2 y }\n', "t.arch").diagram
    assert diagram is not None
    dot = build_dot(diagram, THEMES["light"]).dot
    assert re.findall(r"subgraph (cluster_\d+)", dot) == ["cluster_0", "cluster_1"]


def test_labels_cannot_inject_dot_or_markup() -> None:
    dot = build_dot(hostile(), THEMES["light"]).dot
    # Wrapped under the icon at spaces; every line still literal text.
    assert 'label="say \\"hi\\"\\n<script>alert(1)</script>\\n\\\\l ]; evil [label=x"' in dot
    assert 'label="line one\\nline two"' in dot
    assert "evil [" not in dot.replace('evil [label=x"', "")


@pytest.mark.parametrize("engine", ENGINES)
def test_svg_is_self_contained_and_deterministic(engine: str) -> None:
    options = RenderOptions(engine=engine)
    first = render(example("growth-10k.arch"), ["svg", "png"], options)
    second = render(example("growth-10k.arch"), ["svg", "png"], options)
    assert first == second
    svg = first["svg"]
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    references = re.findall(rb'href="([^"]*)"', svg)
    assert references and all(reference.startswith(b"data:image/png;base64,") for reference in references)
    assert b"site-packages" not in svg and b"<!--" not in svg
    assert re.search(rb'<svg width="\d+px" height="\d+px"', svg)
    assert first["png"].startswith(b"\x89PNG\r\n\x1a\n")
    # every node and every group shows its icon
    diagram = example("growth-10k.arch")
    assert svg.count(b"<image") == len(diagram.nodes) + len(diagram.groups)


@pytest.mark.parametrize("engine", ENGINES)
def test_hostile_labels_stay_text_in_svg(engine: str) -> None:
    svg = render(hostile(), ["svg"], RenderOptions(engine=engine))["svg"].decode()
    assert "<script" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "<b>" not in svg


def test_scale_and_theme() -> None:
    diagram = example("prototype.arch")
    small = render(diagram, ["png"], RenderOptions(engine="embedded"))["png"]
    large = render(diagram, ["png"], RenderOptions(engine="embedded", scale=2.0))["png"]
    width = int.from_bytes(small[16:20], "big")
    assert abs(int.from_bytes(large[16:20], "big") - 2 * width) <= 2
    dark = render(diagram, ["svg"], RenderOptions(engine="embedded", theme="dark"))["svg"]
    assert b'fill="#0f1419"' in dark


def test_dot_and_json_formats_need_no_engine() -> None:
    out = render(example("prototype.arch"), ["dot", "json"], RenderOptions(engine="system-that-does-not-exist"))
    assert out["dot"].startswith(b'digraph "Web app prototype"')
    assert b'"kind": "ec2"' in out["json"]


def test_render_cli_files_directories_and_stdout(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    source = str(EXAMPLES / "prototype.arch")
    result = run_cli("render", source, "-o", str(tmp_path / "one.svg"), "--engine", "embedded")
    assert (result.code, (tmp_path / "one.svg").read_bytes()[:5]) == (0, b"<?xml")
    result = run_cli("render", source, "-o", str(tmp_path / "dir"), "--format", "svg,dot", "--engine", "embedded")
    assert sorted(p.name for p in (tmp_path / "dir").iterdir()) == ["prototype.dot", "prototype.svg"]
    again = run_cli("render", source, "-o", str(tmp_path / "dir"), "--format", "svg,dot", "--engine", "embedded")
    assert (again.code, again.err) == (0, "")  # nothing changed, nothing written
    stdout = run_cli("render", source, "-o", "-", "--format", "dot")
    assert stdout.code == 0


def test_render_cli_markdown_into_a_directory(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_text("# A\n\n```mermaid\ngraph LR\n  A --> B\n```\n\n# B\n\n```archdsl\nec2 x\n```\n")
    missing = run_cli("render", "-", "--stdin-filename", "n.md", stdin=notes.read_text())
    assert (missing.code, missing.err) == (
        2,
        "archdsl: error: for Markdown or stdin input, name an output directory or file with -o\n",
    )
    done = run_cli("render", str(notes), "-o", str(tmp_path / "img"), "--format", "svg", "--engine", "embedded")
    assert done.code == 0
    assert sorted(p.name for p in (tmp_path / "img").iterdir()) == ["n-a.svg", "n-b.svg"]


def test_broken_diagram_is_not_rendered(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_text(
        "# Good\n\n```mermaid\ngraph LR\n  A --> B\n```\n\n# Bad\n\n```mermaid\ngraph LR\n  A --> end\n```\n"
    )
    result = run_cli("render", str(notes), "-o", str(tmp_path / "img"), "--format", "svg", "--engine", "embedded")
    assert result.code == 1
    assert "ARCH001" in result.err
    assert sorted(p.name for p in (tmp_path / "img").iterdir()) == ["n-good.svg"]


def test_without_dot_on_path(tmp_path: Path) -> None:
    """No system Graphviz: the embedded engine renders both formats; asking for the system one is a clear error."""
    environment = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    command = [sys.executable, "-m", "archdsl", "render", str(EXAMPLES / "prototype.arch"), "-o"]
    svg, png = tmp_path / "p.svg", tmp_path / "p.png"
    for target in (svg, png):
        done = subprocess.run([*command, str(target)], env=environment, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    assert svg.read_bytes().startswith(b"<?xml") and png.read_bytes().startswith(b"\x89PNG")
    refused = subprocess.run(
        [*command, str(svg), "--engine", "system"], env=environment, capture_output=True, text=True, check=False
    )
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (
        "archdsl: error: the system Graphviz 'dot' is not on PATH; install graphviz or use --engine embedded\n"
    )


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_group_kind_has_a_style_in_every_theme(theme: str) -> None:
    # An on-premises group once raised KeyError at render time.
    for kind in GroupKind:
        group = Group(id="g", kind=kind, label="G", parent=None, span=Span(1, 1, 1, 1))
        assert THEMES[theme].group(group).icon
