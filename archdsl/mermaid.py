"""Mermaid diagrams in Markdown to the model: what Mermaid sees, plus the kinds and the traps it hides."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Final

from archdsl.catalog import CATALOG, Catalog
from archdsl.diagnostics import DUPLICATE_ID, PARSE_ERROR, SKIPPED_DIAGRAM, Diagnostic, Severity
from archdsl.directives import DirectiveError, is_directive, parse_suppression
from archdsl.flowchart import (
    SHAPE_OPENINGS,
    Flowchart,
    FlowchartError,
    FlowchartRejected,
    FlowEdge,
    OpenLabel,
    Position,
    Subgraph,
    Vertex,
    drawn_subgraphs,
    parse_flowchart,
)
from archdsl.groupkinds import infer_group
from archdsl.infer.kinds import KindGuess, guess_kind, near_miss, settle_kinds
from archdsl.labels import plain
from archdsl.mermaid_lexer import Preprocessed, front_matter_settings, preprocess
from archdsl.model import (
    PHASES,
    Attribute,
    Diagram,
    Direction,
    Edge,
    EdgeDirection,
    EdgeStyle,
    Group,
    GroupKind,
    KindOrigin,
    Mention,
    Node,
    Span,
    Suppression,
)
from archdsl.sources import SourceBlock

MULTILINE_EDGE_LABEL: Final = ("ARCH014", "multiline-edge-label")
SWALLOWED_LINE: Final = ("ARCH015", "direction-swallows-line")
RESERVED_TOKEN: Final = ("ARCH010", "mermaid-reserved-token")
MALFORMED_SUPPRESSION: Final = ("ARCH012", "malformed-suppression")
UNKNOWN_SERVICE_NAME: Final = ("ARCH018", "unknown-service-name")

_FLOWCHART_HEADERS: Final = ("flowchart-elk", "swimlane-beta", "flowchart", "graph")
_ARCHITECTURE_HEADER: Final = "architecture-beta"
_OTHER_DIAGRAMS: Final = (
    "sequenceDiagram",
    "classDiagram-v2",
    "classDiagram",
    "stateDiagram-v2",
    "stateDiagram",
    "erDiagram",
    "journey",
    "gantt",
    "pie",
    "quadrantChart",
    "requirementDiagram",
    "gitGraph",
    "C4Context",
    "C4Container",
    "C4Component",
    "C4Dynamic",
    "C4Deployment",
    "mindmap",
    "timeline",
    "zenuml",
    "sankey-beta",
    "sankey",
    "xychart-beta",
    "xychart",
    "block-beta",
    "block",
    "packet-beta",
    "packet",
    "kanban",
    "radar-beta",
    "treemap-beta",
    "treemap",
    "venn-beta",
    "info",
    "ishikawa-beta",
)
_DIRECTIONS: Final = {"TB": Direction.TB, "BT": Direction.BT, "LR": Direction.LR, "RL": Direction.RL}
_STROKES: Final = {
    "normal": EdgeStyle.SOLID,
    "thick": EdgeStyle.THICK,
    "dotted": EdgeStyle.DASHED,
    "invisible": EdgeStyle.INVISIBLE,
}
_COMMENT_LINE: Final = re.compile(r"^[ \t]*%%(?!\{)(?P<body>[^\n]*)$", re.MULTILINE)
_KIND_HINT: Final = re.compile(r"^\s*archdsl\s*:\s*(?:kinds?\s+)?(?P<pairs>[^=\s]+\s*=.*)$", re.IGNORECASE)
_ICON_PREFIX: Final = re.compile(r"^(?:[a-z0-9-]+:)?(?:aws[-_]?)?", re.IGNORECASE)
_KEYWORD_TOKENS: Final = {
    "END": "end",
    "STYLE": "style",
    "CLASS": "class",
    "CLASSDEF": "classDef",
    "DEFAULT": "default",
    "LINKSTYLE": "linkStyle",
    "SUBGRAPH": "subgraph",
    "CALLBACKNAME": "call",
    "CLICK": "click",
    "GRAPH": "graph",
    "INTERPOLATE": "interpolate",
}


@dataclass(frozen=True, slots=True)
class MermaidResult:
    """One fence read as Mermaid: the diagram, if any, and what was found."""

    diagram: Diagram | None
    diagnostics: tuple[Diagnostic, ...]


def diagram_type(prepared: Preprocessed) -> str | None:
    """The diagram keyword Mermaid would detect (``graph``, ``sequenceDiagram``, ...), if any."""
    body = prepared.text.text.lstrip()
    for keyword in (*_FLOWCHART_HEADERS, _ARCHITECTURE_HEADER, *_OTHER_DIAGRAMS):
        if body.startswith(keyword):
            return keyword
    return None


def skipped_diagram_type(text: str) -> str | None:
    """The type of a Mermaid diagram archdsl skips (``sequenceDiagram``, ``pie``...): it is never drawn."""
    keyword = diagram_type(preprocess(text))
    return keyword if keyword in _OTHER_DIAGRAMS else None


def parse_mermaid_block(block: SourceBlock, catalog: Catalog) -> MermaidResult:
    """Read one Mermaid fence into the model, with Mermaid's verdict and archdsl's warnings."""
    report = _Reporter(block)
    prepared = preprocess(block.text)
    keyword = diagram_type(prepared)
    if keyword == _ARCHITECTURE_HEADER:
        from archdsl.architecture import parse_architecture

        diagram, found = parse_architecture(block, catalog)
        report.found.extend(found)
        return MermaidResult(diagram and _checked_phase(block, diagram, report), report.sorted())
    if keyword is None or keyword not in _FLOWCHART_HEADERS:
        first = _first_written(block.text)
        if keyword is None:
            report.add(
                PARSE_ERROR,
                Severity.ERROR,
                "Cannot parse diagram: no Mermaid diagram type detected",
                first,
                "start the diagram with 'flowchart LR', 'graph TD' or 'architecture-beta'",
            )
        else:
            report.add(
                SKIPPED_DIAGRAM,
                Severity.INFO,
                f"Skipped a Mermaid {keyword}: archdsl reads flowcharts and architecture-beta diagrams",
                first,
                "nothing to fix; archdsl reads flowchart and architecture-beta diagrams",
            )
        return MermaidResult(None, report.sorted())
    try:
        chart = parse_flowchart(block.text, prepared)
    except FlowchartRejected as rejected:
        message, hint = explain_rejection(rejected.error, block.text)
        report.add(PARSE_ERROR, Severity.ERROR, f"Cannot parse diagram: {message}", rejected.error.position, hint)
        return MermaidResult(None, report.sorted())
    suppressions, hints = _directives(block, report)
    diagram = _checked_phase(block, _to_model(block, chart, catalog, suppressions, hints), report)
    _traps(block.text, chart, diagram, report)
    _reused_subgraph_ids(chart, report)
    report.found.extend(unknown_service_names(block, diagram, catalog))
    return MermaidResult(diagram, report.sorted())


def _reused_subgraph_ids(chart: Flowchart, report: _Reporter) -> None:
    """A subgraph id written again (a copied AZ block): Mermaid silently draws both blocks as one box."""
    first: dict[str, Subgraph] = {}
    for subgraph in sorted(chart.subgraphs, key=lambda written: (written.position.line, written.position.column)):
        seen = first.setdefault(subgraph.id, subgraph)
        if seen is not subgraph:
            earlier = report.span(seen.position).line
            report.add(
                DUPLICATE_ID,
                Severity.ERROR,
                f"subgraph id '{subgraph.id}' is already used at line {earlier}: Mermaid draws one box "
                "holding the nodes of both blocks",
                subgraph.position,
                f"give this block its own id (subgraph {subgraph.id}2[...])",
            )


def _checked_phase(block: SourceBlock, diagram: Diagram, report: _Reporter) -> Diagram:
    """The diagram with the front matter's phase, or an error and no phase when it names none of PHASES."""
    if diagram.phase is None or diagram.phase in PHASES:
        return diagram
    report.add(
        PARSE_ERROR,
        Severity.ERROR,
        f"Cannot parse diagram: unknown phase '{diagram.phase}'",
        _setting_position(block.text, "phase"),
        "use prototype, 10k or 1m",
    )
    return replace(diagram, phase=None)


