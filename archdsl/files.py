"""Write files the safe way: whole or not at all (temporary file in the same directory, then rename)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


class WriteError(Exception):
    """A file cannot be written: it or its folder is read-only, or the system refused; nothing was changed."""


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; returns whether it wrote.

    A read-only file or folder is refused even where the permissions would not stop us (as root):
    read-only is how a user says "do not touch".
    """
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    refuse_read_only(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise WriteError(f"{path}: cannot write: {error.strerror or error}") from None
    try:
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise WriteError(f"{path}: cannot write: {error.strerror or error}") from None
        raise
    return True


def refuse_read_only(path: Path) -> None:
    """Raise WriteError if ``path`` or the nearest folder holding it is read-only (by mode bits: as root too)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folder that a write would have to create the missing ones in
    for target, what in ((path, "file"), (folder, "folder")):
        try:
            mode = target.stat().st_mode
        except OSError:
            continue
        if not mode & 0o222:
            shown = path if what == "file" else f"{path} (its folder {target})"
            raise WriteError(f"{shown}: the {what} is read-only; archdsl will not change it")


def remove_temporaries(directory: Path, names: Iterable[str]) -> None:
    """Delete what an interrupted write of one of ``names`` left in ``directory`` (``.NAME.XXXXXXXX.tmp``).

    Call it only while holding the folder's lock: another run's temporary file is then never in flight.
    """
    wanted = set(names)
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") and entry.name.endswith(".tmp"):
            written = entry.name[1:-4].rsplit(".", 1)[0]
            if written in wanted:
                Path(entry.path).unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def locked(directories: Iterable[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each directory, so two archdsl runs never update the same notes at once.

    The lock is an advisory ``flock`` on the directory itself: it leaves no lock file behind, and the
    kernel drops it when the process dies, even under SIGKILL. Where ``flock`` does not exist (Windows)
    runs are not serialised; every write is still atomic.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    held: list[int] = []
    try:
        for directory in sorted({path.resolve() for path in directories}):
            try:
                descriptor = os.open(directory, os.O_RDONLY)
            except OSError as error:
                raise WriteError(f"{directory}: cannot lock the folder: {error.strerror or error}") from None
            held.append(descriptor)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        for descriptor in reversed(held):
            os.close(descriptor)  # closing the last descriptor releases its flock
