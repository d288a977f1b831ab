"""Run a job once, then again each time one of the watched notes or .arch files is saved."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final, TextIO

WATCHED_SUFFIXES: Final = (".md", ".markdown", ".arch")


class WatchUnavailable(Exception):
    """The file watcher (the optional ``watchfiles`` package) is not installed."""


def _relevant(targets: list[Path]) -> Callable[[object, str], bool]:
    files = {target for target in targets if not target.is_dir()}
    folders = [target for target in targets if target.is_dir()]

    def relevant(change: object, path: str) -> bool:
        candidate = Path(path).resolve()
        if candidate in files:
            return True
        return candidate.suffix.lower() in WATCHED_SUFFIXES and any(folder in candidate.parents for folder in folders)

    return relevant


def file_changes(paths: Iterable[str]) -> Iterable[set[str]]:
    """Sets of saved files among ``paths`` (files, or folders holding notes), as the OS reports them."""
    try:
        import watchfiles
    except ImportError:
        raise WatchUnavailable("--watch needs the watchfiles package: pip install 'archdsl[watch]'") from None
    targets = [Path(path).resolve() for path in paths]
    roots = sorted({str(target if target.is_dir() else target.parent) for target in targets})
    # yield_on_timeout: an empty batch first tells the caller the watcher is running.
    batches = watchfiles.watch(
        *roots, watch_filter=_relevant(targets), debounce=200, rust_timeout=200, yield_on_timeout=True
    )
    return ({path for _, path in changes} for changes in batches)


def watch(run_once: Callable[[], int], changes: Iterable[set[str]], stream: TextIO) -> int:
    """Call ``run_once`` once the watcher runs, then after every batch of ``changes``; returns the last exit code.

    The first batch (empty, or what was saved while the watcher started) only says the watcher is
    running: the first run comes after it, so no save is ever missed between the two.
    """
    pending = iter(changes)
    next(pending, None)
    code = run_once()
    print("watching for changes (Ctrl-C to stop)", file=stream, flush=True)
    for changed in pending:
        if not changed:
            continue
        names = ", ".join(sorted(Path(path).name for path in changed))
        print(f"changed: {names}", file=stream, flush=True)
        code = run_once()
    return code
