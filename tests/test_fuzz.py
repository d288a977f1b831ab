"""Grammar-aware fuzzing, a bounded slice for CI: every input ends in a model or diagnostics, never an exception."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fuzz_strategies import (
    TARGETS,
    Target,
    check_survives,
    errors,
    fenced,
    images_for,
    model_summary,
)
from hypothesis import HealthCheck, given, settings

from archdsl.embed import embed, strip
from archdsl.export import export_text
from archdsl.fmt import format_checked
from archdsl.loader import load_source
from archdsl.sources import SourceText

# Examples per target, sized so that this file stays under ~20 s on two cores; the long campaign
# (tools/fuzz_campaign.py) runs the same targets with as many examples as it is given.
EXAMPLES = {
    "dsl-valid": 50,
    "dsl-mutated": 80,
    "deep-nesting": 30,
    "mermaid-valid": 50,
    "mermaid-mutated": 80,
    "architecture-valid": 50,
    "architecture-mutated": 80,
    "markdown-valid": 30,
    "markdown-mutated": 60,
}


def bounded(target: Target, examples: int) -> None:
    """Run one target's property over ``examples`` generated inputs (no example database: CI stays stateless)."""
    run = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )(given(target.strategy())(target.check))
    run()


def test_every_target_has_a_ci_slice() -> None:
    assert set(EXAMPLES) == {target.name for target in TARGETS}


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.name)
def test_every_input_ends_in_a_model_or_diagnostics(target: Target) -> None:
    bounded(target, EXAMPLES[target.name])


# --- What the fuzzers found: each minimal reproducer, now a regression test ----------------------


def test_unknown_phase_in_mermaid_front_matter_is_a_diagnostic_not_a_crash() -> None:
    # Found by mermaid-mutated: lint_diagram raised ValueError('unknown phase') ("internal error" in the CLI).
    document = check_survives(fenced("---\nphase: 2k\n---\nflowchart LR\n  A --> B\n"), markdown=True)
    assert [error.code for error in errors(document)] == ["ARCH001"]


def test_fmt_formats_a_crlf_arch_file() -> None:
    # Found by dsl-valid: format_checked refused every CRLF .arch file ("unexpected '\r'").
    assert format_checked("crlf.arch", "ec2  web\r\n") == "ec2 web\r\n"


def test_embed_counts_lines_as_markdown_does() -> None:
    # Found by markdown-valid: str.splitlines() also breaks at a form feed (and \x0b \x1c-\x1e \x85
    # \u2028 \u2029), so the second fence's image block was written inside that fence.
    text = "```\n\x0c\n```\n```\n```\n"
    assert strip(embed(text, images_for(text, fold=False))) == text


@pytest.mark.parametrize(
    "text",
    [
        # Found by dsl-valid: export dropped every `tier` attribute of a group.
        "vpc v [tier=gold] {\n  ec2 a\n}\n",
        "subnet s data [tier] {\n  ec2 a\n}\n",
        # Found by dsl-valid: a label-made cidr came back once more on every round trip.
        'subnet s "10.0.1.0/24" [cidr=10.0.2.0/24] {\n  ec2 a\n}\n',
    ],
)
def test_archdsl_round_trip_keeps_group_attributes(text: str) -> None:
    (diagram,) = load_source(SourceText("t.arch", text), markdown=False).diagrams
    (again,) = load_source(SourceText("t.arch", export_text([diagram], "archdsl")), markdown=False).diagrams
    assert model_summary(again) == model_summary(diagram)


def test_spaced_circle_and_cross_arrows_are_not_glued_arrowheads() -> None:
    # Found by mermaid-valid: `A --o B` was an ARCH010 error (the link token's trailing blank was counted).
    document = load_source(SourceText("n.md", fenced("flowchart LR\n  A --o B\n  A --x C\n")), markdown=True)
    assert errors(document) == []


def test_architecture_beta_reads_front_matter() -> None:
    # Found by architecture-valid: front matter (valid Mermaid for any diagram) was ARCH001 'unexpected --'.
    body = "---\ntitle: Platform\n---\narchitecture-beta\n  service a(server)[A]\n"
    document = load_source(SourceText("n.md", fenced(body)), markdown=True)
    assert errors(document) == []


# --- Lone carriage returns: found by the campaign, fixed, kept as regression tests --------------------
# markdown-it (and editors) end a line at a lone CR; embed and strip count lines the same way, and
# `archdsl render --check` reports a note it refuses to rewrite instead of crashing.


def test_embed_counts_a_lone_cr_as_markdown_does() -> None:
    text = "x\ry\n```\n```\n```\n```\n"
    assert strip(embed(text, images_for(text, fold=False))) == text


def test_strip_survives_a_lone_cr_before_an_html_comment() -> None:
    text = "Notes\r\r<!-- a comment -->\n"
    assert strip(text) == text


def test_render_check_reports_a_refused_note(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_bytes(b"x\ry\n\n```mermaid\nflowchart LR\n  A --> B\n```\n")
    result = run_cli("render", "--check", str(note))
    assert "carriage returns" in result.err
    assert "internal error" not in result.err
