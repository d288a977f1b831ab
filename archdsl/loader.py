"""Read input paths into diagrams and diagnostics: the one place that knows every input format."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Final

from archdsl.catalog import CATALOG, Catalog
from archdsl.diagnostics import PARSE_ERROR, Diagnostic, Severity, markdown_too_deep, nesting_too_deep
from archdsl.model import MAX_GROUP_DEPTH, Diagram, Dialect, Span
from archdsl.scoping import StatedScope, note_scope, with_scope
from archdsl.sources import (
    SourceBlock,
    SourceText,
    arch_block,
    discover_in_projects,
    is_markdown,
    markdown_blocks,
    read_text,
)

STDIN_NAME: Final = "<stdin>"
_SCOPE_WORD: Final = re.compile("scope", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Document:
    """One input file: its text, the diagrams found in it and what was reported."""

    path: str
    text: str
    diagrams: tuple[Diagram, ...]
    diagnostics: tuple[Diagnostic, ...]


def has_errors(document: Document, diagram: Diagram) -> bool:
    """Whether an error was reported inside ``diagram``'s lines: such a diagram is not drawn."""
    span = diagram.source
    return any(
        found.severity is Severity.ERROR and span.start_line <= found.span.line <= span.end_line
        for found in document.diagnostics
    )


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
    document_phase = _front_matter_phase(source.text) if markdown and blocks else None
    diagrams: list[Diagram] = []
    diagnostics: list[Diagnostic] = []
    stated: StatedScope | None = None
    note_lines: tuple[str, ...] = ()
    if blocks and _SCOPE_WORD.search(source.text):  # the one word every way of stating a scope contains
        stated, found_in_note = note_scope(source.path, source.text) if markdown else (None, [])
        diagnostics.extend(found_in_note)
        note_lines = tuple(line.rstrip("\r\n") for line in _lines(source.text)) if markdown else ()
    for block in blocks:
        parse = PARSERS.get(block.dialect)
        if parse is None:
            continue
        diagram, found = parse(block, catalog)
        if diagram is not None and (too_deep := _too_deep(diagram)) is not None:
            diagram, found = None, (*found, too_deep)
        if diagram is not None:
            if diagram.phase is None and document_phase is not None:
                diagram = replace(diagram, phase=document_phase)
            diagram, misstated = with_scope(diagram, block, catalog, note_lines, stated)
            found = (*found, *misstated)
            diagrams.append(diagram)
        diagnostics.extend(found)
    if markdown and (line := _nesting_limit_line(source.text)) is not None:
        diagnostics.append(markdown_too_deep(source.path, Span(line, 1, line, 1)))
    if markdown and diagrams and "archdsl-disable" in source.text:
        diagrams = _fence_suppressions(source.text, diagrams)
    diagnostics.sort(key=lambda diagnostic: diagnostic.sort_key)
    return Document(source.path, source.text, tuple(diagrams), tuple(diagnostics))


def _lines(text: str) -> list[str]:
    from archdsl.markdown import lines_with_endings  # markdown-it-py is only imported for Markdown input

    return lines_with_endings(text)


def _nesting_limit_line(text: str) -> int | None:
    from archdsl.markdown import nesting_limit_line  # markdown-it-py is only imported for Markdown input

    return nesting_limit_line(text)


def _too_deep(diagram: Diagram) -> Diagnostic | None:
    """An error at the first group nested deeper than MAX_GROUP_DEPTH: no layout engine draws that."""
    parents = {group.id: group.parent for group in diagram.groups}
    depths: dict[str, int] = {}
    for group in diagram.groups:
        chain: dict[str, None] = {}  # ordered, with O(1) membership: a parent cycle must not loop
        current: str | None = group.id
        while current is not None and current not in depths and current not in chain:
            chain[current] = None
            current = parents.get(current)
        depth = depths.get(current, 0) if current is not None else 0
        for name in reversed(chain):
            depth += 1
            depths[name] = depth
    too_deep = [group.span for group in diagram.groups if depths[group.id] == MAX_GROUP_DEPTH + 1]
    return nesting_too_deep(diagram.source.path, min(too_deep)) if too_deep else None


def _fence_suppressions(text: str, diagrams: list[Diagram]) -> list[Diagram]:
    """``<!-- archdsl-disable CODES -- reason -->`` ... ``<!-- archdsl-enable -->`` around fences in Markdown."""
    from archdsl.directives import parse_suppression
    from archdsl.markdown import html_comments
    from archdsl.model import Suppression, SuppressionScope

    regions: list[tuple[int, int, Suppression]] = []
    open_region: tuple[int, Suppression] | None = None
    for comment in html_comments(text):
        words = comment.body.split(maxsplit=1)
        if not words or words[0] not in ("archdsl-disable", "archdsl-enable"):
            continue
        span = Span(comment.line, comment.column, comment.line, comment.column + len(comment.body) + 7)
        if words[0] == "archdsl-enable":
            if open_region is not None:
                regions.append((open_region[0], comment.line, open_region[1]))
            open_region = None
            continue
        found = parse_suppression(f"archdsl: disable-file {words[1] if len(words) > 1 else ''}", span, trailing=False)
        if isinstance(found, Suppression):
            open_region = (comment.line, found)
    if open_region is not None:
        regions.append((open_region[0], 10**9, open_region[1]))
    updated = []
    for diagram in diagrams:
        extra = tuple(
            replace(suppression, scope=SuppressionScope.FILE)
            for start, end, suppression in regions
            if start <= diagram.source.start_line <= end
        )
        updated.append(replace(diagram, suppressions=diagram.suppressions + extra) if extra else diagram)
    return updated


def _front_matter_phase(text: str) -> str | None:
    """``phase:`` (or ``archdsl: {phase: ...}``) in a Markdown document's front matter, for all its diagrams."""
    from archdsl.markdown import front_matter

    header = front_matter(text)
    if not header or "phase" not in header:
        return None
    import yaml

    try:
        data = yaml.safe_load(header)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    settings = data.get("archdsl")
    phase = settings.get("phase") if isinstance(settings, dict) else data.get("phase")
    return str(phase).lower() if str(phase).lower() in ("prototype", "10k", "1m") else None


def load_paths(
    paths: Iterable[str], *, stdin_filename: str | None = None, catalog: Catalog = CATALOG
) -> list[Document]:
    """Discover, read and parse every path; ``-`` reads stdin as ``stdin_filename`` says."""
    documents: list[Document] = []
    for path, root in discover_in_projects(paths):
        source = read_text(path, root=root)
        if path == "-":
            shown = stdin_filename or STDIN_NAME
            source = SourceText(shown, source.text, source.error, source.error_span)
            documents.append(load_source(source, markdown=is_markdown(shown), catalog=catalog))
        else:
            documents.append(load_source(source, markdown=is_markdown(path), catalog=catalog))
    return documents
