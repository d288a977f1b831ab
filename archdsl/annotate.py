"""Draw lint findings on the diagram: offending elements outlined in their severity's colour, with a legend."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

from archdsl.diagnostics import Diagnostic, Severity
from archdsl.files import write_atomic
from archdsl.model import Diagram
from archdsl.render.pipeline import Mark, RenderOptions, render

COLOURS: Final = {Severity.ERROR: "#D13212", Severity.WARNING: "#E07B00", Severity.INFO: "#1166BB"}


def marks_for(diagram: Diagram, diagnostics: Sequence[Diagnostic]) -> list[Mark]:
    """One mark per finding, numbered in the order the text output lists them, on the element it points at."""
    elements: dict[tuple[int, int, int, int], str] = {}
    for edge in diagram.edges:
        elements.setdefault(_key(edge.span), f"{edge.source}->{edge.target}")
    for group in diagram.groups:
        elements[_key(group.span)] = group.id
    for node in diagram.nodes:
        elements[_key(node.span)] = node.id
    by_line = {node.span.line: node.id for node in reversed(diagram.nodes)}
    marks = []
    for number, diagnostic in enumerate(sorted(diagnostics, key=lambda found: found.sort_key), start=1):
        element = elements.get(_key(diagnostic.span)) or by_line.get(diagnostic.span.line, "")
        legend = f"{diagnostic.code} {diagnostic.severity.label} (line {diagnostic.span.line}): {diagnostic.message}"
        marks.append(Mark(element, number, COLOURS[diagnostic.severity], legend))
    return marks


def _key(span: object) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)  # type: ignore[attr-defined]


def write_annotated(
    diagrams: Sequence[Diagram], findings: Sequence[Sequence[Diagnostic]], directory: Path, options: RenderOptions
) -> list[Path]:
    """``<stem>.lint.svg`` and ``.png`` for every diagram with findings; returns the files written."""
    from archdsl.outputs import image_stems

    written: list[Path] = []
    for diagram, found, stem in zip(diagrams, findings, image_stems(diagrams), strict=True):
        if not found:
            continue
        for fmt, data in render(diagram, ["svg", "png"], options, marks=marks_for(diagram, found)).items():
            target = directory / f"{stem}.lint.{fmt}"
            if write_atomic(target, data):
                written.append(target)
    return written
