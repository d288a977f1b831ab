"""ARCH305 unused-read-replica: a database reader that nothing reads from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import EdgeStyle
from archdsl.rules._base import Context, Finding, Rule, by_phase

REPLICA_KINDS: Final = frozenset({"aurora", "rds"})
_READER_ROLES: Final = frozenset({"reader", "replica"})
_TRUE: Final = frozenset({"true", "yes", "1"})


class UnusedReadReplica(Rule):
    """An Aurora reader or RDS read replica receives no read traffic.

    ## What it does
    Reports Aurora and RDS nodes with ``role=reader`` or ``replica`` that no edge reaches from
    anything but another database, over an edge of any style but invisible (reads are often drawn
    dashed; edges labelled replication do not count). A replica kept only as a failover target can
    say so with ``failover=true`` (or ``role=failover``).

    ## Why is this bad?
    A replica costs as much as the writer. If the application never sends reads to the reader
    endpoint, the writer carries all the load while the replica idles; if it exists only for high
    availability, the diagram should say so.

    ## Example
        ec2 web
        aurora writer
        aurora reader [role=reader]
        web -> writer
        writer ..> reader : "replication"

    ## Use instead
        ec2 web
        aurora writer
        aurora reader [role=reader]
        web -> writer : "writes"
        web -> reader : "reads"
        writer ..> reader : "replication"
    """

    code = "ARCH305"
    name = "unused-read-replica"
    category = "scalability"
    severities = by_phase(Severity.INFO, Severity.INFO, Severity.INFO)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        read: set[str] = set()
        # Reads are often drawn dashed (``web -.->|reads| reader``): every visible edge counts.
        for edge in diagram.edges:
            if edge.style is EdgeStyle.INVISIBLE or "replicat" in edge.label.lower():
                continue
            source = diagram.node(edge.source)
            if source is not None and topology.is_datastore(source):
                continue  # a writer feeding its replica: replication, not reads
            read.update(topology.members(edge.target))
        for node in diagram.nodes:
            if node.kind not in REPLICA_KINDS or node.attr("role") not in _READER_ROLES or node.id in read:
                continue
            if (node.attr("failover") or "").lower() in _TRUE:
                continue
            yield Finding(
                node.span,
                f"Reader '{node.id}' receives no read traffic in the diagram",
                "send reads to the reader endpoint, or mark it [failover=true] if it exists only for high availability",
            )
