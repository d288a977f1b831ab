"""Draw the model with mingrammer diagrams: DOT with stable ids, AWS icons and group styles, portable icon paths."""

from __future__ import annotations

import html
import importlib
import itertools
import math
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import diagrams
import graphviz
from diagrams import Cluster as _Cluster
from diagrams import Diagram as _Diagram
from diagrams import Edge as _Edge
from diagrams import Node as _Node
from graphviz.quoting import attr_list, quote

from archdsl.catalog import CATALOG, Catalog
from archdsl.labels import plain
from archdsl.model import Diagram, Dialect, EdgeDirection, EdgeStyle, Group, Node
from archdsl.render.fonts import text_width
from archdsl.render.layout import Plan, plan_layout
from archdsl.render.pinned import FIRM, ZONE_GUIDE
from archdsl.render.pipeline import Mark, TooLargeToDraw
from archdsl.render.resources import ICONS_ROOT, RESOURCES_ROOT
from archdsl.render.text import edge_label, group_title, legend_lines, node_label
from archdsl.render.theme import Theme

__all__ = ["FONT", "ICONS_ROOT", "RESOURCES_ROOT", "Drawing", "build_dot"]

FONT: Final = "Roboto"
_ABSOLUTE_RESOURCES: Final = str(RESOURCES_ROOT) + os.sep
# Longer labels are refused: Graphviz 2.43 rejects a quoted string over 16,384 bytes (4 per character at
# worst, 6 for a `"` in an HTML-like label), and resvg's text layout grows with the square of a line.
MAX_LABEL: Final = 2_000
# The graph's name is only its SVG <title>: a longer heading is cut, not refused.
_MAX_NAME: Final = 200
_LEGEND_LINE: Final = 300
# The hidden nodes whose out-edges order nodes on one rank. Hidden nodes are named with spaces, which no model
# id holds (neither the DSL nor Mermaid reads one), so that none can stand for a node of the note.
_ORDERING: Final = "archdsl order "
# Guides per AZ column when one is not enough (see constrain): two columns drawn out of order cross 5 x 5 guide
# edges, not one, which outweighs the crossings a swap saves elsewhere. The real-note corpus's 18 VPCs with AZs:
# 8 drawn out of declared order with one guide, none with five (one, drawn left to right, on the embedded engine).
# Five guides spread wider than an icon and push the columns apart, so they are drawn only where one guide left
# the columns out of order: written after FIRM, which pinned.firmed turns into DOT.
_FIRM_GUIDES: Final = 5
_GUIDE: Final = '[label="" height=0 shape=point style=invis width=0]'
_LEGEND_INDENT: Final = "\u00a0" * 6
_MARGIN: Final = 14.0  # points between a group's border and what it holds
_ICON_WIDTH: Final = 100.8  # points: an icon node is 1.4 inches wide, its label centred under it
_LABEL_CLEARANCE: Final = 8.0  # points between a label wider than its icon and its group's border (the embedded
# engine lays labels out a few points wider than they are drawn)
# C0 controls and DEL are not XML: each is drawn as its visible symbol (U+2400 + code, U+2421).
_CONTROLS: Final = {code: 0x2400 + code for code in range(32) if chr(code) not in "\t\n\r"} | {0x7F: 0x2421}


def _visible(text: str) -> str:
    return text.translate(_CONTROLS)


def _bounded(text: str, what: str) -> str:
    if len(text) > MAX_LABEL:
        raise TooLargeToDraw(f"{what} is {len(text):,} characters long; archdsl draws labels of up to {MAX_LABEL:,}")
    return _visible(text)


def _shown(element: str) -> str:
    """An element's id as a message names it: short, and with no control characters."""
    return repr(_visible(element if len(element) <= 40 else element[:40] + "..."))


def _identifier(text: str) -> Any:
    """A graph or node name as a quoted DOT ID: never HTML, never a port, any character kept literally."""
    return graphviz.escape(_visible(text).replace("\r", ""))


