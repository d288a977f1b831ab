"""Compare two versions of a diagram in architecture terms: services, kinds, moves, edges, groups, findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from archdsl.catalog import CATALOG, Catalog
from archdsl.diagnostics import Diagnostic, Severity
from archdsl.model import Diagram, Edge, Group, GroupKind, Node, SubnetTier
from archdsl.subjects import Subjects, edge_key

_GROUP_WORDS = {
    GroupKind.CLOUD: "cloud",
    GroupKind.ACCOUNT: "account",
    GroupKind.REGION: "region",
    GroupKind.VPC: "VPC",
    GroupKind.AZ: "AZ",
    GroupKind.SUBNET: "subnet",
    GroupKind.SECURITY_GROUP: "security group",
    GroupKind.AUTOSCALING_GROUP: "Auto Scaling group",
    GroupKind.ON_PREMISES: "on-premises site",
    GroupKind.GENERIC: "group",
}
_TIER_WORDS = {SubnetTier.PUBLIC: "public", SubnetTier.PRIVATE: "private", SubnetTier.DATA: "data"}


@dataclass(frozen=True, slots=True)
class Place:
    """Where a node sits: its innermost group, described as a reviewer reads it."""

    group: str | None
    description: str  # "public subnet `public-a`", or "no group"


@dataclass(frozen=True, slots=True)
class Service:
    """A node as the diff reports it."""

    id: str
    kind: str
    label: str
    place: Place


@dataclass(frozen=True, slots=True)
class Rename:
    """A node whose id changed; ``why`` says how it was recognised."""

    old: str
    new: str
    why: str  # "same kind and label" or "same connections"


@dataclass(frozen=True, slots=True)
class Move:
    node: str
    old: Place
    new: Place


@dataclass(frozen=True, slots=True)
class KindChange:
    node: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Link:
    """An edge as the diff reports it: its ends (by their ids in the newer version) and label."""

    source: str
    target: str
    label: str


@dataclass(frozen=True, slots=True)
class Relabel:
    source: str
    target: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Box:
    """A group as the diff reports it."""

    id: str
    description: str  # "public subnet `public-a`"


@dataclass(frozen=True, slots=True)
class BoxChange:
    """A group that is now another kind of group: ``old`` and ``new`` as kind_words says them."""

    id: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A lint finding with the element it concerns (by its id in the newer version)."""

    diagnostic: Diagnostic
    subject: str


@dataclass(frozen=True, slots=True)
class DiagramDiff:
    """Everything that changed in one diagram, matched by its stable name."""

    name: str
    path: str
    old_path: str | None
    status: str  # "added", "removed", "changed"; "not read" (the fence no longer parses); "note" (the file's own)
    added: tuple[Service, ...] = ()
    removed: tuple[Service, ...] = ()
    renamed: tuple[Rename, ...] = ()
    moved: tuple[Move, ...] = ()
    kinds: tuple[KindChange, ...] = ()
    edges_added: tuple[Link, ...] = ()
    edges_removed: tuple[Link, ...] = ()
    relabelled: tuple[Relabel, ...] = ()
    groups_added: tuple[Box, ...] = ()
    groups_removed: tuple[Box, ...] = ()
    groups_renamed: tuple[Rename, ...] = ()
    groups_changed: tuple[BoxChange, ...] = ()
    introduced: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()

    @property
    def architecture_changed(self) -> bool:
        """Whether anything but the wording of the note changed."""
        return any(
            (
                self.status != "changed",
                self.added,
                self.removed,
                self.renamed,
                self.moved,
                self.kinds,
                self.edges_added,
                self.edges_removed,
                self.relabelled,
                self.groups_added,
                self.groups_removed,
                self.groups_renamed,
                self.groups_changed,
                self.introduced,
                self.resolved,
            )
        )

    def new_at_least(self, level: Severity) -> list[Finding]:
        """The findings this change introduces at ``level`` or worse."""
        return [finding for finding in self.introduced if finding.diagnostic.severity >= level]


def kind_words(group: Group) -> str:
    """What a group is, as a reviewer says it: ``public subnet``, ``AZ``, ``Auto Scaling group``."""
    tier = group.tier
    if group.kind is GroupKind.SUBNET and tier is not None:
        return f"{_TIER_WORDS[tier]} subnet"
    return _GROUP_WORDS[group.kind]


def describe_group(group: Group | None) -> str:
    """A group as a reviewer names it: ``public subnet `public-a```, ``AZ `a```, or ``no group``."""
    return "no group" if group is None else f"{kind_words(group)} `{group.id}`"


def place_of(diagram: Diagram, node: Node) -> Place:
    group = diagram.group(node.group) if node.group else None
    return Place(group.id if group else None, describe_group(group))


