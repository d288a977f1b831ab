"""Titles and edge labels moved clear after Graphviz's layout, and the layout pinned for nop2 to draw."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT
from geometry import edges_across_titles, labels_outside_groups, layout_from_json, layout_of, zones_out_of_order
from graphviz.quoting import quote
from hypothesis import example, given
from hypothesis import strategies as st

from archdsl.dsl import parse_text
from archdsl.loader import load_paths
from archdsl.render import engines
from archdsl.render.dot import _identifier, build_dot
from archdsl.render.fonts import ROOM
from archdsl.render.pinned import FIRM, pin, pinned, widened
from archdsl.render.pipeline import RenderFailed, RenderOptions, render
from archdsl.render.placement import Area, Cluster, Laid, Line, Moves, level, place_text, read_layout, stranded
from archdsl.render.theme import THEMES


def laid_out(cluster_box: str, edges: list[dict[str, object]]) -> str:
    """A -Tjson layout by hand: cluster_a (title "Subnet", 57.6 x 14.4 points, anchored at 40,88) around node a
    at 100,50; node b outside it at 100,250; both nodes 36 points square."""
    objects = [
        {
            "_gvid": 0,
            "name": "cluster_a",
            "bb": cluster_box,
            "lp": "40,88",
            "lwidth": "0.80",
            "lheight": "0.20",
            "label": "Subnet",
            "nodes": [1],
            "subgraphs": [],
        },
        {"_gvid": 1, "name": "a", "pos": "100,50", "width": "0.5", "height": "0.5"},
        {"_gvid": 2, "name": "b", "pos": "100,250", "width": "0.5", "height": "0.5"},
    ]
    return json.dumps({"bb": "0,0,300,300", "_subgraph_cnt": 1, "objects": objects, "edges": edges})


DOWN_THROUGH_TITLE = [{"_gvid": 0, "tail": 2, "head": 1, "pos": "e,50,40 50,150 50,120 50,80 50,50"}]


def test_a_title_an_edge_runs_through_slides_right_past_the_edge() -> None:
    # The title spans x 11.2-68.8; the edge runs down x=50. Kept 3 points clear: it starts at x=53.
    moves = place_text(read_layout(laid_out("0,0,200,100", DOWN_THROUGH_TITLE)))
    assert moves.titles == {"cluster_a": pytest.approx((81.8, 88.0))}
    assert moves.blocked == {} and moves.labels == {}


def test_a_title_with_no_clear_stretch_says_how_much_room_its_group_needs() -> None:
    # 100 points wide: 35.8 clear left of the edge, 44 right of it, for a title of 57.6. It asks for at
    # least half its width, so that the room given is not crossed by the same edge again.
    moves = place_text(read_layout(laid_out("0,0,100,100", DOWN_THROUGH_TITLE)))
    assert moves.titles == {}
    assert moves.blocked == {"cluster_a": pytest.approx(28.8)}


def test_a_title_no_edge_runs_through_stays_where_graphviz_put_it() -> None:
    beside = [{"_gvid": 0, "tail": 2, "head": 1, "pos": "e,150,40 150,150 150,120 150,80 150,50"}]
    assert place_text(read_layout(laid_out("0,0,200,100", beside))) == Moves()


def test_an_edge_to_a_group_runs_in_the_groups_parent_and_leaves_the_other_edges_homes_alone() -> None:
    layout = json.loads(laid_out("0,0,200,100", []))
    layout["objects"][0]["nodes"] = [1, 3]
    layout["objects"].append({"_gvid": 3, "name": "d", "pos": "150,50", "width": "0.5", "height": "0.5"})
    layout["edges"] = [
        {"_gvid": 0, "tail": 2, "head": 1, "lhead": "cluster_a", "pos": "100,232 100,200 100,150 100,100"},
        {"_gvid": 1, "tail": 3, "head": 1, "pos": "132,50 125,50 122,50 118,50"},
    ]
    to_group, inside = read_layout(json.dumps(layout)).lines
    assert (to_group.home, inside.home) == (None, "cluster_a")


def labelled(lp: str, baseline: float) -> list[dict[str, object]]:
    """The edge a -> b straight up x=100, its 40-point label "reads" (10 points) anchored at ``lp``."""
    text = [
        {"op": "F", "size": 10.0},
        {"op": "T", "pt": [float(lp.split(",")[0]), baseline], "align": "c", "width": 40, "text": "reads"},
    ]
    return [
        {"_gvid": 0, "tail": 1, "head": 2, "pos": "e,100,232 100,68 100,120 100,180 100,222", "lp": lp, "_ldraw_": text}
    ]


def test_a_label_across_a_border_moves_along_its_edge_to_the_nearest_clear_place() -> None:
    # Graphviz put the label across the top of cluster_a (y 94.5-106). Its edge leaves the cluster, so
    # the label belongs outside it: right of the edge (x from 103) and 3 points above the border.
    moves = place_text(read_layout(laid_out("0,0,200,100", labelled("120,100", 97.0))))
    assert moves.labels == {0: pytest.approx((123.0, 109.885), abs=0.01)}
    assert (
        moves.titles == {} and stranded(read_layout(laid_out("0,0,200,100", labelled("120,100", 97.0))), {0}) == set()
    )


def test_a_label_with_no_place_beside_its_edge_is_reported_stranded() -> None:
    # Both ends inside cluster_a, 100 points wide: a 150-point label fits nowhere in it, beside the edge or not.
    text = [{"op": "F", "size": 10.0}, {"op": "T", "pt": [50.0, 97.0], "align": "c", "width": 150, "text": "x"}]
    layout = {
        "bb": "0,0,300,300",
        "_subgraph_cnt": 1,
        "objects": [
            {"_gvid": 0, "name": "cluster_a", "bb": "0,0,100,200", "nodes": [1, 2], "subgraphs": []},
            {"_gvid": 1, "name": "a", "pos": "50,40", "width": "0.5", "height": "0.5"},
            {"_gvid": 2, "name": "c", "pos": "50,160", "width": "0.5", "height": "0.5"},
        ],
        "edges": [
            {
                "_gvid": 0,
                "tail": 1,
                "head": 2,
                "pos": "e,50,142 50,58 50,90 50,110 50,132",
                "lp": "50,100",
                "_ldraw_": text,
            }
        ],
    }
    laid = read_layout(json.dumps(layout))
    assert place_text(laid).labels == {} and stranded(laid, {0}) == {0} and stranded(laid, set()) == set()


def test_a_label_that_lies_clear_stays() -> None:
    assert place_text(read_layout(laid_out("0,0,200,100", labelled("120,150", 147.0)))).labels == {}


def zones(*boxes: Area, nodes: tuple[Area, ...] = (), lines: tuple[Line, ...] = ()) -> Laid:
    """AZ clusters a, b, ... with the given boxes, each titled in its top-left corner, in a VPC around them all."""
    clusters = {
        name: Cluster(
            name, box, Area(box.left + 8, box.high - 20, box.left + 60, box.high - 6), (34, box.high - 13), ("vpc",)
        )
        for name, box in zip("abc", boxes, strict=False)
    }
    clusters["vpc"] = Cluster("vpc", Area(-50, -50, 500, 500), None, None, ())
    return Laid(clusters, nodes, lines)


def test_sibling_az_boxes_reach_as_far_as_the_furthest_of_them_over_empty_space() -> None:
    tall, short = Area(0, 100, 100, 300), Area(110, 200, 210, 300)
    levelled = level(zones(tall, short), [["a", "b"]], across=True)
    assert levelled.clusters["b"].box == Area(110, 100, 210, 300) and levelled.clusters["a"].box == tall
    assert levelled.clusters["b"].title == zones(tall, short).clusters["b"].title  # its top did not move
    # A node (or a label, or another group) below the short one: it stays as Graphviz drew it.
    blocked = zones(tall, short, nodes=(Area(150, 120, 170, 140),))
    assert level(blocked, [["a", "b"]], across=True).clusters["b"].box == short
    # Left to right, the columns are rows: level at their left and right ends.
    wide, narrow = Area(0, 0, 300, 100), Area(0, 110, 200, 210)
    assert level(zones(wide, narrow), [["a", "b"]], across=False).clusters["b"].box == Area(0, 110, 300, 210)


def test_a_box_grows_on_its_titled_side_only_where_no_edge_runs_and_its_title_moves_with_it() -> None:
    high, low = Area(0, 100, 100, 300), Area(110, 100, 210, 250)
    levelled = level(zones(high, low), [["a", "b"]], across=True).clusters["b"]
    assert levelled.box == Area(110, 100, 210, 300)
    assert levelled.title == Area(118, 280, 170, 294) and levelled.title_at == (34, 287)
    down = Line(0, ((160, 400), (160, 260)), None, None, None, Area(160, 260, 160, 400))
    assert level(zones(high, low, lines=(down,)), [["a", "b"]], across=True).clusters["b"].box == low


DOT = """digraph {
\tsubgraph cluster_0 {
\t\tgraph [label="A" margin=14]
\t\ta
\t}
\t"b \\"quoted\\"" [label=B]
\ta -> "b \\"quoted\\"" [label=x]
\ta -> "b \\"quoted\\"" [style=invis]
}
"""
LAYOUT = {
    "bb": "0,0,100,200",
    "lp": "50,190",
    "_subgraph_cnt": 1,
    "objects": [
        {"_gvid": 0, "name": "cluster_0", "bb": "10,10,90,90", "lp": "30,80", "nodes": [1]},
        {"_gvid": 1, "name": "a", "pos": "50,40"},
        {"_gvid": 2, "name": 'b "quoted"', "pos": "50,160"},
    ],
    # Graphviz writes edges grouped by tail; these two have the same ends and keep their order.
    "edges": [
        {"_gvid": 0, "tail": 1, "head": 2, "pos": "e,50,140 50,58 50,90 50,110 50,130", "lp": "60,100"},
        {"_gvid": 1, "tail": 1, "head": 2, "pos": "50,58 50,90 50,110 50,142", "style": "invis"},
    ],
}


def test_the_pinned_dot_places_every_node_edge_cluster_and_label_where_the_layout_and_moves_say() -> None:
    moves = Moves(titles={"cluster_0": (55.5, 80.0)}, labels={0: (70.0, 120.25)})
    assert pinned(DOT, json.dumps(LAYOUT), moves) == (
        "digraph {\n"
        "\tsubgraph cluster_0 {\n"
        '\t\tgraph [bb="10,10,90,90" lp="55.50,80.00"]\n'
        '\t\tgraph [label="A" margin=14]\n'
        "\t\ta\n"
        "\t}\n"
        '\t"b \\"quoted\\"" [label=B]\n'
        '\ta -> "b \\"quoted\\"" [label=x pos="e,50,140 50,58 50,90 50,110 50,130" lp="70.00,120.25"]\n'
        '\ta -> "b \\"quoted\\"" [style=invis pos="50,58 50,90 50,110 50,142"]\n'
        '\t"a" [pos="50,40"]\n'
        '\t"b \\"quoted\\"" [pos="50,160"]\n'
        '\tgraph [bb="0,0,100,200" lp="50,190"]\n'
        "}\n"
    )


def test_a_layout_of_another_graph_pins_nothing() -> None:
    other = dict(LAYOUT, edges=LAYOUT["edges"][:1])  # one edge fewer than the DOT has
    assert pinned(DOT, json.dumps(other), Moves()) is None
    renamed = json.loads(json.dumps(LAYOUT))
    renamed["objects"][2]["name"] = "c"
    assert pinned(DOT, json.dumps(renamed), Moves()) is None


def test_room_for_a_title_is_blank_space_after_it_in_its_label() -> None:
    html = (
        "digraph {\n\tsubgraph cluster_0 {\n\t\tgraph [label=<<TABLE><TR><TD>A</TD></TR></TABLE>> margin=14]\n"
        '\t\ta\n\t}\n\tsubgraph cluster_1 {\n\t\tgraph [label="B \\"x\\"" margin=14]\n\t\tb\n\t}\n}\n'
    )
    assert widened(html, {"cluster_0": 20.2, "cluster_1": 11.0}) == html.replace(
        "</TD></TR>", '</TD><TD WIDTH="21"></TD></TR>'
    ).replace('\\"x\\""', '\\"x\\"' + ROOM * 3 + '"')
    assert widened(html, {}) == html


def test_the_layout_with_the_fewest_titles_without_room_is_the_one_drawn_without_the_room() -> None:
    crossed = laid_out("0,0,100,100", DOWN_THROUGH_TITLE)
    clear = laid_out("0,0,200,100", DOWN_THROUGH_TITLE)
    tried: list[str] = []

    def lay(source: str) -> bytes:
        tried.append(source)
        return (crossed if len(tried) == 1 else clear).encode()

    dot = 'digraph {\n\tsubgraph cluster_a {\n\t\tgraph [label="Subnet"]\n\t\ta\n\t}\n\tb\n\tb -> a\n}\n'
    drawn = pin(dot, lay)
    # 28.8 points short in a group 100 wide: the title gets room to make the group 28.8 + 8 wider (63.2 points,
    # 13 room characters of at most 5), and the layout with room has a clear stretch right of the edge.
    assert tried == [dot, dot.replace('"Subnet"', '"Subnet' + ROOM * 13 + '"')]
    assert drawn is not None and ROOM not in drawn
    assert '\t\tgraph [bb="0,0,200,100" lp="81.80,88.00"]\n' in drawn


def test_a_picture_with_nothing_to_move_is_left_as_graphviz_lays_it_out() -> None:
    beside = [{"_gvid": 0, "tail": 2, "head": 1, "pos": "e,150,40 150,150 150,120 150,80 150,50"}]
    tried: list[str] = []

    def lay(source: str) -> bytes:
        tried.append(source)
        return laid_out("0,0,200,100", beside).encode()

    dot = 'digraph {\n\tsubgraph cluster_a {\n\t\tgraph [label="Subnet"]\n\t\ta\n\t}\n\tb\n\tb -> a\n}\n'
    assert pin(dot, lay) is None and tried == [dot]


ZONES_DOT = (
    'digraph {\n\tsubgraph cluster_vpc {\n\t\t"archdsl zone 0 0 0"\n\t\t//archdsl:firm "archdsl zone 0 0 1"\n'
    '\t\t"archdsl zone 0 1 0"\n\t\tsubgraph cluster_a {\n\t\t\ta\n\t\t}\n'
    "\t\tsubgraph cluster_b {\n\t\t\tb\n\t\t}\n\t}\n"
    '\t"archdsl zone 0 0 0" -> "archdsl zone 0 1 0" [style=invis]\n\t"archdsl zone 0 0 0" -> a [style=invis]\n'
    '\t"archdsl zone 0 1 0" -> b [style=invis]\n\t//archdsl:firm "archdsl zone 0 0 1" -> a [style=invis]\n}\n'
)


def zones_laid_out(rankdir: str, first_zone: str, second_zone: str, firm: bool = False) -> str:
    """A -Tjson layout of ZONES_DOT by hand (with its firm lines in, if ``firm``): two AZ clusters, a and b, each
    around its head (node 5 in a, 6 in b), hanging from the zone guides 3 and 4 in that order; boxes as given."""
    # As Graphviz writes them: the subgraphs first, then the nodes.
    objects = [
        {"_gvid": 0, "name": "cluster_vpc", "bb": "0,0,500,500", "nodes": [3, 4, 5, 6], "subgraphs": [1, 2]},
        {"_gvid": 1, "name": "cluster_a", "bb": first_zone, "nodes": [5], "subgraphs": []},
        {"_gvid": 2, "name": "cluster_b", "bb": second_zone, "nodes": [6], "subgraphs": []},
        {"_gvid": 3, "name": "archdsl zone 0 0 0", "pos": "50,400"},
        {"_gvid": 4, "name": "archdsl zone 0 1 0", "pos": "250,400"},
        {"_gvid": 5, "name": "a", "pos": "50,50"},
        {"_gvid": 6, "name": "b", "pos": "250,50"},
    ]
    edges = [
        {"_gvid": 0, "tail": 3, "head": 4, "style": "invis"},
        {"_gvid": 1, "tail": 3, "head": 5, "style": "invis"},
        {"_gvid": 2, "tail": 4, "head": 6, "style": "invis"},
    ]
    if firm:
        objects.append({"_gvid": 7, "name": "archdsl zone 0 0 1", "pos": "100,400"})
        edges.append({"_gvid": 3, "tail": 7, "head": 5, "style": "invis"})
    layout = {"rankdir": rankdir, "bb": "0,0,500,500", "_subgraph_cnt": 3, "objects": objects, "edges": edges}
    return json.dumps(layout)


@pytest.mark.parametrize(
    ("rankdir", "in_order", "swapped"),
    [
        # Left to right in TB; bottom to top in LR, where layout._drawn_order lists a group's order reversed.
        ("TB", ("10,10,100,100", "200,10,300,100"), ("200,10,300,100", "10,10,100,100")),
        ("LR", ("10,10,100,100", "10,200,100,300"), ("10,200,100,300", "10,10,100,100")),
    ],
)
def test_az_columns_out_of_order_are_laid_out_again_with_the_firm_guides(
    rankdir: str, in_order: tuple[str, str], swapped: tuple[str, str]
) -> None:
    tried: list[str] = []

    def lay(*layouts: str) -> Callable[[str], bytes]:
        return lambda source: (tried.append(source), layouts[len(tried) - 1].encode())[1]

    assert pin(ZONES_DOT, lay(zones_laid_out(rankdir, *in_order))) is None and tried == [ZONES_DOT]
    tried.clear()
    drawn = pin(ZONES_DOT, lay(zones_laid_out(rankdir, *swapped), zones_laid_out(rankdir, *in_order, firm=True)))
    firm = ZONES_DOT.replace(FIRM, "")
    assert tried == [ZONES_DOT, firm]
    # Nothing moved, but the picture is the firm DOT's layout: pinned, so that nop2 draws that one.
    assert drawn is not None and FIRM not in drawn
    assert '\t"archdsl zone 0 0 1" [pos="100,400"]\n' in drawn and '\t\tgraph [bb="10,10,100,100"]' in drawn
    tried.clear()
    # Without firm lines there is nothing to lay out again.
    plain = "\n".join(line for line in ZONES_DOT.split("\n") if FIRM not in line)
    assert pin(plain, lay(zones_laid_out(rankdir, *swapped))) is None and tried == [plain]


@pytest.mark.parametrize("engine", ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)])
def test_a_note_whose_az_columns_graphviz_swaps_is_drawn_with_them_in_declared_order(engine: str) -> None:
    (document,) = load_paths([str(ROOT / "tests/data/layouts/three-tier-gateway.md")])
    (diagram,) = document.diagrams
    chosen = engines.select(engine)
    drawing = build_dot(diagram, THEMES["light"], html_labels=chosen.html_labels)
    light = engines.layout_json(chosen, drawing.dot.replace(FIRM, "//"))  # no firm DOT to fall back on
    drawn = engines.layout_json(chosen, drawing.dot)
    assert zones_out_of_order(layout_from_json(light, diagram, drawing.cluster_groups)) != []
    assert zones_out_of_order(layout_from_json(drawn, diagram, drawing.cluster_groups)) == []
    assert "archdsl zone 0 0 4" in {obj["name"] for obj in json.loads(drawn)["objects"]}


@pytest.mark.parametrize("engine", ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)])
def test_a_label_with_no_room_between_two_az_columns_gets_the_columns_held_apart(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (document,) = load_paths([str(ROOT / "examples/notes.md")])
    diagram = document.diagrams[0]
    chosen = engines.select(engine)
    drawing = build_dot(diagram, THEMES["light"], html_labels=chosen.html_labels)
    sources: list[str] = []
    layouts: list[bytes] = []

    def lay(source: str, given: Callable[[str], bytes]) -> bytes:
        sources.append(source)
        layouts.append(given(source))
        return layouts[-1]

    real_pin = engines.pin
    monkeypatch.setattr(engines, "pin", lambda dot, given: real_pin(dot, lambda source: lay(source, given)))
    drawn = engines.layout_json(chosen, drawing.dot)
    light = layouts[0]
    assert FIRM in sources[0] and FIRM not in sources[1] and '"archdsl zone 0 0 4" -> ' in sources[1]
    # One guide a column leaves the columns too close for "replication", the edge between the two databases.
    edges = json.loads(light)["edges"]
    names = {obj["_gvid"]: obj["name"] for obj in json.loads(light)["objects"]}
    laid = read_layout(light)
    assert [
        (names[edges[index]["tail"]], names[edges[index]["head"]]) for index in stranded(laid, range(len(edges)))
    ] == [("Aurora_Writer", "Aurora_Reader")]
    layout = layout_from_json(drawn, diagram, drawing.cluster_groups)
    (replication,) = [edge for edge in layout.edges if edge.source == "Aurora_Writer"]
    first, second = (layout.groups[zone].box for zone in ("AZ1", "AZ2"))
    assert replication.label is not None
    assert first.right < replication.label.left and replication.label.right < second.left


# Left out, as Graphviz does not keep them as written: a name starting with "%" (it numbers those itself), and
# line breaks (the graphviz package writes "0\n" unquoted; a name of only a line break is read as empty). Such a
# picture is drawn as Graphviz lays it out, unpinned (tested below).
NAMES = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), min_size=1, max_size=12
).filter(lambda name: not name.startswith("%"))


def test_a_layout_with_room_that_graphviz_cannot_make_leaves_the_first_one_drawn() -> None:
    attempts: list[str] = []

    def lay(source: str) -> bytes:
        attempts.append(source)
        if len(attempts) > 1:
            raise RenderFailed("trouble in init_rank")
        return laid_out("0,0,100,100", DOWN_THROUGH_TITLE).encode()

    dot = 'digraph {\n\tsubgraph cluster_a {\n\t\tgraph [label="Subnet"]\n\t\ta\n\t}\n\tb\n\tb -> a\n}\n'
    # Nothing moved in the first layout: it is drawn as Graphviz laid it out, the title where it was.
    assert pin(dot, lay) is None
    assert len(attempts) == 2
    with pytest.raises(RenderFailed):
        pin(dot, lambda source: (_ for _ in ()).throw(RenderFailed("syntax error")))


@pytest.mark.needs_dot
@example("cluster")  # a node named like a cluster: Graphviz lists it with the nodes, and so must pinning
@given(st.one_of(NAMES, st.sampled_from(["a\nb", "-1.5", "x -> y", 'q"\\', "\\\\", "é 中", "cluster", "cluster_0"])))
def test_graphviz_reads_every_node_name_as_pinning_reads_it(name: str) -> None:
    quoted = quote(_identifier(name))  # as archdsl/render/dot.py writes a node's id
    source = f"digraph {{\n\t{quoted}\n\t{quoted} -> b\n}}\n"
    executable = shutil.which("dot")
    assert executable is not None
    layout = subprocess.run([executable, "-Tjson"], input=source.encode(), capture_output=True, check=True).stdout
    again = pinned(source, layout, Moves())
    assert again is not None
    drawn = subprocess.run([executable, "-Knop2", "-Tjson"], input=again.encode(), capture_output=True, check=True)
    before = {obj["name"]: obj["pos"] for obj in json.loads(layout)["objects"]}
    after = {obj["name"]: obj["pos"] for obj in json.loads(drawn.stdout)["objects"]}
    assert after == before


@pytest.mark.parametrize("engine", ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)])
def test_a_layout_that_cannot_be_pinned_is_drawn_as_graphviz_lays_it_out(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = parse_text('vpc v "VPC" {\n ec2 a "A"\n}\nec2 b "B"\na -> b : "go"\n', "unpinned.arch")
    assert parsed.diagram is not None
    pinned_svg = render(parsed.diagram, ["svg"], RenderOptions(engine=engine))["svg"]
    monkeypatch.setattr(engines, "pin", lambda dot, lay: (lay(dot), None)[1])
    unpinned_svg = render(parsed.diagram, ["svg"], RenderOptions(engine=engine))["svg"]
    # The same picture either way: nothing here needed moving.
    assert unpinned_svg.count(b'<g id="node') == pinned_svg.count(b'<g id="node') == 2
    assert b">go<" in unpinned_svg and b">go<" in pinned_svg


@pytest.mark.needs_dot
@pytest.mark.parametrize(
    ("path", "runs"),
    [
        # Nothing to move: the PNG started beside the layout is the picture.
        ("examples/prototype.arch", ["png", "layout0", "svg"]),
        # AZ columns: the firm DOT laid out beside the first layout instead, unused here (the columns keep their
        # order with one guide); a title with no room at first: laid out again with room; drawn by nop2.
        ("examples/growth-10k.arch", ["firm", "layout0", "layout1", "svg nop2", "png nop2"]),
        # The firm layout used (a label between the zones needs the room), then laid out again for a title's room.
        ("examples/notes.md", ["firm", "layout0", "layout1", "svg nop2", "png nop2"]),
    ],
)
def test_the_png_starts_with_the_layout_and_is_drawn_again_only_when_text_moved(
    path: str, runs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (document,) = load_paths([str(ROOT / path)])
    started: list[str] = []
    original = subprocess.Popen

    def recording(command: list[str], **options: object) -> subprocess.Popen[bytes]:
        output = Path(command[command.index("-o") + 1])
        started.append(output.stem + (" nop2" if "-Knop2" in command else ""))
        return original(command, **options)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(engines.subprocess, "Popen", recording)
    drawn = render(document.diagrams[0], ["svg", "png"], RenderOptions(engine="system"))
    assert started == runs
    assert drawn["png"].startswith(b"\x89PNG")


@pytest.mark.parametrize("engine", ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)])
def test_of_the_layouts_tried_the_one_with_the_least_text_out_of_place_is_drawn(engine: str) -> None:
    # A real note: room for the subnets' titles pushes the replication edge's label ("synchronous") out of the gap
    # between the zones, onto their borders; the layout without that room keeps it there, at one crossed title.
    (document,) = load_paths([str(ROOT / "tests/realworld/notes/aws-18-production-alb-no-waf.md")])
    layout = layout_of(document.diagrams[0], engine)
    assert labels_outside_groups(layout) == []
    assert len(edges_across_titles(layout)) <= 1


@pytest.mark.parametrize("engine", ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)])
def test_a_node_named_like_archdsl_s_hidden_nodes_is_drawn_as_the_note_wrote_it(engine: str) -> None:
    # The guides and anchors archdsl adds are named with spaces; these ids were once the names of some of them.
    note = (
        'vpc v "VPC" {\n az a "A" {\n  ec2 _archdsl_zone0_0_0 "first"\n }\n'
        ' az b "B" {\n  ec2 _archdsl_order0_1_0 "second"\n }\n az c "C" {\n }\n}\n'
        'ec2 cluster_3_anchor "third"\n'  # the empty AZ c is cluster_3; its anchor once had this name
        "_archdsl_zone0_0_0 -> _archdsl_order0_1_0\n_archdsl_order0_1_0 -> cluster_3_anchor\n"
    )
    parsed = parse_text(note, "hidden-names.arch")
    assert parsed.diagram is not None
    svg = render(parsed.diagram, ["svg"], RenderOptions(engine=engine))["svg"].decode()
    assert svg.count('class="node"') == 3
    assert all(f">{label}</text>" in svg for label in ("first", "second", "third"))