def _text(label: str) -> Any:
    """A label as literal DOT text: no HTML, no backslash escapes, real line breaks."""
    escaped = graphviz.escape(label)
    return graphviz.nohtml(escaped.replace("\r", "").replace("\n", "\\n"))


# Room for the group's corner icon, which archdsl/render/svg.py draws over these spaces: the same
# picture from every engine, including Graphviz builds without HTML-like labels.
ICON_ROOM: Final = "\u00a0" * 7


@dataclass(frozen=True, slots=True)
class Drawing:
    """DOT source, the corner icon of each cluster by cluster name, and the group id each cluster draws."""

    dot: str
    cluster_icons: dict[str, str]
    cluster_groups: dict[str, str] = field(default_factory=dict)


def _html_label(label: str, icon: str, colour: str) -> str:
    """A group label with its icon, as an HTML-like label (for Graphviz builds that read them)."""
    title = html.escape(label).replace("\n", "<BR/>")
    return (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="0"><TR>'
        f'<TD FIXEDSIZE="TRUE" WIDTH="18" HEIGHT="18"><IMG SRC="{icon}" SCALE="TRUE"/></TD>'
        f'<TD><FONT COLOR="{colour}">{title}</FONT></TD></TR></TABLE>>'
    )


class _Group(_Cluster):  # type: ignore[misc]
    """A cluster named after its position, not its label, so two groups never merge into one box."""

    def __init__(self, name: str, label: str, graph_attr: dict[str, str]) -> None:
        super().__init__(label=name, graph_attr=graph_attr)
        self.name = name
        self.dot.name = name
        self.dot.graph_attr["label"] = label


def _icon_class(kind: str, catalog: Catalog) -> Any:
    service = catalog.lookup(kind)
    if service is None or kind in ("generic", "junction") or not service.diagrams_class:
        return None
    module, _, name = service.diagrams_class.rpartition(".")
    return getattr(importlib.import_module(module), name)


def build_dot(
    diagram: Diagram,
    theme: Theme,
    catalog: Catalog = CATALOG,
    *,
    html_labels: bool = True,
    marks: Sequence[Mark] = (),
) -> Drawing:
    """The DOT source of ``diagram``: byte-identical for the same model, theme and label style.

    With ``html_labels`` each group's icon sits in an HTML-like label; without, the label starts
    with blank room that archdsl/render/svg.py fills with the icon (for Graphviz builds without
    HTML-like labels, such as the WebAssembly one). ``marks`` outline elements in a finding's
    colour, number them, and list the findings in a legend under the picture.
    """
    title = _bounded(diagram.title, "the title")
    plan = plan_layout(diagram, catalog)
    picture = _Diagram(
        name=_identifier((diagram.title or diagram.source.heading or "")[:_MAX_NAME]),
        filename="archdsl",
        direction=diagram.direction.value,
        curvestyle="curved",
        show=False,
        graph_attr={
            "label": (_text(title) if title else "") if not marks else _legend(title, marks),
            "labelloc": "b" if marks else "t",
            "labeljust": "l" if marks else "c",
            "fontsize": "14" if marks else "20",
            "fontname": FONT,
            "fontcolor": theme.text,
            "bgcolor": theme.background,
            "pad": "0.25",
            "nodesep": "0.5" if plan.applies else "0.7",
            "ranksep": "0.5" if plan.applies else "0.9",
            "compound": "true",
            "splines": "spline",
            # Rank constraints across clusters (tier rows through every AZ) need the newer ranking.
            **({"newrank": "true"} if plan.applies else {}),
        },
        node_attr={"fontname": FONT, "fontcolor": theme.text, "fontsize": "12"},
        edge_attr={"fontname": FONT, "fontcolor": theme.text, "fontsize": "11", "color": theme.edge},
    )
    diagrams.setdiagram(picture)
    try:
        return _Builder(diagram, theme, catalog, picture, html_labels, marks, plan).build()
    finally:
        diagrams.setdiagram(None)
        diagrams.setcluster(None)


