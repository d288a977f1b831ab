"""ARCH105 aurora-no-cross-az-replica: no Aurora reader outside the writer's AZ."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import GroupKind, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

_READER_ROLES: Final = frozenset({"reader", "replica", "standby"})
_READER_WORDS: Final = re.compile(r"\b(?:readers?|read[\s-]?replicas?|replicas?|standby)\b", re.IGNORECASE)
# A box that says it is the whole cluster, spread over AZs.
_SPREAD: Final = re.compile(r"multi[\s_-]?az|\breplicas?\b|\breaders?\b|global\s+database", re.IGNORECASE)


def is_aurora(node: Node) -> bool:
    """An Aurora instance, also when the label names Aurora but the kind was read as RDS."""
    return node.kind == "aurora" or (node.kind == "rds" and "aurora" in node.label.lower())


def is_reader(node: Node) -> bool:
    return node.attr("role") in _READER_ROLES or bool(_READER_WORDS.search(f"{node.id} {node.label}"))


class AuroraNoCrossAzReplica(Rule):
    """An Aurora writer has no reader in another availability zone.

    ## What it does
    Reports each Aurora writer (an Aurora node, or an RDS node labelled Aurora, that is not a
    reader, replica or standby) when every Aurora reader of the diagram is drawn in the writer's
    own AZ group: the diagram says failover has nowhere else to go.

    A writer with no reader drawn at all is reported as info only, and only in a diagram that
    draws two or more AZ groups (an HA design with a lone writer): many notes draw a cluster as
    one box. A writer whose label says ``Multi-AZ``, readers or replicas is not reported, and
    neither is a writer or reader whose AZ is not drawn.

    ## Why is this bad?
    Aurora fails over to a replica; with none in another AZ, losing the writer's AZ means the
    database is down until it is restored elsewhere.

    ## Example
        az a { aurora writer; aurora reader [role=reader] }

    ## Use instead
        az a { aurora writer }
        az c { aurora reader [role=reader] }
    """

    code = "ARCH105"
    name = "aurora-no-cross-az-replica"
    category = "availability"
    severities = by_phase(None, Severity.WARNING, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        aurora = [node for node in topology.diagram.nodes if is_aurora(node)]
        readers = [node for node in aurora if is_reader(node)]
        for writer in aurora:
            if writer in readers or _SPREAD.search(writer.label):
                continue
            zone = topology.az(writer)
            if not readers:
                if sum(group.kind is GroupKind.AZ for group in topology.diagram.groups) < 2:
                    continue  # no AZs drawn: a sketch of the data tier, not an HA design missing a reader
                where = f"outside {zone}" if zone else "in another AZ"
                yield Finding(
                    writer.span,
                    f"Aurora cluster '{writer.id}' has no reader drawn {where}; failover has no other-AZ target",
                    "add an Aurora reader in a second AZ group (or say Multi-AZ in the label)",
                    Severity.INFO,  # a reader that is not drawn may still exist
                )
                continue
            zones = {topology.az(reader) for reader in readers}
            if zone is None or None in zones or zones != {zone}:
                continue
            yield Finding(
                writer.span,
                f"Aurora cluster '{writer.id}' has no reader outside {zone}; failover has no other-AZ target",
                "move an Aurora reader to a second AZ group",
            )
