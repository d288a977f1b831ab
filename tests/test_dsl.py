"""The archdsl language: every construct, exact spans, and the diagnostics for broken input."""

from __future__ import annotations

import pytest

from archdsl.dsl import parse_text
from archdsl.model import (
    Diagram,
    Direction,
    EdgeDirection,
    EdgeStyle,
    GroupKind,
    KindOrigin,
    Span,
    SubnetTier,
    SuppressionScope,
)


def parse_ok(text: str) -> Diagram:
    result = parse_text(text, "t.arch")
    assert result.diagnostics == ()
    assert result.diagram is not None
    return result.diagram


def findings(text: str) -> list[tuple[int, int, str, str]]:
    result = parse_text(text, "t.arch")
    return [(d.span.line, d.span.column, d.code, d.message) for d in result.diagnostics]


def test_settings() -> None:
    diagram = parse_ok('title "Shop"\ndirection LR\nphase 1m\n')
    assert (diagram.title, diagram.direction, diagram.phase) == ("Shop", Direction.LR, "1m")


def test_td_is_tb_and_defaults() -> None:
    assert parse_ok("direction TD\n").direction is Direction.TB
    empty = parse_ok("")
    assert (empty.title, empty.direction, empty.phase, empty.nodes) == ("", Direction.TB, None, ())


def test_node_declaration_with_label_and_attributes() -> None:
    diagram = parse_ok('ec2 web1 "Web server" [type=t3.large, spot, note="a \\"b\\""]\n')
    (node,) = diagram.nodes
    assert (node.id, node.kind, node.label, node.group, node.kind_origin) == (
        "web1",
        "ec2",
        "Web server",
        None,
        KindOrigin.EXPLICIT,
    )
    assert [(a.key, a.value) for a in node.attributes] == [("type", "t3.large"), ("spot", "true"), ("note", 'a "b"')]
    assert node.span == Span(1, 1, 1, 9)
    assert node.attributes[0].span == Span(1, 24, 1, 37)


def test_kind_aliases_and_case_resolve() -> None:
    diagram = parse_ok("Route53 dns\nELB classic\napplication-load-balancer lb\n")
    assert [node.kind for node in diagram.nodes] == ["route53", "elb", "alb"]


def test_node_keyword_infers_kind_and_role() -> None:
    diagram = parse_ok('node Aurora_Writer\nnode db "RDS MySQL"\nnode EC2_1\n')
    kinds = [(n.id, n.kind, n.kind_origin, n.attr("role")) for n in diagram.nodes]
    assert kinds == [
        ("Aurora_Writer", "aurora", KindOrigin.INFERRED, "writer"),
        ("db", "rds", KindOrigin.INFERRED, None),
        ("EC2_1", "ec2", KindOrigin.INFERRED, None),
    ]


def test_explicit_role_wins_over_inferred() -> None:
    (node,) = parse_ok("aurora writer [role=reader]\n").nodes
    assert node.attr("role") == "reader"
    assert [a.key for a in node.attributes] == ["role"]


def test_nested_groups_with_tiers_and_cidr() -> None:
    diagram = parse_ok(
        'region tokyo "ap-northeast-1" {\n'
        '  vpc main "10.0.0.0/16" {\n'
        "    az a { subnet app-a private { ec2 web1 }  subnet pub-a public [cidr=10.0.0.0/24] { nat n } }\n"
        "  }\n"
        "}\n"
    )
    groups = {g.id: (g.kind, g.parent, g.tier) for g in diagram.groups}
    assert groups == {
        "tokyo": (GroupKind.REGION, None, None),
        "main": (GroupKind.VPC, "tokyo", None),
        "a": (GroupKind.AZ, "main", None),
        "app-a": (GroupKind.SUBNET, "a", SubnetTier.PRIVATE),
        "pub-a": (GroupKind.SUBNET, "a", SubnetTier.PUBLIC),
    }
    assert diagram.group("main") is not None and diagram.group("main").attr("cidr") == "10.0.0.0/16"  # type: ignore[union-attr]
    assert diagram.group("pub-a").attr("cidr") == "10.0.0.0/24"  # type: ignore[union-attr]
    assert {n.id: n.group for n in diagram.nodes} == {"web1": "app-a", "n": "pub-a"}
    assert [g.id for g in diagram.ancestors("app-a")] == ["app-a", "a", "main", "tokyo"]
    assert diagram.group("app-a").span == Span(3, 12, 3, 24)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("keyword", "kind"),
    [
        ("cloud", GroupKind.CLOUD),
        ("account", GroupKind.ACCOUNT),
        ("security-group", GroupKind.SECURITY_GROUP),
        ("sg", GroupKind.SECURITY_GROUP),
        ("asg", GroupKind.AUTOSCALING_GROUP),
        ("autoscaling-group", GroupKind.AUTOSCALING_GROUP),
        ("group", GroupKind.GENERIC),
    ],
)
def test_group_keywords(keyword: str, kind: GroupKind) -> None:
    diagram = parse_ok(f"{keyword} g {{ ec2 x }}\n")
    assert [(g.id, g.kind) for g in diagram.groups] == [("g", kind)]


