"""Property tests: generated programs parse to exactly what was written, and nothing crashes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archdsl.dsl import parse_text

KINDS = ("ec2", "rds", "aurora", "alb", "lambda", "s3", "sqs", "cloudwatch", "route53", "actor")
GROUPS = ("region", "vpc", "az", "subnet", "group")
OPERATORS = ("->", "<->", "--", "..>", "..", "=>", "==", "~~")

identifiers = st.from_regex(r"[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,3})?", fullmatch=True).filter(
    lambda name: name not in ("title", "direction", "phase")
)


@st.composite
def programs(draw: st.DrawFn) -> tuple[str, dict[str, tuple[str, str | None]], int]:
    """A valid program, the nodes it declares (id -> kind, group) and how many edges it makes."""
    names = draw(st.lists(identifiers, min_size=1, max_size=12, unique=True))
    group_count = draw(st.integers(0, min(4, len(names) - 1)))
    group_names, node_names = names[:group_count], names[group_count:]
    lines: list[str] = []
    nodes: dict[str, tuple[str, str | None]] = {}
    open_groups: list[str] = []
    for group in group_names:
        indent = "  " * len(open_groups)
        lines.append(f"{indent}{draw(st.sampled_from(GROUPS))} {group} {{")
        open_groups.append(group)
    for node in node_names:
        kind = draw(st.sampled_from(KINDS))
        label = draw(st.one_of(st.none(), st.text("abc XYZ-_:/", max_size=8)))
        suffix = f' "{label}"' if label is not None else ""
        lines.append(f"{'  ' * len(open_groups)}{kind} {node}{suffix}")
        nodes[node] = (kind, open_groups[-1] if open_groups else None)
    lines.extend("  " * depth + "}" for depth in reversed(range(len(open_groups))))
    edge_count = 0
    for _ in range(draw(st.integers(0, 6))):
        sources = draw(st.lists(st.sampled_from(node_names), min_size=1, max_size=3, unique=True))
        targets = draw(st.lists(st.sampled_from(node_names), min_size=1, max_size=3, unique=True))
        operator = draw(st.sampled_from(OPERATORS))
        lines.append(f"{', '.join(sources)} {operator} {', '.join(targets)}")
        edge_count += len(sources) * len(targets)
    return "\n".join(lines) + "\n", nodes, edge_count


@settings(max_examples=200, deadline=None)
@given(programs())
def test_generated_programs_parse_exactly(program: tuple[str, dict[str, tuple[str, str | None]], int]) -> None:
    text, nodes, edge_count = program
    result = parse_text(text, "p.arch")
    assert result.diagnostics == ()
    assert result.diagram is not None
    assert {node.id: (node.kind, node.group) for node in result.diagram.nodes} == nodes
    assert len(result.diagram.edges) == edge_count
    lines = text.split("\n")
    for node in result.diagram.nodes:
        written = lines[node.span.line - 1][node.span.column - 1 : node.span.end_column - 1]
        assert written == f"{node.kind} {node.id}"
    for edge in result.diagram.edges:
        assert edge.source_span is not None and edge.target_span is not None
        line = lines[edge.source_span.line - 1]
        assert line[edge.source_span.column - 1 : edge.source_span.end_column - 1] == edge.source
        assert line[edge.target_span.column - 1 : edge.target_span.end_column - 1] == edge.target


FRAGMENTS = [*'ec2 rds{}[]=,:;->."\\#\n\tab_ZÜ/<.>~', "\r\n", "vpc v {", "a -> b", '"x"', "# archdsl: disable"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_any_text_gives_a_result_never_an_exception(text: str) -> None:
    result = parse_text(text, "f.arch")
    if result.diagram is None:
        assert any(d.code == "ARCH001" and d.severity.label == "error" for d in result.diagnostics)
    line_count = text.count("\n") + 1
    for diagnostic in result.diagnostics:
        assert 1 <= diagnostic.span.line <= line_count
        assert diagnostic.span.column >= 1
