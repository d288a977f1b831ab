"""Keep Markdown notes and their diagram images in sync: render what changed, embed links, check staleness."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath, PureWindowsPath
from typing import Final

from archdsl import __version__
from archdsl.diagnostics import Severity
from archdsl.embed import Image, OwnedBlock, embed, owned_blocks
from archdsl.files import locked, refuse_read_only, remove_temporaries, write_atomic
from archdsl.loader import Document, has_errors
from archdsl.markdown import fences, lines_with_endings
from archdsl.model import Diagram, Dialect
from archdsl.outputs import image_stems

DEFAULT_ASSETS: Final = "diagrams"
MANIFEST: Final = "archdsl-manifest.json"
IMAGE_FORMATS: Final = ("svg", "png")
_DIALECT_NAMES: Final = {Dialect.MERMAID: "Mermaid", Dialect.ARCHDSL: "archdsl"}


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


@dataclass(slots=True)
class Manifest:
    """The assets folder's record of which note owns which image, and the digest each image was drawn from.

    Only files listed here are ever deleted, so images a user put in the folder stay.
    """

    folder: Path
    notes: dict[str, list[str]]
    digests: dict[str, str]

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            notes = {str(note): [str(name) for name in names] for note, names in dict(data["notes"]).items()}
            digests = {str(name): str(value) for name, value in dict(data.get("digests", {})).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(folder, {}, {})
        return cls(folder, notes, digests)

    def digest_of(self, image: Path) -> str | None:
        return self.digests.get(image.name)

    def record(self, note: str, planned: Sequence[Planned], clean: bool) -> list[Path]:
        """Record ``note``'s images; with ``clean``, delete the ones it owned before and no longer has.

        Images that were not drawn from their current source (a broken fence) keep their old digest.
        """
        owned = {path.name: item for item in planned for path in item.images}
        previous = set(self.notes.get(note, []))
        removed: list[Path] = []
        if clean:
            for name in sorted(previous - owned.keys()):
                (self.folder / name).unlink(missing_ok=True)
                self.digests.pop(name, None)
                removed.append(self.folder / name)
            current = sorted(owned)
        else:
            current = sorted(previous | owned.keys())
        for name, item in owned.items():
            if item.current:
                self.digests[name] = item.image.digest
        if current or note in self.notes:
            self.notes[note] = current
        return removed

    def save(self) -> list[Path]:
        if not self.notes:
            return []
        owned = {name for names in self.notes.values() for name in names}
        payload = {
            "archdsl": 1,
            "notes": dict(sorted(self.notes.items())),
            "digests": {name: self.digests[name] for name in sorted(self.digests) if name in owned},
        }
        path = self.folder / MANIFEST
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        return [path] if write_atomic(path, text.encode()) else []


def check_assets_dir(assets: str) -> None:
    """NotesError unless ``assets`` names a folder inside each note's folder (not absolute, no ``..``)."""
    parts = PurePath(assets).parts
    if not parts or PurePath(assets).is_absolute() or PureWindowsPath(assets).drive or ".." in parts:
        raise NotesError(f"the assets folder must be a relative folder inside the note's folder, not {assets!r}")


