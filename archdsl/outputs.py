"""Name the image files of rendered diagrams: stable, meaningful and unique."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from archdsl.model import Diagram

LONGEST_STEM: Final = 100  # bytes of UTF-8: far below the 255-byte file name limit, with room for suffixes
MARKDOWN_SUFFIX: Final = ".md"


def slug(text: str) -> str:
    """A lower-case, dash-separated file name part; letters of any script are kept.

    >>> slug("Step 2: Two zones (AZ)")
    'step-2-two-zones-az'
    >>> slug("10,000人規模のフェーズ")
    '10-000人規模のフェーズ'
    """
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-")


def unique_names(wanted: list[str]) -> list[str]:
    """``wanted`` with repeats made unique by ``-2``, ``-3``... in order.

    >>> unique_names(["a", "b", "a", "a"])
    ['a', 'b', 'a-2', 'a-3']
    """
    seen: dict[str, int] = {}
    names: list[str] = []
    taken = set(wanted)
    for name in wanted:
        count = seen.get(name, 0) + 1
        seen[name] = count
        candidate = name if count == 1 else f"{name}-{count}"
        while count > 1 and candidate in taken:
            count += 1
            candidate = f"{name}-{count}"
        seen[name] = count
        taken.add(candidate)
        names.append(candidate)
    return names


_FENCE_KEYED_ID = re.compile(r"\bid=[\"']?(?P<keyed>[\w-]+)")
_ID_WORD = re.compile(r"[\w-]+")
_FENCE_TITLE = re.compile(r"\btitle=(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>\S+))")


def fence_name(info: str) -> str:
    """The name a fence's info string gives it: ``{#id}``, ``id=...`` or ``title="..."``; else empty.

    >>> fence_name('mermaid {#checkout-flow}')
    'checkout-flow'
    >>> fence_name('archdsl title="Payments, 2 AZs"')
    'Payments, 2 AZs'
    >>> fence_name('mermaid')
    ''
    """
    words = info.split(maxsplit=1)
    rest = words[1] if len(words) > 1 else ""
    braced = _braced_id(rest)
    keyed = _FENCE_KEYED_ID.search(rest)
    if braced and (keyed is None or braced[0] < keyed.start()):
        return braced[1]
    if keyed:
        return keyed["keyed"]
    if found := _FENCE_TITLE.search(rest):
        return found["double"] or found["single"] or found["bare"] or ""
    return ""


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def bounded(stem: str) -> str:
    """``stem`` cut to LONGEST_STEM bytes on a character boundary, plus a hash of the whole, when it is longer.

    >>> bounded("short")
    'short'
    >>> len(bounded("x" * 300).encode())
    109
    """
    data = stem.encode()
    if len(data) <= LONGEST_STEM:
        return stem
    cut = data[:LONGEST_STEM].decode(errors="ignore").rstrip("-")
    return f"{cut}-{short_hash(stem)}"


def note_prefix(file_name: str) -> str:
    """The start of every image name of one note: its slug, plus a hash of the exact name when the slug loses
    something (case, ``_``, another suffix), so two notes of one folder never share a prefix, even on a
    case-insensitive file system.

    >>> note_prefix("notes.md"), note_prefix("my-notes.md")
    ('notes', 'my-notes')
    >>> note_prefix("my_notes.md") != note_prefix("my-notes.md"), note_prefix("Notes.md") != "notes"
    (True, True)
    """
    stem = Path(file_name).stem
    prefix = slug(stem) or "diagram"
    if file_name == f"{prefix}{MARKDOWN_SUFFIX}":
        return prefix
    return f"{prefix}-{short_hash(file_name)[:6]}"


def fence_stem(prefix: str, named: str, number: int) -> str:
    """A fence's wanted image stem: the note's prefix and the fence's name (its id, title or heading), or its number."""
    return bounded(f"{prefix}-{slug(named) or number}")


def _braced_id(rest: str) -> tuple[int, str] | None:
    """Where ``\\{[^}]*?#([\\w-]+)`` would match first, and its id, in one pass.

    Retried from every ``{``, that pattern scanned to the end each time: a fence info string of ``{``s
    took quadratic time. The first ``{`` since the last ``}`` is where a match starts.
    """
    opened: int | None = None
    for index, char in enumerate(rest):
        if char == "}":
            opened = None
        elif char == "{" and opened is None:
            opened = index
        elif char == "#" and opened is not None and (word := _ID_WORD.match(rest, index + 1)):
            return opened, word.group(0)
    return None


def image_stems(diagrams: Sequence[Diagram]) -> list[str]:
    """One file stem per diagram: the file's stem, plus, in Markdown, the fence's id or title, the
    diagram's title, the heading above it, or else its number."""
    wanted: list[str] = []
    counters: dict[str, int] = {}
    for diagram in diagrams:
        path = diagram.source.path
        if path.lower().endswith((".md", ".markdown")):
            prefix = note_prefix(Path(path).name)
            counters[prefix] = counters.get(prefix, 0) + 1
            named = fence_name(diagram.source.info) or diagram.title or diagram.source.heading or ""
            wanted.append(fence_stem(prefix, named, counters[prefix]))
        else:
            wanted.append(bounded(slug(Path(path).stem) or "diagram"))
    return unique_names(wanted)
