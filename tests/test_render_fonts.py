"""Every script in PNG: CJK labels drawn with real glyphs, laid out at their real width, missing glyphs named."""

from __future__ import annotations

import json
import re
import struct
import xml.etree.ElementTree as ElementTree
import zlib
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from conftest import Run

from archdsl.dsl import parse_text
from archdsl.model import Diagram
from archdsl.render.fonts import ROOM, Estimates, missing_characters, text_width, with_room_for_text
from archdsl.render.pipeline import RenderOptions, render
from archdsl.render.svg import to_png

SVG = "{http://www.w3.org/2000/svg}"
ENGINES = ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)]
FEHU = "'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F)"
FIX = "Install a font that has them and use --engine system, or choose other characters"
# Pairs of labels of the same length and script: drawn as boxes they give the same picture, drawn as glyphs not.
SAME_LENGTH = {
    "japanese": ("ウェブサーバー", "データベース層"),
    "chinese": ("数据库服务器", "负载均衡器组"),
    "korean": ("데이터베이스", "웹서버클러스"),
}
WIDE = (
    'title "10,000人規模のフェーズ"\n'
    'az tokyo "東京リージョンのアベイラビリティゾーン" { ec2 web "ウェブ" }\n'
    'mystery box "数据库服务器与负载均衡器和缓存层" \n'
    'rds db "데이터베이스"\n'
    'web -> box : "HTTPSリクエストを転送する"\n'
    "web -> db\n"
)


def diagram(text: str) -> Diagram:
    result = parse_text(text, "fonts.arch")
    assert result.diagram is not None, result.diagnostics
    return result.diagram


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGBA rows of an 8-bit RGBA PNG (what resvg writes)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    chunks, at = {}, 8
    data = b""
    while at < len(png):
        (length,) = struct.unpack_from(">I", png, at)
        kind = png[at + 4 : at + 8]
        body = png[at + 8 : at + 8 + length]
        if kind == b"IDAT":
            data += body
        else:
            chunks[kind] = body
        at += 12 + length
    width, height, depth, colour = struct.unpack_from(">IIBB", chunks[b"IHDR"])
    assert (depth, colour) == (8, 6)
    raw, stride, rows = zlib.decompress(data), width * 4, []
    previous = bytearray(stride)
    for row in range(height):
        kind, line = raw[row * (stride + 1)], bytearray(raw[row * (stride + 1) + 1 : (row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - 4] if i >= 4 else 0
            up, corner = previous[i], previous[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + nearest[2]) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def ink_columns(png: bytes) -> tuple[int, int]:
    """The first and last column with any opaque pixel."""
    width, _, rows = pixels(png)
    columns = [x for x in range(width) if any(row[4 * x + 3] > 64 for row in rows)]
    return columns[0], columns[-1]


@pytest.mark.parametrize("script", sorted(SAME_LENGTH))
def test_cjk_labels_are_drawn_as_glyphs_not_boxes(script: str) -> None:
    first, second = SAME_LENGTH[script]
    assert len(first) == len(second)
    drawn = [
        render(diagram(f'ec2 web "{label}"\n'), ["png"], RenderOptions(engine="embedded"))["png"]
        for label in (first, second)
    ]
    # Boxes look alike whatever the character; glyphs do not.
    assert drawn[0] != drawn[1]
    again = render(diagram(f'ec2 web "{first}"\n'), ["png"], RenderOptions(engine="embedded"))["png"]
    assert again == drawn[0]
    assert missing_characters(first + second) == []


@pytest.mark.parametrize(
    "text",
    ["ウェブサーバー", "데이터베이스", "数据库服务器", "Application Load Balancer", "HTTPSリクエスト", "10,000人規模"],
)
def test_label_widths_are_the_widths_resvg_draws(text: str) -> None:
    size = 100
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size * len(text) + 40}" height="{2 * size}">'
        f'<text x="20" y="{size}" font-family="Roboto" font-size="{size}">{text}</text></svg>'
    )
    left, right = ink_columns(to_png(svg.encode()))
    advance = text_width(text) * size
    # Ink lies inside the advance, short of it only by the side bearings of the first and last glyph.
    assert left >= 20 - 2 and right <= 20 + advance + 2
    assert right - left >= advance - 0.35 * size


