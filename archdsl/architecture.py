"""Mermaid ``architecture-beta`` diagrams (grammar/mermaid_architecture.lark) to the model."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Final

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from archdsl import grammars
from archdsl.catalog import Catalog
from archdsl.diagnostics import PARSE_ERROR, Diagnostic, Severity
from archdsl.groupkinds import infer_group
from archdsl.infer.kinds import KindGuess, guess_kind, settle_kinds, settled_kind
from archdsl.mermaid_lexer import blank_front_matter, front_matter_settings
from archdsl.model import (
    Attribute,
    Diagram,
    Direction,
    Edge,
    EdgeDirection,
    Group,
    GroupKind,
    KindOrigin,
    Mention,
    Node,
    Span,
)
from archdsl.sources import SourceBlock

# Mermaid's built-in architecture icons, and what they stand for.
_BUILTIN_ICONS: Final = {
    "database": "database",
    "server": "server",
    "internet": "actor",
    "disk": "storage",
    "cloud": "generic",
}
_ICON_PREFIX: Final = re.compile(r"^(?:[a-z0-9-]+:)?(?:aws[-_]?)?", re.IGNORECASE)


@cache
def _parser() -> Lark:
    return grammars.build("mermaid_architecture")


@dataclass(slots=True)
class _Element:
    id: str
    kind: str  # "group", "service" or "junction"
    icon: str | None
    title: str | None
    parent: str | None
    span: Span


class _Rejected(Exception):
    def __init__(self, message: str, span: Span, hint: str | None = None) -> None:
        super().__init__(message)
        self.span = span
        self.hint = hint


def parse_architecture(block: SourceBlock, catalog: Catalog) -> tuple[Diagram | None, tuple[Diagnostic, ...]]:
    """Read an architecture-beta block; Mermaid's own checks (unknown or duplicate ids, ...) become ARCH001."""
    text = block.text if block.text.endswith("\n") else block.text + "\n"
    text, front_matter = blank_front_matter(text)
    code, name = PARSE_ERROR
    try:
        tree = _parser().parse(text)
        diagram = _build(block, tree, catalog)
        title, phase = front_matter_settings(front_matter)
        diagram = replace(diagram, title=diagram.title or title, phase=phase)
    except UnexpectedInput as error:
        line, column = error.line, error.column
        if isinstance(error, UnexpectedToken) and error.token.type == "$END":
            line, column = max(text.rstrip().count("\n") + 1, 1), 1
        found = (
            f"unexpected {text[error.pos_in_stream or 0]!r}"
            if isinstance(error, UnexpectedCharacters)
            else f"unexpected {_describe(error)}"
        )
        span = block.span(line, column, line, column + 1)
        hint = "write 'service id(icon)[Title] in group' or 'a:R --> L:b'"
        return None, (Diagnostic(code, name, Severity.ERROR, f"Cannot parse diagram: {found}", block.path, span, hint),)
    except _Rejected as rejected:
        return None, (
            Diagnostic(
                code,
                name,
                Severity.ERROR,
                f"Cannot parse diagram: {rejected}",
                block.path,
                rejected.span,
                rejected.hint,
            ),
        )
    return diagram, ()


def _describe(error: UnexpectedInput) -> str:
    token = getattr(error, "token", None)
    if token is None or token.type == "$END":
        return "end of the diagram"
    if token.type == "_NL":
        return "end of the line"
    return f"'{token}'"


def _span(block: SourceBlock, first: Token, last: Token | None = None) -> Span:
    last = last or first
    return block.span(first.line or 1, first.column or 1, last.end_line or 1, last.end_column or 1)


def _title(token: Token | None) -> str | None:
    if token is None:
        return None
    inner = str(token)[1:-1]
    return inner[1:-1] if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "\"'" else inner


