"""ARCH502 unattached-elastic-ip: an Elastic IP that no instance, NAT gateway or load balancer uses."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Node
from archdsl.rules._base import Context, Finding, Rule, by_phase


class UnattachedElasticIp(Rule):
    """An Elastic IP is not attached to an instance, NAT gateway or load balancer.

    ## What it does
    Reports each ``eip`` node that has no edge (of any style, in either direction) to or from a
    compute node (EC2, container, function), a load balancer or a NAT gateway, unless it is drawn
    in the same box as one of them (placed beside what it is attached to). Information only: the
    finding rests on an edge that is not drawn.

    ## Why is this bad?
    An Elastic IP that is allocated but not associated with a running resource is billed for
    nothing; in a diagram it usually means the arrow to the instance it fronts is missing.

    ## Example
        actor users
        eip ip
        ec2 app
        users -> ip

    ## Use instead
        actor users
        eip ip
        ec2 app
        users -> ip -> app
    """

    code = "ARCH502"
    name = "unattached-elastic-ip"
    category = "cost"
    severities = by_phase(Severity.INFO, Severity.INFO, Severity.INFO)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        for eip in diagram.nodes:
            if eip.kind != "eip":
                continue
            neighbours = [
                diagram.node(edge.target if edge.source == eip.id else edge.source)
                for edge in diagram.edges
                if eip.id in (edge.source, edge.target)
            ]
            if any(node is not None and self._holds_address(topology, node) for node in neighbours):
                continue
            beside = [node for node in diagram.nodes if node.group is not None and node.group == eip.group]
            if any(self._holds_address(topology, node) for node in beside):
                continue
            yield Finding(
                eip.span,
                f"Elastic IP '{eip.id}' is not attached to anything",
                "attach it to an instance, NAT gateway or load balancer, or release it",
            )

    @staticmethod
    def _holds_address(topology: Topology, node: Node) -> bool:
        return node.kind == "nat" or topology.is_compute(node) or topology.role(node) is Role.LOAD_BALANCER
