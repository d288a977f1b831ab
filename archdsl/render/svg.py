"""Finish Graphviz's SVG so it travels (icons inlined, pixel sizes, a font stack), and rasterise it to PNG."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from functools import cache
from typing import Final

from archdsl.render.fonts import text_width
from archdsl.render.pipeline import RenderFailed
from archdsl.render.resources import icon_file

FONT_STACK: Final = "Roboto, 'Helvetica Neue', Helvetica, Arial, sans-serif"
# Every link attribute, whatever element carries it and however it is spelled.
_HREF: Final = re.compile(rb'\s(?P<name>(?:xlink:)?href)\s*=\s*(?P<quote>["\'])(?P<value>.*?)(?P=quote)', re.DOTALL)
_ICON: Final = re.compile(rb"(?:/assets/)?((?:resources|render/icons)/.+)")
_PNG_DATA: Final = b"data:image/png;base64,"
_TITLE_SIZE: Final = 12.0  # points: a group title's font size (archdsl/render/dot.py)
_SIZE: Final = re.compile(rb'<svg width="([0-9.]+)(?:pt|px)" height="([0-9.]+)(?:pt|px)"\s+viewBox="([-0-9. ]+)"')
_COMMENT: Final = re.compile(rb"<!--.*?-->\n?", re.DOTALL)
_FONT: Final = re.compile(rb'font-family="[^"]*"')
_CLUSTER: Final = re.compile(
    rb'<title>(?P<name>cluster_[0-9]+)</title>\n<(?:polygon|path)[^>]*?(?:points|d)="(?P<points>[^"]*)"[^>]*/>\n'
    rb'(?P<element><text[^>]*? text-anchor="(?P<anchor>[a-z]+)" x="(?P<x>-?[0-9.]+)"[^>]*>(?P<text>[^<]*)</text>)?'
)


_PAGE: Final = re.compile(
    rb'(<g id="graph0" class="graph"[^>]*>\n<title>[^<]*</title>\n<polygon fill="[^"]*" stroke="none" points=")'
    rb'([-0-9., ]+)(")'
)


def _with_icon(match: re.Match[bytes], cluster_icons: Mapping[str, str]) -> bytes:
    """Draw a cluster's corner icon over the spaces its label starts with."""
    icon = cluster_icons.get(match["name"].decode())
    if icon is None:
        return match[0]
    numbers = [float(value) for value in re.findall(rb"-?[0-9.]+", match["points"])]
    left, top = min(numbers[0::2]), min(numbers[1::2])
    if match["text"] is not None:
        # Where the title starts (placement may have moved it off an edge): the icon goes over its first spaces.
        text = html.unescape(match["text"].decode("utf-8", "replace"))
        width = text_width(text) * _TITLE_SIZE
        start = float(match["x"]) - {"middle": width / 2, "end": width}.get(match["anchor"].decode(), 0.0)
        left = start - 8
    image = (
        f'<image xlink:href="{data_uri(icon).decode()}" x="{left + 7:.2f}" y="{top + 5:.2f}" '
        'width="18" height="18" preserveAspectRatio="xMinYMin meet"/>\n'
    ).encode()
    prefix = match[0][: match.start("element") - match.start()] if match["element"] is not None else match[0]
    return prefix + image + match[0][len(prefix) :]


@cache
def data_uri(reference: str) -> bytes:
    """A trusted icon as a ``data:`` URI; empty when ``reference`` is not one (see resources.icon_file)."""
    path = icon_file(reference)
    return _PNG_DATA + base64.b64encode(path.read_bytes()) if path else b""


def _link(match: re.Match[bytes]) -> bytes:
    """Keep embedded PNGs, inline trusted icons, and drop every other link: no file is read or pointed at."""
    value = match["value"]
    if value.startswith(_PNG_DATA):
        return match[0]
    icon = _ICON.fullmatch(value)
    inlined = data_uri(icon[1].decode("utf-8", "replace")) if icon else b""
    return b" " + match["name"] + b'="' + inlined + b'"' if inlined else b""


def _viewbox(svg: bytes) -> tuple[float, float]:
    """The drawing's width and height in points, from the viewBox: the units its content is drawn in."""
    match = _SIZE.search(svg)
    if match is None:
        raise RenderFailed("Graphviz wrote an SVG without a size")
    numbers = [float(value) for value in match[3].split()]
    return numbers[2], numbers[3]


def png_size(svg: bytes, scale: float) -> tuple[float, float]:
    """The pixel size of the PNG of ``svg`` (from Graphviz or finished) at ``scale``: 96 px per inch, 72 pt."""
    width, height = _viewbox(svg)
    return width * 4 / 3 * scale, height * 4 / 3 * scale


def _page_to_edges(match: re.Match[bytes]) -> bytes:
    """The page's background polygon one point larger all round: Graphviz rounds the viewBox up to whole
    points, which would leave a strip of up to a point uncovered (a transparent row of pixels in the PNG)."""
    corners = [[float(value) for value in corner.split(b",")] for corner in match[2].split()]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    left, right, top, bottom = min(xs) - 1, max(xs) + 1, min(ys) - 1, max(ys) + 1
    points = f"{left:g},{bottom:g} {left:g},{top:g} {right:g},{top:g} {right:g},{bottom:g} {left:g},{bottom:g}"
    return match[1] + points.encode() + match[3]


def finish(svg: bytes, cluster_icons: Mapping[str, str]) -> bytes:
    """Self-contained, engine-neutral SVG: no file references, no generator comments, sizes in px that match
    the viewBox (whatever resolution Graphviz was asked for)."""
    svg = _HREF.sub(_link, svg)
    svg = _CLUSTER.sub(lambda match: _with_icon(match, cluster_icons), svg)
    svg = _COMMENT.sub(b"", svg)
    svg = _FONT.sub(b'font-family="' + FONT_STACK.encode() + b'"', svg)
    svg = _PAGE.sub(_page_to_edges, svg, count=1)
    width, height = (round(value) for value in png_size(svg, 1.0))

    def pixels(match: re.Match[bytes]) -> bytes:
        return f'<svg width="{width}px" height="{height}px"\n viewBox="{match[3].decode()}"'.encode()

    return _SIZE.sub(pixels, svg, count=1)


def _fonts() -> tuple[str, ...]:
    from archdsl.render.fonts import png_font_files

    return png_font_files()


def to_png(svg: bytes, scale: float = 1.0) -> bytes:
    """Rasterise finished SVG with resvg and the bundled fonts only (Roboto, Noto Sans CJK): the same bytes on
    every machine, no system libraries or fonts needed. Characters none of them draws are logged as a warning."""
    import resvg_py

    from archdsl.render.fonts import texts_of, warn_missing

    warn_missing(texts_of(svg))
    png = resvg_py.svg_to_bytes(
        svg_string=svg.decode("utf-8"),
        zoom=scale,
        skip_system_fonts=True,
        font_files=list(_fonts()),
        font_family="Roboto",
        sans_serif_family="Roboto",
    )
    return bytes(png)
