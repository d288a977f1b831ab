"""Read ``[tool.archdsl]`` from pyproject.toml or ``.archdsl.toml`` (the nearest file in the project wins)."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from archdsl.catalog import CATALOG
from archdsl.diagnostics import Severity
from archdsl.model import PHASES
from archdsl.project import project_root

KEYS: Final = ("phase", "select", "ignore", "severity", "per-file-ignores", "strict-attributes", "aliases")
_CODES: Final = "a list of rule codes, prefixes or names"


class ConfigError(Exception):
    """A configuration file archdsl cannot use; the message names the file, line, column and key."""


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
    """The nearest ``.archdsl.toml``, or ``pyproject.toml`` with a ``[tool.archdsl]`` table, from ``start`` up to
    the root of its project: a file above the repository (a shared home folder) is someone else's."""
    directory = (start if start.is_dir() else start.parent).resolve()
    root = project_root(directory)
    for candidate in (directory, *directory.parents):
        dedicated = candidate / ".archdsl.toml"
        if dedicated.is_file():
            return _shown(dedicated)
        project = candidate / "pyproject.toml"
        if project.is_file() and re.search(rb"^\s*\[\s*tool\s*\.\s*archdsl", project.read_bytes(), re.M):
            return _shown(project)
        if candidate == root:
            break
    return None


def _shown(path: Path) -> Path:
    """``path`` relative to the working folder when it lies inside it, as the user would type it."""
    cwd = Path.cwd().resolve()
    return path.relative_to(cwd) if cwd in path.parents else path


def _display(value: object) -> str:
    """A value as TOML spells it, cut short: messages quote what the user wrote."""
    if isinstance(value, str):
        shown = repr(value)
    elif isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, list):
        shown = "[" + ", ".join(_display(item) for item in value) + "]"
    elif isinstance(value, dict):
        shown = "{" + ", ".join(f"{key} = {_display(item)}" for key, item in value.items()) + "}"
    else:
        shown = str(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


Fail = Callable[[tuple[str, ...], str], ConfigError]


def _strings(value: object, keys: tuple[str, ...], what: str, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(keys, f"{what} must be {_CODES}, not {_display(value)}")
    for item in value:
        if not isinstance(item, str):
            raise fail(keys, f"{what} must be {_CODES}, not {_display(item)}")
    return tuple(value)


def _table(value: object, key: str, shape: str, fail: Fail) -> dict[str, object]:
    if not isinstance(value, dict):
        raise fail((key,), f"'{key}' must be a table of {shape}, not {_display(value)}")
    return value


def _phase(value: object, fail: Fail) -> str:
    if not isinstance(value, str) or value not in PHASES:
        raise fail(("phase",), f"phase must be one of {', '.join(PHASES)}, not {_display(value)}")
    return value


def _severity(value: object, fail: Fail) -> dict[str, Severity]:
    levels: dict[str, Severity] = {}
    for code, level in _table(value, "severity", "rule = severity", fail).items():
        if not isinstance(level, str):
            raise fail(
                ("severity", code), f"severity of '{code}' must be error, warning or info, not {_display(level)}"
            )
        try:
            levels[code] = Severity.parse(level)
        except ValueError as error:
            raise fail(("severity", code), str(error)) from None
    return levels


def _per_file_ignores(value: object, fail: Fail) -> dict[str, tuple[str, ...]]:
    return {
        pattern: _strings(codes, ("per-file-ignores", pattern), f"per-file-ignores for '{pattern}'", fail)
        for pattern, codes in _table(value, "per-file-ignores", "glob = [codes]", fail).items()
    }


def _strict(value: object, fail: Fail) -> bool:
    if not isinstance(value, bool):
        raise fail(("strict-attributes",), f"strict-attributes must be true or false, not {_display(value)}")
    return value


def _aliases(value: object, fail: Fail) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for alias, kind in _table(value, "aliases", "name = kind", fail).items():
        if not isinstance(kind, str):
            raise fail(("aliases", alias), f"alias '{alias}' must name a kind, not {_display(kind)}")
        try:
            CATALOG.with_aliases({alias: kind})
        except ValueError as error:
            raise fail(("aliases", alias), str(error)) from None
        aliases[alias] = kind
    return aliases


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}:1:1: not UTF-8 text") from None
    except OSError as error:
        raise ConfigError(f"{path}: {error.strerror or error}") from None


def load(path: Path) -> Config:
    """Parse one configuration file and check the type of every value."""
    import tomllib  # only a run that finds a configuration file pays for the TOML parser

    from archdsl.tomlpositions import position

    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(error))
        where = f"{found[2]}:{found[3]}" if found else "1:1"
        raise ConfigError(f"{path}:{where}: invalid TOML: {found[1] if found else error}") from None
    prefix: tuple[str, ...] = () if path.name == ".archdsl.toml" else ("tool", "archdsl")

    def fail(keys: tuple[str, ...], message: str) -> ConfigError:
        line, column = position(text, (*prefix, *keys))
        return ConfigError(f"{path}:{line}:{column}: {message}")

    tool = data.get("tool", {}) if prefix else {}
    table = data if not prefix else tool.get("archdsl", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise fail((), "[tool.archdsl] must be a table")
    for key in table:
        if key not in KEYS:
            raise fail((key,), f"unknown key '{key}'; known keys: {', '.join(KEYS)}")
    return Config(
        path=str(path),
        phase=_phase(table["phase"], fail) if "phase" in table else None,
        select=_strings(table.get("select", []), ("select",), "'select'", fail),
        ignore=_strings(table.get("ignore", []), ("ignore",), "'ignore'", fail),
        severity=_severity(table.get("severity", {}), fail),
        per_file_ignores=_per_file_ignores(table.get("per-file-ignores", {}), fail),
        strict_attributes=_strict(table.get("strict-attributes", False), fail),
        aliases=_aliases(table.get("aliases", {}), fail),
    )


def for_paths(paths: list[str]) -> Config:
    """The configuration that applies to the first path given (the current directory for stdin)."""
    start = Path(next((path for path in paths if path != "-"), "."))
    found = find(start if os.path.lexists(start) else Path("."))
    return load(found) if found is not None else Config()
