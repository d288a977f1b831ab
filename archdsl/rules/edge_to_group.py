"""ARCH006 edge-to-group: a request edge ends at a network box whose contents leave its receiver unclear."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import COMPUTE_ROLES, DATASTORE_ROLES, FRONT_DOORS, Topology
from archdsl.model import Edge, EdgeStyle, Group, GroupKind, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Boxes that only say where things are; an Auto Scaling group or a security group is a real resource,
# and a plain box is a tier, a team or a list, which an arrow may stand for.
PLACEMENT_KINDS: Final = frozenset({GroupKind.REGION, GroupKind.VPC, GroupKind.AZ, GroupKind.SUBNET})
# The resources that send or take requests: an arrow between one of them and a network box stands for a
# request to or from something inside. Gateways, attachments, route tables, ACLs and endpoints belong on
# a VPC or subnet, and people and clients send traffic "into the network": those arrows are the idiom.
REQUEST_ROLES: Final = FRONT_DOORS | COMPUTE_ROLES
# What a box holds, by the part a resource plays on a request path.
_TIERS: Final[dict[Role, str]] = {
    **dict.fromkeys(FRONT_DOORS, "entry"),
    **dict.fromkeys(COMPUTE_ROLES, "compute"),
    **dict.fromkeys(DATASTORE_ROLES, "data"),
}


class EdgeToGroup(Rule):
    """A request edge from a service ends at a network box that holds both its targets and a datastore.

    ## What it does
    Reports a solid or thick edge between a load balancer, API, CDN or compute service and a
    region, VPC, AZ or subnet box (not one the service sits in) when the box holds a datastore beside
    the servers or load balancers that could take the request, so the arrow does not say which one
    does. Information: the arrow is a shortcut, the doubt is about what it stands for. The idioms
    are not reported: an arrow into a box without a datastore (``alb -> web subnet``: to the targets
    inside), gateways, VPN, Transit Gateway, peering and Direct Connect attachments, route-table and
    network-ACL associations, VPC endpoints, NAT and internet gateways, users or clients sending
    traffic into the network, edges between two boxes, dashed edges, and plain boxes, Auto Scaling
    groups and security groups.

    ## Why is this bad?
    AZs, VPCs and subnets are placement boundaries, not traffic endpoints. When the box holds the
    application and its database, the arrow from the load balancer reads as "the load balancer talks
    to the database too", and the rules that follow request paths read it that way as well.

    ## Example
        alb lb
        vpc main {
          az a { ec2 web1; rds db }
          az c { ec2 web2 }
        }
        lb -> main

    ## Use instead
        alb lb
        vpc main {
          az a { ec2 web1; rds db }
          az c { ec2 web2 }
        }
        lb -> web1, web2
    """

    code = "ARCH006"
    name = "edge-to-group"
    category = "hygiene"
    severities = by_phase(Severity.INFO, Severity.INFO, Severity.INFO)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        tiers: dict[str, set[str]] | None = None
        for edge in diagram.edges:
            if edge.style in (EdgeStyle.DASHED, EdgeStyle.INVISIBLE):
                continue
            ends = _service_and_box(topology, edge)
            if ends is None:
                continue
            service, box = ends
            tiers = _tiers_by_box(topology) if tiers is None else tiers
            inside = tiers.get(box.id, set())
            if "data" not in inside or len(inside) < 2:
                continue  # no datastore inside: the arrow plainly means "to the targets in there"
            yield Finding(
                edge.span,
                f"Edge {edge.source} -> {edge.target} ends at {box.kind.value} '{box.id}', which holds a "
                f"datastore beside {' and '.join(sorted(inside - {'data'}))} resources; the arrow reads as "
                f"'{service.id}' reaching the datastore too: connect it to the resource that takes the request",
                "point the edge at the load balancer, ASG or instances inside the box; "
                "AZ, VPC and subnet boxes are placement boundaries, not traffic endpoints",
            )


def _service_and_box(topology: Topology, edge: Edge) -> tuple[Node, Group] | None:
    """The service and the placement box at the two ends of an edge, when it is one of each and the
    service is not inside the box."""
    diagram = topology.diagram
    source, target = diagram.node(edge.source), diagram.node(edge.target)
    if (source is None) == (target is None):
        return None  # two nodes, or two boxes (peering, VPN between networks): not this rule's concern
    service, box = (source, diagram.group(edge.target)) if source is not None else (target, diagram.group(edge.source))
    if service is None:
        return None
    if box is None or box.kind not in PLACEMENT_KINDS or topology.role(service) not in REQUEST_ROLES:
        return None
    if topology.is_entry(service) or any(group.id == box.id for group in diagram.ancestors(service.group)):
        return None
    return service, box


def _tiers_by_box(topology: Topology) -> dict[str, set[str]]:
    """The tiers (entry, compute, data) of the resources inside each box, in one pass over the nodes."""
    diagram = topology.diagram
    tiers: dict[str, set[str]] = {}
    for node in diagram.nodes:
        tier = _TIERS.get(topology.role(node))
        if tier is None:
            continue
        for group in diagram.ancestors(node.group):
            tiers.setdefault(group.id, set()).add(tier)
    return tiers
