"""ARCH401 missing-monitoring: compute with no monitoring in the picture."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.diagnostics import Severity
from archdsl.graph import MONITORING_KINDS, Topology
from archdsl.rules._base import Context, Finding, Rule, by_phase


class MissingMonitoring(Rule):
    """The diagram has compute but nothing monitors it.

    ## What it does
    Reports the first compute node of a diagram that has compute and no CloudWatch (or X-Ray,
    Prometheus, Grafana) node at all.

    ## Why is this bad?
    Without metrics, logs and alarms nobody learns that the service is failing until users say so,
    and capacity decisions are guesses.

    ## Example
        alb lb
        ec2 web
        lb -> web

    ## Use instead
        alb lb
        ec2 web
        cloudwatch cw
        lb -> web
        web ..> cw : "metrics"
    """

    code = "ARCH401"
    name = "missing-monitoring"
    category = "operability"
    severities = by_phase(None, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        nodes = topology.diagram.nodes
        if any(node.kind in MONITORING_KINDS for node in nodes):
            return
        compute = [node for node in nodes if topology.is_compute(node)]
        if compute:
            others = f" or the {len(compute) - 1} other compute node(s)" if len(compute) > 1 else ""
            yield Finding(
                compute[0].span,
                f"nothing monitors '{compute[0].id}'{others}: no CloudWatch in the diagram",
                "add CloudWatch and send metrics to it",
            )
