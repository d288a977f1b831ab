"""Parse ``archdsl:`` comment directives (lint suppressions, stated scopes) shared by the DSL and Mermaid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from archdsl.model import Scope, Span, Suppression, SuppressionScope

_DIRECTIVE: Final = re.compile(r"^\s*archdsl\s*:\s*(?P<body>.*?)\s*$", re.IGNORECASE)
_ACTION: Final = re.compile(r"^(?P<action>[A-Za-z][A-Za-z-]*)(?:\s*=\s*|\s+|$)(?P<rest>.*)$")
_CODE: Final = re.compile(r"^(?:ARCH\d{3}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*|all)$", re.IGNORECASE)
_ACTIONS: Final = ("disable", "disable-line", "disable-next-line", "disable-file", "enable")
_SCOPE_ACTION: Final = re.compile(r"^\s*archdsl\s*:\s*scope\b", re.IGNORECASE)
SCOPE_NAMES: Final = tuple(scope.value for scope in Scope)


@dataclass(frozen=True, slots=True)
class DirectiveError:
    """A comment that starts like a directive but cannot be understood."""

    message: str
    hint: str
    span: Span


def is_directive(comment_body: str) -> bool:
    """Whether a comment (without its ``#`` or ``%%``) is meant for archdsl."""
    return _DIRECTIVE.match(comment_body) is not None


def parse_suppression(comment_body: str, span: Span, *, trailing: bool) -> Suppression | DirectiveError | None:
    """Read ``archdsl: disable=ARCH201 -- reason`` from a comment body, or None if it is no directive.

    A ``disable`` after code on the same line covers that line; on a line of its own it opens
    a block that runs until ``enable`` (or the end of the diagram).
    """
    match = _DIRECTIVE.match(comment_body)
    if match is None or is_scope_directive(comment_body):
        return None
    body, _, reason = match["body"].partition(" --")
    reason = reason.strip()
    if body.rstrip().endswith("--"):
        body = body.rstrip()[:-2]
    action_match = _ACTION.match(body.strip())
    action = action_match["action"].lower() if action_match else ""
    if action_match is None or action not in _ACTIONS:
        return DirectiveError(
            f"unknown archdsl directive {action or body.strip()!r}",
            "use one of: " + ", ".join(_ACTIONS) + ", e.g. '# archdsl: disable=ARCH201 -- reason'",
            span,
        )
    codes = tuple(code for code in re.split(r"[\s,]+", action_match["rest"].strip()) if code)
    bad = [code for code in codes if not _CODE.match(code)]
    if bad:
        return DirectiveError(
            f"{bad[0]!r} is not a rule code or name",
            "name rules by code (ARCH201) or name (datastore-publicly-accessible), separated by commas",
            span,
        )
    codes = tuple(code.upper() if code.upper().startswith("ARCH") else code.lower() for code in codes) or ("all",)
    scope = {
        "disable": SuppressionScope.LINE if trailing else SuppressionScope.BLOCK_START,
        "disable-line": SuppressionScope.LINE,
        "disable-next-line": SuppressionScope.NEXT_LINE,
        "disable-file": SuppressionScope.FILE,
        "enable": SuppressionScope.BLOCK_END,
    }[action]
    return Suppression(codes=codes, reason=reason, scope=scope, span=span)


def is_scope_directive(comment_body: str) -> bool:
    """Whether a comment (without its ``#`` or ``%%``) states a scope: ``archdsl: scope=delivery``."""
    return _SCOPE_ACTION.match(comment_body) is not None


def read_scope_name(name: str, span: Span) -> Scope | DirectiveError:
    """The scope ``name`` names (any case), or an error with the nearest name."""
    wanted = name.strip().strip("\"'").lower()
    if wanted in SCOPE_NAMES:
        return Scope(wanted)
    import difflib  # deferred: only a misspelt scope needs it, and every lint run imports this module

    near = difflib.get_close_matches(wanted, SCOPE_NAMES, n=1, cutoff=0.5)
    hint = f"did you mean '{near[0]}'? " if near else ""
    shown = name.strip() or "nothing"
    return DirectiveError(
        f"unknown scope {shown!r}" if name.strip() else "a scope directive names no scope",
        f"{hint}scopes: {', '.join(SCOPE_NAMES)}",
        span,
    )
