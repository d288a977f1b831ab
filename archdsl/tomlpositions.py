"""Where a key sits in TOML text (tomllib gives values, not positions): its line and column, 1-based."""

from __future__ import annotations

import re
import tomllib
from typing import Final

_KEY: Final = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED: Final = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"
_HEADER: Final = re.compile(rf"[ \t]*\[\[?[ \t]*({_DOTTED})[ \t]*\]")
_ASSIGNMENT: Final = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_PART: Final = re.compile(_KEY)


def _parts(dotted: str, start: int) -> list[tuple[str, int]]:
    """Each key of a dotted key, unquoted, with its 0-based column."""
    parts = []
    for match in _PART.finditer(dotted):
        raw = match.group()
        name = tomllib.loads(f"k = {raw}")["k"] if raw[0] in "\"'" else raw
        parts.append((name, start + match.start()))
    return parts


def _inline_key(line: str, after: int, key: str) -> int | None:
    """The column of ``key`` inside an inline table that starts after column ``after``."""
    spelled = "|".join(re.escape(form) for form in (key, f'"{key}"', f"'{key}'"))
    found = re.compile(rf"[{{,][ \t]*({spelled})[ \t]*=").search(line, after)
    return found.start(1) if found else None


def position(text: str, keys: tuple[str, ...]) -> tuple[int, int]:
    """The line and column of the deepest of ``keys`` (a path of table names) that the text spells out.

    Finds ``[a.b]`` headers, dotted keys (``a.b = 1``) and inline tables (``a = {b = 1}``); an unfound key
    points at its nearest enclosing table, and at 1:1 when nothing matches.
    """
    best: tuple[int, int, int] = (0, 1, 1)  # keys matched, line, column
    table: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        assignment = None if header else _ASSIGNMENT.match(line)
        if header:
            table = spelled = _parts(header.group(1), header.start(1))
            path = table
        elif assignment:
            spelled = _parts(assignment.group(1), assignment.start(1))
            path = [*table, *spelled]
        else:
            continue
        names = tuple(name for name, _ in path)
        if not spelled or names != keys[: len(names)]:
            continue
        depth, column = len(names), spelled[-1][1]
        if assignment and depth < len(keys):
            inner = _inline_key(line, assignment.end(), keys[depth])
            if inner is not None:
                depth, column = depth + 1, inner
        if depth > best[0]:
            best = (depth, number, column + 1)
    return best[1], best[2]