def _setting_position(text: str, key: str) -> Position:
    """Where a front-matter ``key:`` is written (its first line when not found on a line of its own)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip().startswith(f"{key}:"):
            column = len(line) - len(line.lstrip()) + 1
            return Position(number, column, number, len(line.rstrip()) + 1)
    return Position(1, 1, 1, 2)


class _Reporter:
    def __init__(self, block: SourceBlock) -> None:
        self.block = block
        self.found: list[Diagnostic] = []

    def span(self, position: Position) -> Span:
        return self.block.span(position.line, position.column, position.end_line, position.end_column)

    def add(
        self, code_and_name: tuple[str, str], severity: Severity, message: str, position: Position, hint: str | None
    ) -> None:
        code, name = code_and_name
        self.found.append(Diagnostic(code, name, severity, message, self.block.path, self.span(position), hint))

    def sorted(self) -> tuple[Diagnostic, ...]:
        return tuple(sorted(self.found, key=lambda diagnostic: diagnostic.sort_key))


def _first_written(text: str) -> Position:
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("%%"):
            column = len(line) - len(line.lstrip()) + 1
            return Position(number, column, number, column + len(stripped))
    return Position(1, 1, 1, 2)


# --- Why Mermaid rejects a diagram, in words -----------------------------------------------------


def explain_rejection(error: FlowchartError, text: str) -> tuple[str, str | None]:
    """A message and a hint for a diagram Mermaid cannot render."""
    lines = text.split("\n")
    line_text = lines[error.position.line - 1] if 0 < error.position.line <= len(lines) else ""
    if error.kind == "lexical":
        return _explain_lexical(error, line_text)
    if error.kind == "preprocess":
        return error.message, "quote values that contain ': ' in the front matter, e.g. title: \"A: B\""
    if error.kind == "db":
        return f"Mermaid fails while building the diagram: {error.message}", (
            "linkStyle counts edges from 0 in the order they are written" if "style" in error.message else None
        )
    token = error.token_type or ""
    found = _describe(token, error.token_text)
    if token == "$END":
        return "the diagram ends inside a subgraph", "close every 'subgraph' with 'end' on its own line"
    if token in _KEYWORD_TOKENS and "NODE_STRING" in error.expected and "SUBGRAPH" not in error.expected:
        word = _KEYWORD_TOKENS[token]
        return f"'{word}' is a Mermaid keyword and cannot be a node id", (
            f"capitalise it or change it (e.g. '{word.capitalize()}' or '{word}_node')"
        )
    if token == "END":
        return "'end' without a matching 'subgraph'", "remove it, or open the subgraph it should close"
    if token == "LINK" and "GRAPH" in error.expected:
        return "a Mermaid diagram must start with 'graph' or 'flowchart'", (
            "front matter (---) must be the very first lines, before any %% comment"
        )
    if "%%" in error.token_text or ("%%" in line_text and token == "NODE_STRING"):
        return "Mermaid allows '%%' comments only on lines of their own", "move the comment to its own line"
    if error.open_label is not None:
        explained = _explain_in_label(error, error.open_label, line_text)
        if explained is not None:
            return explained
    if token == "PS" and ("SQE" in error.expected or "TEXT" in error.expected or "SEMI" in error.expected):
        return "'(' inside a label starts a new shape", 'quote the label: A["ALB (a)"]'
    if token == "SQE":
        return "an empty label [] is not allowed", "write a label or drop the brackets"
    if token == "SQS":
        return "a space between the id and '[' separates them", "write A[Label] with no space"
    if token == "PIPE":
        return "an edge written 'A -- text --> B' cannot also have a |label|", "keep one of the two labels"
    if token == "SPACE" and "SEMI" in error.expected:
        return "spaces after the closing bracket break the line", "remove the trailing spaces"
    if token == "UNICODE_TEXT" and "style" in line_text:
        return "two style statements on one line", "put each style statement on its own line"
    if token in ("NODE_STRING", "DIR") and ("SEMI" in error.expected or "NEWLINE" in error.expected):
        return f"unexpected {found}: Mermaid expects one statement per line", (
            "separate statements with a new line or ';'"
        )
    return f"unexpected {found}", None


# How Mermaid closes each shape a label can open; the first closing is the one to suggest.
_CLOSINGS: Final = {
    "[": ("]",),
    "(": (")",),
    "((": ("))",),
    "(((": (")))",),
    "(-": ("-)",),
    "([": ("])",),
    "[[": ("]]",),
    "[(": (")]",),
    "{": ("}",),
    "{{": ("}}",),
    ">": ("]",),
    "[/": ("/]", "\\]"),
    "[\\": ("\\]", "/]"),
    "[|": ("]",),
}
_SHAPE_NAMES: Final = {"[(": "cylinder", "((": "circle", "(((": "double circle", "([": "stadium", "{": "diamond"}
# Tokens that close a shape's label.
_CLOSING_TOKENS: Final = frozenset(
    {
        "SQE",
        "PE",
        "DOUBLECIRCLEEND",
        "ELLIPSE_END",
        "STADIUMEND",
        "SUBROUTINEEND",
        "CYLINDEREND",
        "DIAMOND_STOP",
        "TRAPEND",
        "INVTRAPEND",
    }
)
# Tokens that open a new shape, or close one: met inside a label, the label was not what the author meant.
_BRACKET_TOKENS: Final = SHAPE_OPENINGS | _CLOSING_TOKENS


def _explain_in_label(error: FlowchartError, label: OpenLabel, line_text: str) -> tuple[str, str] | None:
    """A bracket met while reading a label: say which label it breaks and how to close or quote it."""
    token = error.token_type or ""
    if token not in _BRACKET_TOKENS or label.opening not in (*_CLOSINGS, "|"):
        return None
    found = error.token_text.strip()
    if label.opening == "|":
        return f"'{found}' inside an edge label |...| must be quoted", 'quote the label: A -->|"text [x]"| B'
    closing = _CLOSINGS[label.opening][0]
    whose = f"the title of subgraph '{label.owner}'" if label.in_subgraph else f"the label of '{label.owner}'"
    shape = _SHAPE_NAMES.get(label.opening)
    opened = f"opened with '{label.opening}'" + (f" (a {shape})" if shape and not label.in_subgraph else "")
    same_line = label.position.line == error.position.line
    text = line_text[label.position.end_column - 1 : error.position.column - 1] if same_line else "..."
    written = f"{label.owner}{label.opening}{text}{closing}"
    if token in _CLOSING_TOKENS:
        if not text.strip():
            return None  # an empty label: the message for [] says it
        return f"{whose}, {opened}, must close with '{closing}', not '{found}'", (
            f"write {written}" if not label.in_subgraph else f"close the title with '{closing}'"
        )
    rest = line_text[error.position.end_column - 1 :] if same_line else ""
    if any(end in rest for end in _CLOSINGS[label.opening]):
        quoted = f'{label.owner}{label.opening}"..."{closing}'
        if label.in_subgraph:
            return f"'{found}' inside {whose} starts a new shape", f"quote the title: subgraph {quoted}"
        return f"'{found}' inside {whose} starts a new shape", f"quote the label: {quoted}"
    return f"{whose} is never closed: '{found}' stands where '{closing}' should close it", (
        f"write {written}" if not label.in_subgraph else f"close the title with '{closing}'"
    )


def _explain_lexical(error: FlowchartError, line_text: str) -> tuple[str, str | None]:
    char = error.token_text
    before = line_text[: error.position.column - 1]
    if re.search(r"--\s+[^>]*$", before) and char == "-":
        return "'--' inside an edge text ends the text", 'quote the text: A -- "a--b" --> B'
    if re.search(r"==\s+[^>]*$", before) and char == "=":
        return "'=' inside a thick edge text ends the text", 'quote the text: A == "x=1" ==> B'
    if re.search(r"-\.\s+[^>]*$", before) and char == ".":
        return "'.' inside a dotted edge text ends the text", 'quote the text: A -. "v1.2" .-> B'
    if re.match(r"^\s*(graph|flowchart)\b", line_text):
        return "the direction must be one of TB, TD, BT, LR, RL in capitals", "write 'flowchart LR'"
    if char == "=":
        return "'=' cannot appear in a node id", "use letters, digits, '_' or '-' in ids"
    return f"Mermaid cannot read {char!r} here", "use letters, digits, '_' and '-' in ids; quote labels"


def _describe(token: str, text: str) -> str:
    shown = text.strip() or text
    if token in ("NEWLINE", "EOF", "$END"):
        return "the end of the line" if token == "NEWLINE" else "the end of the diagram"
    if token == "SPACE":
        return "a space"
    return f"'{shown}'"


# --- Comment directives: suppressions and kind hints ----------------------------------------------


def _directives(block: SourceBlock, report: _Reporter) -> tuple[list[Suppression], dict[str, str]]:
    suppressions: list[Suppression] = []
    hints: dict[str, str] = {}
    for match in _COMMENT_LINE.finditer(block.text):
        body = match["body"]
        if not is_directive(body):
            continue
        line = block.text.count("\n", 0, match.start()) + 1
        column = match.start("body") - match.start() - 1
        position = Position(line, column, line, column + len(body) + 2)
        kinds = _KIND_HINT.match(body)
        if kinds and not re.match(r"^\s*archdsl\s*:\s*(disable|enable)", body, re.IGNORECASE):
            for pair in kinds["pairs"].split(","):
                name, _, kind = pair.partition("=")
                if name.strip() and kind.strip():
                    hints[name.strip()] = kind.strip()
            continue
        found = parse_suppression(body, report.span(position), trailing=False)
        if isinstance(found, DirectiveError):
            report.found.append(
                Diagnostic(*MALFORMED_SUPPRESSION, Severity.ERROR, found.message, block.path, found.span, found.hint)
            )
        elif found is not None:
            suppressions.append(found)
    return suppressions, hints


# --- Mermaid's graph to the model -----------------------------------------------------------------


def _to_model(
    block: SourceBlock, chart: Flowchart, catalog: Catalog, suppressions: list[Suppression], hints: dict[str, str]
) -> Diagram:
    def span(position: Position) -> Span:
        return block.span(position.line, position.column, position.end_line, position.end_column)

    owner = _owners(chart.subgraphs)
    subgraph_ids = {subgraph.id for subgraph in chart.subgraphs}
    groups = []
    for subgraph in drawn_subgraphs(chart.subgraphs):
        kind, tier = infer_group(subgraph.id, subgraph.title)
        attributes = [Attribute("tier", tier.value, span(subgraph.position))] if tier else []
        if subgraph.direction:
            attributes.append(Attribute("direction", subgraph.direction, span(subgraph.position)))
        groups.append(
            Group(
                subgraph.id,
                kind,
                plain(subgraph.title) or subgraph.id,
                owner.get(subgraph.id),
                span(subgraph.position),
                tuple(attributes),
            )
        )
    group_names = [subgraph.id for subgraph in chart.subgraphs]
    mentions: dict[str, list[Mention]] = {}
    for mention in chart.mentions:
        group = group_names[mention.subgraph] if mention.subgraph is not None else None
        mentions.setdefault(mention.id, []).append(Mention(group, span(mention.position)))
    nodes = [
        _node(vertex, owner.get(vertex.id), span(vertex.position), catalog, hints, tuple(mentions.get(vertex.id, ())))
        for vertex in chart.vertices.values()
        if vertex.id not in subgraph_ids
    ]
    nodes = settle_kinds(nodes, groups, catalog)
    edges = [_edge(edge, span) for edge in chart.edges]
    title, phase = front_matter_settings(chart.front_matter)
    last_line = max(block.line_count, 1)
    return Diagram(
        source=block.source(),
        span=block.fence_span or block.span(1, 1, last_line, 1),
        title=title,
        direction=_DIRECTIONS.get(chart.direction, Direction.TB),
        phase=phase,
        nodes=tuple(nodes),
        groups=tuple(groups),
        edges=tuple(edges),
        suppressions=tuple(suppressions),
    )


def _owners(subgraphs: list[Subgraph]) -> dict[str, str]:
    """Which subgraph each id belongs to; parents that would make a cycle are dropped."""
    owner: dict[str, str] = {}
    for subgraph in subgraphs:
        for member in subgraph.nodes:
            if member in owner or member == subgraph.id:
                continue
            ancestor: str | None = subgraph.id
            while ancestor is not None and ancestor != member:
                ancestor = owner.get(ancestor)
            if ancestor is None:
                owner[member] = subgraph.id
    return owner


def _node(
    vertex: Vertex,
    group: str | None,
    span: Span,
    catalog: Catalog,
    hints: dict[str, str],
    mentions: tuple[Mention, ...],
) -> Node:
    label = plain(vertex.text) if vertex.text else vertex.id
    guess = _kind(vertex, label, catalog, hints)
    attributes: list[Attribute] = []
    if vertex.shape:
        attributes.append(Attribute("shape", vertex.shape, span))
    if vertex.icon:
        attributes.append(Attribute("icon", vertex.icon, span))
    if vertex.classes:
        attributes.append(Attribute("class", " ".join(vertex.classes), span))
    if guess.role:
        attributes.append(Attribute("role", guess.role, span))
    return Node(
        vertex.id,
        guess.kind,
        label,
        group,
        span,
        tuple(attributes),
        guess.origin,
        guess.text,
        mentions,
        kind_basis=guess.basis,
    )


def _kind(vertex: Vertex, label: str, catalog: Catalog, hints: dict[str, str]) -> KindGuess:
    explicit: list[tuple[str, str]] = []
    if vertex.id in hints:
        explicit.append((hints[vertex.id], "hint"))
    if vertex.icon:
        explicit.append((_ICON_PREFIX.sub("", vertex.icon), "icon"))
    explicit.extend((name, "class") for name in vertex.classes)
    cylinder = vertex.shape == "cylinder" or vertex.data.get("shape") in ("cyl", "cylinder", "db", "database")
    return guess_kind(catalog, vertex.id, label, explicit, cylinder=cylinder)


def unknown_service_names(block: SourceBlock, diagram: Diagram, catalog: Catalog) -> list[Diagnostic]:
    """ARCH018: a node read as nothing or as a vendor-neutral kind whose label (or id) is a letter or
    two from an AWS name (``DB[Aurura cluster]``)."""
    found = []
    for node in diagram.nodes:
        service = catalog.lookup(node.kind)
        neutral = node.kind_origin is KindOrigin.INFERRED and service is not None and not service.aws
        if node.kind_origin is not KindOrigin.UNKNOWN and not (neutral and node.kind != "generic"):
            continue  # a node read as an AWS service, hinted, or a remark: its words were understood
        first_line = node.label.split("\n", 1)[0]
        miss = near_miss(catalog, first_line) or (near_miss(catalog, node.id) if node.id != first_line else None)
        if miss is None:
            continue
        written, key = miss
        title = catalog.get(key).title
        found.append(
            Diagnostic(
                *UNKNOWN_SERVICE_NAME,
                Severity.INFO,
                f"'{written}' in node '{node.id}' names no known service; did you mean {title} ({key})?",
                block.path,
                node.span,
                f"spell it '{title}', or map the word to a kind with an alias in the archdsl configuration",
            )
        )
    return found


def _edge(edge: FlowEdge, span: Callable[[Position], Span]) -> Edge:
    kind = edge.type
    direction = (
        EdgeDirection.BOTH
        if kind.startswith("double_")
        else (EdgeDirection.NONE if kind == "arrow_open" else EdgeDirection.FORWARD)
    )
    attributes = [Attribute("arrow", kind, span(edge.position))]
    if edge.length > 1:
        attributes.append(Attribute("length", str(edge.length), span(edge.position)))
    return Edge(
        edge.start,
        edge.end,
        edge.text,
        span(edge.position),
        _STROKES.get(edge.stroke, EdgeStyle.SOLID),
        direction,
        tuple(attributes),
        span(edge.start_position),
        span(edge.end_position),
        span(edge.label_position) if edge.label_position else None,
    )


# --- What Mermaid accepts but almost surely is a mistake -------------------------------------------


def _traps(text: str, chart: Flowchart, diagram: Diagram, report: _Reporter) -> None:
    lines = text.split("\n")
    for edge in chart.edges:
        position = edge.label_position
        if position is not None and edge.label_type == "text" and position.end_line > position.line:
            opener = "'|'" if edge.label_delimiter == "|" else "edge text"
            shown = " ".join(edge.text.split())
            report.add(
                MULTILINE_EDGE_LABEL,
                Severity.WARNING,
                f"the edge label opened by {opener} here is not closed on this line: Mermaid reads "
                f"everything up to line {report.span(position).end_line} as the label, so this draws "
                f'{edge.start} -> {edge.end} labelled "{shown}"',
                Position(position.line, position.column, position.line, position.column + 1),
                "close the label on the same line (A -->|text| B), or drop the '|' (A --> B)",
            )
        _glued_arrowhead(edge, report)
    for written, position in chart.directions_in_text:
        if not re.fullmatch(r"\s*direction\s+(TB|BT|RL|LR|TD)\s*", written):
            line = lines[position.line - 1] if position.line <= len(lines) else written
            column = line.index("direction") + 1 if "direction" in line else position.column
            report.add(
                SWALLOWED_LINE,
                Severity.WARNING,
                "Mermaid reads this whole line as a 'direction' statement because it contains the "
                "word 'direction' before TB/BT/LR/RL; everything else on it is dropped",
                Position(position.line, column, position.line, column + len("direction")),
                "reword the label or put 'direction ..' on a line of its own",
            )
    _ambiguous_membership(diagram, report)


def _glued_arrowhead(edge: FlowEdge, report: _Reporter) -> None:
    """``A --oauth``: the ``o`` (or ``x``) right after the dashes is an arrowhead, not the id's first letter."""
    arrow = edge.link_text.strip()
    link = edge.link_position
    if arrow[-1:] not in ("o", "x") or link is None or edge.link_text != edge.link_text.rstrip():
        return  # Mermaid's link token takes the blanks after it: `A --o B` is a spaced circle arrow
    if (edge.end_position.line, edge.end_position.column) != (link.end_line, link.end_column):
        return
    head = "circle" if arrow[-1] == "o" else "cross"
    report.add(
        RESERVED_TOKEN,
        Severity.ERROR,
        f"'{arrow}{edge.end}' is read as a {head}-headed edge to '{edge.end}': the '{arrow[-1]}' right after "
        "the dashes is an arrowhead, not part of the id",
        link.through(edge.end_position),
        f"put a space after the arrow ({arrow[:-1]}> {arrow[-1]}{edge.end}) or capitalise the id "
        f"({arrow[-1].upper()}{edge.end})",
    )


