"""ARCH008 invalid-group-nesting: groups and services placed where AWS cannot put them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Diagram, Group, GroupKind, Node, Span
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Regional or global services: reached from a VPC, never placed inside a subnet or an AZ.
_OUTSIDE_VPC: Final = frozenset({"route53", "cloudfront", "s3", "dynamodb", "cloudwatch", "waf", "apigw", "sqs", "sns"})


class InvalidGroupNesting(Rule):
    """A group or service is placed where AWS cannot put it.

    ## What it does
    Reports, as errors, what the diagram itself states and AWS cannot build: a VPC inside an AZ or a
    subnet, and a subnet that spans AZs (AZ boxes drawn inside it, or resources in it placed in two
    different AZs). A regional service such as S3, DynamoDB, CloudFront, Route 53 or CloudWatch drawn
    inside a subnet or AZ is a warning, or information when only an edge written inside that Mermaid
    subgraph put it there. What is merely left out is not reported: an AZ drawn without its region or
    VPC, or a subnet drawn beside the AZs rather than in one, is a sketch, not a mistake.

    ## Why is this bad?
    The picture describes a network that cannot exist: readers draw wrong conclusions about what
    is isolated from what, and rules about placement give wrong answers.

    ## Example
        vpc main {
          subnet app private {
            az a { ec2 web1 }
            az c { ec2 web2; s3 assets }
          }
        }

    ## Use instead
        vpc main {
          az a { subnet app-a private { ec2 web1 } }
          az c { subnet app-c private { ec2 web2 } }
        }
        s3 assets
    """

    code = "ARCH008"
    name = "invalid-group-nesting"
    category = "hygiene"
    severities = by_phase(Severity.ERROR, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        zones_of = _zones_by_subnet(topology) if any(g.kind is GroupKind.SUBNET for g in diagram.groups) else {}
        for group in diagram.groups:
            outer = diagram.ancestors(group.parent)
            if group.kind is GroupKind.VPC:
                boundary = next((g for g in outer if g.kind in (GroupKind.AZ, GroupKind.SUBNET)), None)
                if boundary is not None:
                    yield _misplaced(group, boundary, "a VPC spans AZs, not the reverse")
            elif group.kind is GroupKind.SUBNET:
                zones = zones_of.get(group.id, [])
                if len(zones) > 1 or (zones and not any(g.kind is GroupKind.AZ for g in outer)):
                    yield Finding(
                        group.span,
                        f"subnet '{group.id}' spans {_listed(zones)}, which is not possible on AWS "
                        "(a subnet lives in exactly one AZ)",
                        "draw one subnet per AZ, each inside its AZ: region > VPC > AZ > subnet",
                    )
        edge_ends: dict[str, set[Span]] | None = None
        for node in diagram.nodes:
            if node.kind not in _OUTSIDE_VPC:
                continue
            inside = next(
                (g for g in diagram.ancestors(node.group) if g.kind in (GroupKind.SUBNET, GroupKind.AZ)), None
            )
            if inside is None:
                continue
            edge_ends = _edge_ends(diagram) if edge_ends is None else edge_ends
            if _placed_by_an_edge(node, edge_ends.get(node.id, set())):
                yield Finding(
                    node.span,
                    f"{node.kind} '{node.id}' is drawn inside {inside.kind.value} '{inside.id}' only because an edge "
                    "to it is written inside that subgraph; it is a regional service, outside the VPC",
                    "write the edge after the subgraph's 'end', or declare the node outside the VPC first",
                    Severity.INFO,
                )
                continue
            yield Finding(
                node.span,
                f"{node.kind} '{node.id}' is placed inside {inside.kind.value} '{inside.id}', which is not "
                "possible on AWS (it is a regional service reached from the VPC)",
                "draw it outside the VPC and connect to it (through a VPC endpoint if private)",
                Severity.WARNING,
            )


def _misplaced(group: Group, boundary: Group, reason: str) -> Finding:
    return Finding(
        group.span,
        f"{group.kind.value} '{group.id}' is placed inside {boundary.kind.value} '{boundary.id}', which is not "
        f"possible on AWS ({reason})",
        "move the group to the right level: region > VPC > AZ > subnet",
    )


def _zones_by_subnet(topology: Topology) -> dict[str, list[str]]:
    """The AZs each subnet's contents say it is in: AZ boxes inside it, else its resources' AZs when
    they differ (one pass over groups and nodes, each walking its ancestors)."""
    diagram = topology.diagram
    boxes: dict[str, list[str]] = {}
    held: dict[str, list[str]] = {}
    for group in diagram.groups:
        if group.kind is GroupKind.AZ:
            for outer in diagram.ancestors(group.parent):
                if outer.kind is GroupKind.SUBNET and group.id not in boxes.setdefault(outer.id, []):
                    boxes[outer.id].append(group.id)
    for node in diagram.nodes:
        subnets = [group.id for group in diagram.ancestors(node.group) if group.kind is GroupKind.SUBNET]
        zone = topology.az(node) if subnets else None
        if zone is None:
            continue
        for subnet in subnets:
            if zone not in held.setdefault(subnet, []):
                held[subnet].append(zone)
    zones = {subnet: found for subnet, found in held.items() if len(found) > 1}
    zones.update(boxes)
    return zones


def _edge_ends(diagram: Diagram) -> dict[str, set[Span]]:
    """Where each node is written as the end of an edge."""
    ends: dict[str, set[Span]] = {}
    for edge in diagram.edges:
        for node_id, span in ((edge.source, edge.source_span), (edge.target, edge.target_span)):
            if span is not None:
                ends.setdefault(node_id, set()).add(span)
    return ends


def _placed_by_an_edge(node: Node, ends: set[Span]) -> bool:
    """Whether every place the node is written inside its group is the end of an edge (Mermaid)."""
    inside = [mention for mention in node.mentions if mention.group == node.group]
    return bool(inside) and all(mention.span in ends for mention in inside)


def _listed(zones: list[str]) -> str:
    return "AZ " + zones[0] if len(zones) == 1 else "AZs " + ", ".join(zones[:-1]) + " and " + zones[-1]
