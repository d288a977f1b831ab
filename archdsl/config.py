"""Read ``[tool.archdsl]`` from pyproject.toml or ``.archdsl.toml`` (the nearest file wins) and check every key."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from archdsl.diagnostics import Severity
from archdsl.model import PHASES

KEYS: Final = ("phase", "select", "ignore", "severity", "per-file-ignores", "strict-attributes", "aliases")


class ConfigError(Exception):
    """A configuration file archdsl cannot use; the message names the file, line and key."""


@dataclass(frozen=True, slots=True)
class Config:
    """Project settings for lint (and kind aliases for every command)."""

    path: str | None = None
    phase: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    strict_attributes: bool = False
    aliases: Mapping[str, str] = field(default_factory=dict)

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """The extra rules ignored for ``path`` (patterns are relative to the config file)."""
        base = Path(self.path).parent if self.path else Path.cwd()
        try:
            relative = Path(path).resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            relative = Path(path).as_posix()
        return tuple(
            code
            for pattern, codes in self.per_file_ignores.items()
            if fnmatch.fnmatch(relative, pattern)
            for code in codes
        )


def find(start: Path) -> Path | None:
    """The nearest ``.archdsl.toml``, or ``pyproject.toml`` with a ``[tool.archdsl]`` table, at or above ``start``."""
    directory = start if start.is_dir() else start.parent
    for candidate in (directory.resolve(), *directory.resolve().parents):
        dedicated = candidate / ".archdsl.toml"
        if dedicated.is_file():
            return dedicated
        project = candidate / "pyproject.toml"
        if project.is_file() and re.search(r"^\s*\[tool\.archdsl", project.read_text(encoding="utf-8"), re.M):
            return project
    return None


def _line_of(text: str, key: str) -> int:
    found = re.search(rf'^\s*"?{re.escape(key)}"?\s*[=.]', text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def load(path: Path) -> Config:
    """Parse and validate one configuration file."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    table: Any = data if path.name == ".archdsl.toml" else data.get("tool", {}).get("archdsl", {})

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{path}:{_line_of(text, key)}: {message}")

    if not isinstance(table, dict):
        raise fail("archdsl", "[tool.archdsl] must be a table")
    for key in table:
        if key not in KEYS:
            raise fail(key, f"unknown key '{key}'; known keys: {', '.join(KEYS)}")

    def codes(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail(key, f"'{key}' must be a list of rule codes, prefixes or names")
        return tuple(value)

    phase = table.get("phase")
    if phase is not None and str(phase) not in PHASES:
        raise fail("phase", f"phase must be one of {', '.join(PHASES)}, not {phase!r}")
    severity: dict[str, Severity] = {}
    for code, level in dict(table.get("severity", {})).items():
        try:
            severity[str(code)] = Severity.parse(str(level))
        except ValueError as error:
            raise fail(str(code), str(error)) from None
    per_file = {}
    for pattern, listed in dict(table.get("per-file-ignores", {})).items():
        if not isinstance(listed, list):
            raise fail(pattern, f"per-file-ignores for '{pattern}' must be a list")
        per_file[str(pattern)] = tuple(str(item) for item in listed)
    strict = table.get("strict-attributes", False)
    if not isinstance(strict, bool):
        raise fail("strict-attributes", "strict-attributes must be true or false")
    aliases = {str(alias): str(kind) for alias, kind in dict(table.get("aliases", {})).items()}
    return Config(
        str(path),
        str(phase) if phase is not None else None,
        codes("select"),
        codes("ignore"),
        severity,
        per_file,
        strict,
        aliases,
    )


def for_paths(paths: list[str]) -> Config:
    """The configuration that applies to the first path given (the current directory for stdin)."""
    start = Path(next((path for path in paths if path != "-"), "."))
    found = find(start)
    return load(found) if found is not None else Config()
