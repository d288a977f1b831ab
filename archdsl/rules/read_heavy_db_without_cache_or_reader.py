"""ARCH304 read-heavy-db-without-cache-or-reader: a busy database with no cache and no read replica."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.catalog import CATALOG, Role
from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import GroupKind, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Databases that take reads on their writer unless replicas or a cache are added: PostgreSQL or Cloud SQL
# as much as a database drawn as such.
WRITER_KINDS: Final = frozenset({"rds", "aurora", "documentdb"}) | CATALOG.instances_of("database")
_REPLICA_ROLES: Final = frozenset({"reader", "replica", "standby"})
MIN_CLIENTS: Final = 2


class ReadHeavyDbWithoutCacheOrReader(Rule):
    """Every read goes to one database writer; there is no cache and no read replica.

    ## What it does
    Reports a database writer (RDS, Aurora, DocumentDB or a generic database) that two or more
    compute nodes, or a compute node in an Auto Scaling group, send requests to, when the diagram
    has no cache (ElastiCache, DAX) and no database reader or replica (``role=reader`` or
    ``replica``), and the writer has no ``read_replicas`` attribute. Information only, and only in
    the 1m phase: the cache or replicas may exist and not be drawn.

    ## Why is this bad?
    Reads usually far outnumber writes. With all of them on the writer, it must be scaled up for
    reads alone, and read bursts slow down writes. Read replicas (Aurora readers) and a cache take
    that load off the writer; at a million users both are the norm.

    ## Example
        alb lb
        ec2 web1
        ec2 web2
        rds db
        lb -> web1, web2
        web1, web2 -> db

    ## Use instead
        alb lb
        ec2 web1
        ec2 web2
        elasticache cache
        aurora writer
        aurora reader [role=reader]
        lb -> web1, web2
        web1, web2 -> cache
        web1, web2 -> writer : "writes"
        web1, web2 -> reader : "reads"
        writer ..> reader : "replication"
    """

    code = "ARCH304"
    name = "read-heavy-db-without-cache-or-reader"
    category = "scalability"
    severities = by_phase(None, None, Severity.INFO)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        for node in diagram.nodes:
            if topology.role(node) is Role.CACHE:
                return
            if topology.role(node) is Role.DATABASE and node.attr("role") in _REPLICA_ROLES:
                return
        clients: dict[str, list[Node]] = {}
        for node in diagram.nodes:
            if not topology.is_compute(node):
                continue
            for target in dict.fromkeys(topology.successors(node.id)):
                clients.setdefault(target, []).append(node)
        fleet_everywhere = any(node.kind == "asg" for node in diagram.nodes)
        for database in diagram.nodes:
            if database.kind not in WRITER_KINDS or database.attr("role") in _REPLICA_ROLES:
                continue
            if (database.attr("read_replicas") or "0").strip() not in ("0", "", "false", "none"):
                continue
            users = clients.get(database.id, [])
            in_fleet = fleet_everywhere or any(
                group.kind is GroupKind.AUTOSCALING_GROUP for user in users for group in diagram.ancestors(user.group)
            )
            if len(users) >= MIN_CLIENTS or (users and in_fleet):
                yield Finding(
                    database.span,
                    f"All reads hit writer '{database.id}'; add read replicas and/or a cache",
                    "add read replicas (Aurora readers) for read traffic and ElastiCache for hot data",
                )
