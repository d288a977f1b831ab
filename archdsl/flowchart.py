"""Parse a Mermaid flowchart into Mermaid's own graph (vertices, edges, subgraphs), with positions.

This module answers "what does Mermaid see?": it runs grammar/mermaid.lark over the tokens of
archdsl/mermaid_lexer.py and replays what Mermaid's FlowDB does on each reduction: the last label
of an id wins, a node belongs to the first subgraph that closes, edges are the cross product of
``&`` groups, and a ``linkStyle`` index past the edges is an error. Turning that graph into the
archdsl model is archdsl/mermaid.py's job.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partialmethod
from typing import Any, Final

from archdsl import mermaid_table
from archdsl.labels import sanitize
from archdsl.mermaid_lexer import (
    MappedText,
    MermaidLexError,
    Preprocessed,
    RawToken,
    decode_entities,
    preprocess,
    tokenize,
)

MAX_EDGES: Final = 500
# The shape names Mermaid 11.17.2 knows (its shape registry, aliases included).
SHAPES: Final = frozenset(
    {
        "bang",
        "bolt",
        "bow-rect",
        "bow-tie-rectangle",
        "brace",
        "brace-l",
        "brace-r",
        "braces",
        "browser",
        "bucket",
        "card",
        "circ",
        "circle",
        "cloud",
        "collate",
        "com-link",
        "comment",
        "console",
        "cross-circ",
        "crossed-circle",
        "curv-trap",
        "curved-trapezoid",
        "cyl",
        "cylinder",
        "das",
        "data-store",
        "database",
        "datastore",
        "db",
        "dbl-circ",
        "decision",
        "delay",
        "diam",
        "diamond",
        "directory",
        "disk",
        "display",
        "div-proc",
        "div-rect",
        "divided-process",
        "divided-rectangle",
        "doc",
        "docs",
        "document",
        "documents",
        "double-circle",
        "doublecircle",
        "event",
        "extract",
        "f-circ",
        "filled-circle",
        "flag",
        "flip-tri",
        "flipped-triangle",
        "folder",
        "fork",
        "forkJoin",
        "fr-circ",
        "fr-rect",
        "framed-circle",
        "framed-rectangle",
        "h-cyl",
        "half-rounded-rectangle",
        "hex",
        "hexagon",
        "horizontal-cylinder",
        "hourglass",
        "in-out",
        "internal-storage",
        "inv-trapezoid",
        "inv_trapezoid",
        "join",
        "junction",
        "lean-l",
        "lean-left",
        "lean-r",
        "lean-right",
        "lean_left",
        "lean_right",
        "lightning-bolt",
        "lin-cyl",
        "lin-doc",
        "lin-proc",
        "lin-rect",
        "lined-cylinder",
        "lined-document",
        "lined-process",
        "lined-rectangle",
        "loop-limit",
        "manual",
        "manual-file",
        "manual-input",
        "notch-pent",
        "notch-rect",
        "notched-pentagon",
        "notched-rectangle",
        "odd",
        "out-in",
        "paper-tape",
        "person",
        "pill",
        "prepare",
        "priority",
        "proc",
        "process",
        "processes",
        "procs",
        "question",
        "rect",
        "rect_left_inv_arrow",
        "rectangle",
        "rounded",
        "roundedRect",
        "shaded-process",
        "sl-rect",
        "sloped-rectangle",
        "sm-circ",
        "small-circle",
        "squareRect",
        "st-doc",
        "st-rect",
        "stacked-document",
        "stacked-rectangle",
        "stadium",
        "start",
        "stateEnd",
        "stateStart",
        "stop",
        "stored-data",
        "subproc",
        "subprocess",
        "subroutine",
        "summary",
        "tag-doc",
        "tag-proc",
        "tag-rect",
        "tagged-document",
        "tagged-process",
        "tagged-rectangle",
        "terminal",
        "text",
        "trap-b",
        "trap-t",
        "trapezoid",
        "trapezoid-bottom",
        "trapezoid-top",
        "tri",
        "triangle",
        "win-pane",
        "window-pane",
    }
)
_JS_SPACE: Final = re.compile(r"[\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]")


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based range in the diagram text the user wrote (end exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int

    def through(self, other: Position) -> Position:
        """From the start of this range to the end of ``other``."""
        return Position(self.line, self.column, other.end_line, other.end_column)


@dataclass(slots=True)
class Vertex:
    """A node as Mermaid's FlowDB keeps it."""

    id: str
    text: str
    position: Position
    label_type: str = "text"
    shape: str | None = None
    classes: list[str] = field(default_factory=list)
    icon: str | None = None
    form: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class FlowEdge:
    """An edge as Mermaid's FlowDB keeps it."""

    start: str
    end: str
    text: str
    type: str
    stroke: str
    length: int
    position: Position
    start_position: Position
    end_position: Position
    label_type: str = "text"
    label_position: Position | None = None
    label_delimiter: str = ""
    link_text: str = ""
    link_position: Position | None = None
    # Mermaid's edge id: written as ``e1@-->`` (user_defined), else ``L_<start>_<end>_<n>``.
    id: str = ""
    user_defined: bool = False
    # What ``e1@{ curve: basis }`` set on the edge (curve, animate, animation).
    properties: dict[str, Any] | None = None


