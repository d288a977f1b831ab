"""Read notes as git holds them: which notes changed between two revisions, and their text at a revision."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from archdsl.sources import MAX_FILE_BYTES, SourceText, decode, is_markdown

NOTE_SUFFIXES: Final = (".arch",)
_SYMLINK_MODE: Final = "120000"
_SUBMODULE_MODE: Final = "160000"
# Settings a repository's own configuration could use to run a program or rewrite what we read.
_SAFE_CONFIG: Final = ("-c", "core.fsmonitor=false", "-c", "diff.external=", "-c", "core.quotepath=off")


class RevisionError(Exception):
    """git could not answer (not a repository, an unknown revision); the message says which in one line."""


@dataclass(frozen=True, slots=True)
class Change:
    """One note that differs between two revisions, by its path in each (None where it does not exist)."""

    old_path: str | None
    new_path: str | None


def is_note(path: str) -> bool:
    """Whether archdsl reads ``path``: Markdown notes and .arch files."""
    return path.endswith(NOTE_SUFFIXES) or is_markdown(path)


def _git(root: Path, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        run = subprocess.run(
            ["git", *_SAFE_CONFIG, *arguments],
            cwd=root,
            capture_output=True,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
            check=False,
        )
    except OSError as error:
        raise RevisionError(f"cannot run git: {error.strerror or error}") from None
    if check and run.returncode != 0:
        message = run.stderr.decode("utf-8", "replace").strip().splitlines()
        command = next(argument for argument in arguments if not argument.startswith("-"))
        raise RevisionError(f"git {command}: {message[-1] if message else 'failed'}")
    return run


def repository_root(start: Path) -> Path | None:
    """The top folder of the git work tree around ``start``, or None outside one."""
    run = _git(start, "rev-parse", "--show-toplevel", check=False)
    if run.returncode != 0:
        return None
    return Path(run.stdout.decode("utf-8", "surrogateescape").rstrip("\n"))


def commit_of(root: Path, revision: str) -> str | None:
    """The commit a revision names, or None when it names none; a name that git would read as an option
    (``--output=...``) never reaches it as one."""
    if not revision or revision.startswith("-"):
        return None
    run = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", check=False)
    return run.stdout.decode().strip() if run.returncode == 0 else None


def merge_base(root: Path, first: str, second: str) -> str:
    """The commit two commits last shared (where a branch left its base)."""
    return _git(root, "merge-base", first, second).stdout.decode().strip()


def changed_notes(root: Path, base: str, head: str | None, pathspecs: tuple[str, ...] = ()) -> list[Change]:
    """The notes that differ between commit ``base`` and commit ``head`` (the work tree when None), with
    renames followed; git is asked, so unchanged notes are never read."""
    revisions = (base, head) if head else (base,)
    run = _git(
        root,
        "diff",
        "--name-status",
        "-z",
        "--find-renames",
        "--no-ext-diff",
        "--no-textconv",
        *revisions,
        "--",
        *(pathspecs or (".",)),
    )
    fields = run.stdout.split(b"\0")
    changes: list[Change] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index].decode()
        count = 2 if status[0] in "RC" else 1
        paths = [field.decode("utf-8", "surrogateescape") for field in fields[index + 1 : index + 1 + count]]
        index += 1 + count
        old: str | None = None if status[0] in "AC" else paths[0]  # a copy adds a note; its source is unchanged
        new: str | None = None if status[0] == "D" else paths[-1]
        old, new = (old if old and is_note(old) else None), (new if new and is_note(new) else None)
        if old or new:
            changes.append(Change(old, new))
    if head is None:  # notes not yet added to git are new in the work tree too
        untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *(pathspecs or (".",)))
        for field in untracked.stdout.split(b"\0"):
            path = field.decode("utf-8", "surrogateescape")
            if path and is_note(path):
                changes.append(Change(None, path))
    return sorted(changes, key=lambda change: change.new_path or change.old_path or "")


def text_at(root: Path, commit: str, path: str, shown: str) -> SourceText:
    """A note's text at ``commit``, named ``shown``: a symbolic link or a submodule is not followed, and a
    file over archdsl's size limit is not read."""
    # The path is a file's name, never a pattern: `[a].md` is that file, not `a.md`.
    found = _git(root, "--literal-pathspecs", "ls-tree", "-z", "--full-tree", commit, "--", path).stdout
    listing = found.split(b"\0")[0].decode("utf-8", "surrogateescape")
    if not listing:
        return SourceText(shown, "", f"not in {commit[:12]}")
    mode, kind, blob = listing.split("\t", 1)[0].split()
    if mode == _SYMLINK_MODE:
        return SourceText(shown, "", f"is a symbolic link in {commit[:12]}; archdsl does not follow it")
    if mode == _SUBMODULE_MODE or kind != "blob":
        return SourceText(shown, "", f"is not a file in {commit[:12]}")
    size = int(_git(root, "cat-file", "-s", blob).stdout)
    if size > MAX_FILE_BYTES:
        limit = f"{MAX_FILE_BYTES // 2**20} MiB"
        return SourceText(shown, "", f"file is larger than {limit}; archdsl reads notes up to {limit}")
    return decode(shown, _git(root, "cat-file", "blob", blob).stdout)
