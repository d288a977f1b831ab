"""Insert, refresh and strip the image blocks archdsl owns after diagram fences in Markdown."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Final

from archdsl.markdown import Fence, fences, html_comments, lines_with_endings
from archdsl.model import Dialect
from archdsl.sources import fence_dialect

BOM: Final = "\ufeff"
BEGIN: Final = "<!-- archdsl:image"
END: Final = "<!-- archdsl:end -->"
_BEGIN_LINE: Final = re.compile(r"<!-- archdsl:image hash=(?P<hash>[0-9a-f]+)(?P<fold> fold)? -->")
_CLOSE: Final = "</details>"
# A fence line inside list indentation or blockquote markers: what precedes the marker is the prefix.
_CLOSING_FENCE: Final = re.compile(r"(?P<prefix>[ \t>]*)(`{3,}|~{3,})[ \t]*")
_OPENING_FENCE: Final = re.compile(r"(?P<prefix>[ \t>]*)(`{3,}|~{3,})")
_CONTAINER_PREFIX: Final = re.compile(r"[ \t>]*")


@dataclass(frozen=True, slots=True)
class Image:
    """What to show after one fence: the link target, its alt text and the hash of what it was drawn from.

    With ``fold`` the image goes above the fence instead, and the fence is folded into a ``<details>``
    block titled ``summary``.
    """

    link: str
    alt: str
    digest: str
    fold: bool = False
    summary: str = "Diagram source"


@dataclass(frozen=True, slots=True)
class OwnedBlock:
    """An archdsl image block already in the document (1-based, inclusive lines).

    A plain block is the three lines after its fence. A folded one is five lines before its fence and
    four after it; ``lines`` are the ones archdsl inserted, the fence between them is the user's.
    """

    first_line: int
    last_line: int
    digest: str
    fence_end: int
    folded: bool = False

    @property
    def lines(self) -> range | list[int]:
        if not self.folded:
            return range(self.first_line, self.last_line + 1)
        head = range(self.first_line, self.first_line + _HEAD_LINES)
        tail = range(self.fence_end + 1, self.last_line + 1)
        return [*head, *tail]


_HEAD_LINES: Final = 5
_SUMMARY: Final = re.compile(r"<details><summary>[^<>\r\n]*</summary>")


def _lines(text: str) -> list[str]:
    """The document's lines with their own endings, so joining them gives back every byte."""
    return lines_with_endings(text)


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def _ending(line: str) -> str:
    return line[len(_body(line)) :]


def drawn_fences(text: str) -> list[Fence]:
    """The closed fences archdsl draws: ``mermaid`` (but not a diagram type it skips), ``archdsl`` and ``arch``.

    Only these get an image block; marker-looking text anywhere else is the user's.
    """
    return [fence for fence in fences(text) if fence.closed and _draws(fence)]


def _draws(fence: Fence) -> bool:
    dialect = fence_dialect(fence.info)
    if dialect is Dialect.MERMAID:
        from archdsl.mermaid import skipped_diagram_type  # the Mermaid reader is only imported for Mermaid fences

        return skipped_diagram_type(fence.content) is None
    return dialect is not None


def _fence_prefix(pattern: re.Pattern[str], line: str) -> str | None:
    """The container prefix (list indentation, quote markers) of a fence line, if it is a plain fence line."""
    found = pattern.fullmatch(_body(line)) if pattern is _CLOSING_FENCE else pattern.match(line)
    return found["prefix"] if found else None


