"""ARCH009 unexpected-cycle: requests flow around a directed cycle."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Edge, EdgeDirection
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Labels that mark an arrow as the way back, not a new request.
RESPONSE_WORDS: Final = ("response", "callback")


class UnexpectedCycle(Rule):
    """Request edges form a directed cycle.

    ## What it does
    Looks for directed cycles made only of request edges: solid or thick arrows with one
    arrowhead between two nodes. Dashed edges (replication, metrics), invisible links, edges to
    monitoring, edges labelled as replication, ``response`` or ``callback``, two-way ``<->`` edges,
    lines without arrowheads and edges to groups are left out. Each cycle is reported once, at its
    first edge in the order the edges are written, as the shortest cycle that starts with that edge
    (so at most one finding per edge; a longer cycle through an edge already reported is not
    listed separately).

    ## Why is this bad?
    A request that comes back to where it started usually means a response was drawn as a request
    (``app -> db -> app``); real request loops are a recipe for retry storms and unbounded
    recursion, and they hide which component depends on which.

    ## Example
        ec2 app
        rds db
        app -> db
        db -> app

    ## Use instead
        ec2 app
        rds db
        app -> db
        db ..> app : "response"
    """

    code = "ARCH009"
    name = "unexpected-cycle"
    category = "hygiene"
    severities = by_phase(Severity.WARNING, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        diagram = topology.diagram
        edges = [
            edge
            for edge in topology.request_edges
            if edge.direction is EdgeDirection.FORWARD
            and diagram.node(edge.source) is not None
            and diagram.node(edge.target) is not None
            and not any(word in edge.label.lower() for word in RESPONSE_WORDS)
        ]
        reported: set[tuple[str, ...]] = set()
        component = _components(edges)
        for index, edge in enumerate(edges):
            if component[edge.source] != component[edge.target]:
                continue  # no path leads back: skips the search for almost every edge of a real diagram
            path = _path(edges[index + 1 :], edge.target, edge.source)
            if path is None:
                continue
            cycle = [edge.source] if edge.source == edge.target else [edge.source, edge.target, *path[:-1]]
            key = _canonical(cycle)
            if key in reported:
                continue
            reported.add(key)
            yield Finding(
                edge.span,
                f"Request-flow cycle: {' -> '.join([*cycle, cycle[0]])}",
                "reverse the arrow that stands for a response, or draw it dashed (..>) or label it 'response'",
            )


def _components(edges: Sequence[Edge]) -> dict[str, int]:
    """Node → its strongly connected component (Kosaraju, iterative): a cycle never leaves one."""
    forward: dict[str, list[str]] = {}
    backward: dict[str, list[str]] = {}
    for edge in edges:
        forward.setdefault(edge.source, []).append(edge.target)
        backward.setdefault(edge.target, []).append(edge.source)
        forward.setdefault(edge.target, [])
        backward.setdefault(edge.source, [])
    finished: list[str] = []
    visited: set[str] = set()
    for root in forward:
        if root in visited:
            continue
        visited.add(root)
        stack = [(root, iter(forward[root]))]
        while stack:
            node, children = stack[-1]
            child = next((child for child in children if child not in visited), None)
            if child is None:
                stack.pop()
                finished.append(node)
            else:
                visited.add(child)
                stack.append((child, iter(forward[child])))
    component: dict[str, int] = {}
    for root in reversed(finished):
        if root in component:
            continue
        component[root] = len(component)
        label, pending = component[root], [root]
        while pending:
            for parent in backward[pending.pop()]:
                if parent not in component:
                    component[parent] = label
                    pending.append(parent)
    return component


def _path(edges: Sequence[Edge], start: str, goal: str) -> list[str] | None:
    """The nodes after ``start`` on a shortest path to ``goal`` over ``edges`` ([] when start is goal)."""
    if start == goal:
        return []
    successors: dict[str, list[str]] = {}
    for edge in edges:
        successors.setdefault(edge.source, []).append(edge.target)
    came_from: dict[str, str] = {start: start}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for current in frontier:
            for next_id in successors.get(current, []):
                if next_id in came_from:
                    continue
                came_from[next_id] = current
                if next_id == goal:
                    path = [goal]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return path[::-1][1:]
                following.append(next_id)
        frontier = following
    return None


def _canonical(cycle: Sequence[str]) -> tuple[str, ...]:
    """The same cycle whichever node it is written from."""
    rotations = [tuple(cycle[i:]) + tuple(cycle[:i]) for i in range(len(cycle))]
    return min(rotations)
