"""The layout plan of an AWS reference picture: AZ columns, tier rows, entry points, regional services, quiet edges.

The plan says nothing about coordinates: it names rank and order constraints that Graphviz honours
(archdsl/render/dot.py writes them as ``rank=same`` subgraphs and invisible edges). Diagrams without
a VPC, AZs or subnets get an empty plan, apart from light monitoring edges and architecture-beta sides.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Final

from archdsl.catalog import CATALOG, Catalog, Role
from archdsl.model import Diagram, Direction, Edge, EdgeDirection, Group, GroupKind, Node, SubnetTier

__all__ = ["Cell", "Order", "Plan", "Tier", "plan_layout", "subnet_tier"]


class Tier(IntEnum):
    """A row of a VPC, top to bottom in TB."""

    PUBLIC = 0
    APP = 1
    DATA = 2


_DATA_ROLES: Final = frozenset({Role.DATABASE, Role.CACHE})
# What a public subnet holds when a zone has no subnets (the way in and out of the internet), and a public
# subnet drawn as a node.
_PUBLIC_KINDS: Final = frozenset({"nat", "igw", "eip", "alb", "elb", "nlb", "public-subnet"})
_ENTRY_ROLES: Final = frozenset({Role.ACTOR, Role.DNS, Role.CDN, Role.API})
_ENTRY_KINDS: Final = frozenset({"waf", "shield", "igw"})
_INTERNET_GATEWAYS: Final = frozenset({"igw"})
# Groups that do not bound a picture's rows: a node inside only these is outside every VPC.
_OPEN_GROUPS: Final = frozenset({GroupKind.CLOUD, GroupKind.ACCOUNT, GroupKind.REGION})
# Nodes in a VPC but in no AZ that sit above the rows: load balancers and gateways span the zones.
_ABOVE_ROLES: Final = frozenset({Role.LOAD_BALANCER, Role.NETWORK, Role.SECURITY, Role.API, Role.DNS, Role.CDN})
_PUBLIC_WORDS: Final = re.compile(r"(?<![a-z])(public|pub|dmz|ingress|edge)(?![a-z])")
_DATA_WORDS: Final = re.compile(r"(?<![a-z])(data|db|dbs|database|databases|storage|persistence)(?![a-z])")
# Edge labels of traffic that watches or copies, not serves: drawn light, never pulling the layout.
_QUIET_WORDS: Final = re.compile(
    r"metric|\blogs?\b|logging|trace|tracing|telemetry|audit|replicat|async copy|backup|snapshot|monitor", re.I
)
_PORTS: Final = {"T": "n", "B": "s", "L": "w", "R": "e"}
# Where each side of a node lies along (rank axis, order axis) for each direction: +1 is later.
_SIDE_AXES: Final = {
    Direction.TB: {"B": (1, 0), "T": (-1, 0), "R": (0, 1), "L": (0, -1)},
    Direction.BT: {"T": (1, 0), "B": (-1, 0), "R": (0, 1), "L": (0, -1)},
    Direction.LR: {"R": (1, 0), "L": (-1, 0), "B": (0, 1), "T": (0, -1)},
    Direction.RL: {"L": (1, 0), "R": (-1, 0), "B": (0, 1), "T": (0, -1)},
}


@dataclass(frozen=True, slots=True)
class Cell:
    """The nodes of one tier in one zone, held by one cluster: a subnet, or the AZ when it has no subnets."""

    container: str  # the group whose cluster holds the nodes
    zone: str  # the AZ (or the VPC when subnets sit directly in it)
    vpc: str
    tier: Tier
    members: tuple[str, ...]
    head: str  # the member the row lines up on: one no other member of the cell leads to


@dataclass(frozen=True, slots=True)
class Order:
    """Nodes on one rank in this order as Graphviz reads it (left to right in TB, bottom to top in LR), held by
    the group around them all."""

    container: str | None
    nodes: tuple[str, ...]
    zones: bool = False  # the heads of a VPC's zones: the AZ columns, in declared order


@dataclass(frozen=True, slots=True)
class Plan:
    """Constraints for Graphviz; every name is a node id of the diagram."""

    cells: tuple[Cell, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # each on one rank
    orders: tuple[Order, ...] = ()
    below: tuple[tuple[str, str], ...] = ()  # (upper, lower): lower on a later rank, pulling nothing
    # (upper, lower): lower two ranks later, so the titles of the groups around it fit between them
    far_below: tuple[tuple[str, str], ...] = ()
    level_or_below: tuple[tuple[str, str], ...] = ()  # (upper, lower): lower on the same or a later rank
    quiet: frozenset[int] = frozenset()  # edges by index: drawn light, never moving a node
    unranked: frozenset[int] = frozenset()  # edges by index whose placement the plan decides instead
    ports: dict[int, tuple[str, str]] = field(default_factory=dict)  # edge index: (tailport, headport)
    entries: tuple[str, ...] = ()
    regional: tuple[str, ...] = ()
    # Quiet edges from several services of one group to one regional service, drawn as one edge from the
    # group: (the group, the edge indices); the first edge's label and style stand for all.
    bundles: tuple[tuple[str, tuple[int, ...]], ...] = ()
    # Nodes of one cluster on one rank, asked for in this order (Graphviz may still swap two to save crossings):
    # a data tier cell's stores.
    sequences: tuple[tuple[str, ...], ...] = ()

    @property
    def applies(self) -> bool:
        """Whether the plan constrains anything beyond what the edges say."""
        return bool(
            self.rows
            or self.orders
            or self.below
            or self.far_below
            or self.level_or_below
            or self.unranked
            or self.sequences
        )


def subnet_tier(diagram: Diagram, group: Group, catalog: Catalog = CATALOG) -> Tier:
    """A subnet's row: written as public or data, else data when it holds only databases and caches, else
    what its name says (``db-a``, ``dmz``), else app."""
    if group.tier is SubnetTier.PUBLIC:
        return Tier.PUBLIC
    if group.tier is SubnetTier.DATA:
        return Tier.DATA
    inside = [node for node in diagram.nodes if group.id in {g.id for g in diagram.ancestors(node.group)}]
    if inside and all(_role(node, catalog) in _DATA_ROLES for node in inside):
        return Tier.DATA
    if group.tier is SubnetTier.PRIVATE:
        return Tier.APP
    words = f"{group.id} {group.label}".lower().replace("_", " ").replace("-", " ")
    if _PUBLIC_WORDS.search(words):
        return Tier.PUBLIC
    if _DATA_WORDS.search(words):
        return Tier.DATA
    return Tier.APP


def _role(node: Node, catalog: Catalog) -> Role | None:
    service = catalog.lookup(node.kind)
    return service.role if service else None


def _kind_key(node: Node, catalog: Catalog) -> str | None:
    service = catalog.lookup(node.kind)
    return service.key if service else None


def _node_tier(node: Node, catalog: Catalog) -> Tier:
    """The row of a node in a zone drawn without subnets."""
    if _role(node, catalog) in _DATA_ROLES:
        return Tier.DATA
    return Tier.PUBLIC if _kind_key(node, catalog) in _PUBLIC_KINDS else Tier.APP


def _nearest(diagram: Diagram, group_id: str | None, kind: GroupKind) -> Group | None:
    return next((group for group in diagram.ancestors(group_id) if group.kind is kind), None)


def _in_vpc(diagram: Diagram, node: Node, vpc: str) -> bool:
    found = _nearest(diagram, node.group, GroupKind.VPC)
    return found is not None and found.id == vpc


def _head(members: list[str], edges: Iterable[Edge]) -> str:
    inside = set(members)
    # A line without arrows leads nowhere (see plan_layout): a NAT gateway linked to its subnet heads nothing.
    led = {
        edge.target
        for edge in edges
        if edge.source in inside and edge.target in inside and edge.direction is not EdgeDirection.NONE
    }
    return next((member for member in members if member not in led), members[0])


class _Planner:
    def __init__(self, diagram: Diagram, catalog: Catalog) -> None:
        self.diagram = diagram
        self.catalog = catalog
        self.rows: list[list[str]] = []
        self.orders: list[Order] = []
        self.below: list[tuple[str, str]] = []
        self.level_or_below: list[tuple[str, str]] = []
        self.far_below: list[tuple[str, str]] = []
        self.unranked: set[int] = set()
        self.sequences: list[tuple[str, ...]] = []

    def cells(self) -> list[Cell]:
        """Every tier cell of every VPC with zones or subnets, in declared order."""
        diagram = self.diagram
        found: dict[tuple[str, Tier], list[str]] = {}
        where: dict[tuple[str, Tier], tuple[str, str]] = {}
        tiers: dict[str, Tier] = {}
        for node in diagram.nodes:
            vpc = _nearest(diagram, node.group, GroupKind.VPC)
            if vpc is None:
                continue
            subnet = _nearest(diagram, node.group, GroupKind.SUBNET)
            zone = _nearest(diagram, node.group, GroupKind.AZ)
            if subnet is not None:
                if subnet.id not in tiers:
                    tiers[subnet.id] = subnet_tier(diagram, subnet, self.catalog)
                key = (subnet.id, tiers[subnet.id])
                where[key] = (zone.id if zone else vpc.id, vpc.id)
            elif zone is not None:
                key = (zone.id, _node_tier(node, self.catalog))
                where[key] = (zone.id, vpc.id)
            else:
                continue
            found.setdefault(key, []).append(node.id)
        return [
            Cell(container, where[key][0], where[key][1], tier, tuple(members), _head(members, diagram.edges))
            for key, members in found.items()
            for container, tier in [key]
        ]

    def rows_of(self, cells: list[Cell]) -> dict[str, dict[Tier, list[Cell]]]:
        """Each VPC's cells by tier, AZs in declared order."""
        order = {group.id: index for index, group in enumerate(self.diagram.groups)}
        by_vpc: dict[str, dict[Tier, list[Cell]]] = {}
        for cell in sorted(cells, key=lambda cell: (order.get(cell.zone, -1), order.get(cell.container, -1))):
            by_vpc.setdefault(cell.vpc, {}).setdefault(cell.tier, []).append(cell)
        return {vpc: dict(sorted(tiers.items())) for vpc, tiers in by_vpc.items()}

    def stack(self, tiers: dict[Tier, list[Cell]]) -> None:
        """Rows across the zones, in tier order, each zone's row below every node of the row above."""
        present = list(tiers)
        # The zones in declared order along the top row; where a NAT gateway stands alone there, along the
        # row that spans the most AZs (a row is one rank, and Graphviz orders nodes only within a rank).
        rows = list(tiers.values())
        across = [row for row in rows if len({cell.zone for cell in row} - {row[0].vpc}) > 1]
        ordered = rows[0] if len(rows[0]) > 1 else max(across, key=len, default=rows[0])
        if len(ordered) > 1:
            self.orders.append(Order(ordered[0].vpc, tuple(cell.head for cell in ordered), zones=True))
        for tier in present:
            self.rows.append([cell.head for cell in tiers[tier]])
            for cell in tiers[tier]:
                self.level_or_below.extend((cell.head, member) for member in cell.members if member != cell.head)
                if tier is Tier.DATA and len(cell.members) > 1:
                    # Data stores side by side on one rank, as reference pictures draw a writer beside its readers
                    # and caches (crossings on the examples: 31 against 33 with the embedded engine).
                    self.sequences.append(cell.members)
        for upper, lower in itertools.pairwise(present):
            heads = {cell.zone: cell.head for cell in tiers[lower]}
            for cell in tiers[upper]:
                head = heads.get(cell.zone, tiers[lower][0].head)
                self.below.extend((member, head) for member in cell.members)

    def common(self, nodes: Iterable[str]) -> str | None:
        """The innermost group around every one of ``nodes``."""
        shared: list[str] | None = None
        for node_id in nodes:
            node = self.diagram.node(node_id)
            chain = [group.id for group in self.diagram.ancestors(node.group if node else None)]
            shared = chain if shared is None else [group for group in shared if group in chain]
        return shared[0] if shared else None

    def outside(self, node: Node) -> bool:
        return all(group.kind in _OPEN_GROUPS for group in self.diagram.ancestors(node.group))

    def is_entry(self, node: Node) -> bool:
        service = self.catalog.lookup(node.kind)
        return service is not None and (service.role in _ENTRY_ROLES or service.key in _ENTRY_KINDS)

    def sides(self, direction: Direction) -> dict[int, tuple[str, str]]:
        """Ports from architecture-beta sides; the side a target is on places it there."""
        ports: dict[int, tuple[str, str]] = {}
        for index, edge in enumerate(self.diagram.edges):
            written = (edge.attr("sides") or "").split(",")
            if len(written) != 2 or not all(side in _PORTS for side in written):
                continue
            source_side, target_side = written
            along_rank, along_order = _SIDE_AXES[direction][source_side]
            if not along_order:
                # Ports on an edge within one rank crash Graphviz 2.43 (routesplines); a flat edge
                # between neighbours leaves and enters on the facing sides anyway.
                ports[index] = (_PORTS[source_side], _PORTS[target_side])
            if along_rank < 0:
                self.below.append((edge.target, edge.source))
                self.unranked.add(index)
            elif along_order:
                pair = (edge.source, edge.target) if along_order > 0 else (edge.target, edge.source)
                self.rows.append(list(pair))
                self.orders.append(Order(self.common(pair), pair))
                self.unranked.add(index)
        return ports