@dataclass(slots=True)
class Subgraph:
    """A subgraph: its id, title, member ids (nodes and subgraphs) and where it is written."""

    id: str
    title: str
    nodes: list[str]
    direction: str | None
    position: Position
    title_position: Position | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an id is written, and in which subgraph body (None for the top level)."""

    id: str
    position: Position
    subgraph: int | None


@dataclass(slots=True)
class Flowchart:
    """Everything Mermaid's FlowDB knows after a successful parse."""

    direction: str
    vertices: dict[str, Vertex]
    edges: list[FlowEdge]
    subgraphs: list[Subgraph]
    class_defs: dict[str, list[str]]
    mentions: list[Mention]
    directions_in_text: list[tuple[str, Position]]
    front_matter: str | None
    acc_title: str | None = None


@dataclass(frozen=True, slots=True)
class OpenLabel:
    """The shape whose label the parser was reading when it failed: ``A[`` or ``subgraph S[``."""

    owner: str  # the node or subgraph id; "" for an edge's |label|
    in_subgraph: bool  # the title of a subgraph rather than the label of a node
    opening: str  # the shape's opening bracket as written: "[", "[(", "((", ...; "|" for an edge label
    position: Position  # of the opening bracket


@dataclass(frozen=True, slots=True)
class FlowchartError:
    """Why Mermaid rejects a flowchart, at the line Mermaid blames."""

    kind: str  # "lexical", "parse" or "db"
    position: Position
    token_type: str | None
    token_text: str
    expected: frozenset[str]
    message: str
    open_label: OpenLabel | None = None


class FlowchartRejected(Exception):
    """Raised inside parsing when Mermaid would reject the diagram."""

    def __init__(self, error: FlowchartError) -> None:
        super().__init__(error.message)
        self.error = error


# --- Semantic values passed between grammar callbacks ---------------------------------------------


@dataclass(slots=True)
class _Ref:
    value: str
    position: Position


@dataclass(slots=True)
class _Text:
    text: str
    type: str
    position: Position


@dataclass(slots=True)
class _Link:
    type: str
    stroke: str
    length: int
    position: Position
    text: _Text | None = None
    delimiter: str = ""
    link_id: str | None = None
    raw: str = ""


@dataclass(slots=True)
class _Statement:
    stmt: list[_Ref]
    nodes: list[_Ref]


@dataclass(slots=True)
class _SubgraphRef:
    id: str


@dataclass(slots=True)
class _Direction:
    value: str


def _position(token: Any) -> Position:
    return token.position()  # type: ignore[no-any-return]


def _span_of(tokens: list[_Tok]) -> Position:
    return _position(tokens[0]).through(_position(tokens[-1]))


def _destruct_end(link: str) -> tuple[str, str, int]:
    text = link.strip()
    line = text[:-1]
    kind = "arrow_open"
    last = text[-1:]
    heads = {"x": "arrow_cross", ">": "arrow_point", "o": "arrow_circle"}
    opening = {"x": "x", ">": "<", "o": "o"}
    if last in heads:
        kind = heads[last]
        if text.startswith(opening[last]):
            kind = "double_" + kind
            line = line[1:]
    stroke = "normal"
    length = len(line) - 1
    if line.startswith("="):
        stroke = "thick"
    if line.startswith("~"):
        stroke = "invisible"
    dots = line.count(".")
    if dots:
        stroke, length = "dotted", dots
    return kind, stroke, length


def _destruct_start(link: str) -> tuple[str, str]:
    text = link.strip()
    kind = "arrow_open"
    heads = {"<": "arrow_point", "x": "arrow_cross", "o": "arrow_circle"}
    if text[:1] in heads:
        kind = heads[text[0]]
        text = text[1:]
    stroke = "normal"
    if "=" in text:
        stroke = "thick"
    if "." in text:
        stroke = "dotted"
    return kind, stroke


def destruct_link(link: str, start: str | None = None) -> tuple[str, str, int]:
    """Mermaid's reading of an arrow such as ``-->``, ``-.->``, ``<==>`` or ``-- text -->``."""
    kind, stroke, length = _destruct_end(link)
    if start is None:
        return kind, stroke, length
    start_kind, start_stroke = _destruct_start(start)
    if start_stroke != stroke:
        return "INVALID", "INVALID", length
    if start_kind == "arrow_open":
        start_kind = kind
    elif start_kind != kind:
        return "INVALID", "INVALID", length
    else:
        start_kind = "double_" + start_kind
    if start_kind == "double_arrow":
        start_kind = "double_arrow_point"
    return start_kind, start_stroke, length


