"""ARCH207 internet-facing-without-waf: users reach a CDN, load balancer or API with no WAF in front."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import PASS_THROUGH, Topology
from archdsl.model import EdgeStyle, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Front doors AWS WAF attaches to; NLBs, gateway LBs and classic ELBs cannot carry a web ACL.
WAF_TARGETS: Final = frozenset({"cloudfront", "alb", "apigw"})
_OFF: Final = frozenset({"", "false", "no", "none", "0"})


class InternetFacingWithoutWaf(Rule):
    """An internet-facing CloudFront distribution, ALB or API Gateway has no WAF.

    ## What it does
    Follows requests from users through DNS, addresses and gateways to the first CloudFront
    distribution, Application Load Balancer or API Gateway, and reports it when no ``waf`` node is
    on the way, none is attached to it by an edge, and it has no ``waf`` attribute. Internal load
    balancers (``internal``) and doors behind another door are not reported. Information only,
    and only in the 1m phase: a web ACL is rarely drawn even where it is attached.

    ## Why is this bad?
    Without a web ACL, SQL injection, cross-site scripting, known bad inputs, bots and request
    floods reach the application unfiltered; AWS managed rule groups and rate-based rules stop
    most of them at the edge for little cost.

    ## Example
        actor users
        cloudfront cdn
        alb lb
        users -> cdn -> lb

    ## Use instead
        actor users
        waf firewall
        cloudfront cdn
        alb lb
        users -> firewall -> cdn -> lb
    """

    code = "ARCH207"
    name = "internet-facing-without-waf"
    category = "security"
    severities = by_phase(None, None, Severity.INFO)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        attached = self._attached(topology)
        reported: set[str] = set()
        for entry in diagram.nodes:
            if not topology.is_entry(entry):
                continue
            seen = {entry.id}
            frontier = [entry.id]
            while frontier:
                for next_id in topology.successors(frontier.pop(0)):
                    node = diagram.node(next_id)
                    if node is None or next_id in seen:
                        continue
                    seen.add(next_id)
                    if node.kind in WAF_TARGETS:
                        if node.id not in reported and node.id not in attached and self._unprotected(node):
                            reported.add(node.id)
                            yield Finding(
                                node.span,
                                f"Internet-facing '{node.id}' has no AWS WAF web ACL",
                                f"associate a WAF web ACL (AWS managed rule groups, rate limits) with '{node.id}'",
                            )
                    elif node.kind in PASS_THROUGH and node.kind != "waf":
                        frontier.append(next_id)

    @staticmethod
    def _attached(topology: Topology) -> set[str]:
        """Nodes a WAF is drawn next to, by an edge of any style but invisible, in either direction."""
        diagram = topology.diagram
        attached: set[str] = set()
        for edge in diagram.edges:
            if edge.style is EdgeStyle.INVISIBLE:
                continue
            for one, other in ((edge.source, edge.target), (edge.target, edge.source)):
                node = diagram.node(one)
                if node is not None and node.kind == "waf":
                    attached.update(topology.members(other))
        return attached

    @staticmethod
    def _unprotected(node: Node) -> bool:
        if (node.attr("waf") or node.attr("web_acl") or "").lower() not in _OFF:
            return False
        return (node.attr("scheme") or "").lower() != "internal" and (node.attr("internal") or "").lower() != "true"
