"""ARCH005 disconnected-node: a node with no edges at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Kinds that are legends, attach by attribute or only shape the layout.
EXEMPT_KINDS: Final = frozenset({"actor", "security-group", "nacl", "junction"})


class DisconnectedNode(Rule):
    """A node is not connected to anything.

    ## What it does
    Reports every node that is neither the source nor the target of any edge (of any style:
    request, dashed, thick or invisible). Actors, security groups, network ACLs and junctions are
    skipped: they are legends, attach by attribute, or only shape the layout.

    ## Why is this bad?
    A resource that talks to nothing is either a leftover from an earlier version of the design or a
    relationship somebody forgot to draw; either way the diagram no longer says how the system works.

    ## Example
        alb lb
        ec2 web
        rds old
        lb -> web

    ## Use instead
        alb lb
        ec2 web
        rds db
        lb -> web -> db
    """

    code = "ARCH005"
    name = "disconnected-node"
    category = "hygiene"
    severities = by_phase(Severity.WARNING, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        connected = {end for edge in diagram.edges for end in (edge.source, edge.target)}
        for node in diagram.nodes:
            if node.id in connected or node.kind in EXEMPT_KINDS:
                continue
            yield Finding(
                node.span,
                f"Node '{node.id}' ({node.kind}) is not connected to anything; connect it or remove it",
                "add the missing relationship or delete the node",
            )
