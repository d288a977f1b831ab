"""`archdsl export`: archdsl and Mermaid output read back to the same architecture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archdsl.export import to_archdsl, to_mermaid
from archdsl.loader import load_paths, load_source
from archdsl.model import Diagram
from archdsl.sources import SourceText

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [
        *(ROOT / "examples").glob("*.arch"),
        ROOT / "examples" / "notes.md",
        *sorted((ROOT / "tests" / "data" / "mermaid-corpus").glob("*.mmd"))[:40],
    ]
)


def shape(diagram: Diagram) -> tuple[object, ...]:
    """The architecture with ids replaced by what a reader sees (label, else id), so renamed ids compare equal."""
    name = {element.id: element.label or element.id for element in (*diagram.nodes, *diagram.groups)}
    nodes = sorted((name[node.id], node.kind, name.get(node.group or "", "")) for node in diagram.nodes)
    groups = sorted(
        (name[group.id], group.kind, group.tier, name.get(group.parent or "", "")) for group in diagram.groups
    )
    edges = sorted((name[e.source], name[e.target], e.label, e.style, e.direction) for e in diagram.edges)
    return diagram.direction, diagram.title, nodes, groups, edges


def diagrams_of(path: Path) -> list[Diagram]:
    if path.suffix == ".mmd":
        text = path.read_text(encoding="utf-8")
        document = load_source(SourceText(str(path.with_suffix(".md")), f"```mermaid\n{text}\n```\n"), markdown=True)
    else:
        (document,) = load_paths([str(path)])
    return [diagram for diagram in document.diagrams if diagram.nodes]


def read_back(text: str, dialect: str) -> Diagram:
    document = load_source(SourceText("exported.md", f"```{dialect}\n{text}```\n"), markdown=True)
    assert [d for d in document.diagnostics if d.severity.label == "error"] == []
    (diagram,) = document.diagrams
    return diagram


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_archdsl_export_reads_back_to_the_same_architecture(path: Path) -> None:
    for diagram in diagrams_of(path):
        assert shape(read_back(to_archdsl(diagram), "archdsl")) == shape(diagram)


def placement(diagram: Diagram) -> tuple[object, ...]:
    """Nodes and edges by name, each node placed by the kinds of the groups around it.

    Mermaid has no group kinds, so the export writes them into subgraph titles ("VPC main"); names of
    groups may change, their kinds and nesting may not.
    """
    name = {node.id: node.label or node.id for node in diagram.nodes}
    groups = {group.id: group for group in diagram.groups}

    def around(group_id: str | None) -> tuple[object, ...]:
        chain: list[object] = []
        while group_id is not None:
            chain.append((groups[group_id].kind, groups[group_id].tier))
            group_id = groups[group_id].parent
        return tuple(chain)

    nodes = sorted((name[node.id], node.kind, around(node.group)) for node in diagram.nodes)
    edges = sorted(
        # Mermaid trims the whitespace around quoted edge text.
        (name.get(e.source, e.source), name.get(e.target, e.target), e.label.strip(), e.style, e.direction)
        for e in diagram.edges
    )
    return diagram.direction, diagram.title, nodes, sorted(map(around, groups)), edges


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_mermaid_export_reads_back_to_the_same_architecture(path: Path) -> None:
    for diagram in diagrams_of(path):
        assert placement(read_back(to_mermaid(diagram), "mermaid")) == placement(diagram)


def test_export_is_deterministic_and_idempotent() -> None:
    (diagram,) = load_paths([str(ROOT / "examples" / "prototype.arch")])[0].diagrams
    once = to_archdsl(diagram)
    assert to_archdsl(read_back(once, "archdsl")) == once
    assert to_mermaid(read_back(to_mermaid(diagram), "mermaid")) == to_mermaid(diagram)


def test_ids_the_target_cannot_spell_are_renamed_and_keep_their_name_as_label() -> None:
    diagram = read_back("flowchart LR\n  o1[Origin] --> end1\n  A.b --> x9\n", "mermaid")
    # Nothing here is a running system: the scope the rules saw rides along into the DSL.
    assert to_archdsl(diagram).splitlines()[1] == "# archdsl: scope=other"
    assert to_archdsl(diagram).splitlines()[3:] == [
        'generic o1 "Origin"',
        "generic end1",
        'generic A_b "A.b"',
        "generic x9",
        "",
        "o1 -> end1",
        "A_b -> x9",
    ]
    mermaid = to_mermaid(read_back('node end "End"\nnode a\na -> end\n', "archdsl"))
    assert mermaid.splitlines()[2:] == ['    n_end["End"]', '    a["a"]', "    a --> n_end"]


def test_cli_export(run_cli: Any, tmp_path: Path) -> None:
    run = run_cli("export", "--to", "mermaid", str(ROOT / "examples" / "prototype.arch"))
    assert run.code == 0
    assert run.out.startswith('---\ntitle: "Web app prototype"\n---\nflowchart LR\n')
    assert run.out.splitlines()[4] == "    %% archdsl: users=actor, dns=route53, ip=eip, app=ec2, db=rds"
    notes = run_cli("export", "--to", "archdsl", str(ROOT / "examples" / "notes.md"))
    assert notes.code == 0
    assert notes.out.startswith(f"# {ROOT / 'examples' / 'notes.md'}:14\ndirection TB\n")
    dot = run_cli("export", "--to", "dot", str(ROOT / "examples" / "prototype.arch"))
    assert dot.out.startswith("digraph")
