"""Mermaid in Markdown notes: fences, positions in the .md file, kinds, groups, and the traps Mermaid hides."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import DATA, Run

from archdsl.catalog import CATALOG
from archdsl.flowchart import parse_flowchart
from archdsl.loader import Document, load_source
from archdsl.model import Dialect, EdgeDirection, EdgeStyle, GroupKind, KindOrigin, SubnetTier
from archdsl.sources import SourceText

NOTES = DATA / "notes" / "growth-notes.md"


def load_markdown(text: str, path: str = "n.md") -> Document:
    return load_source(SourceText(path, text), markdown=True, catalog=CATALOG)


def fence(body: str) -> str:
    return "# T\n\n```mermaid\n" + body + "```\n"


def findings(document: Document) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.column, d.code) for d in document.diagnostics]


@pytest.fixture(scope="module")
def notes() -> Document:
    return load_markdown(NOTES.read_text(encoding="utf-8"), "growth-notes.md")


def test_notes_diagrams_and_headings(notes: Document) -> None:
    assert [(d.source.heading, d.source.start_line, d.source.info) for d in notes.diagrams] == [
        ("Step 1: one box", 9, ".mermaid"),
        ("Step 2: two zones", 25, "mermaid"),
        ("Step 2: two zones", 45, "{mermaid}"),
    ]
    assert all(d.source.dialect is Dialect.MERMAID for d in notes.diagrams)


def test_first_diagram_is_what_mermaid_draws(notes: Document) -> None:
    first = notes.diagrams[0]
    assert {n.id: (n.kind, n.group) for n in first.nodes} == {
        "Shopper": ("actor", None),  # a shopper is a person
        "Route53": ("route53", None),
        "ElasticIP": ("eip", "VPC"),
        "EC2": ("ec2", "VPC"),
    }
    assert [(e.source, e.target) for e in first.edges] == [
        ("Shopper", "Route53"),
        ("Route53", "ElasticIP"),
        ("ElasticIP", "EC2"),
        ("EC2", "EC2"),
        ("EC2", "ElasticIP"),
    ]
    assert first.edges[3].label == "RDS\n        RDS -->"
    (vpc,) = first.groups
    assert (vpc.id, vpc.kind, vpc.label) == ("VPC", GroupKind.VPC, "AWS VPC")


def test_second_diagram_groups_and_placement(notes: Document) -> None:
    second = notes.diagrams[1]
    assert {g.id: (g.kind, g.parent) for g in second.groups} == {
        "AZ1": (GroupKind.AZ, "VPC"),
        "AZ2": (GroupKind.AZ, "VPC"),
        "VPC": (GroupKind.VPC, None),
    }
    nodes = {n.id: (n.kind, n.group, n.attr("role")) for n in second.nodes}
    assert nodes["Aurora_Writer"] == ("aurora", "AZ1", "writer")  # the first group to close wins
    assert nodes["Aurora_Reader"] == ("aurora", "AZ2", "reader")
    assert nodes["ALB"] == ("alb", "VPC", None)
    assert nodes["CloudWatch"] == ("cloudwatch", None, None)
    assert sorted((e.source, e.target) for e in second.edges if e.target == "CloudWatch") == [
        ("EC2_1", "CloudWatch"),
        ("EC2_2", "CloudWatch"),
    ]


def test_notes_findings_point_into_the_markdown(notes: Document) -> None:
    assert [(d.span.line, d.span.column, d.code, d.severity.label) for d in notes.diagnostics] == [
        (15, 16, "ARCH014", "warning"),
        (36, 23, "ARCH007", "warning"),
        (55, 1, "ARCH013", "info"),
    ]
    pipe, membership, skipped = notes.diagnostics
    assert pipe.message == (
        "the edge label opened by '|' here is not closed on this line: Mermaid reads everything up to line 16 "
        'as the label, so this draws EC2 -> EC2 labelled "RDS RDS -->"'
    )
    assert pipe.hint == "close the label on the same line (A -->|text| B), or drop the '|' (A --> B)"
    assert membership.message == (
        "'Aurora_Writer' is referenced in AZ1 and AZ2; Mermaid places it in AZ1 only. "
        "A resource lives in exactly one AZ/subnet"
    )
    assert skipped.message.startswith("Skipped a Mermaid sequenceDiagram")


def test_check_cli_on_notes(run_cli: Callable[..., Run]) -> None:
    result = run_cli("check", "--format", "parsable", str(NOTES))
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        f"{NOTES}:15:16: ARCH014 [warning] the edge label opened by '|' here is not closed on this line: "
        "Mermaid reads everything up to line 16 as the label, so this draws EC2 -> EC2 labelled "
        '"RDS RDS -->" (multiline-edge-label)'
    )


def test_fence_in_list_maps_columns_and_hints_kinds(notes: Document) -> None:
    third = notes.diagrams[2]
    app = third.node("App")
    queue = third.node("Queue")
    assert app is not None and queue is not None
    assert (app.kind, app.kind_origin, app.span.line, app.span.column) == ("lambda", KindOrigin.HINT, 47, 5)
    assert (queue.kind, queue.kind_origin, queue.label) == ("queue", KindOrigin.INFERRED, "Jobs")


def test_other_fences_are_ignored() -> None:
    document = load_markdown("```text\ngraph TD\n  A --> B\n```\n\n```\nflowchart LR\n```\n")
    assert (document.diagrams, document.diagnostics) == ((), ())


def test_rejected_diagram_reports_at_mermaids_line() -> None:
    document = load_markdown(fence("graph TD\n  A --> end\n"))
    ((line, _column, code),) = findings(document)
    assert (line, code) == (5, "ARCH001")
    assert document.diagnostics[0].message == "Cannot parse diagram: 'end' is a Mermaid keyword and cannot be a node id"
    assert document.diagrams == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("graph TD\n  A --> B %% note\n", "Mermaid allows '%%' comments only on lines of their own"),
        ("graph LR\n  ALB[ALB (a)] --> B\n", "'(' inside the label of 'ALB' starts a new shape"),
        ("graph TB\n  subgraph S\n    a --> b\n", "the diagram ends inside a subgraph"),
        ("graph TB\n  a --> b\n  end\n", "'end' without a matching 'subgraph'"),
        ("graph LR\n  A -- a--b --> B\n", "'--' inside an edge text ends the text"),
        ("graph td\n  A-->B\n", "the direction must be one of TB, TD, BT, LR, RL in capitals"),
        ("graph LR\n  A-->B C-->D\n", "unexpected 'C': Mermaid expects one statement per line"),
        ("nonsense\n", "no Mermaid diagram type detected"),
    ],
)
def test_rejections_are_explained(body: str, message: str) -> None:
    (diagnostic,) = load_markdown(fence(body)).diagnostics
    assert (diagnostic.code, diagnostic.message) == ("ARCH001", f"Cannot parse diagram: {message}")


def test_glued_arrowhead_and_swallowed_direction() -> None:
    document = load_markdown(fence("graph LR\n  Client --oauth\n  A[Set direction LR here] --> B\n  C --> D\n"))
    assert findings(document) == [(5, 9, "ARCH010"), (6, 9, "ARCH015")]
    diagram = document.diagrams[0]
    assert sorted(n.id for n in diagram.nodes) == ["C", "Client", "D", "auth"]


def test_edge_styles_and_directions() -> None:
    body = "graph LR\n  A --> B\n  A --- C\n  A -.-> D\n  A ==> E\n  A ~~~ F\n  A <--> G\n  A --o H\n"
    (diagram,) = load_markdown(fence(body)).diagrams
    assert [(e.target, e.style, e.direction) for e in diagram.edges] == [
        ("B", EdgeStyle.SOLID, EdgeDirection.FORWARD),
        ("C", EdgeStyle.SOLID, EdgeDirection.NONE),
        ("D", EdgeStyle.DASHED, EdgeDirection.FORWARD),
        ("E", EdgeStyle.THICK, EdgeDirection.FORWARD),
        ("F", EdgeStyle.INVISIBLE, EdgeDirection.NONE),
        ("G", EdgeStyle.SOLID, EdgeDirection.BOTH),
        ("H", EdgeStyle.SOLID, EdgeDirection.FORWARD),
    ]


def test_kind_hints_icon_class_comment_and_cylinder() -> None:
    body = (
        "flowchart LR\n"
        "  %% archdsl: Web=ec2, Cache1=elasticache\n"
        '  A@{ icon: "logos:aws-lambda", label: "Handler" } --> Web\n'
        "  B:::rds --> Cache1\n"
        "  DB[(Orders)] --> Mystery\n"
    )
    (diagram,) = load_markdown(fence(body)).diagrams
    got = {n.id: (n.kind, n.kind_origin) for n in diagram.nodes}
    assert got == {
        "A": ("lambda", KindOrigin.HINT),
        "Web": ("ec2", KindOrigin.HINT),
        "B": ("rds", KindOrigin.HINT),
        "Cache1": ("elasticache", KindOrigin.HINT),
        "DB": ("database", KindOrigin.INFERRED),
        "Mystery": ("generic", KindOrigin.UNKNOWN),
    }
    assert diagram.node("A").label == "Handler"  # type: ignore[union-attr]


def test_mermaid_suppressions_and_front_matter() -> None:
    body = (
        "---\ntitle: Shop\nphase: 1m\n---\n"
        "flowchart LR\n"
        "  %% archdsl: disable-next-line ARCH203 -- bastion is temporary\n"
        "  A --> B\n"
    )
    (diagram,) = load_markdown(fence(body)).diagrams
    assert (diagram.title, diagram.phase) == ("Shop", "1m")
    ((codes, reason, line),) = [(s.codes, s.reason, s.span.line) for s in diagram.suppressions]
    assert (codes, reason, line) == (("ARCH203",), "bastion is temporary", 9)


@pytest.mark.parametrize(
    ("identifier", "title", "kind", "tier"),
    [
        ("VPC", "AWS VPC", GroupKind.VPC, None),
        ("AZ1", "AZ1", GroupKind.AZ, None),
        ("z", "ap-northeast-1a", GroupKind.AZ, None),
        ("z", "Availability Zone A", GroupKind.AZ, None),
        ("p", "Public Subnet", GroupKind.SUBNET, SubnetTier.PUBLIC),
        ("p", "private subnet 1c", GroupKind.SUBNET, SubnetTier.PRIVATE),
        ("Region", "Region", GroupKind.REGION, None),
        ("r", "Tokyo region", GroupKind.REGION, None),
        ("x", "Auto Scaling Group", GroupKind.AUTOSCALING_GROUP, None),
        ("sg", "Security Group", GroupKind.SECURITY_GROUP, None),
        ("c", "AWS Cloud", GroupKind.CLOUD, None),
        ("Backend", "Backend", GroupKind.GENERIC, None),
    ],
)
def test_group_kind_inference(identifier: str, title: str, kind: GroupKind, tier: SubnetTier | None) -> None:
    (diagram,) = load_markdown(fence(f"flowchart LR\n  subgraph {identifier} [{title}]\n    a\n  end\n")).diagrams
    (group,) = diagram.groups
    assert (group.kind, group.tier) == (kind, tier)


def test_architecture_beta() -> None:
    body = (
        "architecture-beta\n"
        "    group api(cloud)[API]\n"
        "    service db(database)[Orders DB] in api\n"
        "    service fn(logos:aws-lambda)[Handler] in api\n"
        "    service site(internet)[Shoppers]\n"
        "    junction j\n"
        "    site:R --> L:fn\n"
        "    fn:B -[SQL]- T:db\n"
        "    db:L <-- R:j\n"
    )
    (diagram,) = load_markdown(fence(body)).diagrams
    assert {n.id: (n.kind, n.group) for n in diagram.nodes} == {
        "db": ("database", "api"),
        "fn": ("lambda", "api"),
        "site": ("actor", None),
        "j": ("junction", None),
    }
    assert [(g.id, g.kind, g.label) for g in diagram.groups] == [("api", GroupKind.CLOUD, "API")]
    assert [(e.source, e.target, e.label, e.direction) for e in diagram.edges] == [
        ("site", "fn", "", EdgeDirection.FORWARD),
        ("fn", "db", "SQL", EdgeDirection.NONE),
        ("j", "db", "", EdgeDirection.FORWARD),
    ]
    assert diagram.nodes[0].span.line == 6


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "architecture-beta\n    service a(server)[A] in nowhere\n",
            "the service [a]'s parent [nowhere] does not exist",
        ),
        (
            "architecture-beta\n    service a(server)\n    service a(disk)\n",
            "the service id [a] is already in use by another service",
        ),
        ("architecture-beta\n    service a(server)\n    a:R -- L:b\n", "the id [b] of this edge does not exist"),
        ("architecture-beta\n    service a(server) oops\n", "unexpected 'oops'"),
    ],
)
def test_architecture_rejections(body: str, message: str) -> None:
    (diagnostic,) = load_markdown(fence(body)).diagnostics
    assert (diagnostic.code, diagnostic.message) == ("ARCH001", f"Cannot parse diagram: {message}")


def test_edge_ids_name_edges_not_nodes() -> None:
    """Mermaid 11: ``A e1@--> B`` names the edge; ``e1@{...}`` after it sets the edge's curve or animation."""
    body = (
        "flowchart LR\n"
        "  A e1@--> B\n"
        "  e1@{ curve: basis }\n"
        "  C e2@==> D\n"
        "  E e3@-.-> F e4@--> G\n"
        "  e3@{ animate: true }\n"
        "  e4@{ animation: fast }\n"
    )
    document = load_markdown(fence(body))
    assert document.diagnostics == ()
    (diagram,) = document.diagrams
    assert sorted(node.id for node in diagram.nodes) == ["A", "B", "C", "D", "E", "F", "G"]
    assert [(e.source, e.target, e.style) for e in diagram.edges] == [
        ("A", "B", EdgeStyle.SOLID),
        ("C", "D", EdgeStyle.THICK),
        ("E", "F", EdgeStyle.DASHED),
        ("F", "G", EdgeStyle.SOLID),
    ]


