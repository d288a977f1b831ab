"""archdsl reads Mermaid exactly as Mermaid 11.17.2 does: probes and a corpus, each with Mermaid's own verdict.

Every ``.mmd`` file under tests/data/mermaid-probes and tests/data/mermaid-corpus has an
``.oracle.json`` written by Mermaid's own parser and FlowDB (see tests/tools/). Both the raw
Mermaid graph and the archdsl model built from it must agree with the oracle.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA

from archdsl.flowchart import FlowchartRejected, parse_flowchart
from archdsl.loader import load_source
from archdsl.sources import SourceText

CASES = sorted([*(DATA / "mermaid-probes").glob("*.mmd"), *(DATA / "mermaid-corpus").glob("*.mmd")])


def oracle(path: Path) -> dict[str, Any]:
    return json.loads(path.with_suffix(".oracle.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def read_exactly(path: Path) -> str:
    """The file as written: CRLF stays CRLF, as Mermaid gets it."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def test_every_probe_is_here() -> None:
    assert len(list((DATA / "mermaid-probes").glob("*.mmd"))) == 78


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_mermaid_graph_agrees_with_mermaid(path: Path) -> None:
    expected = oracle(path)
    text = read_exactly(path)
    if not expected["ok"]:
        with pytest.raises(FlowchartRejected) as rejected:
            parse_flowchart(text)
        if expected.get("line") is not None:
            assert rejected.value.error.position.line == expected["line"]
        return
    chart = parse_flowchart(text)
    assert chart.direction == expected["direction"]
    assert sorted(chart.vertices) == sorted(vertex["id"] for vertex in expected["vertices"])
    assert Counter((e.start, e.end, e.text) for e in chart.edges) == Counter(
        (e["start"], e["end"], e["text"]) for e in expected["edges"]
    )
    assert [(e.id, e.user_defined) for e in chart.edges] == [(e["id"], e["isUserDefinedId"]) for e in expected["edges"]]
    assert sorted((s.id, s.title, tuple(sorted(s.nodes))) for s in chart.subgraphs) == sorted(
        (s["id"], s["title"], tuple(sorted(s["nodes"]))) for s in expected["subgraphs"]
    )


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_model_agrees_with_mermaid(path: Path) -> None:
    """The same file as a fence in Markdown: positions shift by the fence, meaning does not."""
    expected = oracle(path)
    text = read_exactly(path)
    markdown = "# Notes\n\n```mermaid\n" + text + ("" if text.endswith("\n") else "\n") + "```\n"
    document = load_source(SourceText("notes.md", markdown), markdown=True)
    errors = [d for d in document.diagnostics if d.code == "ARCH001"]
    if not expected["ok"]:
        assert document.diagrams == ()
        assert len(errors) == 1
        if expected.get("line") is not None:
            assert errors[0].span.line == expected["line"] + 3
        return
    assert errors == []
    (diagram,) = document.diagrams
    subgraph_ids = {s["id"] for s in expected["subgraphs"]}
    assert sorted(node.id for node in diagram.nodes) == sorted(
        v["id"] for v in expected["vertices"] if v["id"] not in subgraph_ids
    )
    assert Counter((e.source, e.target, e.label) for e in diagram.edges) == Counter(
        (e["start"], e["end"], e["text"]) for e in expected["edges"]
    )
    members: dict[str, set[str]] = {group.id: set() for group in diagram.groups}
    for node in diagram.nodes:
        if node.group is not None:
            members[node.group].add(node.id)
    for group in diagram.groups:
        if group.parent is not None:
            members[group.parent].add(group.id)
    known = {node.id for node in diagram.nodes} | {group.id for group in diagram.groups}
    # Mermaid draws one box per subgraph id: two blocks with one id hold the members of both.
    drawn: dict[str, set[str]] = {}
    for subgraph in expected["subgraphs"]:
        drawn.setdefault(subgraph["id"], set()).update(m for m in subgraph["nodes"] if m in known)
    assert members == drawn
    assert len(diagram.groups) == len(drawn)
