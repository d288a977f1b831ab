"""Where titles and edge labels go once Graphviz has laid out the picture: off the edges and inside their groups.

Graphviz places a cluster's title in its top-left corner whatever runs through it, and an edge's label
beside the edge even where that is across a group's border. Nodes and edges stay exactly where Graphviz put
them; this moves text, along the top of its group or along its own edge, to the nearest place that is clear,
and lets the boxes of sibling AZ columns reach as far as each other (see level). Coordinates are Graphviz's
points, y up, as its ``-Tjson`` output writes them.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from archdsl.render.fonts import ROOM

__all__ = ["Area", "Laid", "Moves", "level", "place_text", "place_titles", "read_layout", "split_objects", "stranded"]

_INCH: Final = 72.0
# Room kept between moved text and what it must keep clear of, in points.
_CLEARANCE: Final = 3.0
# Graphviz draws a 1.5-point border and rounds to hundredths: touching within this is not crossing.
_TOUCH: Final = 1.0
# How far apart, in points, the places tried along an edge are (and, four times that, around its ends).
_STEP: Final = 2.0
_SAMPLES_PER_CURVE: Final = 16
# How far from an edge's end a label that fits nowhere along the edge may go, in points.
_NEAR_END: Final = 100.0


@dataclass(frozen=True, slots=True)
class Area:
    """An axis-aligned rectangle in Graphviz's coordinates (y up)."""

    left: float
    low: float
    right: float
    high: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.high - self.low

    @property
    def centre(self) -> tuple[float, float]:
        return ((self.left + self.right) / 2, (self.low + self.high) / 2)

    def moved(self, dx: float, dy: float) -> Area:
        return Area(self.left + dx, self.low + dy, self.right + dx, self.high + dy)

    def grown(self, by: float) -> Area:
        return Area(self.left - by, self.low - by, self.right + by, self.high + by)

    def holds(self, other: Area) -> bool:
        return (
            other.left >= self.left and other.right <= self.right and other.low >= self.low and other.high <= self.high
        )

    def meets(self, other: Area) -> bool:
        """Whether the two share any area."""
        return min(self.right, other.right) > max(self.left, other.left) and min(self.high, other.high) > max(
            self.low, other.low
        )


Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Cluster:
    """A drawn cluster: its box, its title's box and where Graphviz put the title, its enclosing clusters."""

    name: str
    box: Area
    title: Area | None
    title_at: Point | None
    parents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Line:
    """A drawn edge: its index among the graph's edges, its path as a polyline, its label's box and anchor."""

    index: int
    points: tuple[Point, ...]
    label: Area | None
    label_at: Point | None
    home: str | None  # the innermost cluster around both of its ends
    bounds: Area  # around the whole path


@dataclass(frozen=True, slots=True)
class Laid:
    """What Graphviz drew where, as read from its ``-Tjson`` output."""

    clusters: dict[str, Cluster]
    nodes: tuple[Area, ...]
    lines: tuple[Line, ...]

    def with_title_widths(self, widths: dict[str, float]) -> Laid:
        """The layout with the named clusters' titles as wide as ``widths`` says, from the same left edge: titles
        laid out with blank room after them, as they are drawn without it."""
        clusters = dict(self.clusters)
        for name, width in widths.items():
            cluster = clusters.get(name)
            if cluster is None or cluster.title is None or cluster.title_at is None:
                continue
            title = Area(cluster.title.left, cluster.title.low, cluster.title.left + width, cluster.title.high)
            clusters[name] = Cluster(name, cluster.box, title, (title.centre[0], cluster.title_at[1]), cluster.parents)
        return Laid(clusters, self.nodes, self.lines)


@dataclass(frozen=True, slots=True)
class Moves:
    """New anchors (``lp``) for cluster titles by cluster name and for edge labels by edge index."""

    titles: dict[str, Point] = field(default_factory=dict)
    labels: dict[int, Point] = field(default_factory=dict)
    # Titles no stretch of their group's top is clear for: the extra width, in points, that would make one.
    blocked: dict[str, float] = field(default_factory=dict)


def _numbers(text: str) -> list[float]:
    return [float(value) for value in text.split(",")]


def _point(text: str) -> Point:
    x, y = _numbers(text)[:2]
    return (x, y)


def _hidden(obj: dict[str, Any]) -> bool:
    return "invis" in str(obj.get("style", ""))


def _text_area(operations: Iterable[dict[str, Any]]) -> Area | None:
    """The box around every line of text an ``_ldraw_`` list draws (baseline, alignment and width)."""
    size = 14.0
    area: Area | None = None
    for operation in operations:
        if operation.get("op") == "F":
            size = float(operation["size"])
        if operation.get("op") != "T" or not str(operation["text"]).strip(ROOM + " \u00a0"):
            continue
        x, baseline = (float(value) for value in operation["pt"])
        width = float(operation["width"])
        left = {"l": x, "r": x - width}.get(str(operation["align"]), x - width / 2)
        line = Area(left, baseline - 0.25 * size, left + width, baseline + 0.9 * size)
        area = (
            line
            if area is None
            else Area(
                min(area.left, line.left),
                min(area.low, line.low),
                max(area.right, line.right),
                max(area.high, line.high),
            )
        )
    return area


def _title_area(cluster: dict[str, Any]) -> Area | None:
    """A cluster title's box, icon included: its anchor and the size Graphviz gave it."""
    if "lp" not in cluster or not str(cluster.get("label", "")).strip():
        return None
    x, y = _point(cluster["lp"])
    half_width = float(cluster.get("lwidth", 0)) * _INCH / 2
    half_height = float(cluster.get("lheight", 0)) * _INCH / 2
    return Area(x - half_width, y - half_height, x + half_width, y + half_height)


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    u = 1 - t
    return (
        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
    )


def _polyline(pos: str) -> tuple[Point, ...]:
    """An edge's ``pos`` (one or more B-splines, arrow tips marked ``s,``/``e,``) as one polyline."""
    points: list[Point] = []
    for spline in pos.split(";"):
        start: Point | None = None
        end: Point | None = None
        controls: list[Point] = []
        for item in spline.split():
            if item.startswith("s,"):
                start = _point(item[2:])
            elif item.startswith("e,"):
                end = _point(item[2:])
            else:
                controls.append(_point(item))
        if not controls:
            continue
        points += [start] if start else []
        points.append(controls[0])
        for index in range(1, len(controls) - 2, 3):
            p0, p1, p2, p3 = controls[index - 1 : index + 3]
            points += [_cubic(p0, p1, p2, p3, step / _SAMPLES_PER_CURVE) for step in range(1, _SAMPLES_PER_CURVE + 1)]
        points += [end] if end else []
    return tuple(points)


