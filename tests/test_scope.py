"""Diagram scope: guessed from words and kinds, stated by a fence, a comment or front matter, and gating rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from archdsl.diagnostics import Diagnostic
from archdsl.jsonmodel import diagram_json
from archdsl.lint import LintOptions, lint_diagram
from archdsl.loader import Document, load_source
from archdsl.model import Diagram, Scope
from archdsl.rules import ALL_RULES
from archdsl.rules.parser_checks import PARSER_CHECKS
from archdsl.sources import SourceText

FENCE = "```"


def _note(text: str, path: str = "note.md") -> Document:
    return load_source(SourceText(path, text), markdown=True)


def _one(text: str) -> Diagram:
    (diagram,) = _note(text).diagrams
    return diagram


def _mermaid(body: str, info: str = "mermaid", heading: str = "") -> str:
    return f"{heading}{FENCE}{info}\nflowchart LR\n{body}{FENCE}\n"


AWS_RUNTIME = (
    "  user[Users] --> cf[CloudFront] --> alb[ALB]\n"
    "  subgraph vpc[VPC]\n"
    "    subgraph pa[Public Subnet A]\n      alb\n    end\n"
    "    subgraph pr[Private Subnet A]\n      app[ECS Service]\n    end\n"
    "  end\n"
    "  app --> db[(Aurora)]\n"
)
DELIVERY = (
    "  dev[Developer] -->|git push| gh[GitHub]\n"
    "  gh --> actions[GitHub Actions]\n"
    "  actions --> build[Build image] --> ecr[Amazon ECR]\n"
    "  ecr --> roll[aws ecs update-service --force-new-deployment]\n"
)
TERRAFORM = (
    "  root[Root module] --> net[module network]\n"
    "  root --> app[module app]\n"
    "  vars[variables.tf] --> root\n"
    "  root --> state[(S3 tfstate)]\n"
)
DATA = (
    "  src[Kinesis Data Streams] --> fh[Firehose] --> raw[S3 raw zone]\n"
    "  raw --> glue[Glue ETL job] --> cur[S3 curated zone] --> ath[Athena] --> qs[QuickSight]\n"
)
CODE = "  c[OrderController] --> s[OrderService] --> r[OrderRepository] --> db[(PostgreSQL)]\n"
PROCESS = (
    "  start([Start]) --> check{Is the order valid?}\n"
    "  check -->|yes| pay[Charge the card]\n"
    "  check -->|no| reject[Send a rejection email]\n"
)
AZURE = (
    "  subgraph az[Azure Cloud - Sweden Central]\n"
    "    fd[Azure Front Door] --> web[App Service] --> sql[(Azure SQL)]\n"
    "  end\n"
)
KUBERNETES = "  ing[Ingress NGINX] --> svc[api Service] --> pods[API Pods]\n  pods --> pg[(PostgreSQL)]\n"
MIXED = (  # a deploy step drawn beside the runtime it deploys to: the runtime is the subject
    "  gh[GitHub Actions] -->|deploy| app\n"
    "  user[Users] --> alb[ALB]\n"
    "  subgraph vpc[VPC]\n"
    "    subgraph a[Private Subnet A]\n      app[ECS Service]\n    end\n"
    "    subgraph b[Private Subnet B]\n      app2[ECS Service]\n    end\n"
    "  end\n"
    "  alb --> app & app2 --> db[(RDS)]\n"
)

GUESSES = [
    ("aws runtime", AWS_RUNTIME, "", Scope.AWS, "4 AWS services, VPC and subnets"),
    ("ci/cd", DELIVERY, "", Scope.DELIVERY, "CI/CD words: developer, GitHub, GitHub Actions, build, ..."),
    ("terraform modules", TERRAFORM, "", Scope.DELIVERY, "CI/CD words: module, variables.tf, tfstate"),
    ("data pipeline", DATA, "", Scope.DATA, "data-pipeline words: raw, etl, curated, Amazon Athena, ..."),
    ("code layers", CODE, "", Scope.OTHER, "code-structure words: controller, repository"),
    ("process", PROCESS, "", Scope.OTHER, "process steps: Start, Is the order valid?, Send a rejection email"),
    ("azure", AZURE, "", Scope.CLOUD, "other clouds' services: azure, front door, app service, sweden central"),
    ("kubernetes", KUBERNETES, "", Scope.CLOUD, "runtime parts with no AWS service: ingress, nginx, pods, postgresql"),
    ("deploy beside runtime", MIXED, "", Scope.AWS, "4 AWS services, VPC and subnets"),
    ("sketch", "  A --> B --> C\n", "", Scope.OTHER, "no AWS services, cloud services or runtime parts drawn"),
    ("heading", "  a[Build] --> b[Test] --> c[Publish]\n", "## Release pipeline\n\n", Scope.DELIVERY, None),
]


@pytest.mark.parametrize(
    ("body", "heading", "scope", "reason"), [row[1:] for row in GUESSES], ids=[row[0] for row in GUESSES]
)
def test_scope_is_guessed_from_words_and_kinds(body: str, heading: str, scope: Scope, reason: str | None) -> None:
    diagram = _one(_mermaid(body, heading=heading))
    assert diagram.scope is scope
    if reason is not None:
        assert diagram.scope_reason == reason


def test_dsl_diagrams_are_aws_unless_stated() -> None:
    document = load_source(SourceText("a.arch", "actor dev\ngeneric build\ndev -> build\n"), markdown=False)
    (diagram,) = document.diagrams
    assert (diagram.scope, diagram.scope_reason) == (Scope.AWS, "an archdsl diagram (AWS unless it states a scope)")


# --- stating the scope ----------------------------------------------------------------------------


def test_a_fence_info_string_states_the_scope() -> None:
    diagram = _one(_mermaid(AWS_RUNTIME, info="mermaid scope=delivery"))
    assert (diagram.scope, diagram.scope_reason) == (
        Scope.DELIVERY,
        "stated in the fence's info string (scope=delivery)",
    )


def test_a_mermaid_comment_states_the_scope_and_wins_over_the_info_string() -> None:
    diagram = _one(_mermaid("  %% archdsl: scope=data\n" + AWS_RUNTIME, info="mermaid scope=delivery"))
    assert (diagram.scope, diagram.scope_reason) == (
        Scope.DATA,
        "stated in a comment at line 3 (%% archdsl: scope=data)",
    )


def test_a_dsl_comment_states_the_scope() -> None:
    text = "# archdsl: scope=delivery\nactor dev\nec2 app\ndev -> app\n"
    (diagram,) = load_source(SourceText("a.arch", text), markdown=False).diagrams
    assert (diagram.scope, diagram.scope_reason) == (
        Scope.DELIVERY,
        "stated in a comment at line 1 (# archdsl: scope=delivery)",
    )
    fenced = _one(f"{FENCE}archdsl\nec2 app # archdsl: scope=Cloud\n{FENCE}\n")
    assert fenced.scope is Scope.CLOUD


def test_front_matter_states_the_scope_of_every_fence_and_a_fence_overrides_it() -> None:
    text = "---\ntitle: Study notes\narchdsl-scope: other\n---\n\n" + _mermaid(AWS_RUNTIME) + "\n"
    text += _mermaid(AWS_RUNTIME, info="mermaid scope=aws")
    first, second = _note(text).diagrams
    assert (first.scope, first.scope_reason) == (
        Scope.OTHER,
        "stated in the note's front matter (archdsl-scope: other)",
    )
    assert second.scope is Scope.AWS
    nested = _one("---\narchdsl:\n  scope: data\n---\n" + _mermaid(AWS_RUNTIME))
    assert nested.scope is Scope.DATA


def _errors(document: Document) -> list[tuple[str, int, int, str, str | None]]:
    return [
        (found.code, found.span.line, found.span.column, found.message, found.hint)
        for found in document.diagnostics
        if found.code == "ARCH012"
    ]


def test_a_bad_name_in_a_mermaid_comment_is_arch012_at_the_name() -> None:
    document = _note(_mermaid("  %% archdsl: scope=delivry\n" + AWS_RUNTIME))
    assert _errors(document) == [
        (
            "ARCH012",
            3,
            21,
            "unknown scope 'delivry'",
            "did you mean 'delivery'? scopes: aws, cloud, delivery, data, other",
        )
    ]
    assert document.diagrams[0].scope is Scope.AWS  # the guess stands


def test_a_bad_name_in_the_info_string_is_arch012_at_the_name() -> None:
    document = _note("Intro\n\n" + _mermaid(AWS_RUNTIME, info="mermaid {scope=clud}"))
    assert _errors(document) == [
        ("ARCH012", 3, 19, "unknown scope 'clud'", "did you mean 'cloud'? scopes: aws, cloud, delivery, data, other")
    ]


def test_a_bad_name_in_front_matter_is_arch012_at_the_value() -> None:
    document = _note("---\ntitle: x\narchdsl-scope:   runtime\n---\n" + _mermaid(AWS_RUNTIME))
    assert _errors(document) == [
        ("ARCH012", 3, 18, "unknown scope 'runtime'", "scopes: aws, cloud, delivery, data, other")
    ]


def test_a_stated_scope_in_front_matter_that_is_not_yaml_is_reported_not_dropped() -> None:
    document = _note("---\ntitle: [unclosed\n  archdsl-scope: delivery\n---\n" + _mermaid(AWS_RUNTIME))
    assert [(code, line, column) for code, line, column, _, _ in _errors(document)] == [("ARCH012", 3, 3)]
    assert "cannot be read as YAML" in _errors(document)[0][3]
    assert "archdsl-scope is not applied" in _errors(document)[0][3]


def test_a_bad_name_in_a_dsl_comment_is_arch012_at_the_name_and_a_missing_one_too() -> None:
    document = load_source(SourceText("a.arch", "ec2 app\n  # archdsl: scope=awz\n"), markdown=False)
    assert _errors(document) == [
        ("ARCH012", 2, 20, "unknown scope 'awz'", "did you mean 'aws'? scopes: aws, cloud, delivery, data, other")
    ]
    empty = load_source(SourceText("b.arch", "ec2 app # archdsl: scope\n"), markdown=False)
    assert [(line, column, message) for _, line, column, message, _ in _errors(empty)] == [
        (1, 25, "a scope directive names no scope")
    ]


def test_a_scope_directive_is_no_suppression() -> None:
    document = load_source(SourceText("a.arch", "# archdsl: scope=data\nec2 app\n"), markdown=False)
    assert [found.code for found in document.diagnostics] == []
    assert document.diagrams[0].suppressions == ()


def test_the_cli_reports_a_bad_scope_with_path_line_and_column(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "n.md"
    note.write_text(_mermaid("  %% archdsl: scope=pipeline\n  a --> b\n"), encoding="utf-8")
    result = run_cli("check", "--format", "parsable", str(note))
    assert result.code == 1
    assert result.out == f"{note}:3:21: ARCH012 [error] unknown scope 'pipeline' (malformed-suppression)\n"


# --- gating ---------------------------------------------------------------------------------------


def test_every_rule_and_check_has_the_default_scopes() -> None:
    runtime = {Scope.AWS, Scope.CLOUD}
    for rule in ALL_RULES:
        if rule.code in ("ARCH005", "ARCH006", "ARCH009"):
            assert rule.scopes == runtime, rule.code
        else:
            assert rule.scopes == {Scope.AWS}, rule.code
    for check in PARSER_CHECKS:
        assert check.scopes == (runtime if check.code == "ARCH007" else set(Scope)), check.code


def _codes(found: list[Diagnostic]) -> list[str]:
    return sorted({diagnostic.code for diagnostic in found})


LONE_EC2 = "  user[Users] --> eip[Elastic IP] --> ec2[EC2]\n  orphan[EC2 spare]\n"


def test_aws_rules_run_on_aws_diagrams_only() -> None:
    aws = _one(_mermaid(LONE_EC2))
    assert aws.scope is Scope.AWS
    assert {"ARCH005", "ARCH101"} <= set(_codes(lint_diagram(aws)))
    for scope in ("cloud", "delivery", "data", "other"):
        stated = _one(_mermaid(LONE_EC2, info=f"mermaid scope={scope}"))
        codes = _codes(lint_diagram(stated))
        assert "ARCH101" not in codes and "ARCH401" not in codes, scope
        assert ("ARCH005" in codes) is (scope == "cloud"), scope


def test_reading_traps_are_reported_on_every_scope() -> None:
    document = _note(_mermaid("  a[Build] -->| deploy\n  to prod| b[Test]\n", info="mermaid scope=delivery"))
    (diagram,) = document.diagrams
    found = lint_diagram(diagram, LintOptions(), read=document.diagnostics)
    assert "ARCH014" in _codes(found)


def test_ambiguous_membership_is_a_runtime_check() -> None:
    body = "  subgraph A[AZ a]\n    x[EC2] --> d[(RDS)]\n  end\n  subgraph B[AZ b]\n    y[EC2] --> d\n  end\n"
    for info, reported in (("mermaid", True), ("mermaid scope=other", False)):
        document = _note(_mermaid(body, info=info))
        found = lint_diagram(document.diagrams[0], LintOptions(), read=document.diagnostics)
        assert ("ARCH007" in _codes(found)) is reported, info


def test_the_model_shows_the_scope_and_why(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    note = tmp_path / "n.md"
    note.write_text(_mermaid(DATA), encoding="utf-8")
    assert run_cli("model", str(note)).out.splitlines()[1] == (
        "  scope data: data-pipeline words: raw, etl, curated, Amazon Athena, ..."
    )
    shown = diagram_json(_one(_mermaid(DATA)))
    assert shown["scope"] == "data"
    assert shown["scope_reason"] == "data-pipeline words: raw, etl, curated, Amazon Athena, ..."


def test_a_kubernetes_and_postgres_diagram_is_not_an_aws_one() -> None:
    text = (
        "```mermaid\nflowchart LR\n  I[Ingress] --> S[API pods] --> P[(Postgres)]\n"
        "  S --> R[(Redis)]\n  P -.-> G[Grafana]\n```\n"
    )
    (diagram,) = load_source(SourceText("n.md", text), markdown=True).diagrams
    assert [node.kind for node in diagram.nodes] == ["k8s-ingress", "k8s-pod", "postgresql", "redis", "grafana"]
    assert diagram.scope is Scope.CLOUD