def _service(diagram: Diagram, node: Node) -> Service:
    return Service(node.id, node.kind, node.label, place_of(diagram, node))


def _neighbours(diagram: Diagram, node_id: str, names: dict[str, str]) -> frozenset[tuple[str, str]]:
    """A node's connections: (direction, the other end by its name in the newer version)."""
    found: set[tuple[str, str]] = set()
    for edge in diagram.edges:
        if edge.source == node_id:
            found.add(("out", names.get(edge.target, edge.target)))
        if edge.target == node_id:
            found.add(("in", names.get(edge.source, edge.source)))
    return frozenset(found)


def match_nodes(old: Diagram, new: Diagram) -> tuple[dict[str, str], list[Rename]]:
    """Old node id -> new node id: the same id, else a rename recognised by the same kind and label, else by
    the same connections (each only when exactly one candidate fits)."""
    new_ids = {node.id for node in new.nodes}
    names = {node.id: node.id for node in old.nodes if node.id in new_ids}
    renames: list[Rename] = []

    def unmatched() -> tuple[list[Node], list[Node]]:
        taken = set(names.values())
        return (
            [node for node in old.nodes if node.id not in names],
            [node for node in new.nodes if node.id not in taken and old.node(node.id) is None],
        )

    before, after = unmatched()
    for node in before:
        fits = [other for other in after if other.kind == node.kind and other.label == node.label and node.label]
        if len(fits) == 1 and sum(o.kind == node.kind and o.label == node.label for o in before) == 1:
            names[node.id] = fits[0].id
            renames.append(Rename(node.id, fits[0].id, "same kind and label"))
            after.remove(fits[0])
    before, after = unmatched()
    for node in before:
        connections = _neighbours(old, node.id, names)
        if not connections:
            continue
        fits = [other for other in after if _neighbours(new, other.id, {}) == connections]
        if len(fits) == 1:
            names[node.id] = fits[0].id
            renames.append(Rename(node.id, fits[0].id, "same connections"))
            after.remove(fits[0])
    return names, renames


def _members(diagram: Diagram, group_id: str, names: dict[str, str]) -> frozenset[str]:
    """The nodes directly in a group, by their names in the newer version."""
    return frozenset(names.get(node.id, node.id) for node in diagram.nodes if node.group == group_id)


def _why_same(old: Diagram, new: Diagram, before: Group, after: Group, names: dict[str, str]) -> str | None:
    """Why ``after`` is ``before`` under a new id (same kind and tier, and more), or None."""
    if kind_words(before) != kind_words(after):
        return None
    cidr = before.attr("cidr")
    if cidr and cidr == after.attr("cidr"):
        return "same CIDR"
    if before.label and before.label not in (before.id, cidr) and before.label == after.label:
        return "same kind and label"
    members = _members(old, before.id, names)
    if members and members == _members(new, after.id, {}):
        return "same services inside"
    return None


def match_groups(old: Diagram, new: Diagram, names: dict[str, str]) -> tuple[dict[str, str], list[Rename]]:
    """Old group id -> new group id for groups whose id changed: the same kind and tier, and the same CIDR,
    label or services directly inside (each only when exactly one candidate fits)."""
    old_ids, new_ids = {group.id for group in old.groups}, {group.id for group in new.groups}
    fresh = [group for group in new.groups if group.id not in old_ids]
    found: dict[str, str] = {}
    renames: list[Rename] = []
    for group in (group for group in old.groups if group.id not in new_ids):
        reasons = [(other, why) for other in fresh if (why := _why_same(old, new, group, other, names))]
        if len(reasons) == 1:
            other, why = reasons[0]
            found[group.id] = other.id
            renames.append(Rename(group.id, other.id, why))
            fresh.remove(other)
    return found, renames


def _links(edges: Iterable[Edge], names: dict[str, str]) -> list[Link]:
    return [
        Link(names.get(edge.source, edge.source), names.get(edge.target, edge.target), edge.label) for edge in edges
    ]


def _compare_edges(old: Diagram, new: Diagram, names: dict[str, str]) -> tuple[list[Link], list[Link], list[Relabel]]:
    before = _links(old.edges, names)
    after = _links(new.edges, {})
    removed = list((Counter(before) - Counter(after)).elements())
    added = list((Counter(after) - Counter(before)).elements())
    relabelled: list[Relabel] = []
    for gone in list(removed):
        same_ends = [link for link in added if (link.source, link.target) == (gone.source, gone.target)]
        if len(same_ends) == 1:
            relabelled.append(Relabel(gone.source, gone.target, gone.label, same_ends[0].label))
            removed.remove(gone)
            added.remove(same_ends[0])
    order = {edge_key(edge.source, edge.target): index for index, edge in enumerate(new.edges)}
    return (
        sorted(added, key=lambda link: order.get(edge_key(link.source, link.target), 0)),
        removed,
        relabelled,
    )


