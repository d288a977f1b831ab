"""Read code fences, headings and front matter out of Markdown with markdown-it-py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from archdsl.model import Span


def lines_with_endings(text: str) -> list[str]:
    """The lines as markdown-it counts them, each with its own ending, so joining them gives back ``text``.

    ``\r\n``, ``\n`` and a lone ``\r`` end a line (markdown-it normalises all three); form feeds,
    ``\x85`` and ``\u2028``, where ``str.splitlines`` would also break, stay inside a line.
    """
    parts = _LINE_ENDING.split(text)
    lines = [body + ending for body, ending in zip(parts[::2], [*parts[1::2], ""], strict=True)]
    return lines if lines[-1] else lines[:-1]


_LINE_ENDING: Final = re.compile(r"(\r\n|\r|\n)")


@dataclass(frozen=True, slots=True)
class Fence:
    """One fenced code block: info string, content, and where it sits in the file."""

    info: str
    content: str
    content_first_line: int
    span: Span
    heading: str | None
    index: int
    closed: bool = True


MAX_NESTING: Final = 100


@cache
def _parser() -> MarkdownIt:
    # Only the block rules that can contain or hide fences are needed; inline parsing is skipped.
    # maxNesting 100 (the commonmark preset stops at 20, which ten nested lists reach) stays well inside
    # Python's recursion limit; past it markdown-it stops reading, which nesting_limit_line reports.
    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).use(front_matter_plugin).disable("inline")


@lru_cache(maxsize=4)
def _tokens(text: str) -> tuple[Token, ...]:
    """One markdown-it parse per text: fences, front matter and comments are all read from it."""
    return tuple(_parser().parse(text))


def fences(text: str) -> list[Fence]:
    """Every fenced code block in document order, with the nearest heading above it."""
    if "```" not in text and "~~~" not in text:
        return []  # no fence markers, no fences: prose-only files skip the Markdown parse
    tokens = _tokens(text)
    raw_lines = [line.rstrip("\r\n") for line in lines_with_endings(text)]
    found: list[Fence] = []
    heading: str | None = None
    for position, token in enumerate(tokens):
        if token.type == "heading_open" and position + 1 < len(tokens):
            heading = tokens[position + 1].content.strip() or heading
        elif token.type == "fence" and token.map is not None:
            start, end = token.map
            opening = raw_lines[start] if start < len(raw_lines) else ""
            closing = raw_lines[end - 1] if 0 < end <= len(raw_lines) else ""
            span = Span(start + 1, max(opening.find(token.markup), 0) + 1, end, len(closing) + 1)
            closed = _content_lines(token.content) == end - start - 2
            found.append(Fence(token.info.strip(), token.content, start + 2, span, heading, len(found), closed))
    return found


def _content_lines(content: str) -> int:
    """How many lines a fence's content has: markdown-it maps a closed fence to two lines more, an open one to one.

    A line that only looks like a closing fence (``> `````` inside an outer fence) is content, so the
    closing line is never guessed from its text.
    """
    return content.count("\n") + (1 if content and not content.endswith("\n") else 0)


def front_matter(text: str) -> str | None:
    """The YAML front matter of a document, if it has one."""
    tokens = _tokens(text)
    return tokens[0].content if tokens and tokens[0].type == "front_matter" else None


@dataclass(frozen=True, slots=True)
class HtmlComment:
    """An HTML comment block in the document: its text and where it starts."""

    body: str
    line: int
    column: int


def html_comments(text: str) -> list[HtmlComment]:
    """Every block-level ``<!-- ... -->`` comment, in document order."""
    found: list[HtmlComment] = []
    for token in _tokens(text):
        if token.type == "html_block" and token.map is not None and token.content.lstrip().startswith("<!--"):
            content = token.content.strip()
            body = content[4:-3] if content.endswith("-->") else content[4:]
            indent = len(token.content) - len(token.content.lstrip())
            found.append(HtmlComment(body.strip(), token.map[0] + 1, indent + 1))
    return found


def nesting_limit_line(text: str) -> int | None:
    """The line where lists and quotes nest past MAX_NESTING: markdown-it reads nothing deeper, nor after it."""
    if "```" not in text and "~~~" not in text:
        return None  # without a fence nothing is lost
    deepest = [token.map[0] for token in _tokens(text) if token.level >= MAX_NESTING - 1 and token.map]
    return min(deepest) + 1 if deepest else None