def _ambiguous_membership(diagram: Diagram, report: _Reporter) -> None:
    """A node written inside two groups that would put it in two AZs or two subnets at once.

    Mermaid keeps a node in the first subgraph to close that lists it (and draws two blocks with one id as
    one group, where the first is). What the writer meant is where each mention is written, so places
    are read from the text: the AZ and subnet boxes around each mention. Being written in a subnet and an
    Auto Scaling group or a security group (or in plain boxes) is how AWS really works and is not
    reported; nor are load balancers and regional services, which span AZs.
    """
    code, rule = ("ARCH007", "ambiguous-group-membership")
    candidates = [node for node in diagram.nodes if len(node.mentions) > 1 and node.kind not in _SPANS_ZONES]
    if not candidates or not diagram.groups:
        return
    place_of = _written_places(diagram, [mention for node in candidates for mention in node.mentions])
    for node in candidates:
        placed = _place(diagram.ancestors(node.group))
        seen = [placed]
        for mention in node.mentions:
            here = place_of[mention.span]
            clash = next((earlier for earlier in seen if _apart(earlier, here)), None)
            if clash is None:
                seen.append(here)
                continue
            shown = " and ".join(_place_names(diagram, [clash, here]))
            where = _group_label(diagram, node.group) if node.group else "no group"
            report.found.append(
                Diagnostic(
                    code,
                    rule,
                    Severity.WARNING,
                    f"'{node.id}' is referenced in {shown}; Mermaid places it in {where} only. "
                    "A resource lives in exactly one AZ/subnet",
                    report.block.path,
                    mention.span,
                    "declare the node once inside its own group, and reference it from other groups only in "
                    "edges written outside them",
                )
            )
            break