class _FlowDb:
    """The parts of Mermaid's FlowDB that decide what the diagram contains."""

    def __init__(self) -> None:
        self.direction = "TB"
        self.vertices: dict[str, Vertex] = {}
        self.edges: list[FlowEdge] = []
        # Edge ids, first edge per id (Mermaid's edges.find): an id written as a node names the edge.
        self.edge_ids: dict[str, FlowEdge] = {}
        self.edges_between: dict[tuple[str, str], int] = {}
        self.subgraphs: list[Subgraph] = []
        # Every id already placed in a subgraph: Mermaid keeps a node in the first subgraph that lists it.
        self.subgraph_members: set[str] = set()
        self.subgraph_ids: set[str] = set()
        self.class_defs: dict[str, list[str]] = {}
        self.mentions: list[Mention] = []
        self.directions: list[tuple[str, Position]] = []
        self.acc_title: str | None = None
        # Mentions are attributed to subgraph bodies after the fact, by token position.
        self.body_ranges: list[tuple[Position, int]] = []

    def set_direction(self, token: _Tok) -> None:
        direction = str(token).strip()
        for pattern, value in (("<", "RL"), ("^", "BT"), (">", "LR"), ("v", "TB")):
            if pattern in direction:
                direction = value
        self.direction = "TB" if direction == "TD" else direction

    def add_vertex(
        self, ref: _Ref, text: _Text | None = None, shape: str | None = None, shape_data: str | None = None
    ) -> None:
        if not ref.value.strip():
            return
        data = _shape_data(shape_data) if shape_data is not None else None
        if data is not None and ref.value in self.subgraph_ids:
            return
        edge = self.edge_ids.get(ref.value)
        if edge is not None:
            # FlowDB looks edges up before vertices: ``e1`` or ``e1@{...}`` after ``A e1@--> B`` is
            # the edge, and only curve, animate and animation are taken from its data.
            if data is not None:
                found = {key: data[key] for key in ("animate", "animation", "curve") if data.get(key) is not None}
                edge.properties = {**(edge.properties or {}), **found}
            return
        vertex = self.vertices.get(ref.value)
        if vertex is None:
            vertex = Vertex(ref.value, ref.value, ref.position)
            self.vertices[ref.value] = vertex
        if text is not None:
            label = sanitize(text.text.strip())
            vertex.label_type = text.type
            if label.startswith('"') and label.endswith('"') and len(label) >= 2:
                label = label[1:-1]
            vertex.text = decode_entities(label)
        if shape is not None:
            vertex.shape = shape
        if data is not None:
            self._apply_shape_data(vertex, data, ref)

    def _apply_shape_data(self, vertex: Vertex, data: dict[str, Any], ref: _Ref) -> None:
        shape = data.get("shape")
        if shape:
            shape = str(shape)
            if shape != shape.lower() or "_" in shape:
                raise _db_error(f"No such shape: {shape}. Shape names should be lowercase.", ref.position)
            if shape not in SHAPES:
                raise _db_error(f"No such shape: {shape}.", ref.position)
            vertex.shape = shape
        label = data.get("label")
        if label:
            vertex.text = decode_entities(str(label))
            vertex.label_type = "markdown"
        icon = data.get("icon")
        if icon:
            vertex.icon = str(icon)
            if not str(label or "").strip() and vertex.text == vertex.id:
                vertex.text = ""
        if data.get("form"):
            vertex.form = str(data["form"])
        vertex.data.update(data)

    def set_class(self, ids: str, class_name: str) -> None:
        for identifier in ids.split(","):
            vertex = self.vertices.get(identifier)
            if vertex is not None:
                vertex.classes.append(class_name)

    def add_link(self, starts: list[_Ref], ends: list[_Ref], link: _Link) -> None:
        # Mermaid drops the first '@' of the written id, and gives it to one edge of an '&' product only.
        wanted_id = link.link_id.replace("@", "", 1) if link.link_id is not None else None
        for start in starts:
            for end in ends:
                if len(self.edges) >= MAX_EDGES:
                    raise _db_error(
                        f"Edge limit exceeded. {len(self.edges)} edges found, but the limit is 500.", end.position
                    )
                text, label_type, label_position = "", "text", None
                if link.text is not None:
                    text = sanitize(link.text.text.strip())
                    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
                        text = text[1:-1]
                    text = decode_entities(text)
                    label_type = link.text.type
                    label_position = link.text.position
                identifier, user_defined = self._edge_id(
                    start.value,
                    end.value,
                    wanted_id if start.value == starts[-1].value and end.value == ends[0].value else None,
                )
                edge = FlowEdge(
                    start.value,
                    end.value,
                    text,
                    link.type,
                    link.stroke,
                    min(link.length, 10),
                    start.position.through(end.position),
                    start.position,
                    end.position,
                    label_type,
                    label_position,
                    link.delimiter,
                    link.raw,
                    link.position,
                    identifier,
                    user_defined,
                )
                self.edges.append(edge)
                self.edge_ids.setdefault(identifier, edge)

    def _edge_id(self, start: str, end: str, wanted: str | None) -> tuple[str, bool]:
        """FlowDB's ``addSingleLink`` id: the written id unless taken, else ``L_start_end_n``."""
        between = self.edges_between.get((start, end), 0)
        self.edges_between[(start, end)] = between + 1
        if wanted and wanted not in self.edge_ids:
            return wanted, True
        # n is 0 for the first edge between the two ids, then the count of earlier ones plus one.
        return f"L_{start}_{end}_{between + 1 if between else 0}", False

    def update_links(self, positions: list[_Tok]) -> None:
        for position in positions:
            index = str(position)
            if index == "default":
                continue
            # Mermaid indexes its edge array with the written string, so "01" finds nothing either.
            if not (index.isdigit() and str(int(index)) == index and int(index) < len(self.edges)):
                raise _db_error("Cannot set properties of undefined (setting 'style')", _position(position))

    def add_subgraph(self, name: _Text | None, members: list[object], title: _Text | None, position: Position) -> str:
        identifier: str | None = name.text.strip() if name is not None else None
        title_text = title.text if title is not None else ""
        if name is not None and name is title and _JS_SPACE.search(title_text):
            identifier = None
        flat: list[object] = []
        for member in members:
            flat.extend(member if isinstance(member, list) else [member])
        direction: str | None = None
        node_list: list[str] = []
        seen: set[str] = set()
        for member in flat:
            if isinstance(member, _Direction):
                direction = member.value
                continue
            value = (
                member.value
                if isinstance(member, _Ref)
                else member.id
                if isinstance(member, _SubgraphRef)
                else str(member)
            )
            if not value.strip() or value in seen:
                continue
            seen.add(value)
            node_list.append(value)
        identifier = identifier or f"subGraph{len(self.subgraphs)}"
        subgraph = Subgraph(
            identifier,
            decode_entities(sanitize(title_text or "").strip()),
            [node for node in node_list if node not in self.subgraph_members],
            direction,
            position,
            title.position if title is not None else None,
        )
        self.subgraphs.append(subgraph)
        self.subgraph_members.update(subgraph.nodes)
        self.subgraph_ids.add(identifier)
        return identifier


