"""The stable JSON form of the model and of diagnostics (schema ``archdsl-model/1``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from archdsl.diagnostics import Diagnostic
from archdsl.model import Attribute, Diagram, Edge, Group, Node, Span, Suppression

SCHEMA: Final = "archdsl-model/1"


def span_json(span: Span) -> dict[str, int]:
    """A span as ``{"line", "column", "end_line", "end_column"}`` (1-based, end exclusive)."""
    return {"line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column}


def _attributes(attributes: tuple[Attribute, ...]) -> dict[str, str]:
    return {attribute.key: attribute.value for attribute in attributes}


def node_json(node: Node) -> dict[str, Any]:
    """One node."""
    return {
        "id": node.id,
        "kind": node.kind,
        "kind_origin": node.kind_origin.value,
        "kind_text": node.kind_text,
        "kind_basis": node.kind_basis,
        "label": node.label,
        "group": node.group,
        "attributes": _attributes(node.attributes),
        "span": span_json(node.span),
    }


def group_json(group: Group) -> dict[str, Any]:
    """One group; ``tier`` is null unless it is a subnet with a known tier."""
    return {
        "id": group.id,
        "kind": group.kind.value,
        "label": group.label,
        "parent": group.parent,
        "tier": group.tier.value if group.tier else None,
        "attributes": _attributes(group.attributes),
        "span": span_json(group.span),
    }


def edge_json(edge: Edge) -> dict[str, Any]:
    """One edge from ``source`` to ``target``."""
    return {
        "source": edge.source,
        "target": edge.target,
        "label": edge.label,
        "style": edge.style.value,
        "direction": edge.direction.value,
        "attributes": _attributes(edge.attributes),
        "span": span_json(edge.span),
    }


def suppression_json(suppression: Suppression) -> dict[str, Any]:
    """One inline suppression."""
    return {
        "codes": list(suppression.codes),
        "reason": suppression.reason,
        "scope": suppression.scope.value,
        "span": span_json(suppression.span),
    }


def diagram_json(diagram: Diagram) -> dict[str, Any]:
    """One diagram with everything in it."""
    source = diagram.source
    return {
        "source": {
            "path": source.path,
            "dialect": source.dialect.value,
            "start_line": source.start_line,
            "end_line": source.end_line,
            "heading": source.heading,
            "info": source.info,
        },
        "title": diagram.title,
        "direction": diagram.direction.value,
        "phase": diagram.phase,
        "scope": diagram.scope.value,
        "scope_reason": diagram.scope_reason,
        "span": span_json(diagram.span),
        "nodes": [node_json(node) for node in diagram.nodes],
        "groups": [group_json(group) for group in diagram.groups],
        "edges": [edge_json(edge) for edge in diagram.edges],
        "suppressions": [suppression_json(suppression) for suppression in diagram.suppressions],
    }


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """One diagnostic."""
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.label,
        "message": diagnostic.message,
        "hint": diagnostic.hint,
        "path": diagnostic.path,
        "span": span_json(diagnostic.span),
    }


def document_json(diagrams: Iterable[Diagram], diagnostics: Iterable[Diagnostic]) -> dict[str, Any]:
    """The whole output of ``archdsl model --json``."""
    return {
        "schema": SCHEMA,
        "diagrams": [diagram_json(diagram) for diagram in diagrams],
        "diagnostics": [diagnostic_json(diagnostic) for diagnostic in diagnostics],
    }
