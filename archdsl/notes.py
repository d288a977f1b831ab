"""Keep Markdown notes and their diagram images in sync: render what changed, embed links, check staleness."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any, Final
from urllib.parse import quote, unquote

from archdsl import __version__
from archdsl.diagnostics import Diagnostic, Severity
from archdsl.embed import Image, OwnedBlock, drawn_fences, embed, owned_blocks
from archdsl.files import (
    WriteError,
    locked,
    note_target,
    refuse_hard_linked,
    refuse_outside,
    refuse_read_only,
    remove_temporaries,
    replace_unchanged,
    write_atomic,
)
from archdsl.loader import Document, has_errors
from archdsl.markdown import Fence, fences, lines_with_endings
from archdsl.model import Diagram, Dialect
from archdsl.outputs import fence_name, fence_stem, note_prefix
from archdsl.project import project_of
from archdsl.targets import DrawFailure, render_failed

DEFAULT_ASSETS: Final = "diagrams"
MANIFEST: Final = "archdsl-manifest.json"
IMAGE_FORMATS: Final = ("svg", "png")
OPTION_NAMES: Final = ("theme", "scale", "engine")
_DIALECT_NAMES: Final = {Dialect.MERMAID: "Mermaid", Dialect.ARCHDSL: "archdsl"}
_IMAGE_LINK: Final = re.compile(r"!\[[^\]\r\n]*\]\((?P<link>[^()\s]*)\)\s*$")
# Characters a Markdown link target cannot hold as they are (CommonMark and Python-Markdown alike).
_LINK_UNSAFE: Final = frozenset('<>()[]\\%"`')


class NotesError(Exception):
    """A note cannot be updated safely; nothing of it was written."""


@dataclass(frozen=True, slots=True)
class Planned:
    """One diagram of a note: where its images go and whether they are up to date."""

    diagram: Diagram
    stem: str
    image: Image
    images: tuple[Path, ...]
    recorded: str | None
    drawn: str | None
    drawable: bool
    folded: bool = False
    source: dict[str, Any] = field(default_factory=dict)
    contents: tuple[str, ...] = ()
    notice: str | None = None

    @property
    def fresh(self) -> bool:
        """The embedded block carries this drawing's digest, is folded as asked, and its image files exist."""
        return self.recorded == self.image.digest and self.folded == self.image.fold and self.images_exist

    @property
    def current(self) -> bool:
        """The image files were drawn from this source (by the note's block or the manifest): no redraw."""
        return self.image.digest in (self.recorded, self.drawn) and self.images_exist

    @property
    def images_exist(self) -> bool:
        return all(path.exists() for path in self.images)


@dataclass(frozen=True, slots=True)
class Staleness:
    """A fence whose image is missing or was drawn from other source."""

    path: str
    line: int
    column: int
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class Rendered:
    """What a render did: the files it wrote, the fences it could not draw, and what the user should know."""

    written: list[Path]
    findings: list[Diagnostic]
    notices: list[str]


def plain_image_name(name: object) -> bool:
    """Whether a manifest entry names an image directly inside the assets folder (never a path, never hidden)."""
    return (
        isinstance(name, str)
        and name == PurePosixPath(name).name == PureWindowsPath(name).name
        and not name.startswith(".")
        and "\0" not in name
        and name.endswith(tuple(f".{fmt}" for fmt in IMAGE_FORMATS))
    )


