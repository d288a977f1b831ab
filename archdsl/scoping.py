"""Give each diagram its scope: as a fence, a comment or the note's front matter states it, else as guessed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from archdsl.catalog import Catalog
from archdsl.diagnostics import Diagnostic, Severity
from archdsl.directives import DirectiveError, read_scope_name
from archdsl.infer.groups import settle_groups
from archdsl.infer.scope import guess_scope
from archdsl.model import Diagram, Dialect, Scope, Span
from archdsl.sources import SourceBlock

MALFORMED_DIRECTIVE: Final = ("ARCH012", "malformed-suppression")
FRONT_MATTER_KEY: Final = "archdsl-scope"
_SCOPE_WORD: Final = re.compile("scope", re.IGNORECASE)
_MERMAID_COMMENT: Final = re.compile(r"^[ \t]*%%\s*archdsl\s*:\s*scope\b\s*=?\s*(?P<name>[^\s,]*)", re.IGNORECASE)
_DSL_COMMENT: Final = re.compile(r"#\s*archdsl\s*:\s*scope\b\s*=?\s*(?P<name>[^\s,]*)", re.IGNORECASE)
_INFO_WORD: Final = re.compile(r"(?<![\w-])scope\s*=\s*[\"']?(?P<name>[^\s\"'},]*)", re.IGNORECASE)
_FRONT_MATTER_LINE: Final = re.compile(r"^(?P<key>\s*(?:archdsl-scope|scope)\s*:\s*)(?P<value>.*?)\s*$")


@dataclass(frozen=True, slots=True)
class StatedScope:
    """A scope the author wrote down, and where (for ``archdsl model``'s reason)."""

    scope: Scope
    where: str


def note_scope(path: str, text: str) -> tuple[StatedScope | None, list[Diagnostic]]:
    """``archdsl-scope: NAME`` (or ``archdsl: {scope: NAME}``) in a note's YAML front matter: every fence's scope."""
    from archdsl.markdown import front_matter

    header = front_matter(text)
    if not header or "scope" not in header:
        return None, []
    import yaml

    try:
        data = yaml.safe_load(header)
    except yaml.YAMLError as error:
        # A stated scope must never be dropped without a word: the user would lint under the guess.
        lines = header.split("\n")
        stated = next((index for index, line in enumerate(lines) if line.lstrip().startswith(FRONT_MATTER_KEY)), None)
        if stated is None:
            return None, []
        problem = (str(error).splitlines() or ["not YAML"])[0][:120]
        column = len(lines[stated]) - len(lines[stated].lstrip()) + 1
        span = Span(stated + 2, column, stated + 2, column + len(FRONT_MATTER_KEY))  # line 1 is the opening ---
        message = f"the front matter cannot be read as YAML ({problem}), so its {FRONT_MATTER_KEY} is not applied"
        return None, [_error(path, DirectiveError(message, "write the front matter as YAML", span))]
    if not isinstance(data, dict):
        return None, []
    settings = data.get("archdsl")
    value = data.get(FRONT_MATTER_KEY, settings.get("scope") if isinstance(settings, dict) else None)
    if value is None:
        return None, []
    span = _front_matter_span(header, str(value))
    found = read_scope_name(str(value), span)
    if isinstance(found, DirectiveError):
        return None, [_error(path, found)]
    return StatedScope(found, f"the note's front matter ({FRONT_MATTER_KEY}: {found.value})"), []


def _front_matter_span(header: str, value: str) -> Span:
    # The front matter's first line is the note's line 2, after the opening '---'.
    for index, line in enumerate(header.split("\n")):
        match = _FRONT_MATTER_LINE.match(line)
        if match and value in match["value"]:
            column = match.start("value") + match["value"].find(value) + 1
            return Span(index + 2, column, index + 2, column + len(value))
    return Span(1, 1, 1, 4)


def fence_scope(block: SourceBlock, note_lines: Sequence[str]) -> tuple[StatedScope | None, list[Diagnostic]]:
    """A scope stated by the diagram itself: an ``archdsl:`` comment, else the fence's info string."""
    if not _SCOPE_WORD.search(block.text) and not _SCOPE_WORD.search(block.info):
        return None, []
    pattern = _MERMAID_COMMENT if block.dialect is Dialect.MERMAID else _DSL_COMMENT
    stated: StatedScope | None = None
    errors: list[Diagnostic] = []
    for number, line in enumerate(block.text.split("\n"), start=1):
        match = pattern.search(line)
        if match is None or (block.dialect is Dialect.ARCHDSL and line[: match.start()].count('"') % 2):
            continue
        column = match.start("name") + 1
        span = block.span(number, column, number, column + max(len(match["name"]), 1))
        found = read_scope_name(match["name"], span)
        if isinstance(found, DirectiveError):
            errors.append(_error(block.path, found))
        else:
            comment = "%%" if block.dialect is Dialect.MERMAID else "#"
            stated = StatedScope(found, f"a comment at line {span.line} ({comment} archdsl: scope={found.value})")
    if stated is not None or errors:
        return stated, errors
    info = _INFO_WORD.search(block.info)
    if info is None:
        return None, []
    span = _info_span(block, note_lines, info)
    found = read_scope_name(info["name"], span)
    if isinstance(found, DirectiveError):
        return None, [_error(block.path, found)]
    return StatedScope(found, f"the fence's info string (scope={found.value})"), []


def _info_span(block: SourceBlock, note_lines: Sequence[str], info: re.Match[str]) -> Span:
    fence = block.fence_span
    if fence is None or not 0 < fence.line <= len(note_lines):
        return Span(block.first_line, 1, block.first_line, 2)
    raw = note_lines[fence.line - 1]
    start = raw.find(block.info)
    column = (start if start >= 0 else 0) + info.start("name") + 1
    return Span(fence.line, column, fence.line, column + max(len(info["name"]), 1))


def _error(path: str, found: DirectiveError) -> Diagnostic:
    return Diagnostic(*MALFORMED_DIRECTIVE, Severity.ERROR, found.message, path, found.span, found.hint)


def with_scope(
    diagram: Diagram,
    block: SourceBlock,
    catalog: Catalog,
    note_lines: Sequence[str] = (),
    note: StatedScope | None = None,
) -> tuple[Diagram, list[Diagnostic]]:
    """The diagram with its group kinds settled and its scope and reason set; errors for bad scope names."""
    diagram = settle_groups(diagram)
    stated, errors = fence_scope(block, note_lines)
    stated = stated or note
    if stated is not None:
        return replace(diagram, scope=stated.scope, scope_reason=f"stated in {stated.where}"), errors
    scope, reason = guess_scope(diagram, catalog)
    return replace(diagram, scope=scope, scope_reason=reason), errors
