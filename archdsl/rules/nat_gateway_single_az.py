"""ARCH107 nat-gateway-single-az: private subnets in several AZs share NAT gateways in one AZ."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import EdgeStyle, Group, GroupKind, Node, SubnetTier
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Subnets without a route to an internet gateway: their egress goes through NAT.
PRIVATE_TIERS: Final = frozenset({SubnetTier.PRIVATE, SubnetTier.DATA})
# Subnets drawn as nodes that send egress through NAT (a public subnet node is where NAT lives).
PRIVATE_SUBNET_KINDS: Final = frozenset({"private-subnet", "subnet"})
# The AZ a label names: ``Public-1a``, ``us-east-1c``, ``AZ-a``, ``AZ 2``.
_ZONE_IN_LABEL: Final = re.compile(r"\b(?:[a-z]{2}-[a-z]+-)?\d([a-f])\b|\baz[\s_-]?([a-f1-6])\b", re.IGNORECASE)
# One box standing for a NAT gateway in each AZ, or a regional one.
_SEVERAL: Final = re.compile(
    r"regional|per[\s-]?az|each\s+az|gateways|\bx\s*[2-9]\b|\b[2-9]\s*x\b|\u5404AZ|AZ\u3054\u3068", re.IGNORECASE
)


class NatGatewaySingleAz(Rule):
    """Private subnets in two or more AZs send egress through NAT gateways in a single AZ.

    ## What it does
    Collects what sits in private (or data) subnets, private subnets drawn as nodes, and private
    subnet boxes that send traffic to a ``nat`` node, directly or through other nodes, over edges
    of any style but invisible (egress is often drawn dashed). When those senders sit in two or
    more AZs (an AZ group, or an AZ named in a subnet's label such as ``Private-1a``) and they
    reach one single NAT gateway, or NAT gateways that all sit in one AZ, reports the first of
    them. A NAT gateway marked ``[mode=regional]`` or labelled regional, per AZ or in the plural
    (``NAT Gateways``) silences the rule.

    ## Why is this bad?
    A NAT gateway lives in one AZ. If it is shared and its AZ goes down, the private subnets of
    every other AZ lose internet access too; traffic from the other AZs also pays cross-AZ data
    charges.

    ## Example
        az a {
          subnet pub-a public { nat nat-a }
          subnet app-a private { ec2 web1 }
        }
        az c { subnet app-c private { ec2 web2 } }
        web1, web2 -> nat-a

    ## Use instead
        az a {
          subnet pub-a public { nat nat-a }
          subnet app-a private { ec2 web1 }
        }
        az c {
          subnet pub-c public { nat nat-c }
          subnet app-c private { ec2 web2 }
        }
        web1 -> nat-a
        web2 -> nat-c
    """

    code = "ARCH107"
    name = "nat-gateway-single-az"
    category = "availability"
    severities = by_phase(None, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        nats = {node.id: node for node in diagram.nodes if node.kind == "nat"}
        if not nats:
            return
        following = self._egress_graph(topology)
        client_zones: set[str] = set()
        used_ids: set[str] = set()
        for element, zone in self._private_senders(topology):
            reached = self._reach(following, element) & nats.keys()
            if reached:
                if zone is not None:
                    client_zones.add(zone)
                used_ids |= reached
        if len(client_zones) < 2:
            return
        used = [node for node in diagram.nodes if node.id in used_ids and node.kind == "nat"]
        if any(self._stands_for_several(nat) for nat in used):
            return
        nat_zones = {self._zone(topology, nat) for nat in used}
        if len(used) > 1 and (len(nat_zones) != 1 or None in nat_zones):
            return
        zone = next(iter(nat_zones)) or "one AZ"
        names = ", ".join(f"'{nat.id}'" for nat in used)
        gateways = f"NAT gateway {names}" if len(used) == 1 else f"NAT gateways {names}"
        yield Finding(
            used[0].span,
            f"Private subnets in {len(client_zones)} AZs use {gateways} in {zone}; losing {zone} cuts egress "
            "for every AZ",
            "put a NAT gateway in each AZ and route each AZ's private subnets to its own (or use a regional NAT)",
        )

    @staticmethod
    def _stands_for_several(nat: Node) -> bool:
        return (nat.attr("mode") or "").strip().lower() == "regional" or bool(_SEVERAL.search(nat.label))

    @staticmethod
    def _egress_graph(topology: Topology) -> dict[str, set[str]]:
        """Where each node or group sends traffic, over every edge that is drawn (dashed included)."""
        following: dict[str, set[str]] = {}
        for edge in topology.diagram.edges:
            if edge.style is EdgeStyle.INVISIBLE:
                continue
            following.setdefault(edge.source, set()).update([edge.target, *topology.members(edge.target)])
        return following

    @staticmethod
    def _reach(following: dict[str, set[str]], start: str) -> set[str]:
        seen: set[str] = set()
        frontier = [start]
        while frontier:
            for next_id in following.get(frontier.pop(), ()):
                if next_id not in seen:
                    seen.add(next_id)
                    frontier.append(next_id)
        return seen

    def _private_senders(self, topology: Topology) -> Iterator[tuple[str, str | None]]:
        """Nodes in private subnets, private subnet nodes and private subnet boxes, with their AZ."""
        diagram = topology.diagram
        for node in diagram.nodes:
            if node.kind == "nat":
                continue
            if topology.tier(node) in PRIVATE_TIERS or node.kind in PRIVATE_SUBNET_KINDS:
                yield node.id, self._zone(topology, node)
        for group in diagram.groups:
            if group.kind is GroupKind.SUBNET and group.tier in PRIVATE_TIERS:
                yield group.id, self._group_zone(topology, group)

    def _zone(self, topology: Topology, node: Node) -> str | None:
        zone = topology.az(node)
        if zone is not None:
            return zone
        for group in topology.diagram.ancestors(node.group):
            if group.kind is GroupKind.SUBNET:
                return self._group_zone(topology, group)
        return _zone_in(node.label or node.id)

    @staticmethod
    def _group_zone(topology: Topology, group: Group) -> str | None:
        for up in topology.diagram.ancestors(group.id):
            if up.kind is GroupKind.AZ:
                return up.id
        return _zone_in(group.label or group.id)


def _zone_in(text: str) -> str | None:
    found = _ZONE_IN_LABEL.search(text)
    return f"AZ {(found[1] or found[2]).lower()}" if found else None