def boxes_and_texts(svg: bytes) -> list[tuple[str, tuple[float, float], list[tuple[float, float, str]]]]:
    """For each cluster and node: its outline's x range, and each of its text lines' drawn x range."""
    root = ElementTree.fromstring(svg)
    found = []
    for group in root.iter(f"{SVG}g"):
        if group.get("class") not in ("cluster", "node"):
            continue
        outline = next((shape for shape in group if shape.tag in (f"{SVG}polygon", f"{SVG}path")), None)
        if outline is None:
            continue
        numbers = [float(n) for n in re.findall(r"-?[0-9.]+", outline.get("points") or outline.get("d") or "")]
        xs = numbers[0::2]
        texts = []
        for text in group.iter(f"{SVG}text"):
            content = unescape(text.text or "")
            width = text_width(content) * float(text.get("font-size", "14"))
            x = float(text.get("x", "0"))
            start = x - width / 2 if text.get("text-anchor") == "middle" else x
            texts.append((start, start + width, content))
        found.append((group.findtext(f"{SVG}title") or "", (min(xs), max(xs)), texts))
    return found


@pytest.mark.parametrize("engine", ENGINES)
def test_cjk_labels_fit_their_boxes(engine: str) -> None:
    svg = render(diagram(WIDE), ["svg"], RenderOptions(engine=engine))["svg"]
    checked = 0
    for title, (left, right), texts in boxes_and_texts(svg):
        if title.startswith("cluster") or title == "box":
            for start, end, content in texts:
                assert left <= start and end <= right, (title, content, (start, end), (left, right))
                checked += 1
    assert checked == 3  # the cluster's title, and the box's label wrapped onto two lines
    assert "\u2007" not in svg.decode()  # the room reserved for text leaves no trace in the picture


@pytest.mark.parametrize("engine", ENGINES)
def test_graph_title_fits_the_picture(engine: str) -> None:
    svg = render(diagram(WIDE.replace("10,000人規模のフェーズ", "規" * 40)), ["svg"], RenderOptions(engine=engine))
    root = ElementTree.fromstring(svg["svg"])
    width = float(root.get("width", "0").removesuffix("px")) * 3 / 4
    title = next(text for text in root.iter(f"{SVG}text") if "規規" in (text.text or ""))
    half = text_width(title.text or "") * float(title.get("font-size", "0")) / 2
    centre = float(title.get("x", "0"))
    assert centre - half >= 0 and centre + half <= width


def test_a_character_no_font_draws_is_named_with_the_fix(
    run_cli: Callable[..., Run], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "runes.arch"
    source.write_text('ec2 web "ᚠᚢ gate \ue000"\nrds db "数据库"\nweb -> db : "ᚠ"\n', encoding="utf-8")
    result = run_cli("render", str(source), "-o", str(tmp_path / "runes.png"), "--engine", "embedded")
    assert result.code == 0
    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        (
            "WARNING",
            f"warning: no font here draws {FEHU}, 'ᚢ' (U+16A2 RUNIC LETTER URUZ UR U), "
            "'\\ue000' (U+E000) in 'ᚠᚢ gate \\ue000'; they are drawn as empty boxes in PNG. " + FIX,
        ),
        (
            "WARNING",
            f"warning: no font here draws {FEHU} in 'ᚠ'; they are drawn as empty boxes in PNG. " + FIX,
        ),
    ]
    assert (tmp_path / "runes.png").read_bytes().startswith(b"\x89PNG")


