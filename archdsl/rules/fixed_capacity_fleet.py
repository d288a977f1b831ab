"""ARCH301 fixed-capacity-fleet: a load balancer in front of a fixed number of instances."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import Topology, capacity, capacity_of
from archdsl.model import Group, GroupKind, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase


class FixedCapacityFleet(Rule):
    """A load balancer fronts a fixed number of instances with no Auto Scaling.

    ## What it does
    For each load balancer, reports two or more instances of the same kind (EC2, containers)
    behind it that are not inside an Auto Scaling group when the diagram has no ``asg`` node and
    no label or group title that says Auto Scaling (``Auto Scaling``, ``ASG``, ``autoscaling``,
    ``Desired: 2``, ``min/max: 2/6``), and instances whose Auto Scaling group is pinned at two or
    more (``min`` equal to ``max``, as attributes or in a label). Instances with ``max`` greater
    than ``min`` count as scaling; functions are skipped, and a fleet pinned at one instance is
    ARCH101's.

    A fleet with no Auto Scaling drawn is reported in the 1m phase only, as info (the diagram may
    leave it out); a fleet pinned by ``min`` = ``max`` is what the diagram says, and follows the
    phase.

    ## Why is this bad?
    A fixed fleet is sized for a guess: too small at peak (errors, latency), too large the rest of
    the time (cost), and a failed instance is not replaced until someone notices. Auto Scaling with
    target tracking follows demand and replaces unhealthy instances.

    ## Example
        alb lb
        ec2 web1
        ec2 web2
        lb -> web1, web2

    ## Use instead
        alb lb
        asg web [min=2, max=10] { ec2 web1; ec2 web2 }
        lb -> web1, web2
    """

    code = "ARCH301"
    name = "fixed-capacity-fleet"
    category = "scalability"
    severities = by_phase(None, Severity.INFO, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        labels = [
            *(node.label for node in diagram.nodes),
            *(group.label for group in diagram.groups),
            *(edge.label for edge in diagram.edges),
        ]
        asg_node = any(node.kind == "asg" for node in diagram.nodes) or any(capacity(text).scales for text in labels)
        for balancer in diagram.nodes:
            if topology.role(balancer) is not Role.LOAD_BALANCER:
                continue
            targets: dict[str, Node] = {}
            for node_id in topology.successors(balancer.id):
                node = diagram.node(node_id)
                if node is not None and topology.is_compute(node) and topology.role(node) is not Role.SERVERLESS:
                    targets.setdefault(node_id, node)
            fleet: dict[str, int] = {}  # an instance, or a pinned Auto Scaling group, and its size
            pinned: list[str] = []
            by_kind: dict[str, list[Node]] = {}
            for node in targets.values():
                group = self._scaling_group(topology, node)
                size = self._pinned_size(node, group) or capacity_of(topology, node).pinned
                if size == 1:
                    continue  # one instance, pinned: a single point of failure, reported by ARCH101
                if size is not None:
                    unit = group.id if group is not None and node.attr("min") is None else node.id
                    fleet[unit] = max(fleet.get(unit, 0), size)
                    pinned.append(unit)
                elif group is None and not asg_node and not self._scales(node):
                    by_kind.setdefault(node.kind, []).append(node)
            for nodes in by_kind.values():
                if len(nodes) >= 2:
                    fleet.update((node.id, 1) for node in nodes)
            if not pinned and context.phase != "1m":
                continue  # no Auto Scaling drawn: a question for the 1m phase, not a defect the diagram states
            if not fleet:
                continue
            where = f" (min = max in {', '.join(repr(unit) for unit in dict.fromkeys(pinned))})" if pinned else ""
            yield Finding(
                balancer.span,
                f"'{balancer.id}' fronts a fixed fleet of {sum(fleet.values())} instances{where}; add Auto Scaling "
                "(target tracking)",
                "put the instances in an Auto Scaling group (or ECS service auto scaling) with max > min and a "
                "target-tracking policy",
                None if pinned else Severity.INFO,  # no Auto Scaling drawn is not the same as none there
            )

    @staticmethod
    def _scaling_group(topology: Topology, node: Node) -> Group | None:
        return next(
            (group for group in topology.diagram.ancestors(node.group) if group.kind is GroupKind.AUTOSCALING_GROUP),
            None,
        )

    @staticmethod
    def _pinned_size(node: Node, group: Group | None) -> int | None:
        """The fixed size when ``min`` equals ``max`` (on the instance, else on its group)."""
        low, high = node.attr("min"), node.attr("max")
        if (low is None or high is None) and group is not None:
            low, high = group.attr("min"), group.attr("max")
        if low is None or high is None or low.strip() != high.strip():
            return None
        return int(low) if low.strip().isdigit() else 1

    @staticmethod
    def _scales(node: Node) -> bool:
        low, high = node.attr("min"), node.attr("max")
        if (node.attr("autoscaling") or "").lower() in ("true", "yes", "1"):
            return True
        return low is not None and high is not None and low.strip() != high.strip()
