"""Which element of a diagram a finding concerns: the node, group or edge written where it points."""

from __future__ import annotations

from collections.abc import Sequence

from archdsl.diagnostics import Diagnostic
from archdsl.model import Diagram, Span


def edge_key(source: str, target: str) -> str:
    """How an edge is named as a finding's subject."""
    return f"{source}->{target}"


def _key(span: Span) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)


class Subjects:
    """Finds the element at a diagnostic's position: the node, group or edge whose span it is, else the node
    first written on that line, else none (a finding about the whole diagram)."""

    def __init__(self, diagram: Diagram) -> None:
        self.elements: dict[tuple[int, int, int, int], str] = {}
        for edge in diagram.edges:
            self.elements.setdefault(_key(edge.span), edge_key(edge.source, edge.target))
        for group in diagram.groups:
            self.elements[_key(group.span)] = group.id
        for node in diagram.nodes:
            self.elements[_key(node.span)] = node.id
        self.by_line = {node.span.line: node.id for node in reversed(diagram.nodes)}

    def of(self, diagnostic: Diagnostic) -> str:
        """The element id (an edge as ``source->target``), or ``""``."""
        return self.elements.get(_key(diagnostic.span)) or self.by_line.get(diagnostic.span.line, "")


def subjects(diagram: Diagram, diagnostics: Sequence[Diagnostic]) -> list[str]:
    """The element each of ``diagnostics`` concerns, in order."""
    found = Subjects(diagram)
    return [found.of(diagnostic) for diagnostic in diagnostics]
