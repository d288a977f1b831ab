"""Format diagnostics for people (source line and caret) and for tools (one line each)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Final

from archdsl.diagnostics import Diagnostic, Severity

_COLOURS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[1;33m", Severity.INFO: "\033[1;36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_BIDI_AND_SEPARATORS: Final = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
# C0 (tab kept), DEL and C1 controls move the cursor, erase, retitle the window or hide text; bidirectional
# overrides reorder what is shown. None of them may reach a terminal from a note.
_TERMINAL_CONTROLS: Final = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_BIDI_AND_SEPARATORS}]")
# What json.dumps leaves raw (it escapes only C0): such characters only ever stand inside JSON strings.
_RAW_IN_JSON: Final = re.compile(f"[\x7f-\x9f{_BIDI_AND_SEPARATORS}]")


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every terminal control character spelled out (``\\x1b``, ``\\u202e``); tabs are kept."""
    return _TERMINAL_CONTROLS.sub(_escape, text)


def safe_json(value: object) -> str:
    """Indented JSON whose text holds no terminal control character; it decodes to exactly ``value``."""
    import json  # only JSON output pays for the json package

    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def parsable(diagnostic: Diagnostic) -> str:
    """``path:line:col: CODE [severity] message (name)``, one line, for grep and editors."""
    return escape_controls(
        f"{diagnostic.location()}: {diagnostic.code} [{diagnostic.severity.label}] "
        f"{diagnostic.message} ({diagnostic.name})"
    )


def _excerpt(source: str, column: int, width: int) -> tuple[str, str]:
    """The source line as shown (controls escaped) and the caret line that lines up under the span in it."""
    before = "".join(char if char == "\t" else " " * len(escape_controls(char)) for char in source[: column - 1])
    marked = len(escape_controls(source[column - 1 : column - 1 + width]))
    return escape_controls(source), before + "^" * max(marked, 1)


def text(diagnostic: Diagnostic, source_lines: list[str] | None, *, colour: bool = False) -> str:
    """The parsable line, then the offending source line with a caret under the span, then the hint."""
    head = parsable(diagnostic)
    if colour:
        paint = _COLOURS[diagnostic.severity]
        head = (
            f"{_BOLD}{escape_controls(diagnostic.location())}:{_RESET} {paint}{diagnostic.code}{_RESET} "
            f"[{diagnostic.severity.label}] {escape_controls(diagnostic.message)} {_DIM}({diagnostic.name}){_RESET}"
        )
    lines = [head]
    span = diagnostic.span
    if source_lines is not None and 1 <= span.line <= len(source_lines):
        source = source_lines[span.line - 1].rstrip("\r\n")
        number = str(span.line)
        gutter = " " * len(number)
        width = span.end_column - span.column if span.end_line == span.line else len(source) - span.column + 1
        shown, caret = _excerpt(source, span.column, width)
        lines += [f" {gutter} |", f" {number} | {shown}", f" {gutter} | {caret}"]
    if diagnostic.hint:
        lines.append(f" {' ' * len(str(span.line))} = hint: {escape_controls(diagnostic.hint)}")
    return "\n".join(lines)


def counted(number: int, noun: str) -> str:
    """``1 error``, ``2 errors``: a number with its noun, plural when it is not one."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def summary(diagnostics: Iterable[Diagnostic], files: int) -> str:
    """``Found 2 errors and 1 warning in 3 files.``, or that nothing was found."""
    counts = Counter(diagnostic.severity for diagnostic in diagnostics)
    noun = "file" if files == 1 else "files"
    if not counts:
        return f"No problems found in {files} {noun}."
    parts = [
        counted(counts[severity], severity.label)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[severity]
    ]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Found {joined} in {files} {noun}."


def render_all(
    diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], *, output_format: str, colour: bool = False
) -> str:
    """Every diagnostic in ``text`` or ``parsable`` form, in stable order."""
    split_cache: dict[str, list[str]] = {}
    rendered: list[str] = []
    for diagnostic in sorted(diagnostics, key=lambda found: found.sort_key):
        if output_format == "parsable":
            rendered.append(parsable(diagnostic))
            continue
        if diagnostic.path not in split_cache and diagnostic.path in sources:
            split_cache[diagnostic.path] = sources[diagnostic.path].split("\n")
        rendered.append(text(diagnostic, split_cache.get(diagnostic.path), colour=colour))
    return "\n".join(rendered)


def github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command that annotates the line in the pull request."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[diagnostic.severity]

    def escape(value: str) -> str:
        return escape_controls(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))

    span = diagnostic.span
    properties = (
        f"file={escape(diagnostic.path).replace(',', '%2C').replace(':', '%3A')},line={span.line},col={span.column},"
        f"endLine={span.end_line},endColumn={span.end_column},title={diagnostic.code} {diagnostic.name}"
    )
    return f"::{level} {properties}::{escape(diagnostic.message)}"


SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif(diagnostics: Iterable[Diagnostic], version: str) -> dict[str, object]:
    """A SARIF 2.1.0 log for code scanning: stable rule ids, rule help, partial fingerprints."""
    import hashlib
    from pathlib import Path

    from archdsl.rules import every_check

    checks = every_check()
    index = {check.code: position for position, check in enumerate(checks)}
    rules = [
        {
            "id": check.code,
            "name": check.name,
            "shortDescription": {"text": check.summary()},
            "fullDescription": {"text": check.docs()},
            "help": {"text": check.docs(), "markdown": check.docs()},
            "defaultConfiguration": {"level": SARIF_LEVELS[check.severities.get("10k", Severity.INFO)]},
            "properties": {"tags": [check.category]},
        }
        for check in checks
    ]

    def uri(path: str) -> str:
        try:
            return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    results = []
    for diagnostic in sorted(diagnostics, key=lambda found: found.sort_key):
        span = diagnostic.span
        fingerprint = hashlib.sha256(f"{diagnostic.code}:{uri(diagnostic.path)}:{diagnostic.message}".encode())
        result: dict[str, object] = {
            "ruleId": diagnostic.code,
            "level": SARIF_LEVELS[diagnostic.severity],
            "message": {"text": diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(diagnostic.path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": span.line,
                            "startColumn": span.column,
                            "endLine": max(span.end_line, span.line),
                            "endColumn": max(span.end_column, span.column + 1)
                            if span.end_line <= span.line
                            else span.end_column,
                        },
                    }
                }
            ],
            "partialFingerprints": {"archdslFinding/v1": fingerprint.hexdigest()[:32]},
        }
        if diagnostic.code in index:
            result["ruleIndex"] = index[diagnostic.code]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "archdsl", "version": version, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