def _legend(title: str, marks: Sequence[Mark]) -> Any:
    """The title and one left-aligned line per finding; each line is cut short and continued on its own DOT
    line (a backslash-newline), so no quoted string reaches Graphviz 2.43's 16,384-byte limit."""
    lines = [title] if title else []
    for mark in marks:
        line = _visible(f"[{mark.number}] {mark.legend}")
        line = line if len(line) <= _LEGEND_LINE else line[: _LEGEND_LINE - 3] + "..."
        # A long finding continues on indented lines rather than widening the whole picture.
        first, *rest = legend_lines(line)
        lines += [first, *(_LEGEND_INDENT + more for more in rest)]
    return graphviz.nohtml("\\l\\\n".join(_text(line) for line in lines) + "\\l")


def _label_width(label: str) -> float:
    """How wide an icon node's label is drawn, in points: 12-point lines."""
    return max((text_width(line) * 12 for line in label.split("\n")), default=0.0)


def _mark_outline(colour: str, label: str, dashed: bool = False) -> dict[str, str]:
    """The attributes of a finding's outline around an icon node, wide enough for the node's label."""
    # The label is drawn in 12 pt under an icon 1.4 inches (100.8 pt) wide.
    widest = _label_width(label)
    return {
        "label": "",
        "style": "rounded,dashed" if dashed else "rounded",
        "bgcolor": "transparent",  # the group's own fill shows through
        "pencolor": colour,
        "penwidth": "4",
        "margin": f"{max(8.0, (widest - 100.8) / 2 + 8):.1f}",
    }


