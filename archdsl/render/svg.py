"""Finish Graphviz's SVG so it travels (icons inlined, pixel sizes, a font stack), and rasterise it to PNG."""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from functools import cache
from typing import Final

from archdsl.render.engines import icon_file

FONT_STACK: Final = "Roboto, 'Helvetica Neue', Helvetica, Arial, sans-serif"
_HREF: Final = re.compile(rb'(xlink:href|href)="(?!data:)(?:/assets/)?((?:resources|render/icons)/[^"]+)"')
_SIZE: Final = re.compile(rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')
_COMMENT: Final = re.compile(rb"<!--.*?-->\n?", re.DOTALL)
_FONT: Final = re.compile(rb'font-family="[^"]*"')
_CLUSTER: Final = re.compile(
    rb'<title>(?P<name>cluster_[0-9]+)</title>\n<(?:polygon|path)[^>]*?(?:points|d)="(?P<points>[^"]*)"[^>]*/>\n'
)


def _with_icon(match: re.Match[bytes], cluster_icons: Mapping[str, str]) -> bytes:
    """Draw a cluster's corner icon over the spaces its label starts with."""
    icon = cluster_icons.get(match["name"].decode())
    if icon is None:
        return match[0]
    numbers = [float(value) for value in re.findall(rb"-?[0-9.]+", match["points"])]
    left, top = min(numbers[0::2]), min(numbers[1::2])
    image = (
        f'<image xlink:href="{_data_uri(icon).decode()}" x="{left + 7:.2f}" y="{top + 5:.2f}" '
        'width="18" height="18" preserveAspectRatio="xMinYMin meet"/>\n'
    ).encode()
    return match[0] + image


@cache
def _data_uri(reference: str) -> bytes:
    encoded = base64.b64encode(icon_file(reference).read_bytes())
    return b"data:image/png;base64," + encoded


def finish(svg: bytes, cluster_icons: Mapping[str, str]) -> bytes:
    """Self-contained, engine-neutral SVG: no file references, no generator comments, sizes in px."""
    svg = _HREF.sub(lambda match: match[1] + b'="' + _data_uri(match[2].decode()) + b'"', svg)
    svg = _CLUSTER.sub(lambda match: _with_icon(match, cluster_icons), svg)
    svg = _COMMENT.sub(b"", svg)
    svg = _FONT.sub(b'font-family="' + FONT_STACK.encode() + b'"', svg)

    def pixels(match: re.Match[bytes]) -> bytes:
        width, height = (round(float(value) * 4 / 3) for value in (match[1], match[2]))
        return f'<svg width="{width}px" height="{height}px"'.encode()

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
