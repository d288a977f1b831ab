"""Diagnostics: what archdsl reports about a file, where, and how serious it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from archdsl.model import MAX_GROUP_DEPTH, Span


class Severity(IntEnum):
    """How serious a diagnostic is; ordered so that ``max()`` finds the worst."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The lower-case name used in every output format."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``"warning"`` -> ``Severity.WARNING``; ValueError for anything else."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(member.label for member in cls)
            raise ValueError(f"unknown severity {text!r}; expected one of {choices}") from None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a code and rule name, a message, and the span it points at."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    hint: str | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, position, then code, so output is stable."""
        return (self.path, self.span.line, self.span.column, self.code)

    def location(self) -> str:
        """``path:line:col`` as editors and CI annotations expect."""
        return f"{self.path}:{self.span.line}:{self.span.column}"


# The codes produced while reading input, before any lint rule runs.
PARSE_ERROR = ("ARCH001", "parse-error")
DUPLICATE_ID = ("ARCH002", "duplicate-id")
UNKNOWN_SERVICE_KIND = ("ARCH003", "unknown-service-kind")
UNDEFINED_EDGE_ENDPOINT = ("ARCH004", "undefined-edge-endpoint")
MALFORMED_SUPPRESSION = ("ARCH012", "malformed-suppression")
SKIPPED_DIAGRAM = ("ARCH013", "skipped-diagram")
NESTING_TOO_DEEP = ("ARCH016", "nesting-too-deep")
RENDER_FAILED = ("ARCH017", "render-failed")


def nesting_too_deep(path: str, span: Span) -> Diagnostic:
    """The error for the first group nested past MAX_GROUP_DEPTH levels; the diagram is not read."""
    code, name = NESTING_TOO_DEEP
    message = f"groups nest more than {MAX_GROUP_DEPTH} levels deep here; archdsl reads at most {MAX_GROUP_DEPTH}"
    hint = "nest a group only in the one that really contains it (region > VPC > AZ > subnet)"
    return Diagnostic(code, name, Severity.ERROR, message, path, span, hint)


def markdown_too_deep(path: str, span: Span) -> Diagnostic:
    """The error where Markdown lists and quotes nest too deep to read: fences from there on are not seen."""
    code, name = NESTING_TOO_DEEP
    message = "lists or quotes nest too deep here; archdsl reads no fence inside them or after them"
    return Diagnostic(code, name, Severity.ERROR, message, path, span, "flatten the lists and quotes")
