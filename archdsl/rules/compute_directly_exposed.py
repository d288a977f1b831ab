"""ARCH204 compute-directly-exposed: compute that serves users from a public subnet or with a public address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import FRONT_DOORS, Topology
from archdsl.model import EdgeStyle, GroupKind, Node, SubnetTier
from archdsl.rules._base import Context, Finding, Rule, by_phase

_TRUE: Final = frozenset({"true", "yes", "1"})
_GENERATED_ID: Final = re.compile(r"subGraph\d+")
# Hosts whose job is to face the internet from a public subnet.
_MEANT_TO_BE_PUBLIC: Final = re.compile(
    r"bastion|jump\s*(?:box|host|server)|\bvpn\b|nat\s+instance|\u8e0f\u307f\u53f0", re.IGNORECASE
)


class ComputeDirectlyExposed(Rule):
    """Compute that serves users sits in a public subnet or has a public address.

    ## What it does
    Reports compute nodes (EC2, containers) placed where the internet can reach them although the
    diagram draws a load balancer, API gateway or CDN that should be their only way in: in a
    public subnet, marked ``public``, with ``public_ip=true``, or with an Elastic IP attached (an
    edge between the two, in either direction and of any style but invisible). Functions, bastion
    and jump hosts, VPN servers and NAT instances are not reported.

    One cause, one finding: with no front door drawn at all, a lone instance reached from the
    internet is ARCH101's (single-instance-spof) and several are ARCH110's (missing-load-balancer);
    a VPC whose subnets are all public is ARCH205's (flat-network), so a public subnet there is not
    reported again here (an Elastic IP or public IP still is).

    ## Why is this bad?
    An instance with a public address can be attacked directly, around the load balancer, its
    health checks, TLS termination and WAF. Only the load balancer (and NAT gateways) belong in
    public subnets; the application tier belongs in private subnets without public IPs.

    ## Example
        actor users
        alb lb
        subnet pub public { ec2 web }
        users -> lb -> web

    ## Use instead
        actor users
        subnet pub public { alb lb }
        subnet app private { ec2 web }
        users -> lb -> web
    """

    code = "ARCH204"
    name = "compute-directly-exposed"
    category = "security"
    severities = by_phase(Severity.INFO, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        if not any(topology.role(node) in FRONT_DOORS for node in diagram.nodes):
            return  # nothing the instances could hide behind: ARCH101 or ARCH110 says it
        direct: dict[str, str] = {}
        for entry, node, path in topology.internet_paths():
            if node.id not in direct:
                direct[node.id] = " -> ".join([entry.id, *(hop.id for hop in path), node.id])
        fronted: dict[str, str] = {}
        addresses: dict[str, str] = {}
        for edge in topology.request_edges:
            source = diagram.node(edge.source)
            if source is None:
                continue
            for target in topology.members(edge.target):
                if topology.role(source) in FRONT_DOORS:
                    fronted.setdefault(target, source.id)
        for edge in diagram.edges:  # an Elastic IP is attached whichever way, and in whatever style, it is drawn
            if edge.style is EdgeStyle.INVISIBLE:
                continue
            for one, other in ((edge.source, edge.target), (edge.target, edge.source)):
                address = diagram.node(one)
                if address is not None and address.kind == "eip":
                    for target in topology.members(other):
                        addresses.setdefault(target, address.id)
        for node in diagram.nodes:
            if not self._applies(topology, node):
                continue
            reasons = self._exposure(topology, node, addresses.get(node.id))
            if not reasons:
                continue
            if node.id in direct:
                reasons.append(f"reached via {direct[node.id]}")
            why = "; ".join(reasons)
            if node.id in fronted:
                message = f"'{node.id}' sits behind '{fronted[node.id]}' but is also publicly exposed ({why})"
            else:
                message = f"'{node.id}' is publicly exposed ({why})"
            yield Finding(
                node.span,
                message,
                "move it to a private subnet behind the load balancer and turn off public IPs",
            )

    @staticmethod
    def _applies(topology: Topology, node: Node) -> bool:
        if not topology.is_compute(node) or topology.role(node) is Role.SERVERLESS or node.kind == "bastion":
            return False
        return not _MEANT_TO_BE_PUBLIC.search(f"{node.id} {node.label}")

    @staticmethod
    def _exposure(topology: Topology, node: Node, address: str | None) -> list[str]:
        reasons = []
        if topology.tier(node) is SubnetTier.PUBLIC and not _all_public_vpc(topology, node):
            subnet = next(g for g in topology.diagram.ancestors(node.group) if g.kind is GroupKind.SUBNET)
            # Mermaid names an untitled-id subgraph ``subGraphN``; its title says more.
            shown = subnet.label if _GENERATED_ID.fullmatch(subnet.id) and subnet.label else subnet.id
            reasons.append(f"in public subnet '{shown}'")
        if (node.attr("public") or "").lower() in _TRUE:
            reasons.append("marked public")
        if (node.attr("public_ip") or "").lower() in _TRUE:
            reasons.append("public IP")
        if address is not None:
            reasons.append(f"Elastic IP '{address}'")
        return reasons


def _all_public_vpc(topology: Topology, node: Node) -> bool:
    """Whether the node's VPC draws subnets and none of them private: ARCH205 reports that layering."""
    diagram = topology.diagram
    vpc = next((group for group in diagram.ancestors(node.group) if group.kind is GroupKind.VPC), None)
    if vpc is None:
        return False
    tiers = [
        group.tier
        for group in diagram.groups
        if group.kind is GroupKind.SUBNET and any(up.id == vpc.id for up in diagram.ancestors(group.parent))
    ]
    return bool(tiers) and None not in tiers and not {SubnetTier.PRIVATE, SubnetTier.DATA} & set(tiers)
