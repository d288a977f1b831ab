"""ARCH101 single-instance-spof: one compute instance serves all traffic."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import FRONT_DOORS, Topology, capacity, lone_compute, request_origins
from archdsl.model import GroupKind, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

_HINT = "put a load balancer in front of two or more instances in two AZs, or an Auto Scaling group"


class SingleInstanceSpof(Rule):
    """A single compute instance serves everything users reach.

    ## What it does
    Finds diagrams where every request from the users ends at exactly one server (EC2, Lightsail, a
    server) and nothing in front of it (load balancer, API gateway, CDN) or around it (an Auto
    Scaling group, a label saying Auto Scaling, ``Desired: 2``, ``EC2 x3``, ``Web servers``) could
    spread the load over a second one. Managed services that run several copies on their own (ECS,
    EKS, Lambda, Beanstalk) are not reported for being drawn once.

    Also reports compute, or an Auto Scaling group drawn as a node, whose label or group title
    states one instance: ``Desired: 1``, ``Max 1``, ``min/max 1/1``, even behind a load balancer;
    when it sits behind one in a drawn AZ, ARCH102 (compute-tier-single-az) reports that instead:
    one cause, one finding.

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
        only = lone_compute(topology)
        if only is not None:
            serving = request_origins(topology)[0].id  # lone_compute found it from one of them
            yield Finding(
                only.span,
                f"'{only.id}' is the only compute node serving {serving}: a single point of failure "
                "with no horizontal scaling",
                _HINT,
            )
        doors = [door for door in diagram.nodes if topology.role(door) in FRONT_DOORS]
        fronted = {target for door in doors for target in topology.successors(door.id)}
        for node in diagram.nodes:
            if node is only or (node.id in fronted and topology.az(node) is not None):
                continue  # one instance behind a load balancer in a drawn AZ: ARCH102 says the tier is in one AZ
            stated = self._stated_single(topology, node)
            if stated is not None:
                yield Finding(
                    node.span,
                    f"'{node.id}' runs as a single instance ({stated}): a single point of failure in one AZ",
                    "run at least two instances (desired and min of 2 or more) spread over two AZs",
                )

    @staticmethod
    def _stated_single(topology: Topology, node: Node) -> str | None:
        """Where the diagram says this compute (or Auto Scaling group node) runs one instance, if it does."""
        is_fleet = node.kind == "asg"
        if not is_fleet and (not topology.is_compute(node) or topology.role(node) is Role.SERVERLESS):
            return None
        if capacity(node.label).single:
            return "its label says one instance"
        groups = list(topology.diagram.ancestors(node.group))
        for mention in node.mentions:  # also written in an ASG box: an instance in a subnet and its ASG
            groups += [group for group in topology.diagram.ancestors(mention.group) if group not in groups]
        for group in groups:
            said = capacity(group.label)
            if said.single and group.kind in (GroupKind.AUTOSCALING_GROUP, GroupKind.GENERIC):
                inside = [other for other in topology.members(group.id) if other != node.id]
                if any(topology.is_compute(other) for other in map(topology.diagram.node, inside) if other):
                    return None  # two boxes drawn in a group said to hold one: the drawing is not literal
                return f"group '{_first_line(group.label) or group.id}' says one instance"
            if said.scales:
                return None
        return None


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0]
