"""Where the project a path belongs to begins: the root no read, write or config search of archdsl leaves."""

from __future__ import annotations

import os
from pathlib import Path

_REPOSITORY_MARKERS = (".git", ".hg", ".svn")


def _root_of(folder: Path, cwd: Path) -> Path:
    for candidate in (folder, *folder.parents):
        if any(os.path.lexists(candidate / marker) for marker in _REPOSITORY_MARKERS):
            return candidate
    # Outside any repository the project is the folder archdsl runs in, when the path lies below it;
    # else only the path's own folder: nothing above it is ever the user's project by accident.
    return cwd if folder == cwd or cwd in folder.parents else folder


def project_root(path: str | os.PathLike[str]) -> Path:
    """The resolved root of the repository holding ``path`` (a file or folder), as linters find it.

    Without a repository it is the current directory when ``path`` lies inside it, else the path's folder.
    """
    resolved = Path(path).resolve()
    folder = resolved if resolved.is_dir() else resolved.parent
    return _root_of(folder, Path.cwd().resolve())


def inside(path: str | os.PathLike[str], root: Path) -> bool:
    """Whether ``path``, with every symlink resolved, lies in ``root`` (or is ``root``)."""
    resolved = Path(path).resolve()
    return resolved == root or root in resolved.parents


def project_of(path: str | os.PathLike[str]) -> Path:
    """The project ``path`` was named in: a symlink belongs where it sits, not where it leads."""
    if os.path.islink(path):
        return project_root(Path(os.path.abspath(path)).parent)
    return project_root(path)
