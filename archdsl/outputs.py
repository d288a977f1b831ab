"""Name the image files of rendered diagrams: stable, meaningful and unique."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from archdsl.model import Diagram


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


_FENCE_ID = re.compile(r"(?:\{[^}]*?#(?P<braced>[\w-]+)|\bid=[\"']?(?P<keyed>[\w-]+))")
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
    if found := _FENCE_ID.search(rest):
        return found["braced"] or found["keyed"]
    if found := _FENCE_TITLE.search(rest):
        return found["double"] or found["single"] or found["bare"] or ""
    return ""


def image_stems(diagrams: Sequence[Diagram]) -> list[str]:
    """One file stem per diagram: the file's stem, plus, in Markdown, the fence's id or title, the
    diagram's title, the heading above it, or else its number."""
    wanted: list[str] = []
    counters: dict[str, int] = {}
    for diagram in diagrams:
        stem = slug(Path(diagram.source.path).stem) or "diagram"
        if diagram.source.path.lower().endswith((".md", ".markdown")):
            counters[stem] = counters.get(stem, 0) + 1
            named = fence_name(diagram.source.info) or diagram.title or diagram.source.heading or ""
            part = slug(named) or str(counters[stem])
            stem = f"{stem}-{part}"
        wanted.append(stem)
    return unique_names(wanted)
