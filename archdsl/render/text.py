"""Label text as drawn: symbols the bundled fonts cannot draw dropped cleanly, long lines wrapped at words."""

from __future__ import annotations

import unicodedata
from typing import Final

from archdsl.render.fonts import missing_characters, text_width

# Widths in em of the label's own font size (Roboto averages about half an em a character): a node's label
# fits under its icon, an edge's runs a little longer, a group's title wraps only when very long.
NODE_WIDTH: Final = 11.0
EDGE_WIDTH: Final = 15.0
TITLE_WIDTH: Final = 30.0
LEGEND_WIDTH: Final = 55.0
_ZWJ: Final = "\u200d"
# Parts of an emoji sequence that mean nothing once its pictograph is gone: presentation selectors, skin
# tones, the keycap mark, tag characters (subdivision flags).
_SEQUENCE_PARTS: Final = (
    range(0xFE0E, 0xFE10),
    range(0x1F3FB, 0x1F400),
    range(0x20E3, 0x20E4),
    range(0xE0020, 0xE0080),
)
# Where a word too long for a line may break, after the character: paths, hosts, names with hyphens.
_BREAK_AFTER: Final = frozenset("-/_.:@")


def _sequence_part(character: str) -> bool:
    return any(ord(character) in part for part in _SEQUENCE_PARTS)


def _symbol(character: str) -> bool:
    # Emoji and pictographs are "So"; regional indicators too. Letters of any script are never dropped:
    # fonts.warn_missing names those instead, as they carry meaning a reader needs.
    return unicodedata.category(character) in ("So", "Sk")


def drawable(text: str) -> str:
    """``text`` without the symbols no bundled font draws, with the pieces of their emoji sequences.

    The same decision for both engines: it depends only on the fonts archdsl ships (fonts.png_font_files).
    A symbol a font has (☁, ✓, →) stays, drawn in text presentation. Spaces left doubled or at a line's
    ends are tidied, and a line left empty goes.

    >>> drawable("☁️ Cloud 🔒 secure 💰")
    '☁ Cloud secure'
    >>> drawable("👨‍💻 Dev\\n🇯🇵 Tokyo 1️⃣")
    'Dev\\nTokyo 1'
    """
    missing = set(missing_characters(text))
    if not missing and not any(_sequence_part(character) for character in text):
        return text
    kept: list[str] = []
    for character in text:
        if _sequence_part(character) or (character in missing and _symbol(character)):
            continue
        if character == _ZWJ and kept and kept[-1] == _ZWJ:
            continue
        kept.append(character)
    joined = "".join(kept)
    # A joiner left beside nothing it joined (both sides were dropped pictographs) goes too.
    lines = [
        " ".join(line.replace(_ZWJ + " ", " ").replace(" " + _ZWJ, " ").strip(_ZWJ).split())
        for line in joined.split("\n")
    ]
    return "\n".join(line for line in lines if line)


def _pieces(word: str, width: float) -> list[str]:
    """A word wider than ``width`` cut into lines, after a hyphen, slash or dot where one is near the end."""
    pieces: list[str] = []
    while text_width(word) > width:
        fits = 1
        while fits < len(word) and text_width(word[: fits + 1]) <= width:
            fits += 1
        soft = max((at + 1 for at in range(fits // 2, fits) if word[at] in _BREAK_AFTER), default=fits)
        # Never split a character from the marks that follow it.
        while soft < len(word) and unicodedata.combining(word[soft]):
            soft += 1
        pieces.append(word[:soft])
        word = word[soft:]
    return [*pieces, word] if word else pieces


def wrap(text: str, width: float) -> str:
    """``text`` with each line broken at spaces to at most ``width`` em; given line breaks are kept.

    >>> wrap("Application Load Balancer for the public API", 11.0)
    'Application Load\\nBalancer for the public\\nAPI'
    """
    out: list[str] = []
    for given in text.split("\n"):
        line = ""
        for word in given.split():
            candidate = f"{line} {word}" if line else word
            if text_width(candidate) <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            *full, line = _pieces(word, width) or [""]
            out.extend(full)
        out.append(line)
    return "\n".join(out)


def node_label(text: str) -> str:
    """A node's label as drawn under its icon or in its box."""
    return wrap(drawable(text), NODE_WIDTH)


def edge_label(text: str) -> str:
    """An edge's label as drawn beside it."""
    return wrap(drawable(text), EDGE_WIDTH)


def group_title(text: str) -> str:
    """A group's title: one line unless very long."""
    return wrap(drawable(text), TITLE_WIDTH)


def legend_lines(text: str) -> list[str]:
    """One finding of an annotated picture's legend, as lines (its text is already plain and visible)."""
    return wrap(text, LEGEND_WIDTH).split("\n")