def _build(block: SourceBlock, tree: Tree[Token], catalog: Catalog) -> Diagram:
    elements: dict[str, _Element] = {}
    order: dict[str, list[_Element]] = {"group": [], "service": [], "junction": []}
    edges: list[tuple[Tree[Token], Span]] = []
    title = ""
    for statement in tree.children:
        if not isinstance(statement, Tree):
            continue
        kind = str(statement.data)
        tokens = [child for child in statement.children if isinstance(child, Token)]
        parent_tree = next((child for child in statement.children if isinstance(child, Tree)), None)
        parent = str(parent_tree.children[0]) if parent_tree is not None else None
        if kind in order:
            ident = tokens[0]
            icon = next((str(t)[1:-1] for t in tokens if t.type == "ICON"), None)
            icon = icon or next((str(t)[1:-1] for t in tokens if t.type == "STRING"), None)
            label = _title(next((t for t in tokens if t.type == "LABEL"), None))
            order[kind].append(_Element(str(ident), kind, icon, label, parent, _span(block, ident, tokens[-1])))
        elif kind == "edge":
            edges.append((statement, _span(block, tokens[0], tokens[-1])))
        elif kind == "title" and str(tokens[0]).startswith("title"):
            title = str(tokens[0])[len("title") :].strip()
    # Mermaid registers every group, then every service, then every junction, then the edges.
    for kind in ("group", "service", "junction"):
        for element in order[kind]:
            if element.id in elements:
                raise _Rejected(
                    f"the {kind} id [{element.id}] is already in use by another {elements[element.id].kind}",
                    element.span,
                    "give every element its own id",
                )
            if element.parent is not None:
                if element.parent == element.id:
                    raise _Rejected(f"the {kind} [{element.id}] cannot be placed within itself", element.span)
                container = elements.get(element.parent)
                if container is None:
                    raise _Rejected(
                        f"the {kind} [{element.id}]'s parent [{element.parent}] does not exist",
                        element.span,
                        "declare the group before the elements placed in it",
                    )
                if container.kind != "group":
                    raise _Rejected(f"the {kind} [{element.id}]'s parent is not a group", element.span)
            elements[element.id] = element
    model_edges = [_edge(statement, span, elements) for statement, span in edges]
    groups = []
    for element in order["group"]:
        group_kind, tier = infer_group(element.id, element.title or "")
        if group_kind is GroupKind.GENERIC and element.icon and "cloud" in element.icon.lower():
            group_kind = GroupKind.CLOUD
        attributes = [Attribute("icon", element.icon, element.span)] if element.icon else []
        if tier is not None:
            attributes.append(Attribute("tier", tier.value, element.span))
        groups.append(
            Group(element.id, group_kind, element.title or element.id, element.parent, element.span, tuple(attributes))
        )
    mentions: dict[str, list[Mention]] = {}
    for element in (*order["service"], *order["junction"]):
        mentions.setdefault(element.id, []).append(Mention(element.parent, element.span))
    nodes = [
        _node(element, catalog, tuple(mentions[element.id])) for element in (*order["service"], *order["junction"])
    ]
    nodes = settle_kinds(nodes, groups, catalog)
    last_line = max(block.line_count, 1)
    return Diagram(
        source=block.source(),
        span=block.fence_span or block.span(1, 1, last_line, 1),
        title=title,
        direction=Direction.LR,
        nodes=tuple(nodes),
        groups=tuple(groups),
        edges=tuple(model_edges),
    )


def _node(element: _Element, catalog: Catalog, mentions: tuple[Mention, ...]) -> Node:
    label = element.title or element.id
    attributes = [Attribute("icon", element.icon, element.span)] if element.icon else []
    if element.kind == "junction":
        return Node(
            element.id,
            "junction",
            "",
            element.parent,
            element.span,
            (Attribute("shape", "junction", element.span),),
            KindOrigin.EXPLICIT,
            "junction",
            mentions,
        )
    icon = element.icon or ""
    hints = [(_ICON_PREFIX.sub("", icon), "icon")] if icon else []
    guess = guess_kind(catalog, element.id, label, hints)
    if guess.basis == "icon" and "aws" in icon.lower():  # logos:aws-api-gateway is Amazon API Gateway
        guess = replace(guess, kind=settled_kind(guess.kind, guess.text, "", aws_diagram=True))
    if guess.origin is KindOrigin.UNKNOWN and icon.lower() in _BUILTIN_ICONS:
        guess = KindGuess(_BUILTIN_ICONS[icon.lower()], KindOrigin.HINT, icon, "icon")
    if guess.role:
        attributes.append(Attribute("role", guess.role, element.span))
    return Node(
        element.id,
        guess.kind,
        label,
        element.parent,
        element.span,
        tuple(attributes),
        guess.origin,
        guess.text,
        mentions,
        kind_basis=guess.basis,
    )


def _edge(statement: Tree[Token], span: Span, elements: dict[str, _Element]) -> Edge:
    tokens = [child for child in statement.children if isinstance(child, Token)]
    ids = [token for token in tokens if token.type == "ID"]
    left, right = str(ids[0]), str(ids[1])
    sides = [str(token) for token in tokens if token.type == "SIDE"]
    into_left = into_right = False
    seen_arrow = False
    crosses_left = crosses_right = False
    label = ""
    for token in tokens:
        if token.type in ("DASHES", "LABEL"):
            seen_arrow = True
            label = _title(token) or "" if token.type == "LABEL" else label
        elif token.type == "INTO":
            into_right, into_left = (True, into_left) if seen_arrow else (into_right, True)
        elif token.type == "GROUP_MOD":
            crosses_right, crosses_left = (True, crosses_left) if seen_arrow else (crosses_right, True)
    for end in (left, right):
        element = elements.get(end)
        if element is None:
            raise _Rejected(
                f"the id [{end}] of this edge does not exist",
                span,
                "declare the service or junction before the edges that use it",
            )
        if element.kind == "group":
            raise _Rejected(
                f"[{end}] is a group; architecture-beta edges join services and junctions",
                span,
                "connect a service and mark the side with {group}: a{group}:R --> L:b",
            )
    left_parent, right_parent = elements[left].parent, elements[right].parent
    if (crosses_left or crosses_right) and left_parent and right_parent and left_parent == right_parent:
        raise _Rejected(
            "the edge is marked {group} but does not leave the group",
            span,
            "drop {group}, or connect elements of two different groups",
        )
    if into_left and not into_right:
        left, right = right, left
        sides.reverse()
    direction = (
        EdgeDirection.BOTH
        if into_left and into_right
        else (EdgeDirection.FORWARD if into_left or into_right else EdgeDirection.NONE)
    )
    attributes = (Attribute("sides", ",".join(sides), span),)
    return Edge(left, right, label, span, direction=direction, attributes=attributes)
