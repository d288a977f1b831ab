"""Every example parses cleanly, and its model matches the golden JSON byte for byte."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from archdsl.jsonmodel import document_json
from archdsl.loader import load_paths

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE_FILES = sorted(path.name for path in EXAMPLES.glob("*.arch"))


def test_the_three_growth_phases_exist() -> None:
    assert {"prototype.arch", "growth-10k.arch", "scale-1m.arch"} <= set(EXAMPLE_FILES)


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_parses_without_diagnostics(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (document,) = load_paths([f"examples/{name}"])
    assert document.diagnostics == ()
    assert len(document.diagrams) == 1
    assert document.diagrams[0].phase in ("prototype", "10k", "1m")


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_example_model_matches_golden(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (document,) = load_paths([f"examples/{name}"])
    produced = json.dumps(document_json(document.diagrams, document.diagnostics), indent=2, ensure_ascii=False) + "\n"
    golden = GOLDEN / f"{Path(name).stem}.model.json"
    if os.environ.get("ARCHDSL_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8"), "run with ARCHDSL_UPDATE_GOLDEN=1 after an intended change"


def test_readme_language_reference_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (document,) = load_paths(["README.md"])
    assert document.diagnostics == ()
    (diagram,) = document.diagrams
    assert {"users", "web1", "writer", "CloudWatch", "jobs", "legacy"} <= {node.id for node in diagram.nodes}
    assert diagram.node("CloudWatch").kind == "cloudwatch"  # type: ignore[union-attr]


def test_markdown_example_reads_both_diagrams(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    (document,) = load_paths(["examples/notes.md"])
    assert document.diagnostics == ()
    flowchart, architecture = document.diagrams
    assert (flowchart.source.heading, architecture.source.heading) == ("Ten thousand users", "A million users")
    assert {n.id: n.group for n in flowchart.nodes if n.kind == "aurora"} == {
        "Aurora_Writer": "Private1",
        "Aurora_Reader": "Private2",
    }
    assert [n.kind for n in architecture.nodes] == ["cloudfront", "s3", "apigw", "lambda", "dynamodb", "cloudwatch"]