def digest(diagram: Diagram, text: str, options: Sequence[str]) -> str:
    """What an image was drawn from: the fence's own lines, the render options and archdsl's version."""
    lines = lines_with_endings(text)[diagram.source.start_line - 1 : diagram.source.end_line]
    payload = json.dumps([__version__, list(options), [line.rstrip("\r\n") for line in lines]], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def plan(
    document: Document,
    text: str,
    assets: str,
    options: Sequence[str],
    manifest: Manifest | None = None,
    fold: bool | None = None,
) -> list[Planned]:
    """The images each drawable diagram of ``document`` should have, given the note's current ``text``.

    ``fold`` folds (or unfolds) every fence under its image; ``None`` keeps each block as it is.
    """
    note = Path(document.path)
    known = manifest or Manifest.load(note.parent / assets)
    recorded = _recorded_blocks(text, document.diagrams)
    planned: list[Planned] = []
    for diagram, stem in zip(document.diagrams, image_stems(document.diagrams), strict=True):
        images = tuple(note.parent / assets / f"{stem}.{fmt}" for fmt in IMAGE_FORMATS)
        link = Path(assets, f"{stem}.svg").as_posix()
        block = recorded.get(diagram.source.end_line)
        folded = block is not None and block.folded
        alt = diagram.title or diagram.source.heading or stem
        summary = f"{_DIALECT_NAMES[diagram.source.dialect]} source"
        image = Image(link, alt, digest(diagram, text, options), folded if fold is None else fold, summary)
        drawn = known.digest_of(images[0])
        if any(known.digest_of(path) != drawn for path in images):
            drawn = None
        planned.append(
            Planned(
                diagram,
                stem,
                image,
                images,
                block.digest if block is not None else None,
                drawn,
                not has_errors(document, diagram),
                folded,
            )
        )
    return planned


def stale(
    document: Document, text: str, assets: str, options: Sequence[str], fold: bool | None = None
) -> list[Staleness]:
    """Fences whose embedded image is missing, out of date, not linked yet or not folded as asked; renders nothing."""
    found: list[Staleness] = []
    # Staleness is about the note's own blocks: the manifest's record of drawn images is not needed.
    unread = Manifest(Path(document.path).parent / assets, {}, {})
    for item in plan(document, text, assets, options, unread, fold):
        source = item.diagram.source
        if item.fresh or not item.drawable:
            continue
        if item.recorded is None:
            reason = "has no embedded image yet"
        elif item.recorded != item.image.digest:
            reason = "changed since its image was drawn"
        elif item.folded != item.image.fold:
            reason = "is not folded under its image" if item.image.fold else "is folded under its image"
        else:
            reason = "image file is missing"
        found.append(Staleness(document.path, source.start_line, 1, item.stem, reason))
    return found


def update(
    document: Document,
    assets: str,
    options: Sequence[str],
    draw: Callable[[Diagram], dict[str, bytes]],
) -> list[Path]:
    """Render what is stale, then embed links after every fence; returns the files written."""
    return update_all([document], assets, options, lambda diagrams: map(draw, diagrams))


DrawMany = Callable[[list[Diagram]], Iterable[dict[str, bytes]]]


def draw_stale(plans: Sequence[list[Planned]], draw_many: DrawMany) -> tuple[list[list[Planned]], list[Path]]:
    """Draw every drawable diagram whose images are not current (``draw_many`` may work in parallel).

    Returns the plans as they stand after drawing, and the image files written.
    """
    stale_items = [item for planned in plans for item in planned if item.drawable and not item.current]
    written: list[Path] = []
    for item, drawn in zip(stale_items, draw_many([item.diagram for item in stale_items]), strict=True):
        for path in item.images:
            if write_atomic(path, drawn[path.suffix[1:]]):
                written.append(path)
    redrawn = {id(item) for item in stale_items}
    after = [
        [replace(item, drawn=item.image.digest) if id(item) in redrawn else item for item in planned]
        for planned in plans
    ]
    return after, written


def update_all(
    documents: Sequence[Document],
    assets: str,
    options: Sequence[str],
    draw_many: DrawMany,
    fold: bool | None = None,
) -> list[Path]:
    """Render every stale diagram of every note, then embed the links.

    Every note is read before anything is drawn, and each is written only if it did not change since.
    Runs on the same folders take turns, and a note another run changed meanwhile is read again.
    """
    check_assets_dir(assets)
    with locked(Path(document.path).parent for document in documents):
        return _update_locked(documents, assets, options, draw_many, fold)


def _update_locked(
    documents: Sequence[Document], assets: str, options: Sequence[str], draw_many: DrawMany, fold: bool | None
) -> list[Path]:
    originals = [Path(document.path).read_bytes() for document in documents]
    texts = [_decode(document.path, original) for document, original in zip(documents, originals, strict=True)]
    documents = [_current(document, text) for document, text in zip(documents, texts, strict=True)]
    manifests: dict[Path, Manifest] = {}
    plans = [
        plan(document, text, assets, options, _manifest_for(manifests, Path(document.path).parent / assets), fold)
        for document, text in zip(documents, texts, strict=True)
    ]
    updates = [
        embedded(document, text, planned) for document, text, planned in zip(documents, texts, plans, strict=True)
    ]
    for document, original, updated in zip(documents, originals, updates, strict=True):
        if updated.text.encode() != original:
            refuse_read_only(Path(document.path))  # before drawing anything: fail fast, change nothing
    for item in (item for planned in plans for item in planned if item.drawable and not item.current):
        for path in item.images:
            refuse_read_only(path)
    for folder, names in _written_names(documents, plans, assets).items():
        remove_temporaries(folder, names)
    plans, written = draw_stale(plans, draw_many)
    for document, original, updated, planned in zip(documents, originals, updates, plans, strict=True):
        note = Path(document.path)
        manifest = manifests[note.parent / assets]
        manifest.record(note.name, planned, clean=updated.keep_all)
        written += manifest.save()
        if updated.text.encode() != original:
            if note.read_bytes() != original:
                raise NotesError(f"{document.path}: changed on disk while rendering; not overwritten, run again")
            write_atomic(note, updated.text.encode())
            written.append(note)
    return written


def _written_names(documents: Sequence[Document], plans: Sequence[list[Planned]], assets: str) -> dict[Path, set[str]]:
    """Folder → the names this run may write there: the notes, their images and the manifest."""
    names: dict[Path, set[str]] = {}
    for document, planned in zip(documents, plans, strict=True):
        note = Path(document.path)
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


def embedded(document: Document, text: str, planned: Sequence[Planned]) -> Embedded:
    """``text`` with a block after every drawable fence; a broken fence keeps the block it had."""
    images = {item.diagram.source.end_line: item.image for item in planned if item.drawable}
    keep = _fences_with_errors(document, text) | {item.diagram.source.end_line for item in planned if not item.drawable}
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
