"""The layout plan: which group is an AZ column, which subnet a tier row, what sits above or beside the VPC."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES
from geometry import layout_of, staggered_azs, tiers_out_of_order
from graphviz.quoting import quote

from archdsl.dsl import parse_text
from archdsl.loader import load_paths, load_source
from archdsl.model import Diagram
from archdsl.render.dot import build_dot
from archdsl.render.layout import Order, Tier, plan_layout, subnet_tier
from archdsl.render.pinned import FIRM, firmed
from archdsl.render.theme import THEMES
from archdsl.sources import SourceText

# Two AZs declared data-first in one and app-first in the other; a load balancer across the zones.
TWO_ZONES = """
title "Shop"
direction TB
actor shoppers "Shoppers"
route53 names "Route 53"
cloudwatch watch "CloudWatch"
s3 media "Media"
dynamodb carts "Carts"
vpc shop {
  alb front "Front door"
  az one "zone one" {
    subnet db-1 data { rds primary "Primary" }
    subnet app-1 private { ec2 app1 "App 1" }
    subnet web-1 public { nat nat1 "NAT 1" }
  }
  az two "zone two" {
    subnet app-2 private { ec2 app2 "App 2" }
    subnet db-2 data { rds standby "Standby" }
    subnet web-2 public { nat nat2 "NAT 2" }
  }
}
shoppers -> names
shoppers -> front : "HTTPS"
front -> app1, app2
app1, app2 -> primary : "SQL"
primary ..> standby : "replication"
app1, app2 ..> watch : "metrics"
app1 -> carts
app2 -> nat2
"""


def diagram(text: str) -> Diagram:
    parsed = parse_text(text, "plan.arch")
    assert parsed.diagram is not None
    return parsed.diagram


def mermaid(text: str) -> Diagram:
    document = load_source(SourceText("note.md", f"```mermaid\n{text}```\n"), markdown=True)
    (found,) = document.diagrams
    return found


def test_subnets_are_rows_public_then_app_then_data_whatever_the_declared_order() -> None:
    plan = plan_layout(diagram(TWO_ZONES))
    cells = {cell.container: (cell.zone, cell.tier, cell.members) for cell in plan.cells}
    assert cells == {
        "db-1": ("one", Tier.DATA, ("primary",)),
        "app-1": ("one", Tier.APP, ("app1",)),
        "web-1": ("one", Tier.PUBLIC, ("nat1",)),
        "app-2": ("two", Tier.APP, ("app2",)),
        "db-2": ("two", Tier.DATA, ("standby",)),
        "web-2": ("two", Tier.PUBLIC, ("nat2",)),
    }
    # One rank per tier across the zones, zone one first; the regional column joins the app row.
    assert plan.rows == (
        ("nat1", "nat2"),
        ("app1", "app2"),
        ("primary", "standby"),
        ("shoppers", "names"),  # looked up by the shoppers alone: beside them, not a rank further down
        ("front", "media"),  # served by no row: level with the top of the VPC, beside its way in
        ("app2", "watch", "carts"),
    )
    # Zone one left of zone two; the regional services after every zone of their row, or the VPC's top.
    assert plan.orders == (
        Order("shop", ("nat1", "nat2"), zones=True),
        Order(None, ("front", "media")),
        Order(None, ("app1", "app2", "watch", "carts")),
    )
    # Every node of a row lies above the next row of its zone; the load balancer above the first row.
    assert {("nat1", "app1"), ("nat2", "app2"), ("app1", "primary"), ("app2", "standby")} <= set(plan.below)
    assert {("front", "nat1"), ("front", "nat2")} <= set(plan.below)


def test_entry_points_sit_above_the_vpc_and_regional_services_beside_it() -> None:
    plan = plan_layout(diagram(TWO_ZONES))
    assert plan.entries == ("shoppers", "names")
    assert plan.regional == ("watch", "media", "carts")
    # Two ranks: room for the VPC's and the subnets' titles between an entry point and the first row.
    assert ("shoppers", "front") in plan.far_below and ("names", "nat1") in plan.far_below
    # Media serves no row (nothing in the VPC reaches it): it stands level with the VPC's top, the load balancer.
    assert ("front", "media") in plan.rows and ("app2", "watch", "carts") in plan.rows


def test_monitoring_and_replication_edges_are_quiet_and_never_rank_a_node() -> None:
    model = diagram(TWO_ZONES)
    plan = plan_layout(model)
    labelled = {index: f"{edge.source}->{edge.target}" for index, edge in enumerate(model.edges)}
    assert sorted(labelled[index] for index in plan.quiet) == ["app1->watch", "app2->watch", "primary->standby"]
    # Edges to a regional service do not rank it either: it stands level with its row.
    assert sorted(labelled[index] for index in plan.unranked) == [
        "app1->carts",
        "app1->watch",
        "app2->watch",
        "primary->standby",
    ]


def test_the_dot_carries_the_plan_and_stays_byte_identical() -> None:
    model = diagram(TWO_ZONES)
    dot = build_dot(model, THEMES["light"]).dot
    assert dot == build_dot(model, THEMES["light"]).dot
    assert "newrank=true" in dot
    assert '\t{rank=same; "app1"; "app2"}\n' not in dot  # ids are quoted only when DOT needs it
    assert "\t{rank=same; app1; app2}\n" in dot
    # Each AZ column's head hangs from one guide; the guides are ordered among themselves, in the VPC's cluster.
    # Four more guides each wait behind FIRM, for a layout that drew the columns out of order (see pinned.pin).
    guides = {
        node: [quote(f"archdsl zone 0 {position} {copy}") for copy in range(5)]
        for position, node in enumerate(("nat1", "nat2"))
    }
    chain = [guide for hung in guides.values() for guide in hung]
    first, second = guides["nat1"][0], guides["nat2"][0]
    assert first == '"archdsl zone 0 0 0"'  # a name with spaces, which no model id can be
    assert (
        f"\t{{rank=same; {first}; {second}}}\n"
        f"\t{first} -> {second} [style=invis]\n"
        f"\t{first} -> nat1 [style=invis]\n"
        f"\t{second} -> nat2 [style=invis]\n"
        + f"\t{FIRM}{{rank=same; "
        + "; ".join(chain)
        + "}\n"
        + "".join(f"\t{FIRM}{left} -> {right} [style=invis]\n" for left, right in itertools.pairwise(chain))
        + "".join(f"\t{FIRM}{guide} -> {node} [style=invis]\n" for node, hung in guides.items() for guide in hung[1:])
    ) in dot
    firm = firmed(dot)
    assert FIRM not in firm and firm == dot.replace(FIRM, "")
    assert '\t\t"archdsl zone 0 0 4" [label="" height=0 shape=point style=invis width=0]\n' in firm
    # Guides at the root (a regional column's order) are one per node: stronger ones pull whole groups around.
    assert '\t"archdsl order 2 0 0" -> app1 [style=invis]\n' in dot and "archdsl order 2 0 1" not in dot
    assert "\tnames -> nat1 [style=invis weight=0 minlen=2]\n" in dot
    # app1 and app2 send metrics to CloudWatch: one light edge from their VPC, leaving from app2 (nearest).
    assert plan_layout(model).bundles == (("shop", (7, 8)),)
    assert (
        '\tapp2 -> watch [label=metrics color="#545B6480" dir=forward fontcolor="#232F3E" '
        "fontname=Roboto fontsize=11 ltail=cluster_0 style=dashed weight=0]\n"
    ) in dot
    assert "\tapp1 -> watch" not in dot
    vpc_start = dot.index("subgraph cluster_0")
    assert (
        vpc_start
        < dot.index('\t\t"archdsl zone 0 0 0" [')
        < dot.index(f'\t\t{FIRM}"archdsl zone 0 1 4" [')
        < dot.rindex("\t}")
    )
    assert dot.index("\t}") < dot.index('\t"archdsl order 1 0 0" [')  # the regional column's guides: at the root


def test_the_stores_of_a_data_subnet_stand_side_by_side() -> None:
    model = diagram(
        TWO_ZONES.replace('rds standby "Standby"', 'rds standby "Standby"\n elasticache replica "Replica"').replace(
            'rds primary "Primary"', 'elasticache cache "Cache"\n rds primary "Primary"'
        )
    )
    plan = plan_layout(model)
    assert plan.sequences == (("cache", "primary"), ("standby", "replica"))
    dot = build_dot(model, THEMES["light"]).dot
    assert "\t{rank=same; cache; primary}\n\tcache -> primary [style=invis]\n" in dot
    assert "\t{rank=same; standby; replica}\n\tstandby -> replica [style=invis]\n" in dot
    assert plan_layout(diagram(TWO_ZONES)).sequences == ()  # one store a subnet: nothing to order


@pytest.mark.parametrize("engine", ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)])
def test_a_store_that_feeds_another_still_stands_beside_it(engine: str) -> None:
    # The edge would rank the cache below the database; the data row keeps them level.
    model = diagram(
        TWO_ZONES.replace('rds primary "Primary"', 'rds primary "Primary"\n elasticache cache "Cache"')
        + "primary -> cache\n"
    )
    layout = layout_of(model, engine)
    assert layout.nodes["cache"].box.top == pytest.approx(layout.nodes["primary"].box.top)


def test_subnet_tiers_come_from_the_note_then_the_roles_then_the_name() -> None:
    model = diagram(
        """
