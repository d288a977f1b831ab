"""Facts rules ask of a diagram: roles, placement (AZ, subnet tier), request paths from the internet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

from archdsl.catalog import CATALOG, Catalog, Role
from archdsl.model import Diagram, Edge, EdgeStyle, GroupKind, Node, SubnetTier

COMPUTE_ROLES: Final = frozenset({Role.COMPUTE, Role.CONTAINER, Role.SERVERLESS})
FRONT_DOORS: Final = frozenset({Role.LOAD_BALANCER, Role.API, Role.CDN})
DATASTORE_ROLES: Final = frozenset({Role.DATABASE, Role.CACHE})
# Services a request passes through on its way in without anything standing in front of the target.
PASS_THROUGH: Final = frozenset({"route53", "eip", "igw", "waf", "shield", "nat", "vpc-endpoint"})
MONITORING_KINDS: Final = frozenset(
    {"cloudwatch", "cloudwatch-logs", "cloudwatch-alarm", "xray", "managed-prometheus", "managed-grafana"}
)


@dataclass
class Topology:
    """A diagram seen as a graph, with the derived predicates of the rule catalogue."""

    diagram: Diagram
    catalog: Catalog = CATALOG
    _successors: dict[str, list[str]] = field(default_factory=dict, init=False)

    def role(self, node: Node) -> Role:
        """The role of a node's kind (generic when the kind is unknown)."""
        service = self.catalog.lookup(node.kind)
        return service.role if service is not None else Role.GENERIC

    def is_compute(self, node: Node) -> bool:
        return self.role(node) in COMPUTE_ROLES and node.kind != "asg"

    def is_datastore(self, node: Node) -> bool:
        return self.role(node) in DATASTORE_ROLES

    def is_entry(self, node: Node) -> bool:
        return node.kind == "actor"

    @cached_property
    def request_edges(self) -> list[Edge]:
        """Edges that carry requests: not dashed (metrics, replication), not invisible, not to monitoring."""
        edges = []
        for edge in self.diagram.edges:
            if edge.style in (EdgeStyle.DASHED, EdgeStyle.INVISIBLE):
                continue
            target = self.diagram.node(edge.target)
            if target is not None and target.kind in MONITORING_KINDS:
                continue
            if "replicat" in edge.label.lower():
                continue
            edges.append(edge)
        return edges

    def successors(self, node_id: str) -> list[str]:
        """Where requests from ``node_id`` go next (group targets expand to the nodes inside)."""
        if not self._successors:
            for edge in self.request_edges:
                for target in self.members(edge.target):
                    self._successors.setdefault(edge.source, []).append(target)
        return self._successors.get(node_id, [])

    def members(self, element: str) -> list[str]:
        """A node id as itself; a group id as every node inside it."""
        if self.diagram.node(element) is not None:
            return [element]
        inside = {element}
        for group in self.diagram.groups:
            if any(ancestor.id in inside for ancestor in self.diagram.ancestors(group.parent)):
                inside.add(group.id)
        return [node.id for node in self.diagram.nodes if node.group in inside]

    def internet_paths(self) -> Iterator[tuple[Node, Node, list[Node]]]:
        """(entry, node, path between) for every node a request from an actor reaches directly:
        through nothing but DNS, addresses, gateways and firewalls."""
        for entry in self.diagram.nodes:
            if not self.is_entry(entry):
                continue
            seen = {entry.id}
            frontier: list[tuple[str, list[Node]]] = [(entry.id, [])]
            while frontier:
                current, path = frontier.pop(0)
                for next_id in self.successors(current):
                    node = self.diagram.node(next_id)
                    if node is None or next_id in seen:
                        continue
                    seen.add(next_id)
                    yield entry, node, path
                    if node.kind in PASS_THROUGH:
                        frontier.append((next_id, [*path, node]))

    def reachable(self, start: str) -> set[str]:
        """Every node a request from ``start`` can reach."""
        seen: set[str] = set()
        frontier = [start]
        while frontier:
            for next_id in self.successors(frontier.pop()):
                if next_id not in seen:
                    seen.add(next_id)
                    frontier.append(next_id)
        return seen

    def az(self, node: Node) -> str | None:
        """The AZ group a node sits in (or its ``az`` attribute)."""
        for group in self.diagram.ancestors(node.group):
            if group.kind is GroupKind.AZ:
                return group.id
        return node.attr("az")

    def tier(self, node: Node) -> SubnetTier | None:
        """The tier of the subnet a node sits in."""
        for group in self.diagram.ancestors(node.group):
            if group.kind is GroupKind.SUBNET:
                return group.tier
        return None

    @cached_property
    def has_az_groups(self) -> bool:
        return any(group.kind is GroupKind.AZ for group in self.diagram.groups)
