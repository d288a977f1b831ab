"""Insert, refresh and strip the image blocks archdsl owns after diagram fences in Markdown."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Final

from archdsl.markdown import fences, html_comments

BOM: Final = "\ufeff"
BEGIN: Final = "<!-- archdsl:image"
END: Final = "<!-- archdsl:end -->"
_BEGIN_LINE: Final = re.compile(r"<!-- archdsl:image hash=(?P<hash>[0-9a-f]+) -->")
_CLOSING_FENCE: Final = re.compile(r"(`{3,}|~{3,})[ \t]*")
_CONTAINER_PREFIX: Final = re.compile(r"[ \t>]*")


@dataclass(frozen=True, slots=True)
class Image:
    """What to show after one fence: the link target, its alt text and the hash of what it was drawn from."""

    link: str
    alt: str
    digest: str


@dataclass(frozen=True, slots=True)
class OwnedBlock:
    """An archdsl image block already in the document (1-based, inclusive lines)."""

    first_line: int
    last_line: int
    digest: str


def _lines(text: str) -> list[str]:
    """The document's lines with their own endings, so joining them gives back every byte."""
    return text.splitlines(keepends=True) if text else []


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def _ending(line: str) -> str:
    return line[len(_body(line)) :]


def owned_blocks(text: str) -> list[OwnedBlock]:
    """The archdsl blocks in the document: a begin marker, the image, an end marker, as markdown-it sees them."""
    text = text.removeprefix(BOM)
    lines = _lines(text)
    found: list[OwnedBlock] = []
    for comment in html_comments(text):
        line = _body(lines[comment.line - 1])
        begin = _BEGIN_LINE.search(line)
        if begin is None or begin.end() != len(line) or not _CONTAINER_PREFIX.fullmatch(line[: begin.start()]):
            continue
        end_line = comment.line + 2
        if end_line <= len(lines) and _body(lines[end_line - 1]) == line[: begin.start()] + END:
            found.append(OwnedBlock(comment.line, end_line, begin["hash"]))
    return found


def strip(text: str) -> str:
    """The document without any archdsl block: exactly what the user wrote."""
    if text.startswith(BOM):
        return BOM + strip(text[1:])
    lines = _lines(text)
    for block in reversed(owned_blocks(text)):
        at_end = block.last_line == len(lines) and not _ending(lines[-1])
        del lines[block.first_line - 1 : block.last_line]
        if at_end and lines:
            # The block was appended after a fence that closed the file without a newline.
            lines[-1] = _body(lines[-1])
    return "".join(lines)


def _newline(lines: list[str], closing: str) -> str:
    for line in [closing, *lines]:
        if _ending(line):
            return _ending(line)
    return "\n"


def embed(text: str, images: Mapping[int, Image], keep: Collection[int] = ()) -> str:
    """``text`` with an image block right after the fence that closes on each line of ``images``.

    Line numbers are those of ``text``. Existing archdsl blocks are refreshed, kept as they are after
    the fences closing on a line of ``keep``, and dropped after other fences; every other byte stays.
    """
    if text.startswith(BOM):
        return BOM + embed(text[1:], images, keep)
    closing_lines = {fence.span.end_line for fence in fences(text) if fence.closed}
    lines = _lines(text)
    owned = {
        number
        for block in owned_blocks(text)
        if block.first_line - 1 not in keep
        for number in range(block.first_line, block.last_line + 1)
    }
    output: list[str] = []
    ends_with_block = False
    for number, line in enumerate(lines, start=1):
        if number in owned:
            continue
        output.append(line)
        ends_with_block = False
        image = images.get(number) if number in closing_lines else None
        fence = _CLOSING_FENCE.search(_body(line))
        if image is None or fence is None or fence.end() != len(_body(line)):
            continue
        prefix = _body(line)[: fence.start()]
        if not _CONTAINER_PREFIX.fullmatch(prefix):
            continue
        newline = _newline(lines, line)
        output[-1] = _body(line) + newline
        output += [
            f"{prefix}{BEGIN} hash={image.digest} -->{newline}",
            f"{prefix}![{_alt(image.alt)}]({image.link}){newline}",
            f"{prefix}{END}{newline}",
        ]
        ends_with_block = True
    user_text = strip(text)
    if ends_with_block and user_text and not _ending(user_text[-1]):
        # The fence closed the file without a newline; keep it that way after the block.
        output[-1] = _body(output[-1])
    return "".join(output)


def _alt(text: str) -> str:
    return re.sub(r"[\[\]\\\r\n]", " ", text).strip()
