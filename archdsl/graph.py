"""Facts rules ask of a diagram: roles, placement (AZ, subnet tier), request paths from the internet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

from archdsl.catalog import CATALOG, Catalog, Role
from archdsl.model import Diagram, Edge, EdgeStyle, GroupKind, KindOrigin, Node, SubnetTier

COMPUTE_ROLES: Final = frozenset({Role.COMPUTE, Role.CONTAINER, Role.SERVERLESS})
FRONT_DOORS: Final = frozenset({Role.LOAD_BALANCER, Role.API, Role.CDN})
DATASTORE_ROLES: Final = frozenset({Role.DATABASE, Role.CACHE})
# Services a request passes through on its way in without anything standing in front of the target.
PASS_THROUGH: Final = frozenset({"route53", "eip", "igw", "waf", "shield", "nat", "vpc-endpoint"})
MONITORING_KINDS: Final = frozenset(
    {"cloudwatch", "cloudwatch-logs", "cloudwatch-alarm", "xray", "managed-prometheus", "managed-grafana"}
)


@dataclass
class Topology:
    """A diagram seen as a graph, with the derived predicates of the rule catalogue."""

    diagram: Diagram
    catalog: Catalog = CATALOG
    _successors: dict[str, list[str]] = field(default_factory=dict, init=False)

    def role(self, node: Node) -> Role:
        """The role of a node's kind (generic when the kind is unknown)."""
        service = self.catalog.lookup(node.kind)
        return service.role if service is not None else Role.GENERIC

    def is_compute(self, node: Node) -> bool:
        """Whether a node runs code that serves requests; a person or client never does, whatever its kind."""
        return self.role(node) in COMPUTE_ROLES and node.kind != "asg" and not self.is_entry(node)

    def is_datastore(self, node: Node) -> bool:
        return self.role(node) in DATASTORE_ROLES

    def is_entry(self, node: Node) -> bool:
        """Where requests start: people and clients (``actor``, ``mobile``), and a node whose label names
        one (``Users``, ``Web Browser``, ``Internet``) even when its kind was guessed as something else."""
        if self.role(node) is Role.ACTOR:
            return True
        if node.kind_origin in (KindOrigin.EXPLICIT, KindOrigin.HINT) and node.kind != "generic":
            return False
        return self.role(node) in _MAY_BE_A_CLIENT and names_a_client(node.label or node.id)

    @cached_property
    def request_edges(self) -> list[Edge]:
        """Edges that carry requests: not dashed (metrics, replication), not invisible, not to monitoring."""
        edges = []
        for edge in self.diagram.edges:
            if edge.style in (EdgeStyle.DASHED, EdgeStyle.INVISIBLE):
                continue
            target = self.diagram.node(edge.target)
            if target is not None and target.kind in MONITORING_KINDS:
                continue
            if "replicat" in edge.label.lower():
                continue
            edges.append(edge)
        return edges

    def successors(self, node_id: str) -> list[str]:
        """Where requests from ``node_id`` go next (group targets expand to the nodes inside)."""
        if not self._successors:
            for edge in self.request_edges:
                for target in self.members(edge.target):
                    self._successors.setdefault(edge.source, []).append(target)
        return self._successors.get(node_id, [])

    def members(self, element: str) -> list[str]:
        """A node id as itself; a group id as every node inside it."""
        if self.diagram.node(element) is not None:
            return [element]
        inside = {element}
        for group in self.diagram.groups:
            if any(ancestor.id in inside for ancestor in self.diagram.ancestors(group.parent)):
                inside.add(group.id)
        return [node.id for node in self.diagram.nodes if node.group in inside]

    def is_public_name(self, node: Node) -> bool:
        """A Route 53 record: whoever resolves it comes from the internet, drawn or not."""
        return node.kind == "route53"

    def internet_paths(self, from_dns: bool = False) -> Iterator[tuple[Node, Node, list[Node]]]:
        """(entry, node, path between) for every node a request from an actor reaches directly:
        through nothing but DNS, addresses, gateways and firewalls. With ``from_dns``, a Route 53
        record is an entry too (the clients that resolve it are often not drawn, or drawn as a box
        of no known kind)."""
        for entry in self.diagram.nodes:
            if not (self.is_entry(entry) or (from_dns and self.is_public_name(entry))):
                continue
            seen = {entry.id}
            frontier: list[tuple[str, list[Node]]] = [(entry.id, [])]
            while frontier:
                current, path = frontier.pop(0)
                for next_id in self.successors(current):
                    node = self.diagram.node(next_id)
                    if node is None or next_id in seen:
                        continue
                    seen.add(next_id)
                    yield entry, node, path
                    if node.kind in PASS_THROUGH:
                        frontier.append((next_id, [*path, node]))

    def reachable(self, start: str) -> set[str]:
        """Every node a request from ``start`` can reach."""
        seen: set[str] = set()
        frontier = [start]
        while frontier:
            for next_id in self.successors(frontier.pop()):
                if next_id not in seen:
                    seen.add(next_id)
                    frontier.append(next_id)
        return seen

    def az(self, node: Node) -> str | None:
        """The AZ group a node sits in (or its ``az`` attribute)."""
        for group in self.diagram.ancestors(node.group):
            if group.kind is GroupKind.AZ:
                return group.id
        return node.attr("az")

    def tier(self, node: Node) -> SubnetTier | None:
        """The tier of the subnet a node sits in."""
        for group in self.diagram.ancestors(node.group):
            if group.kind is GroupKind.SUBNET:
                return group.tier
        return None

    @cached_property
    def has_az_groups(self) -> bool:
        return any(group.kind is GroupKind.AZ for group in self.diagram.groups)


