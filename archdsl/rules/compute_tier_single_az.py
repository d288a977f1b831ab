"""ARCH102 compute-tier-single-az: every instance behind a load balancer is in one AZ."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.rules._base import Context, Finding, Rule, by_phase


class ComputeTierSingleAz(Rule):
    """All compute behind a load balancer sits in one availability zone.

    ## What it does
    For each load balancer, collects the compute nodes it sends requests to and reports when they
    are all in the same AZ group (or, from the 10k phase on, when two or more instances are drawn
    with no AZ groups at all).

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
        for balancer in diagram.nodes:
            if topology.role(balancer) is not Role.LOAD_BALANCER:
                continue
            targets = [diagram.node(node_id) for node_id in topology.successors(balancer.id)]
            compute = [node for node in targets if node is not None and topology.is_compute(node)]
            if not compute:
                continue
            zones = {topology.az(node) for node in compute}
            if None in zones and topology.has_az_groups:
                continue  # some targets are not placed in an AZ: nothing certain to say
            if len(zones - {None}) >= 2:
                continue
            if zones == {None} and (len(compute) < 2 or context.phase == "prototype"):
                continue
            where = next(iter(zones)) or "one unnamed AZ"
            yield Finding(
                balancer.span,
                f"All {len(compute)} instance(s) behind '{balancer.id}' are in {where}; an AZ outage removes "
                "the whole tier",
                "spread the instances over two or more AZ groups",
            )