def _with_the_flow(diagram: Diagram, cells: list[Cell], catalog: Catalog) -> list[Cell]:
    """The cells of the VPCs whose arrows mostly run down the tiers. Where as many run up (a data subnet
    feeding an app subnet feeding another data subnet), rows would fight the note's own flow and stack
    whole tiers into one rank: that VPC is drawn as the arrows say."""
    tier_of = {member: cell.tier for cell in cells for member in cell.members}
    vpc_of = {member: cell.vpc for cell in cells for member in cell.members}
    down: dict[str, int] = {}
    up: dict[str, int] = {}
    for edge in diagram.edges:
        if _quiet(diagram, edge, catalog) or vpc_of.get(edge.source) != vpc_of.get(edge.target):
            continue
        source, target = tier_of.get(edge.source), tier_of.get(edge.target)
        # Egress through a public subnet (a NAT gateway) runs up in every reference picture.
        if source is not None and target is not None and source != target and target is not Tier.PUBLIC:
            tally = down if source < target else up
            tally[vpc_of[edge.source]] = tally.get(vpc_of[edge.source], 0) + 1
    return [cell for cell in cells if up.get(cell.vpc, 0) < max(1, down.get(cell.vpc, 0))]


def _drawn_order(order: Order, direction: Direction) -> Order:
    """An order as Graphviz keeps it. Left to right in TB and BT; in LR and RL Graphviz draws guides held by
    a cluster bottom to top, and those at the root top to bottom (measured on both engines), so an order
    within a group is reversed there: the first AZ on top, a node written below another drawn below it."""
    if direction in (Direction.LR, Direction.RL) and order.container is not None:
        return Order(order.container, order.nodes[::-1], order.zones)
    return order


