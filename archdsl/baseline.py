"""A lint baseline: findings accepted once, matched by rule, diagram and element (never by line)."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from archdsl.diagnostics import Diagnostic
from archdsl.linting import Linted
from archdsl.outputs import image_stems
from archdsl.sources import MAX_FILE_BYTES
from archdsl.subjects import Subjects

SCHEMA: Final = "archdsl-baseline/1"
_FIELDS: Final = ("path", "diagram", "code", "subject")


class BaselineError(Exception):
    """A baseline file archdsl cannot use; the message names the file, line and column."""


Key = tuple[str, str, str, str]  # path (relative to the baseline's folder), diagram name, code, element


@dataclass(frozen=True, slots=True)
class Keyed:
    """A finding and what identifies it across edits."""

    diagnostic: Diagnostic
    key: Key


def _relative(path: str, folder: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def keyed(linted: Sequence[Linted], folder: Path) -> Iterator[Keyed]:
    """Every finding with its key; paths relative to ``folder``, where the baseline file lives."""
    for result in linted:
        path = _relative(result.document.path, folder)
        diagrams = [diagram for diagram, _ in result.diagrams]
        for stem, (diagram, findings) in zip(image_stems(diagrams), result.diagrams, strict=True):
            subjects = Subjects(diagram)
            for diagnostic in findings:
                yield Keyed(diagnostic, (path, stem, diagnostic.code, subjects.of(diagnostic)))
        for diagnostic in result.loose:
            yield Keyed(diagnostic, (path, "", diagnostic.code, ""))


def baseline_bytes(findings: Sequence[Keyed]) -> bytes:
    """The baseline file's bytes: one entry per key with its count, sorted, one entry per line."""
    counts = Counter(found.key for found in findings)
    example = {found.key: found.diagnostic for found in reversed(findings)}
    lines = [
        "  "
        + json.dumps(
            {
                **dict(zip(_FIELDS, key, strict=True)),
                "count": counts[key],
                "message": example[key].message,
            },
            ensure_ascii=False,
        )
        for key in sorted(counts)
    ]
    entries = "[\n" + ",\n".join(lines) + "\n ]" if lines else "[]"
    return f'{{\n "schema": "{SCHEMA}",\n "findings": {entries}\n}}\n'.encode()


def _entry_lines(text: str) -> list[int]:
    """The line each object of the ``findings`` array starts on, for messages about one entry."""
    lines: list[int] = []
    depth, line, in_string, escaped = 0, 1, False, False
    for character in text:
        if character == "\n":
            line += 1
        if in_string:
            escaped = not escaped and character == "\\"
            if character == '"' and not escaped:
                in_string = False
            continue
        if character == '"':
            in_string, escaped = True, False
        elif character in "{[":
            depth += 1
            if character == "{" and depth == 3:
                lines.append(line)
        elif character in "}]":
            depth -= 1
    return lines


def read(path: Path) -> Counter[Key]:
    """The accepted findings of a baseline file, by key, with how many of each."""
    try:
        data = path.read_bytes()[: MAX_FILE_BYTES + 1]
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise BaselineError(f"{path}:1:1: the baseline is larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        text = data.decode("utf-8-sig")
        document = json.loads(text)
    except UnicodeDecodeError:
        raise BaselineError(f"{path}:1:1: the baseline is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise BaselineError(f'{path}:1:1: not an archdsl baseline (expected "schema": "{SCHEMA}")')
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f'{path}:1:1: "findings" must be a list')
    starts = _entry_lines(text)
    accepted: Counter[Key] = Counter()
    for index, entry in enumerate(entries):
        line = starts[index] if index < len(starts) else 1
        if not isinstance(entry, dict) or not all(isinstance(entry.get(name), str) for name in _FIELDS):
            fields = ", ".join(_FIELDS)
            raise BaselineError(f"{path}:{line}:1: finding {index + 1} needs the text fields {fields}")
        count = entry.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f"{path}:{line}:1: finding {index + 1}: count must be a whole number above 0")
        key: Key = (entry["path"], entry["diagram"], entry["code"], entry["subject"])
        accepted[key] += count
    return accepted


@dataclass(frozen=True, slots=True)
class Filtered:
    """What lint reports against a baseline: the new findings, and how many accepted ones it no longer sees."""

    new: list[Diagnostic]
    known: int
    gone: int


def against(findings: Sequence[Keyed], accepted: Counter[Key]) -> Filtered:
    """The findings the baseline does not account for: of each key, those beyond its accepted count (the
    first ones in file order are taken as the accepted ones)."""
    left = Counter(accepted)
    fresh = []
    for found in sorted(findings, key=lambda found: found.diagnostic.sort_key):
        if left[found.key]:
            left[found.key] -= 1
        else:
            fresh.append(found.diagnostic)
    return Filtered(fresh, len(findings) - len(fresh), sum(left.values()))
