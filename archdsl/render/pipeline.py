"""Render one diagram to the requested formats: DOT, JSON, SVG and PNG."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from archdsl.catalog import CATALOG, Catalog
from archdsl.model import Diagram

FORMATS: Final = ("svg", "png", "dot", "json")
LAYOUT_TIMEOUT_VARIABLE: Final = "ARCHDSL_LAYOUT_TIMEOUT"
DEFAULT_LAYOUT_TIMEOUT: Final = 60.0
# A PNG is refused before it is rasterised when it would be larger: 16,384 px a side, 64 megapixels
# (256 MB of pixels); `--scale 16` on a mid-sized diagram used to take 22 s and 2.7 GB.
MAX_PNG_SIDE: Final = 16_384
MAX_PNG_PIXELS: Final = 64_000_000


class RenderFailed(Exception):
    """The diagram cannot be drawn; the message says why in one line."""


class TooLargeToDraw(RenderFailed):
    """The diagram is over one of archdsl's drawing limits (a label's length, a PNG's size)."""


def check_png_size(width: float, height: float) -> None:
    """Refuse a PNG of ``width`` x ``height`` pixels that is over the limits, before anything is rasterised."""
    if max(width, height) > MAX_PNG_SIDE or width * height > MAX_PNG_PIXELS:
        raise TooLargeToDraw(
            f"the PNG would be {round(width):,} x {round(height):,} px; archdsl draws PNGs of up to "
            f"{MAX_PNG_SIDE:,} px a side and {MAX_PNG_PIXELS // 1_000_000} megapixels (use a smaller --scale)"
        )


@dataclass(frozen=True, slots=True)
class Mark:
    """A finding drawn on the picture: the element it concerns, its legend number and its colour."""

    element: str  # a node or group id; an edge as "source->target"
    number: int
    colour: str
    legend: str
    dashed: bool = False  # something that is gone: drawn dashed


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to draw: theme, PNG scale, Graphviz engine, and how long one layout may take (None: from
    ARCHDSL_LAYOUT_TIMEOUT, else 60 s)."""

    theme: str = "light"
    scale: float = 1.0
    engine: str = "auto"
    layout_timeout: float | None = None

    def timeout(self) -> float:
        """The layout time limit in seconds."""
        if self.layout_timeout is not None:
            return self.layout_timeout
        written = os.environ.get(LAYOUT_TIMEOUT_VARIABLE, "").strip()
        if not written:
            return DEFAULT_LAYOUT_TIMEOUT
        try:
            seconds = float(written)
        except ValueError:
            seconds = math.nan
        if not math.isfinite(seconds) or seconds <= 0:
            raise RenderFailed(f"{LAYOUT_TIMEOUT_VARIABLE} must be a number of seconds above 0, not {written!r}")
        return seconds


def render(
    diagram: Diagram,
    formats: Iterable[str],
    options: RenderOptions = RenderOptions(),
    catalog: Catalog = CATALOG,
    marks: Sequence[Mark] = (),
) -> dict[str, bytes]:
    """The diagram in every requested format, byte-identical for the same input and options."""
    from archdsl.render.dot import build_dot
    from archdsl.render.theme import THEMES

    wanted = list(dict.fromkeys(formats))
    unknown = [fmt for fmt in wanted if fmt not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    engine = None
    if "svg" in wanted or "png" in wanted:
        from archdsl.render.engines import select

        engine = select(options.engine)
    drawing = build_dot(
        diagram, THEMES[options.theme], catalog, html_labels=engine.html_labels if engine else True, marks=marks
    )
    out: dict[str, bytes] = {}
    if "dot" in wanted:
        out["dot"] = drawing.dot.encode("utf-8")
    if "json" in wanted:
        from archdsl.jsonmodel import diagram_json

        out["json"] = (json.dumps(diagram_json(diagram), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if engine is not None:
        from archdsl.render.svg import finish, png_size, to_png

        drawn = engine.draw(drawing.dot, {"svg", "png"} & set(wanted) | {"svg"}, options.scale, options.timeout())
        svg = finish(drawn["svg"], drawing.cluster_icons)
        if "svg" in wanted:
            out["svg"] = svg
        if "png" in wanted and "png" not in drawn:
            check_png_size(*png_size(svg, options.scale))
        if "png" in wanted:
            out["png"] = drawn["png"] if "png" in drawn else _rasterised(to_png, svg, options.scale)
    return {fmt: out[fmt] for fmt in wanted}


def _rasterised(to_png: Callable[[bytes, float], bytes], svg: bytes, scale: float) -> bytes:
    try:
        return to_png(svg, scale)
    except Exception as error:  # noqa: BLE001 - whatever resvg raises, this diagram fails alone, in one line
        raise RenderFailed(f"the PNG could not be drawn: {' '.join(str(error).split())[:200]}") from None
