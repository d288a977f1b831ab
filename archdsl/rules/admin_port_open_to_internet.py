"""ARCH203 admin-port-open-to-internet: SSH or RDP from the internet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.rules._base import Context, Finding, Rule, by_phase

_ADMIN: Final = re.compile(r"\b(ssh|22|rdp|3389)\b", re.IGNORECASE)


class AdminPortOpenToInternet(Rule):
    """SSH or RDP is open to the internet.

    ## What it does
    Reports edges from users (or the internet) whose label or ``port`` attribute names SSH, RDP,
    port 22 or port 3389.

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
        for edge in diagram.edges:
            source = diagram.node(edge.source)
            if source is None or not topology.is_entry(source):
                continue
            text = f"{edge.label} {edge.attr('port') or ''} {edge.attr('protocol') or ''}"
            found = _ADMIN.search(text)
            if found:
                yield Finding(
                    edge.span,
                    f"'{edge.source}' reaches '{edge.target}' over {found[1]} from the internet",
                    "use SSM Session Manager or a VPN instead of opening SSH/RDP",
                )
