"""ARCH108 elasticache-no-failover: an ElastiCache cache without Multi-AZ automatic failover."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

FALSE: Final = frozenset({"false", "no", "off", "0"})
TRUE: Final = frozenset({"true", "yes", "on", "1"})


def _flag(node: Node, key: str) -> str:
    return (node.attr(key) or "").strip().lower()


class ElasticacheNoFailover(Rule):
    """An ElastiCache cache has no Multi-AZ automatic failover.

    ## What it does
    Reports an ``elasticache`` node marked ``[automatic_failover=false]``. Otherwise all the
    ElastiCache nodes of a diagram are taken as one replication group, and the first of them is
    reported when it is a single node with no replica (unless the node itself says
    ``automatic_failover=true`` or ``multi_az=true``, i.e. it stands for a whole replication
    group), or when every node sits in the same AZ. Nodes whose AZ is not drawn are not judged on
    placement.

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
            if _flag(only, "automatic_failover") not in TRUE and _flag(only, "multi_az") not in TRUE:
                yield self._finding(only, "a single node with no replica")
            return
        zones = {topology.az(node) for node in caches}
        if len(zones) == 1 and None not in zones:
            yield self._finding(remaining[0], f"every node is in {next(iter(zones))}")

    @staticmethod
    def _finding(node: Node, reason: str) -> Finding:
        return Finding(
            node.span,
            f"ElastiCache '{node.id}' has no Multi-AZ automatic failover ({reason})",
            "use a replication group with a replica in another AZ and automatic failover enabled",
        )
