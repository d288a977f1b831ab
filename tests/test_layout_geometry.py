"""The pictures' geometry: the checker on hand-made layouts, then every topology and example on both engines."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from geometry import (
    Box,
    EdgeLine,
    GroupBox,
    Layout,
    NodeBox,
    all_violations,
    crossings,
    data_beside_compute,
    edges_across_titles,
    entries_not_above_vpc,
    labels_outside_groups,
    layout_from_json,
    layout_of,
    nodes_outside_groups,
    regional_services_not_beside_vpc,
    staggered_azs,
    tier_of,
    tiers_out_of_order,
    zones_out_of_order,
)

from archdsl.dsl import parse_text
from archdsl.loader import load_paths
from archdsl.model import Diagram, Direction

ENGINES = ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)]
LAYOUTS = Path(__file__).resolve().parent / "data" / "layouts"
PICTURES = [
    *sorted(LAYOUTS.glob("*.arch")),
    *sorted(LAYOUTS.glob("*.md")),
    *sorted(EXAMPLES.glob("*.arch")),
    EXAMPLES / "notes.md",
    ROOT / "bench" / "data" / "seed-10k.arch",
    ROOT / "bench" / "data" / "seed-10k.md",
]


def diagrams_of(path: Path) -> list[tuple[str, Diagram]]:
    (document,) = load_paths([str(path)])
    return [(f"{path.relative_to(ROOT)}#{index}", diagram) for index, diagram in enumerate(document.diagrams)]


DIAGRAMS = [pytest.param(diagram, id=name) for path in PICTURES for name, diagram in diagrams_of(path)]


def diagram(text: str) -> Diagram:
    parsed = parse_text(text, "hand-made.arch")
    assert parsed.diagram is not None
    return parsed.diagram


def group(
    ident: str, box: Box, *, kind: str = "generic", parent: str | None = None, tier: str | None = None
) -> GroupBox:
    return GroupBox(ident, box, None, kind, parent, tier)


# The checker on layouts made by hand: it finds what is wrong without Graphviz.


def test_zones_drawn_out_of_their_declared_order_are_reported() -> None:
    vpc = group("vpc", Box(0, 0, 400, 300), kind="vpc")
    first = GroupBox("a", Box(210, 10, 390, 290), kind="az", parent="vpc", declared=1)
    second = GroupBox("b", Box(10, 10, 190, 290), kind="az", parent="vpc", declared=2)
    swapped = Layout(groups={"vpc": vpc, "b": second, "a": first})
    assert zones_out_of_order(swapped) == [
        "AZ 'b' (10,10)-(190,290) is drawn left of 'a' (210,10)-(390,290), which the note declares before it"
    ]
    in_order = Layout(groups={"vpc": vpc, "a": replace(first, declared=2), "b": replace(second, declared=1)})
    assert zones_out_of_order(in_order) == []
    assert zones_out_of_order(replace(swapped, direction=Direction.LR)) == []  # level: neither is above


def test_a_node_outside_its_group_is_reported_and_one_inside_is_not() -> None:
    vpc = group("vpc", Box(0, 0, 200, 200), kind="vpc")
    layout = Layout(
        nodes={
            "in": NodeBox("in", Box(10, 10, 50, 50), group="vpc"),
            "out": NodeBox("out", Box(180, 10, 240, 50), group="vpc"),
        },
        groups={"vpc": vpc},
    )
    assert nodes_outside_groups(layout) == [
        "node 'out' (180,10)-(240,50) is not inside its group 'vpc' (0,0)-(200,200)"
    ]


def test_a_node_label_reaching_its_groups_border_is_reported() -> None:
    vpc = group("vpc", Box(0, 0, 200, 200), kind="vpc")
    layout = Layout(
        nodes={
            # Labels wider than their icons: one 3 points clear of the border, one on it (1 point inside).
            "clear": NodeBox("clear", Box(20, 10, 60, 50), Box(3, 52, 77, 64), group="vpc"),
            "touching": NodeBox("touching", Box(140, 10, 180, 50), Box(120, 52, 199, 64), group="vpc"),
        },
        groups={"vpc": vpc},
    )
    assert nodes_outside_groups(layout) == [
        "the label of node 'touching' (120,52)-(199,64) is not inside its group 'vpc' (0,0)-(200,200)"
    ]


def test_a_group_outside_its_parent_and_a_node_on_a_foreign_group_are_reported() -> None:
    groups = {
        "vpc": group("vpc", Box(0, 0, 100, 100), kind="vpc"),
        "subnet": group("subnet", Box(50, 50, 150, 90), kind="subnet", parent="vpc"),
    }
    layout = Layout(nodes={"free": NodeBox("free", Box(120, 0, 160, 30))}, groups=groups)
    assert nodes_outside_groups(layout) == [
        "group 'subnet' (50,50)-(150,90) is not inside its parent 'vpc' (0,0)-(100,100)"
    ]
    overlapping = Layout(nodes={"free": NodeBox("free", Box(90, 0, 130, 30))}, groups=groups)
    assert (
        nodes_outside_groups(overlapping)[0]
        == "node 'free' (90,0)-(130,30) lies on group 'vpc' (0,0)-(100,100), not its own"
    )


def az_pair(second: Box, direction: Direction = Direction.TB) -> Layout:
    return Layout(
        direction,
        groups={
            "vpc": group("vpc", Box(0, 0, 1000, 1000), kind="vpc"),
            "a": group("a", Box(10, 10, 400, 410), kind="az", parent="vpc"),
            "b": group("b", second, kind="az", parent="vpc"),
        },
    )


def test_sibling_azs_must_overlap_along_the_rank_axis() -> None:
    assert staggered_azs(az_pair(Box(420, 50, 800, 430))) == []  # 360 of 400 shared: 90%
    assert staggered_azs(az_pair(Box(420, 200, 800, 700))) == [
        "AZs 'a' (10,10)-(400,410) and 'b' (420,200)-(800,700) overlap vertically by 42% of the longer, not 80%"
    ]
    # Level at the top but half as tall is no column beside the other either.
    assert len(staggered_azs(az_pair(Box(420, 10, 800, 210)))) == 1
    # Left to right, the AZs are rows: their horizontal extents must overlap instead.
    assert staggered_azs(az_pair(Box(50, 420, 420, 800), Direction.LR)) == []
    assert len(staggered_azs(az_pair(Box(420, 50, 800, 430), Direction.LR))) == 1


def test_azs_under_different_vpcs_are_not_siblings() -> None:
    layout = Layout(
        groups={
            "one": group("one", Box(0, 0, 400, 400), kind="vpc"),
            "two": group("two", Box(0, 500, 400, 900), kind="vpc"),
            "a": group("a", Box(10, 10, 390, 390), kind="az", parent="one"),
            "b": group("b", Box(10, 510, 390, 890), kind="az", parent="two"),
        }
    )
    assert staggered_azs(layout) == []


def rows(public: Box, private: Box, data: Box, direction: Direction = Direction.TB) -> Layout:
    return Layout(
        direction,
        groups={
            "vpc": group("vpc", Box(0, 0, 1000, 1000), kind="vpc"),
            "pub": group("pub", public, kind="subnet", parent="vpc", tier="public"),
            "app": group("app", private, kind="subnet", parent="vpc", tier="private"),
            "db": group("db", data, kind="subnet", parent="vpc", tier="data"),
        },
    )


def test_tier_rows_run_public_then_app_then_data_in_the_direction_of_flow() -> None:
    top, middle, bottom = Box(10, 10, 200, 100), Box(10, 120, 200, 200), Box(10, 220, 200, 300)
    assert tiers_out_of_order(rows(top, middle, bottom)) == []
    assert tiers_out_of_order(rows(bottom, middle, top)) == [
        "public subnet 'pub' (10,220)-(200,300) is not above private/app subnet 'app' (10,120)-(200,200)",
        "public subnet 'pub' (10,220)-(200,300) is not above data subnet 'db' (10,10)-(200,100)",
        "private/app subnet 'app' (10,120)-(200,200) is not above data subnet 'db' (10,10)-(200,100)",
    ]
    # Side by side overlaps the rows: not ordered in TB, ordered left to right in LR.
    left, centre, right = Box(10, 10, 100, 300), Box(120, 10, 200, 300), Box(220, 10, 300, 300)
    assert len(tiers_out_of_order(rows(left, centre, right))) == 3
    assert tiers_out_of_order(rows(left, centre, right, Direction.LR)) == []
    assert len(tiers_out_of_order(rows(left, centre, right, Direction.RL))) == 3


def test_databases_and_caches_lie_below_compute_within_a_vpc() -> None:
    groups = {"vpc": group("vpc", Box(0, 0, 500, 500), kind="vpc")}
    app = NodeBox("app", Box(10, 10, 110, 110), group="vpc", role="compute")
    level = NodeBox("db", Box(150, 20, 250, 120), group="vpc", role="database")
    below = NodeBox("db", Box(150, 130, 250, 230), group="vpc", role="database")
    outside = NodeBox("table", Box(600, 0, 700, 100), role="database")  # regional services: not in the rows
    assert data_beside_compute(Layout(nodes={"app": app, "db": below, "table": outside}, groups=groups)) == []
    assert data_beside_compute(Layout(nodes={"app": app, "db": level}, groups=groups)) == [
        "database 'db' (150,20)-(250,120) is not below compute 'app' (10,10)-(110,110) in VPC 'vpc'"
    ]
    under = NodeBox("db", Box(10, 130, 110, 230), group="vpc", role="cache")
    assert data_beside_compute(Layout(nodes={"app": app, "db": under}, groups=groups)) == []
    # Left to right, the data column is right of the app column: one under it is out of place.
    assert data_beside_compute(Layout(Direction.LR, nodes={"app": app, "db": under}, groups=groups)) == [
        "cache 'db' (10,130)-(110,230) is not right of compute 'app' (10,10)-(110,110) in VPC 'vpc'"
    ]


def test_entry_points_sit_above_the_vpc_and_regional_services_beside_it() -> None:
    groups = {
        "region": group("region", Box(0, 100, 900, 600), kind="region"),
        "vpc": group("vpc", Box(10, 200, 500, 590), kind="vpc", parent="region"),
        "dc": group("dc", Box(600, 0, 800, 90)),
    }
    nodes = {
        "users": NodeBox("users", Box(100, 0, 200, 90), role="actor", kind="actor"),
        "waf": NodeBox("waf", Box(250, 300, 350, 390), role="security", kind="waf"),
        "bucket": NodeBox("bucket", Box(600, 250, 700, 350), group="region", role="storage", kind="s3"),
        "queue": NodeBox("queue", Box(600, 150, 700, 250), role="messaging", kind="sqs"),
        "ldap": NodeBox("ldap", Box(610, 5, 700, 85), group="dc", role="database", kind="database"),
    }
    layout = Layout(nodes=nodes, groups=groups)
    assert entries_not_above_vpc(layout) == [
        "entry point 'waf' (250,300)-(350,390) is not above VPC 'vpc' (10,200)-(500,590)"
    ]
    # The queue starts above the VPC; the directory is on-premises, not a regional service.
    assert regional_services_not_beside_vpc(layout) == [
        "messaging 'queue' (600,150)-(700,250) is not beside a VPC ((10,200)-(500,590))"
    ]
    without_vpc = Layout(nodes=nodes, groups={"dc": groups["dc"]})
    assert entries_not_above_vpc(without_vpc) == regional_services_not_beside_vpc(without_vpc) == []


def test_a_data_subnet_is_written_as_one_or_holds_only_databases_and_caches() -> None:
    model = diagram(
        "vpc v {\n"
        "  subnet p public { alb lb }\n"
        "  subnet stores private { rds db\n elasticache cache }\n"
        "  subnet mixed private { rds db2\n ec2 app }\n"
        "  subnet d data { ec2 odd }\n"
        "  subnet unknown { dynamodb table }\n"
        "  subnet empty private { }\n"
        "}\n"
    )
    tiers = {ident: tier_of(model, ident) for ident in ("v", "p", "stores", "mixed", "d", "unknown", "empty")}
    assert tiers == {
        "v": None,
        "p": "public",
        "stores": "data",
        "mixed": "private",
        "d": "data",
        "unknown": "data",
        "empty": "private",
    }


def titled(title: Box) -> Layout:
    subnet = GroupBox("subnet", Box(100, 100, 300, 300), title, "subnet")
    return Layout(
        nodes={
            "inside": NodeBox("inside", Box(150, 200, 250, 280), group="subnet"),
            "above": NodeBox("above", Box(150, 0, 250, 60)),
        },
        groups={"subnet": subnet},
        edges=(
            EdgeLine("above", "inside", ((160, 60), (160, 200))),
            EdgeLine("above", "far", ((240, 60), (240, 400))),
        ),
    )


def test_an_edge_through_a_title_is_reported_unless_it_must_enter_past_a_title_as_wide_as_its_group() -> None:
    assert edges_across_titles(titled(Box(110, 105, 200, 125))) == [
        "edge above -> inside crosses the title of group 'subnet' (110,105)-(200,125)"
    ]
    assert edges_across_titles(titled(Box(110, 105, 250, 125))) == [
        "edge above -> inside crosses the title of group 'subnet' (110,105)-(250,125)",
        "edge above -> far crosses the title of group 'subnet' (110,105)-(250,125)",
    ]
    # No room beside the title: the edge to the node inside is excused, the one passing by is not.
    assert edges_across_titles(titled(Box(110, 105, 290, 125))) == [
        "edge above -> far crosses the title of group 'subnet' (110,105)-(290,125)"
    ]
    assert edges_across_titles(titled(Box(170, 105, 230, 125))) == []  # between the two edges


def test_labels_leave_no_group_and_cross_no_border() -> None:
    groups = {
        "vpc": group("vpc", Box(0, 0, 400, 400), kind="vpc"),
        "a": group("a", Box(10, 10, 190, 390), kind="subnet", parent="vpc"),
        "b": group("b", Box(210, 10, 390, 390), kind="subnet", parent="vpc"),
    }
    layout = Layout(
        nodes={
            "alb": NodeBox("alb", Box(20, 20, 120, 100), Box(10, 100, 200, 115), "a"),
            "app": NodeBox("app", Box(220, 20, 320, 100), Box(230, 100, 310, 115), "b"),
        },
        groups=groups,
        edges=(
            EdgeLine("alb", "app", ((120, 60), (220, 60)), Box(180, 50, 230, 62)),
            EdgeLine("app", "alb", ((220, 80), (120, 80)), Box(192, 70, 208, 82)),
        ),
    )
    assert labels_outside_groups(layout) == [
        "label of node 'alb' (10,100)-(200,115) leaves its group 'a'",
        "label of edge alb -> app (180,50)-(230,62) lies across the border of group 'a'",
        "label of edge alb -> app (180,50)-(230,62) lies across the border of group 'b'",
    ]


def test_crossings_count_proper_intersections_between_different_edges() -> None:
    nodes = {
        name: NodeBox(name, Box(x - 5, y - 5, x + 5, y + 5))
        for name, x, y in [("a", 0, 0), ("b", 100, 100), ("c", 100, 0), ("d", 0, 100), ("e", 50, -100)]
    }
    cross = (EdgeLine("a", "b", ((0, 0), (100, 100))), EdgeLine("c", "d", ((100, 0), (0, 100))))
    assert crossings(Layout(nodes=nodes, edges=cross)) == 1
    # Two edges out of one node start at the same place: not a crossing.
    fan = (
        EdgeLine("e", "b", ((50, -100), (40, -80), (100, 100))),
        EdgeLine("e", "d", ((50, -100), (60, -80), (0, 100))),
    )
    assert crossings(Layout(nodes=nodes, edges=fan)) == 1  # the fan's two edges cross once, far from 'e'
    near = (
        EdgeLine("e", "b", ((50, -100), (52, -96), (100, 100))),
        EdgeLine("e", "d", ((50, -100), (49, -97), (0, 100))),
    )
    assert crossings(Layout(nodes=nodes, edges=near)) == 0
    parallel = (EdgeLine("a", "c", ((0, 0), (100, 0))), EdgeLine("d", "b", ((0, 100), (100, 100))))
    assert crossings(Layout(nodes=nodes, edges=parallel)) == 0
    # A wiggly edge crossing a straight one twice counts twice; one edge never crosses itself.
    wiggle = EdgeLine("a", "c", ((0, 50), (30, 40), (60, 60), (100, 40)))
    straight = EdgeLine("d", "b", ((0, 50), (100, 50)))
    assert crossings(Layout(nodes=nodes, edges=(wiggle, straight))) == 2
    assert crossings(Layout(nodes=nodes, edges=(EdgeLine("a", "b", ((0, 0), (100, 100), (100, 0), (0, 100))),))) == 0


def test_graphviz_json_is_read_with_y_down_and_splines_flattened() -> None:
    model = diagram('vpc v "VPC" {\n ec2 a "A"\n}\nec2 b "B"\na -> b : "go"\n')
    output = {
        "bb": "0,0,300,200",
        "objects": [
            {
                "_gvid": 0,
                "name": "cluster_0",
                "bb": "10,100,150,190",
                "label": "VPC",
                "lp": "40,180",
                "lwidth": "0.5",
                "lheight": "0.2",
            },
            {
                "_gvid": 1,
                "name": "a",
                "pos": "80,140",
                "width": "1",
                "height": "0.5",
                "_ldraw_": [
                    {"op": "F", "size": 10.0},
                    {"op": "T", "pt": [80, 120], "align": "c", "width": 20, "text": "A\u2007"},
                ],
            },
            {"_gvid": 2, "name": "b", "pos": "250,40", "width": "1", "height": "0.5"},
            {"_gvid": 3, "name": "cluster_0_anchor", "pos": "20,20", "width": "0", "height": "0", "style": "invis"},
        ],
        "edges": [
            {
                "tail": 1,
                "head": 2,
                "pos": "e,250,58 80,122 80,90 250,90 250,70",
                "_ldraw_": [
                    {"op": "F", "size": 10.0},
                    {"op": "T", "pt": [160, 100], "align": "l", "width": 16, "text": "go"},
                ],
            },
            {"tail": 2, "head": 1, "pos": "250,20 250,10 80,10 80,120", "style": "invis"},
        ],
    }
    layout = layout_from_json(json.dumps(output), model, {"cluster_0": "v"})
    assert layout.groups["v"].box == Box(10, 10, 150, 100)
    assert layout.groups["v"].title == Box(22, 12.8, 58, 27.2)
    assert layout.nodes["a"] == NodeBox("a", Box(44, 42, 116, 78), Box(70, 71, 90, 82.5), "v", "compute", "ec2")
    assert set(layout.nodes) == {"a", "b"}  # the invisible anchor is scaffolding
    (edge,) = layout.edges
    assert (edge.source, edge.target, edge.label) == ("a", "b", Box(160, 91, 176, 102.5))
    assert edge.points[0] == (80, 78) and edge.points[-2] == (250, 130) and edge.points[-1] == (250, 142)
    assert len(edge.points) == 14  # the start, twelve steps along the one Bezier piece, the arrow's tip


@pytest.mark.parametrize("engine", ENGINES)
def test_layouts_map_clusters_to_groups_and_nodes_inside_them(engine: str) -> None:
    (document,) = load_paths([str(EXAMPLES / "prototype.arch")])
    layout = layout_of(document.diagrams[0], engine)
    assert set(layout.groups) == {group.id for group in document.diagrams[0].groups}
    assert set(layout.nodes) == {node.id for node in document.diagrams[0].nodes}
    app = layout.nodes["app"]
    # 1.4 x 1.9 inches; dot 2.43 rounds a node's size to whole points
    assert app.box.width == pytest.approx(100.8, abs=0.5) and app.box.height == pytest.approx(136.8, abs=0.5)
    assert app.label is not None and app.box.contains(app.label, 0)
    for group_id in layout.ancestors(app.group):
        assert layout.groups[group_id].box.contains(app.box)
    assert all(group.title is not None for group in layout.groups.values())
    assert len(layout.edges) == len(document.diagrams[0].edges)


# The pictures archdsl draws: every check holds on both engines.


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("picture", DIAGRAMS)
def test_the_picture_is_laid_out_as_an_architect_expects(picture: Diagram, engine: str) -> None:
    found = {check: found for check, found in all_violations(layout_of(picture, engine)).items() if found}
    assert found == {}