def _mapping(data: object, key: str) -> dict[Any, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


@dataclass(slots=True)
class Manifest:
    """The assets folder's record of which note owns which image, and what each image was drawn from.

    Only files listed here, still holding the bytes archdsl wrote, are ever deleted or overwritten, so
    images a user put in the folder stay.
    """

    folder: Path
    notes: dict[str, list[str]]
    digests: dict[str, str]
    contents: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The folder's manifest; entries that are not plain image names, or of the wrong shape, are ignored."""
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        notes = {
            note: [name for name in names if plain_image_name(name)]
            for note, names in _mapping(data, "notes").items()
            if isinstance(note, str) and isinstance(names, list)
        }
        digests, contents = (
            {
                name: value
                for name, value in _mapping(data, key).items()
                if plain_image_name(name) and isinstance(value, str)
            }
            for key in ("digests", "files")
        )
        sources = {key: value for key, value in _mapping(data, "sources").items() if isinstance(value, dict)}
        manifest = cls(folder, notes, digests, contents, sources)
        for note, names in notes.items():
            for name in names:
                manifest.claims.setdefault(name.casefold(), note)
        return manifest

    def digest_of(self, image: Path) -> str | None:
        return self.digests.get(image.name)

    def free_for(self, note: str, stem: str) -> tuple[bool, Path | None]:
        """Whether ``note`` may use ``stem``: no other note owns it, and no file archdsl did not make is in the way.

        Returns the file in the way too, when there is one.
        """
        names = [f"{stem}.{fmt}" for fmt in IMAGE_FORMATS]
        owners = {self.claims.get(name.casefold(), note) for name in names}
        if owners != {note}:
            return False, None
        if self.owns(note, stem):
            return True, None
        for name in names:
            if name.casefold() not in self.claims and os.path.lexists(self.folder / name):
                return False, self.folder / name
        return True, None

    def owns(self, note: str, stem: str) -> bool:
        return all(self.claims.get(f"{stem}.{fmt}".casefold()) == note for fmt in IMAGE_FORMATS)

    def claim(self, note: str, stems: Iterable[str]) -> None:
        for stem in stems:
            for fmt in IMAGE_FORMATS:
                self.claims.setdefault(f"{stem}.{fmt}".casefold(), note)

    def record(self, note: str, planned: Sequence[Planned], clean: bool) -> list[str]:
        """Record ``note``'s images; with ``clean``, delete the ones it owned before and no longer has.

        Images that were not drawn from their current source (a broken fence) keep their old digest. An old
        image is deleted only while it still holds the bytes archdsl wrote; returns what was kept, and why.
        """
        owned = {path.name: item for item in planned for path in item.images}
        previous = set(self.notes.get(note, []))
        kept: list[str] = []
        if clean:
            for name in sorted(previous - owned.keys()):
                if (reason := self._delete(name)) is not None:
                    kept.append(reason)
                for record in (self.digests, self.contents):
                    record.pop(name, None)
                self.claims.pop(name.casefold(), None)
            current = sorted(owned)
        else:
            current = sorted(previous | owned.keys())
        for item in planned:
            for path, content in zip(item.images, item.contents, strict=False):
                self.contents[path.name] = content
            if item.current:
                for path in item.images:
                    self.digests[path.name] = item.image.digest
                self.sources[item.image.digest] = item.source
        if current or note in self.notes:
            self.notes[note] = current
        self.claim(note, (PurePosixPath(name).stem for name in current))
        return kept

    def _delete(self, name: str) -> str | None:
        """Delete an image archdsl no longer links, if it is a plain file still holding the bytes archdsl wrote;
        else say why it stays."""
        path = self.folder / name
        try:
            info = os.lstat(path)
        except OSError:
            return None
        expected = self.contents.get(name)
        if stat.S_ISREG(info.st_mode) and expected is not None and _sha256(path.read_bytes()) == expected:
            path.unlink()
            return None
        why = "archdsl has no record of the bytes it wrote there (an older manifest)"
        if expected is not None:
            why = "changed since archdsl drew it"
        return f"kept {path}: {why}, so it is not deleted"

    def save(self) -> list[Path]:
        if not self.notes:
            return []
        owned = {name for names in self.notes.values() for name in names}
        digests = {name: self.digests[name] for name in sorted(self.digests) if name in owned}
        payload = {
            "archdsl": 1,
            "notes": dict(sorted(self.notes.items())),
            "digests": digests,
            "files": {name: self.contents[name] for name in sorted(self.contents) if name in owned},
            "sources": {key: self.sources[key] for key in sorted(set(digests.values())) if key in self.sources},
        }
        path = self.folder / MANIFEST
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        return [path] if write_atomic(path, text.encode()) else []


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_assets_dir(assets: str) -> None:
    """NotesError unless ``assets`` names a folder inside each note's folder (not absolute, no ``..``)."""
    parts = PurePath(assets).parts
    if not parts or PurePath(assets).is_absolute() or PureWindowsPath(assets).drive or ".." in parts:
        raise NotesError(f"the assets folder must be a relative folder inside the note's folder, not {assets!r}")


@lru_cache(maxsize=4)
def _note_lines(text: str) -> tuple[str, ...]:
    """The note's lines without endings: split once per note, not once per fence (5,000 fences were quadratic)."""
    return tuple(line.rstrip("\r\n") for line in lines_with_endings(text))


def _fence_lines(diagram: Diagram, text: str) -> list[str]:
    return list(_note_lines(text)[diagram.source.start_line - 1 : diagram.source.end_line])


def source_of(diagram: Diagram, text: str, options: Sequence[str]) -> dict[str, Any]:
    """What an image is drawn from, part by part, so ``--check`` can say which part changed."""
    fence = json.dumps(_fence_lines(diagram, text), ensure_ascii=False)
    return {
        "fence": _sha256(fence.encode())[:16],
        "options": dict(zip(OPTION_NAMES, options, strict=False)),
        "version": __version__,
    }


def digest(diagram: Diagram, text: str, options: Sequence[str]) -> str:
    """What an image was drawn from: the fence's own lines, the render options and archdsl's version."""
    payload = json.dumps([__version__, list(options), _fence_lines(diagram, text)], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def link_to(assets: str, stem: str) -> str:
    """The Markdown link target of an image: percent-encoded where Markdown would not read it as it is."""
    link = Path(assets, f"{stem}.svg").as_posix()
    return "".join(quote(character) if _unsafe(character) else character for character in link)


def _unsafe(character: str) -> bool:
    return character in _LINK_UNSAFE or character.isspace() or not character.isprintable()


def plan(
    document: Document,
    text: str,
    assets: str,
    options: Sequence[str],
    manifest: Manifest | None = None,
    fold: bool | None = None,
    note: Path | None = None,
) -> list[Planned]:
    """The images each drawable diagram of ``document`` should have, given the note's current ``text``.

    ``fold`` folds (or unfolds) every fence under its image; ``None`` keeps each block as it is. ``note`` is
    the file written (a symlinked note's target); its folder holds the assets.
    """
    note = note or Path(document.path)
    known = manifest or Manifest.load(note.parent / assets)
    body = text.removeprefix("\ufeff")
    slots = drawn_fences(body)
    blocks = {block.fence_end: block for block in owned_blocks(body)}
    diagrams = {diagram.source.end_line: diagram for diagram in document.diagrams}
    stems = _stems(document, note.name, slots, diagrams, _linked_stems(body, blocks, assets), known)
    planned: list[Planned] = []
    for fence, (stem, notice) in zip(slots, stems, strict=True):
        diagram = diagrams.get(fence.span.end_line)
        if diagram is None:
            continue
        images = tuple(note.parent / assets / f"{stem}.{fmt}" for fmt in IMAGE_FORMATS)
        block = blocks.get(fence.span.end_line)
        folded = block is not None and block.folded
        alt = diagram.title or diagram.source.heading or stem
        summary = f"{_DIALECT_NAMES[diagram.source.dialect]} source"
        image = Image(
            link_to(assets, stem), alt, digest(diagram, text, options), folded if fold is None else fold, summary
        )
        drawn = known.digest_of(images[0])
        if any(known.digest_of(path) != drawn for path in images):
            drawn = None
        recorded = block.digest if block is not None else None
        drawable = not has_errors(document, diagram)
        source = source_of(diagram, text, options)
        planned.append(Planned(diagram, stem, image, images, recorded, drawn, drawable, folded, source, (), notice))
    return planned


def _linked_stems(body: str, blocks: dict[int, OwnedBlock], assets: str) -> dict[int, str]:
    """Fence closing line → the image stem its block links to, when the link points into the assets folder."""
    lines = lines_with_endings(body)
    prefix = link_to(assets, "").removesuffix(".svg")
    linked: dict[int, str] = {}
    for end, block in blocks.items():
        line = lines[block.first_line] if block.first_line < len(lines) else ""
        found = _IMAGE_LINK.search(line.rstrip("\r\n"))
        target = found["link"] if found else ""
        stem = unquote(target.removeprefix(prefix).removesuffix(".svg"))
        if target.startswith(prefix) and target.endswith(".svg") and plain_image_name(f"{stem}.svg"):
            linked[end] = stem
    return linked


def _stems(
    document: Document,
    note: str,
    slots: Sequence[Fence],
    diagrams: dict[int, Diagram],
    linked: dict[int, str],
    manifest: Manifest,
) -> list[tuple[str, str | None]]:
    """One image stem per drawn fence, whether or not it parses, so no fence's name depends on another's.

    A fence with errors keeps the name its block links to; the others are named after their id, title or
    heading, made unique in the note, and never take a name another note of the folder owns or a file
    archdsl did not make (that one is said, once).
    """
    prefix = note_prefix(note)
    error_lines = [found.span.line for found in document.diagnostics if found.severity is Severity.ERROR]
    fixed: dict[int, str] = {}
    wanted: list[str] = []
    for number, fence in enumerate(slots, start=1):
        diagram = diagrams.get(fence.span.end_line)
        broken = any(fence.span.line <= line <= fence.span.end_line for line in error_lines)
        if broken and fence.span.end_line in linked:
            fixed[number - 1] = linked[fence.span.end_line]
        title = diagram.title if diagram is not None and not broken else None
        wanted.append(fence_stem(prefix, fence_name(fence.info) or title or fence.heading or "", number))
    reserved = {name.casefold() for name in [*wanted, *fixed.values()]}
    used = {name.casefold() for name in fixed.values()}
    stems: list[tuple[str, str | None]] = []
    for index, name in enumerate(wanted):
        if index in fixed:
            stems.append((fixed[index], None))
            continue
        candidate, count, in_the_way = name, 1, None
        while True:
            taken = candidate.casefold() in used or (count > 1 and candidate.casefold() in reserved)
            free, blocking = (False, None) if taken else manifest.free_for(note, candidate)
            in_the_way = in_the_way or blocking
            if free:
                break
            count += 1
            candidate = f"{name}-{count}"
        used.add(candidate.casefold())
        notice = None
        if in_the_way is not None and not manifest.owns(note, candidate):
            notice = f"{in_the_way} exists and is not archdsl's; drew {candidate} instead"
        stems.append((candidate, notice))
    manifest.claim(note, (stem for stem, _ in stems))
    return stems


def stale(
    document: Document,
    text: str,
    assets: str,
    options: Sequence[str],
    fold: bool | None = None,
    manifest: Manifest | None = None,
) -> list[Staleness]:
    """Fences whose embedded image is missing, out of date, not linked yet or not folded as asked; renders nothing."""
    found: list[Staleness] = []
    known = manifest or Manifest.load(Path(document.path).parent / assets)
    for item in plan(document, text, assets, options, known, fold):
        source = item.diagram.source
        if item.fresh or not item.drawable:
            continue
        if item.recorded is None:
            reason = "has no embedded image yet"
        elif item.recorded != item.image.digest:
            reason = _what_changed(known.sources.get(item.recorded), item.source)
        elif item.folded != item.image.fold:
            reason = "is not folded under its image" if item.image.fold else "is folded under its image"
        else:
            reason = "image file is missing"
        found.append(Staleness(document.path, source.start_line, 1, item.stem, reason))
    return found


def _what_changed(before: dict[str, Any] | None, now: dict[str, Any]) -> str:
    """Which part of what an image is drawn from changed: the fence, the render options or archdsl's version."""
    if not before or before.get("fence") != now["fence"]:
        return "changed since its image was drawn"
    parts: list[str] = []
    old_options = before.get("options") if isinstance(before.get("options"), dict) else {}
    assert isinstance(old_options, dict)
    changed = [
        f"{name}: {old_options.get(name)} -> {value}"
        for name, value in now["options"].items()
        if old_options.get(name) != value
    ]
    if changed:
        parts.append(f"with other render options ({', '.join(changed)})")
    if before.get("version") != now["version"]:
        parts.append(f"by archdsl {before.get('version')} (now {now['version']})")
    return "was drawn " + " and ".join(parts) if parts else "changed since its image was drawn"


def stale_all(
    documents: Sequence[Document], assets: str, options: Sequence[str], fold: bool | None = None
) -> list[Staleness]:
    """``stale`` for every distinct note, with one manifest per assets folder."""
    manifests: dict[Path, Manifest] = {}
    found: list[Staleness] = []
    for document in distinct_notes(documents):
        note = note_target(Path(document.path))
        known = _manifest_for(manifests, note.parent / assets)
        for item in _stale_in(document, note, assets, options, fold, known):
            found.append(item)
    return found


def _stale_in(
    document: Document, note: Path, assets: str, options: Sequence[str], fold: bool | None, known: Manifest
) -> list[Staleness]:
    text = read_note(str(note))
    moved = replace(document, path=str(note)) if note != Path(document.path) else document
    return [replace(item, path=document.path) for item in stale(moved, text, assets, options, fold, known)]


def distinct_notes(documents: Sequence[Document]) -> list[Document]:
    """Each note once, however often (``notes.md ./notes.md``, a folder and a file in it) it was named."""
    seen: dict[Path, Document] = {}
    for document in documents:
        seen.setdefault(Path(document.path).resolve(), document)
    return list(seen.values())


def update(
    document: Document,
    assets: str,
    options: Sequence[str],
    draw: Callable[[Diagram], dict[str, bytes]],
) -> Rendered:
    """Render what is stale, then embed links after every fence; returns what was written."""
    return update_all([document], assets, options, lambda diagrams: map(draw, diagrams))


DrawMany = Callable[[list[Diagram]], Iterable[dict[str, bytes] | DrawFailure]]


@dataclass(frozen=True, slots=True)
class Drawn:
    """The plans after drawing, the image files written, and the fences that could not be drawn."""

    plans: list[list[Planned]]
    written: list[Path]
    failures: list[Diagnostic]


def draw_stale(plans: Sequence[list[Planned]], draw_many: DrawMany) -> Drawn:
    """Draw every drawable diagram whose images are not current (``draw_many`` may work in parallel).

    A diagram that cannot be drawn or written is a finding at its fence; the others are drawn all the same.
    """
    stale_items = [item for planned in plans for item in planned if item.drawable and not item.current]
    written: list[Path] = []
    failures: list[Diagnostic] = []
    redrawn: dict[int, Planned] = {}
    for item, drawn in zip(stale_items, draw_many([item.diagram for item in stale_items]), strict=True):
        try:
            if isinstance(drawn, DrawFailure):
                raise WriteError(drawn.message)
            for path in item.images:
                if write_atomic(path, drawn[path.suffix[1:]]):
                    written.append(path)
        except WriteError as error:
            failures.append(render_failed(item.diagram, item.stem, str(error)))
            continue
        contents = tuple(_sha256(drawn[path.suffix[1:]]) for path in item.images)
        redrawn[id(item)] = replace(item, drawn=item.image.digest, contents=contents)
    after = [[redrawn.get(id(item), item) for item in planned] for planned in plans]
    return Drawn(after, written, failures)


def update_all(
    documents: Sequence[Document],
    assets: str,
    options: Sequence[str],
    draw_many: DrawMany,
    fold: bool | None = None,
) -> Rendered:
    """Render every stale diagram of every note, then embed the links.

    Every note is read before anything is drawn, and each is written only if it did not change since.
    Runs on the same folders take turns, and a note another run changed meanwhile is read again. Nothing is
    written outside the project: a symlinked note is updated through its link, when it leads inside it.
    """
    check_assets_dir(assets)
    documents = distinct_notes(documents)
    notes = [note_target(Path(document.path)) for document in documents]
    with locked(note.parent for note in notes):
        return _update_locked(documents, notes, assets, options, draw_many, fold)


def _update_locked(
    documents: Sequence[Document],
    notes: Sequence[Path],
    assets: str,
    options: Sequence[str],
    draw_many: DrawMany,
    fold: bool | None,
) -> Rendered:
    originals = [note.read_bytes() for note in notes]
    texts = [_decode(document.path, original) for document, original in zip(documents, originals, strict=True)]
    documents = [_current(document, text) for document, text in zip(documents, texts, strict=True)]
    manifests: dict[Path, Manifest] = {}
    for note in notes:
        root = project_of(note)
        refuse_outside(note.parent / assets, root)
        refuse_outside(note.parent / assets / MANIFEST, root)
    plans = [
        plan(document, text, assets, options, _manifest_for(manifests, note.parent / assets), fold, note)
        for document, text, note in zip(documents, texts, notes, strict=True)
    ]
    updates = [
        embedded(document, text, planned) for document, text, planned in zip(documents, texts, plans, strict=True)
    ]
    for note, original, updated in zip(notes, originals, updates, strict=True):
        if updated.text.encode() != original:
            refuse_read_only(note)  # before drawing anything: fail fast, change nothing
            refuse_hard_linked(note)
    for note, planned in zip(notes, plans, strict=True):
        for item in (item for item in planned if item.drawable and not item.current):
            for path in item.images:
                refuse_outside(path, project_of(note))
                refuse_read_only(path)
    for folder, names in _written_names(notes, plans, assets).items():
        remove_temporaries(folder, names)
    written: list[Path] = []
    if any(not item.current for planned in plans for item in planned if item.drawable):
        # Claim the names before drawing: a run killed halfway leaves images the manifest calls archdsl's.
        for note, planned in zip(notes, plans, strict=True):
            manifests[note.parent / assets].record(note.name, planned, clean=False)
        for manifest in manifests.values():
            written += manifest.save()
    drawn = draw_stale(plans, draw_many)
    written += drawn.written
    notices = [item.notice for planned in plans for item in planned if item.notice]
    changed: list[tuple[Path, bytes, bytes]] = []
    for document, note, original, text, planned in zip(documents, notes, originals, texts, drawn.plans, strict=True):
        failed = [finding.span.line for finding in drawn.failures if finding.path == document.path]
        updated = embedded(document, text, planned, failed)
        notices += manifests[note.parent / assets].record(note.name, planned, clean=updated.keep_all)
        if updated.text.encode() != original:
            changed.append((note, original, updated.text.encode()))
    for manifest in manifests.values():
        written += manifest.save()  # once per folder: the images are recorded before any note links them
    for note, original, data in changed:
        try:
            replace_unchanged(note, original, data, "rendering")
        except WriteError as error:
            raise NotesError(str(error)) from None
        written.append(note)
    return Rendered(written, drawn.failures, notices)


def _written_names(notes: Sequence[Path], plans: Sequence[list[Planned]], assets: str) -> dict[Path, set[str]]:
    """Folder → the names this run may write there: the notes, their images and the manifest."""
    names: dict[Path, set[str]] = {}
    for note, planned in zip(notes, plans, strict=True):
        names.setdefault(note.parent, set()).add(note.name)
        names.setdefault(note.parent / assets, set()).add(MANIFEST)
        names[note.parent / assets].update(path.name for item in planned for path in item.images)
    return names


def _current(document: Document, text: str) -> Document:
    """``document`` as parsed from ``text``: parsed again if the note changed since it was loaded."""
    if text.removeprefix("\ufeff") == document.text:
        return document
    from archdsl.loader import load_source
    from archdsl.sources import SourceText

    return load_source(SourceText(document.path, text.removeprefix("\ufeff")), markdown=True)


def _manifest_for(manifests: dict[Path, Manifest], folder: Path) -> Manifest:
    if folder not in manifests:
        manifests[folder] = Manifest.load(folder)
    return manifests[folder]


@dataclass(frozen=True, slots=True)
class Embedded:
    """A note's text with its image blocks refreshed; ``keep_all`` is false while any fence is broken."""

    text: str
    keep_all: bool


def embedded(document: Document, text: str, planned: Sequence[Planned], failed: Iterable[int] = ()) -> Embedded:
    """``text`` with a block after every drawable fence; a broken fence, or one that failed to draw
    (its start line in ``failed``), keeps the block it had."""
    failed_lines = set(failed)
    images = {
        item.diagram.source.end_line: item.image
        for item in planned
        if item.drawable and item.diagram.source.start_line not in failed_lines
    }
    keep = _fences_with_errors(document, text) | {
        item.diagram.source.end_line for item in planned if item.diagram.source.end_line not in images
    }
    return Embedded(embed(text, images, keep), not keep)


def _fences_with_errors(document: Document, text: str) -> set[int]:
    """Closing lines of the fences that hold an error: their diagram may be missing from the model."""
    error_lines = [found.span.line for found in document.diagnostics if found.severity is Severity.ERROR]
    return {
        fence.span.end_line
        for fence in fences(text.removeprefix("\ufeff"))
        if any(fence.span.line <= line <= fence.span.end_line for line in error_lines)
    }


def read_note(path: str) -> str:
    """The note's text exactly as stored (BOM and line endings kept), or a NotesError."""
    return _decode(path, Path(path).read_bytes())


def _decode(path: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotesError(f"{path}: is not UTF-8; archdsl will not rewrite it") from None
    if "\r" in text.replace("\r\n", ""):
        raise NotesError(f"{path}: has carriage returns that do not end lines; archdsl will not rewrite it")
    return text


def _recorded_blocks(text: str, diagrams: Sequence[Diagram]) -> dict[int, OwnedBlock]:
    """Fence closing line → the archdsl block that belongs to that fence."""
    closing_lines = {diagram.source.end_line for diagram in diagrams}
    body = text.removeprefix("\ufeff")
    return {block.fence_end: block for block in owned_blocks(body) if block.fence_end in closing_lines}
