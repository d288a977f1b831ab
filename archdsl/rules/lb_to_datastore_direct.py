"""ARCH202 lb-to-datastore-direct: a load balancer, API gateway or CDN sends requests straight to a database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.catalog import CATALOG
from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Edge
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Front doors with no business logic of their own. AppSync is left out: its resolvers talk to
# databases (Aurora Data API, DynamoDB) by design; users reaching a database are ARCH201's.
# A self-hosted "load balancer" (nginx, HAProxy) is often the web server too: only AWS's count.
FRONT_DOORS: Final = frozenset({"alb", "nlb", "elb", "apigw", "cloudfront"})
# Server-based data stores that only the application tier should talk to; DynamoDB and other
# API-only stores are left out (API Gateway integrates with DynamoDB by design).
SERVER_DATASTORES: Final = frozenset(
    {"rds", "aurora", "elasticache", "redshift", "documentdb", "neptune"}
) | CATALOG.instances_of("database", "cache")


class LbToDatastoreDirect(Rule):
    """A load balancer, API gateway or CDN sends requests straight to a database or cache.

    ## What it does
    Reports request edges from a load balancer, API Gateway or CloudFront directly to a relational
    database, an in-memory cache or a data warehouse (RDS, Aurora, ElastiCache, Redshift,
    DocumentDB, Neptune or a generic database or cache), with no application tier in between.
    One finding per front door, at its first such edge, naming every data store it reaches: an
    arrow into a data subnet that holds a primary, a standby and a cache is one mistake, not
    three. Users that reach a database directly are reported by ARCH201.

    ## Why is this bad?
    The database's security group must then admit the load balancer, so anything that reaches the
    front door can speak SQL or Redis; there is no business logic to validate, authorise or
    throttle requests, and the data tier cannot be isolated in private subnets.

    ## Example
        actor users
        alb lb
        rds db
        users -> lb -> db

    ## Use instead
        actor users
        alb lb
        ec2 web
        rds db
        users -> lb -> web -> db
    """

    code = "ARCH202"
    name = "lb-to-datastore-direct"
    category = "security"
    severities = by_phase(Severity.ERROR, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        found: dict[str, tuple[Edge, list[str]]] = {}  # front door -> (first edge, data stores)
        for edge in topology.request_edges:
            source = diagram.node(edge.source)
            if source is None or source.kind not in FRONT_DOORS:
                continue
            for target_id in topology.members(edge.target):
                target = diagram.node(target_id)
                if target is None or target.kind not in SERVER_DATASTORES:
                    continue
                _first, stores = found.setdefault(source.id, (edge, []))
                if target.id not in stores:
                    stores.append(target.id)
        for source_id, (edge, stores) in found.items():
            names = ", ".join(f"'{store}'" for store in stores)
            what = "database" if len(stores) == 1 else "data stores"
            yield Finding(
                edge.span,
                f"'{source_id}' talks to {what} {names} directly, skipping the application tier",
                "route requests through the application tier; only its security group may reach the database",
            )
