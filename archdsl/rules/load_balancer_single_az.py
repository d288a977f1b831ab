"""ARCH103 load-balancer-single-az: a load balancer whose targets sit in one AZ."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.rules._base import Context, Finding, Rule, by_phase


class LoadBalancerSingleAz(Rule):
    """A load balancer spans a single availability zone.

    ## What it does
    Reports load balancers whose own AZ attribute list (``azs``) names fewer than two zones. An
    Application Load Balancer is an error (AWS requires two AZs); a Network or Classic Load
    Balancer is a warning. Targets that all sit in one AZ are ARCH102's (compute-tier-single-az):
    one cause, one finding.

    ## Why is this bad?
    A load balancer in one AZ is itself a single point of failure and cannot send traffic to a
    healthy zone when its own goes down.

    ## Example
        alb lb [azs="a"]
        az a { ec2 web1 }
        lb -> web1

    ## Use instead
        alb lb
        az a { ec2 web1 }
        az c { ec2 web2 }
        lb -> web1, web2
    """

    code = "ARCH103"
    name = "load-balancer-single-az"
    category = "availability"
    severities = by_phase(Severity.ERROR, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        for balancer in diagram.nodes:
            if topology.role(balancer) is not Role.LOAD_BALANCER or balancer.kind not in ("alb", "nlb", "elb"):
                continue
            declared = balancer.attr("azs")
            if declared is None:
                continue
            zones = {zone.strip() for zone in declared.replace(";", ",").split(",") if zone.strip()}
            if len(zones) >= 2:
                continue
            weight = Severity.ERROR if balancer.kind == "alb" else Severity.WARNING
            where = next(iter(zones), "no AZ")
            yield Finding(
                balancer.span,
                f"Load balancer '{balancer.id}' spans {len(zones)} AZ ({where}); Application Load Balancers need "
                "subnets in at least two AZs",
                "enable a second AZ on the load balancer and register targets there",
                weight,
            )
