"""ARCH110 missing-load-balancer: internet traffic reaches compute with nothing in front."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import Topology, is_admin_host, lone_compute
from archdsl.model import Node
from archdsl.rules._base import Context, Finding, Rule, by_phase


class MissingLoadBalancer(Rule):
    """Internet traffic reaches compute with no load balancer, API gateway or CDN in front.

    ## What it does
    Follows requests from users, and from Route 53 records (whoever resolves them is on the
    internet), through DNS, Elastic IPs, internet gateways and firewalls; reports the compute they
    reach without passing a load balancer, an API gateway or a CDN. One missing load balancer is one
    finding, at the first instance drawn, naming the others.
    Functions and bastion or jump hosts are not reported, and neither is a lone instance that
    ARCH101 (single-instance-spof) reports: one cause, one finding.

    ## Why is this bad?
    Clients are pinned to individual instances: no health checks take a broken one out, traffic is
    not spread, instances cannot be replaced without changing DNS or addresses, and each instance
    is exposed directly.

    ## Example
        actor users
        route53 dns
        ec2 web1
        ec2 web2
        users -> dns -> web1, web2

    ## Use instead
        actor users
        route53 dns
        alb lb
        ec2 web1
        ec2 web2
        users -> dns -> lb -> web1, web2
    """

    code = "ARCH110"
    name = "missing-load-balancer"
    category = "availability"
    severities = by_phase(Severity.INFO, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        lone = lone_compute(topology)
        reported: set[str] = {lone.id} if lone is not None else set()
        reached: dict[str, tuple[Node, str]] = {}
        for entry, node, path in topology.internet_paths(from_dns=True):
            if node.id in reported or node.id in reached or not topology.is_compute(node):
                continue
            if topology.role(node) is Role.SERVERLESS or is_admin_host(node):
                continue  # a bastion is admin access, not a service: ARCH203 judges how it is reached
            reached[node.id] = (node, " -> ".join([entry.id, *(hop.id for hop in path), node.id]))
        if not reached:
            return
        # One cause, one finding: the missing load balancer, shown at the first instance it should front.
        first, via = min(reached.values(), key=lambda found: (found[0].span.line, found[0].span.column))
        others = [f"'{node_id}'" for node_id in reached if node_id != first.id]
        also = f" (also {', '.join(others)})" if others else ""
        yield Finding(
            first.span,
            f"internet traffic reaches '{first.id}'{also} with no load balancer, API gateway or CDN in front ({via})",
            "route requests through an ALB (or API Gateway / CloudFront) to the instances",
        )
