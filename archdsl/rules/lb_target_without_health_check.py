"""ARCH109 lb-target-without-health-check: a load balancer target with no health check."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.rules._base import Context, Finding, Rule, by_phase


class LbTargetWithoutHealthCheck(Rule):
    """A load balancer sends traffic to a target that has no health check.

    ## What it does
    Reports load balancer -> compute edges when neither the edge, the load balancer nor the target
    has a ``health_check`` attribute. Mermaid cannot carry attributes, so the rule stays silent on
    Mermaid diagrams unless ``--strict-attributes`` is given.

    ## Why is this bad?
    Without a health check a broken instance keeps receiving requests and is never replaced.

    ## Example
        alb lb
        ec2 web
        lb -> web

    ## Use instead
        alb lb [health_check="/healthz"]
        ec2 web
        lb -> web
    """

    code = "ARCH109"
    name = "lb-target-without-health-check"
    category = "availability"
    severities = by_phase(None, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        if diagram.source.dialect.value == "mermaid" and not context.strict_attributes:
            return
        for edge in topology.request_edges:
            balancer, target = diagram.node(edge.source), diagram.node(edge.target)
            if balancer is None or target is None or topology.role(balancer) is not Role.LOAD_BALANCER:
                continue
            if not topology.is_compute(target):
                continue
            if any(item.attr("health_check") for item in (edge, balancer, target)):
                continue
            yield Finding(
                edge.span,
                f"'{balancer.id}' -> '{target.id}' has no health check; unhealthy targets keep receiving traffic "
                "and are not replaced",
                'define one: alb lb [health_check="/healthz"]',
            )