def test_dual_keywords_without_block_are_nodes() -> None:
    diagram = parse_ok("vpc v\nasg fleet\nsecurity-group web-sg\nautoscaling-group pool\n")
    assert [(n.id, n.kind) for n in diagram.nodes] == [
        ("v", "vpc"),
        ("fleet", "asg"),
        ("web-sg", "security-group"),
        ("pool", "asg"),
    ]
    assert diagram.groups == ()


def test_edges_every_operator() -> None:
    operators = {
        "->": (EdgeStyle.SOLID, EdgeDirection.FORWARD),
        "<->": (EdgeStyle.SOLID, EdgeDirection.BOTH),
        "--": (EdgeStyle.SOLID, EdgeDirection.NONE),
        "..>": (EdgeStyle.DASHED, EdgeDirection.FORWARD),
        "<..>": (EdgeStyle.DASHED, EdgeDirection.BOTH),
        "..": (EdgeStyle.DASHED, EdgeDirection.NONE),
        "=>": (EdgeStyle.THICK, EdgeDirection.FORWARD),
        "<=>": (EdgeStyle.THICK, EdgeDirection.BOTH),
        "==": (EdgeStyle.THICK, EdgeDirection.NONE),
        "~~": (EdgeStyle.INVISIBLE, EdgeDirection.NONE),
    }
    text = "ec2 a\nec2 b\n" + "".join(f"a {operator} b\n" for operator in operators)
    diagram = parse_ok(text)
    assert [(e.style, e.direction) for e in diagram.edges] == list(operators.values())


def test_fan_out_fan_in_chain_label_attributes() -> None:
    diagram = parse_ok('ec2 a\nec2 b\nec2 c\nec2 d\na, b -> c, d -> a : "HTTPS" [port=443]\n')
    assert [(e.source, e.target, e.label, e.attr("port")) for e in diagram.edges] == [
        ("a", "c", "HTTPS", "443"),
        ("a", "d", "HTTPS", "443"),
        ("b", "c", "HTTPS", "443"),
        ("b", "d", "HTTPS", "443"),
        ("c", "a", "HTTPS", "443"),
        ("d", "a", "HTTPS", "443"),
    ]
    first = diagram.edges[0]
    assert first.source_span == Span(5, 1, 5, 2)
    assert first.target_span == Span(5, 9, 5, 10)


def test_glued_arrow_and_keyword_as_edge_target() -> None:
    diagram = parse_ok("ec2 a\nec2 title\na->title\n")
    assert [(e.source, e.target) for e in diagram.edges] == [("a", "title")]


def test_forward_references_and_edges_to_groups() -> None:
    diagram = parse_ok("a -> v\nec2 a\nvpc v { }\n")
    assert [(e.source, e.target) for e in diagram.edges] == [("a", "v")]


def test_semicolons_comments_crlf_and_blank_lines() -> None:
    diagram = parse_ok("# top\r\nec2 a; ec2 b  # trailing\r\n\r\n   \r\na -> b\r\n")
    assert [n.id for n in diagram.nodes] == ["a", "b"]
    assert diagram.nodes[1].span == Span(2, 8, 2, 13)


def test_modifiers_on_nodes() -> None:
    (node,) = parse_ok('rds db public "Orders DB" multi-az\n').nodes
    assert [(a.key, a.value) for a in node.attributes] == [("multi_az", "true"), ("public", "true")]
    assert node.label == "Orders DB"


def test_suppressions() -> None:
    diagram = parse_ok(
        "rds db  # archdsl: disable=ARCH201 -- internal only\n"
        "# archdsl: disable-next-line ARCH101, single-instance-spof -- prototype\n"
        "# archdsl: disable-file=ARCH4 --\n"
        "# archdsl: disable ARCH203\n"
        "# archdsl: enable ARCH203\n"
        "# a plain comment mentioning archdsl\n"
    )
    got = [(s.codes, s.reason, s.scope, s.span.line, s.span.column) for s in diagram.suppressions]
    assert got == [
        (("ARCH201",), "internal only", SuppressionScope.LINE, 1, 9),
        (("ARCH101", "single-instance-spof"), "prototype", SuppressionScope.NEXT_LINE, 2, 1),
        (("ARCH4",), "", SuppressionScope.FILE, 3, 1),
        (("ARCH203",), "", SuppressionScope.BLOCK_START, 4, 1),
        (("ARCH203",), "", SuppressionScope.BLOCK_END, 5, 1),
    ]