# Kinds that span AZs or a whole VPC or region: drawn in each AZ, they are still one resource in the right place.
_SPANS_ZONES: Final = frozenset(
    {
        "alb", "nlb", "elb", "load-balancer", "asg", "security-group", "nacl", "route-table", "igw", "vpn-gateway",
        "transit-gateway", "vpc-peering", "vpc-endpoint", "privatelink", "vpc", "route53", "cloudfront", "s3",
        "dynamodb", "cloudwatch", "cloudwatch-logs", "waf", "shield", "apigw", "api-gateway", "sqs", "sns",
        "eventbridge", "lambda", "efs", "kms", "secrets-manager", "iam",
    }
) | CATALOG.instances_of("load-balancer", "api-gateway")  # fmt: skip

# Where something is written: the innermost subnet and the innermost AZ around it (group ids, or None).
_Place = tuple[str | None, str | None]


def _place(chain: Iterable[Group]) -> _Place:
    """The innermost subnet and AZ of a chain of groups, innermost first."""
    subnet = zone = None
    for group in chain:
        if subnet is None and group.kind is GroupKind.SUBNET:
            subnet = group.id
        if zone is None and group.kind is GroupKind.AZ:
            zone = group.id
    return subnet, zone


def _written_places(diagram: Diagram, mentions: list[Mention]) -> dict[Span, _Place]:
    """The place each mention is written in, from the group bodies around it in the text (one sweep).

    A group's span ends where Mermaid's ``end`` token does, which takes the blanks after it: a mention
    that starts exactly there is already outside, so closings sort before mentions at one position."""
    events: list[tuple[tuple[int, int], int, int]] = []
    for index, group in enumerate(diagram.groups):
        events.append(((group.span.line, group.span.column), 1, index))
        events.append(((group.span.end_line, group.span.end_column), 0, index))
    for index, mention in enumerate(mentions):
        events.append(((mention.span.line, mention.span.column), 2, index))
    events.sort()
    open_groups: list[int] = []
    group_place: dict[int, _Place] = {}
    places: dict[Span, _Place] = {}
    for _, kind, index in events:
        if kind == 0:
            if open_groups and open_groups[-1] == index:
                open_groups.pop()  # bodies close innermost first
            elif index in open_groups:
                open_groups.remove(index)
        elif kind == 1:
            group = diagram.groups[index]
            outer = group_place[open_groups[-1]] if open_groups else (None, None)
            group_place[index] = (
                group.id if group.kind is GroupKind.SUBNET else outer[0],
                group.id if group.kind is GroupKind.AZ else outer[1],
            )
            open_groups.append(index)
        else:
            places[mentions[index].span] = group_place[open_groups[-1]] if open_groups else (None, None)
    return places


def _apart(first: _Place, second: _Place) -> bool:
    """Whether one resource cannot be in both places: two subnets, two AZs, or a subnet of one AZ and another AZ."""
    if first[0] is not None and second[0] is not None:
        return first[0] != second[0]
    return first[1] is not None and second[1] is not None and first[1] != second[1]


def _place_names(diagram: Diagram, places: list[_Place]) -> list[str]:
    """The subnet (else AZ) of each place, by label; by label and id when two labels are the same."""
    ids = [subnet or zone or "" for subnet, zone in places]
    labels = [_group_label(diagram, ident) for ident in ids]
    if len(set(labels)) < len(labels):
        return [f"{label} ({ident})" if label != ident else label for label, ident in zip(labels, ids, strict=True)]
    return labels


def _group_label(diagram: Diagram, group_id: str) -> str:
    group = diagram.group(group_id)
    return group.label if group is not None else group_id


def _distinct(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen
