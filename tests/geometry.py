"""Checks of a drawn picture's geometry, read from Graphviz's own layout output (``-Tjson``).

``layout_of(diagram, engine)`` builds the DOT exactly as ``render`` does and lays it out on that engine;
``layout_from_json`` reads any ``-Tjson`` output. Coordinates are Graphviz points with y pointing DOWN
(as in the SVG): "above" means a smaller y. Each check returns human-readable violations, empty when the
picture is fine; ``crossings`` counts edge-edge crossings. Elements drawn invisibly (``style=invis``) are
scaffolding of the layout and are never checked.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from archdsl.catalog import CATALOG, Catalog, Role
from archdsl.model import Diagram, Direction, GroupKind, SubnetTier

__all__ = [
    "Box",
    "EdgeLine",
    "GroupBox",
    "Layout",
    "NodeBox",
    "all_violations",
    "crossings",
    "data_beside_compute",
    "edges_across_titles",
    "entries_not_above_vpc",
    "labels_outside_groups",
    "layout_from_json",
    "layout_of",
    "nodes_outside_groups",
    "regional_services_not_beside_vpc",
    "staggered_azs",
    "tier_of",
    "tiers_out_of_order",
]

POINTS_PER_INCH = 72.0
# Graphviz rounds coordinates to a hundredth and draws 1.5-point borders: closer than this is touching.
TOLERANCE = 1.0
LABEL_CLEARANCE = 2.0  # points between a node's label and the border of a group around it
# AZs side by side share at least this share of the longer one's extent along the rank axis: level columns.
AZ_OVERLAP = 0.8
# A title leaves no room to enter its group beside it when every free stretch of the top side is narrower.
ENTRY_GAP = 24.0
# Crossings this close to an endpoint two edges share are edges fanning out of one place, not crossings.
SHARED_END = 10.0
# Two hits of the same two edges closer than this are one crossing seen twice by the flattening.
SAME_HIT = 4.0
_BEZIER_STEPS = 12
_ROOM_CHARACTERS = "\u2007"  # archdsl/render/fonts.py ROOM, which the embedded engine adds to every label
_DATA_ROLES = frozenset({Role.DATABASE, Role.CACHE})
_COMPUTE_ROLES = frozenset({Role.COMPUTE, Role.CONTAINER, Role.SERVERLESS})
# Where requests come in: users, DNS, CDN, API gateways, and the edge's firewalls.
_ENTRY_ROLES = frozenset({Role.ACTOR, Role.DNS, Role.CDN, Role.API})
_ENTRY_KINDS = frozenset({"waf", "shield"})
# Regional and global services that belong in a column beside the VPC, out of the request flow.
_REGIONAL_ROLES = frozenset(
    {
        Role.STORAGE,
        Role.DATABASE,
        Role.CACHE,
        Role.MESSAGING,
        Role.MONITORING,
        Role.ANALYTICS,
        Role.ML,
        Role.MANAGEMENT,
        Role.DEVTOOLS,
        Role.SECURITY,
    }
)
# Groups that hold AWS's regional services; anything else (on-premises, a plain group) is another place.
_AWS_PLACES = frozenset({GroupKind.CLOUD.value, GroupKind.ACCOUNT.value, GroupKind.REGION.value})
_TIER_RANK = {"public": 0, "private": 1, "data": 2}
_TIER_WORD = {"public": "public", "private": "private/app", "data": "data"}

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle; y points down."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def contains(self, other: Box, tolerance: float = TOLERANCE) -> bool:
        return (
            other.left >= self.left - tolerance
            and other.right <= self.right + tolerance
            and other.top >= self.top - tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def overlaps(self, other: Box, tolerance: float = TOLERANCE) -> bool:
        """Whether the two share an area deeper than ``tolerance`` on both axes."""
        return (
            min(self.right, other.right) - max(self.left, other.left) > tolerance
            and min(self.bottom, other.bottom) - max(self.top, other.top) > tolerance
        )

    def straddles(self, other: Box, tolerance: float = TOLERANCE) -> bool:
        """Whether this box lies partly inside ``other`` and partly outside: across its border."""
        return self.overlaps(other, tolerance) and not other.contains(self, tolerance)

    def shrunk(self, by: float) -> Box:
        return Box(self.left + by, self.top + by, self.right - by, self.bottom - by)

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            min(self.top, other.top),
            max(self.right, other.right),
            max(self.bottom, other.bottom),
        )

    def __str__(self) -> str:
        return f"({self.left:.0f},{self.top:.0f})-({self.right:.0f},{self.bottom:.0f})"


@dataclass(frozen=True, slots=True)
class NodeBox:
    """A node as drawn: its box, its label's box (None without text), and its innermost group."""

    id: str
    box: Box
    label: Box | None = None
    group: str | None = None
    role: str | None = None  # the catalog's role of the node's kind
    kind: str = ""


@dataclass(frozen=True, slots=True)
class GroupBox:
    """A group as drawn: its cluster's box and its title's box, with its kind, parent, subnet tier and place
    among the groups as the note declares them."""

    id: str
    box: Box
    title: Box | None = None
    kind: str = GroupKind.GENERIC.value
    parent: str | None = None
    tier: str | None = None  # "public", "private" or "data" for subnets whose tier is known
    declared: int = 0


@dataclass(frozen=True, slots=True)
class EdgeLine:
    """A drawn edge: the model elements it joins (node or group ids), its path flattened, its label's box."""

    source: str
    target: str
    points: tuple[Point, ...]
    label: Box | None = None

    @property
    def name(self) -> str:
        return f"{self.source} -> {self.target}"


@dataclass(frozen=True, slots=True)
class Layout:
    """Everything a check looks at; a hand-made one tests the checks without Graphviz."""

    direction: Direction = Direction.TB
    nodes: dict[str, NodeBox] = field(default_factory=dict)
    groups: dict[str, GroupBox] = field(default_factory=dict)
    edges: tuple[EdgeLine, ...] = ()

    def ancestors(self, group: str | None) -> list[str]:
        """``group`` and the groups around it, innermost first."""
        chain: list[str] = []
        while group is not None and group in self.groups and group not in chain:
            chain.append(group)
            group = self.groups[group].parent
        return chain

    def container(self, element: str) -> str | None:
        """The innermost group an edge end at ``element`` runs in: a node's group, a group's parent."""
        if element in self.nodes:
            return self.nodes[element].group
        if element in self.groups:
            return self.groups[element].parent
        return None

    def within(self, element: str, group: str) -> bool:
        """Whether the node or group ``element`` is ``group`` or lies inside it."""
        start = self.nodes[element].group if element in self.nodes else element
        return group in self.ancestors(start)


# Reading Graphviz's output


def tier_of(diagram: Diagram, group_id: str, catalog: Catalog = CATALOG) -> str | None:
    """A subnet's tier row: "public", "private" (app) or "data"; None for other groups and unknown tiers.

    "data" is a subnet written as data, or a private (or untiered) subnet with nodes that are all
    databases or caches by the catalog's roles, nested groups included.
    """
    group = diagram.group(group_id)
    if group is None or group.kind is not GroupKind.SUBNET:
        return None
    if group.tier is SubnetTier.PUBLIC:
        return "public"
    if group.tier is SubnetTier.DATA:
        return "data"
    inside = [node for node in diagram.nodes if group_id in {g.id for g in diagram.ancestors(node.group)}]
    roles = [service.role if (service := catalog.lookup(node.kind)) else None for node in inside]
    if inside and all(role in _DATA_ROLES for role in roles):
        return "data"
    return "private" if group.tier is SubnetTier.PRIVATE else None


def layout_of(diagram: Diagram, engine: str, theme: str = "light") -> Layout:
    """``diagram`` laid out by the ``engine`` ("system" or "embedded") from the DOT ``render`` draws."""
    from archdsl.render.dot import build_dot
    from archdsl.render.engines import layout_json, select
    from archdsl.render.theme import THEMES

    chosen = select(engine)
    drawing = build_dot(diagram, THEMES[theme], html_labels=chosen.html_labels)
    return layout_from_json(layout_json(chosen, drawing.dot), diagram, drawing.cluster_groups)


def layout_from_json(output: bytes | str, diagram: Diagram, cluster_groups: dict[str, str]) -> Layout:
    """Graphviz's ``-Tjson`` ``output`` for ``diagram``, whose clusters draw the groups ``cluster_groups`` names."""
    graph = json.loads(output)
    height = _numbers(graph["bb"])[3]
    objects = graph.get("objects", [])
    names = {obj["_gvid"]: obj["name"] for obj in objects}
    model_nodes = {node.id: node for node in diagram.nodes}
    groups: dict[str, GroupBox] = {}
    nodes: dict[str, NodeBox] = {}
    for obj in objects:
        name = obj["name"]
        if name in cluster_groups and "bb" in obj:
            group = diagram.group(cluster_groups[name])
            if group is None:
                continue
            left, bottom, right, top = _numbers(obj["bb"])
            groups[group.id] = GroupBox(
                group.id,
                Box(left, height - top, right, height - bottom),
                _title(obj, height),
                group.kind.value,
                group.parent if diagram.group(group.parent or "") else None,
                tier_of(diagram, group.id),
                diagram.groups.index(group),
            )
        elif name in model_nodes and "pos" in obj and not _invisible(obj):
            x, y = _numbers(obj["pos"])
            half_width = float(obj["width"]) * POINTS_PER_INCH / 2
            half_height = float(obj["height"]) * POINTS_PER_INCH / 2
            box = Box(x - half_width, height - y - half_height, x + half_width, height - y + half_height)
            service = CATALOG.lookup(model_nodes[name].kind)
            label = _text_box(obj.get("_ldraw_", []), height)
            nodes[name] = NodeBox(
                name,
                box,
                label,
                model_nodes[name].group,
                service.role.value if service else None,
                service.key if service else model_nodes[name].kind,
            )
    known_groups = {group for group in groups}
    nodes = {
        key: NodeBox(
            node.id, node.box, node.label, node.group if node.group in known_groups else None, node.role, node.kind
        )
        for key, node in nodes.items()
    }
    edges = []
    for edge in graph.get("edges", []):
        if _invisible(edge) or "pos" not in edge:
            continue
        source = cluster_groups.get(edge.get("ltail", ""), names.get(edge["tail"], ""))
        target = cluster_groups.get(edge.get("lhead", ""), names.get(edge["head"], ""))
        # Every text the edge draws: its label, and a head, tail or external label where there is one.
        texts = [operation for key in _EDGE_TEXTS for operation in edge.get(key, [])]
        edges.append(EdgeLine(source, target, _path(edge["pos"], height), _text_box(texts, height)))
    return Layout(diagram.direction, nodes, groups, tuple(edges))


def _numbers(text: str) -> list[float]:
    return [float(number) for number in text.split(",")]


def _invisible(obj: dict[str, object]) -> bool:
    return "invis" in str(obj.get("style", ""))


def _title(cluster: dict[str, object], height: float) -> Box | None:
    if "lp" not in cluster or not str(cluster.get("label", "")).strip():
        return None
    x, y = _numbers(str(cluster["lp"]))
    half_width = float(str(cluster["lwidth"])) * POINTS_PER_INCH / 2
    half_height = float(str(cluster["lheight"])) * POINTS_PER_INCH / 2
    return Box(x - half_width, height - y - half_height, x + half_width, height - y + half_height)


_EDGE_TEXTS = ("_ldraw_", "_hldraw_", "_tldraw_", "_xldraw_")


def _text_box(operations: Iterable[dict[str, object]], height: float) -> Box | None:
    """The box around every line of text an ``_ldraw_`` list draws (from baseline, alignment and width)."""
    size = 14.0
    box: Box | None = None
    for operation in operations:
        if operation.get("op") == "F":
            size = float(str(operation["size"]))
        if operation.get("op") != "T" or not str(operation["text"]).strip(_ROOM_CHARACTERS + " \u00a0"):
            continue
        x, y = (float(value) for value in operation["pt"])  # type: ignore[attr-defined]
        width = float(str(operation["width"]))
        left = {"l": x, "r": x - width}.get(str(operation["align"]), x - width / 2)
        baseline = height - y
        line = Box(left, baseline - 0.9 * size, left + width, baseline + 0.25 * size)
        box = line if box is None else box.union(line)
    return box


def _path(pos: str, height: float) -> tuple[Point, ...]:
    """An edge's ``pos`` (B-spline control points, arrow tips first; several splines apart by ``;``) flattened
    to one polyline, y down."""
    return tuple(point for spline in pos.split(";") if spline.strip() for point in _spline(spline, height))


def _spline(pos: str, height: float) -> list[Point]:
    start: Point | None = None
    end: Point | None = None
    controls: list[Point] = []
    for item in pos.split():
        if item.startswith(("s,", "e,")):
            x, y = _numbers(item[2:])
            if item[0] == "s":
                start = (x, height - y)
            else:
                end = (x, height - y)
        else:
            x, y = _numbers(item)
            controls.append((x, height - y))
    points: list[Point] = [start] if start else []
    points.append(controls[0])
    for index in range(1, len(controls) - 2, 3):
        p0, p1, p2, p3 = controls[index - 1 : index + 3]
        points.extend(_cubic(p0, p1, p2, p3, step / _BEZIER_STEPS) for step in range(1, _BEZIER_STEPS + 1))
    if end:
        points.append(end)
    return points


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point, t: float) -> Point:
    u = 1 - t
    return (
        u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
        u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
    )


# The checks


def nodes_outside_groups(layout: Layout) -> list[str]:
    """Every node and its label inside each of its groups and every group inside its parent; no node or node
    label on a group it is not in."""
    found = []
    for node in layout.nodes.values():
        # A label is text under the icon: clear of its group's border line (1.5 points), not touching it.
        drawn = [("node", node.box, TOLERANCE)]
        if node.label is not None:
            drawn.append(("the label of node", node.label, -LABEL_CLEARANCE))
        for what, box, tolerance in drawn:
            for group_id in layout.ancestors(node.group):
                if not layout.groups[group_id].box.contains(box, tolerance):
                    found.append(
                        f"{what} {node.id!r} {box} is not inside its group {group_id!r} {layout.groups[group_id].box}"
                    )
            for group in layout.groups.values():
                if group.id not in layout.ancestors(node.group) and box.overlaps(group.box):
                    found.append(f"{what} {node.id!r} {box} lies on group {group.id!r} {group.box}, not its own")
    for group in layout.groups.values():
        parent = layout.groups.get(group.parent or "")
        if parent is not None and not parent.box.contains(group.box):
            found.append(f"group {group.id!r} {group.box} is not inside its parent {parent.id!r} {parent.box}")
    return found


def _rank_axis(layout: Layout, box: Box) -> tuple[float, float]:
    """The box's extent along the direction edges flow, in flow order: first reached, last reached."""
    match layout.direction:
        case Direction.TB:
            return box.top, box.bottom
        case Direction.BT:
            return -box.bottom, -box.top
        case Direction.LR:
            return box.left, box.right
        case _:
            return -box.right, -box.left


def _enclosing(layout: Layout, group: GroupBox, kind: GroupKind) -> str | None:
    return next((g for g in layout.ancestors(group.parent) if layout.groups[g].kind == kind.value), None)


def _sibling_azs(layout: Layout) -> list[list[GroupBox]]:
    """The AZs of each VPC (else of each parent), in declared order."""
    siblings: dict[str | None, list[GroupBox]] = {}
    for group in sorted(layout.groups.values(), key=lambda group: group.declared):
        if group.kind == GroupKind.AZ.value:
            key = _enclosing(layout, group, GroupKind.VPC) or group.parent
            siblings.setdefault(key, []).append(group)
    return list(siblings.values())


def zones_out_of_order(layout: Layout) -> list[str]:
    """Sibling AZs in the order the note declares them: left to right in TB and BT, top to bottom in LR and RL."""
    found = []
    columns = layout.direction in (Direction.TB, Direction.BT)
    for zones in _sibling_azs(layout):
        for first, second in itertools.pairwise(zones):
            if (second.box.left < first.box.left) if columns else (second.box.top < first.box.top):
                found.append(
                    f"AZ {second.id!r} {second.box} is drawn {'left of' if columns else 'above'} {first.id!r} "
                    f"{first.box}, which the note declares before it"
                )
    return found


def staggered_azs(layout: Layout) -> list[str]:
    """Sibling AZs (under one VPC, else one parent) side by side: along the rank axis (vertical in TB/BT,
    horizontal in LR/RL) each pair shares at least 80% of the longer one's extent: level columns, neither
    staggered nor one much taller than the other."""
    found = []
    axis = "vertically" if layout.direction in (Direction.TB, Direction.BT) else "horizontally"
    for zones in _sibling_azs(layout):
        for first, second in itertools.combinations(zones, 2):
            a_start, a_end = _rank_axis(layout, first.box)
            b_start, b_end = _rank_axis(layout, second.box)
            shared = max(0.0, min(a_end, b_end) - max(a_start, b_start))
            longer = max(a_end - a_start, b_end - b_start)
            if longer > 0 and shared < AZ_OVERLAP * longer - 1e-9:
                found.append(
                    f"AZs {first.id!r} {first.box} and {second.id!r} {second.box} overlap {axis} by "
                    f"{shared / longer:.0%} of the longer, not {AZ_OVERLAP:.0%}"
                )
    return found


def tiers_out_of_order(layout: Layout) -> list[str]:
    """Within a VPC (or, without one, the whole picture) every public subnet lies before every private/app
    subnet, and every private/app subnet before every data subnet, along the direction edges flow (above in
    TB): rows that do not interleave, whichever AZ each subnet is in."""
    rows: dict[str | None, list[GroupBox]] = {}
    for group in layout.groups.values():
        if group.tier in _TIER_RANK:
            rows.setdefault(_enclosing(layout, group, GroupKind.VPC), []).append(group)
    before = {Direction.TB: "above", Direction.BT: "below", Direction.LR: "left of", Direction.RL: "right of"}
    found = []
    for subnets in rows.values():
        for first, second in itertools.permutations(subnets, 2):
            assert first.tier is not None and second.tier is not None
            if _TIER_RANK[first.tier] >= _TIER_RANK[second.tier]:
                continue
            first_end = _rank_axis(layout, first.box)[1]
            second_start = _rank_axis(layout, second.box)[0]
            if first_end > second_start + TOLERANCE:
                found.append(
                    f"{_TIER_WORD[first.tier]} subnet {first.id!r} {first.box} is not "
                    f"{before[layout.direction]} {_TIER_WORD[second.tier]} subnet {second.id!r} {second.box}"
                )
    return found


def data_beside_compute(layout: Layout) -> list[str]:
    """Within a VPC, every database or cache lies after every compute node (server, container, function) along
    the direction edges flow (below in TB): the data row under the app row, also where no subnet says so."""
    by_vpc: dict[str, tuple[list[NodeBox], list[NodeBox]]] = {}
    for node in layout.nodes.values():
        vpc = next((g for g in layout.ancestors(node.group) if layout.groups[g].kind == GroupKind.VPC.value), None)
        if vpc is not None and node.role is not None:
            computes, stores = by_vpc.setdefault(vpc, ([], []))
            if node.role in {role.value for role in _COMPUTE_ROLES}:
                computes.append(node)
            elif node.role in {role.value for role in _DATA_ROLES}:
                stores.append(node)
    before = {Direction.TB: "below", Direction.BT: "above", Direction.LR: "right of", Direction.RL: "left of"}
    found = []
    for vpc, (computes, stores) in by_vpc.items():
        for store in stores:
            for compute in computes:
                if _rank_axis(layout, store.box)[0] < _rank_axis(layout, compute.box)[1] - TOLERANCE:
                    found.append(
                        f"{store.role} {store.id!r} {store.box} is not {before[layout.direction]} "
                        f"{compute.role} {compute.id!r} {compute.box} in VPC {vpc!r}"
                    )
    return found


def _outside_vpcs(layout: Layout) -> Iterator[NodeBox]:
    """Nodes in no VPC and in no group but the cloud, account or region: AWS's regional and global services."""
    for node in layout.nodes.values():
        if all(layout.groups[g].kind in _AWS_PLACES for g in layout.ancestors(node.group)):
            yield node


