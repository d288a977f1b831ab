"""Compare the notes of two revisions, or two files: read both sides, lint both, pair diagrams by name."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from archdsl.archdiff import DiagramDiff, Finding, compare
from archdsl.catalog import CATALOG, Catalog
from archdsl.config import Config
from archdsl.diagnostics import Diagnostic, Severity
from archdsl.linting import Linted, Selection, lint_documents
from archdsl.loader import Document, load_source
from archdsl.outputs import image_stems
from archdsl.revisions import RevisionError, changed_notes, commit_of, merge_base, repository_root, text_at
from archdsl.sources import SourceText, is_markdown, read_text


class DiffRequestError(Exception):
    """The command line does not name revisions and notes archdsl can compare (a usage error)."""


@dataclass(frozen=True, slots=True)
class Request:
    """What to compare: commits in a repository (head None: the work tree), or two files."""

    root: Path | None
    base: str | None
    head: str | None
    paths: tuple[str, ...]
    files: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Side:
    """One version of one note, as loaded and linted."""

    document: Document
    linted: Linted
    stems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NotesDiff:
    """Every diagram that changed, in note order."""

    base: str
    head: str
    diagrams: tuple[DiagramDiff, ...]
    old_sides: tuple[Side, ...] = ()
    new_sides: tuple[Side, ...] = ()

    @property
    def unreadable(self) -> list[tuple[str, Diagnostic]]:
        """The notes that could not be read on either side (a symbolic link in git, a binary file, too
        large), with the version they were asked for: their diagrams are not compared."""
        return [
            (version, found)
            for version, sides in ((self.base, self.old_sides), (self.head, self.new_sides))
            for side in sides
            if not side.document.text
            for found in side.document.diagnostics
            if found.severity is Severity.ERROR
        ]


def _range(root: Path, argument: str) -> list[str] | None:
    """The commits an argument names: one revision, ``A..B`` (A and B), or ``A...B`` (where B branched from
    A, and B), as git diff reads them; None when it names none."""
    if "..." in argument:
        base, _, head = argument.partition("...")
        first, second = commit_of(root, base or "HEAD"), commit_of(root, head or "HEAD")
        if first is None or second is None:
            return None
        return [merge_base(root, first, second), second]
    parts = argument.split("..", 1) if ".." in argument else [argument]
    commits = [commit_of(root, part or "HEAD") for part in parts]
    return None if None in commits else [commit for commit in commits if commit]


def request_for(arguments: Sequence[str], *, no_index: bool = False, cwd: Path | None = None) -> Request:
    """Read ``[BASE [HEAD]] [PATH ...]`` (or ``BASE..HEAD``) as git diff does: leading arguments that name
    commits and no file are revisions, the rest are paths; ``no_index`` compares two files."""
    here = cwd or Path.cwd()
    if no_index:
        if len(arguments) != 2:
            raise DiffRequestError("--no-index compares two files: archdsl diff --no-index OLD NEW")
        return Request(None, None, None, (), (arguments[0], arguments[1]))
    root = repository_root(here)
    if root is None:
        if len(arguments) == 2 and all(Path(argument).is_file() for argument in arguments):
            return Request(None, None, None, (), (arguments[0], arguments[1]))
        raise DiffRequestError("not in a git repository; to compare two files: archdsl diff --no-index OLD NEW")
    revisions: list[str] = []
    rest = list(arguments)
    while rest and len(revisions) < 2 and not os.path.lexists(here / rest[0]):
        commits = _range(root, rest[0])
        if commits is None:
            break
        revisions += commits
        rest.pop(0)
        if len(commits) == 2:
            break
    if len(revisions) > 2:
        raise DiffRequestError("give at most two revisions: BASE and HEAD, BASE..HEAD or BASE...HEAD")
    paths = []
    for path in rest:
        if not os.path.lexists(here / path):
            if commit_of(root, path):
                raise DiffRequestError(f"{path!r} is a revision but comes after a path; give revisions first")
            raise DiffRequestError(f"{path!r} is neither a revision nor a file")
        resolved = os.path.relpath((here / path).resolve(strict=False), root.resolve())
        if resolved.startswith(".."):
            raise DiffRequestError(f"{path}: outside the repository at {root}")
        paths.append(Path(resolved).as_posix())
    base = revisions[0] if revisions else commit_of(root, "HEAD")
    if base is None:
        raise DiffRequestError("the repository has no commit yet to compare with")
    return Request(root, base, revisions[1] if len(revisions) > 1 else None, tuple(paths))


def _side(
    source: SourceText, config: Config, selection: Selection, catalog: Catalog, written_as: str | None = None
) -> Side:
    """One version of a note, read as the file ``written_as`` (Markdown or .arch; default: its own name) is."""
    document = load_source(source, markdown=is_markdown(written_as or source.path), catalog=catalog)
    (linted,) = lint_documents([document], config, selection, catalog)
    return Side(document, linted, tuple(image_stems(document.diagrams)))


def _pair(old: Side | None, new: Side | None, old_path: str | None) -> list[DiagramDiff]:
    before = {stem: pair for stem, pair in zip(old.stems, old.linted.diagrams, strict=True)} if old else {}
    after = {stem: pair for stem, pair in zip(new.stems, new.linted.diagrams, strict=True)} if new else {}
    if new is not None and old_path == new.document.path:
        old_path = None
    # A fence that no longer parses leaves no diagram: that is a finding, not every service removed.
    unread = new is not None and any(found.severity is Severity.ERROR for found in new.linted.loose)
    found = []
    for stem in [*after, *(stem for stem in before if stem not in after)]:
        old_diagram, old_findings = before.get(stem, (None, ()))
        new_diagram, new_findings = after.get(stem, (None, ()))
        if new_diagram is None and unread and new is not None and old_diagram is not None:
            found.append(DiagramDiff(stem, new.document.path, old_path, "not read"))
            continue
        diff = compare(stem, old_diagram, new_diagram, old_findings, new_findings, old_path=old_path)
        if diff.architecture_changed:
            found.append(diff)
    if new is not None and new.document.text:
        seen = Counter((d.code, d.message) for d in old.linted.loose) if old else Counter[tuple[str, str]]()
        introduced = []
        for diagnostic in new.linted.loose:
            if seen[(diagnostic.code, diagnostic.message)]:
                seen[(diagnostic.code, diagnostic.message)] -= 1
            else:
                introduced.append(Finding(diagnostic, ""))
        if introduced:
            name = Path(new.document.path).name
            found.insert(0, DiagramDiff(name, new.document.path, old_path, "note", introduced=tuple(introduced)))
    return found


def _shown(root: Path, path: str) -> str:
    """A repository path as the user's current folder sees it, the way lint prints paths."""
    relative = os.path.relpath(root / path, Path.cwd())
    return relative if not relative.startswith("..") else (root / path).as_posix()


