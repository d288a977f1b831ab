"""ARCH302 aurora-replica-limit: more Aurora readers than one cluster can have."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import EdgeStyle, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

MAX_READERS: Final = 15
_READER_ROLES: Final = frozenset({"reader", "replica"})


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None


class AuroraReplicaLimit(Rule):
    """An Aurora cluster has more than 15 readers.

    ## What it does
    Counts the Aurora readers (``role=reader`` or ``replica``) of each cluster and reports clusters
    with more than 15. A reader belongs to the cluster named by its ``cluster`` attribute, else to
    the writer it is joined to by an edge (replication, usually dashed), else to the only writer
    of the diagram. A reader node with ``count=N`` stands for N readers; ``readers=N`` on the
    writer says how many it has.

    ## Why is this bad?
    An Aurora DB cluster has one writer and at most 15 Aurora Replicas; the design cannot be built.
    Scale reads further with a cache (ElastiCache) or split the data over several clusters.

    ## Example
        aurora writer
        aurora readers [role=reader, count=16]
        writer ..> readers : "replication"

    ## Use instead
        aurora writer
        aurora readers [role=reader, count=4]
        elasticache cache
        writer ..> readers : "replication"
    """

    code = "ARCH302"
    name = "aurora-replica-limit"
    category = "scalability"
    severities = by_phase(Severity.ERROR, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        aurora = [node for node in diagram.nodes if node.kind == "aurora"]
        readers = [node for node in aurora if node.attr("role") in _READER_ROLES]
        writers = [node for node in aurora if node not in readers]
        # cluster name -> (the node to report at, readers counted)
        clusters: dict[str, tuple[Node, int]] = {}
        for writer in writers:
            key = writer.attr("cluster") or writer.id
            if key not in clusters:
                clusters[key] = (writer, 0)
            declared = _number(writer.attr("readers")) or _number(writer.attr("replicas"))
            if declared is not None:
                clusters[key] = (clusters[key][0], max(clusters[key][1], declared))
        drawn: dict[str, int] = {}
        for reader in readers:
            cluster = self._cluster_of(topology, reader, writers)
            if cluster is None:
                continue
            clusters.setdefault(cluster, (reader, 0))
            drawn[cluster] = drawn.get(cluster, 0) + (_number(reader.attr("count")) or 1)
        for key, (anchor, declared) in clusters.items():
            count = max(declared, drawn.get(key, 0))
            if count > MAX_READERS:
                yield Finding(
                    anchor.span,
                    f"Aurora cluster '{key or anchor.id}' has {count} readers; the maximum is {MAX_READERS}",
                    f"keep at most {MAX_READERS} readers; add ElastiCache for hot reads or split the data "
                    "over several clusters",
                )

    @staticmethod
    def _cluster_of(topology: Topology, reader: Node, writers: list[Node]) -> str | None:
        named = reader.attr("cluster")
        if named is not None:
            return named
        ids = {writer.id: writer for writer in writers}
        for edge in topology.diagram.edges:
            if edge.style is EdgeStyle.INVISIBLE:
                continue
            other = edge.target if edge.source == reader.id else edge.source if edge.target == reader.id else None
            if other in ids:
                return ids[other].attr("cluster") or other
        if len(writers) == 1:
            return writers[0].attr("cluster") or writers[0].id
        return None if writers else ""  # readers drawn without their writer: one unnamed cluster
