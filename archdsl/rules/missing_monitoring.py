"""ARCH401 missing-monitoring: compute with no monitoring in the picture."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import MONITORING_KINDS, Topology, mentions_monitoring
from archdsl.rules._base import Context, Finding, Rule, by_phase


class MissingMonitoring(Rule):
    """The diagram has compute but draws nothing that monitors it.

    ## What it does
    Reports, once per diagram and as info, a diagram that has compute and draws no monitoring at
    all: no CloudWatch, X-Ray or other monitoring service, no other vendor's monitoring
    (Prometheus, Grafana, Datadog, New Relic, Log Analytics, ...), and no node, group or edge label
    that says metrics, logs, alerts or monitoring. It is about something not drawn, which many
    notes leave to a separate diagram or to the text, so it is never more than info, and it runs
    only in the 1m phase (``--phase 1m``): the rule sees one diagram, not the note's others.

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
    severities = by_phase(None, None, Severity.INFO)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        if any(node.kind in MONITORING_KINDS or topology.role(node) is Role.MONITORING for node in diagram.nodes):
            return
        labels = [
            *(f"{node.id} {node.label}" for node in diagram.nodes),
            *(group.label or group.id for group in diagram.groups),
            *(edge.label for edge in diagram.edges),
        ]
        if any(mentions_monitoring(label) for label in labels):
            return
        compute = [node for node in diagram.nodes if topology.is_compute(node)]
        if compute:
            others = f" or the {len(compute) - 1} other compute node(s)" if len(compute) > 1 else ""
            yield Finding(
                compute[0].span,
                f"nothing monitors '{compute[0].id}'{others}: the diagram draws no monitoring",
                "draw CloudWatch (or the monitoring you use) and what sends metrics and logs to it",
            )
