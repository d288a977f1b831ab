"""DOT pinned to a finished layout: every node, edge, cluster and label where Graphviz put it or placement moved
it, for Graphviz's ``nop2`` engine (``neato -n2``) to draw exactly there."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, Final

from archdsl.render.fonts import ROOM
from archdsl.render.pipeline import RenderFailed
from archdsl.render.placement import (
    Area,
    Laid,
    Moves,
    level,
    place_text,
    place_titles,
    read_layout,
    split_objects,
    stranded,
)

__all__ = ["FIRM", "firmed", "pin", "pinned", "widened"]

# Starts a line of DOT that only the firm DOT holds (see firmed): a comment, to Graphviz, until then.
FIRM: Final = "//archdsl:firm "
_FIRM_LINE: Final = re.compile("^(\t*)" + re.escape(FIRM), re.MULTILINE)
# The guides over a VPC's AZ columns, ``{ZONE_GUIDE}{order} {position} {copy}``: each column's head hangs from
# them. A name with spaces, which no model id holds.
ZONE_GUIDE: Final = "archdsl zone "
_FIRST_ZONE_GUIDE: Final = re.compile(re.escape(ZONE_GUIDE) + r"(?P<order>\d+) (?P<position>\d+) 0")

# A quoted DOT ID (any character, a backslash escaping the next) or a plain one, as archdsl writes them.
_ID: Final = r'(?:"(?:[^"\\]|\\.)*"|[-\w.]+)'
# One edge statement on its own line at the graph's top level, as archdsl/render/dot.py writes each edge.
# (A quoted ID may hold a line break: the statement then runs over several lines.)
_EDGE: Final = re.compile(
    rf"^\t(?P<tail>{_ID})\s*->\s*(?P<head>{_ID})(?P<attributes>\s*\[[^\n]*\])?\n", re.MULTILINE | re.DOTALL
)
_CLUSTER: Final = re.compile(r"^\s*subgraph (?P<name>cluster_[A-Za-z0-9_]+) \{$", re.MULTILINE)
_GAP: Final = 4  # points beside a title that is given room
_TITLE_INSET: Final = 8  # points between a group's side and its title, as Graphviz places it


def _name(token: str) -> str:
    """The name Graphviz reads from a DOT ID: ``\\"`` is a quote, any other backslash pair stays as written."""
    if not token.startswith('"'):
        return token
    inner, name, index = token[1:-1], [], 0
    while index < len(inner):
        pair = inner[index : index + 2]
        if pair == '\\"':
            name.append('"')
            index += 2
        elif pair == "\\\\":
            name.append(pair)
            index += 2
        elif pair == "\\\n":
            index += 2
        else:
            name.append(inner[index])
            index += 1
    return "".join(name)


def _token(name: str) -> str:
    return '"' + name.replace('"', '\\"') + '"'


def _attributes(**values: str) -> str:
    """Attributes whose values are Graphviz's own numbers and point lists: nothing in them to escape."""
    return " ".join(f'{key}="{value}"' for key, value in values.items())


def _at(point: tuple[float, float]) -> str:
    return f"{point[0]:.2f},{point[1]:.2f}"


class _Mismatch(Exception):
    """The DOT and the layout do not describe the same graph."""


def pinned(dot: str, layout: bytes | str, moves: Moves, boxes: dict[str, Area] | None = None) -> str | None:
    """``dot`` with the positions of its ``-Tjson`` ``layout`` and the ``moves`` written in, and the clusters that
    ``boxes`` names drawn that size; None when the two do not describe the same graph (then the picture is drawn
    as Graphviz lays it out)."""
    graph = json.loads(layout)
    objects: list[dict[str, Any]] = graph.get("objects", [])
    names = {obj["_gvid"]: str(obj.get("name", "")) for obj in objects}
    edges: list[dict[str, Any]] = graph.get("edges", [])
    subgraphs, nodes = split_objects(graph)
    clusters = {str(obj["name"]): obj for obj in subgraphs if str(obj.get("name", "")).startswith("cluster")}
    # Graphviz writes edges grouped by tail; two edges with the same ends keep the order they were written in.
    waiting: dict[tuple[str, str], list[int]] = {}
    for index, edge in reversed(list(enumerate(edges))):
        waiting.setdefault((names.get(edge["tail"], ""), names.get(edge["head"], "")), []).append(index)

    def pin_edge(match: re.Match[str]) -> str:
        same_ends = waiting.get((_name(match["tail"]), _name(match["head"])))
        if not same_ends:
            raise _Mismatch
        index = same_ends.pop()
        edge = edges[index]
        if "pos" not in edge:
            if "invis" not in str(edge.get("style", "")):
                raise _Mismatch
            return ""  # scaffolding Graphviz drew nowhere: nothing to draw
        values = {"pos": str(edge["pos"])}
        if "lp" in edge:
            values["lp"] = _at(moves.labels[index]) if index in moves.labels else str(edge["lp"])
        listed = match["attributes"] or ""
        attributes = f"{listed[:-1]} {_attributes(**values)}]" if listed else f" [{_attributes(**values)}]"
        return f"{match[0][: match.end('head') - match.start()]}{attributes}\n"

    def pin_cluster(match: re.Match[str]) -> str:
        cluster = clusters.get(match["name"])
        if cluster is None:
            return match[0]
        box = (boxes or {}).get(match["name"])
        values = {"bb": f"{box.left:.2f},{box.low:.2f},{box.right:.2f},{box.high:.2f}" if box else str(cluster["bb"])}
        if "lp" in cluster:
            values["lp"] = _at(moves.titles[match["name"]]) if match["name"] in moves.titles else str(cluster["lp"])
        return f"{match[0]}\n\t\tgraph [{_attributes(**values)}]"

    try:
        text = _CLUSTER.sub(pin_cluster, _EDGE.sub(pin_edge, dot))
    except _Mismatch:
        return None
    if any(waiting.values()) or any(_name(_token(name)) != name for name in names.values()):
        return None
    placed = "".join(
        f"\t{_token(str(obj['name']))} [{_attributes(pos=str(obj['pos']))}]\n" for obj in nodes if "pos" in obj
    )
    root = {key: str(graph[key]) for key in ("bb", "lp") if key in graph}
    closing = text.rstrip().rindex("}")
    return f"{text[:closing]}{placed}\tgraph [{_attributes(**root)}]\n{text[closing:]}"


