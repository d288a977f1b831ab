"""ARCH107 nat-gateway-single-az: private subnets in several AZs share NAT gateways in one AZ."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import SubnetTier
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Subnets without a route to an internet gateway: their egress goes through NAT.
PRIVATE_TIERS: Final = frozenset({SubnetTier.PRIVATE, SubnetTier.DATA})


class NatGatewaySingleAz(Rule):
    """Private subnets in two or more AZs send egress through NAT gateways in a single AZ.

    ## What it does
    Collects the nodes in private (or data) subnets that reach a ``nat`` node over request edges (directly or
    through other nodes). When those nodes sit in two or more AZs but every NAT gateway they reach
    sits in one AZ, reports the first of those NAT gateways. A NAT gateway marked
    ``[mode=regional]`` (a regional NAT gateway spans AZs) silences the rule, and so does a NAT
    gateway outside every AZ (its AZ is unknown).

    ## Why is this bad?
    A NAT gateway lives in one AZ. If it is shared and its AZ goes down, the private subnets of
    every other AZ lose internet access too; traffic from the other AZs also pays cross-AZ data
    charges.

    ## Example
        az a {
          subnet pub-a public { nat nat-a }
          subnet app-a private { ec2 web1 }
        }
        az c { subnet app-c private { ec2 web2 } }
        web1, web2 -> nat-a

    ## Use instead
        az a {
          subnet pub-a public { nat nat-a }
          subnet app-a private { ec2 web1 }
        }
        az c {
          subnet pub-c public { nat nat-c }
          subnet app-c private { ec2 web2 }
        }
        web1 -> nat-a
        web2 -> nat-c
    """

    code = "ARCH107"
    name = "nat-gateway-single-az"
    category = "availability"
    severities = by_phase(None, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        nats = {node.id for node in diagram.nodes if node.kind == "nat"}
        if not nats:
            return
        client_zones: set[str | None] = set()
        used_ids: set[str] = set()
        for node in diagram.nodes:
            if node.kind == "nat" or topology.tier(node) not in PRIVATE_TIERS:
                continue
            reached = topology.reachable(node.id) & nats
            if reached:
                client_zones.add(topology.az(node))
                used_ids |= reached
        if len(client_zones - {None}) < 2:
            return
        used = [node for node in diagram.nodes if node.id in used_ids and node.kind == "nat"]
        if any((nat.attr("mode") or "").strip().lower() == "regional" for nat in used):
            return
        nat_zones = {topology.az(nat) for nat in used}
        if len(nat_zones) != 1 or None in nat_zones:
            return
        (zone,) = nat_zones
        names = ", ".join(f"'{nat.id}'" for nat in used)
        gateways = f"NAT gateway {names}" if len(used) == 1 else f"NAT gateways {names}"
        yield Finding(
            used[0].span,
            f"All private subnets use {gateways} in {zone}; losing {zone} cuts egress for every AZ",
            "put a NAT gateway in each AZ and route each AZ's private subnets to its own (or use a regional NAT)",
        )
