"""Find diagram sources: whole ``.arch`` files and diagram fences in Markdown, with file coordinates."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from archdsl.model import Dialect, Source, Span
from archdsl.project import inside, project_of

ARCH_SUFFIXES: Final = (".arch",)
MARKDOWN_SUFFIXES: Final = (".md", ".markdown")
_SKIPPED_DIRECTORIES: Final = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"})
_FENCE_DIALECTS: Final = {
    "mermaid": Dialect.MERMAID,
    "archdsl": Dialect.ARCHDSL,
    "arch": Dialect.ARCHDSL,
}
STDIN: Final = "-"
MAX_FILE_BYTES: Final = 2 * 2**20
"""The largest input read: far above any real note, small enough to parse in bounded time and memory."""


class InputError(Exception):
    """A path that cannot be read at all; the CLI reports it and exits 2."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded input file, or the reason it could not be decoded."""

    path: str
    text: str
    error: str | None = None
    error_span: Span | None = None


@dataclass(frozen=True, slots=True)
class SourceBlock:
    """The text of one diagram and how its coordinates map back to the file."""

    path: str
    dialect: Dialect
    text: str
    first_line: int
    column_offsets: tuple[int, ...] = ()
    heading: str | None = None
    info: str = ""
    fence_span: Span | None = None

    @property
    def line_count(self) -> int:
        """How many lines the diagram text has."""
        return self.text.count("\n") + (0 if self.text.endswith("\n") or not self.text else 1)

    def column_offset(self, line: int) -> int:
        """How far block line ``line`` (1-based) is indented in the file."""
        index = line - 1
        return self.column_offsets[index] if 0 <= index < len(self.column_offsets) else 0

    def span(self, line: int, column: int, end_line: int, end_column: int) -> Span:
        """Map a 1-based span inside the block to the file the user edits."""
        if not self.column_offsets:
            shift = self.first_line - 1
            return Span(line + shift, column, end_line + shift, end_column)
        return Span(
            self.first_line + line - 1,
            column + self.column_offset(line),
            self.first_line + end_line - 1,
            end_column + self.column_offset(end_line),
        )

    def source(self) -> Source:
        """The model's record of where this diagram lives."""
        return Source(
            path=self.path,
            dialect=self.dialect,
            start_line=self.fence_span.line if self.fence_span else self.first_line,
            end_line=self.fence_span.end_line if self.fence_span else self.first_line + max(self.line_count, 1) - 1,
            heading=self.heading,
            info=self.info,
        )


def discover(paths: Iterable[str]) -> list[str]:
    """Expand directories into their ``.arch`` and Markdown files, sorted; keep ``-`` and files."""
    return [path for path, _ in discover_in_projects(paths)]


def discover_in_projects(paths: Iterable[str]) -> list[tuple[str, Path | None]]:
    """Every file :func:`discover` finds, with the root of the project it was named in (None for stdin)."""
    found: list[tuple[str, Path | None]] = []
    for raw in paths:
        if raw == STDIN:
            found.append((raw, None))
            continue
        path = Path(raw)
        if path.is_dir():
            root = project_of(raw)
            found.extend((walked, root) for walked in _walk(path))
        elif path.exists():
            found.append((raw, project_of(raw)))
        else:
            raise InputError(f"{raw}: no such file or directory")
    return found


def _outside_project(path: str, root: Path | None) -> str | None:
    """Why ``path`` is not read, when it leads out of its project: archdsl never prints what lies there."""
    if path == STDIN or inside(path, root or project_of(path)):
        return None
    if os.path.islink(path):
        return "it is a symlink to a file outside the project; archdsl does not read it"
    return "it lies outside the project, through a symlinked folder; archdsl does not read it"


def _walk(root: Path) -> Iterator[str]:
    matches: list[str] = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in _SKIPPED_DIRECTORIES)
        for name in files:
            if name.endswith(ARCH_SUFFIXES + MARKDOWN_SUFFIXES):
                matches.append(os.path.join(directory, name))
    yield from sorted(matches)


def read_text(path: str, *, root: Path | None = None) -> SourceText:
    """Read and decode ``path`` (``-`` is stdin); undecodable bytes become an error, not an exception.

    A path that leads out of ``root`` (by default the project it sits in) through a symlink is not read.
    """
    if (refused := _outside_project(path, root)) is not None:
        return SourceText(path, "", refused, Span(1, 1, 1, 1))
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        # Read no further: memory stays bounded whatever the size, and a pipe is not drained forever.
        limit = f"{MAX_FILE_BYTES // 2**20} MiB"
        return SourceText(path, "", f"file is larger than {limit}; archdsl reads notes up to {limit}", Span(1, 1, 1, 1))
    return decode(path, data)


def decode(path: str, data: bytes) -> SourceText:
    """UTF-8 (a BOM is allowed) to text; report the first bad byte by line and column."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        return SourceText(path, "", "binary file (NUL byte); archdsl reads UTF-8 text", _byte_span(data, offset))
    try:
        return SourceText(path, data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return SourceText(path, "", f"invalid UTF-8 (byte 0x{data[error.start]:02x})", _byte_span(data, error.start))


def _byte_span(data: bytes, offset: int) -> Span:
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Span(line, column, line, column + 1)


def is_markdown(path: str) -> bool:
    """Whether ``path`` is read as Markdown (by suffix)."""
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def arch_block(path: str, text: str) -> SourceBlock:
    """A whole ``.arch`` file as one block."""
    return SourceBlock(path=path, dialect=Dialect.ARCHDSL, text=text, first_line=1)


def fence_dialect(info: str) -> Dialect | None:
    """The dialect a fence's info string names: ``mermaid``, ``.mermaid``, ``{mermaid}``, ``archdsl``."""
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    word = word.strip("{}").lstrip(".").lower()
    return _FENCE_DIALECTS.get(word)


def markdown_blocks(path: str, text: str) -> list[SourceBlock]:
    """Every diagram fence in a Markdown document, mapped to file lines and columns."""
    from archdsl.markdown import fences, lines_with_endings  # markdown-it-py is only imported for Markdown input

    raw_lines = [line.rstrip("\r\n") for line in lines_with_endings(text)]
    blocks: list[SourceBlock] = []
    for fence in fences(text):
        dialect = fence_dialect(fence.info)
        if dialect is None:
            continue
        content_lines = fence.content.removesuffix("\n").split("\n") if fence.content else []
        offsets = tuple(
            _indent_of(raw_lines, fence.content_first_line + index, line) for index, line in enumerate(content_lines)
        )
        blocks.append(
            SourceBlock(
                path=path,
                dialect=dialect,
                text=fence.content,
                first_line=fence.content_first_line,
                column_offsets=offsets,
                heading=fence.heading,
                info=fence.info,
                fence_span=fence.span,
            )
        )
    return blocks


def _indent_of(raw_lines: list[str], line_number: int, content: str) -> int:
    """Columns that Markdown containers (lists, quotes, fence indent) took off a content line."""
    if not 1 <= line_number <= len(raw_lines):
        return 0
    raw = raw_lines[line_number - 1]
    if content and raw.endswith(content):
        return len(raw) - len(content)
    stripped = content.lstrip(" ")
    return len(raw) - len(stripped) if stripped and raw.endswith(stripped) else 0
