"""ARCH101 single-instance-spof: one compute node serves all traffic."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.diagnostics import Severity
from archdsl.graph import FRONT_DOORS, Topology
from archdsl.rules._base import Context, Finding, Rule, by_phase


class SingleInstanceSpof(Rule):
    """A single compute node serves everything users reach.

    ## What it does
    Finds diagrams where every request from the users ends at exactly one compute node (EC2,
    container, function) and nothing in front of it (load balancer, API gateway, CDN) could spread
    the load over a second one.

    ## Why is this bad?
    One instance is a single point of failure: a reboot, an AZ outage or a bad deploy takes the
    whole service down, and it cannot scale out. Fine for a prototype, not for production.

    ## Example
        actor users
        route53 dns
        eip ip
        ec2 app
        users -> dns -> ip -> app

    ## Use instead
        actor users
        alb lb
        az a { ec2 app1 }
        az c { ec2 app2 }
        users -> lb -> app1, app2
    """

    code = "ARCH101"
    name = "single-instance-spof"
    category = "availability"
    severities = by_phase(Severity.INFO, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        entries = [node for node in diagram.nodes if topology.is_entry(node)]
        if not entries:
            return
        reached: set[str] = set()
        for entry in entries:
            reached |= topology.reachable(entry.id)
        nodes = [diagram.node(node_id) for node_id in sorted(reached)]
        compute = [node for node in nodes if node is not None and topology.is_compute(node)]
        front_doors = [node for node in nodes if node is not None and topology.role(node) in FRONT_DOORS]
        if len(compute) != 1 or front_doors:
            return
        (only,) = compute
        if any(group.kind.value == "autoscaling-group" for group in diagram.ancestors(only.group)):
            return
        yield Finding(
            only.span,
            f"'{only.id}' is the only compute node serving {entries[0].id}: a single point of failure "
            "with no horizontal scaling",
            "put a load balancer in front of two or more instances in two AZs, or an Auto Scaling group",
        )