def entries_not_above_vpc(layout: Layout) -> list[str]:
    """Entry points outside the VPCs (users, DNS, CDN, API gateways, WAF) lie before every VPC along the
    direction edges flow: above it in TB, left of it in LR."""
    vpcs = [group for group in layout.groups.values() if group.kind == GroupKind.VPC.value]
    before = {Direction.TB: "above", Direction.BT: "below", Direction.LR: "left of", Direction.RL: "right of"}
    found = []
    for node in _outside_vpcs(layout):
        if node.role not in {role.value for role in _ENTRY_ROLES} and node.kind not in _ENTRY_KINDS:
            continue
        for vpc in vpcs:
            if _rank_axis(layout, node.box)[1] > _rank_axis(layout, vpc.box)[0] + TOLERANCE:
                found.append(
                    f"entry point {node.id!r} {node.box} is not {before[layout.direction]} VPC {vpc.id!r} {vpc.box}"
                )
    return found


def regional_services_not_beside_vpc(layout: Layout) -> list[str]:
    """Regional and global services outside the VPCs (storage, databases, queues, monitoring, ...) lie beside
    a VPC: within its extent along the direction edges flow, not above or below it in TB."""
    vpcs = [group for group in layout.groups.values() if group.kind == GroupKind.VPC.value]
    entry = {role.value for role in _ENTRY_ROLES}
    regional = {role.value for role in _REGIONAL_ROLES}
    found = []
    for node in _outside_vpcs(layout):
        if not vpcs or node.role not in regional or node.role in entry or node.kind in _ENTRY_KINDS:
            continue
        start, end = _rank_axis(layout, node.box)
        if not any(
            _rank_axis(layout, vpc.box)[0] - TOLERANCE <= start and end <= _rank_axis(layout, vpc.box)[1] + TOLERANCE
            for vpc in vpcs
        ):
            found.append(
                f"{node.role} {node.id!r} {node.box} is not beside a VPC ({', '.join(str(v.box) for v in vpcs)})"
            )
    return found


def _segments(points: Sequence[Point]) -> Iterator[tuple[Point, Point]]:
    return itertools.pairwise(points)


def _segment_meets_box(a: Point, b: Point, box: Box) -> bool:
    """Whether the segment a-b passes through the inside of ``box`` (Liang-Barsky clipping).

    Written here, not taken from archdsl/render/placement.py: the checks stay independent of the code they
    check, and bench/bench_layout.py runs them against checkouts from before placement existed."""
    low, high = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - box.left), (dx, box.right - a[0]), (-dy, a[1] - box.top), (dy, box.bottom - a[1])):
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


def _title_fills_top(group: GroupBox) -> bool:
    """Whether the title leaves no stretch of its group's top side wide enough for an edge to enter beside it."""
    assert group.title is not None
    return max(group.title.left - group.box.left, group.box.right - group.title.right) < ENTRY_GAP


def edges_across_titles(layout: Layout) -> list[str]:
    """No edge passes through a group's title box (shrunk by the tolerance, so an edge may touch it).

    The one excuse: an edge with an end inside the group (a node or group within it, or the group itself)
    when the title leaves no room beside it on the top side (every free stretch narrower than ENTRY_GAP)
    must cross the top somewhere, so it may cross the title. An edge passing by, or one whose group had
    room beside the title, is a violation.
    """
    found = []
    for group in layout.groups.values():
        if group.title is None:
            continue
        title = group.title.shrunk(TOLERANCE)
        if title.width <= 0 or title.height <= 0:
            continue
        for edge in layout.edges:
            if not any(_segment_meets_box(a, b, title) for a, b in _segments(edge.points)):
                continue
            ends_inside = any(layout.within(end, group.id) for end in (edge.source, edge.target) if _known(layout, end))
            if ends_inside and _title_fills_top(group):
                continue
            found.append(f"edge {edge.name} crosses the title of group {group.id!r} {group.title}")
    return found


def _known(layout: Layout, element: str) -> bool:
    return element in layout.nodes or element in layout.groups


