"""Decide where rendered diagrams go (a file, a directory, stdout) and write them safely."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import BinaryIO, Final

from archdsl.diagnostics import RENDER_FAILED, Diagnostic, Severity
from archdsl.files import WriteError, write_atomic
from archdsl.loader import Document, has_errors
from archdsl.model import Diagram, Span
from archdsl.outputs import image_stems

SUFFIX_FORMATS: Final = {".svg": "svg", ".png": "png", ".dot": "dot", ".gv": "dot", ".json": "json"}
DEFAULT_FORMATS: Final = ("svg", "png")
STDOUT: Final = "-"


class RenderTargetError(Exception):
    """The output options do not fit the input (a usage error)."""


@dataclass(frozen=True, slots=True)
class DrawFailure:
    """One diagram that could not be drawn, and why: it fails alone, and comes back from a worker as a value."""

    message: str


def _draw_or_fail(draw: Callable[[Diagram], dict[str, bytes]], diagram: Diagram) -> dict[str, bytes] | DrawFailure:
    """Draw one diagram; whatever goes wrong is that diagram's failure, not the run's."""
    try:
        return draw(diagram)
    except RenderTargetError as error:
        # The drawer puts the fence's position first; the finding carries it already.
        return DrawFailure(str(error).removeprefix(f"{diagram.source.path}:{diagram.source.start_line}: "))
    except (RecursionError, MemoryError) as error:
        return DrawFailure(f"the diagram is too large to draw ({type(error).__name__})")
    except Exception as error:  # noqa: BLE001  # one fence's bug must not lose every other fence's picture
        return DrawFailure(f"{type(error).__name__}: {error}")


@dataclass(frozen=True, slots=True)
class RenderRequest:
    """What the user asked for on the command line."""

    output: str | None
    formats: str | None
    engine: str = "auto"
    theme: str = "light"
    scale: float = 1.0


def _formats(request: RenderRequest, suffix_format: str | None) -> list[str]:
    from archdsl.render.pipeline import FORMATS

    if request.formats:
        chosen = [part.strip().lower() for part in request.formats.split(",") if part.strip()]
    elif suffix_format:
        chosen = [suffix_format]
    else:
        chosen = list(DEFAULT_FORMATS)
    unknown = [fmt for fmt in chosen if fmt not in FORMATS]
    if unknown or not chosen:
        raise RenderTargetError(f"unknown format {unknown[0] if unknown else ''!r}; choose from {', '.join(FORMATS)}")
    return chosen


def drawer(request: RenderRequest, formats: Sequence[str]) -> Callable[[Diagram], dict[str, bytes]]:
    """A function that draws one diagram in ``formats``; checks the options and the engine first."""
    from archdsl.render.engines import EngineUnavailable, RenderFailed, select
    from archdsl.render.pipeline import RenderOptions, TooLargeToDraw, render

    if not 0 < request.scale <= 16:  # also false for nan
        raise RenderTargetError(f"--scale must be a number above 0 and at most 16, not {request.scale:g}")
    options = RenderOptions(theme=request.theme, scale=request.scale, engine=request.engine)
    if {"svg", "png"} & set(formats):
        try:
            select(request.engine)
        except EngineUnavailable as error:
            raise RenderTargetError(str(error)) from None

    def draw(diagram: Diagram) -> dict[str, bytes]:
        try:
            return render(diagram, list(formats), options)
        except RenderFailed as error:
            cause = "" if isinstance(error, TooLargeToDraw) else "Graphviz failed: "  # a limit names itself
            raise RenderTargetError(f"{diagram.source.path}:{diagram.source.start_line}: {cause}{error}") from None

    return draw


@cache
def _worker_drawer(request: RenderRequest, formats: tuple[str, ...]) -> Callable[[Diagram], dict[str, bytes]]:
    return drawer(request, formats)


def _draw_in_worker(
    request: RenderRequest, formats: tuple[str, ...], diagram: Diagram
) -> dict[str, bytes] | DrawFailure:
    return _draw_or_fail(_worker_drawer(request, formats), diagram)


def draw_many(
    request: RenderRequest,
    formats: Sequence[str],
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> Callable[[list[Diagram]], list[dict[str, bytes] | DrawFailure]]:
    """Draw a list of diagrams in order, in ``jobs`` worker processes when there is more than one to draw.

    A diagram that cannot be drawn gives a DrawFailure in its place. Nothing is imported or checked until
    there is something to draw, so an up-to-date run stays fast.
    """
    report = progress or (lambda done, total: None)

    def run(diagrams: list[Diagram]) -> list[dict[str, bytes] | DrawFailure]:
        results: list[dict[str, bytes] | DrawFailure] = []
        if not diagrams:
            return results
        draw = drawer(request, formats)
        if jobs <= 1 or len(diagrams) < 2:
            for diagram in diagrams:
                results.append(_draw_or_fail(draw, diagram))
                report(len(results), len(diagrams))
            return results
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        # forkserver: workers start from a clean interpreter, not a fork of one holding engine state.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["archdsl.targets", "archdsl.render.pipeline"])
        work = partial(_draw_in_worker, request, tuple(formats))
        chunk = max(1, len(diagrams) // (jobs * 8))
        with ProcessPoolExecutor(max_workers=min(jobs, len(diagrams)), mp_context=context) as pool:
            try:
                for drawn in pool.map(work, diagrams, chunksize=chunk):
                    results.append(drawn)
                    report(len(results), len(diagrams))
            except BrokenProcessPool:
                died = DrawFailure("the process drawing it died (out of memory, or killed)")
                results += [died] * (len(diagrams) - len(results))
        return results

    return run


def render_failed(diagram: Diagram, name: str, message: str) -> Diagnostic:
    """The finding for a diagram that could not be drawn or written, at its fence (or file)."""
    code, rule = RENDER_FAILED
    source = diagram.source
    span = Span(source.start_line, 1, source.start_line, 1)
    text = f"Cannot draw diagram '{name}': {message}"
    return Diagnostic(code, rule, Severity.ERROR, text, source.path, span, "its last image is kept")


@dataclass(frozen=True, slots=True)
class Written:
    """The files a render wrote, and the diagrams it could not draw."""

    paths: list[Path]
    failures: list[Diagnostic]


def render_documents(documents: Sequence[Document], request: RenderRequest, stdout: BinaryIO) -> Written:
    """Render every diagram that parsed without errors; one that cannot be drawn is a finding, not the end."""
    diagrams = [diagram for document in documents for diagram in document.diagrams if not has_errors(document, diagram)]
    output = request.output
    suffix_format = SUFFIX_FORMATS.get(Path(output).suffix.lower()) if output and output != STDOUT else None
    formats = _formats(request, suffix_format)
    draw = drawer(request, formats)

    if output == STDOUT or suffix_format is not None:
        if len(formats) != 1:
            raise RenderTargetError("a single output file or stdout takes exactly one format")
        if len(diagrams) != 1:
            raise RenderTargetError(
                f"found {len(diagrams)} diagrams to render; write them into a directory with -o DIR"
            )
        drawn = _draw_or_fail(draw, diagrams[0])
        if isinstance(drawn, DrawFailure):
            return Written([], [render_failed(diagrams[0], image_stems(diagrams)[0], drawn.message)])
        if output == STDOUT:
            stdout.write(drawn[formats[0]])
            stdout.flush()
            return Written([], [])
        assert output is not None
        target = Path(output)
        return Written([target] if write_atomic(target, drawn[formats[0]]) else [], [])
    if output is None:
        sources = {document.path for document in documents}
        if any(path.lower().endswith((".md", ".markdown")) or path.startswith("<") for path in sources):
            raise RenderTargetError("for Markdown or stdin input, name an output directory or file with -o")
    written = Written([], [])
    for diagram, stem in zip(diagrams, image_stems(diagrams), strict=True):
        directory = Path(output) if output is not None else Path(diagram.source.path).parent
        drawn = _draw_or_fail(draw, diagram)
        try:
            if isinstance(drawn, DrawFailure):
                raise WriteError(drawn.message)
            for fmt, data in drawn.items():
                target = directory / f"{stem}.{fmt}"
                if write_atomic(target, data):
                    written.paths.append(target)
        except WriteError as error:
            written.failures.append(render_failed(diagram, stem, str(error)))
    return written
