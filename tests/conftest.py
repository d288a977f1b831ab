"""Shared test helpers: running the CLI in-process and locating repository files."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from archdsl.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Call ``archdsl`` in-process; ``stdin`` text feeds ``-``."""

    def run(*argv: str, stdin: str | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


HAS_DOT = shutil.which("dot") is not None
IN_CI = bool(os.environ.get("CI"))
# `make test` runs the suite twice: with the system Graphviz, then with `dot` hidden from PATH.
WITHOUT_DOT = bool(os.environ.get("ARCHDSL_TEST_WITHOUT_DOT"))

# CI replays the same examples every run, so a red run is a real regression that the next run
# reproduces; locally hypothesis keeps searching for new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if IN_CI:
    settings.load_profile("ci")


def pytest_sessionstart(session: pytest.Session) -> None:
    if WITHOUT_DOT and HAS_DOT:
        raise pytest.UsageError("ARCHDSL_TEST_WITHOUT_DOT is set, but 'dot' is still on PATH: the pass tests nothing")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needing = [item for item in items if item.get_closest_marker("needs_dot") is not None]
    if WITHOUT_DOT:
        # The pass with `dot` hidden runs everything else; the first pass ran these.
        config.hook.pytest_deselected(items=needing)
        items[:] = [item for item in items if item.get_closest_marker("needs_dot") is None]
    elif not HAS_DOT and not IN_CI:
        # Under CI they run and fail: a skipped test tests nothing.
        for item in needing:
            item.add_marker(pytest.mark.skip(reason="no system Graphviz 'dot' on PATH"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under CI a skipped test is a failed one: it would otherwise pass while testing nothing."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, which tests nothing: {report.longrepr}"
