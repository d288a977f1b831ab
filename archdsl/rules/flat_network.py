"""ARCH205 flat-network: a VPC with no private subnets for its application and data tiers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import FRONT_DOORS, Topology
from archdsl.model import Group, GroupKind, Node, SubnetTier
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Subnets drawn as nodes, and the tier each kind says.
_SUBNET_NODES: Final = {"public-subnet": SubnetTier.PUBLIC, "private-subnet": SubnetTier.PRIVATE, "subnet": None}
_PRIVATE: Final = frozenset({SubnetTier.PRIVATE, SubnetTier.DATA})
_INTERNAL: Final = re.compile(r"\binternal\b", re.IGNORECASE)


class FlatNetwork(Rule):
    """A VPC has no public/private subnet layering.

    ## What it does
    Reports a VPC group when the subnets it draws (as groups or as subnet nodes) are all public and
    it holds a data store or compute behind a load balancer, API or CDN (an internal tier), or when
    it draws one single subnet that holds both what the internet reaches (a load balancer not
    labelled internal, or compute users reach directly) and a database or cache.
    Subnets whose tier is not known are given the benefit of the doubt, and a VPC drawn with no
    subnets at all is not reported: a sketch that leaves subnets out says nothing about them. A VPC
    of public subnets holding only the instances the internet reaches directly is not reported
    either: that is one cause, which ARCH101 (one instance) or ARCH110 (several, no load balancer)
    reports.

    ## Why is this bad?
    Without private subnets, instances and databases share a layer with the internet-facing
    components, usually with a route to the internet gateway; one misconfigured security group
    exposes them. Layered subnets (public for load balancers and NAT, private for the application
    and data tiers) limit what any single mistake can reach.

    ## Example
        vpc main {
          subnet pub public { alb lb; ec2 web; rds db }
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
        facing = {node.id for _entry, node, _path in topology.internet_paths()}
        for vpc in diagram.groups:
            if vpc.kind is not GroupKind.VPC:
                continue
            inside = [node for node in diagram.nodes if any(up.id == vpc.id for up in diagram.ancestors(node.group))]
            stores = [node for node in inside if topology.is_datastore(node)]
            compute = [node for node in inside if topology.is_compute(node)]
            if not stores and not compute:
                continue
            subnets = [
                group
                for group in diagram.groups
                if group.kind is GroupKind.SUBNET and any(up.id == vpc.id for up in diagram.ancestors(group.parent))
            ]
            tiers = [subnet.tier for subnet in subnets]
            tiers += [_SUBNET_NODES[node.kind] for node in inside if node.kind in _SUBNET_NODES]
            if not tiers:
                continue  # no subnets drawn: nothing said about layering
            why: str | None = None
            if None not in tiers and not set(tiers) & _PRIVATE:
                if not stores and not self._behind_a_front_door(topology, compute):
                    continue  # the public compute is itself the way in: ARCH101/ARCH110 judge that
                why = "only public subnets"
            elif len(subnets) == 1 and len(tiers) == 1:
                why = self._one_subnet_for_everything(topology, subnets[0], inside, facing)
            if why is None:
                continue
            yield Finding(
                vpc.span,
                f"VPC '{vpc.id}' has no public/private subnet layering ({why}); internet-facing and internal "
                "components share one layer",
                "put load balancers and NAT gateways in public subnets, application and data tiers in private "
                "subnets, per AZ",
            )

    @staticmethod
    def _behind_a_front_door(topology: Topology, compute: list[Node]) -> bool:
        """Whether some of this compute is reached through a load balancer, API or CDN: an internal tier."""
        fronted = {
            target
            for node in topology.diagram.nodes
            if topology.role(node) in FRONT_DOORS
            for target in topology.successors(node.id)
        }
        return any(node.id in fronted for node in compute)

    @staticmethod
    def _one_subnet_for_everything(
        topology: Topology, subnet: Group, inside: list[Node], facing: set[str]
    ) -> str | None:
        """Why one subnet is flat: it holds both an internet-facing node and a data store."""
        held = [node for node in inside if subnet.id in {up.id for up in topology.diagram.ancestors(node.group)}]
        front = [
            node
            for node in held
            if (topology.role(node) in FRONT_DOORS and not _INTERNAL.search(node.label))
            or (node.id in facing and topology.is_compute(node))
        ]
        stores = [node for node in held if topology.is_datastore(node)]
        if not front or not stores:
            return None
        return f"one subnet holds '{front[0].id}' and {stores[0].kind} '{stores[0].id}'"
