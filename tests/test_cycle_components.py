"""ARCH009's component filter: two nodes share a component exactly when each reaches the other."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archdsl.model import Edge, Span
from archdsl.rules.unexpected_cycle import _components

NAMES = "abcdefg"


def reaches(edges: list[tuple[str, str]], start: str) -> set[str]:
    seen, pending = {start}, [start]
    while pending:
        current = pending.pop()
        for source, target in edges:
            if source == current and target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)), max_size=14))
def test_components_match_mutual_reachability(pairs: list[tuple[str, str]]) -> None:
    edges = [Edge(source, target, "", Span(1, 1, 1, 1)) for source, target in pairs]
    component = _components(edges)
    nodes = {name for pair in pairs for name in pair}
    assert set(component) == nodes
    for first in nodes:
        for second in nodes:
            mutual = second in reaches(pairs, first) and first in reaches(pairs, second)
            assert (component[first] == component[second]) == mutual, (first, second)