def drawn_subgraphs(subgraphs: list[Subgraph]) -> list[Subgraph]:
    """The subgraphs Mermaid draws: one box per id, however often the id is written.

    FlowDB keeps every ``subgraph S`` block, but its layout data is keyed by id, so two blocks with
    one id are one box holding the members of both; the block that closed first gives the title,
    direction and place (its group node is set last, overwriting the others).
    """
    if len({subgraph.id for subgraph in subgraphs}) == len(subgraphs):
        return subgraphs
    drawn: dict[str, Subgraph] = {}
    members: dict[str, dict[str, None]] = {}  # insertion-ordered sets: no quadratic search
    for subgraph in subgraphs:
        if subgraph.id not in drawn:
            drawn[subgraph.id] = subgraph
            members[subgraph.id] = {}
        members[subgraph.id].update(dict.fromkeys(subgraph.nodes))
    return [
        Subgraph(first.id, first.title, list(members[first.id]), first.direction, first.position, first.title_position)
        for first in drawn.values()
    ]


def _db_error(message: str, position: Position) -> FlowchartRejected:
    return FlowchartRejected(FlowchartError("db", position, None, "", frozenset(), message))


def _shape_data(text: str) -> dict[str, Any]:
    import yaml  # only diagrams with @{ ... } shape data pay for the YAML import

    body = "{\n" + text + "\n}" if "\n" not in text else text + "\n"
    try:
        loaded = yaml.safe_load(body)
    except yaml.YAMLError as error:
        raise FlowchartRejected(
            FlowchartError("db", Position(1, 1, 1, 1), None, "", frozenset(), f"invalid shape data: {error}")
        ) from None
    return loaded if isinstance(loaded, dict) else {}