def test_cjk_and_latin_draw_without_a_warning(
    run_cli: Callable[..., Run], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    source = tmp_path / "cjk.arch"
    source.write_text(WIDE, encoding="utf-8")
    result = run_cli("render", str(source), "-o", str(tmp_path / "cjk.png"), "--engine", "embedded")
    assert (result.code, caplog.records) == (0, [])
    assert "no font" not in result.err


@pytest.mark.needs_dot
def test_the_system_engine_lays_out_and_draws_cjk_in_the_bundled_font() -> None:
    label = "数据库服务器负载均衡器"
    svg = render(diagram(f'mystery box "{label}"\n'), ["svg"], RenderOptions(engine="system"))["svg"]
    ((_, (left, right), _),) = [found for found in boxes_and_texts(svg) if found[0] == "box"]
    # pango measured the label in Noto Sans CJK: 12 pt per character, plus the box's 0.15 inch margins.
    assert right - left == pytest.approx(text_width(label) * 12 + 2 * 0.15 * 72, abs=2)


@pytest.mark.needs_dot
def test_the_system_engine_names_characters_no_font_draws(caplog: pytest.LogCaptureFixture) -> None:
    render(diagram('ec2 web "ᚠ gate"\nrds db "数据库"\n'), ["svg", "png"], RenderOptions(engine="system"))
    assert [record.getMessage() for record in caplog.records] == [
        f"warning: no font here draws {FEHU} in 'ᚠ gate'; they are drawn as empty boxes in PNG. "
        "Install a font that has them (fc-list lists the fonts dot can use), or choose other characters"
    ]
    render(diagram('ec2 web "ᚠ gate"\n'), ["svg"], RenderOptions(engine="system"))
    assert len(caplog.records) == 1  # an SVG is drawn by the browser, with the reader's fonts


def test_the_warning_stays_one_short_line_for_a_huge_label(caplog: pytest.LogCaptureFixture) -> None:
    label = "".join(chr(code) for code in range(0xE000, 0xE000 + 1000))
    render(diagram(f'ec2 web "{label}"\n'), ["png"], RenderOptions(engine="embedded"))
    messages = [record.getMessage() for record in caplog.records]
    # The label is wrapped under its icon: one warning per drawn line, each one short line.
    assert messages[0].startswith(
        "warning: no font here draws '\\ue000' (U+E000), '\\ue001' (U+E001), '\\ue002' (U+E002), "
        "'\\ue003' (U+E003), '\\ue004' (U+E004) and "
    )
    assert messages[0].endswith("\\ue017'; they are drawn as empty boxes in PNG. " + FIX)
    assert 1 < len(messages) < 100
    assert all("\n" not in message and len(message) < 600 for message in messages)


def quarter_em_graphviz(probe: str) -> bytes:
    """A stand-in for Graphviz's -Tjson that estimates every character at a quarter em."""
    names = re.findall(r"(n[0-9]+)\[", probe)
    return json.dumps({"objects": [{"name": name, "width": 10 * 100 * 0.25 / 72} for name in names]}).encode()


def lines_of(label: str) -> list[str]:
    """A DOT label's lines, split where Graphviz breaks them: at an escape ``\\n``, never inside ``\\\\``."""
    lines = [""]
    for token in re.findall(r"\\.|[^\\]", label, re.DOTALL):
        if token == "\\n":
            lines.append("")
        else:
            lines[-1] += token
    return lines


def test_room_is_added_at_line_ends_only_never_inside_an_escape() -> None:
    estimates = Estimates(quarter_em_graphviz, "Roboto")
    # DOT text: a literal backslash followed by "nb" on the first line, "データ" on the second.
    widened = with_room_for_text('a [label="a\\\\nb\\nデータ"];', estimates)
    body = widened.removeprefix('a [label="').removesuffix('"];')
    first, second = lines_of(body)
    assert (first.rstrip(ROOM), second.rstrip(ROOM)) == ("a\\\\nb", "データ")
    # 3 em of text that Graphviz counts as 0.75 em: 9 more quarter-em ROOM characters.
    assert len(second) - len("データ") == 9
