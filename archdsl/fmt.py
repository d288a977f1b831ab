"""Lay archdsl source out canonically: indentation by nesting, one spacing style, comments kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_EDGE_OPERATORS: Final = ("<..>", "<->", "<=>", "..>", "->", "--", "..", "=>", "==", "~~")
_ID: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")
_VALUE: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\/:+@-]*")
_STRING: Final = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')
_SPACE: Final = re.compile(r"[ \t\f]+")


class FormatError(Exception):
    """The text holds something the formatter cannot lay out; it is left as it is."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column

    def located(self, path: str) -> str:
        """``path:line:col: message`` when the problem has a place, else ``path: message``."""
        where = f"{path}:{self.line}:{self.column}" if self.line is not None else path
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "comment", "string", "op", "word", or the punctuation character itself
    text: str


def _tokens(line: str) -> list[_Token]:
    found: list[_Token] = []
    position, brackets, after_equals = 0, 0, False
    while position < len(line):
        if space := _SPACE.match(line, position):
            position = space.end()
            continue
        character = line[position]
        if character == "#":
            found.append(_Token("comment", line[position:].rstrip()))
            break
        if string := _STRING.match(line, position):
            found.append(_Token("string", string.group()))
            position, after_equals = string.end(), False
            continue
        if after_equals and (value := _VALUE.match(line, position)):
            found.append(_Token("word", value.group()))
            position, after_equals = value.end(), False
            continue
        if brackets == 0 and (operator := next((op for op in _EDGE_OPERATORS if line.startswith(op, position)), None)):
            found.append(_Token("op", operator))
            position += len(operator)
            continue
        if word := _ID.match(line, position) or _VALUE.match(line, position):
            found.append(_Token("word", word.group()))
            position = word.end()
            continue
        if character in "{}[],;:=":
            brackets += {"[": 1, "]": -1}.get(character, 0)
            after_equals = character == "=" and brackets > 0
            found.append(_Token(character, character))
            position += 1
            continue
        raise FormatError(f"unexpected {character!r}")
    return found


def _join(tokens: list[_Token]) -> str:
    out = ""
    previous: _Token | None = None
    for token in tokens:
        if previous is None:
            out = token.text
        elif token.kind == "comment":
            out += "  " + token.text
        elif token.kind in (",", ";", "]", "=") or previous.kind in ("[", "="):
            out += token.text
        else:
            out += " " + token.text
        previous = token
    return out


def _drop_trailing_commas(tokens: list[_Token]) -> list[_Token]:
    return [
        token
        for index, token in enumerate(tokens)
        if not (token.kind == "," and index + 1 < len(tokens) and tokens[index + 1].kind == "]")
    ]


def format_source(text: str) -> str:
    """``text`` laid out canonically. Raises FormatError for text it cannot tokenise."""
    newline = "\r\n" if "\r\n" in text.split("\n", 1)[0] + "\n" else "\n"
    lines: list[str] = []
    depth = 0
    for number, raw in enumerate(text.removesuffix("\n").split("\n"), start=1):
        raw = raw.removesuffix("\r")
        try:
            tokens = _drop_trailing_commas(_tokens(raw))
        except FormatError as error:
            raise FormatError(error.message, number, 1) from None
        if not tokens:
            if lines and lines[-1] != "":
                lines.append("")
            continue
        leading_closers = 0
        for token in tokens:
            if token.kind != "}":
                break
            leading_closers += 1
        indent = max(depth - leading_closers, 0)
        lines.append("  " * indent + _join(tokens))
        depth = max(depth + sum(token.kind == "{" for token in tokens) - sum(token.kind == "}" for token in tokens), 0)
    while lines and lines[-1] == "":
        lines.pop()
    return newline.join(lines) + newline if lines else ""


def format_checked(path: str, text: str) -> str:
    """Format ``text`` and prove it still means the same: same model, same comments; else FormatError."""
    from archdsl.diagnostics import Severity
    from archdsl.export import to_archdsl
    from archdsl.loader import load_source
    from archdsl.sources import SourceText

    def meaning(source: str) -> tuple[list[str], list[str]]:
        document = load_source(SourceText(path, source), markdown=False)
        errors = [found for found in document.diagnostics if found.severity is Severity.ERROR]
        if errors:
            first = min(errors, key=lambda found: found.sort_key)
            raise FormatError(f"{first.code} {first.message}; fix the errors first", first.span.line, first.span.column)
        lines = (line.removesuffix("\r") for line in source.split("\n"))
        comments = [token.text for line in lines for token in _tokens(line) if token.kind == "comment"]
        return [to_archdsl(diagram) for diagram in document.diagrams], comments

    before = meaning(text)
    formatted = format_source(text)
    if meaning(formatted) != before:
        raise FormatError("formatting would change its meaning; left as it is (please report this)")
    return formatted
