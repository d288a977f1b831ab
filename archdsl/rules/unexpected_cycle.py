"""ARCH009 unexpected-cycle: requests flow around a directed cycle."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Final

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import Edge, EdgeDirection
from archdsl.rules._base import Context, Finding, Rule, by_phase

# Labels that mark an arrow as the way back, not a new request (words, in the languages notes are written in).
REPLY_LABEL: Final = re.compile(
    r"\b(?:respon[sd]\w*|repl(?:y|ies|ied)|return\w*|results?|callbacks?|ack(?:nowledge\w*)?|answers?"
    r"|respuesta|resposta|retorno|(?:200|201|202|204|301|302|304|400|401|403|404|500|502|503)(?:\s+ok)?)\b"
    r"|返却|返す|返信|応答|レスポンス|結果|응답|반환|결과|响应|返回|回應|回应|phản hồi|trả về",
    re.IGNORECASE,
)


class UnexpectedCycle(Rule):
    """Request edges form a directed cycle of three or more services.

    ## What it does
    Looks for directed cycles made only of request edges: solid or thick arrows with one arrowhead
    between two different nodes. Left out as the way back, not a request: dashed edges (replication,
    metrics, replies), invisible links, edges to monitoring, edges labelled as replication or as a
    reply (``response``, ``reply``, ``return``, ``result``, ``callback``, ``200 OK``, ``返却``,
    ``응답`` ...), edges to a user or client, and an edge that goes straight back to the node that
    asked (``db -> app`` after ``app -> db``). A self-loop (``A --> A``, a retry or a typo), two-way
    ``<->`` edges, lines without arrowheads and edges to groups are not requests around a cycle
    either. One knot of cycles (the services that all reach each other) is one finding, at its first
    edge in the order the edges are written, showing the shortest cycle through that edge.

    ## Why is this bad?
    Requests that come back around to where they started are a recipe for retry storms and unbounded
    recursion (a worker that calls the API that queues work for the same worker), and they hide which
    component depends on which.

    ## Example
        ecs api
        sqs jobs
        lambda worker
        api -> jobs -> worker
        worker -> api

    ## Use instead
        ecs api
        sqs jobs
        lambda worker
        api -> jobs -> worker
        worker ..> api : "result"
    """

    code = "ARCH009"
    name = "unexpected-cycle"
    category = "hygiene"
    severities = by_phase(Severity.WARNING, Severity.WARNING, Severity.WARNING)

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        edges = _requests(topology)
        component = _components(edges)
        reported: set[int] = set()
        for edge in edges:
            knot = component[edge.source]
            if knot != component[edge.target] or knot in reported:
                continue  # no path leads back, or this knot of cycles is already reported
            path = _path(edges, edge.target, edge.source)
            if path is None:
                continue
            reported.add(knot)
            cycle = [edge.source, edge.target, *path[:-1]]
            yield Finding(
                edge.span,
                f"Request-flow cycle: {' -> '.join([*cycle, cycle[0]])}",
                "reverse the arrow that stands for a response, or draw it dashed (..>) or label it 'response'",
            )


def _requests(topology: Topology) -> list[Edge]:
    """The request edges between two different nodes, without the ones that are the way back."""
    diagram = topology.diagram
    asked: set[tuple[str, str]] = set()
    requests: list[Edge] = []
    for edge in topology.request_edges:
        if edge.direction is not EdgeDirection.FORWARD or edge.source == edge.target:
            continue
        target = diagram.node(edge.target)
        if diagram.node(edge.source) is None or target is None:
            continue
        if (edge.target, edge.source) in asked or topology.is_entry(target) or REPLY_LABEL.search(edge.label):
            continue  # an answer to whoever asked
        asked.add((edge.source, edge.target))
        requests.append(edge)
    return requests


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
