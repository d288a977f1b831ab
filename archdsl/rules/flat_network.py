"""ARCH205 flat-network: a VPC with no private subnets for its application and data tiers."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import GroupKind, SubnetTier
from archdsl.rules._base import Context, Finding, Rule, by_phase


class FlatNetwork(Rule):
    """A VPC has no public/private subnet layering.

    ## What it does
    Reports a VPC group that holds compute or data stores when its subnets are all public, and a
    VPC group with no subnets at all that holds a database or cache. Subnets whose tier is not
    known (no ``public``, ``private`` or ``data`` modifier) are given the benefit of the doubt.

    ## Why is this bad?
    Without private subnets, instances and databases share a layer with the internet-facing
    components, usually with a route to the internet gateway; one misconfigured security group
    exposes them. Layered subnets (public for load balancers and NAT, private for the application
    and data tiers) limit what any single mistake can reach.

    ## Example
        vpc main {
          alb lb
          ec2 web
          rds db
        }
        lb -> web -> db

    ## Use instead
        vpc main {
          subnet pub public { alb lb }
          subnet app private { ec2 web }
          subnet data data { rds db }
        }
        lb -> web -> db
    """

    code = "ARCH205"
    name = "flat-network"
    category = "security"
    severities = by_phase(Severity.INFO, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        for vpc in diagram.groups:
            if vpc.kind is not GroupKind.VPC:
                continue
            inside = [
                node for node in diagram.nodes if any(group.id == vpc.id for group in diagram.ancestors(node.group))
            ]
            stores = [node for node in inside if topology.is_datastore(node)]
            compute = [node for node in inside if topology.is_compute(node)]
            if not stores and not compute:
                continue
            subnets = [
                group
                for group in diagram.groups
                if group.kind is GroupKind.SUBNET and any(up.id == vpc.id for up in diagram.ancestors(group.parent))
            ]
            if not subnets:
                if not stores:
                    continue  # a VPC drawn without subnets: too little to go on unless it holds data
                why = f"no subnets, yet it holds {stores[0].kind} '{stores[0].id}'"
            else:
                tiers = {subnet.tier for subnet in subnets}
                if None in tiers or tiers & {SubnetTier.PRIVATE, SubnetTier.DATA}:
                    continue
                why = "only public subnets"
            yield Finding(
                vpc.span,
                f"VPC '{vpc.id}' has no public/private subnet layering ({why}); internet-facing and internal "
                "components share one layer",
                "put load balancers and NAT gateways in public subnets, application and data tiers in private "
                "subnets, per AZ",
            )