def _quiet(diagram: Diagram, edge: Edge, catalog: Catalog) -> bool:
    ends = (diagram.node(edge.source), diagram.node(edge.target))
    if any(node is not None and _role(node, catalog) is Role.MONITORING for node in ends):
        return True
    return bool(_QUIET_WORDS.search(edge.label))


def plan_layout(diagram: Diagram, catalog: Catalog = CATALOG) -> Plan:
    """The constraints that make ``diagram`` look like an AWS reference architecture."""
    planner = _Planner(diagram, catalog)
    cells = _with_the_flow(diagram, planner.cells(), catalog)
    by_vpc = planner.rows_of(cells)
    placed = {member for cell in cells for member in cell.members}
    tier_of = {member: cell.tier for cell in cells for member in cell.members}
    vpc_of = {member: cell.vpc for cell in cells for member in cell.members}
    tops: dict[str, list[str]] = {}
    gateways: set[str] = set()  # internet gateways of a VPC, drawn above its rows
    for vpc, tiers in by_vpc.items():
        planner.stack(tiers)
        first = next(iter(tiers.values()))
        tops[vpc] = [cell.head for cell in first]
        loose = [
            node
            for node in diagram.nodes
            if node.id not in placed and _in_vpc(diagram, node, vpc) and _role(node, catalog) in _ABOVE_ROLES
        ]
        for node in loose:
            planner.below.extend((node.id, head) for head in tops[vpc])
        tops[vpc] = [node.id for node in loose] + tops[vpc]
        # The way out to the internet: traffic to it runs up, as reference pictures draw egress.
        gateways.update(node.id for node in loose if _kind_key(node, catalog) in _INTERNET_GATEWAYS)
    entries: list[str] = []
    regional: list[str] = []
    if by_vpc:
        for node in diagram.nodes:
            if node.id in placed or not planner.outside(node):
                continue
            (entries if planner.is_entry(node) else regional).append(node.id)
        for entry in entries:
            planner.far_below.extend((entry, top) for vpc in tops for top in tops[vpc])
        _level_leaves(diagram, planner, entries)
        _beside(diagram, planner, by_vpc, regional, tier_of, vpc_of, tops)
    quiet = {index for index, edge in enumerate(diagram.edges) if _quiet(diagram, edge, catalog)}
    # Edges across zones within one row would order the zones by the edge, not as declared.
    for index, edge in enumerate(diagram.edges):
        if edge.source in tier_of and tier_of.get(edge.source) == tier_of.get(edge.target):
            zones = {cell.zone for cell in cells if edge.source in cell.members or edge.target in cell.members}
            if len(zones) > 1:
                planner.unranked.add(index)
    # A line without arrows inside one cell says where something is (a NAT gateway in its public subnet), not
    # which way traffic runs: both stay on their row.
    cell_of = {member: (cell.container, cell.tier) for cell in cells for member in cell.members}
    for index, edge in enumerate(diagram.edges):
        home = cell_of.get(edge.source)
        if edge.direction is EdgeDirection.NONE and home is not None and home == cell_of.get(edge.target):
            planner.unranked.add(index)
    # Traffic out through the internet gateway above the rows runs up, as reference pictures draw it: the edge
    # does not pull the gateway below the subnets. (An endpoint to AWS services stays where the traffic takes it.)
    for index, edge in enumerate(diagram.edges):
        if edge.target in gateways and edge.source in placed:
            planner.unranked.add(index)
    # A regional service stands level with the row it serves: edges to it do not rank it.
    beside = set(regional)
    for index, edge in enumerate(diagram.edges):
        if {edge.source, edge.target} & beside and {edge.source, edge.target} & placed:
            planner.unranked.add(index)
    # A quiet edge between two nodes the plan places is drawn where they are; elsewhere it keeps its
    # direction (a monitor below what it watches) but pulls nothing.
    fixed = placed | beside | set(entries)
    for index in quiet:
        edge = diagram.edges[index]
        if edge.source in fixed and edge.target in fixed:
            planner.unranked.add(index)
    ports = planner.sides(diagram.direction)
    bundles = _bundles(diagram, planner, quiet, set(regional), placed)
    return Plan(
        tuple(cells),
        tuple(tuple(row) for row in planner.rows),
        tuple(_drawn_order(order, diagram.direction) for order in planner.orders),
        tuple(dict.fromkeys(planner.below)),
        tuple(dict.fromkeys(planner.far_below)),
        tuple(dict.fromkeys(planner.level_or_below)),
        frozenset(quiet),
        frozenset(planner.unranked),
        ports,
        tuple(entries),
        tuple(regional),
        bundles,
        tuple(planner.sequences),
    )