# Layouts tried at most: the first, and again with more room in the groups whose title had none (a title that
# the room given first still leaves crossed gets a whole title more: a fifth layout, on the 3-AZ three-tier).
_ATTEMPTS: Final = 5
# How archdsl/render/dot.py ends a group's HTML-like title, and a plain one (the label attribute's value).
_HTML_ROW_END: Final = "</TR></TABLE>>"
_PLAIN_LABEL: Final = re.compile(r'\blabel="(?:[^"\\]|\\.)*"')
_ROOM_WIDTH: Final = 5.0  # points: at most the width of one room character in a 12-point title
# A cluster's opening line and the attribute line archdsl writes right after it.
_CLUSTER_ATTRIBUTES: Final = re.compile(
    r"^(?P<open>\s*subgraph (?P<name>cluster_[A-Za-z0-9_]+) \{\n\s*graph \[)(?P<attributes>[^\n]*)$", re.MULTILINE
)


def widened(dot: str, extra: dict[str, float]) -> str:
    """``dot`` with the title of each cluster ``extra`` names followed by that many points of blank room.

    Graphviz makes a group at least as wide as its title and keeps its nodes where they were, so the group
    grows sideways with no node added and the rest of the layout as it was: room beside the edge that had
    left the title none. The picture is drawn from the DOT without the room (see pin)."""

    def widen(match: re.Match[str]) -> str:
        room = extra.get(match["name"])
        attributes = match["attributes"]
        if room is None:
            return match[0]
        if _HTML_ROW_END in attributes:
            at = attributes.rindex(_HTML_ROW_END)
            attributes = f'{attributes[:at]}<TD WIDTH="{math.ceil(room)}"></TD>{attributes[at:]}'
        elif (label := _PLAIN_LABEL.search(attributes)) is not None:
            spaces = ROOM * math.ceil(room / _ROOM_WIDTH)
            attributes = f"{attributes[: label.end() - 1]}{spaces}{attributes[label.end() - 1 :]}"
        return f"{match['open']}{attributes}"

    return _CLUSTER_ATTRIBUTES.sub(widen, dot)


