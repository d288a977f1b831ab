"""Render security: nothing a note says reaches Graphviz as DOT syntax, and no file but archdsl's icons is inlined."""

from __future__ import annotations

import base64
import dataclasses
import re
import struct
import zlib
from pathlib import Path

import pytest

from archdsl.dsl import parse_text
from archdsl.loader import load_paths
from archdsl.model import Diagram
from archdsl.render.dot import RESOURCES_ROOT, build_dot
from archdsl.render.pipeline import RenderOptions, render
from archdsl.render.theme import THEMES

ENGINES = ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)]
MARKER = b"TOP-SECRET-CI-TOKEN-4242"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def secret_png(folder: Path) -> Path:
    """A real 1x1 PNG (Graphviz and browsers would load it) carrying a secret in a text chunk."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    pixels = _chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    text = _chunk(b"tEXt", b"Comment\x00" + MARKER)
    path = folder / "secret.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + header + text + pixels + _chunk(b"IEND", b""))
    return path


def from_resources(path: Path) -> str:
    """``path`` spelled as a climb out of the diagrams package's resources, as an attacker would write it."""
    return "resources/" + "../" * len(RESOURCES_ROOT.parts) + str(path).lstrip("/")


def leaks(outputs: dict[str, bytes], secret: Path) -> list[str]:
    data = secret.read_bytes()
    encoded = base64.b64encode(data)
    return [fmt for fmt, out in outputs.items() if MARKER in out or encoded[:40] in out or data in out]


def only_diagram(path: Path) -> Diagram:
    (document,) = load_paths([str(path)])
    (diagram,) = document.diagrams
    return diagram


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("attribute", ["URL", "image", "href"])
@pytest.mark.parametrize("where", ["heading", "title"])
def test_a_heading_or_title_cannot_add_dot_or_inline_a_file(
    tmp_path: Path, engine: str, attribute: str, where: str
) -> None:
    secret = secret_png(tmp_path)
    injected = f'<x>{{evil[{attribute}="{from_resources(secret)}" label=""]}}digraph<y>'
    if where == "heading":
        note = tmp_path / "notes.md"
        note.write_text(f"# {injected}\n\n```mermaid\nflowchart LR\n  a --> b\n```\n", encoding="utf-8")
    else:
        note = tmp_path / "notes.arch"
        note.write_text(f'title "{injected.replace(chr(34), chr(92) + chr(34))}"\nec2 a\nec2 b\na -> b\n', "utf-8")
    diagram = only_diagram(note)
    assert (diagram.title or diagram.source.heading) == injected
    outputs = render(diagram, ["svg", "png", "dot"], RenderOptions(engine=engine))
    assert leaks(outputs, secret) == []
    dot = outputs["dot"].decode()
    assert (
        dot.splitlines()[0]
        == 'digraph "<x>{evil[' + attribute + '=\\"' + from_resources(secret) + '\\" label=\\"\\"]}digraph<y>" {'
    )
    picture = outputs["svg"]
    # The picture is whole: the two nodes and one edge of the diagram, and no node named evil.
    assert (picture.count(b'class="node"'), picture.count(b'class="edge"')) == (2, 1)
    assert b"<title>evil</title>" not in picture
    assert outputs["png"].startswith(b"\x89PNG")


def test_finish_inlines_only_png_icons_from_inside_the_package(tmp_path: Path) -> None:
    secret = secret_png(tmp_path)
    hrefs = [
        "resources/aws/compute/ec2.png",
        from_resources(secret),
        "/assets/" + from_resources(secret),
        "render/icons/../../../" + "../" * len(RESOURCES_ROOT.parts) + str(secret).lstrip("/"),
        f"file://{secret}",
        str(secret),
        "https://example.com/x.png",
        "resources/gcp/../../diagrams/__init__.py",
        "#local",
    ]
    from archdsl.render import svg

    images = "".join(f'<image xlink:href="{href}" width="1" height="1"/>\n' for href in hrefs)
    links = "".join(f'<a href="{href}"><text>t</text></a>\n' for href in hrefs)
    raw = (
        '<svg width="10pt" height="10pt" viewBox="0.00 0.00 10.00 10.00" xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink">\n{images}{links}</svg>\n'
    ).encode()
    finished = svg.finish(raw, {})
    kept = re.findall(rb'href="([^"]*)"', finished)
    # Only the package's icon, once as an image and once as a link, both inlined.
    assert kept == [svg.data_uri("resources/aws/compute/ec2.png")] * 2
    assert kept[0].startswith(b"data:image/png;base64,iVBOR")
    assert finished.count(b"<image") == len(hrefs)  # elements stay; only their file references go
    assert leaks({"svg": finished}, secret) == []