class _Callbacks:
    """Mermaid's parser actions, run at each reduction while parsing."""

    def __init__(self) -> None:
        self.db = _FlowDb()

    @staticmethod
    def unused(children: list[Any]) -> None:
        """Rules whose value no action reads (separators, runs of spaces)."""

    # document structure
    def start(self, children: list[Any]) -> list[Any]:
        return children[1]  # type: ignore[no-any-return]

    def document(self, children: list[Any]) -> list[Any]:
        if not children:
            return []
        document, line = children
        if not (isinstance(line, list) and not line):
            document.append(line)
        return document  # type: ignore[no-any-return]

    def line(self, children: list[Any]) -> Any:
        child = children[0]
        return str(child) if isinstance(child, _Tok) else child

    def graph_config(self, children: list[Any]) -> None:
        if len(children) >= 2 and isinstance(children[1], _Tok) and children[1].type == "DIR":
            self.db.set_direction(children[1])

    def vertex_line(self, children: list[Any]) -> list[_Ref]:
        statement: _Statement = children[0]
        return statement.nodes

    def ignored_line(self, children: list[Any]) -> list[Any]:
        return []

    def _subgraph(
        self, keyword: _Tok, name: _Text | None, title: _Text | None, document: list[Any], end: _Tok
    ) -> _SubgraphRef:
        position = _position(keyword).through(_position(end))
        index = len(self.db.subgraphs)
        self.db.body_ranges.append((position, index))
        return _SubgraphRef(self.db.add_subgraph(name, document, title, position))

    def subgraph_titled(self, children: list[Any]) -> _SubgraphRef:
        keyword, _space, name, _sqs, title, _sqe, _separator, document, end = children
        return self._subgraph(keyword, name, title, document, end)

    def subgraph_named(self, children: list[Any]) -> _SubgraphRef:
        keyword, _space, name, _separator, document, end = children
        return self._subgraph(keyword, name, name, document, end)

    def subgraph_bare(self, children: list[Any]) -> _SubgraphRef:
        keyword, _separator, document, end = children
        return self._subgraph(keyword, None, None, document, end)

    def direction_line(self, children: list[Any]) -> _Direction:
        return children[0]  # type: ignore[no-any-return]

    def direction(self, children: list[_Tok]) -> _Direction:
        token = children[0]
        value = token.type.removeprefix("DIRECTION_")
        self.db.directions.append((str(token), _position(token)))
        return _Direction("TB" if value == "TD" else value)

    def acc_title(self, children: list[_Tok]) -> str:
        self.db.acc_title = str(children[1]).strip()
        return self.db.acc_title

    def acc_descr(self, children: list[_Tok]) -> str:
        return str(children[1]).strip()

    def acc_descr_multiline(self, children: list[_Tok]) -> str:
        return str(children[0]).strip()

    # vertices and edges
    def shape_data(self, children: list[Any]) -> str:
        return "".join(str(child) for child in children)

    def first(self, children: list[Any]) -> _Statement:
        node: list[_Ref] = children[0]
        return _Statement(node, list(node))

    def first_shaped(self, children: list[Any]) -> _Statement:
        node, data = children
        self.db.add_vertex(node[-1], shape_data=data)
        return _Statement(node, list(node))

    def chain(self, children: list[Any]) -> _Statement:
        previous, link, node = children[:3]
        self.db.add_link(previous.stmt, node, link)
        return _Statement(node, node + previous.nodes)

    def chain_shaped(self, children: list[Any]) -> _Statement:
        previous, link, node, data = children
        self.db.add_vertex(node[-1], shape_data=data)
        self.db.add_link(previous.stmt, node, link)
        return _Statement(node, node + previous.nodes)

    def node_single(self, children: list[Any]) -> list[_Ref]:
        return [children[0]]

    def node_and(self, children: list[Any]) -> list[_Ref]:
        node: list[_Ref] = children[0]
        node.append(children[-1])  # in place: copying at every '&' cost time quadratic in the list
        return node

    def node_and_shaped(self, children: list[Any]) -> list[_Ref]:
        node: list[_Ref] = children[0]
        self.db.add_vertex(node[-1], shape_data=children[1])
        node.append(children[-1])
        return node

    def styled_vertex(self, children: list[Any]) -> _Ref:
        vertex: _Ref = children[0]
        if len(children) == 3:
            self.db.set_class(vertex.value, children[2].value)
        return vertex

    def shaped(self, children: list[Any], shape: str) -> _Ref:
        ref: _Ref = children[0]
        text = next(child for child in children[1:] if isinstance(child, _Text))
        if ref.value not in self.db.edge_ids:  # an edge's id written as a node is the edge
            self.db.mentions.append(Mention(ref.value, ref.position, None))
        self.db.add_vertex(ref, text, shape)
        return ref

    def plain(self, children: list[Any]) -> _Ref:
        ref: _Ref = children[0]
        if ref.value not in self.db.edge_ids:  # an edge's id written as a node is the edge
            self.db.mentions.append(Mention(ref.value, ref.position, None))
        self.db.add_vertex(ref)
        return ref

    def link_plain(self, children: list[Any]) -> _Link:
        return children[0]  # type: ignore[no-any-return]

    def link_piped(self, children: list[Any]) -> _Link:
        link: _Link = children[0]
        link.text = children[1]
        link.delimiter = "|"
        return link

    def link_teststr(self, children: list[Any]) -> _Link:
        return children[0]  # type: ignore[no-any-return]

    def link_texted(self, children: list[Any]) -> _Link:
        start, text, end = children
        kind, stroke, length = destruct_link(str(end), str(start))
        return _Link(kind, stroke, length, _position(start).through(_position(end)), text, "text", raw=str(end))

    def link_texted_id(self, children: list[Any]) -> _Link:
        link_id, start, text, end = children
        kind, stroke, length = destruct_link(str(end), str(start))
        return _Link(
            kind, stroke, length, _position(link_id).through(_position(end)), text, "text", str(link_id), str(end)
        )

    def link_statement(self, children: list[_Tok]) -> _Link:
        link = children[-1]
        kind, stroke, length = destruct_link(str(link))
        link_id = str(children[0]) if len(children) == 2 else None
        return _Link(kind, stroke, length, _span_of(children), link_id=link_id, raw=str(link))

    def arrow_text(self, children: list[Any]) -> _Text:
        opening, text, closing = children
        return _Text(text.text, text.type, _position(opening).through(_position(closing)))

    # texts and ids
    def text_first(self, children: list[Any]) -> _Text:
        token = children[0]
        return _Text(str(token), "text", _position(token))

    def text_more(self, children: list[Any]) -> _Text:
        text, token = children
        return _Text(text.text + str(token), text.type, text.position.through(_position(token)))

    def text_string(self, children: list[_Tok]) -> _Text:
        return _Text(str(children[0]), "string", _position(children[0]))

    def text_string_plain(self, children: list[_Tok]) -> _Text:
        return _Text(str(children[0]), "text", _position(children[0]))

    def text_markdown(self, children: list[_Tok]) -> _Text:
        return _Text(str(children[0]), "markdown", _position(children[0]))

    def _token(self, children: list[Any]) -> Any:
        return children[0]

    edge_text_token = text_token = text_no_tags_token = keywords = id_string_token = alpha_num_token = _token
    style_component = _token

    def id_string(self, children: list[Any]) -> _Ref:
        if len(children) == 1:
            token: _Tok = children[0]
            return _Ref(str(token), _position(token))
        ref: _Ref = children[0]
        return _Ref(ref.value + str(children[1]), ref.position.through(_position(children[1])))

    alpha_num = id_string

    # statements whose content only styles the picture
    def class_def_statement(self, children: list[Any]) -> None:
        styles = children[4]
        for name in children[2].value.split(","):
            self.db.class_defs.setdefault(name, []).extend(styles)

    def class_statement(self, children: list[Any]) -> None:
        self.db.set_class(children[2].value, children[4].value)

    def click_statement(self, children: list[Any]) -> None:
        return None

    def style_statement(self, children: list[Any]) -> None:
        self.db.add_vertex(children[2])

    def link_style_statement(self, children: list[Any]) -> None:
        numbers = children[2]
        if isinstance(numbers, list):
            self.db.update_links(numbers)

    # Left-recursive lists grow in place: copying them at every step cost time quadratic in their length.
    def num_list(self, children: list[Any]) -> list[_Tok]:
        if len(children) == 1:
            return [children[0]]
        children[0].append(children[2])
        return children[0]  # type: ignore[no-any-return]

    def styles_opt(self, children: list[Any]) -> list[str]:
        if len(children) == 1:
            return ["".join(children[0])]
        children[0].append("".join(children[2]))
        return children[0]  # type: ignore[no-any-return]

    def style(self, children: list[Any]) -> list[str]:
        if len(children) == 1:
            return [str(children[0])]
        children[0].append(str(children[1]))
        return children[0]  # type: ignore[no-any-return]


