"""ARCH208 plaintext-http-entrypoint: clients reach the service over plain HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import PASS_THROUGH, Topology
from archdsl.model import Edge
from archdsl.rules._base import Context, Finding, Rule, by_phase

_PLAIN: Final = re.compile(r"\b(http|ws|80)\b", re.IGNORECASE)
_SECURE: Final = re.compile(r"\b(https|wss|tls|ssl|443)\b", re.IGNORECASE)
_TRUE: Final = frozenset({"true", "yes", "1"})


class PlaintextHttpEntrypoint(Rule):
    """Clients reach the service over plain HTTP.

    ## What it does
    Reports request edges from users (and on from the DNS, addresses, gateways and firewalls they
    pass) whose label, ``protocol`` or ``port`` says HTTP, WebSocket (``ws``) or port 80 and
    nothing says HTTPS, WSS, TLS, SSL or 443, once per receiving service. A ``redirect_https``
    attribute on the edge or on the receiving node marks an HTTP listener that only redirects to
    HTTPS.

    ## Why is this bad?
    Plain HTTP exposes sessions, credentials and data to anyone on the path and lets them alter
    responses. Terminate HTTPS at CloudFront, the load balancer or API Gateway with an ACM
    certificate and redirect HTTP to HTTPS.

    ## Example
        actor users
        alb lb
        users -> lb : "HTTP"

    ## Use instead
        actor users
        alb lb [redirect_https]
        users -> lb : "HTTPS"
    """

    code = "ARCH208"
    name = "plaintext-http-entrypoint"
    category = "security"
    severities = by_phase(Severity.WARNING, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        # Where client traffic starts: users, and the pass-through services they reach directly.
        sources = {node.id for node in diagram.nodes if topology.is_entry(node)}
        sources |= {node.id for _entry, node, _path in topology.internet_paths() if node.kind in PASS_THROUGH}
        reported: set[str] = set()
        for edge in topology.request_edges:
            if edge.source not in sources or not self._plaintext(edge):
                continue
            for target_id in topology.members(edge.target):
                target = diagram.node(target_id)
                if target is None or topology.role(target) is Role.DNS or topology.is_entry(target):
                    continue
                if (target.attr("redirect_https") or "").lower() in _TRUE:
                    continue
                for server in self._servers(topology, target_id):
                    if server in reported:
                        continue
                    reported.add(server)
                    yield Finding(
                        edge.span,
                        f"'{server}' accepts plain HTTP from clients",
                        "serve HTTPS with an ACM certificate and redirect HTTP to HTTPS "
                        "(CloudFront: viewer protocol policy redirect-to-https)",
                    )

    @staticmethod
    def _plaintext(edge: Edge) -> bool:
        if (edge.attr("redirect_https") or "").lower() in _TRUE:
            return False
        text = " ".join([edge.label, edge.attr("protocol") or "", edge.attr("port") or ""])
        return bool(_PLAIN.search(text)) and not _SECURE.search(text)

    @staticmethod
    def _servers(topology: Topology, start: str) -> list[str]:
        """``start``, or when it only passes requests on (a gateway, a firewall), what it passes them to."""
        diagram = topology.diagram
        node = diagram.node(start)
        if node is None or node.kind not in PASS_THROUGH:
            return [start]
        found: list[str] = []
        seen = {start}
        frontier = [start]
        while frontier:
            for next_id in topology.successors(frontier.pop(0)):
                following = diagram.node(next_id)
                if following is None or next_id in seen:
                    continue
                seen.add(next_id)
                if following.kind in PASS_THROUGH:
                    frontier.append(next_id)
                elif topology.role(following) is not Role.DNS and not topology.is_entry(following):
                    found.append(next_id)
        return found or [start]