vpc v {
  subnet a private { rds db "DB" }
  subnet b private { ec2 vm "VM"; rds db2 "DB 2" }
  subnet db-c { ec2 vm2 "VM 2" }
  subnet dmz { ec2 bastion "Bastion" }
  subnet plain { ec2 vm3 "VM 3" }
  subnet d data { ec2 vm4 "VM 4" }
}
"""
    )
    tiers = {group.id: subnet_tier(model, group) for group in model.groups if group.id != "v"}
    assert tiers == {
        "a": Tier.DATA,  # private, but holds only a database
        "b": Tier.APP,
        "db-c": Tier.DATA,
        "dmz": Tier.PUBLIC,
        "plain": Tier.APP,
        "d": Tier.DATA,
    }


def test_zones_without_subnets_put_databases_on_a_row_below_compute() -> None:
    model = mermaid(
        """graph TD
    User --> ALB
    subgraph VPC
        ALB --> EC2_1
        ALB --> EC2_2
        subgraph AZ1
            EC2_1 --> Aurora_Writer
        end
        subgraph AZ2
            EC2_2 --> Aurora_Writer
            Aurora_Writer --> Aurora_Reader
        end
    end
    EC2_1 & EC2_2 --> CloudWatch
"""
    )
    plan = plan_layout(model)
    assert plan.rows[:2] == (("EC2_1", "EC2_2"), ("Aurora_Writer", "Aurora_Reader"))
    assert {("EC2_1", "Aurora_Writer"), ("EC2_2", "Aurora_Reader"), ("ALB", "EC2_1")} <= set(plan.below)
    assert plan.entries == ("User",) and plan.regional == ("CloudWatch",)


def test_a_picture_without_a_vpc_gets_no_rows_and_its_monitor_stays_below() -> None:
    model = mermaid(
        """flowchart TB
    web[Web server] --> db[(Postgres)]
    web -.->|metrics| mon[CloudWatch]