def _bundles(
    diagram: Diagram, planner: _Planner, quiet: set[int], regional: set[str], placed: set[str]
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Quiet edges that several placed services send, with one label, to one regional service (metrics to
    CloudWatch from every task): one edge from the group around them all says the same with fewer lines."""
    by_target: dict[tuple[str, str, str, str], list[int]] = {}
    for index in sorted(quiet):
        edge = diagram.edges[index]
        if edge.target in regional and edge.source in placed:
            key = (edge.target, edge.label, edge.style.value, edge.direction.value)
            by_target.setdefault(key, []).append(index)
    found = []
    for indices in by_target.values():
        sources = {diagram.edges[index].source for index in indices}
        group = planner.common(sources) if len(sources) > 1 else None
        if group is not None:
            found.append((group, tuple(indices)))
    return tuple(found)


def _level_leaves(diagram: Diagram, planner: _Planner, entries: list[str]) -> None:
    """An entry point only another one reaches (Route 53 looked up by the users) stands beside it, not on a
    rank of its own: the request flow, not the lookup, sets how far down the VPC starts."""
    ends: dict[str, set[str]] = {}
    for edge in diagram.edges:
        ends.setdefault(edge.source, set()).add(edge.target)
        ends.setdefault(edge.target, set()).add(edge.source)
    inside = set(entries)
    for entry in entries:
        reached_from = [edge.source for edge in diagram.edges if edge.target == entry]
        if len(reached_from) == 1 and ends.get(entry, set()) == set(reached_from) and reached_from[0] in inside:
            planner.rows.append([reached_from[0], entry])


def _beside(
    diagram: Diagram,
    planner: _Planner,
    by_vpc: dict[str, dict[Tier, list[Cell]]],
    regional: list[str],
    tier_of: dict[str, Tier],
    vpc_of: dict[str, str],
    tops: dict[str, list[str]],
) -> None:
    """Regional services in a column after the VPC's last zone, each level with the deepest row it serves; one
    that serves no row (an S3 origin behind CloudFront) level with the top of the first VPC, beside its way in."""
    by_row: dict[tuple[str, Tier], list[str]] = {}
    unserved: list[str] = []
    for service in regional:
        served = [
            end
            for edge in diagram.edges
            for end, other in ((edge.source, edge.target), (edge.target, edge.source))
            if other == service and end in tier_of
        ]
        if not served:
            unserved.append(service)
            continue
        deepest = max(served, key=lambda member: tier_of[member])
        by_row.setdefault((vpc_of[deepest], tier_of[deepest]), []).append(service)
    if unserved:
        top = tops[next(iter(by_vpc))][0]
        planner.rows.append([top, *unserved])
        planner.orders.append(Order(planner.common((top, *unserved)), (top, *unserved)))
    for (vpc, tier), services in by_row.items():
        # After every zone's head, not only the last one's: a guide to one zone alone would pull that
        # zone to whichever side of the VPC the guides end up on.
        row = tuple(cell.head for cell in by_vpc[vpc][tier])
        planner.rows.append([row[-1], *services])
        planner.orders.append(Order(planner.common((*row, *services)), (*row, *services)))
