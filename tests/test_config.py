"""Project configuration: where it is found, what it changes, and clear errors for bad keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES, Run

from archdsl.config import ConfigError, find, load


def project(tmp_path: Path, table: str, name: str = "pyproject.toml") -> Path:
    header = "" if name == ".archdsl.toml" else '[project]\nname = "x"\n\n[tool.archdsl]\n'
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
        ("bogus = 1\n", "pyproject.toml:5: unknown key 'bogus'"),
        ('phase = "5k"\n', "pyproject.toml:5: phase must be one of prototype, 10k, 1m, not '5k'"),
        ('select = "ARCH1"\n', "pyproject.toml:5: 'select' must be a list of rule codes, prefixes or names"),
        ('[tool.archdsl.severity]\nARCH101 = "fatal"\n', "pyproject.toml:6: unknown severity 'fatal'"),
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
        result.err == f"archdsl: error: {tmp_path / 'pyproject.toml'}:5: unknown key 'unknown-key'; known keys: "
        "phase, select, ignore, severity, per-file-ignores, strict-attributes, aliases\n"
    )
