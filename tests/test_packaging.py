"""The grammar ships inside the wheel and is found in a checkout or editable install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT

from archdsl.grammars import grammar_dir


def test_grammar_dir_has_every_grammar_the_code_opens() -> None:
    opened = {"archdsl.lark"}
    assert opened <= {path.name for path in grammar_dir().glob("*.lark")}


def test_wheel_contains_grammar_and_console_script(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("archdsl-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(name for name in names if name.endswith("entry_points.txt"))
        assert "archdsl = archdsl.cli:run" in archive.read(entry_points).decode()
    assert {"archdsl/grammar/archdsl.lark", "archdsl/cli.py", "archdsl/py.typed"} <= names