# --- diagnostics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ec2 a\na -> \n",
            (2, 6, "Cannot parse diagram: expected a node id after '->', found the end of the line"),
        ),
        ("ec2 a\na ..> ,\n", (2, 7, "Cannot parse diagram: expected a node id after '..>', found ','")),
        (
            "ec2 a\nec2 b\na -> b, \n",
            (3, 9, "Cannot parse diagram: expected a node id after ',', found the end of the line"),
        ),
        (
            "ec2 a\nec2 b\na -> b :\n",
            (3, 9, "Cannot parse diagram: expected a label after ':', found the end of the line"),
        ),
        ('ec2 "Web"\n', (1, 5, "Cannot parse diagram: expected a node id after 'ec2', found string \"Web\"")),
        ("vpc {\n}\n", (1, 5, "Cannot parse diagram: expected a group id after 'vpc', found '{'")),
        ("ec2 a\n}\n", (2, 1, "Cannot parse diagram: unmatched '}'")),
        ('alb lb "x" "y"\n', (1, 12, 'Cannot parse diagram: unexpected string "y" after a complete statement')),
        ('title "unterminated\n', (1, 7, "Cannot parse diagram: unterminated string")),
        ("ec2 a $\n", (1, 7, "Cannot parse diagram: unexpected character '$'")),
        (
            "vpc main {\n  ec2 a\n",
            (2, 8, "Cannot parse diagram: unexpected end of file: the '{' at line 1, column 10 is never closed"),
        ),
        ("direction up\n", (1, 11, "Cannot parse diagram: unknown direction 'up'")),
        ("phase 5k\n", (1, 7, "Cannot parse diagram: unknown phase '5k'")),
        ("ec2 web1 web2\n", (1, 10, "Cannot parse diagram: unexpected word 'web2' after 'web1'")),
        ("ec2 a { ec2 b }\n", (1, 1, "Cannot parse diagram: a ec2 node cannot contain other elements")),
    ],
)
def test_syntax_errors_point_at_the_right_place(text: str, expected: tuple[int, int, str]) -> None:
    assert findings(text) == [(*expected[:2], "ARCH001", expected[2])]


def test_several_syntax_errors_are_reported() -> None:
    text = 'ec2 a\na -> \nec2 "b"\nec2 c\nc -> ,\n'
    assert [(line, column) for line, column, _, _ in findings(text)] == [(2, 6), (3, 5), (5, 6)]


def test_syntax_errors_have_hints_and_no_lark_internals() -> None:
    (diagnostic,) = parse_text("a -> \n", "t.arch").diagnostics
    assert diagnostic.hint == "an edge joins declared ids: a -> b"
    assert "Token" not in diagnostic.message and "Expected one of" not in diagnostic.message


def test_undefined_reference_names_the_nearest_id() -> None:
    text = "aurora Aurora_Writer\nec2 web\nweb -> Aurora_Writter\nweb -> wbe\n"
    assert findings(text) == [
        (3, 8, "ARCH004", "'Aurora_Writter' is not defined; did you mean 'Aurora_Writer'?"),
        (4, 8, "ARCH004", "'wbe' is not defined; the nearest declared id is 'web'"),
    ]


def test_duplicate_ids_across_nodes_and_groups() -> None:
    assert findings("ec2 web\nvpc web { }\nec2 web\n") == [
        (2, 5, "ARCH002", "Id 'web' is defined more than once (first at line 1)"),
        (3, 5, "ARCH002", "Id 'web' is defined more than once (first at line 1)"),
    ]


def test_unknown_kind_suggests_and_keeps_the_node() -> None:
    result = parse_text("ec22 web\nauroa db\n", "t.arch")
    assert [(d.code, d.severity.label, d.message) for d in result.diagnostics] == [
        ("ARCH003", "warning", "Unknown service kind 'ec22' for node 'web'; did you mean 'ec2'?"),
        ("ARCH003", "warning", "Unknown service kind 'auroa' for node 'db'; did you mean 'aurora'?"),
    ]
    assert result.diagram is not None
    assert [(n.kind, n.kind_origin, n.kind_text) for n in result.diagram.nodes] == [
        ("generic", KindOrigin.UNKNOWN, "ec22"),
        ("generic", KindOrigin.UNKNOWN, "auroa"),
    ]


def test_malformed_directive() -> None:
    assert findings("# archdsl: disabel=ARCH201\n# archdsl: disable=ARCH20!\n") == [
        (1, 1, "ARCH012", "unknown archdsl directive 'disabel'"),
        (2, 1, "ARCH012", "'ARCH20!' is not a rule code or name"),
    ]


def test_role_comes_from_the_id_when_the_label_is_silent() -> None:
    diagram = parse_ok("aurora writer\nrds orders_replica\nelasticache c\n")
    assert [n.attr("role") for n in diagram.nodes] == ["writer", "replica", None]
