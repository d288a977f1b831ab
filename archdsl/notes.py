"""Keep Markdown notes and their diagram images in sync: render what changed, embed links, check staleness."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from archdsl import __version__
from archdsl.diagnostics import Severity
from archdsl.embed import Image, embed, owned_blocks
from archdsl.files import write_atomic
from archdsl.loader import Document
from archdsl.markdown import fences
from archdsl.model import Diagram
from archdsl.outputs import image_stems

DEFAULT_ASSETS: Final = "diagrams"
MANIFEST: Final = "archdsl-manifest.json"
IMAGE_FORMATS: Final = ("svg", "png")
MARKDOWN_SUFFIXES: Final = (".md", ".markdown")


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
    drawable: bool

    @property
    def fresh(self) -> bool:
        """The embedded block carries this drawing's digest and its image files exist."""
        return self.recorded == self.image.digest and all(path.exists() for path in self.images)


@dataclass(frozen=True, slots=True)
class Staleness:
    """A fence whose image is missing or was drawn from other source."""

    path: str
    line: int
    column: int
    name: str
    reason: str


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def digest(diagram: Diagram, text: str, options: Sequence[str]) -> str:
    """What an image was drawn from: the fence's own lines, the render options and archdsl's version."""
    lines = text.split("\n")[diagram.source.start_line - 1 : diagram.source.end_line]
    payload = json.dumps([__version__, list(options), [line.rstrip("\r") for line in lines]], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def plan(document: Document, text: str, assets: str, options: Sequence[str]) -> list[Planned]:
    """The images each drawable diagram of ``document`` should have, given the note's current ``text``."""
    note = Path(document.path)
    recorded = _recorded_digests(text, document.diagrams)
    planned: list[Planned] = []
    for diagram, stem in zip(document.diagrams, image_stems(document.diagrams), strict=True):
        images = tuple(note.parent / assets / f"{stem}.{fmt}" for fmt in IMAGE_FORMATS)
        link = Path(assets, f"{stem}.svg").as_posix()
        image = Image(link, diagram.title or diagram.source.heading or stem, digest(diagram, text, options))
        recorded_digest = recorded.get(diagram.source.end_line)
        planned.append(Planned(diagram, stem, image, images, recorded_digest, not has_errors(document, diagram)))
    return planned


def stale(document: Document, text: str, assets: str, options: Sequence[str]) -> list[Staleness]:
    """Fences whose embedded image is missing, out of date, or not linked yet; renders nothing."""
    found: list[Staleness] = []
    for item in plan(document, text, assets, options):
        source = item.diagram.source
        if item.fresh or not item.drawable:
            continue
        if item.recorded is None:
            reason = "has no embedded image yet"
        elif item.recorded != item.image.digest:
            reason = "changed since its image was drawn"
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


def update_all(documents: Sequence[Document], assets: str, options: Sequence[str], draw_many: DrawMany) -> list[Path]:
    """Render every stale diagram of every note (``draw_many`` may work in parallel), then embed the links.

    Every note is read before anything is drawn, and each is written only if it did not change since.
    """
    notes = [(document, Path(document.path).read_bytes()) for document in documents]
    texts = [_decode(document.path, original) for document, original in notes]
    plans = [plan(document, text, assets, options) for (document, _), text in zip(notes, texts, strict=True)]
    stale_items = [item for planned in plans for item in planned if item.drawable and not item.fresh]
    written: list[Path] = []
    for item, drawn in zip(stale_items, draw_many([item.diagram for item in stale_items]), strict=True):
        for path in item.images:
            if write_atomic(path, drawn[path.suffix[1:]]):
                written.append(path)
    for (document, original), text, planned in zip(notes, texts, plans, strict=True):
        written += _embed_links(document, original, text, planned, assets)
    return written


def _embed_links(document: Document, original: bytes, text: str, planned: list[Planned], assets: str) -> list[Path]:
    note = Path(document.path)
    broken = _fences_with_errors(document, text)
    images = {item.diagram.source.end_line: item.image for item in planned if item.drawable}
    keep = broken | {item.diagram.source.end_line for item in planned if not item.drawable}
    owned = [path for item in planned for path in item.images]
    written = _record_and_clean(note, note.parent / assets, owned, clean=not keep)
    updated = embed(text, images, keep).encode()
    if updated != original:
        if note.read_bytes() != original:
            raise NotesError(f"{document.path}: changed on disk while rendering; not overwritten, run again")
        write_atomic(note, updated)
        written.append(note)
    return written


def _fences_with_errors(document: Document, text: str) -> set[int]:
    """Closing lines of the fences that hold an error: their diagram may be missing from the model."""
    error_lines = [found.span.line for found in document.diagnostics if found.severity is Severity.ERROR]
    return {
        fence.span.end_line
        for fence in fences(text.removeprefix("\ufeff"))
        if any(fence.span.line <= line <= fence.span.end_line for line in error_lines)
    }


def _record_and_clean(note: Path, assets: Path, images: list[Path], clean: bool) -> list[Path]:
    """Record the images this note owns in the assets manifest; delete those it owned before and no longer has.

    Only files listed in the manifest are ever deleted, so images a user put in the folder stay. While
    a fence is broken (``clean`` false) nothing is deleted: its last images stay linked.
    """
    manifest_path = assets / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        notes: dict[str, list[str]] = dict(manifest["notes"])
    except (OSError, ValueError, KeyError, TypeError):
        notes = {}
    current = sorted(path.name for path in images)
    previous = set(notes.get(note.name, []))
    if clean:
        for name in previous - set(current):
            (assets / name).unlink(missing_ok=True)
    else:
        current = sorted(previous | set(current))
    if not current and note.name not in notes:
        return []
    notes[note.name] = current
    payload = json.dumps({"archdsl": 1, "notes": dict(sorted(notes.items()))}, indent=2, ensure_ascii=False) + "\n"
    return [manifest_path] if write_atomic(manifest_path, payload.encode()) else []


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


def _recorded_digests(text: str, diagrams: Sequence[Diagram]) -> dict[int, str]:
    """Fence closing line → the digest in the archdsl block right after it."""
    closing_lines = {diagram.source.end_line for diagram in diagrams}
    body = text.removeprefix("\ufeff")
    return {block.first_line - 1: block.digest for block in owned_blocks(body) if block.first_line - 1 in closing_lines}


def has_errors(document: Document, diagram: Diagram) -> bool:
    span = diagram.source
    return any(
        found.severity is Severity.ERROR and span.start_line <= found.span.line <= span.end_line
        for found in document.diagnostics
    )