def test_edge_ids_and_properties_as_flowdb_keeps_them() -> None:
    chart = parse_flowchart(
        "flowchart LR\n"
        "  A e1@--> B\n"
        "  A e1@--> B\n"  # a taken id falls back to Mermaid's own: the second A->B edge
        "  A --> B\n"
        "  X & Y e5@--> Z & W\n"  # the written id goes to the last start and the first end only
        "  e1@{ curve: basis, shape: nonsense }\n"  # an edge's data is never checked as a shape
        "  e5@{ animate: true }\n"
        "  e1[Not a node] --> C\n"
    )
    assert [(e.id, e.user_defined, e.start, e.end) for e in chart.edges] == [
        ("e1", True, "A", "B"),
        ("L_A_B_2", False, "A", "B"),
        ("L_A_B_3", False, "A", "B"),
        ("L_X_Z_0", False, "X", "Z"),
        ("L_X_W_0", False, "X", "W"),
        ("e5", True, "Y", "Z"),
        ("L_Y_W_0", False, "Y", "W"),
        ("L_e1_C_0", False, "e1", "C"),
    ]
    assert chart.edges[0].properties == {"curve": "basis"}
    assert chart.edges[5].properties == {"animate": True}
    assert "e1" not in chart.vertices and "e5" not in chart.vertices
    assert [mention.id for mention in chart.mentions].count("e1") == 0


