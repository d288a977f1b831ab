"""Draw lint findings on the diagram: offending elements outlined in their severity's colour, with a legend."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

from archdsl.diagnostics import Diagnostic, Severity
from archdsl.files import write_atomic
from archdsl.model import Diagram
from archdsl.render.pipeline import Mark, RenderOptions, render
from archdsl.subjects import subjects

COLOURS: Final = {Severity.ERROR: "#D13212", Severity.WARNING: "#E07B00", Severity.INFO: "#1166BB"}


def marks_for(diagram: Diagram, diagnostics: Sequence[Diagnostic]) -> list[Mark]:
    """One mark per finding, numbered in the order the text output lists them, on the element it points at."""
    ordered = sorted(diagnostics, key=lambda found: found.sort_key)
    marks = []
    for number, (diagnostic, element) in enumerate(zip(ordered, subjects(diagram, ordered), strict=True), start=1):
        legend = f"{diagnostic.code} {diagnostic.severity.label} (line {diagnostic.span.line}): {diagnostic.message}"
        marks.append(Mark(element, number, COLOURS[diagnostic.severity], legend))
    return marks


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
