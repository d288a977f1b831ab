"""ARCH105 aurora-no-cross-az-replica: no Aurora reader outside the writer's AZ."""

from __future__ import annotations

from collections.abc import Iterator

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.rules._base import Context, Finding, Rule, by_phase


class AuroraNoCrossAzReplica(Rule):
    """An Aurora writer has no reader in another availability zone.

    ## What it does
    Reports each Aurora writer (an Aurora node whose role is not ``reader``) when no Aurora reader
    sits in a different AZ group.

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
        aurora = [node for node in topology.diagram.nodes if node.kind == "aurora"]
        readers = [node for node in aurora if node.attr("role") in ("reader", "replica")]
        for writer in aurora:
            if writer in readers:
                continue
            zone = topology.az(writer)
            if any(topology.az(reader) not in (None, zone) for reader in readers):
                continue
            where = f"outside {zone}" if zone else "in another AZ"
            yield Finding(
                writer.span,
                f"Aurora cluster '{writer.id}' has no reader {where}; failover has no other-AZ target",
                "add an Aurora reader in a second AZ group",
            )
