"""The typed architecture model: diagrams, nodes, groups and edges, each with its source span."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Direction(StrEnum):
    """Layout direction of a diagram (Mermaid's ``TD`` is ``TB``)."""

    TB = "TB"
    BT = "BT"
    LR = "LR"
    RL = "RL"


class Dialect(StrEnum):
    """The language a diagram was written in."""

    ARCHDSL = "archdsl"
    MERMAID = "mermaid"


class GroupKind(StrEnum):
    """What a group stands for; placement boundaries and resource boxes."""

    CLOUD = "cloud"
    ACCOUNT = "account"
    REGION = "region"
    VPC = "vpc"
    AZ = "az"
    SUBNET = "subnet"
    SECURITY_GROUP = "security-group"
    AUTOSCALING_GROUP = "autoscaling-group"
    ON_PREMISES = "on-premises"
    GENERIC = "generic"


class SubnetTier(StrEnum):
    """Whether a subnet is reachable from the internet."""

    PUBLIC = "public"
    PRIVATE = "private"
    DATA = "data"


class EdgeStyle(StrEnum):
    """How an edge is drawn."""

    SOLID = "solid"
    DASHED = "dashed"
    THICK = "thick"
    INVISIBLE = "invisible"


class EdgeDirection(StrEnum):
    """Which ends of an edge carry an arrowhead."""

    FORWARD = "forward"
    BOTH = "both"
    NONE = "none"


class KindOrigin(StrEnum):
    """How a node's kind was decided: written by the user, inferred from text, or not found."""

    EXPLICIT = "explicit"
    HINT = "hint"
    INFERRED = "inferred"
    UNKNOWN = "unknown"


class Scope(StrEnum):
    """What a diagram draws, which decides the rules that apply to it."""

    AWS = "aws"  # an AWS runtime architecture: every rule
    CLOUD = "cloud"  # another cloud's or a vendor-neutral runtime architecture
    DELIVERY = "delivery"  # CI/CD pipelines, infrastructure-as-code modules
    DATA = "data"  # data pipelines: ingest, transform, store
    OTHER = "other"  # processes, code structure, concepts


RUNTIME_SCOPES: frozenset[Scope] = frozenset({Scope.AWS, Scope.CLOUD})
"""The scopes that draw a running system, where architecture rules make sense."""

ALL_SCOPES: frozenset[Scope] = frozenset(Scope)
"""Every scope: reading checks run on all of them."""


class SuppressionScope(StrEnum):
    """The reach of an inline lint suppression."""

    LINE = "line"
    NEXT_LINE = "next-line"
    BLOCK_START = "block-start"
    BLOCK_END = "block-end"
    FILE = "file"


_TIERS = frozenset(tier.value for tier in SubnetTier)


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A 1-based, end-exclusive region in the file the user edits."""

    line: int
    column: int
    end_line: int
    end_column: int

    def contains_line(self, line: int) -> bool:
        """Whether ``line`` falls within this span."""
        return self.line <= line <= self.end_line


@dataclass(frozen=True, slots=True)
class Attribute:
    """One ``key=value`` attribute as written."""

    key: str
    value: str
    span: Span


def _attribute(attributes: tuple[Attribute, ...], key: str) -> str | None:
    for attribute in reversed(attributes):
        if attribute.key == key:
            return attribute.value
    return None


@dataclass(frozen=True, slots=True)
class Mention:
    """A place where a node's id is written, and the group whose body it is written in."""

    group: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Node:
    """A resource or actor drawn as one icon."""

    id: str
    kind: str
    label: str
    group: str | None
    span: Span
    attributes: tuple[Attribute, ...] = ()
    kind_origin: KindOrigin = KindOrigin.EXPLICIT
    kind_text: str = ""  # the deciding words
    mentions: tuple[Mention, ...] = ()
    kind_basis: str = ""  # where the deciding words were found: "hint", "class", "id", "label", "label line 2"

    def attr(self, key: str) -> str | None:
        """The value of the last attribute named ``key``, if any."""
        return _attribute(self.attributes, key)


@dataclass(frozen=True, slots=True)
class Group:
    """A box around nodes and other groups: region, VPC, AZ, subnet and the like."""

    id: str
    kind: GroupKind
    label: str
    parent: str | None
    span: Span
    attributes: tuple[Attribute, ...] = ()

    def attr(self, key: str) -> str | None:
        """The value of the last attribute named ``key``, if any."""
        return _attribute(self.attributes, key)

    @property
    def tier(self) -> SubnetTier | None:
        """The subnet tier when it is known."""
        value = self.attr("tier")
        return SubnetTier(value) if value in _TIERS else None


@dataclass(frozen=True, slots=True)
class Edge:
    """A connection between two nodes (or groups)."""

    source: str
    target: str
    label: str
    span: Span
    style: EdgeStyle = EdgeStyle.SOLID
    direction: EdgeDirection = EdgeDirection.FORWARD
    attributes: tuple[Attribute, ...] = ()
    source_span: Span | None = None
    target_span: Span | None = None
    label_span: Span | None = None

    def attr(self, key: str) -> str | None:
        """The value of the last attribute named ``key``, if any."""
        return _attribute(self.attributes, key)


@dataclass(frozen=True, slots=True)
class Suppression:
    """An inline ``archdsl: disable`` directive."""

    codes: tuple[str, ...]
    reason: str
    scope: SuppressionScope
    span: Span


@dataclass(frozen=True, slots=True)
class Source:
    """Where a diagram's text lives in the file the user edits."""

    path: str
    dialect: Dialect
    start_line: int
    end_line: int
    heading: str | None = None
    info: str = ""


CIDR_LABEL: re.Pattern[str] = re.compile(r"[\d.]+/\d+")
"""A VPC or subnet label that reads as an IPv4 CIDR block: the DSL also records it as ``cidr=``."""

MAX_GROUP_DEPTH: int = 64
"""How deep groups may nest (a real account/region/VPC/AZ/subnet stack is under ten); deeper input is an error."""

PHASES: tuple[str, ...] = ("prototype", "10k", "1m")
"""The growth phases a diagram can declare, smallest first; rules grade their severity by them."""


@dataclass(frozen=True, slots=True)
class Diagram:
    """One architecture diagram: a ``.arch`` file or one fence in a Markdown note."""

    source: Source
    span: Span
    title: str = ""
    direction: Direction = Direction.TB
    phase: str | None = None
    nodes: tuple[Node, ...] = ()
    groups: tuple[Group, ...] = ()
    edges: tuple[Edge, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    scope: Scope = Scope.AWS
    scope_reason: str = ""  # why the scope was chosen, in the user's words
    _nodes: dict[str, Node] = field(default_factory=dict, init=False, compare=False, repr=False)
    _groups: dict[str, Group] = field(default_factory=dict, init=False, compare=False, repr=False)

    def node(self, node_id: str) -> Node | None:
        """The node called ``node_id``, if any."""
        if not self._nodes:
            self._nodes.update((node.id, node) for node in reversed(self.nodes))
        return self._nodes.get(node_id)

    def group(self, group_id: str) -> Group | None:
        """The group called ``group_id``, if any."""
        if not self._groups:
            self._groups.update((group.id, group) for group in reversed(self.groups))
        return self._groups.get(group_id)

    def ancestors(self, group_id: str | None) -> list[Group]:
        """``group_id`` and its enclosing groups, innermost first."""
        chain: list[Group] = []
        seen: set[str] = set()
        while group_id is not None and group_id not in seen:
            seen.add(group_id)
            found = self.group(group_id)
            if found is None:
                break
            chain.append(found)
            group_id = found.parent
        return chain