def _findings(diagram: Diagram, found: Sequence[Diagnostic], names: dict[str, str]) -> list[Finding]:
    subjects = Subjects(diagram)
    result = []
    for diagnostic in found:
        subject = subjects.of(diagnostic)
        if "->" in subject:
            source, _, target = subject.partition("->")
            subject = edge_key(names.get(source, source), names.get(target, target))
        result.append(Finding(diagnostic, names.get(subject, subject)))
    return result


def finding_key(finding: Finding, name: str) -> tuple[str, str, str]:
    """What makes two findings the same one: the rule, the diagram, the element (never the line)."""
    return (finding.diagnostic.code, name, finding.subject)


def _compare_findings(name: str, before: list[Finding], after: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    remaining = Counter(finding_key(finding, name) for finding in before)
    introduced = []
    for finding in after:
        key = finding_key(finding, name)
        if remaining[key]:
            remaining[key] -= 1
        else:
            introduced.append(finding)
    still = Counter(finding_key(finding, name) for finding in after)
    resolved = []
    for finding in before:
        key = finding_key(finding, name)
        if still[key]:
            still[key] -= 1
        else:
            resolved.append(finding)
    return introduced, resolved


def compare(
    name: str,
    old: Diagram | None,
    new: Diagram | None,
    old_findings: Sequence[Diagnostic] = (),
    new_findings: Sequence[Diagnostic] = (),
    *,
    old_path: str | None = None,
) -> DiagramDiff:
    """What changed from ``old`` to ``new`` (either may be missing: a diagram added or removed)."""
    if old is None and new is None:
        raise ValueError("nothing to compare")
    if old is None:
        assert new is not None
        return DiagramDiff(
            name,
            new.source.path,
            old_path,
            "added",
            added=tuple(_service(new, node) for node in new.nodes),
            edges_added=tuple(_links(new.edges, {})),
            groups_added=tuple(Box(group.id, describe_group(group)) for group in new.groups),
            introduced=tuple(_findings(new, new_findings, {})),
        )
    if new is None:
        return DiagramDiff(
            name,
            old.source.path,
            old_path,
            "removed",
            removed=tuple(_service(old, node) for node in old.nodes),
            edges_removed=tuple(_links(old.edges, {})),
            groups_removed=tuple(Box(group.id, describe_group(group)) for group in old.groups),
            resolved=tuple(_findings(old, old_findings, {})),
        )
    names, renames = match_nodes(old, new)
    kept = {new_id: old.node(old_id) for old_id, new_id in names.items()}
    group_names, group_renames = match_groups(old, new, names)
    moved, kinds = [], []
    for node in new.nodes:
        before = kept.get(node.id)
        if before is None:
            continue
        was, now = place_of(old, before), place_of(new, node)
        if group_names.get(was.group or "", was.group) != now.group:
            moved.append(Move(node.id, was, now))
        if before.kind != node.kind:
            kinds.append(KindChange(node.id, before.kind, node.kind))
    edges_added, edges_removed, relabelled = _compare_edges(old, new, names)
    old_groups = {group.id: group for group in old.groups}
    new_groups = {group.id: group for group in new.groups}
    groups_changed = [
        BoxChange(group.id, kind_words(old_groups[group.id]), kind_words(group))
        for group in new.groups
        if group.id in old_groups and kind_words(old_groups[group.id]) != kind_words(group)
    ]
    introduced, resolved = _compare_findings(
        name, _findings(old, old_findings, names), _findings(new, new_findings, {})
    )
    return DiagramDiff(
        name,
        new.source.path,
        old_path if old_path != new.source.path else None,
        "changed",
        added=tuple(_service(new, node) for node in new.nodes if node.id not in kept),
        removed=tuple(_service(old, node) for node in old.nodes if node.id not in names),
        renamed=tuple(renames),
        moved=tuple(moved),
        kinds=tuple(kinds),
        edges_added=tuple(edges_added),
        edges_removed=tuple(edges_removed),
        relabelled=tuple(relabelled),
        groups_added=tuple(
            Box(group.id, describe_group(group))
            for group in new.groups
            if group.id not in old_groups and group.id not in group_names.values()
        ),
        groups_removed=tuple(
            Box(group.id, describe_group(group))
            for group in old.groups
            if group.id not in new_groups and group.id not in group_names
        ),
        groups_renamed=tuple(group_renames),
        groups_changed=tuple(groups_changed),
        introduced=tuple(introduced),
        resolved=tuple(resolved),
    )


def kind_title(kind: str, catalog: Catalog = CATALOG) -> str:
    """``alb`` -> ``Application Load Balancer``; an unknown kind as written."""
    service = catalog.lookup(kind)
    return service.title if service is not None else kind
