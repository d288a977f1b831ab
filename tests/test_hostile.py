"""Every hostile input in docs/hostile-input.md gets its exact outcome, in its own process."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cases import CASES, Case, run_archdsl


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_input_gets_a_clear_outcome(case: Case, tmp_path: Path) -> None:
    arguments = case.make(tmp_path)
    outcome = run_archdsl(tmp_path, *arguments)
    case.check(tmp_path, outcome)


def test_the_table_in_the_docs_lists_every_case() -> None:
    table = (Path(__file__).resolve().parent.parent / "docs" / "hostile-input.md").read_text(encoding="utf-8")
    rows = [line.split("|")[1].strip().strip("`") for line in table.splitlines() if line.startswith("| `")]
    assert rows == [case.name for case in CASES]