def _edge_group(layout: Layout, edge: EdgeLine) -> str | None:
    """The innermost group holding both ends of an edge: where its label belongs."""
    source = layout.ancestors(layout.container(edge.source))
    target = set(layout.ancestors(layout.container(edge.target)))
    return next((group for group in source if group in target), None)


def labels_outside_groups(layout: Layout) -> list[str]:
    """Every node label inside all of its node's groups, every edge label inside the innermost group holding
    both of its ends, and no label across the border of any group."""
    found = []
    for node in layout.nodes.values():
        if node.label is None:
            continue
        for group_id in layout.ancestors(node.group):
            if not layout.groups[group_id].box.contains(node.label):
                found.append(f"label of node {node.id!r} {node.label} leaves its group {group_id!r}")
        for group in layout.groups.values():
            if group.id not in layout.ancestors(node.group) and node.label.straddles(group.box):
                found.append(f"label of node {node.id!r} {node.label} lies across the border of group {group.id!r}")
    for edge in layout.edges:
        if edge.label is None:
            continue
        home = _edge_group(layout, edge)
        if home is not None and not layout.groups[home].box.contains(edge.label):
            found.append(f"label of edge {edge.name} {edge.label} leaves its group {home!r}")
        for group in layout.groups.values():
            if group.id != home and edge.label.straddles(group.box):
                found.append(f"label of edge {edge.name} {edge.label} lies across the border of group {group.id!r}")
    return found


def _intersection(a: Point, b: Point, c: Point, d: Point) -> Point | None:
    """Where segments a-b and c-d cross properly (each strictly across the other's line), else None."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    denominator = rx * sy - ry * sx
    if abs(denominator) < 1e-12:
        return None
    t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / denominator
    u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / denominator
    if 0 < t < 1 and 0 < u < 1:
        return (a[0] + t * rx, a[1] + t * ry)
    return None


def _bounds(points: Sequence[Point]) -> Box:
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _near_shared_end(layout: Layout, first: EdgeLine, second: EdgeLine, hit: Point) -> bool:
    for end in {first.source, first.target} & {second.source, second.target}:
        places: list[Point] = []
        for edge in (first, second):
            places += [edge.points[0]] if edge.source == end else []
            places += [edge.points[-1]] if edge.target == end else []
        if any(math.dist(hit, place) <= SHARED_END for place in places):
            return True
        node = layout.nodes.get(end)
        if node is not None and node.box.shrunk(-SHARED_END).contains(Box(hit[0], hit[1], hit[0], hit[1]), 0):
            return True
    return False


def crossings(layout: Layout) -> int:
    """How many times two different edges cross: Bezier paths flattened to polylines, proper segment
    intersections counted, hits of the same two edges within SAME_HIT of each other counted once, and
    hits within SHARED_END of an endpoint both edges share (its node's box or the edges' ends there) left out."""
    total = 0
    lines = [(edge, _bounds(edge.points)) for edge in layout.edges if len(edge.points) > 1]
    for (first, first_bounds), (second, second_bounds) in itertools.combinations(lines, 2):
        if not first_bounds.overlaps(second_bounds, -TOLERANCE):
            continue
        hits: list[Point] = []
        for a, b in _segments(first.points):
            for c, d in _segments(second.points):
                hit = _intersection(a, b, c, d)
                if hit is None or _near_shared_end(layout, first, second, hit):
                    continue
                if all(math.dist(hit, seen) > SAME_HIT for seen in hits):
                    hits.append(hit)
        total += len(hits)
    return total


def all_violations(layout: Layout) -> dict[str, list[str]]:
    """Every check by name, each with its violations."""
    return {
        "nodes outside groups": nodes_outside_groups(layout),
        "staggered AZs": staggered_azs(layout),
        "zones out of declared order": zones_out_of_order(layout),
        "tiers out of order": tiers_out_of_order(layout),
        "data beside compute": data_beside_compute(layout),
        "entry points not above the VPC": entries_not_above_vpc(layout),
        "regional services not beside the VPC": regional_services_not_beside_vpc(layout),
        "edges across titles": edges_across_titles(layout),
        "labels outside groups": labels_outside_groups(layout),
    }