# Kinds a guess may have given to a box that is really a person or a client.
_MAY_BE_A_CLIENT: Final = frozenset({Role.COMPUTE, Role.CONTAINER, Role.SERVERLESS, Role.GENERIC})
# The head word of a label that names people or clients; "User Service" and "Admin Portal" do not.
_CLIENT_HEADS: Final = frozenset(
    {
        "user", "users", "enduser", "endusers", "client", "clients", "customer", "customers", "visitor",
        "visitors", "browser", "browsers", "internet", "admin", "admins", "administrator", "administrators",
        "developer", "developers", "operator", "operators", "engineer", "engineers", "staff", "employees",
        "public", "people", "player", "players", "consumer", "consumers", "readers", "editors", "analysts",
        "me", "usuario", "usuarios", "cliente", "clientes", "desarrollador", "desarrolladores",
    }
)  # fmt: skip
_CLIENT_SUFFIXES: Final = (
    "利用者", "ユーザー", "ユーザ", "管理者", "開発者", "顧客", "来訪者", "訪問者", "お客様",
    "사용자", "개발자", "관리자", "用户", "客户端",
)  # fmt: skip
_ASIDE: Final = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_WORD: Final = re.compile(r"[A-Za-z]+|[^\x00-\x7f\W]+")
_CAMEL: Final = re.compile(r"(?<=[a-z])(?=[A-Z])")


def names_a_client(text: str) -> bool:
    """Whether the first line of a label (or an id) names people or clients by its head word."""
    first = _ASIDE.sub(" ", text.strip().split("\n", 1)[0])
    words = _WORD.findall(_CAMEL.sub(" ", first))
    if not words:
        return False
    head = words[-1]
    return head.lower() in _CLIENT_HEADS or head.endswith(_CLIENT_SUFFIXES)


# Other monitoring than CloudWatch: products, and words that say metrics, logs or alerts are collected.
_MONITORING_WORDS: Final = re.compile(
    r"\b(?:prometheus|grafana|datadog|new\s?relic|log\s?analytics|azure\s?monitor|app(?:lication)?\s?insights"
    r"|splunk|kibana|elasticsearch|elk|loki|jaeger|zipkin|opentelemetry|otel|sentry|dynatrace|stackdriver"
    r"|monitor(?:ing|s)?|metrics?|logs?|logging|observability|alerts?|alerting|alarms?|dashboards?|tracing|apm)\b"
    r"|監視|モニタリング|ログ|メトリクス",
    re.IGNORECASE,
)


def mentions_monitoring(text: str) -> bool:
    """Whether a label says that something monitors, logs or measures."""
    return bool(_MONITORING_WORDS.search(text))


