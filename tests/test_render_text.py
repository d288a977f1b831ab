"""Labels as drawn: wrapped at words, given line breaks kept, emoji drawn or dropped cleanly on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from archdsl.dsl import parse_text
from archdsl.loader import load_paths
from archdsl.model import Diagram
from archdsl.render.dot import build_dot
from archdsl.render.fonts import missing_characters, texts_of
from archdsl.render.pipeline import RenderOptions, render
from archdsl.render.text import NODE_WIDTH, drawable, wrap
from archdsl.render.theme import THEMES

ENGINES = ["embedded", pytest.param("system", marks=pytest.mark.needs_dot)]
EMOJI = (
    'ec2 web "☁️ Web tier 🔒 TLS only 💰"\n'
    'rds db "✅ Orders ➡️ replica"\n'
    'mystery team "👩🏽‍💻🧑‍🚀"\n'
    'lambda job "1️⃣ Ingest 🇯🇵"\n'
    'web -> db : "💰 writes ✓"\n'
)


def dsl(text: str) -> Diagram:
    diagram = parse_text(text, "t.arch").diagram
    assert diagram is not None
    return diagram


@pytest.mark.parametrize(
    ("given", "drawn"),
    [
        ("☁️ Cloud", "☁ Cloud"),  # the bundled CJK font draws the cloud; its emoji selector goes
        ("🔒 Private  subnet 🔒", "Private subnet"),
        ("Cost 💰 centre", "Cost centre"),
        ("👩🏽‍💻 Dev team", "Dev team"),  # a ZWJ sequence with a skin tone goes whole
        ("➡️ next", "➡ next"),
        ("1️⃣ first", "1 first"),  # the keycap's digit stays
        ("🇯🇵 Tokyo", "Tokyo"),
        ("line 🔒\n🔒\nlast", "line\nlast"),  # no empty line left behind
        ("日本語 ✓ → ★", "日本語 ✓ → ★"),
        ("no symbols at all", "no symbols at all"),
        ("ᚠ rune", "ᚠ rune"),  # letters are never dropped: fonts.warn_missing names them
    ],
)
def test_symbols_no_bundled_font_draws_are_dropped_cleanly(given: str, drawn: str) -> None:
    assert drawable(given) == drawn


def test_long_labels_wrap_at_words_and_keep_given_breaks() -> None:
    assert wrap("Application Load Balancer", NODE_WIDTH) == "Application Load\nBalancer"
    assert wrap("Aurora\nreader", NODE_WIDTH) == "Aurora\nreader"
    assert wrap("  Amazon   S3  ", NODE_WIDTH) == "Amazon S3"
    # A word longer than the width breaks, after a hyphen where it can.
    assert wrap("orders-replication-queue-dead-letters", NODE_WIDTH) == "orders-replication-\nqueue-dead-letters"
    assert wrap("x" * 30, NODE_WIDTH) == "x" * 22 + "\n" + "x" * 8


def test_mermaid_breaks_are_kept_and_long_lines_wrap(tmp_path: Path) -> None:
    source = tmp_path / "t.md"
    fence = "```mermaid\nflowchart TB\n  a[Public Application Load Balancer<br/>port 443] --> b\n```\n"
    source.write_text(fence, encoding="utf-8")
    (document,) = load_paths([str(source)])
    (diagram,) = document.diagrams
    dot = build_dot(diagram, THEMES["light"]).dot
    assert '\ta [label="Public Application Load\\nBalancer\\nport 443" height=2.7 ' in dot


def test_icon_nodes_grow_with_their_lines_and_titles_stay_on_one_line() -> None:
    dot = build_dot(
        dsl('vpc main "Production VPC for the ordering platform" { elb alb "Application Load Balancer" }\n'),
        THEMES["light"],
        html_labels=False,
    ).dot
    assert 'alb [label="Application Load\\nBalancer" height=2.3 ' in dot
    assert 'Production VPC for the ordering platform"' in dot


def test_a_label_of_only_symbols_falls_back_to_the_id() -> None:
    dot = build_dot(dsl('mystery team "👩🏽‍💻🧑‍🚀"\nec2 box "🔒"\n'), THEMES["light"]).dot
    assert "\tteam [label=team " in dot
    assert "\tbox [label=box " in dot


@pytest.mark.parametrize("engine", ENGINES)
def test_emoji_labels_draw_without_boxes_on_both_engines(engine: str, caplog: pytest.LogCaptureFixture) -> None:
    out = render(dsl(EMOJI), ["svg", "png"], RenderOptions(engine=engine))
    texts = [text for text in texts_of(out["svg"]) if text.strip()]
    assert sorted(texts) == sorted(["☁ Web tier TLS only", "Orders ➡ replica", "team", "1 Ingest", "writes ✓"])
    assert not any(missing_characters(text) for text in texts)
    assert caplog.records == []  # nothing left that would be drawn as an empty box
