"""ARCH203 admin-port-open-to-internet: SSH or RDP from the internet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import GroupKind
from archdsl.rules._base import Context, Finding, Rule, by_phase

_ADMIN: Final = re.compile(r"\b(ssh|22|rdp|3389)\b", re.IGNORECASE)
_BASTION: Final = re.compile(r"bastion|jump\s*(?:box|host|server)|\u8e0f\u307f\u53f0", re.IGNORECASE)
# The edge says the admin port is not open to the internet: a VPN, Session Manager, an allow-list.
_NOT_OPEN: Final = re.compile(
    r"\bvpn\b|session\s*manager|\bssm\b|direct\s*connect|instance\s*connect|allow-?list|whitelist|office\s*ip"
    r"|my\s*ip|restricted|private\s*link",
    re.IGNORECASE,
)


class AdminPortOpenToInternet(Rule):
    """SSH or RDP is open to the internet.

    ## What it does
    Reports edges from users (or the internet) whose label or ``port`` attribute names SSH, RDP,
    port 22 or port 3389. An error when the edge reaches an application host; a warning when it
    reaches a bastion or jump host, whose job is to take SSH (usually from a restricted range).
    Edges that say how the port is kept off the internet (VPN, Session Manager, SSM, Instance
    Connect, Direct Connect, an allow-list or a restricted range), and people drawn inside an
    on-premises network box, are not reported.

    ## Why is this bad?
    Internet-facing admin ports are scanned constantly and brute-forced; one weak key or password
    is a full compromise.

    ## Example
        actor admin
        ec2 web
        admin -> web : "SSH"

    ## Use instead
        actor admin
        session-manager ssm
        ec2 web
        admin -> ssm -> web : "Session Manager"
    """

    code = "ARCH203"
    name = "admin-port-open-to-internet"
    category = "security"
    severities = by_phase(Severity.WARNING, Severity.ERROR, Severity.ERROR)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        reported: set[str] = set()  # the open port is the target's: one finding however many people use it
        for edge in diagram.edges:
            if edge.target in reported:
                continue
            source = diagram.node(edge.source)
            if source is None or not topology.is_entry(source):
                continue
            if any(group.kind is GroupKind.ON_PREMISES for group in diagram.ancestors(source.group)):
                continue
            text = f"{edge.label} {edge.attr('port') or ''} {edge.attr('protocol') or ''}"
            found = _ADMIN.search(text)
            if not found or _NOT_OPEN.search(text):
                continue
            target = diagram.node(edge.target)
            bastion = target is not None and (target.kind == "bastion" or _BASTION.search(target.label) is not None)
            reported.add(edge.target)
            yield Finding(
                edge.span,
                f"'{edge.source}' reaches '{edge.target}' over {found[1]} from the internet",
                "use SSM Session Manager or a VPN instead of opening SSH/RDP",
                Severity.WARNING if bastion else None,
            )