_AUTOSCALING: Final = re.compile(
    r"\bauto[\s_-]?scal\w*|\basgs?\b|\bhpa\b|horizontal\s+pod\s+autoscal\w*|\bkarpenter\b|target[\s-]tracking"
    r"|オートスケーリング|オートスケール|自動スケーリング",
    re.IGNORECASE,
)
_NUMBER_AFTER: Final = r"(?:[\s_-]?(?:size|capacity|count|instances?))?\s*[:=]?\s*(\d+)\b"
_DESIRED: Final = re.compile(r"\bdesired" + _NUMBER_AFTER, re.IGNORECASE)
_MIN: Final = re.compile(r"\bmin(?:imum)?" + _NUMBER_AFTER, re.IGNORECASE)
_MAX: Final = re.compile(r"\bmax(?:imum)?" + _NUMBER_AFTER, re.IGNORECASE)
_MIN_MAX: Final = re.compile(
    r"\bmin\s*/\s*(?:desired\s*/\s*)?max\s*[:=]?\s*(\d+)\s*[/-]\s*(?:(\d+)\s*[/-]\s*)?(\d+)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Capacity:
    """What a label says about how many instances run: Auto Scaling words, desired, min and max counts."""

    autoscaling: bool = False
    desired: int | None = None
    minimum: int | None = None
    maximum: int | None = None

    @property
    def scales(self) -> bool:
        """Auto Scaling is said, or a desired count, or a max above the min."""
        spread = self.minimum is not None and self.maximum is not None and self.maximum > self.minimum
        return self.autoscaling or self.desired is not None or spread

    @property
    def single(self) -> bool:
        """The label says one instance runs (``Desired: 1``, ``Max 1``, ``min/max 1/1``): however far it may
        scale, one instance in one AZ serves the traffic."""
        return self.desired == 1 or self.maximum == 1

    @property
    def pinned(self) -> int | None:
        """The fixed size when min equals max."""
        return self.minimum if self.minimum is not None and self.minimum == self.maximum else None


def capacity(text: str) -> Capacity:
    """Read Auto Scaling words and ``Desired: 2``, ``Min 1 / Max 4``, ``min/max: 2/6`` from a label."""
    autoscaling = bool(_AUTOSCALING.search(text))
    ranged = _MIN_MAX.search(text)
    if ranged is not None:
        low, middle, high = ranged.groups()
        desired = int(middle) if middle is not None else None
        return Capacity(autoscaling, desired, int(low), int(high))
    numbers = [pattern.search(text) for pattern in (_DESIRED, _MIN, _MAX)]
    desired, low, high = (int(found[1]) if found is not None else None for found in numbers)
    return Capacity(autoscaling, desired, low, high)


def capacity_of(topology: Topology, node: Node) -> Capacity:
    """What the node's label, then its innermost group title that says anything, says about its capacity;
    a group the node is also written in counts (an instance in a subnet box and in an ASG box)."""
    groups = list(topology.diagram.ancestors(node.group))
    for mention in node.mentions:
        groups += [group for group in topology.diagram.ancestors(mention.group) if group not in groups]
    for text in (node.label, *(group.label for group in groups)):
        found = capacity(text)
        if found != Capacity():
            return found
    return Capacity()


def request_origins(topology: Topology) -> list[Node]:
    """Where requests start: the users and clients first, then public names (DNS, a domain) they are sent to."""
    nodes = topology.diagram.nodes
    entries = [node for node in nodes if topology.is_entry(node)]
    return entries + [node for node in nodes if topology.is_public_name(node) and node not in entries]


def lone_compute(topology: Topology) -> Node | None:
    """The one compute instance every request from the users ends at, when nothing in front of it (load
    balancer, API gateway, CDN, Auto Scaling) could spread the load over a second one; ARCH101's subject,
    which ARCH110 does not repeat."""
    diagram = topology.diagram
    reached: set[str] = set()
    frontier = [node.id for node in request_origins(topology)]
    while frontier:  # what the users reach; a bastion is where admins stop, not a service they use
        for next_id in topology.successors(frontier.pop()):
            following = diagram.node(next_id)
            if next_id in reached or following is None:
                continue
            reached.add(next_id)
            if not is_admin_host(following):
                frontier.append(next_id)
    nodes = [node for node in (diagram.node(node_id) for node_id in sorted(reached)) if node is not None]
    compute = [node for node in nodes if topology.is_compute(node) and not is_admin_host(node)]
    if len(compute) != 1 or any(topology.role(node) in FRONT_DOORS for node in nodes):
        return None
    (only,) = compute
    if only.kind not in INSTANCE_KINDS or any(node.kind == "asg" for node in nodes):
        return None
    if any(group.kind is GroupKind.AUTOSCALING_GROUP for group in diagram.ancestors(only.group)):
        return None
    return None if capacity_of(topology, only).scales or drawn_as_many(only) else only


_ADMIN_HOST: Final = re.compile(r"bastion|jump\s*(?:box|host|server)|\u8e0f\u307f\u53f0", re.IGNORECASE)


def is_admin_host(node: Node) -> bool:
    """A bastion or jump host: how admins get in, not a service users are served by."""
    return node.kind == "bastion" or bool(_ADMIN_HOST.search(node.label))


# Compute that is one server unless said otherwise; services (ECS, EKS, Lambda, Beanstalk) run several.
INSTANCE_KINDS: Final = frozenset({"ec2", "lightsail"}) | CATALOG.instances_of("server")
_MANY: Final = re.compile(
    r"\b(?:instances|servers|nodes|hosts|replicas|tasks|pods|workers|fleet|cluster)\b"
    r"|\b(?:[2-9]|\d{2,})\s*[x\u00d7](?![a-z])|\b[x\u00d7]\s*(?:[2-9]|\d{2,})\b|(?:[2-9]|\d{2,})\s*\u53f0",
    re.IGNORECASE,
)


def drawn_as_many(node: Node) -> bool:
    """Whether one box stands for several instances: ``count=3``, ``EC2 x3``, ``Web servers``, ``App nodes``."""
    count = (node.attr("count") or "").strip()
    if count.isdigit() and int(count) > 1:
        return True
    return bool(_MANY.search(node.label))
