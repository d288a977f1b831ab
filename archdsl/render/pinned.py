"""DOT pinned to a finished layout: every node, edge, cluster and label where Graphviz put it or placement moved
it, for Graphviz's ``nop2`` engine (``neato -n2``) to draw exactly there."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, Final

from archdsl.render.pipeline import RenderFailed
from archdsl.render.placement import Laid, Moves, place_text, place_titles, read_layout

__all__ = ["pin", "pinned"]

# A quoted DOT ID (any character, a backslash escaping the next) or a plain one, as archdsl writes them.
_ID: Final = r'(?:"(?:[^"\\]|\\.)*"|[-\w.]+)'
# One edge statement on its own line at the graph's top level, as archdsl/render/dot.py writes each edge.
# (A quoted ID may hold a line break: the statement then runs over several lines.)
_EDGE: Final = re.compile(
    rf"^\t(?P<tail>{_ID})\s*->\s*(?P<head>{_ID})(?P<attributes>\s*\[[^\n]*\])?\n", re.MULTILINE | re.DOTALL
)
_CLUSTER: Final = re.compile(r"^\s*subgraph (?P<name>cluster_[A-Za-z0-9_]+) \{$", re.MULTILINE)
_GAP: Final = 4  # points beside a title that is given room


def _name(token: str) -> str:
    """The name Graphviz reads from a DOT ID: ``\\"`` is a quote, any other backslash pair stays as written."""
    if not token.startswith('"'):
        return token
    inner, name, index = token[1:-1], [], 0
    while index < len(inner):
        pair = inner[index : index + 2]
        if pair == '\\"':
            name.append('"')
            index += 2
        elif pair == "\\\\":
            name.append(pair)
            index += 2
        elif pair == "\\\n":
            index += 2
        else:
            name.append(inner[index])
            index += 1
    return "".join(name)


def _token(name: str) -> str:
    return '"' + name.replace('"', '\\"') + '"'


def _attributes(**values: str) -> str:
    """Attributes whose values are Graphviz's own numbers and point lists: nothing in them to escape."""
    return " ".join(f'{key}="{value}"' for key, value in values.items())


def _at(point: tuple[float, float]) -> str:
    return f"{point[0]:.2f},{point[1]:.2f}"


class _Mismatch(Exception):
    """The DOT and the layout do not describe the same graph."""


def pinned(dot: str, layout: bytes | str, moves: Moves) -> str | None:
    """``dot`` with the positions of its ``-Tjson`` ``layout`` and the ``moves`` written in; None when the two do
    not describe the same graph (then the picture is drawn as Graphviz lays it out)."""
    graph = json.loads(layout)
    objects: list[dict[str, Any]] = graph.get("objects", [])
    names = {obj["_gvid"]: str(obj.get("name", "")) for obj in objects}
    edges: list[dict[str, Any]] = graph.get("edges", [])
    clusters = {str(obj["name"]): obj for obj in objects if str(obj.get("name", "")).startswith("cluster")}
    # Graphviz writes edges grouped by tail; two edges with the same ends keep the order they were written in.
    waiting: dict[tuple[str, str], list[int]] = {}
    for index, edge in reversed(list(enumerate(edges))):
        waiting.setdefault((names.get(edge["tail"], ""), names.get(edge["head"], "")), []).append(index)

    def pin_edge(match: re.Match[str]) -> str:
        same_ends = waiting.get((_name(match["tail"]), _name(match["head"])))
        if not same_ends:
            raise _Mismatch
        index = same_ends.pop()
        edge = edges[index]
        if "pos" not in edge:
            if "invis" not in str(edge.get("style", "")):
                raise _Mismatch
            return ""  # scaffolding Graphviz drew nowhere: nothing to draw
        values = {"pos": str(edge["pos"])}
        if "lp" in edge:
            values["lp"] = _at(moves.labels[index]) if index in moves.labels else str(edge["lp"])
        listed = match["attributes"] or ""
        attributes = f"{listed[:-1]} {_attributes(**values)}]" if listed else f" [{_attributes(**values)}]"
        return f"{match[0][: match.end('head') - match.start()]}{attributes}\n"

    def pin_cluster(match: re.Match[str]) -> str:
        cluster = clusters.get(match["name"])
        if cluster is None:
            return match[0]
        values = {"bb": str(cluster["bb"])}
        if "lp" in cluster:
            values["lp"] = _at(moves.titles[match["name"]]) if match["name"] in moves.titles else str(cluster["lp"])
        return f"{match[0]}\n\t\tgraph [{_attributes(**values)}]"

    try:
        text = _CLUSTER.sub(pin_cluster, _EDGE.sub(pin_edge, dot))
    except _Mismatch:
        return None
    if any(waiting.values()) or any(_name(_token(name)) != name for name in names.values()):
        return None
    placed = "".join(
        f"\t{_token(str(obj['name']))} [{_attributes(pos=str(obj['pos']))}]\n"
        for obj in objects
        if "pos" in obj and not str(obj.get("name", "")).startswith("cluster")
    )
    root = {key: str(graph[key]) for key in ("bb", "lp") if key in graph}
    closing = text.rstrip().rindex("}")
    return f"{text[:closing]}{placed}\tgraph [{_attributes(**root)}]\n{text[closing:]}"