def _diff_files(old_file: str, new_file: str, config: Config, selection: Selection, catalog: Catalog) -> NotesDiff:
    new_side = _side(read_text(new_file), config, selection, catalog)
    old_text = read_text(old_file)
    # Named as the new file, so the diagrams' names (which start with the note's name) pair up.
    old_side = _side(SourceText(new_file, old_text.text, old_text.error), config, selection, catalog, old_file)
    return NotesDiff(old_file, new_file, tuple(_pair(old_side, new_side, None)), (old_side,), (new_side,))


def diff_notes(
    request: Request, config: Config, selection: Selection | None = None, catalog: Catalog = CATALOG
) -> NotesDiff:
    """The architecture changes of every note that git says changed (or of the two files)."""
    selection = selection or Selection()
    old_sides: list[Side] = []
    new_sides: list[Side] = []
    diagrams: list[DiagramDiff] = []
    if request.files is not None:
        return _diff_files(*request.files, config, selection, catalog)
    assert request.root is not None and request.base is not None
    root = request.root
    for change in changed_notes(root, request.base, request.head, request.paths):
        shown = _shown(root, change.new_path or change.old_path or "")
        old_side: Side | None = None
        new_side: Side | None = None
        if change.old_path is not None:
            old_text = text_at(root, request.base, change.old_path, shown)
            old_side = _side(old_text, config, selection, catalog, written_as=change.old_path)
            old_sides.append(old_side)
        if change.new_path is not None:
            if request.head is None:
                source = read_text(str(root / change.new_path), root=root)
                source = SourceText(shown, source.text, source.error, source.error_span)
            else:
                source = text_at(root, request.head, change.new_path, shown)
            new_side = _side(source, config, selection, catalog)
            new_sides.append(new_side)
        old_shown = _shown(root, change.old_path) if change.old_path else None
        diagrams += _pair(old_side, new_side, old_shown)
    head = request.head[:12] if request.head else "the work tree"
    return NotesDiff(request.base[:12], head, tuple(diagrams), tuple(old_sides), tuple(new_sides))


__all__ = ["DiffRequestError", "NotesDiff", "Request", "RevisionError", "diff_notes", "request_for"]
