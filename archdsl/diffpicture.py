"""Draw a diagram's changes: the newer version, with added parts green, removed ones red and dashed, moved amber."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from archdsl.archdiff import DiagramDiff, kind_title
from archdsl.files import write_atomic
from archdsl.model import Diagram, Edge, EdgeStyle, Node
from archdsl.notediff import NotesDiff, Side
from archdsl.render.pipeline import Mark, RenderOptions, render
from archdsl.subjects import edge_key

ADDED: Final = "#1D8102"
REMOVED: Final = "#D13212"
CHANGED: Final = "#E07B00"


@dataclass(frozen=True, slots=True)
class DiffImages:
    """The files written, and the PNG of each diagram by its name."""

    paths: list[Path] = field(default_factory=list)
    links: dict[str, Path] = field(default_factory=dict)


def _version(sides: tuple[Side, ...], diff: DiagramDiff) -> Diagram | None:
    for side in sides:
        for stem, (diagram, _) in zip(side.stems, side.linted.diagrams, strict=True):
            if stem == diff.name and side.document.path == diff.path:
                return diagram
    return None


class _Marks:
    def __init__(self) -> None:
        self.marks: list[Mark] = []

    def add(self, element: str, colour: str, legend: str, *, dashed: bool = False) -> None:
        # The descriptions quote names in Markdown's backticks; a picture shows them plain.
        self.marks.append(Mark(element, len(self.marks) + 1, colour, legend.replace("`", ""), dashed))


def merged(diff: DiagramDiff, old: Diagram | None, new: Diagram | None) -> tuple[Diagram, list[Mark]]:
    """One diagram holding both versions (the newer one, plus what was removed) and a mark per change."""
    marks = _Marks()
    if new is None:
        assert old is not None
        drawn = old
        for node in old.nodes:
            marks.add(node.id, REMOVED, f"removed {kind_title(node.kind)} {node.id}", dashed=True)
        dashed = tuple(replace(edge, style=EdgeStyle.DASHED) for edge in old.edges)
        return replace(drawn, title=f"Removed: {old.title or diff.name}", edges=dashed), marks.marks
    groups = list(new.groups)
    known = {group.id for group in groups}
    gone_groups = {box.id for box in diff.groups_removed}
    if old is not None:
        for group in old.groups:
            if group.id in gone_groups:
                groups.append(group)
        known = {group.id for group in groups}
        groups = [replace(group, parent=group.parent if group.parent in known else None) for group in groups]
    nodes: list[Node] = list(new.nodes)
    removed_ids = {service.id for service in diff.removed}
    if old is not None:
        nodes += [
            replace(node, group=node.group if node.group in known else None)
            for node in old.nodes
            if node.id in removed_ids
        ]
    edges: list[Edge] = list(new.edges)
    span = new.span
    edges += [Edge(link.source, link.target, link.label, span, style=EdgeStyle.DASHED) for link in diff.edges_removed]
    for finding in diff.introduced:
        found = finding.diagnostic
        marks.add(finding.subject, REMOVED, f"new {found.code} {found.severity.label}: {found.message}")
    for service in diff.added:
        marks.add(service.id, ADDED, f"added {kind_title(service.kind)} {service.id} in {service.place.description}")
    for service in diff.removed:
        marks.add(service.id, REMOVED, f"removed {kind_title(service.kind)} {service.id}", dashed=True)
    for rename in diff.renamed:
        marks.add(rename.new, CHANGED, f"{rename.new} was {rename.old}")
    for move in diff.moved:
        marks.add(move.node, CHANGED, f"moved {move.node} from {move.old.description} to {move.new.description}")
    for change in diff.kinds:
        marks.add(change.node, CHANGED, f"{change.node}: {kind_title(change.old)} -> {kind_title(change.new)}")
    for link in diff.edges_added:
        marks.add(edge_key(link.source, link.target), ADDED, f"added edge {link.source} -> {link.target}")
    for link in diff.edges_removed:
        marks.add(
            edge_key(link.source, link.target), REMOVED, f"removed edge {link.source} -> {link.target}", dashed=True
        )
    for relabel in diff.relabelled:
        marks.add(
            edge_key(relabel.source, relabel.target),
            CHANGED,
            f'edge {relabel.source} -> {relabel.target} was "{relabel.old}"',
        )
    for rename in diff.groups_renamed:
        marks.add(rename.new, CHANGED, f"group {rename.new} was {rename.old}")
    for box in diff.groups_added:
        marks.add(box.id, ADDED, f"added {box.description}")
    for box in diff.groups_removed:
        marks.add(box.id, REMOVED, f"removed {box.description}", dashed=True)
    for group_change in diff.groups_changed:
        marks.add(group_change.id, CHANGED, f"{group_change.id} was a {group_change.old}")
    drawn = replace(
        new, title=f"Changes to {new.title or diff.name}", nodes=tuple(nodes), groups=tuple(groups), edges=tuple(edges)
    )
    return drawn, marks.marks


def write_diff_images(result: NotesDiff, directory: Path, options: RenderOptions) -> DiffImages:
    """``<name>.diff.svg`` and ``.png`` for every diagram that changed; returns what was written."""
    images = DiffImages()
    for diff in result.diagrams:
        old, new = _version(result.old_sides, diff), _version(result.new_sides, diff)
        if old is None and new is None:
            continue
        drawn, marks = merged(diff, old, new)
        for fmt, data in render(drawn, ["svg", "png"], options, marks=marks).items():
            target = directory / f"{diff.name}.diff.{fmt}"
            if write_atomic(target, data):
                images.paths.append(target)
            if fmt == "png":
                images.links[diff.name] = target
    return images
