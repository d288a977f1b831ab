"""Lint whole documents under a project's configuration: each diagram's findings, and the file's own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archdsl.catalog import CATALOG, Catalog
from archdsl.config import Config
from archdsl.diagnostics import Diagnostic
from archdsl.lint import LintOptions, lint_diagram, matches, within
from archdsl.loader import Document
from archdsl.model import Diagram
from archdsl.rules.parser_checks import PARSER_CHECKS


@dataclass(frozen=True, slots=True)
class Linted:
    """One document's findings: per diagram (in order), and those that belong to no diagram."""

    document: Document
    diagrams: tuple[tuple[Diagram, tuple[Diagnostic, ...]], ...]
    loose: tuple[Diagnostic, ...]

    @property
    def findings(self) -> list[Diagnostic]:
        """Every finding of the document."""
        return [found for _, findings in self.diagrams for found in findings] + list(self.loose)


@dataclass(frozen=True, slots=True)
class Selection:
    """What the command line asks on top of the configuration."""

    phase: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict_attributes: bool = False
    verbose: bool = False  # show opt-in parser checks that were not selected


def _asked_for(diagnostic: Diagnostic, selected: tuple[str, ...]) -> bool:
    """Whether lint reports this diagnostic without -v: an opt-in parser check only when selected."""
    check = next((check for check in PARSER_CHECKS if check.code == diagnostic.code), None)
    return check is None or not check.opt_in or matches(check, selected)


def lint_documents(
    documents: Sequence[Document], config: Config, selection: Selection = Selection(), catalog: Catalog = CATALOG
) -> list[Linted]:
    """Lint every diagram of every document with the configuration's phase, rules and severities."""
    selected = selection.select or config.select
    ignored = selection.ignore + config.ignore
    linted: list[Linted] = []
    for document in documents:
        options = LintOptions(
            phase=selection.phase or config.phase,
            strict_attributes=selection.strict_attributes or config.strict_attributes,
            select=selected,
            ignore=ignored + config.ignored_for(document.path),
            severity=config.severity,
        )
        claimed: set[int] = set()
        per_diagram: list[tuple[Diagram, tuple[Diagnostic, ...]]] = []
        for diagram in document.diagrams:
            read = [d for d in document.diagnostics if within(diagram, d.span)]
            claimed.update(id(d) for d in read)
            found = lint_diagram(diagram, options, catalog, read)
            per_diagram.append((diagram, tuple(d for d in found if selection.verbose or _asked_for(d, selected))))
        loose = tuple(
            d for d in document.diagnostics if id(d) not in claimed and (selection.verbose or _asked_for(d, selected))
        )
        linted.append(Linted(document, tuple(per_diagram), loose))
    return linted
