"""ARCH204 compute-directly-exposed: compute that serves users from a public subnet or with a public address."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import FRONT_DOORS, Topology
from archdsl.model import GroupKind, Node, SubnetTier
from archdsl.rules._base import Context, Finding, Rule, by_phase

_TRUE: Final = frozenset({"true", "yes", "1"})
_GENERATED_ID: Final = re.compile(r"subGraph\d+")


class ComputeDirectlyExposed(Rule):
    """Compute that serves users sits in a public subnet or has a public address.

    ## What it does
    Reports compute nodes (EC2, containers) that users reach, either through a load balancer, API
    gateway or CDN or directly through DNS, addresses and gateways, and that are also placed where
    the internet can reach them: in a public subnet, marked ``public``, with ``public_ip=true``, or
    with an Elastic IP drawn in front of them. Functions and bastion hosts are not reported. Compute
    with no load balancer in front is also reported by ARCH110; this rule is about placement.

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
                elif source.kind == "eip":
                    addresses.setdefault(target, source.id)
        for node in diagram.nodes:
            if not self._applies(topology, node) or (node.id not in direct and node.id not in fronted):
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
        return topology.is_compute(node) and topology.role(node) is not Role.SERVERLESS and node.kind != "bastion"

    @staticmethod
    def _exposure(topology: Topology, node: Node, address: str | None) -> list[str]:
        reasons = []
        if topology.tier(node) is SubnetTier.PUBLIC:
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