class _Builder:
    def __init__(
        self,
        diagram: Diagram,
        theme: Theme,
        catalog: Catalog,
        picture: Any,
        html_labels: bool,
        marks: Sequence[Mark],
        plan: Plan | None = None,
    ) -> None:
        self.plan = plan or Plan()
        self.orderings: set[str] = set()
        self.marks: dict[str, list[Mark]] = {}
        for mark in marks:
            self.marks.setdefault(mark.element, []).append(mark)
        self.html_labels = html_labels
        self.diagram = diagram
        self.theme = theme
        self.catalog = catalog
        self.picture = picture
        self.nodes: dict[str, Any] = {}
        self.cluster_names: dict[str, str] = {}
        self.cluster_icons: dict[str, str] = {}
        self.anchors: dict[str, Any] = {}
        self.children: dict[str | None, list[Group]] = {}
        known = {group.id for group in diagram.groups}
        for group in diagram.groups:
            parent = group.parent if group.parent in known else None
            self.children.setdefault(parent, []).append(group)

    def build(self) -> Drawing:
        self.place(None, set())
        bundles = [(group, indices) for group, indices in self.plan.bundles if group in self.cluster_names]
        bundled = {index for _, indices in bundles for index in indices}
        for index, edge in enumerate(self.diagram.edges):
            if index not in bundled:
                self.edge(edge.source, edge.target, edge, self.planned(index))
        for group, indices in bundles:
            first, last = self.diagram.edges[indices[0]], self.diagram.edges[indices[-1]]
            # Ranked, unlike the edges it stands for: a flat edge between neighbours keeps the regional column
            # next to the group (crossings on the examples: 23 against 26 unranked with the system dot, 31
            # against 40 with the embedded one).
            planned = {key: value for key, value in self.planned(indices[0]).items() if key != "constraint"}
            # Drawn from the last source (the one nearest the regional column), clipped at the group's border.
            self.edge(group, first.target, first, planned, leave_from=last.source)
        self.constrain()
        source: str = self.picture.dot.source
        groups = {name: group for group, name in self.cluster_names.items()}
        return Drawing(source.replace(_ABSOLUTE_RESOURCES, ""), {} if self.html_labels else self.cluster_icons, groups)

    def place(self, parent: str | None, visiting: set[str]) -> None:
        for group in self.children.get(parent, []):
            if group.id in visiting:
                continue  # a cycle of parents in hand-made input; draw each group once
            style = self.theme.group(group)
            name = f"cluster_{len(self.cluster_names)}"
            self.cluster_names[group.id] = name
            self.cluster_icons[name] = style.icon
            marked = self.marks.get(group.id, [])
            title = self._numbered(group_title(_bounded(group.label, f"the label of group {_shown(group.id)}")), marked)
            label = _html_label(title, style.icon, style.font) if self.html_labels else _text(ICON_ROOM + title)
            with _Group(
                name,
                label,
                {
                    "fontcolor": style.font,
                    "style": "dashed,filled" if style.dashed or (marked and marked[0].dashed) else "filled",
                    "pencolor": marked[0].colour if marked else style.border,
                    "fillcolor": style.fill,
                    "bgcolor": style.fill,
                    "penwidth": "4" if marked else "1.5",
                    "labeljust": "l",
                    "labelloc": "t",  # the top-left corner, even under an annotated picture's legend (labelloc=b)
                    "margin": f"{self.margin(group.id):g}",
                    "fontname": FONT,
                    "fontsize": "12",
                },
            ):
                self.place(group.id, visiting | {group.id})
                self.place_nodes(group.id)
                self.place_orderings(group.id)
                if next(self._nodes_within(group.id), None) is None:
                    # Graphviz does not draw an empty cluster; a hidden point keeps the group visible
                    # and gives edges to the group something to attach to.
                    self.anchors[group.id] = _Node("", nodeid=f"{name} anchor", shape="point", style="invis")
        if parent is None:
            self.place_nodes(None)
            self.place_orderings(None)

    def margin(self, group: str) -> float:
        """A group's margin in points: 14, and more where a label under an icon directly inside it is wider than
        the icon, so that the label clears the group's border (Graphviz keeps only the icon's box inside)."""
        overflow = max(
            (
                (_label_width(self.label(node)) - _ICON_WIDTH) / 2 + _LABEL_CLEARANCE
                for node in self.diagram.nodes
                if node.group == group and _icon_class(node.kind, self.catalog) is not None
            ),
            default=0.0,
        )
        return max(_MARGIN, math.ceil(overflow))

    def place_nodes(self, group: str | None) -> None:
        for node in self.diagram.nodes:
            at_root = group is None and node.group not in self.cluster_names
            if (node.group == group or at_root) and node.id not in self.nodes:
                self.nodes[node.id] = self.node(node)

    def label(self, node: Node) -> str:
        text = plain(node.label) if self.diagram.source.dialect is Dialect.MERMAID else node.label
        # A label of only undrawable symbols falls back to the id, as an empty label does.
        text = node_label(_bounded(text, f"the label of {_shown(node.id)}")) or node_label(_visible(node.id))
        return self._numbered(text, self.marks.get(node.id, []))

    @staticmethod
    def _numbered(text: str, marks: Sequence[Mark]) -> str:
        return " ".join(f"[{mark.number}]" for mark in marks) + (" " if marks and text else "") + text

    def _outline(self, element: str) -> dict[str, str]:
        marked = self.marks.get(element)
        if not marked:
            return {}
        outline = {"color": marked[0].colour, "penwidth": "4", "fontcolor": marked[0].colour}
        return {**outline, "style": "dashed"} if marked[0].dashed else outline

    def node(self, node: Node) -> Any:
        icon = _icon_class(node.kind, self.catalog)
        label = self.label(node)
        outline = self._outline(node.id)
        name = _identifier(_bounded(node.id, f"the id {_shown(node.id)}"))
        if node.kind == "junction":
            return _Node("", nodeid=name, shape="point", width="0.12", height="0.12", color=self.theme.edge)
        if icon is None:
            return _Node(
                _text(label),
                nodeid=name,
                shape="box",
                fillcolor=self.theme.background,
                color=self.theme.edge,
                width="1.4",
                height="0.6",
                fixedsize="false",
                margin="0.15,0.1",
                labelloc="c",  # mingrammer puts labels under icons; a box has its label inside
                **{**outline, "style": "rounded,filled" + (",dashed" if "style" in outline else "")},
            )
        height = str(1.9 + 0.4 * label.count("\n"))
        drawn = {"height": height}
        if icon._icon and icon._icon_dir:  # a light variant of a dark icon on the dark theme
            image = self.theme.icon(f"{icon._icon_dir}/{icon._icon}")
            if image.startswith("render/"):
                drawn["image"] = image
        if not outline:
            return icon(_text(label), nodeid=name, **drawn)
        # A finding's outline is a cluster around the icon and the label under it: a box of the icon node's
        # own shape would cut through a label wider than the icon.
        mark = self.marks[node.id][0]
        with _Group(f"cluster_mark{mark.number}", "", _mark_outline(outline["color"], label, mark.dashed)):
            return icon(_text(label), nodeid=name, fontcolor=outline["fontcolor"], **drawn)

    def anchor(self, element: str) -> tuple[Any, dict[str, str]]:
        """The node an edge attaches to: the node itself, or a node inside a group, clipped at its border."""
        if element in self.nodes:
            return self.nodes[element], {}
        cluster = self.cluster_names.get(element)
        if cluster is None:
            raise KeyError(element)
        inside = self.anchors.get(element) or next(self._nodes_within(element), None)
        return inside, {"cluster": cluster}

    def _nodes_within(self, group_id: str) -> Iterator[Any]:
        member_groups = {group_id}
        changed = True
        while changed:
            changed = False
            for group in self.diagram.groups:
                if group.parent in member_groups and group.id not in member_groups:
                    member_groups.add(group.id)
                    changed = True
        return (
            self.nodes[node.id] for node in self.diagram.nodes if node.group in member_groups and node.id in self.nodes
        )

    def planned(self, index: int) -> dict[str, str]:
        """What the layout plan says of one edge: light if it only watches or copies, free of ranking, ports."""
        attributes: dict[str, str] = {}
        if index in self.plan.quiet:
            # Light and dashed, and no pull: the picture is laid out by the requests, not the metrics.
            attributes.update(style="dashed", color=self.theme.edge + "80", weight="0")
        if index in self.plan.unranked:
            attributes["constraint"] = "false"
        if index in self.plan.ports:
            attributes["tailport"], attributes["headport"] = self.plan.ports[index]
        return attributes

    def _orderings(self, index: int, position: int) -> list[str]:
        """The guides of one ordered node: the first drawn always, the others (a VPC's zones only: elsewhere guides
        that strong pull whole groups around) only in the firm DOT."""
        if self.plan.orders[index].zones:
            return [f"{ZONE_GUIDE}{index} {position} {copy}" for copy in range(_FIRM_GUIDES)]
        return [f"{_ORDERING}{index} {position} 0"]

    def place_orderings(self, group: str | None) -> None:
        """The hidden guides of the plan's orders held by ``group``: points above each ordered node (see _orderings)."""
        body = (diagrams.getcluster() or self.picture).dot.body
        for index, order in enumerate(self.plan.orders):
            # A guide with no edge would float to the first rank and stretch its group up to it.
            if order.container == group and sum(node in self.nodes for node in order.nodes) > 1:
                for position in range(len(order.nodes)):
                    first, *firm = self._orderings(index, position)
                    body.append(f"\t{quote(first)} {_GUIDE}\n")
                    body.extend(f"\t{FIRM}{quote(name)} {_GUIDE}\n" for name in firm)
                    self.orderings.add(first)

    def constrain(self) -> None:
        """The plan's rows and rank order, written as invisible scaffolding after everything drawn."""
        body = self.picture.dot.body

        def named(node_id: str) -> str | None:
            node = self.nodes.get(node_id)
            return quote(node.nodeid) if node is not None else None

        for row in self.plan.rows:
            names = [name for node_id in row if (name := named(node_id))]
            if len(names) > 1:
                body.append("\t{rank=same; " + "; ".join(names) + "}\n")
        for sequence in self.plan.sequences:
            # Within one cluster a flat edge asks for its ends left to right (across clusters Graphviz drops it).
            names = [name for node_id in sequence if (name := named(node_id))]
            if len(names) > 1:
                body.append("\t{rank=same; " + "; ".join(names) + "}\n")
                body.extend(f"\t{left} -> {right} [style=invis]\n" for left, right in itertools.pairwise(names))
        for index, order in enumerate(self.plan.orders):
            # Graphviz drops invisible edges between nodes of two clusters on one rank, and ignores
            # ordering=out inside a cluster. So each ordered node gets a guide one rank above it, in the
            # group around them all: the guides are ordered among themselves, and a node out of order
            # would cross its guide's edge, which Graphviz avoids.
            # One guide each is mostly enough and keeps the columns close; pinned.pin lays the firm DOT out, five
            # guides each, where Graphviz still drew the columns out of order.
            guides = [self._orderings(index, position) for position in range(len(order.nodes))]
            kept = [
                ([quote(guide) for guide in copies], name)
                for copies, node in zip(guides, order.nodes, strict=True)
                if copies[0] in self.orderings and (name := named(node))
            ]
            if len(kept) < 2:
                continue
            for prefix, chain, hung in (
                ("", [copies[0] for copies, _ in kept], [(copies[0], name) for copies, name in kept]),
                (FIRM, [guide for copies, _ in kept for guide in copies], [(g, n) for c, n in kept for g in c[1:]]),
            ):
                if len(chain) > len(kept) or not prefix:
                    body.append(f"\t{prefix}{{rank=same; " + "; ".join(chain) + "}\n")
                    body.extend(
                        f"\t{prefix}{left} -> {right} [style=invis]\n" for left, right in itertools.pairwise(chain)
                    )
                    body.extend(f"\t{prefix}{guide} -> {name} [style=invis]\n" for guide, name in hung)
        for pairs, minlen in ((self.plan.below, "1"), (self.plan.far_below, "2"), (self.plan.level_or_below, "0")):
            for upper, lower in pairs:
                tail, head = named(upper), named(lower)
                if tail and head and tail != head:
                    body.append(f"\t{tail} -> {head} [style=invis weight=0 minlen={minlen}]\n")

    def edge(
        self, source: str, target: str, edge: Any, planned: dict[str, str] | None = None, leave_from: str = ""
    ) -> None:
        try:
            tail, tail_clip = self.anchor(source)
            if leave_from in self.nodes:
                tail = self.nodes[leave_from]
            head, head_clip = self.anchor(target)
        except KeyError:
            return
        # mingrammer sets a font on every edge; the theme's must win.
        attributes: dict[str, str] = {"fontcolor": self.theme.text, "fontname": FONT, "fontsize": "11"}
        if edge.style is EdgeStyle.DASHED:
            attributes["style"] = "dashed"
        elif edge.style is EdgeStyle.THICK:
            attributes.update(style="bold", penwidth="2.5")
        elif edge.style is EdgeStyle.INVISIBLE:
            attributes["style"] = "invis"
        if planned and edge.style is not EdgeStyle.INVISIBLE:
            attributes.update(planned)
        if "cluster" in tail_clip:
            attributes["ltail"] = tail_clip["cluster"]
        if "cluster" in head_clip:
            attributes["lhead"] = head_clip["cluster"]
        label = plain(edge.label) if self.diagram.source.dialect is Dialect.MERMAID else edge.label
        label = edge_label(_bounded(label, f"the label of the edge {_shown(edge.source)} -> {_shown(edge.target)}"))
        key = f"{edge.source}->{edge.target}"
        label = self._numbered(label, self.marks.get(key, []))
        attributes.update(self._outline(key))
        drawn = _Edge(
            label=_text(label) if label else "",
            forward=edge.direction in (EdgeDirection.FORWARD, EdgeDirection.BOTH),
            reverse=edge.direction is EdgeDirection.BOTH,
            **attributes,
        )
        # Written here, not by graphviz.Digraph.edge: that would read a ':' in an id as a port.
        written = dict(drawn.attrs)
        listed = attr_list(written.pop("label", None), kwargs=written)
        self.picture.dot.body.append(f"\t{quote(tail.nodeid)} -> {quote(head.nodeid)}{listed}\n")