for _shape in (
    "square",
    "doublecircle",
    "circle",
    "ellipse",
    "stadium",
    "subroutine",
    "rect",
    "cylinder",
    "round",
    "diamond",
    "hexagon",
    "odd",
    "trapezoid",
    "inv_trapezoid",
    "lean_right",
    "lean_left",
):
    setattr(_Callbacks, _shape, partialmethod(_Callbacks.shaped, shape=_shape))


_CALLBACKS = _Callbacks()


class _Locator:
    """Offsets in the user's diagram text to 1-based lines and columns."""

    def __init__(self, source: str) -> None:
        self.line_starts = [0] + [index + 1 for index, char in enumerate(source) if char == "\n"]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


def _token(raw: RawToken, locator: _Locator, mapped: MappedText) -> _Tok:
    origin = mapped.origin
    size = len(origin)
    start = origin[raw.start] if raw.start < size else mapped.source_offset(raw.start)
    following = origin[raw.end] if raw.end < size else mapped.source_offset(raw.end)
    if raw.end <= raw.start:
        return _Tok(raw.type, raw.value, start, start, locator, following)
    last = raw.end - 1
    end = origin[last] + 1 if last < size else mapped.source_offset(last)
    return _Tok(raw.type, raw.value, start, end, locator, following)


class _Tok:
    """A token as the parser sees it: Mermaid's token name, its text, and where it was written.

    Lines and columns are worked out only for the tokens whose position is asked for.
    """

    __slots__ = ("end_pos", "locator", "next_pos", "start_pos", "type", "value")

    def __init__(
        self, kind: str, value: str, start_pos: int, end_pos: int, locator: _Locator, next_pos: int | None = None
    ) -> None:
        # next_pos: where the text Mermaid reads next came from; after a removed comment line it
        # is further on than end_pos, and Mermaid counts lines in the text it reads.
        self.next_pos = end_pos if next_pos is None else next_pos
        self.type = kind
        self.value = value
        self.start_pos = start_pos
        self.end_pos = end_pos
        self.locator = locator

    @property
    def line(self) -> int:
        return self.locator.at(self.start_pos)[0]

    @property
    def column(self) -> int:
        return self.locator.at(self.start_pos)[1]

    @property
    def end_line(self) -> int:
        return self.locator.at(self.end_pos)[0]

    @property
    def end_column(self) -> int:
        return self.locator.at(self.end_pos)[1]

    def position(self) -> Position:
        line, column = self.locator.at(self.start_pos)
        end_line, end_column = self.locator.at(self.end_pos)
        return Position(line, column, end_line, end_column)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"