"""
    )
    plan = plan_layout(model)
    assert not plan.applies and plan.cells == () and plan.entries == ()
    assert plan.quiet == {1} and plan.unranked == frozenset()
    dot = build_dot(model, THEMES["light"]).dot
    assert "newrank" not in dot and "rank=same" not in dot
    # Light and pulling nothing, but still ranked: a monitor with no other edge would float to the top.
    assert "constraint=false" not in dot and "weight=0" in dot


def test_architecture_beta_sides_become_ports_and_placement() -> None:
    model = mermaid(
        """architecture-beta
    group edge(cloud)[Edge]
    service cdn(logos:aws-cloudfront)[CDN] in edge
    service bucket(logos:aws-s3)[Bucket] in edge
    service api(logos:aws-api-gateway)[API]
    service fn(logos:aws-lambda)[Function]
    cdn:B --> T:bucket
    cdn:R --> L:api
    fn:L --> R:api
"""
    )
    plan = plan_layout(model)
    # Left to right: R/L sides run along the ranks, with ports on the facing sides.
    assert plan.ports == {1: ("e", "w"), 2: ("w", "e")}
    # fn:L --> R:api puts api left of fn: the edge runs against the ranks, so an invisible one ranks it.
    assert ("api", "fn") in plan.below and 2 in plan.unranked
    # cdn:B --> T:bucket puts bucket below cdn: within one rank in LR, ordered as Graphviz keeps a group's
    # guides left to right, bottom to top.
    assert ("cdn", "bucket") in plan.rows and Order("edge", ("bucket", "cdn")) in plan.orders
    # No ports on edge 0, within a rank: Graphviz 2.43 crashes routing them (routesplines).
    dot = build_dot(model, THEMES["light"]).dot
    assert "\tcdn -> bucket [constraint=false dir=forward" in dot and "tailport=s" not in dot


def test_left_to_right_the_zones_are_rows_from_the_top_and_tiers_columns() -> None:
    plan = plan_layout(diagram(TWO_ZONES.replace("direction TB", "direction LR")))
    # Graphviz keeps a VPC's guides bottom to top in LR: zone one's guide comes last, so zone one is on top.
    assert plan.orders[0] == Order("shop", ("nat2", "nat1"), zones=True)
    assert plan.orders[2] == Order(None, ("app1", "app2", "watch", "carts"))
    assert plan.rows[:3] == (("nat1", "nat2"), ("app1", "app2"), ("primary", "standby"))


ENGINES = ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_the_zones_of_growth_10k_are_drawn_in_declared_order_and_the_monitor_beside_them(
    engine: str, direction: str
) -> None:
    text = (EXAMPLES / "growth-10k.arch").read_text(encoding="utf-8").replace("direction TB", f"direction {direction}")
    layout = layout_of(diagram(text), engine)
    zone_a, zone_c, vpc = (layout.groups[name].box for name in ("a", "c", "main"))
    monitor = layout.nodes["cw"].box
    if direction == "TB":
        assert zone_a.right < zone_c.left and vpc.right < monitor.left
        assert vpc.top < monitor.top and monitor.bottom < vpc.bottom
    else:
        assert zone_a.bottom < zone_c.top and vpc.bottom < monitor.top
        assert vpc.left < monitor.left and monitor.right < vpc.right
    assert tiers_out_of_order(layout) == [] and staggered_azs(layout) == []


@pytest.mark.parametrize("engine", ENGINES)
def test_architecture_beta_is_drawn_with_each_service_on_the_side_its_edge_names(engine: str) -> None:
    (document,) = load_paths([str(EXAMPLES / "notes.md")])
    model = document.diagrams[1]
    layout = layout_of(model, engine)
    box = {name: layout.nodes[name].box for name in ("cdn", "assets", "api", "orders", "table", "metrics")}
    assert box["cdn"].bottom < box["assets"].top  # cdn:B --> T:assets
    assert box["orders"].bottom < box["table"].top  # orders:B --> T:table
    for left, right in (("cdn", "api"), ("api", "orders"), ("orders", "metrics")):  # x:R --> L:y
        assert box[left].right < box[right].left


def test_rows_give_way_where_the_arrows_run_up_the_tiers_as_often_as_down() -> None:
    against = """
