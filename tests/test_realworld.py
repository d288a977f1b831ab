"""The judged real-note corpus: archdsl reads other people's notes as an AWS architect does (issue 12)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "realworld"))

from judge import NOTES, FenceJudgement, Score, load_corpus, notes_without_judgement, read_corpus, score

FENCES = load_corpus()


@pytest.fixture(scope="module")
def result() -> Score:
    return score(FENCES, read_corpus({fence.note for fence in FENCES}))


def test_the_corpus_is_large_enough_and_every_note_is_judged() -> None:
    assert notes_without_judgement() == []
    assert len({fence.note for fence in FENCES}) >= 60
    assert len(FENCES) >= 90


@pytest.mark.parametrize("fence", FENCES, ids=lambda fence: fence.where)
def test_every_judged_id_is_written_in_its_fence(fence: FenceJudgement) -> None:
    lines = (NOTES / fence.note).read_text(encoding="utf-8").splitlines()[fence.line :]
    body = "\n".join(
        lines[: next((i for i, line in enumerate(lines) if line.lstrip().startswith(("```", "~~~"))), None)]
    )
    # A subgraph written without an id is Mermaid's subGraphN, which the note never spells out.
    unnamed = re.compile(r"subGraph\d+")
    assert [name for name in [*fence.nodes, *fence.groups] if name not in body and not unnamed.fullmatch(name)] == []


def test_node_kinds_are_read_right(result: Score) -> None:
    assert result.node_accuracy >= 0.95, "\n".join(result.wrong_nodes)


def test_group_kinds_are_read_right(result: Score) -> None:
    assert result.group_accuracy >= 0.98, "\n".join(result.wrong_groups)


def test_scopes_are_read_right(result: Score) -> None:
    assert result.scope_accuracy >= 0.93, "\n".join(result.wrong_scopes)


def test_findings_are_worth_saying(result: Score) -> None:
    assert result.precision >= 0.80, "\n".join(result.noise)


def test_most_real_problems_are_reported(result: Score) -> None:
    assert result.recall >= 0.85, "\n".join(result.missed)


def test_no_finding_the_judgement_rules_out_is_reported(result: Score) -> None:
    assert result.forbidden == []
