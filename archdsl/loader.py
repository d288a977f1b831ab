"""Read input paths into diagrams and diagnostics: the one place that knows every input format."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from archdsl.catalog import CATALOG, Catalog
from archdsl.diagnostics import PARSE_ERROR, Diagnostic, Severity
from archdsl.model import Diagram, Dialect, Span
from archdsl.sources import (
    SourceBlock,
    SourceText,
    arch_block,
    discover,
    is_markdown,
    markdown_blocks,
    read_text,
)

STDIN_NAME: Final = "<stdin>"


@dataclass(frozen=True, slots=True)
class Document:
    """One input file: its text, the diagrams found in it and what was reported."""

    path: str
    text: str
    diagrams: tuple[Diagram, ...]
    diagnostics: tuple[Diagnostic, ...]


Parser = Callable[[SourceBlock, Catalog], tuple[Diagram | None, tuple[Diagnostic, ...]]]


def _parse_archdsl(block: SourceBlock, catalog: Catalog) -> tuple[Diagram | None, tuple[Diagnostic, ...]]:
    from archdsl.dsl import parse_block

    result = parse_block(block, catalog)
    return result.diagram, result.diagnostics


def _parse_mermaid(block: SourceBlock, catalog: Catalog) -> tuple[Diagram | None, tuple[Diagnostic, ...]]:
    from archdsl.mermaid import parse_mermaid_block

    result = parse_mermaid_block(block, catalog)
    return result.diagram, result.diagnostics


PARSERS: Final[dict[Dialect, Parser]] = {Dialect.ARCHDSL: _parse_archdsl, Dialect.MERMAID: _parse_mermaid}


def load_source(source: SourceText, *, markdown: bool, catalog: Catalog = CATALOG) -> Document:
    """Parse every diagram in an already-read file."""
    if source.error is not None:
        code, name = PARSE_ERROR
        span = source.error_span or Span(1, 1, 1, 1)
        problem = Diagnostic(code, name, Severity.ERROR, f"Cannot read file: {source.error}", source.path, span)
        return Document(source.path, "", (), (problem,))
    blocks = markdown_blocks(source.path, source.text) if markdown else [arch_block(source.path, source.text)]
    diagrams: list[Diagram] = []
    diagnostics: list[Diagnostic] = []
    for block in blocks:
        parse = PARSERS.get(block.dialect)
        if parse is None:
            continue
        diagram, found = parse(block, catalog)
        if diagram is not None:
            diagrams.append(diagram)
        diagnostics.extend(found)
    diagnostics.sort(key=lambda diagnostic: diagnostic.sort_key)
    return Document(source.path, source.text, tuple(diagrams), tuple(diagnostics))


def load_paths(
    paths: Iterable[str], *, stdin_filename: str | None = None, catalog: Catalog = CATALOG
) -> list[Document]:
    """Discover, read and parse every path; ``-`` reads stdin as ``stdin_filename`` says."""
    documents: list[Document] = []
    for path in discover(paths):
        source = read_text(path)
        if path == "-":
            shown = stdin_filename or STDIN_NAME
            source = SourceText(shown, source.text, source.error, source.error_span)
            documents.append(load_source(source, markdown=is_markdown(shown), catalog=catalog))
        else:
            documents.append(load_source(source, markdown=is_markdown(path), catalog=catalog))
    return documents
