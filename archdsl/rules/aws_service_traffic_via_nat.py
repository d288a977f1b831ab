"""ARCH501 aws-service-traffic-via-nat: S3 or DynamoDB traffic through a NAT gateway."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Services with free gateway VPC endpoints.
GATEWAY_SERVICES: Final = {"s3": "S3", "dynamodb": "DynamoDB"}


class AwsServiceTrafficViaNat(Rule):
    """S3 or DynamoDB traffic goes through a NAT gateway instead of a gateway VPC endpoint.

    ## What it does
    Reports request edges to an ``s3`` or ``dynamodb`` node from a ``nat`` node, or from an
    internet gateway that a NAT gateway sends traffic to, naming what sends its requests into the
    NAT gateway.

    ## Why is this bad?
    A NAT gateway charges for every gigabyte it processes, and the traffic leaves for the public
    service endpoint. Gateway VPC endpoints for S3 and DynamoDB cost nothing, keep the traffic on
    the AWS network and can carry an endpoint policy.

    ## Example
        subnet app private { ec2 web }
        subnet pub public { nat gw }
        s3 bucket
        web -> gw -> bucket

    ## Use instead
        subnet app private { ec2 web }
        vpc-endpoint s3-endpoint [type=gateway]
        s3 bucket
        web -> s3-endpoint -> bucket
    """

    code = "ARCH501"
    name = "aws-service-traffic-via-nat"
    category = "cost"
    severities = by_phase(None, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        senders: dict[str, list[str]] = {}
        for edge in topology.request_edges:
            for member in topology.members(edge.target):
                senders.setdefault(member, [])
                if edge.source not in senders[member]:
                    senders[member].append(edge.source)
        reported: set[tuple[str, str]] = set()
        for edge in topology.request_edges:
            hop = diagram.node(edge.source)
            if hop is None:
                continue
            nats = self._nats_behind(topology, hop, senders)
            if not nats:
                continue
            for target_id in topology.members(edge.target):
                target = diagram.node(target_id)
                if target is None or target.kind not in GATEWAY_SERVICES:
                    continue
                for nat in nats:
                    if (nat, target_id) in reported:
                        continue
                    reported.add((nat, target_id))
                    origins = [source for source in senders.get(nat, []) if source != target_id]
                    who = ", ".join(f"'{origin}'" for origin in origins) if origins else "Traffic"
                    yield Finding(
                        edge.span,
                        f"{who} reaches {GATEWAY_SERVICES[target.kind]} '{target_id}' through NAT '{nat}'; use a "
                        "gateway VPC endpoint (no NAT data-processing charge, no internet path)",
                        f"add a {GATEWAY_SERVICES[target.kind]} gateway endpoint to the private route tables and "
                        "draw the traffic through it",
                    )

    @staticmethod
    def _nats_behind(topology: Topology, hop: Node, senders: dict[str, list[str]]) -> list[str]:
        """The NAT gateway ``hop`` is, or the NAT gateways that send to ``hop`` when it is an internet gateway."""
        if hop.kind == "nat":
            return [hop.id]
        if hop.kind != "igw":
            return []
        found = []
        for source in senders.get(hop.id, []):
            node = topology.diagram.node(source)
            if node is not None and node.kind == "nat":
                found.append(source)
        return found