@pytest.mark.parametrize(
    ("line", "column", "message", "hint"),
    [
        (
            "  Web[Web tier[ --> DB",
            15,
            "the label of 'Web' is never closed: '[' stands where ']' should close it",
            "write Web[Web tier]",
        ),
        (
            "  Web[Web tier [blue]] --> DB",
            16,
            "'[' inside the label of 'Web' starts a new shape",
            'quote the label: Web["..."]',
        ),
        (
            '  Web["Web tier"[ --> DB',
            17,
            "the label of 'Web' is never closed: '[' stands where ']' should close it",
            'write Web["Web tier"]',
        ),
        (
            "  App --> DB[(Postgres]",
            23,
            "the label of 'DB', opened with '[(' (a cylinder), must close with ')]', not ']'",
            "write DB[(Postgres)]",
        ),
        (
            "  DB[(Postgres) --> App",
            15,
            "the label of 'DB', opened with '[(' (a cylinder), must close with ')]', not ')'",
            "write DB[(Postgres)]",
        ),
        ("  Q(Queue] --> App", 10, "the label of 'Q', opened with '(', must close with ')', not ']'", "write Q(Queue)"),
        (
            "  App -->|v1 [beta]| DB",
            14,
            "'[' inside an edge label |...| must be quoted",
            'quote the label: A -->|"text [x]"| B',
        ),
        ("  App [Server] --> DB", 7, "a space between the id and '[' separates them", "write A[Label] with no space"),
        ("  App[] --> DB", 7, "an empty label [] is not allowed", "write a label or drop the brackets"),
    ],
)
def test_brackets_in_labels_are_explained_where_they_are(line: str, column: int, message: str, hint: str) -> None:
    """A '[' where ']' should close a label is not 'a space before [': say which label breaks, and how."""
    (diagnostic,) = load_markdown(fence("flowchart LR\n" + line + "\n")).diagnostics
    assert (diagnostic.code, diagnostic.span.line, diagnostic.span.column) == ("ARCH001", 5, column)
    assert (diagnostic.message, diagnostic.hint) == (f"Cannot parse diagram: {message}", hint)


