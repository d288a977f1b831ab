"""What every lint rule is: metadata on the class, docs in its docstring, findings from ``check``."""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

from archdsl.diagnostics import Severity
from archdsl.graph import Topology
from archdsl.model import PHASES, Span


def by_phase(prototype: Severity | None, growth: Severity | None, scale: Severity | None) -> Mapping[str, Severity]:
    """A rule's severity in each phase (prototype, 10k, 1m); None: the rule does not run there."""
    levels = dict(zip(PHASES, (prototype, growth, scale), strict=True))
    return MappingProxyType({phase: level for phase, level in levels.items() if level is not None})


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
