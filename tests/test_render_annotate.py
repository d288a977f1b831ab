"""Findings drawn on the picture: titles top-left, outlines around icon and label, the legend whole, both engines."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import EXAMPLES, Run

from archdsl.annotate import write_annotated
from archdsl.dsl import parse_text
from archdsl.lint import LintOptions, lint_diagram
from archdsl.loader import load_paths
from archdsl.model import Diagram
from archdsl.render.dot import build_dot
from archdsl.render.fonts import text_width
from archdsl.render.pipeline import Mark, RenderOptions, render
from archdsl.render.text import legend_lines
from archdsl.render.theme import THEMES

ENGINES = ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)]
SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"-?[0-9.]+")
WIDE_LABEL = 'vpc main "Production" { subnet app-a private { ec2 app "Order service with a long name" } }\n'


def prototype() -> Diagram:
    (document,) = load_paths([str(EXAMPLES / "prototype.arch")])
    (diagram,) = document.diagrams
    return diagram


def groups(svg: bytes) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(svg)
    return {group.findtext(f"{SVG}title") or "": group for group in root.iter(f"{SVG}g")}


def outline_box(group: ElementTree.Element) -> tuple[float, float, float, float]:
    shape = group.find(f"{SVG}path")
    if shape is None:
        shape = group.find(f"{SVG}polygon")
    assert shape is not None
    numbers = [float(value) for value in NUMBER.findall(shape.get("d") or shape.get("points") or "")]
    return min(numbers[0::2]), min(numbers[1::2]), max(numbers[0::2]), max(numbers[1::2])


def drawn_box(group: ElementTree.Element) -> tuple[float, float, float, float]:
    """Everything a node draws: its icon and its label lines, as the bundled font sets them."""
    boxes = []
    for image in group.iter(f"{SVG}image"):
        x, y = float(image.get("x", "0")), float(image.get("y", "0"))
        boxes.append((x, y, x + float(image.get("width", "0")[:-2]), y + float(image.get("height", "0")[:-2])))
    for text in group.iter(f"{SVG}text"):
        half = text_width(text.text or "") * float(text.get("font-size", "0")) / 2
        x, y = float(text.get("x", "0")), float(text.get("y", "0"))
        boxes.append((x - half, y - float(text.get("font-size", "0")), x + half, y + 3))
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def mark(element: str, number: int = 1) -> Mark:
    return Mark(element, number, "#D13212", f"ARCH999 error (line 1): {element} is marked")


def test_an_icon_nodes_outline_is_a_cluster_wide_enough_for_its_label() -> None:
    diagram = parse_text(WIDE_LABEL, "t.arch").diagram
    assert diagram is not None
    dot = build_dot(diagram, THEMES["light"], marks=[mark("app", 3)]).dot
    label_width = text_width("[3] Order service with a long") * 12
    margin = (label_width - 100.8) / 2 + 8
    assert margin == pytest.approx(31.4, abs=0.05)
    assert (
        'subgraph cluster_mark3 {\n\t\t\t\tgraph [bgcolor=transparent fontname="Sans-Serif" fontsize=12 '
        'label="" labeljust=l margin=31.4 pencolor="#D13212" penwidth=4 rankdir=LR shape=box style=rounded]\n'
        '\t\t\t\tapp [label="[3] Order service with a long\\nname" fontcolor="#D13212" height=2.3 '
        'image="resources/aws/compute/ec2.png" shape=none]\n\t\t\t}'
    ) in dot
    # Group titles sit at the top even though the legend puts the picture's own label at the bottom.
    assert dot.count("labelloc=t") == 2 and "labelloc=b" in dot


@pytest.mark.parametrize("engine", ENGINES)
def test_outlines_hold_the_whole_node_and_titles_stay_top_left(engine: str) -> None:
    diagram = parse_text(WIDE_LABEL + 'rds db "Orders"\napp -> db\n', "t.arch").diagram
    assert diagram is not None
    svg = render(diagram, ["svg"], RenderOptions(engine=engine), marks=[mark("app"), mark("db", 2)])["svg"]
    found = groups(svg)
    for outline, node in (("cluster_mark1", "app"), ("cluster_mark2", "db")):
        left, top, right, bottom = outline_box(found[outline])
        inner = drawn_box(found[node])
        assert left < inner[0] and top < inner[1] and inner[2] < right and inner[3] < bottom, (outline, inner)
    for cluster in ("cluster_0", "cluster_1"):
        left, top, _, bottom = outline_box(found[cluster])
        title = next(text for text in found[cluster].iter(f"{SVG}text") if (text.text or "").strip())
        assert float(title.get("y", "0")) - top < 24  # the first line, not the bottom of the box
        assert float(title.get("x", "0")) - left < 60  # after the icon's room
        icon = next(found[cluster].iter(f"{SVG}image"), None)
        if icon is None:  # the embedded engine's icon is drawn after the cluster's shape
            icon = re.search(rf"<title>{cluster}</title>\n<[^\n]*\n<image [^>]*>".encode(), svg)
            assert icon is not None
        assert bottom - top > 60


@pytest.mark.parametrize("engine", ENGINES)
def test_a_long_legend_wraps_and_is_drawn_whole(engine: str) -> None:
    diagram = prototype()
    long = "ARCH999 error (line 3): " + "a finding with a great deal to say about the design " * 4
    svg = render(diagram, ["svg"], RenderOptions(engine=engine), marks=[Mark("app", 1, "#D13212", long)])["svg"]
    root = ElementTree.fromstring(svg)
    width = float(root.get("width", "0").removesuffix("px")) * 3 / 4
    height = float(root.get("height", "0").removesuffix("px")) * 3 / 4
    first, second = legend_lines("[1] " + long)  # wrapped at 55 em, the rest indented
    drawn = [text.text or "" for text in root.iter(f"{SVG}text")]
    assert drawn[:3] == ["Web app prototype", first, "\u00a0" * 6 + second]
    legend = list(root.iter(f"{SVG}text"))[:3]
    offset = [float(value) for value in NUMBER.findall(root.find(f"{SVG}g").get("transform", ""))]  # type: ignore[union-attr]
    for line in legend:
        x, y = float(line.get("x", "0")) + offset[-2], float(line.get("y", "0")) + offset[-1]
        assert x >= 0 and x + text_width(line.text or "") * 14 <= width
        assert 0 <= y <= height


@pytest.mark.parametrize("engine", ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)])
def test_lint_annotate_takes_an_engine(engine: str, run_cli: Callable[..., Run], tmp_path: Path) -> None:
    result = run_cli(
        "lint", "--phase", "1m", "--annotate", str(tmp_path), "--engine", engine, str(EXAMPLES / "prototype.arch")
    )
    assert result.code == 1
    assert result.err.endswith(f"wrote {tmp_path}/prototype.lint.svg\nwrote {tmp_path}/prototype.lint.png\n")
    diagram = prototype()
    found = lint_diagram(diagram, LintOptions(phase="1m"))
    expected = tmp_path / "expected"
    write_annotated([diagram], [found], expected, RenderOptions(engine=engine))
    assert (tmp_path / "prototype.lint.svg").read_bytes() == (expected / "prototype.lint.svg").read_bytes()


def test_lint_annotate_refuses_an_unknown_engine(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    result = run_cli("lint", "--annotate", str(tmp_path), "--engine", "neato", str(EXAMPLES / "prototype.arch"))
    assert result.code == 2
    assert "invalid choice: 'neato'" in result.err
