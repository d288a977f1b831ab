"""lint --baseline: accepted findings stay quiet through unrelated edits; new ones, even of the same rule, show."""

from __future__ import annotations

from pathlib import Path

import pytest
from scratch_repo import phase

from archdsl.cli import main

NOTE = "docs/shop.md"
EXPECTED = (
    "{\n"
    ' "schema": "archdsl-baseline/1",\n'
    ' "findings": [\n'
    '  {"path": "docs/shop.md", "diagram": "shop-current-design", "code": "ARCH201", "subject": "Orders", '
    '"count": 1, "message": "rds \'Orders\' is in a public subnet or marked public"}\n'
    " ]\n"
    "}\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / NOTE).write_text(phase(3), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["lint", "--format", "parsable", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def edit(project: Path, old: str, new: str) -> None:
    path = project / NOTE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_baseline_records_each_finding_by_rule_diagram_and_element(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert lint(capsys, NOTE, "--baseline", "base.json", "--write-baseline") == (
        0,
        "",
        "archdsl: recorded 1 finding in base.json\n",
    )
    assert (project / "base.json").read_text(encoding="utf-8") == EXPECTED
    lint(capsys, NOTE, "--baseline", "base.json", "--write-baseline")
    assert (project / "base.json").read_text(encoding="utf-8") == EXPECTED  # same bytes every time


def test_accepted_findings_survive_edits_above_them(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lint(capsys, NOTE, "--baseline", "base.json", "--write-baseline")
    edit(project, "# Shop architecture\n", "# Shop architecture\n\nThree new lines\nof prose\nabove it all.\n")
    edit(project, "    Buyers((Buyers))", "    %% a comment that moves the diagram's lines\n    Buyers((Buyers))")
    assert lint(capsys, NOTE)[1].startswith("docs/shop.md:26:13: ARCH201")  # the finding moved five lines
    assert lint(capsys, NOTE, "--baseline", "base.json") == (
        0,
        "",
        "archdsl: 1 finding in the baseline base.json not shown\n",
    )


def test_a_new_finding_of_the_same_rule_on_another_node_is_reported(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lint(capsys, NOTE, "--baseline", "base.json", "--write-baseline")
    edit(
        project,
        "            Orders[(RDS MySQL)]\n",
        "            Orders[(RDS MySQL)]\n            Carts[(ElastiCache Redis)]\n",
    )
    edit(project, "    App2 -->|SQL| Orders\n", "    App2 -->|SQL| Orders\n    App1 --> Carts\n")
    code, out, _ = lint(capsys, NOTE, "--baseline", "base.json")
    assert code == 1
    assert out == (
        "docs/shop.md:22:13: ARCH201 [error] elasticache 'Carts' is in a public subnet or marked public"
        " (datastore-publicly-accessible)\n"
    )


def test_a_fixed_finding_is_reported_as_gone_from_the_baseline(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lint(capsys, NOTE, "--baseline", "base.json", "--write-baseline")
    (project / NOTE).write_text(phase(2), encoding="utf-8")
    assert lint(capsys, NOTE, "--baseline", "base.json") == (
        0,
        "",
        "archdsl: 1 baseline finding fixed: --write-baseline drops them\n",
    )


def test_the_baseline_matches_from_another_folder(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lint(capsys, NOTE, "--baseline", "base.json", "--write-baseline")
    monkeypatch.chdir(project / "docs")
    assert lint(capsys, "shop.md", "--baseline", "../base.json")[0] == 0


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ('{\n  "schema": \n', "base.json:3:1: not JSON: Expecting value"),
        (
            '{"schema": "other/1", "findings": []}\n',
            'base.json:1:1: not an archdsl baseline (expected "schema": "archdsl-baseline/1")',
        ),
        ('{"schema": "archdsl-baseline/1", "findings": {}}\n', 'base.json:1:1: "findings" must be a list'),
        (
            '{"schema": "archdsl-baseline/1", "findings": [\n'
            '  {"path": "a", "diagram": "b", "code": "c", "subject": "d"},\n'
            '  {"path": "a", "diagram": 7, "code": "c", "subject": "d"}\n]}\n',
            "base.json:3:1: finding 2 needs the text fields path, diagram, code, subject",
        ),
        (
            '{"schema": "archdsl-baseline/1", "findings": [\n'
            '  {"path": "a", "diagram": "b", "code": "c", "subject": "d", "count": 0}\n]}\n',
            "base.json:2:1: finding 1: count must be a whole number above 0",
        ),
        (b"\xff\xfe".decode("latin-1"), "base.json:1:1: the baseline is not UTF-8 text"),
    ],
)
def test_a_baseline_archdsl_cannot_use_is_named_with_its_line_and_column(
    project: Path, capsys: pytest.CaptureFixture[str], content: str, error: str
) -> None:
    (project / "base.json").write_bytes(content.encode("latin-1") if content.startswith("\xff") else content.encode())
    assert lint(capsys, NOTE, "--baseline", "base.json") == (2, "", f"archdsl: error: {error}\n")


def test_write_baseline_needs_a_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert lint(capsys, NOTE, "--write-baseline") == (2, "", "archdsl: error: --write-baseline needs --baseline FILE\n")
