"""ARCH108 elasticache-no-failover: an ElastiCache cache without Multi-AZ automatic failover."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import GroupKind, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

FALSE: Final = frozenset({"false", "no", "off", "0"})
TRUE: Final = frozenset({"true", "yes", "on", "1"})
_SINGLE: Final = re.compile(r"\b(?:1|one|single)[\s-]node\b|\bno\s+replicas?\b", re.IGNORECASE)
# A label that says the one box is a replicated, failing-over group.
_REPLICATED: Final = re.compile(
    r"multi[\s_-]?az|replicas?\b|\ubcf5\uc81c\ubcf8|\u30ec\u30d7\u30ea\u30ab|replication\s+group|cluster[\s_-]?mode|fail[\s-]?over|primary\s*[+/&]",
    re.IGNORECASE,
)


def _flag(node: Node, key: str) -> str:
    return (node.attr(key) or "").strip().lower()


class ElasticacheNoFailover(Rule):
    """An ElastiCache cache has no Multi-AZ automatic failover.

    ## What it does
    Reports an ``elasticache`` node marked ``[automatic_failover=false]``, and, when a diagram
    draws two or more ElastiCache nodes (taken as one replication group), the first of them when
    every node sits in the same AZ group: both are what the diagram says.

    A single node drawn with no replica is reported as info only, and only when the label says
    one node or the diagram draws two or more AZ groups: a sketch often draws a whole replication
    group as one box. It is not reported when the node says it stands for a group
    (``automatic_failover=true``, ``multi_az=true``, or a label such as ``Multi-AZ``,
    ``replication group``, ``cluster mode``, ``primary + replica``). Nodes whose AZ is not drawn
    are not judged on placement.

    ## Why is this bad?
    Without a replica in another AZ and automatic failover, losing the primary node or its AZ
    loses the cache: the application falls back to the database all at once, or fails outright if
    the cache holds sessions.

    ## Example
        ec2 web
        elasticache cache
        web -> cache

    ## Use instead
        ec2 web
        az a { elasticache cache-a [role=primary, automatic_failover=true] }
        az c { elasticache cache-c [role=replica] }
        web -> cache-a
        cache-a ..> cache-c : "replication"
    """

    code = "ARCH108"
    name = "elasticache-no-failover"
    category = "availability"
    severities = by_phase(None, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        caches = [node for node in topology.diagram.nodes if node.kind == "elasticache"]
        reported: set[str] = set()
        for node in caches:
            if _flag(node, "automatic_failover") in FALSE:
                reported.add(node.id)
                yield self._finding(node, "automatic failover is disabled")
        remaining = [node for node in caches if node.id not in reported]
        if not remaining:
            return
        if len(caches) == 1:
            (only,) = caches
            if (
                _flag(only, "automatic_failover") not in TRUE
                and _flag(only, "multi_az") not in TRUE
                and not _REPLICATED.search(only.label)
            ):
                if not (
                    _SINGLE.search(only.label) or sum(g.kind is GroupKind.AZ for g in topology.diagram.groups) >= 2
                ):
                    return  # neither a single node said nor AZs drawn: a sketch of the cache tier
                # Inferred from a replica that is not drawn: a note, not a defect.
                yield self._finding(only, "a single node with no replica drawn", Severity.INFO)
            return
        zones = {topology.az(node) for node in caches}
        if len(zones) == 1 and None not in zones:
            yield self._finding(remaining[0], f"every node is in {next(iter(zones))}")

    @staticmethod
    def _finding(node: Node, reason: str, severity: Severity | None = None) -> Finding:
        return Finding(
            node.span,
            f"ElastiCache '{node.id}' has no Multi-AZ automatic failover ({reason})",
            "use a replication group with a replica in another AZ and automatic failover enabled",
            severity,
        )
