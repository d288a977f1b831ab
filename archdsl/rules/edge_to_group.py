"""ARCH006 edge-to-group: an edge ends at a placement boundary instead of a resource."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Group, GroupKind
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Boxes that only say where things are; an Auto Scaling group or a security group is a real resource.
PLACEMENT_KINDS: Final = frozenset({GroupKind.REGION, GroupKind.VPC, GroupKind.AZ, GroupKind.SUBNET, GroupKind.GENERIC})


class EdgeToGroup(Rule):
    """An edge starts or ends at a region, VPC, AZ, subnet or plain group box.

    ## What it does
    Reports each edge whose target (or, failing that, source) is the id of a group of kind
    ``region``, ``vpc``, ``az``, ``subnet`` or a generic ``group``, rather than a node. Auto
    Scaling groups, security groups, clouds and accounts are not reported.

    ## Why is this bad?
    AZs, VPCs and subnets are placement boundaries, not traffic endpoints: nothing in AWS receives a
    request "for the VPC". The arrow hides which resource (load balancer, ASG, instance) really
    takes the traffic, so the rules that follow request paths cannot check it either.

    ## Example
        alb lb
        vpc main {
          az a { ec2 web1 }
          az c { ec2 web2 }
        }
        lb -> main

    ## Use instead
        alb lb
        vpc main {
          az a { ec2 web1 }
          az c { ec2 web2 }
        }
        lb -> web1, web2
    """

    code = "ARCH006"
    name = "edge-to-group"
    category = "hygiene"
    severities = by_phase(Severity.WARNING, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        for edge in diagram.edges:
            group = self._placement_group(topology, edge.target) or self._placement_group(topology, edge.source)
            if group is None:
                continue
            yield Finding(
                edge.span,
                f"Edge {edge.source} -> {edge.target} targets group '{group.id}' ({group.kind.value}); "
                "connect to the concrete resource (e.g. the ALB or ASG) instead",
                "point the edge at the load balancer or ASG inside the group; "
                "AZ, VPC and subnet boxes are placement boundaries, not traffic endpoints",
            )

    @staticmethod
    def _placement_group(topology: Topology, element: str) -> Group | None:
        diagram = topology.diagram
        if diagram.node(element) is not None:
            return None
        group = diagram.group(element)
        return group if group is not None and group.kind in PLACEMENT_KINDS else None
