"""Lay out the archdsl fences of a Markdown note canonically; every byte outside their content stays."""

from __future__ import annotations

import re
from typing import Final

from archdsl.fmt import FormatError, format_checked
from archdsl.model import Dialect

_OPENING: Final = re.compile(r"(?P<prefix>[ \t>]*)(`{3,}|~{3,})")


def format_fences(path: str, text: str) -> str:
    """``text`` with the content of each closed archdsl fence formatted; FormatError points into the note.

    A fence whose lines do not all carry the opening line's container prefix (list indentation, quote
    markers) is left as it is: archdsl cannot put them back the way they were.
    """
    from archdsl.markdown import fences, lines_with_endings
    from archdsl.sources import fence_dialect

    if "\r" in text.replace("\r\n", ""):
        raise FormatError("has carriage returns that do not end lines; left as it is")
    lines = lines_with_endings(text)
    replaced: dict[int, list[str]] = {}
    for fence in fences(text):
        if not fence.closed or fence_dialect(fence.info) is not Dialect.ARCHDSL:
            continue
        opening = _OPENING.match(lines[fence.span.line - 1])
        first, last = fence.span.line + 1, fence.span.end_line - 1
        if opening is None or last < first:
            continue
        prefix = opening["prefix"]
        content = [_without(lines[number - 1], prefix) for number in range(first, last + 1)]
        if any(line is None for line in content):
            continue
        try:
            formatted = format_checked(path, "\n".join(line for line in content if line is not None) + "\n")
        except FormatError as error:
            line = None if error.line is None else first + error.line - 1
            column = None if error.column is None else len(prefix) + error.column
            raise FormatError(error.message, line, column) from None
        newline = lines[fence.span.line - 1][len(lines[fence.span.line - 1].rstrip("\r\n")) :] or "\n"
        bodies = [line.removesuffix("\n") for line in lines_with_endings(formatted)]
        replaced[first] = [(f"{prefix}{body}" if body else prefix.rstrip()) + newline for body in bodies]
        for number in range(first + 1, last + 1):
            replaced[number] = []
    return "".join(
        "".join(replaced[number]) if number in replaced else line for number, line in enumerate(lines, start=1)
    )


def _without(line: str, prefix: str) -> str | None:
    """A content line without its container prefix, or None when it does not carry it."""
    body = line.rstrip("\r\n")
    if body.startswith(prefix):
        return body[len(prefix) :]
    return "" if body == prefix.rstrip() else None
