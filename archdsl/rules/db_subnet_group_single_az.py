"""ARCH106 db-subnet-group-single-az: a database drawn in the subnets of one AZ only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import GroupKind, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

DATABASE_KINDS: Final = ("rds", "aurora", "elasticache")


class DbSubnetGroupSingleAz(Rule):
    """A database is placed in the subnets of only one availability zone.

    ## What it does
    For each database kind (``rds``, ``aurora``, ``elasticache``), reports the first node of that
    kind when every node of the kind sits in the same AZ while the diagram draws two or more AZ
    groups. This approximates "the DB subnet group covers one AZ": the diagram does not show subnet
    groups, so all nodes of one kind are taken as one database and the AZs they are drawn in as the
    AZs of its subnets. A kind with any node outside every AZ (no AZ group, no ``az`` attribute) is
    not judged, and diagrams with fewer than two AZ groups are left to the AZ rules (ARCH104,
    ARCH105, ARCH108).

    An error when the database sits in subnets the diagram draws (the subnet group is what is
    drawn); a warning when it sits straight in an AZ box (the drawing places the instance, and
    the subnet group is inferred). An Aurora cluster drawn in one AZ without subnets is ARCH105's
    (aurora-no-cross-az-replica): one cause, one finding.

    ## Why is this bad?
    RDS, Aurora and ElastiCache subnet groups must contain subnets in at least two AZs: the API
    rejects a subnet group that does not (``DBSubnetGroupDoesNotCoverEnoughAZs``), and without a
    second AZ there is nowhere to fail over to or to add a standby later.

    ## Example
        az a { subnet db-a data { rds db } }
        az c { subnet app-c private { ec2 web } }
        web -> db

    ## Use instead
        az a { subnet db-a data { rds db } }
        az c {
          subnet app-c private { ec2 web }
          subnet db-c data { rds standby }
        }
        web -> db
        db ..> standby : "standby"
    """

    code = "ARCH106"
    name = "db-subnet-group-single-az"
    category = "availability"
    severities = by_phase(Severity.ERROR, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        az_groups = {group.id for group in diagram.groups if group.kind is GroupKind.AZ}
        if len(az_groups) < 2:
            return
        for kind in DATABASE_KINDS:
            nodes: list[Node] = [node for node in diagram.nodes if node.kind == kind]
            zones = {topology.az(node) for node in nodes}
            if len(zones) != 1 or None in zones:
                continue
            (zone,) = zones
            first = nodes[0]
            in_subnets = all(
                any(group.kind is GroupKind.SUBNET for group in diagram.ancestors(node.group)) for node in nodes
            )
            if not in_subnets and kind == "aurora":
                continue  # the writer (and any reader) drawn in one AZ: ARCH105 says it
            severity = None if in_subnets else Severity.WARNING
            yield Finding(
                first.span,
                f"Database '{first.id}' is placed in subnets of only {zone}; "
                "a DB subnet group must cover at least two AZs",
                "give the subnet group a subnet in a second AZ (draw one in another AZ group)",
                severity,
            )
