"""ARCH201 datastore-publicly-accessible: a database or cache reachable from the internet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import SubnetTier
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Data stores that are HTTPS APIs signed with IAM: clients calling them directly is a design (Amplify,
# Cognito identity pools), not a database left open.
API_DATASTORES: Final = frozenset({"dynamodb", "timestream", "qldb", "keyspaces"})


class DatastorePubliclyAccessible(Rule):
    """A database or cache is reachable from the internet.

    ## What it does
    Reports databases and caches that users reach directly (through nothing but DNS, addresses,
    gateways and firewalls), that sit in a public subnet, or that are marked ``public``. DynamoDB
    and other data stores that are IAM-signed HTTPS APIs are not reported for being called by
    clients.

    ## Why is this bad?
    Data stores should only be reachable from the application tier. An internet-facing database
    is exposed to credential stuffing, exploits and data theft.

    ## Example
        actor users
        subnet pub public { rds db }
        users -> db

    ## Use instead
        actor users
        alb lb
        subnet app private { ec2 web }
        subnet data private { rds db }
        users -> lb -> web -> db
    """

    code = "ARCH201"
    name = "datastore-publicly-accessible"
    category = "security"
    severities = by_phase(Severity.ERROR, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        reported: set[str] = set()
        for entry, node, _path in topology.internet_paths():
            if topology.is_datastore(node) and node.id not in reported and node.kind not in API_DATASTORES:
                reported.add(node.id)
                yield Finding(
                    node.span,
                    f"{node.kind} '{node.id}' is reachable from the internet ({entry.id})",
                    "keep databases in private subnets, reached only from the application tier",
                )
        for node in topology.diagram.nodes:
            if node.id in reported or not topology.is_datastore(node):
                continue
            if topology.tier(node) is SubnetTier.PUBLIC or node.attr("public") == "true":
                reported.add(node.id)
                yield Finding(
                    node.span,
                    f"{node.kind} '{node.id}' is in a public subnet or marked public",
                    "move it to a private subnet and turn off public access",
                )
