"""The topology rules (ARCH005-009) say what they found in words a reader can act on."""

from __future__ import annotations

from archdsl.lint import LintOptions, lint_diagram
from archdsl.loader import load_source
from archdsl.sources import SourceText


def _findings(text: str, code: str, *, markdown: bool = True) -> list[tuple[int, int, str, str]]:
    source = "```mermaid\n" + text + "```\n" if markdown else text
    document = load_source(SourceText("n.md" if markdown else "n.arch", source), markdown=markdown)
    found = [d for d in document.diagnostics if d.code == code]
    for diagram in document.diagrams:
        found = lint_diagram(diagram, LintOptions(select=(code,)), read=found)
    return [(d.span.line, d.span.column, d.severity.label, d.message) for d in found]


def test_a_copied_block_with_one_subnet_id_names_both_places() -> None:
    text = (
        "flowchart TB\n"
        "  subgraph AZ1[AZ a]\n    subgraph priv[Private]\n      App[EC2 app]\n    end\n  end\n"
        "  subgraph AZ2[AZ c]\n    subgraph priv2[Private]\n      Web[EC2 web] --> App\n    end\n  end\n"
    )
    assert _findings(text, "ARCH007") == [
        (
            10,
            24,
            "warning",
            "'App' is referenced in Private (priv) and Private (priv2); Mermaid places it in Private only. "
            "A resource lives in exactly one AZ/subnet",
        )
    ]


def test_the_statement_after_end_is_not_in_the_closed_group() -> None:
    text = (
        "flowchart TB\n  subgraph AZ1[AZ a]\n    A[EC2 a]\n  end\n  B --> C[(RDS)]\n"
        "  subgraph AZ2[AZ c]\n    B[EC2 b]\n  end\n"
    )
    assert _findings(text, "ARCH007") == []


def test_a_knot_of_cycles_is_one_finding_with_its_shortest_cycle() -> None:
    text = "lambda a\nlambda b\nlambda c\nlambda d\na -> b -> c\na -> d -> c\nc -> a\n"
    assert _findings(text, "ARCH009", markdown=False) == [
        (5, 1, "warning", "Request-flow cycle: a -> b -> c -> a"),
    ]


def test_replies_close_no_cycle_in_any_language() -> None:
    for label in ("response", "returns JSON", "200 OK", "結果を返却", "응답", "resposta"):
        text = f"flowchart LR\n  Web[ECS web] --> API[ECS api] --> Job[Lambda job]\n  Job -->|{label}| Web\n"
        assert _findings(text, "ARCH009") == [], label


def test_a_box_of_unconnected_nodes_is_one_finding_at_the_box() -> None:
    text = (
        "flowchart LR\n  User[Users] --> ALB[Application Load Balancer] --> App[EC2 app]\n"
        "  subgraph Batch[Nightly batch]\n    Job[EMR cluster]\n    Crawl[Glue crawler]\n  end\n"
    )
    assert _findings(text, "ARCH005") == [
        (
            4,
            3,
            "info",
            "2 nodes in 'Nightly batch' ('Job', 'Crawl') are not connected to anything; connect them or remove them",
        )
    ]


def test_an_edge_into_a_box_with_a_datastore_says_why() -> None:
    text = "alb lb\nvpc main {\n  az a { ec2 web1; rds db }\n}\nlb -> main\n"
    assert _findings(text, "ARCH006", markdown=False) == [
        (
            5,
            1,
            "info",
            "Edge lb -> main ends at vpc 'main', which holds a datastore beside compute resources; the arrow "
            "reads as 'lb' reaching the datastore too: connect it to the resource that takes the request",
        )
    ]


def test_a_subnet_holding_two_azs_is_named_with_both() -> None:
    text = "vpc main {\n  subnet app private {\n    az a { ec2 web1 }\n    az c { ec2 web2 }\n  }\n}\n"
    assert _findings(text, "ARCH008", markdown=False) == [
        (
            2,
            3,
            "error",
            "subnet 'app' spans AZs a and c, which is not possible on AWS (a subnet lives in exactly one AZ)",
        )
    ]


def test_an_az_drawn_alone_is_no_nesting_error() -> None:
    assert _findings("az a { ec2 web }\naz c { ec2 web2 }\n", "ARCH008", markdown=False) == []
