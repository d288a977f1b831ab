"""Write files the safe way: whole or not at all (temporary file in the same directory, then rename)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from archdsl.project import inside, project_of

# archdsl's temporaries are ``.archdsl-<tag>.<8 random characters of mkstemp>.tmp``: nothing else is ever removed.
_TEMPORARY: Final = re.compile(r"\.archdsl-(?P<tag>.+)\.[a-z0-9_]{8}\.tmp")
_LONGEST_TAG: Final = 200  # bytes: room for the prefix and suffix within the usual 255-byte name limit


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
    import tempfile  # only runs that write pay for it (with shutil and random): lint never does

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".archdsl-{_temporary_tag(path.name)}.", suffix=".tmp", dir=path.parent
        )
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
    """Delete what an interrupted write of one of ``names`` left in ``directory`` (``.archdsl-NAME.XXXXXXXX.tmp``).

    Only archdsl's own pattern is removed, never a symlink: a user's ``.notes.md.draft.tmp`` stays.
    Call it only while holding the folder's lock: another run's temporary file is then never in flight.
    """
    wanted = {_temporary_tag(name) for name in names}
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        found = _TEMPORARY.fullmatch(entry.name)
        if found and found["tag"] in wanted and entry.is_file(follow_symlinks=False):
            Path(entry.path).unlink(missing_ok=True)


def _temporary_tag(name: str) -> str:
    """The part of a temporary's name that says which file it becomes; a hash when the name is too long."""
    if len(name.encode()) <= _LONGEST_TAG:
        return name
    import hashlib  # a name this long is rare; hashlib costs every run 2 ms to import

    return hashlib.sha256(name.encode()).hexdigest()[:16]


def refuse_outside(path: Path, root: Path) -> None:
    """Raise WriteError unless ``path``, every symlink resolved, lies inside the project ``root``."""
    if not inside(path, root):
        raise WriteError(
            f"{path}: resolves to {path.resolve()}, outside the project {root}; archdsl writes nothing outside it"
        )


def note_target(path: Path) -> Path:
    """The file to write when updating ``path``: itself, or the file a symlink leads to inside the project.

    A symlink to a file outside the project is refused, so archdsl never writes outside it.
    """
    if not path.is_symlink():
        return path
    refuse_outside(path, project_of(path))
    target = path.resolve()
    cwd = Path.cwd().resolve()
    return Path(os.path.relpath(target, cwd)) if cwd in target.parents else target


def refuse_hard_linked(path: Path) -> None:
    """Raise WriteError when ``path`` has other hard links: replacing it by a rename would cut them off.

    Refusing is the safe choice: an in-place rewrite would reach every link, but a crash halfway would leave
    a truncated note, and whole-or-nothing is what every other archdsl write promises.
    """
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
        raise WriteError(
            f"{path}: has {info.st_nlink} hard links; archdsl replaces a file by renaming a new one into place, "
            "which would cut it off from its other links; not written"
        )


def replace_unchanged(path: Path, original: bytes, data: bytes, doing: str) -> bool:
    """Write ``data`` to ``path`` atomically, unless the file no longer holds ``original`` (someone saved it).

    Call it while holding the folder's lock, so no other archdsl run writes between the check and the rename.
    """
    if path.read_bytes() != original:
        raise WriteError(f"{path}: changed on disk while {doing}; not overwritten, run again")
    refuse_hard_linked(path)
    return write_atomic(path, data)


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
