"""ARCH102 compute-tier-single-az: every instance behind a load balancer is in one AZ."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import FRONT_DOORS, Topology, capacity_of, drawn_as_many
from archdsl.model import GroupKind, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

# A box titled in the plural ("Private subnets") stands for one subnet per AZ.
_PLURAL_SUBNETS: Final = re.compile(r"subnets|サブネット群", re.IGNORECASE)


class ComputeTierSingleAz(Rule):
    """All compute behind a load balancer sits in one availability zone.

    ## What it does
    For each load balancer, collects the compute nodes it sends requests to and reports when they
    are all in the same AZ group, or all in one subnet when no AZ is drawn (a subnet lives in one
    AZ; a box titled in the plural, ``Private subnets``, does not count). Load balancers that share
    an upstream load balancer, CDN, API or DNS name (one ALB per AZ behind an NLB, Global
    Accelerator, CloudFront or Route 53), and boxes with the same title (one load balancer drawn
    once per AZ), are judged as one tier.

    A single instance is left to ARCH101 (single-instance-spof) unless its box stands for several
    (``EC2 x3``, ``Desired: 2``), and a node written in two AZ boxes to ARCH007
    (ambiguous-group-membership); but one instance said to run alone (``Desired: 1``, ``max 1``)
    in a drawn AZ is reported here, not by ARCH101: the tier is in one AZ. The finding is at the
    first instance drawn, the tier that has to move. In the 1m phase, two or more instances drawn with no AZ groups
    and no subnet at all are reported as info only: the diagram leaves AZs out rather than saying
    there is one.

    ## Why is this bad?
    An AZ outage removes the whole tier at once; the load balancer has nowhere left to send traffic.

    ## Example
        alb lb
        az a { ec2 web1; ec2 web2 }
        lb -> web1, web2

    ## Use instead
        alb lb
        az a { ec2 web1 }
        az c { ec2 web2 }
        lb -> web1, web2
    """

    code = "ARCH102"
    name = "compute-tier-single-az"
    category = "availability"
    severities = by_phase(Severity.INFO, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        for balancers in self._tiers(topology):
            compute: dict[str, Node] = {}
            for balancer in balancers:
                for node_id in topology.successors(balancer.id):
                    node = diagram.node(node_id)
                    if node is not None and topology.is_compute(node):
                        compute.setdefault(node_id, node)
            compute = {key: node for key, node in compute.items() if not self._written_in_two_azs(topology, node)}
            if not compute:
                continue
            if len(compute) == 1:
                (single,) = compute.values()
                said_one = capacity_of(topology, single).single and topology.az(single) is not None
                if not (said_one or self._fleet(topology, single)):
                    continue  # one instance is ARCH101's business, a node in two AZs ARCH007's
            zones = {topology.az(node) for node in compute.values()}
            if len(zones - {None}) >= 2 or (None in zones and topology.has_az_groups):
                continue  # spread, or some targets not placed in an AZ: nothing certain to say
            severity: Severity | None = None
            if zones == {None}:
                subnets = {self._subnet(topology, node) for node in compute.values()}
                if len(subnets) == 1 and None not in subnets:
                    where = f"subnet '{next(iter(subnets))}', so one AZ"
                    severity = Severity.WARNING  # the subnet is drawn; its AZ is implied
                elif subnets == {None} and len(compute) >= 2 and context.phase == "1m":
                    where = "no AZ drawn"
                    severity = Severity.INFO  # inferred from AZs that are not drawn
                else:
                    continue
            else:
                where = str(next(iter(zones)))
            names = " and ".join(f"'{balancer.id}'" for balancer in balancers)
            shown = min(compute.values(), key=lambda node: (node.span.line, node.span.column))
            yield Finding(
                shown.span,
                f"All {len(compute)} instance(s) behind {names} are in {where}; an AZ outage removes the whole tier",
                "spread the instances over two or more AZ groups",
                severity,
            )

    @staticmethod
    def _fleet(topology: Topology, node: Node) -> bool:
        """Whether one box stands for several instances: ``EC2 x3``, ``Desired: 2``, ``min 2``."""
        said = capacity_of(topology, node)
        return drawn_as_many(node) or any(count is not None and count >= 2 for count in (said.desired, said.minimum))

    @staticmethod
    def _written_in_two_azs(topology: Topology, node: Node) -> bool:
        zones = set()
        for mention in node.mentions:
            zones |= {group.id for group in topology.diagram.ancestors(mention.group) if group.kind is GroupKind.AZ}
        return len(zones) >= 2

    @staticmethod
    def _subnet(topology: Topology, node: Node) -> str | None:
        for group in topology.diagram.ancestors(node.group):
            if group.kind is GroupKind.SUBNET:
                return None if _PLURAL_SUBNETS.search(group.label) else group.label.split("\n")[0] or group.id
        return None

    @staticmethod
    def _tiers(topology: Topology) -> list[list[Node]]:
        """The load balancers, joined when they share an upstream front door or DNS name, or a title."""
        diagram = topology.diagram
        balancers = [node for node in diagram.nodes if topology.role(node) is Role.LOAD_BALANCER]
        parent = {balancer.id: balancer.id for balancer in balancers}

        def root(node_id: str) -> str:
            while parent[node_id] != node_id:
                node_id = parent[node_id]
            return node_id

        def join(one: str, other: str) -> None:
            parent[root(one)] = root(other)

        upstream: dict[str, str] = {}
        titled: dict[str, str] = {}
        for balancer in balancers:
            title = balancer.label.split("\n")[0].strip().lower()
            if title and title != balancer.id.lower():
                join(balancer.id, titled.setdefault(title, balancer.id))
        for edge in topology.request_edges:
            source = diagram.node(edge.source)
            if source is None or topology.role(source) not in FRONT_DOORS | {Role.DNS}:
                continue
            for target in topology.members(edge.target):
                if target in parent and target != source.id:
                    join(target, upstream.setdefault(source.id, target))
        tiers: dict[str, list[Node]] = {}
        for balancer in balancers:
            tiers.setdefault(root(balancer.id), []).append(balancer)
        return list(tiers.values())