def split_objects(graph: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A parsed ``-Tjson`` graph's subgraphs and its nodes: Graphviz lists ``_subgraph_cnt`` subgraphs first. A
    subgraph is a cluster by its name; a node may have any name, "cluster" too."""
    objects: list[dict[str, Any]] = graph.get("objects", [])
    count = int(graph.get("_subgraph_cnt", 0))
    return objects[:count], objects[count:]


def read_layout(output: bytes | str | dict[str, Any]) -> Laid:
    """Graphviz's ``-Tjson`` ``output`` (or that output parsed) as clusters, visible node boxes and visible edges."""
    graph = output if isinstance(output, dict) else json.loads(output)
    subgraphs, node_objects = split_objects(graph)
    cluster_objects = [obj for obj in subgraphs if str(obj.get("name", "")).startswith("cluster") and "bb" in obj]
    members: dict[int, set[str]] = {}  # node gvid: the clusters it is in
    nested: dict[int, set[str]] = {}  # cluster gvid: the clusters around it
    for obj in cluster_objects:
        for node in obj.get("nodes", []):
            members.setdefault(node, set()).add(obj["name"])
        for sub in obj.get("subgraphs", []):
            nested.setdefault(sub, set()).add(obj["name"])
    areas = {obj["name"]: Area(*_numbers(obj["bb"])) for obj in cluster_objects}

    def innermost_first(names: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(names, key=lambda name: (areas[name].width * areas[name].height, name)))

    clusters: dict[str, Cluster] = {}
    for obj in cluster_objects:
        title = _title_area(obj)
        parents = innermost_first(nested.get(obj["_gvid"], set()))
        at = _point(obj["lp"]) if title is not None else None
        clusters[obj["name"]] = Cluster(obj["name"], areas[obj["name"]], title, at, parents)
    nodes = tuple(
        Area(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        for obj in node_objects
        if "pos" in obj and not _hidden(obj)
        for x, y in [_point(obj["pos"])]
        for w, h in [(float(obj.get("width", 0)) * _INCH, float(obj.get("height", 0)) * _INCH)]
    )
    lines = []
    for index, edge in enumerate(graph.get("edges", [])):
        if _hidden(edge) or "pos" not in edge:
            continue
        tail_in = set(members.get(edge["tail"], ()))  # copies: an edge to a group narrows them below
        head_in = set(members.get(edge["head"], ()))
        for end, attribute in ((tail_in, "ltail"), (head_in, "lhead")):
            clipped = edge.get(attribute)
            if clipped in clusters:  # an edge to a group runs in the group's parent
                end.difference_update({clipped}, {name for name in end if clipped in clusters[name].parents})
        shared = innermost_first(tail_in & head_in)
        label = _text_area(edge.get("_ldraw_", []))
        at = _point(edge["lp"]) if label is not None and "lp" in edge else None
        points = _polyline(edge["pos"])
        if not points:
            continue
        xs, ys = [x for x, _ in points], [y for _, y in points]
        bounds = Area(min(xs), min(ys), max(xs), max(ys))
        lines.append(Line(index, points, label if at else None, at, shared[0] if shared else None, bounds))
    return Laid(clusters, nodes, tuple(lines))


def _segments(points: Sequence[Point]) -> Iterator[tuple[Point, Point]]:
    return itertools.pairwise(points)


def _segment_meets(a: Point, b: Point, area: Area) -> bool:
    """Whether segment a-b passes through the inside of ``area`` (Liang-Barsky clipping; either y direction)."""
    low, high = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - area.left), (dx, area.right - a[0]), (-dy, a[1] - area.low), (dy, area.high - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low > high:
            return False
    return True


def _crossed(area: Area, lines: Iterable[Line]) -> bool:
    inner = area.grown(-_TOUCH)
    return any(
        _segment_meets(a, b, inner)
        for line in lines
        if line.bounds.grown(_TOUCH).meets(inner)
        for a, b in _segments(line.points)
    )


def _across(a: Point, b: Point, low: float, high: float) -> tuple[float, float] | None:
    """The x extent of segment a-b between heights ``low`` and ``high``, if it passes there."""
    (x0, y0), (x1, y1) = a, b
    if max(y0, y1) < low or min(y0, y1) > high:
        return None
    if y0 == y1:
        return (min(x0, x1), max(x0, x1))
    t0, t1 = sorted(((low - y0) / (y1 - y0), (high - y0) / (y1 - y0)))
    t0, t1 = max(t0, 0.0), min(t1, 1.0)
    xs = (x0 + (x1 - x0) * t0, x0 + (x1 - x0) * t1)
    return (min(xs), max(xs))


def _free_stretches(
    start: float, end: float, low: float, high: float, lines: Iterable[Line]
) -> list[tuple[float, float]]:
    """The stretches of x from ``start`` to ``end`` that no edge passes through between ``low`` and ``high``."""
    band = Area(start, low, end, high)
    used = sorted(
        (left - _CLEARANCE, right + _CLEARANCE)
        for line in lines
        if line.bounds.grown(_TOUCH).meets(band)
        for a, b in _segments(line.points)
        if (extent := _across(a, b, low, high)) is not None
        for left, right in [extent]
    )
    free, at = [], start
    for left, right in used:
        if left > at:
            free.append((at, min(left, end)))
        at = max(at, right)
        if at >= end:
            break
    if at < end:
        free.append((at, end))
    return [(left, right) for left, right in free if right > left]


def _title_moves(laid: Laid) -> tuple[dict[str, Point], dict[str, float]]:
    """Each title an edge runs through, slid right along the top of its group to the first stretch clear of
    edges; and for each title with no such stretch, how much wider its group would need to be."""
    moves: dict[str, Point] = {}
    blocked: dict[str, float] = {}
    for cluster in laid.clusters.values():
        title, at = cluster.title, cluster.title_at
        if title is None or at is None or not _crossed(title.grown(_CLEARANCE), laid.lines):
            continue
        stretches = _free_stretches(
            title.left, cluster.box.right - _CLEARANCE, title.low - _CLEARANCE, title.high + _CLEARANCE, laid.lines
        )
        room = next((left for left, right in stretches if right - left >= title.width), None)
        if room is None:
            widest = max((right - left for left, right in stretches), default=0.0)
            blocked[cluster.name] = max(title.width - widest, title.width / 2)
        else:
            moves[cluster.name] = (at[0] + room - title.left, at[1])
    return moves, blocked


def _along(points: Sequence[Point]) -> Iterator[Point]:
    """Points every _STEP along a polyline."""
    for a, b in _segments(points):
        length = math.dist(a, b)
        steps = max(1, int(length / _STEP))
        for step in range(steps):
            t = step / steps
            yield (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
    if points:
        yield points[-1]


def _fits(area: Area, line: Line, laid: Laid, taken: Sequence[Area], titles: Sequence[Area]) -> bool:
    """Inside the edge's own group, across no other group's border, clear of nodes, titles and other labels."""
    home = laid.clusters.get(line.home) if line.home else None
    if home is not None and not home.box.grown(-_CLEARANCE).holds(area):
        return False
    padded = area.grown(_CLEARANCE)
    for cluster in laid.clusters.values():
        if cluster.name != line.home and padded.meets(cluster.box) and not cluster.box.grown(-_CLEARANCE).holds(area):
            return False
    return not any(padded.meets(box) for group in (laid.nodes, taken, titles) for box in group)


def _beside(label: Area, points: Sequence[Point]) -> Iterator[Area]:
    """The label moved beside each point along an edge: right of it, left of it, above it and below it."""
    centre = label.centre
    for x, y in _along(points):
        yield label.moved(x + _CLEARANCE - label.left, y - centre[1])
        yield label.moved(x - _CLEARANCE - label.right, y - centre[1])
        yield label.moved(x - centre[0], y + _CLEARANCE - label.low)
        yield label.moved(x - centre[0], y - _CLEARANCE - label.high)


def _near_ends(label: Area, points: Sequence[Point]) -> Iterator[Area]:
    """The label moved to places around either end of an edge, within _NEAR_END of it."""
    centre = label.centre
    steps = range(-int(_NEAR_END), int(_NEAR_END) + 1, int(4 * _STEP))
    for x, y in (points[0], points[-1]):
        for dx in steps:
            for dy in steps:
                yield label.moved(x + dx - centre[0], y + dy - centre[1])


def _nearest_clear(
    label: Area, places: Iterable[Area], line: Line, laid: Laid, others: Sequence[Area], titles: Sequence[Area]
) -> Area | None:
    """Of ``places``, the nearest to ``label`` that fits and no edge crosses, else the nearest that fits."""
    centre = label.centre
    ordered = sorted(((math.dist(box.centre, centre), box.left, box.low), box) for box in places)
    fitting: Area | None = None
    for _, box in ordered:
        if not _fits(box, line, laid, others, titles):
            continue
        if not _crossed(box, laid.lines):
            return box
        fitting = fitting or box
    return fitting


def _label_moves(
    laid: Laid, titles: list[Area], only: Collection[int] | None = None
) -> tuple[dict[int, Point], frozenset[int]]:
    """Each edge label that leaves its group or lies across a border, node or title: moved along its own edge
    to the nearest place that is clear, beside the edge, off every other edge where there is such a place; and
    the edges whose label found no such place beside the edge. With ``only``, just those edges' labels are
    looked at, and one with no place beside its edge is not moved near an end."""
    moves: dict[int, Point] = {}
    stranded: set[int] = set()
    labelled = [line for line in laid.lines if line.label is not None and line.label_at is not None]
    taken = [line.label for line in labelled if line.label is not None]
    for position, line in enumerate(labelled):
        assert line.label is not None and line.label_at is not None
        if only is not None and line.index not in only:
            continue
        label = line.label
        others = taken[:position] + taken[position + 1 :]
        if _fits(label, line, laid, others, titles):
            continue
        chosen = _nearest_clear(label, _beside(label, line.points), line, laid, others, titles)
        if chosen is None:  # nowhere along the edge: next to where it ends (a node beside a group, say)
            stranded.add(line.index)
            if only is None:
                chosen = _nearest_clear(label, _near_ends(label, line.points), line, laid, others, titles)
        if chosen is None:
            continue
        moves[line.index] = (line.label_at[0] + chosen.left - label.left, line.label_at[1] + chosen.low - label.low)
        taken[position] = chosen
    return moves, frozenset(stranded)


def level(laid: Laid, columns: Sequence[Sequence[str]], across: bool) -> Laid:
    """The layout with the boxes of each list of sibling AZ clusters (``columns``) reaching along the ranks as
    far as the furthest of them, as reference pictures draw AZs: top and bottom level where the picture runs
    down (``across``, the columns side by side), left and right where it runs across. A box grows only over
    empty space: no node, label or other group; and its title's side only where no edge runs. The title moves
    with its side."""
    clusters = dict(laid.clusters)
    labels = [line.label for line in laid.lines if line.label is not None]
    for names in columns:
        boxes = [clusters[name].box for name in names if name in clusters]
        if len(boxes) < 2:
            continue
        for name in names:
            cluster = clusters.get(name)
            if cluster is None:
                continue
            box = cluster.box
            # The title's side first: the top in TB and BT, the left in LR and RL.
            if across:
                lead = Area(box.left, box.high, box.right, max(other.high for other in boxes))
                tail = Area(box.left, min(other.low for other in boxes), box.right, box.low)
            else:
                lead = Area(min(other.left for other in boxes), box.low, box.left, box.high)
                tail = Area(box.right, box.low, max(other.right for other in boxes), box.high)

            def clear(strip: Area, titled: bool, name: str = name, cluster: Cluster = cluster) -> bool:
                if strip.width <= 0 or strip.height <= 0:
                    return False
                inner = strip.grown(-_TOUCH)
                others = [
                    other.box for other in clusters.values() if other.name != name and other.name not in cluster.parents
                ]
                if any(inner.meets(area) for group in (laid.nodes, labels, others) for area in group):
                    return False
                return not titled or not _crossed(strip, laid.lines)

            grown_lead, grown_tail = clear(lead, True), clear(tail, False)
            if not (grown_lead or grown_tail):
                continue
            dx, dy = (0.0, lead.height) if across else (-lead.width, 0.0)
            if not grown_lead:
                dx = dy = 0.0
            parts = [box, *([lead] if grown_lead else []), *([tail] if grown_tail else [])]
            grown = Area(
                min(part.left for part in parts),
                min(part.low for part in parts),
                max(part.right for part in parts),
                max(part.high for part in parts),
            )
            title = cluster.title.moved(dx, dy) if cluster.title else None
            title_at = (cluster.title_at[0] + dx, cluster.title_at[1] + dy) if cluster.title_at else None
            clusters[name] = Cluster(name, grown, title, title_at, cluster.parents)
    return Laid(clusters, laid.nodes, laid.lines)


def place_titles(laid: Laid) -> Moves:
    """Where the titles Graphviz put across edges go instead, and which titles have nowhere to go."""
    titles, blocked = _title_moves(laid)
    return Moves(titles, {}, blocked)


def place_text(laid: Laid, titles: Moves | None = None) -> Moves:
    """Where the titles and edge labels Graphviz put across edges or borders go instead (``titles``: the
    titles' places when already worked out by place_titles)."""
    titles = titles if titles is not None else place_titles(laid)
    placed_titles = [
        cluster.title.moved(titles.titles[cluster.name][0] - cluster.title_at[0], 0)
        if cluster.name in titles.titles and cluster.title_at is not None
        else cluster.title
        for cluster in laid.clusters.values()
        if cluster.title is not None
    ]
    labels, _ = _label_moves(laid, placed_titles)
    return Moves(titles.titles, labels, titles.blocked)


def stranded(laid: Laid, edges: Collection[int]) -> frozenset[int]:
    """Of the ``edges`` (by index), those whose label has no clear place beside the edge, with every title and
    other label where Graphviz put it."""
    titles = [cluster.title for cluster in laid.clusters.values() if cluster.title is not None]
    return _label_moves(laid, titles, edges)[1]
