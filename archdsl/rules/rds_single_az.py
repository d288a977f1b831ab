"""ARCH104 rds-single-az: an RDS instance without Multi-AZ or a standby in another AZ."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Edge, EdgeStyle, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

FALSE: Final = frozenset({"false", "no", "off", "0"})
TRUE: Final = frozenset({"true", "yes", "on", "1"})
REPLICATION_WORDS: Final = ("replica", "standby")  # "replica" also matches "replication"


def is_replication(edge: Edge) -> bool:
    """Whether an edge stands for replication: dashed, or labelled replica/replication/standby."""
    label = edge.label.lower()
    return edge.style is EdgeStyle.DASHED or any(word in label for word in REPLICATION_WORDS)


# A label that says the instance runs in one AZ; the drawing states the problem, so it is certain.
_SAYS_SINGLE_AZ: Final = re.compile(
    r"\bsingle[\s_-]?az\b|\bmulti[\s_-]?az\s*[:=]\s*(?:false|no|off)\b|\bno\s+multi[\s_-]?az\b"
    r"|단일\s*AZ|シングル\s*AZ|単一\s*AZ",
    re.IGNORECASE,
)


class RdsSingleAz(Rule):
    """An RDS instance runs in a single availability zone.

    ## What it does
    Reports each ``rds`` node (Aurora is ARCH105's business) marked ``single-az``
    (``multi_az=false``) that has no replication edge (dashed, or labelled replica, replication or
    standby, in either direction) to another ``rds`` node in a different AZ. A node that does not
    say whether it is Multi-AZ is only reported with ``--strict-attributes``; ``multi-az``
    (``multi_az=true``) passes. A label that says it (``Single-AZ``, ``multi_az = false``,
    ``단일 AZ``, ``シングルAZ``) counts as ``single-az``.

    ## Why is this bad?
    A Single-AZ instance is down for the whole of an AZ outage, a host failure or a storage
    failure, until it is restored from a backup; Multi-AZ keeps a synchronous standby in a second
    AZ and fails over to it automatically.

    ## Example
        az a { rds db single-az }

    ## Use instead
        az a { rds db multi-az }
    """

    code = "ARCH104"
    name = "rds-single-az"
    category = "availability"
    severities = by_phase(Severity.INFO, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        for node in diagram.nodes:
            if node.kind != "rds":
                continue
            multi_az = (node.attr("multi_az") or "").strip().lower()
            if not multi_az and _SAYS_SINGLE_AZ.search(node.label):
                multi_az = "false"  # the label states it: "Single-AZ", "multi_az = false", "단일 AZ"
            if multi_az in TRUE or (multi_az not in FALSE and not context.strict_attributes):
                continue
            if self._has_standby_elsewhere(topology, node):
                continue
            zone = topology.az(node)
            where = f" ({zone})" if zone else ""
            yield Finding(
                node.span,
                f"RDS instance '{node.id}' runs in a single AZ{where}; enable Multi-AZ",
                "enable Multi-AZ, or draw a standby in another AZ group with a replication edge",
            )

    @staticmethod
    def _has_standby_elsewhere(topology: Topology, node: Node) -> bool:
        zone = topology.az(node)
        if zone is None:
            return False
        for edge in topology.diagram.edges:
            if node.id not in (edge.source, edge.target) or not is_replication(edge):
                continue
            other = topology.diagram.node(edge.target if edge.source == node.id else edge.source)
            if other is not None and other.id != node.id and other.kind == "rds":
                other_zone = topology.az(other)
                if other_zone is not None and other_zone != zone:
                    return True
        return False