def owned_blocks(text: str) -> list[OwnedBlock]:
    """The archdsl blocks in the document, plain or folded, as markdown-it sees them.

    A plain block starts on the line after a drawn fence closes, a folded one five lines before such a
    fence opens; either is written in the fence's own container. No two blocks share a line.
    """
    text = text.removeprefix(BOM)
    lines = _lines(text)
    drawn = drawn_fences(text)
    closing_at = {fence.span.end_line: fence for fence in drawn}
    opening_at = {fence.span.line: fence for fence in drawn}

    def body(number: int) -> str | None:
        return _body(lines[number - 1]) if 1 <= number <= len(lines) else None

    def prefixes(fence: Fence) -> tuple[str | None, str | None]:
        opening = _fence_prefix(_OPENING_FENCE, lines[fence.span.line - 1])
        return opening, _fence_prefix(_CLOSING_FENCE, lines[fence.span.end_line - 1])

    found: list[OwnedBlock] = []
    claimed: set[int] = set()
    for comment in html_comments(text):
        line = _body(lines[comment.line - 1])
        begin = _BEGIN_LINE.search(line)
        if begin is None or begin.end() != len(line) or not _CONTAINER_PREFIX.fullmatch(line[: begin.start()]):
            continue
        prefix = line[: begin.start()]
        block: OwnedBlock | None = None
        if begin["fold"] is None:
            fence = closing_at.get(comment.line - 1)
            if fence is not None and prefixes(fence)[1] == prefix and body(comment.line + 2) == prefix + END:
                block = OwnedBlock(comment.line, comment.line + 2, begin["hash"], fence.span.end_line)
        elif (fence := opening_at.get(comment.line + _HEAD_LINES)) is not None and prefixes(fence) == (prefix, prefix):
            fence_end = fence.span.end_line
            summary = body(comment.line + 3) or ""
            blank = prefix.rstrip()
            if (
                body(comment.line + 2) == blank == body(comment.line + 4)
                and summary.startswith(prefix)
                and _SUMMARY.fullmatch(summary[len(prefix) :])
                and [body(fence_end + offset) for offset in range(1, 5)]
                == [blank, prefix + _CLOSE, blank, prefix + END]
            ):
                block = OwnedBlock(comment.line, fence_end + 4, begin["hash"], fence_end, folded=True)
        if block is not None and claimed.isdisjoint(block.lines):
            claimed.update(block.lines)
            found.append(block)
    return found


def strip(text: str) -> str:
    """The document without any archdsl block: exactly what the user wrote."""
    if text.startswith(BOM):
        return BOM + strip(text[1:])
    lines = _lines(text)
    owned = {number for block in owned_blocks(text) for number in block.lines}
    kept = [line for number, line in enumerate(lines, start=1) if number not in owned]
    if len(lines) in owned and not _ending(lines[-1]) and kept:
        # The block was appended after a fence that closed the file without a newline.
        kept[-1] = _body(kept[-1])
    return "".join(kept)


def _newline(lines: list[str], closing: str) -> str:
    for line in [closing, *lines]:
        if _ending(line):
            return _ending(line)
    return "\n"


def embed(text: str, images: Mapping[int, Image], keep: Collection[int] = ()) -> str:
    """``text`` with an image block for the fence that closes on each line of ``images``.

    Line numbers are those of ``text``. Existing archdsl blocks are refreshed, kept as they are for
    the fences closing on a line of ``keep``, and dropped for other fences; every other byte stays.
    """
    if text.startswith(BOM):
        return BOM + embed(text[1:], images, keep)
    closed = {fence.span.end_line: fence.span.line for fence in drawn_fences(text)}
    lines = _lines(text)
    owned = {number for block in owned_blocks(text) if block.fence_end not in keep for number in block.lines}
    placed: dict[int, tuple[Image, str]] = {}
    folds: dict[int, tuple[Image, str]] = {}
    for closing_line, image in images.items():
        if closing_line not in closed:
            continue
        prefix = _fence_prefix(_CLOSING_FENCE, lines[closing_line - 1])
        if prefix is None:
            continue
        placed[closing_line] = (image, prefix)
        if image.fold and _fence_prefix(_OPENING_FENCE, lines[closed[closing_line] - 1]) == prefix:
            folds[closed[closing_line]] = (image, prefix)
    output: list[str] = []
    ends_with_block = False
    for number, line in enumerate(lines, start=1):
        if number in owned:
            continue
        newline = _newline(lines, line)
        if number in folds:
            image, prefix = folds[number]
            output += [
                f"{prefix}{BEGIN} hash={image.digest} fold -->{newline}",
                f"{prefix}![{_alt(image.alt)}]({image.link}){newline}",
                f"{prefix.rstrip()}{newline}",
                f"{prefix}<details><summary>{_alt(image.summary)}</summary>{newline}",
                f"{prefix.rstrip()}{newline}",
            ]
        output.append(line)
        ends_with_block = False
        if number not in placed:
            continue
        image, prefix = placed[number]
        output[-1] = _body(line) + newline
        if closed[number] in folds:
            output += [f"{prefix.rstrip()}{newline}", f"{prefix}{_CLOSE}{newline}", f"{prefix.rstrip()}{newline}"]
        else:
            output += [
                f"{prefix}{BEGIN} hash={image.digest} -->{newline}",
                f"{prefix}![{_alt(image.alt)}]({image.link}){newline}",
            ]
        output.append(f"{prefix}{END}{newline}")
        ends_with_block = True
    user_text = strip(text)
    if ends_with_block and user_text and not _ending(user_text[-1]):
        # The fence closed the file without a newline; keep it that way after the block.
        output[-1] = _body(output[-1])
    return "".join(output)


def _alt(text: str) -> str:
    return re.sub(r"[\[\]\\\r\n]", " ", text).strip()