def pin(dot: str, lay: Callable[[str], bytes]) -> str | None:
    """``dot`` laid out by ``lay`` (DOT in, ``-Tjson`` out) and pinned there with its titles and edge labels moved
    clear and its sibling AZ boxes level (see placement). Where the AZ columns come out of order, or too close
    for a label between them, the firm DOT (see firmed) is laid out instead. A group whose title has no clear
    stretch is given that much more room and the picture laid out again, keeping the layout with the least text
    out of place.

    None when Graphviz's own layout of ``dot`` is the picture: nothing in it needs to move or grow (most
    pictures), or it cannot be pinned (see pinned). Graphviz lays ``dot`` out the same way every time, so an
    engine may have drawn it already, alongside ``lay``."""
    tried: list[tuple[bytes, Laid, dict[str, Area], Moves, int]] = []
    given = dot
    room: dict[str, float] = {}
    widths: dict[str, float] = {}
    for attempt in range(_ATTEMPTS):
        try:
            layout = lay(widened(dot, room))
        except RenderFailed:
            if attempt == 0:
                raise
            break  # the room made Graphviz fail: the best layout so far is drawn
        graph = json.loads(layout)
        drawn = read_layout(graph)
        zones = _Zones(graph, drawn)
        if attempt == 0 and zones.orders and (firm := firmed(dot)) != dot and zones.need_firm_guides():
            dot, layout = firm, lay(firm)  # the columns as declared, a little further apart
            graph = json.loads(layout)
            drawn = read_layout(graph)
            zones = _Zones(graph, drawn)
        laid = zones.levelled()
        boxes = {
            name: cluster.box for name, cluster in laid.clusters.items() if cluster.box != drawn.clusters[name].box
        }
        widths = widths or {name: cluster.title.width for name, cluster in laid.clusters.items() if cluster.title}
        laid = laid.with_title_widths({name: widths[name] for name in room if name in widths})
        moves = place_titles(laid)
        tried.append((layout, laid, boxes, moves, attempt))
        if not moves.blocked:
            break
        for name, need in moves.blocked.items():
            # A group is as wide as its title only when the title is its widest part. The room makes the group
            # ``need`` wider than it is now; a group still without room the next time gets a whole title more.
            width, title = laid.clusters[name].box.width, widths.get(name, 0.0)
            wider = width + (title if name in room else need) + 2 * _GAP - title - 2 * _TITLE_INSET
            room[name] = max(room.get(name, 0.0) + need + 2 * _GAP, wider)
    # The layout with the least text out of place: titles with no clear stretch, labels with no room by their edge.
    layout, laid, boxes, titles, attempt = min(
        tried, key=lambda candidate: (_flaws(candidate[1], candidate[3]) if len(tried) > 1 else 0, candidate[4])
    )
    moves = place_text(laid, titles)
    if attempt == 0 and not moves.titles and not moves.labels and dot == given and not boxes:
        return None
    # A title drawn without its room is anchored at its own centre, not at the centre Graphviz gave title and room;
    # a title whose group grew on its side moves with that side.
    anchors = {
        name: at
        for name in [*room, *boxes]
        if name in laid.clusters and (at := laid.clusters[name].title_at) is not None
    }
    return pinned(dot, layout, Moves({**anchors, **moves.titles}, moves.labels, moves.blocked), boxes)


def _flaws(laid: Laid, titles: Moves) -> int:
    """How many titles of ``laid`` have no clear stretch (``titles``) and labels no clear place by their edge."""
    return len(titles.blocked) + len(stranded(laid, [line.index for line in laid.lines if line.label is not None]))


def firmed(dot: str) -> str:
    """``dot`` with its firm lines (see FIRM) in: more guides under each AZ column, for a layout that drew the
    columns out of the order the note declares them in."""
    return _FIRM_LINE.sub(r"\1", dot)


class _Zones:
    """Each VPC's AZ columns in a ``-Tjson`` layout (``graph``, read as ``laid``), in the order of their guides
    (see ZONE_GUIDE): the outermost cluster around each guided head and no other head of its VPC."""

    def __init__(self, graph: dict[str, Any], laid: Laid) -> None:
        self.graph, self.laid = graph, laid
        self.across = str(graph.get("rankdir", "TB")).upper() in ("TB", "BT")  # the columns side by side
        objects: list[dict[str, Any]] = graph.get("objects", [])
        names = {obj["_gvid"]: str(obj.get("name", "")) for obj in objects}
        heads: dict[int, list[tuple[int, int]]] = {}
        for edge in graph.get("edges", []):
            guide = _FIRST_ZONE_GUIDE.fullmatch(names.get(edge["tail"], ""))
            if guide is not None and not names.get(edge["head"], "").startswith(ZONE_GUIDE):
                heads.setdefault(int(guide["order"]), []).append((int(guide["position"]), edge["head"]))
        # The nodes (by id) inside each cluster, which only Graphviz's output lists.
        self.members = {
            str(obj["name"]): set(obj.get("nodes", ()))
            for obj in split_objects(graph)[0]
            if obj.get("name") in laid.clusters
        }
        self.orders: list[list[str]] = []  # cluster names, each VPC's columns in order
        for guided in heads.values():
            columns = []
            for _, head in sorted(guided):
                others = {other for _, other in guided if other != head}
                around = [name for name, inside in self.members.items() if head in inside and not others & inside]
                if around:
                    columns.append(
                        max(around, key=lambda name: laid.clusters[name].box.width * laid.clusters[name].box.height)
                    )
            if len(columns) == len(guided) > 1:  # a head outside any AZ of its own: no columns to keep in order
                self.orders.append(columns)

    def need_firm_guides(self) -> bool:
        """Whether the columns want holding apart by more guides: they are drawn out of the order of their guides
        (left to right, or bottom to top where the picture runs left to right, as layout._drawn_order lists them
        there), or an edge between two columns has no room beside it for its label."""
        boxes = self.laid.clusters
        if any(
            starts != sorted(starts)
            for starts in (
                [boxes[name].box.left if self.across else boxes[name].box.low for name in c] for c in self.orders
            )
        ):
            return True
        between = [
            index
            for index, edge in enumerate(self.graph.get("edges", []))
            for columns in self.orders
            if len({name for name in columns for end in (edge["tail"], edge["head"]) if end in self.members[name]}) > 1
        ]
        return bool(between) and bool(stranded(self.laid, between))

    def levelled(self) -> Laid:
        """The layout with each VPC's AZ columns level (see placement.level)."""
        return level(self.laid, self.orders, self.across)