class _Unexpected(Exception):
    """The parser met a token it has no action for."""

    def __init__(self, token: _Tok, expected: frozenset[str], stack: list[Any]) -> None:
        super().__init__(token.type)
        self.token = token
        self.expected = expected
        self.stack = stack  # the last values shifted or reduced: what the parser was in the middle of


class _Driver:
    """A lean LALR(1) loop over the table Lark builds from grammar/mermaid.lark.

    It does what Lark's own parser does, shift by shift and reduction by reduction, with the
    table archdsl/mermaid_table.py holds, so reading a note never imports or analyses the grammar:
    Mermaid spends a token on every space and every character of edge text, so this loop is the
    hot path of reading notes.
    """

    _instance: _Driver | None = None

    def __init__(self) -> None:
        reductions = [
            (size, getattr(_CALLBACKS, callback, _CALLBACKS.unused), origin)
            for size, callback, origin in mermaid_table.RULES
        ]
        self.start = mermaid_table.START
        self.end = mermaid_table.END
        self.actions: list[dict[str, tuple[bool, Any]]] = [
            {name: (True, step) if step >= 0 else (False, reductions[~step]) for name, step in row.items()}
            for row in mermaid_table.ACTIONS
        ]

    @classmethod
    def get(cls) -> _Driver:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def parser(self) -> Callable[[_Tok], None]:
        """A fresh parse: feed it tokens, then a ``$END`` token; callbacks run as rules reduce."""
        actions = self.actions
        states = [self.start]
        values: list[Any] = []
        end_state = self.end

        def feed(token: _Tok) -> None:
            kind = token.type
            while True:
                step = actions[states[-1]].get(kind)
                if step is None:
                    if kind == "$END" and states[-1] == end_state:
                        return
                    raise _Unexpected(token, frozenset(actions[states[-1]]), values[-8:])
                shift, arg = step
                if shift:
                    states.append(arg)
                    values.append(token)
                    return
                size, callback, origin = arg
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    children = []
                values.append(callback(children))
                states.append(actions[states[-1]][origin][1])
                if kind == "$END" and states[-1] == end_state:
                    return

        return feed


def parse_flowchart(source: str, prepared: Preprocessed | None = None) -> Flowchart:
    """Read a flowchart the way Mermaid 11.17.2 does; raise FlowchartRejected where Mermaid fails."""
    prepared = prepared or preprocess(source)
    if prepared.front_matter is not None:
        _check_front_matter(prepared.front_matter)
    mapped = prepared.text
    locator = _Locator(source)
    _CALLBACKS.db = db = _FlowDb()
    feed = _Driver.get().parser()
    last_shifted: _Tok | None = None
    indent: RawToken | None = None
    previous = "NEWLINE"
    try:
        for raw in tokenize(mapped.text):
            # A run of spaces after a line break is a run of blank document lines to Mermaid; one
            # token says the same and spares the parser most of the indentation.
            if raw.type == "SPACE" and previous in ("NEWLINE", "INDENT"):
                indent = RawToken(
                    "SPACE",
                    (indent.value if indent else "") + raw.value,
                    indent.start if indent else raw.start,
                    raw.end,
                )
                previous = "INDENT"
                continue
            pending = [indent, raw] if indent is not None else [raw]
            indent, previous = None, raw.type
            for item in pending:
                assert item is not None
                token = _token(item, locator, mapped)
                feed(token)
                last_shifted = token
        end_pos = last_shifted.end_pos if last_shifted is not None else 0
        feed(_Tok("$END", "", end_pos, end_pos, locator))
    except MermaidLexError as error:
        line, column = locator.at(mapped.source_offset(error.offset))
        char = mapped.text[error.offset : error.offset + 1]
        raise FlowchartRejected(
            FlowchartError(
                "lexical",
                Position(line, column, line, column + 1),
                None,
                char,
                frozenset(),
                "Lexical error: unrecognized text",
            )
        ) from None
    except _Unexpected as error:
        start = locator.at(mapped.source_offset(0))[0]
        raise FlowchartRejected(_parse_error(error, last_shifted, start, mapped, locator)) from None
    mentions = _attribute_mentions(db)
    return Flowchart(
        db.direction,
        db.vertices,
        db.edges,
        db.subgraphs,
        db.class_defs,
        mentions,
        db.directions,
        prepared.front_matter,
        db.acc_title,
    )


