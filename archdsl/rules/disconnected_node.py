"""ARCH005 disconnected-node: a resource with no edges, neither to itself nor to a group it sits in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from archdsl.catalog import Role
from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Diagram, Group, GroupKind, KindOrigin, Node
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Kinds that are legends, attach by attribute or association, say where things are, or only shape the
# layout; drawn alone they say "this exists here", not "this talks to nothing".
EXEMPT_KINDS: Final = frozenset(
    {
        "actor", "mobile", "junction", "security-group", "nacl", "route-table", "vpc", "subnet", "public-subnet",
        "private-subnet", "az", "igw", "nat", "eip", "target-group", "listener", "launch-template",
    }
)  # fmt: skip
# Account-wide services (IAM, KMS, CloudTrail, GuardDuty, Config, CI/CD) are drawn as "also in use".
EXEMPT_ROLES: Final = frozenset({Role.ACTOR, Role.SECURITY, Role.MONITORING, Role.MANAGEMENT, Role.DEVTOOLS})
# A box that explains the drawing or lists things rather than wiring them.
_LEGEND_TITLE: Final = re.compile(
    r"\b(?:legend|key|notes?|remarks?|annotations?|callouts?|glossary|lists?|inventory|catalog(?:ue)?)\b"
    r"|凡例|注記|備考|メモ|一覧|범례|비고|图例|说明",
    re.IGNORECASE,
)
# A label that is a remark, not a resource: "Rules: ...", "Note ...", bullets, or a paragraph.
_ANNOTATION: Final = re.compile(
    r"^\s*(?:(?:rules?|notes?|benefits?|limitations?|pros|cons|features?|targets?|purpose|why|tips?|warnings?"
    r"|todo|summary|key points|remarks?|assumptions?|constraints?|examples?|settings|outputs?|inputs?"
    r"|variables?|policy|policies|routes?)\s*:|note\b|[-*•・※]|注意|メモ|備考|참고)",
    re.IGNORECASE,
)
_WORD: Final = re.compile(r"[A-Za-z]+")


class DisconnectedNode(Rule):
    """A node is not connected to anything.

    ## What it does
    Reports a node that no edge reaches (of any style: request, dashed, thick or invisible), neither
    the node itself nor a group it sits in: an edge to a subnet or VPC box connects what is inside.
    People and clients, security groups, network ACLs, route tables, subnets and AZs drawn as nodes,
    NAT and internet gateways (placed, then attached by routes), junctions, account-wide services
    (IAM, KMS, CloudTrail, monitoring, CI/CD), nodes of no known kind (steps, spacers, other vendors)
    and remarks written as nodes (``Rules: ...``, ``Note ...``) are skipped. A box is judged as a
    whole: nothing is reported for a legend, notes or list box (``Legend``, ``Notes``, a title in the
    plural such as ``Data stores``, a security group listing its rules), and a box whose nodes are all
    unconnected gets one finding, at the box. Information
    only: the problem is inferred from an edge that is not drawn.

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
    severities = by_phase(Severity.INFO, Severity.INFO, Severity.INFO)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        ends = {end for edge in diagram.edges for end in (edge.source, edge.target)}
        members: dict[str | None, list[Node]] = {}
        lonely: dict[str | None, list[Node]] = {}
        wired_kinds = {node.kind for node in diagram.nodes if node.id in ends}
        for node in diagram.nodes:
            members.setdefault(node.group, []).append(node)
            if node.id in ends or any(group.id in ends for group in diagram.ancestors(node.group)):
                continue
            if node.kind in EXEMPT_KINDS or topology.role(node) in EXEMPT_ROLES or _remark(node):
                continue
            if topology.role(node) is Role.LOAD_BALANCER and node.kind in wired_kinds:
                continue  # one load balancer drawn again in each AZ it spans: a placement, not a second resource
            lonely.setdefault(node.group, []).append(node)
        for group_id, nodes in lonely.items():
            group = diagram.group(group_id) if group_id is not None else None
            if group is None:
                yield from (_finding(node) for node in nodes)
            elif not _lists_things(diagram, group):
                yield _box_finding(group, nodes) if len(nodes) > 1 else _finding(nodes[0])


def _finding(node: Node) -> Finding:
    return Finding(
        node.span,
        f"Node '{node.id}' ({node.kind}) is not connected to anything; connect it or remove it",
        "add the missing relationship or delete the node",
    )


def _box_finding(group: Group, nodes: list[Node]) -> Finding:
    shown = ", ".join(f"'{node.id}'" for node in nodes[:5]) + (", ..." if len(nodes) > 5 else "")
    return Finding(
        group.span,
        f"{len(nodes)} nodes in '{group.label}' ({shown}) are not connected to anything; connect them or remove them",
        "draw how they are used (an edge to the box itself is enough), or title the box as a list or legend",
    )


def _remark(node: Node) -> bool:
    """A node whose kind was guessed (or not found) and whose label reads as a remark or a paragraph
    rather than the name of a thing: a service word inside a remark does not make it that service.
    A node nothing names a kind of (a step, a note, a spacer, another vendor's product) is no resource
    either."""
    if node.kind_origin is KindOrigin.UNKNOWN and node.kind == "generic":
        return True
    if node.kind_origin is not KindOrigin.INFERRED:
        return False
    label = node.label
    return bool(_ANNOTATION.match(label)) or label.count("\n") >= 2 or len(label) > 60


def _lists_things(diagram: Diagram, group: Group) -> bool:
    """Whether the box is a legend, notes or list (by its title or one around it), titled in the plural, or
    a security group (whose nodes are its rules)."""
    if group.kind is GroupKind.SECURITY_GROUP:
        return True
    if any(_LEGEND_TITLE.search(box.label.split("\n", 1)[0]) for box in diagram.ancestors(group.id)):
        return True
    words = _WORD.findall(group.label.split("\n", 1)[0])
    head = words[-1].lower() if words else ""
    # "Data stores", "Security Groups", "VPC Endpoints": a list of things, not one thing.
    return len(head) > 3 and head.endswith("s") and not head.endswith(("ss", "us", "is")) and head not in _NOT_PLURAL


_NOT_PLURAL: Final = frozenset(
    {"premises", "kubernetes", "analytics", "windows", "jenkins", "devops", "sysops", "gitops", "mlops", "logistics"}
)
