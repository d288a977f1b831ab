"""Run the lint rules over diagrams: phases, selection, suppressions, and diagnostics out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from archdsl.catalog import CATALOG, Catalog
from archdsl.diagnostics import Diagnostic, Severity
from archdsl.graph import Topology
from archdsl.model import Diagram, Suppression, SuppressionScope
from archdsl.rules import ALL_RULES
from archdsl.rules._base import PHASES, Context, Rule

DEFAULT_PHASE = "10k"


@dataclass(frozen=True, slots=True)
class LintOptions:
    """What to check and how strictly."""

    phase: str | None = None  # None: the diagram's own phase, else 10k
    strict_attributes: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # by code or name


def matches(rule: type[Rule], patterns: Iterable[str]) -> bool:
    """Whether a rule is named by any of ``patterns``: its code, a code prefix, its name, or ``all``."""
    for pattern in patterns:
        wanted = pattern.strip()
        if wanted.lower() == "all" or wanted.lower() == rule.name or rule.code.startswith(wanted.upper()):
            return True
    return False


def _suppressed(rule: type[Rule], line: int, suppressions: Sequence[Suppression]) -> bool:
    block_open = False
    for suppression in sorted(suppressions, key=lambda found: found.span.line):
        named = matches(rule, suppression.codes)
        scope = suppression.scope
        if scope is SuppressionScope.BLOCK_START and named and suppression.span.line <= line:
            block_open = True
        elif scope is SuppressionScope.BLOCK_END and named and suppression.span.line <= line:
            block_open = False
        elif named and (
            scope is SuppressionScope.FILE
            or (scope is SuppressionScope.LINE and suppression.span.line == line)
            or (scope is SuppressionScope.NEXT_LINE and suppression.span.line + 1 == line)
        ):
            return True
    return block_open


def lint_diagram(
    diagram: Diagram, options: LintOptions = LintOptions(), catalog: Catalog = CATALOG
) -> list[Diagnostic]:
    """Every rule's findings in one diagram, at the severity of the diagram's phase."""
    phase = options.phase or diagram.phase or DEFAULT_PHASE
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}; choose one of {', '.join(PHASES)}")
    context = Context(phase=phase, strict_attributes=options.strict_attributes)
    topology = Topology(diagram, catalog)
    found: list[Diagnostic] = []
    for rule in ALL_RULES:
        severity = rule.severities.get(phase)
        if severity is None:
            continue
        severity = options.severity.get(rule.code, options.severity.get(rule.name, severity))
        if options.select and not matches(rule, options.select):
            continue
        if options.ignore and matches(rule, options.ignore):
            continue
        for finding in rule().check(topology, context):
            if _suppressed(rule, finding.span.line, diagram.suppressions):
                continue
            found.append(
                Diagnostic(
                    rule.code, rule.name, severity, finding.message, diagram.source.path, finding.span, finding.hint
                )
            )
    return sorted(found, key=lambda diagnostic: diagnostic.sort_key)