# Layouts tried at most: the first, and again with more room in the groups whose title had none.
_ATTEMPTS: Final = 4


def _top_nodes(layout: bytes | str) -> dict[str, str]:
    """For each cluster, the name of a visible node on its highest rank, one directly in it where there is one."""
    graph = json.loads(layout)
    objects: list[dict[str, Any]] = graph.get("objects", [])
    by_id = {obj["_gvid"]: obj for obj in objects}
    clusters = [obj for obj in objects if str(obj.get("name", "")).startswith("cluster")]
    nested = {node for obj in clusters for sub in obj.get("subgraphs", []) for node in by_id[sub].get("nodes", [])}
    tops: dict[str, str] = {}
    for obj in clusters:
        inside = [
            by_id[node]
            for node in obj.get("nodes", [])
            if "pos" in by_id[node] and "invis" not in str(by_id[node].get("style", ""))
        ]
        own = [node for node in inside if node["_gvid"] not in nested]
        choice = own or inside
        if choice:
            top = max(choice, key=lambda node: (float(str(node["pos"]).split(",")[1]), -int(node["_gvid"])))
            tops[str(obj["name"])] = str(top["name"])
    return tops


def with_room(dot: str, layout: bytes | str, extra: dict[str, float]) -> str:
    """``dot`` with an invisible strut as wide as ``extra`` says in each cluster it names, level with the
    cluster's highest node: the group grows sideways only, and Graphviz finds the room a place."""
    tops = _top_nodes(layout)
    # With the newer ranking a rank constraint may join nodes of any clusters, and Graphviz 2.43 ranks it
    # reliably only at the top level; the older ranking reads one only inside the cluster.
    at_top = "newrank=true" in dot
    lines = dot.split("\n")
    ranks: list[str] = []
    for index, line in enumerate(lines[:-1]):
        opened = _CLUSTER.match(line)
        name = opened["name"] if opened else ""
        if name not in extra or name not in tops or not lines[index + 1].lstrip().startswith("graph ["):
            continue
        strut = _token(f"_archdsl_room{dot.count('_archdsl_room')}_{name}")  # a later one adds to the room
        top = _token(tops[name])
        # Level with the top node and left of it: Graphviz 2.43 cannot rank a node joined to nothing but a
        # rank=same with a clustered node ("trouble in init_rank"); a flat edge to it gives it a place.
        rank = f"{{rank=same; {strut}; {top}}}\n\t{strut} -> {top} [style=invis]"
        lines[index + 1] += (
            f'\n\t\t{strut} [label="" shape=box style=invis fixedsize=true height=0.01 '
            f"width={(extra[name] + 2 * _GAP) / 72:.3f}]" + ("" if at_top else f"\n\t\t{rank}")
        )
        ranks += [f"\t{rank}"] if at_top else []
    closing = max(index for index, line in enumerate(lines) if line.strip() == "}")
    return "\n".join([*lines[:closing], *ranks, *lines[closing:]])


def pin(dot: str, lay: Callable[[str], bytes]) -> str | None:
    """``dot`` laid out by ``lay`` (DOT in, ``-Tjson`` out) and pinned there with its titles and edge labels moved
    clear (see placement). A group whose title has no clear stretch is given that much more room and the
    picture laid out again, keeping the layout with the fewest such titles."""
    best: tuple[int, str, bytes, Laid, Moves] | None = None
    source = dot
    for attempt in range(_ATTEMPTS):
        try:
            layout = lay(source)
        except RenderFailed:
            if attempt == 0:
                raise
            break  # Graphviz 2.43 cannot always rank the room it was given: the best layout so far stands
        laid = read_layout(layout)
        moves = place_titles(laid)
        if best is None or len(moves.blocked) < best[0]:
            best = (len(moves.blocked), source, layout, laid, moves)
        if not moves.blocked:
            break
        source = with_room(source, layout, moves.blocked)
    assert best is not None
    _, source, layout, laid, titles = best
    return pinned(source, layout, place_text(laid, titles))
