"""The DSL in bounded time and memory: an edge limit for cross products, and bounded "did you mean" searches."""

from __future__ import annotations

from scaling import growth

from archdsl.dsl import MAX_EDGES, parse_text
from archdsl.naming import nearest

LINEAR = 8.0


def test_a_cross_product_past_the_edge_limit_is_one_error_at_its_statement() -> None:
    count = 20_000
    left = ", ".join(f"a{index}" for index in range(count))
    right = ", ".join(f"b{index}" for index in range(count))
    result = parse_text(f"ec2 x\nx -> x\n  {left} -> {right}\n")
    assert [(d.code, d.span.line, d.span.column, d.message) for d in result.diagnostics] == [
        (
            "ARCH001",
            3,
            3,
            f"Cannot parse diagram: 400,000,001 edges; archdsl reads at most {MAX_EDGES:,} edges per diagram",
        )
    ]


def test_edges_up_to_the_limit_are_read() -> None:
    side = 100  # 100 x 100 = MAX_EDGES
    declared = "".join(f"ec2 a{index}\nec2 b{index}\n" for index in range(side))
    left = ", ".join(f"a{index}" for index in range(side))
    right = ", ".join(f"b{index}" for index in range(side))
    result = parse_text(f"{declared}{left} -> {right}\n")
    assert result.diagram is not None and len(result.diagram.edges) == MAX_EDGES == side * side
    assert result.diagnostics == ()


def _undefined(count: int) -> str:
    declared = "".join(f"ec2 node{index}\n" for index in range(count))
    return declared + "".join(f"node{index} -> missing{index}\n" for index in range(count))


def test_many_undefined_names_against_many_ids_cost_linear_time() -> None:
    assert growth(parse_text, _undefined, 150) < LINEAR


def test_a_real_typo_is_still_found_among_thousands_of_ids() -> None:
    declared = "".join(f"ec2 service_{index:04d}\n" for index in range(3000)) + "rds orders_database\n"
    result = parse_text(declared + "service_0001 -> orders_databse\n")
    assert [d.message for d in result.diagnostics] == [
        "'orders_databse' is not defined; did you mean 'orders_database'?"
    ]
    assert nearest("orders_databse", ["orders_database", "ec2_1"]) == ("orders_database", True)
