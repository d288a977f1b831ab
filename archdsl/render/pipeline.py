"""Render one diagram to the requested formats: DOT, JSON, SVG and PNG."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from archdsl.catalog import CATALOG, Catalog
from archdsl.model import Diagram

FORMATS: Final = ("svg", "png", "dot", "json")


@dataclass(frozen=True, slots=True)
class Mark:
    """A finding drawn on the picture: the element it concerns, its legend number and its colour."""

    element: str  # a node or group id; an edge as "source->target"
    number: int
    colour: str
    legend: str


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to draw: theme, PNG scale and Graphviz engine."""

    theme: str = "light"
    scale: float = 1.0
    engine: str = "auto"


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
        from archdsl.render.svg import finish, to_png

        drawn = engine.draw(drawing.dot, {"svg", "png"} & set(wanted) | {"svg"}, options.scale)
        svg = finish(drawn["svg"], drawing.cluster_icons)
        if "svg" in wanted:
            out["svg"] = svg
        if "png" in wanted:
            out["png"] = drawn["png"] if "png" in drawn else to_png(svg, options.scale)
    return {fmt: out[fmt] for fmt in wanted}
