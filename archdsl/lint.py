"""Run the lint rules over diagrams: phases, selection, severities, suppressions, and diagnostics out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from archdsl.catalog import CATALOG, Catalog
from archdsl.diagnostics import Diagnostic, Severity
from archdsl.graph import Topology
from archdsl.model import PHASES, Diagram, Span, Suppression, SuppressionScope
from archdsl.rules import ALL_RULES
from archdsl.rules._base import Context
from archdsl.rules.parser_checks import PARSER_CHECKS

DEFAULT_PHASE = "10k"
UNUSED_SUPPRESSION = ("ARCH011", "unused-suppression")
MISSING_REASON = ("ARCH012", "malformed-suppression")
_PARSER_CHECKS = {check.code: check for check in PARSER_CHECKS}


class Named(Protocol):
    """Anything with a rule code and name: a rule class or a parser check."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


@dataclass(frozen=True, slots=True)
class LintOptions:
    """What to check and how strictly."""

    phase: str | None = None  # None: the diagram's own phase, else 10k
    strict_attributes: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # by code or name
    require_reasons: bool = True


def matches(rule: Named, patterns: Iterable[str]) -> bool:
    """Whether a rule is named by any of ``patterns``: its code, a code prefix, its name, or ``all``."""
    for pattern in patterns:
        wanted = pattern.strip()
        if wanted.lower() == "all" or wanted.lower() == rule.name or rule.code.startswith(wanted.upper()):
            return True
    return False


def _wanted(rule: Named, options: LintOptions) -> bool:
    if options.select and not matches(rule, options.select):
        return False
    return not (options.ignore and matches(rule, options.ignore))


class _Suppressions:
    """A diagram's suppressions, and which of them silenced something."""

    def __init__(self, suppressions: Sequence[Suppression]) -> None:
        self.ordered = sorted(suppressions, key=lambda found: found.span.line)
        self.used: set[int] = set()

    def silences(self, rule: Named, line: int) -> bool:
        block: int | None = None
        for index, suppression in enumerate(self.ordered):
            if not matches(rule, suppression.codes):
                continue
            scope = suppression.scope
            if scope is SuppressionScope.BLOCK_START and suppression.span.line <= line:
                block = index
            elif scope is SuppressionScope.BLOCK_END and suppression.span.line <= line:
                block = None
            elif (
                scope is SuppressionScope.FILE
                or (scope is SuppressionScope.LINE and suppression.span.line == line)
                or (scope is SuppressionScope.NEXT_LINE and suppression.span.line + 1 == line)
            ):
                self.used.add(index)
                return True
        if block is not None:
            self.used.add(block)
            return True
        return False


def _housekeeping(diagram: Diagram, suppressions: _Suppressions, options: LintOptions) -> list[Diagnostic]:
    """Suppressions without a reason, and (when selected) suppressions that silenced nothing."""
    found: list[Diagnostic] = []
    path = diagram.source.path
    for index, suppression in enumerate(suppressions.ordered):
        if suppression.scope is SuppressionScope.BLOCK_END:
            continue
        if options.require_reasons and not suppression.reason:
            found.append(
                Diagnostic(
                    *MISSING_REASON,
                    Severity.ERROR,
                    "suppression without a reason",
                    path,
                    suppression.span,
                    "say why after ' -- ': # archdsl: disable=ARCH201 -- internal only",
                )
            )
        unused_rule = _Code(*UNUSED_SUPPRESSION)
        if index not in suppressions.used and options.select and matches(unused_rule, options.select):
            found.append(
                Diagnostic(
                    *UNUSED_SUPPRESSION,
                    Severity.INFO,
                    f"Unused suppression for {', '.join(suppression.codes)}",
                    path,
                    suppression.span,
                    "delete the directive",
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class _Code:
    code: str
    name: str


def lint_diagram(
    diagram: Diagram,
    options: LintOptions = LintOptions(),
    catalog: Catalog = CATALOG,
    read: Sequence[Diagnostic] = (),
) -> list[Diagnostic]:
    """Every rule's findings in one diagram, at the severity of its phase; ``read`` are the reader's own
    diagnostics for this diagram, which get the same selection, severities and suppressions."""
    phase = options.phase or diagram.phase or DEFAULT_PHASE
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; choose one of {', '.join(PHASES)}")
    context = Context(phase=phase, strict_attributes=options.strict_attributes)
    topology = Topology(diagram, catalog)
    suppressions = _Suppressions(diagram.suppressions)
    found: list[Diagnostic] = []
    for rule in ALL_RULES:
        severity = rule.severities.get(phase)
        if severity is None or diagram.scope not in rule.scopes or not _wanted(rule, options):
            continue
        configured = options.severity.get(rule.code, options.severity.get(rule.name))
        for finding in rule().check(topology, context):
            if not suppressions.silences(rule, finding.span.line):
                level = configured or finding.severity or severity
                found.append(
                    Diagnostic(
                        rule.code, rule.name, level, finding.message, diagram.source.path, finding.span, finding.hint
                    )
                )
    for diagnostic in read:
        check = _PARSER_CHECKS.get(diagnostic.code)
        if check is None or not check.configurable:
            found.append(diagnostic)
        elif diagram.scope not in check.scopes:
            continue
        elif _wanted(check, options) and not suppressions.silences(check, diagnostic.span.line):
            level = options.severity.get(check.code, options.severity.get(check.name, diagnostic.severity))
            found.append(_with_severity(diagnostic, level))
    found.extend(_housekeeping(diagram, suppressions, options))
    return sorted(found, key=lambda diagnostic: diagnostic.sort_key)


def _with_severity(diagnostic: Diagnostic, severity: Severity) -> Diagnostic:
    if diagnostic.severity is severity:
        return diagnostic
    return Diagnostic(
        diagnostic.code,
        diagnostic.name,
        severity,
        diagnostic.message,
        diagnostic.path,
        diagnostic.span,
        diagnostic.hint,
    )


def within(diagram: Diagram, span: Span) -> bool:
    """Whether a diagnostic's position lies in the diagram's part of the file."""
    return diagram.source.start_line <= span.line <= diagram.source.end_line