vpc v {
  az z {
    subnet one public { ec2 front "Front" }
    subnet two data { rds store "Store" }
    subnet three private { lambda worker "Worker" }
  }
}
front -> store
store -> worker
"""
    # Down once (public to data), up once (data to app): rows would stack against the note's own flow.
    assert plan_layout(diagram(against)).cells == ()
    # Egress up to a NAT gateway is what every reference picture draws: the rows stay.
    egress = against.replace("store -> worker", "worker -> front")
    assert [cell.container for cell in plan_layout(diagram(egress)).cells] == ["one", "two", "three"]


# Subnets drawn as nodes inside AZ subgraphs, one NAT gateway for the VPC, and every subnet routing out through
# an internet gateway written in the VPC: an idiom of public network READMEs (not a layout anyone tuned).
SUBNETS_AS_NODES = (Path(__file__).parent / "data" / "layouts" / "subnets-as-nodes.md").read_text(encoding="utf-8")


def test_subnets_drawn_as_nodes_are_rows_and_the_zones_keep_their_order_by_the_widest_row() -> None:
    (model,) = load_source(SourceText("net.md", SUBNETS_AS_NODES), markdown=True).diagrams
    plan = plan_layout(model)
    assert [(cell.zone, cell.tier, cell.members) for cell in plan.cells] == [
        ("east1", Tier.PUBLIC, ("pub1", "natgw")),
        ("east1", Tier.APP, ("priv1",)),
        ("east2", Tier.PUBLIC, ("pub2",)),
        ("east2", Tier.APP, ("priv2",)),
        ("east3", Tier.PUBLIC, ("pub3",)),
        ("east3", Tier.APP, ("priv3",)),
    ]
    assert plan.rows == (("pub1", "pub2", "pub3"), ("priv1", "priv2", "priv3"))
    assert plan.orders == (Order("vpc", ("pub1", "pub2", "pub3"), zones=True),)
    # Out through the gateway is up: those four edges do not rank the gateway below the subnets.
    edges = [(edge.source, edge.target) for edge in model.edges]
    into_gateway = {index for index, (source, target) in enumerate(edges) if target == "gw" and source != "net"}
    assert len(into_gateway) == 4 and into_gateway <= plan.unranked
    assert ("gw", "pub1") in plan.below and ("net", "gw") in plan.far_below
    # A line without arrows between a NAT gateway and its subnet places, it does not rank: both on the top row.
    link = edges.index(("natgw", "pub1"))
    assert link in plan.unranked and plan.cells[0].head == "pub1"


def test_a_nat_gateway_alone_on_the_top_row_still_orders_the_zones_by_the_row_below() -> None:
    without_public_subnets = "\n".join(line for line in SUBNETS_AS_NODES.splitlines() if "pub" not in line) + "\n"
    (model,) = load_source(SourceText("net.md", without_public_subnets), markdown=True).diagrams
    plan = plan_layout(model)
    assert plan.rows == (("natgw",), ("priv1", "priv2", "priv3"))
    assert plan.orders == (Order("vpc", ("priv1", "priv2", "priv3"), zones=True),)


@pytest.mark.parametrize("engine", ENGINES)
def test_subnets_drawn_as_nodes_stand_in_declared_zones_under_their_internet_gateway(engine: str) -> None:
    (model,) = load_source(SourceText("net.md", SUBNETS_AS_NODES), markdown=True).diagrams
    layout = layout_of(model, engine)
    zones = [layout.groups[name].box for name in ("east1", "east2", "east3")]
    assert zones[0].right < zones[1].left and zones[1].right < zones[2].left
    gateway, internet, vpc = layout.nodes["gw"].box, layout.nodes["net"].box, layout.groups["vpc"].box
    assert internet.bottom < vpc.top < gateway.top and gateway.bottom < min(zone.top for zone in zones)
    for public, private in (("pub1", "priv1"), ("pub2", "priv2"), ("pub3", "priv3")):
        assert layout.nodes[public].box.bottom < layout.nodes[private].box.top
    nat, subnet = layout.nodes["natgw"].box, layout.nodes["pub1"].box
    assert nat.top + nat.bottom == pytest.approx(subnet.top + subnet.bottom) and subnet.right < nat.left
    assert tiers_out_of_order(layout) == [] and staggered_azs(layout) == []


def test_a_group_holding_a_label_wider_than_its_icon_has_room_for_it_inside_its_border() -> None:
    # 128.5 points of label under a 100.8-point icon: 13.85 beyond each side, and 8 of clearance: a margin of 22.
    model = diagram(
        'vpc v "VPC" {\n az a "eu-west-1a" {\n  ecs wide "ECS service bookings (3 tasks)"\n }\n'
        ' az b "eu-west-1b" {\n  ecs short "ECS tasks"\n }\n}\nwide -> short\n'
    )
    dot = build_dot(model, THEMES["light"]).dot
    margins = re.findall(r"<FONT COLOR=\"#00A4A6\">(eu-west-1[ab])</FONT>.*? margin=(\d+) ", dot)
    assert margins == [("eu-west-1a", "22"), ("eu-west-1b", "14")]
