"""Project configuration: where it is found, what it changes, and clear errors for bad keys."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, Run

from archdsl.config import KEYS, ConfigError, find, load


def project(tmp_path: Path, table: str, name: str = "pyproject.toml") -> Path:
    header = "" if name == ".archdsl.toml" else '[project]\nname = "x"\n\n[tool.archdsl]\n'
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / name).write_text(header + table, encoding="utf-8")
    (tmp_path / "docs").mkdir(exist_ok=True)
    target = tmp_path / "docs" / "prototype.arch"
    target.write_text((EXAMPLES / "prototype.arch").read_text(encoding="utf-8").replace("phase prototype", ""))
    return target


def test_nearest_file_wins(tmp_path: Path) -> None:
    project(tmp_path, 'phase = "1m"\n')
    (tmp_path / "docs" / ".archdsl.toml").write_text('phase = "prototype"\n')
    assert find(tmp_path / "docs" / "prototype.arch") == tmp_path / "docs" / ".archdsl.toml"
    assert load(tmp_path / "pyproject.toml").phase == "1m"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("bogus = 1\n", "pyproject.toml:5:1: unknown key 'bogus'"),
        ('phase = "5k"\n', "pyproject.toml:5:1: phase must be one of prototype, 10k, 1m, not '5k'"),
        ('select = "ARCH1"\n', "pyproject.toml:5:1: 'select' must be a list of rule codes, prefixes or names"),
        ('[tool.archdsl.severity]\nARCH101 = "fatal"\n', "pyproject.toml:6:1: unknown severity 'fatal'"),
    ],
)
def test_bad_configuration_names_key_and_line(tmp_path: Path, table: str, message: str) -> None:
    project(tmp_path, table)
    with pytest.raises(ConfigError) as error:
        load(tmp_path / "pyproject.toml")
    assert str(error.value).startswith(str(tmp_path / message))


def test_configuration_drives_lint(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    target = project(
        tmp_path,
        'phase = "1m"\nignore = ["missing-load-balancer"]\n\n[tool.archdsl.severity]\nARCH101 = "warning"\n'
        '\n[tool.archdsl.per-file-ignores]\n"legacy/*.arch" = ["ARCH1"]\n',
    )
    result = run_cli("lint", "--format", "parsable", "--select", "ARCH101,ARCH110", str(target))
    assert [line.split(" ")[1:3] for line in result.out.splitlines()] == [["ARCH101", "[warning]"]]
    assert result.code == 0
    (tmp_path / "legacy").mkdir()
    legacy = tmp_path / "legacy" / "old.arch"
    legacy.write_text(target.read_text())
    assert run_cli("lint", "--format", "parsable", "--select", "ARCH1", str(legacy)).out == ""


def test_config_error_is_exit_2(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    target = project(tmp_path, "unknown-key = true\n")
    result = run_cli("lint", str(target))
    assert (result.code, result.out) == (2, "")
    assert (
        result.err == f"archdsl: error: {tmp_path / 'pyproject.toml'}:5:1: unknown key 'unknown-key'; known keys: "
        "phase, select, ignore, severity, per-file-ignores, strict-attributes, aliases\n"
    )


def test_config_above_the_repository_is_not_used(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    parent = tmp_path / "home"
    repo = parent / "repo"
    (repo / ".git").mkdir(parents=True)
    (parent / ".archdsl.toml").write_text('ignore = ["ARCH0", "ARCH1", "ARCH2", "ARCH3", "ARCH4"]\n')
    notes = repo / "notes.arch"
    notes.write_text("ec22 web\n")
    assert find(notes) is None
    result = run_cli("lint", "-v", "--format", "parsable", "--fail-on", "warning", str(notes))
    assert result.code == 1
    assert result.out.startswith(f"{notes}:1:1: ARCH003 [warning] Unknown service kind 'ec22'")
    assert result.err == (
        f"archdsl: no config file\narchdsl: {notes}:1: scope aws (an archdsl diagram (AWS unless it states a scope))\n"
    )
    as_json = json.loads(run_cli("lint", "--format", "json", str(notes)).out)
    assert as_json["config"] is None


def test_config_at_the_repository_root_is_used_and_named(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    (repo / ".archdsl.toml").write_text('ignore = ["ARCH0", "ARCH1", "ARCH2", "ARCH3", "ARCH4"]\n')
    notes = repo / "docs" / "notes.arch"
    notes.write_text("ec22 web\n")
    assert find(notes) == repo / ".archdsl.toml"
    result = run_cli("lint", "--verbose", str(notes))
    assert (result.code, result.out) == (0, "")
    assert result.err == (
        f"archdsl: using config {repo / '.archdsl.toml'}\n"
        f"archdsl: {notes}:1: scope aws (an archdsl diagram (AWS unless it states a scope))\n"
    )
    as_json = json.loads(run_cli("lint", "--format", "json", str(notes)).out)
    assert as_json["config"] == str(repo / ".archdsl.toml")
    assert as_json["diagnostics"] == []


WRONG_TYPES = [
    ("phase", "phase = 10\n", "5:1: phase must be one of prototype, 10k, 1m, not 10"),
    ("select", 'select = "ARCH1"\n', "5:1: 'select' must be a list of rule codes, prefixes or names, not 'ARCH1'"),
    ("select", "select = [1]\n", "5:1: 'select' must be a list of rule codes, prefixes or names, not 1"),
    ("ignore", "ignore = {ARCH1 = true}\n", "5:1: 'ignore' must be a list of rule codes, prefixes or names, not {"),
    ("severity", "severity = 5\n", "5:1: 'severity' must be a table of rule = severity, not 5"),
    ("severity", "severity = {ARCH101 = 5}\n", "5:13: severity of 'ARCH101' must be error, warning or info, not 5"),
    (
        "severity",
        '[tool.archdsl.severity]\nARCH105 = "error"\n  ARCH101 = ["error"]\n',
        "7:3: severity of 'ARCH101' must be error, warning or info, not [",
    ),
    (
        "per-file-ignores",
        "per-file-ignores = [1]\n",
        "5:1: 'per-file-ignores' must be a table of glob = [codes], not [",
    ),
    (
        "per-file-ignores",
        'per-file-ignores = {"*.md" = [1]}\n',
        "5:21: per-file-ignores for '*.md' must be a list of rule codes, prefixes or names, not 1",
    ),
    (
        "per-file-ignores",
        '[tool.archdsl.per-file-ignores]\n"docs/*.md" = "ARCH1"\n',
        "6:1: per-file-ignores for 'docs/*.md' must be a list of rule codes, prefixes or names, not 'ARCH1'",
    ),
    ("strict-attributes", 'strict-attributes = "yes"\n', "5:1: strict-attributes must be true or false, not 'yes'"),
    ("aliases", "aliases = 3\n", "5:1: 'aliases' must be a table of name = kind, not 3"),
    ("aliases", 'aliases.web = ["ec2"]\n', "5:9: alias 'web' must name a kind, not ["),
    (
        "aliases",
        '[tool.archdsl.aliases]\n"web server" = "ec22"\n',
        "6:1: alias 'web server' refers to unknown kind 'ec22' (did you mean 'ec2'?)",
    ),
]


def test_every_key_has_a_wrong_type_case() -> None:
    assert {key for key, _, _ in WRONG_TYPES} == set(KEYS)


@pytest.mark.parametrize(("key", "table", "message"), WRONG_TYPES, ids=[case[2][:40] for case in WRONG_TYPES])
def test_wrong_value_type_is_reported_at_its_position(
    run_cli: Callable[..., Run], tmp_path: Path, key: str, table: str, message: str
) -> None:
    target = project(tmp_path, table)
    result = run_cli("lint", str(target))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"archdsl: error: {tmp_path / 'pyproject.toml'}:{message}"), result.err
    assert result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"phase = \n", ".archdsl.toml:1:9: invalid TOML: Invalid value"),
        (b"phase = '\xff'\n", ".archdsl.toml:1:1: not UTF-8 text"),
    ],
)
def test_unreadable_config_is_a_located_error(
    run_cli: Callable[..., Run], tmp_path: Path, content: bytes, message: str
) -> None:
    target = project(tmp_path, "", name=".archdsl.toml")
    (tmp_path / ".archdsl.toml").write_bytes(content)
    result = run_cli("lint", str(target))
    assert (result.code, result.err) == (2, f"archdsl: error: {tmp_path}/{message}\n")
