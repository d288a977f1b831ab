"""What every lint rule is: metadata on the class, docs in its docstring, findings from ``check``."""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import ALL_SCOPES, PHASES, RUNTIME_SCOPES, Scope, Span


def by_phase(prototype: Severity | None, growth: Severity | None, scale: Severity | None) -> Mapping[str, Severity]:
    """A rule's severity in each phase (prototype, 10k, 1m); None: the rule does not run there."""
    levels = dict(zip(PHASES, (prototype, growth, scale), strict=True))
    return MappingProxyType({phase: level for phase, level in levels.items() if level is not None})


# Reading traps hold for any flowchart; graph-shape checks need a running system; everything that
# knows AWS services (ARCH008's AZ-in-region nesting and the ARCH1xx-5xx rules) needs an AWS one.
_READING_TRAPS: frozenset[str] = frozenset({"ARCH001", "ARCH002", "ARCH003", "ARCH004"}) | {
    f"ARCH0{number}" for number in range(10, 18)
}
_RUNTIME_CHECKS: frozenset[str] = frozenset({"ARCH005", "ARCH006", "ARCH007", "ARCH009"})


def default_scopes(code: str) -> frozenset[Scope]:
    """The diagram scopes a rule runs on unless its class says otherwise.

    >>> sorted(default_scopes("ARCH005"))
    [<Scope.AWS: 'aws'>, <Scope.CLOUD: 'cloud'>]
    >>> sorted(default_scopes("ARCH101"))
    [<Scope.AWS: 'aws'>]
    """
    if code in _READING_TRAPS:
        return ALL_SCOPES
    if code in _RUNTIME_CHECKS:
        return RUNTIME_SCOPES
    return frozenset({Scope.AWS})


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found: where, what, and how to fix it."""

    span: Span
    message: str
    hint: str | None = None
    severity: Severity | None = None  # when one rule finds problems of different weight


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule knows besides the diagram."""

    phase: str = "10k"
    strict_attributes: bool = False


class Rule:
    """Base class; subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    # The severity in each phase; a phase that is missing means the rule does not run there.
    severities: ClassVar[Mapping[str, Severity]]
    # The diagram scopes the rule runs on; a class that does not set it gets default_scopes(code).
    scopes: ClassVar[frozenset[Scope]]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if "scopes" not in cls.__dict__:
            cls.scopes = default_scopes(cls.code)

    @classmethod
    def summary(cls) -> str:
        """The first line of the docs."""
        return cls.docs().split("\n", 1)[0]

    @classmethod
    def docs(cls) -> str:
        """The rule's documentation: What it does / Why is this bad / Example / Use instead."""
        return inspect.cleandoc(cls.__doc__ or "")

    def check(self, topology: Topology, context: Context) -> Iterator[Finding]:
        """The findings in one diagram."""
        raise NotImplementedError