def test_bracket_in_a_subgraph_title_is_explained() -> None:
    (diagnostic,) = load_markdown(fence("flowchart TB\n  subgraph VPC[Main VPC [prod]]\n    A\n  end\n")).diagnostics
    assert (diagnostic.span.line, diagnostic.span.column) == (5, 25)
    assert diagnostic.message == "Cannot parse diagram: '[' inside the title of subgraph 'VPC' starts a new shape"
    assert diagnostic.hint == 'quote the title: subgraph VPC["..."]'


def test_one_box_per_subgraph_id() -> None:
    """Two ``subgraph AZ1`` blocks are one box in Mermaid: the first one's title, the members of both."""
    body = (
        "flowchart TB\n"
        "  subgraph VPC[Production VPC]\n"
        "    subgraph AZ1[Availability Zone 1]\n"
        "      Web1[Web server]\n"
        "    end\n"
        "    subgraph AZ1[AZ 1 again]\n"
        "      DB1[(Primary DB)]\n"
        "    end\n"
        "  end\n"
        "  subgraph Other\n"
        "    subgraph AZ1\n"
        "      Cache\n"
        "    end\n"
        "  end\n"
    )
    (diagram,) = load_markdown(fence(body)).diagrams
    assert [(g.id, g.kind, g.label, g.parent, g.span.line) for g in diagram.groups] == [
        ("AZ1", GroupKind.AZ, "Availability Zone 1", "VPC", 6),
        ("VPC", GroupKind.VPC, "Production VPC", None, 5),
        ("Other", GroupKind.GENERIC, "Other", None, 13),
    ]
    assert {n.id: n.group for n in diagram.nodes} == {"Web1": "AZ1", "DB1": "AZ1", "Cache": "AZ1"}


def test_labels_keep_what_mermaid_keeps() -> None:
    """DOMPurify in a browser: '< 30 sec' is text, </br> is a break, unknown tags go and their text stays."""
    body = (
        "flowchart LR\n"
        "  Primary -->|failover<br/>< 30 sec| Standby\n"
        "  Standby -- retries</br>< 3 times --> Queue\n"
        '  Svc["OrderService<br/>List<Order> <b/>getOrders()"] --> Queue\n'
        '  Queue --> Worker["worker<!-- draft note"]\n'
    )
    (diagram,) = load_markdown(fence(body)).diagrams
    assert [e.label for e in diagram.edges] == ["failover<br>&lt; 30 sec", "retries<br>&lt; 3 times", "", ""]
    assert {n.id: n.label for n in diagram.nodes if n.id in ("Svc", "Worker")} == {
        "Svc": "OrderService\nList getOrders()",
        "Worker": "worker",
    }
    chart = parse_flowchart(body)
    assert chart.vertices["Svc"].text == "OrderService<br>List <b>getOrders()</b>"