def test_an_icon_reference_is_trusted_by_its_resolved_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = secret_png(tmp_path)
    package = tmp_path / "site"
    (package / "resources" / "aws").mkdir(parents=True)
    real = package / "resources" / "aws" / "real.png"
    real.write_bytes(secret.read_bytes())
    (package / "resources" / "aws" / "escape.png").symlink_to(secret)
    (package / "resources" / "aws" / "notes.txt").write_bytes(secret.read_bytes())
    (package / "resources" / "aws" / "fake.png").write_bytes(b"not a png" + MARKER)
    from archdsl.render import resources

    monkeypatch.setattr(resources, "RESOURCES_ROOT", package)
    assert resources.icon_file("resources/aws/real.png") == real
    for untrusted in (
        "resources/aws/escape.png",
        "resources/aws/notes.txt",
        "resources/aws/fake.png",
        "resources/aws/missing.png",
        "resources/../secret.png",
        "resources",
        "elsewhere/aws/real.png",
    ):
        assert resources.icon_file(untrusted) is None, untrusted


def hostile_ids(diagram: Diagram, ids: list[str]) -> Diagram:
    """``diagram`` (a chain of nodes) with its node ids replaced by ``ids``, edges following."""
    nodes = tuple(dataclasses.replace(node, id=new) for node, new in zip(diagram.nodes, ids, strict=True))
    rename = {node.id: new for node, new in zip(diagram.nodes, ids, strict=True)}
    edges = tuple(
        dataclasses.replace(edge, source=rename[edge.source], target=rename[edge.target]) for edge in diagram.edges
    )
    return dataclasses.replace(diagram, nodes=nodes, edges=edges)


HOSTILE_IDS = ["a\\", "<b>x</b>", "c:d:n", 'q"u\\"ote', "node", "new\nline", "esc\x1b[2J", "ends\\\\"]


def chain(count: int) -> Diagram:
    text = "".join(f"ec2 n{index}\n" for index in range(count))
    text += "".join(f"n{index} -> n{index + 1}\n" for index in range(count - 1))
    parsed = parse_text(text, "ids.arch").diagram
    assert parsed is not None
    return parsed


@pytest.mark.parametrize("engine", ENGINES)
def test_any_node_id_stays_one_node_in_dot_and_svg(engine: str) -> None:
    diagram = hostile_ids(chain(len(HOSTILE_IDS)), HOSTILE_IDS)
    picture = render(diagram, ["svg"], RenderOptions(engine=engine))["svg"]
    assert (picture.count(b'class="node"'), picture.count(b'class="edge"')) == (len(HOSTILE_IDS), len(HOSTILE_IDS) - 1)
    assert b"\x1b" not in picture and b"<b>" not in picture
    titles = re.findall(rb'<g id="node\d+" class="node">\n<title>([^<]*)</title>', picture)
    # Ids stay readable in each node's <title>; a control character shows as its visible symbol.
    assert b"&lt;b&gt;x&lt;/b&gt;" in titles and b"c:d:n" in titles and "esc\u241b[2J".encode() in titles


def test_edge_ends_with_colons_are_not_ports() -> None:
    diagram = hostile_ids(chain(2), ["api:v1", "db:main:n"])
    dot = build_dot(diagram, THEMES["light"]).dot
    assert '"api:v1" -> "db:main:n"' in dot


@pytest.mark.parametrize("engine", ENGINES)
def test_mermaid_backslash_id_draws(tmp_path: Path, engine: str) -> None:
    note = tmp_path / "notes.md"
    note.write_text("# Slash\n\n```mermaid\nflowchart LR\n  a\\ --> b\n```\n", encoding="utf-8")
    diagram = only_diagram(note)
    assert [node.id for node in diagram.nodes] == ["a\\", "b"]
    picture = render(diagram, ["svg", "png"], RenderOptions(engine=engine))["svg"]
    assert (picture.count(b'class="node"'), picture.count(b'class="edge"')) == (2, 1)


def test_every_text_written_into_dot_is_escaped() -> None:
    quoted = 'say "hi" \\ end'
    diagram = hostile_ids(chain(2), ["x", "y"])
    node = dataclasses.replace(diagram.nodes[0], label=quoted)
    edge = dataclasses.replace(diagram.edges[0], label="<i>edge</i>")
    title = "<t>"
    dot = build_dot(
        dataclasses.replace(diagram, title=title, nodes=(node, *diagram.nodes[1:]), edges=(edge,)), THEMES["light"]
    ).dot
    assert dot.startswith('digraph "<t>" {')
    assert 'label="say \\"hi\\" \\\\ end"' in dot
    assert 'label="<i>edge</i>"' in dot
    assert "label=<" not in dot.replace("label=<<TABLE", "")