def _parse_error(
    error: _Unexpected, last_shifted: _Tok | None, first_line: int, mapped: MappedText, locator: _Locator
) -> FlowchartError:
    """Blame the line Mermaid blames: the one its lexer was on after the last token it accepted."""
    offending = error.token
    at_end = offending.type == "$END"
    if last_shifted is None:
        line = first_line
    else:
        line, _ = locator.at(last_shifted.next_pos)
    written = _last_written(mapped, locator)
    if at_end or line > written.line:
        line = min(line, written.line)
    if not at_end and offending.line == line:
        position = _position(offending)
    elif last_shifted is not None and (last_shifted.end_line or 0) == line:
        column = last_shifted.end_column or 1
        position = Position(line, column, line, column + 1)
    else:
        position = Position(line, 1, line, 2)
    token_type = "$END" if at_end else offending.type
    return FlowchartError(
        "parse",
        position,
        token_type,
        "" if at_end else str(offending),
        frozenset(error.expected),
        "Parse error",
        _open_label(error.stack),
    )


# The tokens that open a shape's label; "((" and "{{" are two of them in a row.
SHAPE_OPENINGS: Final = frozenset(
    {
        "SQS",
        "PS",
        "DOUBLECIRCLESTART",
        "ELLIPSE_START",
        "STADIUMSTART",
        "SUBROUTINESTART",
        "CYLINDERSTART",
        "DIAMOND_START",
        "TRAPSTART",
        "INVTRAPSTART",
    }
)
_OPENINGS: Final = SHAPE_OPENINGS | {"TAGEND", "VERTEX_WITH_PROPS_START"}


def _open_label(stack: list[Any]) -> OpenLabel | None:
    """The opening bracket the failing token sits after, with only label text between them."""
    index = len(stack) - 1
    while index >= 0 and (
        isinstance(stack[index], _Text) or _is_tok(stack[index], "TEXT", "UNICODE_TEXT", "STR", "MD_STR")
    ):
        index -= 1
    if index >= 0 and _is_tok(stack[index], "PIPE"):
        return OpenLabel("", False, "|", _position(stack[index]))  # an edge's |label|
    if index < 0 or not isinstance(stack[index], _Tok) or stack[index].type not in _OPENINGS:
        return None
    last = stack[index]
    first = index
    if last.type in ("PS", "DIAMOND_START") and index > 0 and _is_tok(stack[index - 1], last.type):
        first -= 1
    owner = stack[first - 1] if first > 0 else None
    opening = "".join(str(item) for item in stack[first : index + 1])
    position = _position(stack[first]).through(_position(last))
    if isinstance(owner, _Ref):
        return OpenLabel(owner.value, False, opening, position)
    if isinstance(owner, _Text) and first > 2 and _is_tok(stack[first - 3], "SUBGRAPH"):
        return OpenLabel(owner.text.strip(), True, opening, position)
    return None


def _is_tok(value: object, *kinds: str) -> bool:
    return isinstance(value, _Tok) and value.type in kinds


def _check_front_matter(text: str) -> None:
    """Mermaid reads front matter as YAML before anything else; YAML it cannot read rejects the diagram."""
    import yaml

    try:
        yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1  # +1 for the opening ---, +1 for 1-based
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FlowchartRejected(
            FlowchartError(
                "preprocess",
                Position(line, 1, line, 2),
                None,
                "",
                frozenset(),
                f"front matter is not valid YAML: {problem}",
            )
        ) from None


def _last_written(mapped: MappedText, locator: _Locator) -> Position:
    """The last character Mermaid read (comments and front matter are not part of it)."""
    stripped = mapped.text.rstrip()
    line, column = locator.at(mapped.source_offset(max(len(stripped) - 1, 0)))
    return Position(line, column, line, column + 1)


def _attribute_mentions(db: _FlowDb) -> list[Mention]:
    """Give each mention the innermost subgraph body it was written in (bodies nest, never overlap)."""
    events: list[tuple[tuple[int, int], int, int]] = []
    for position, index in db.body_ranges:
        events.append(((position.line, position.column), 0, index))
        events.append(((position.end_line, position.end_column), 2, index))
    for number, mention in enumerate(db.mentions):
        events.append(((mention.position.line, mention.position.column), 1, number))
    events.sort()
    open_bodies: list[int] = []
    located: list[Mention] = list(db.mentions)
    for _, kind, index in events:
        if kind == 0:
            open_bodies.append(index)
        elif kind == 2:
            if open_bodies and open_bodies[-1] == index:
                open_bodies.pop()  # bodies close innermost first: no search through deep nesting
            elif index in open_bodies:
                open_bodies.remove(index)
        else:
            mention = db.mentions[index]
            located[index] = Mention(mention.id, mention.position, open_bodies[-1] if open_bodies else None)
    return located


def _contains(outer: Position, inner: Position) -> bool:
    return (outer.line, outer.column) <= (inner.line, inner.column) and (inner.end_line, inner.end_column) <= (
        outer.end_line,
        outer.end_column,
    )
