"""Print each diagram's edge crossings and render time, for this checkout and, with --before, another one beside it.

.venv/bin/python bench/bench_layout.py                         # the examples, this checkout
.venv/bin/python bench/bench_layout.py --before /tmp/base       # and another checkout (git worktree add /tmp/base main)
.venv/bin/python bench/bench_layout.py --engine embedded NOTE.md  # more notes, on the WebAssembly engine

Each checkout runs in its own process with that checkout first on PYTHONPATH; crossings are counted by this
checkout's tests/geometry.py on Graphviz's -Tjson layout, render time is the best of --repeat SVG+PNG renders,
the checkouts taking turns render by render so that a machine whose speed drifts weighs on both alike.
Targets: total crossings on the examples drop by at least a third; render time per diagram at most 1.2x.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_common import ROOT, verdict

EXAMPLES = [*sorted((ROOT / "examples").glob("*.arch")), ROOT / "examples" / "notes.md"]
MAX_CROSSINGS_VS_BEFORE, MAX_TIME_VS_BEFORE = 2 / 3, 1.2


def _layout_json(engine: Any, dot: str) -> bytes:
    """Graphviz's -Tjson layout as the checkout draws it; a checkout older than engines.layout_json gets the same
    steps from its own parts (system: the same image path and fonts; embedded: the same room for text)."""
    from archdsl.render import engines

    if hasattr(engines, "layout_json"):
        return bytes(engines.layout_json(engine, dot))
    if engine.name == "system":
        import tempfile

        with tempfile.TemporaryDirectory() as directory:
            fonts = engines.fontconfig_file(Path(directory), engine.executable)
            return subprocess.run(
                [engine.executable, f"-Gimagepath={engines.RESOURCES_ROOT}:{engines.ICONS_ROOT.parent}", "-Tjson"],
                input=dot.encode(),
                capture_output=True,
                env=dict(os.environ, FONTCONFIG_FILE=str(fonts)) if fonts else None,
                check=True,
            ).stdout
    assets = {ref: path.read_bytes() for ref in engines.icon_references(dot) if (path := engines.icon_file(ref))}
    rewritten = engines._ICON_REFERENCE.sub(lambda match: f'{match[1]}/assets/{match[2]}"', dot)
    rewritten = engines.with_room_for_text(rewritten, engines._estimates())
    return bytes(engines._backend().render(rewritten, format="json", engine="dot", assets=assets))


def serve(paths: list[str], engine_name: str) -> None:
    """Worker: print every diagram's crossings as one JSON line, then time one SVG+PNG render of each diagram
    named on stdin, a line each, until stdin ends. Run with the archdsl to measure first on sys.path."""
    sys.path.insert(0, str(ROOT / "tests"))
    from geometry import crossings, layout_from_json

    import archdsl
    from archdsl.loader import load_paths
    from archdsl.render.dot import build_dot
    from archdsl.render.engines import select
    from archdsl.render.pipeline import RenderOptions, render
    from archdsl.render.theme import THEMES

    engine = select(engine_name)
    options = RenderOptions(engine=engine_name)
    diagrams: dict[str, Any] = {}
    results: dict[str, Any] = {}
    for document in load_paths(paths):
        for index, diagram in enumerate(document.diagrams):
            name = f"{Path(document.path).name}#{index}" if len(document.diagrams) > 1 else Path(document.path).name
            try:
                drawing = build_dot(diagram, THEMES["light"], html_labels=engine.html_labels)
                layout = layout_from_json(
                    _layout_json(engine, drawing.dot), diagram, getattr(drawing, "cluster_groups", {})
                )
                render(diagram, ["svg", "png"], options)  # warm: caches, the WebAssembly module
            except Exception as error:  # noqa: BLE001 - a diagram that cannot be drawn is a row, not the end
                results[name] = {"error": " ".join(str(error).split())[:80] or type(error).__name__}
                continue
            results[name] = {"crossings": crossings(layout)}
            diagrams[name] = diagram
    root = str(Path(archdsl.__file__).resolve().parent.parent)
    print(json.dumps({"archdsl": root, "engine": engine.name, "diagrams": results}), flush=True)
    for line in sys.stdin:
        start = time.perf_counter()
        render(diagrams[line.strip()], ["svg", "png"], options)
        print(time.perf_counter() - start, flush=True)


class Worker:
    """A serve() process for one checkout."""

    def __init__(self, checkout: str, paths: list[str], engine: str) -> None:
        command = [sys.executable, __file__, "--worker", "--engine", engine, *paths]
        environment = dict(os.environ, PYTHONPATH=checkout)
        self.process = subprocess.Popen(
            command, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        header = self.process.stdout.readline()
        if not header:
            raise SystemExit(f"bench_layout: the run with {checkout} failed")
        self.result: dict[str, Any] = json.loads(header)
        if Path(self.result["archdsl"]) != Path(checkout).resolve():
            raise SystemExit(f"bench_layout: {checkout} was asked for, but archdsl came from {self.result['archdsl']}")

    def time(self, name: str) -> float:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        seconds = float(self.process.stdout.readline())
        figures = self.result["diagrams"][name]
        figures["seconds"] = min(figures.get("seconds", seconds), seconds)
        return seconds

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def measure(workers: list[Worker], repeat: int) -> None:
    """Best render time of every diagram, the checkouts taking turns render by render: a machine that slows
    down or speeds up meanwhile weighs on both alike."""
    names = list(dict.fromkeys(name for worker in workers for name in worker.result["diagrams"]))
    for _ in range(repeat):
        for name in names:
            for worker in workers:
                if _drawn(worker.result["diagrams"].get(name)):
                    worker.time(name)


def row(name: str, *cells: str) -> None:
    print(f"{name:<28}" + "".join(f"{cell:>12}" for cell in cells))


def ratio(now: float, before: float) -> str:
    return f"{now / before:.2f}x" if before else ("1.00x" if not now else "new")


def _drawn(figures: dict[str, Any] | None) -> bool:
    return figures is not None and "error" not in figures


def _cells(figures: dict[str, Any] | None) -> list[str]:
    if figures is None:
        return ["-", "-"]
    if "error" in figures:
        return ["error", "error"]
    return [str(figures["crossings"]), f"{figures['seconds'] * 1000:.0f}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="notes and .arch files to measure besides the examples")
    parser.add_argument("--before", metavar="DIR", help="another archdsl checkout to measure beside this one")
    parser.add_argument("--engine", default="auto", choices=("auto", "system", "embedded"))
    parser.add_argument("--repeat", type=int, default=5, help="renders per diagram; the best one counts")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        serve(arguments.paths, arguments.engine)
        return 0
    paths = [str(path) for path in EXAMPLES] + [str(Path(path).resolve()) for path in arguments.paths]
    workers = [Worker(str(ROOT), paths, arguments.engine)]
    if arguments.before is not None:
        workers.append(Worker(arguments.before, paths, arguments.engine))
    measure(workers, arguments.repeat)
    for worker in workers:
        worker.close()
    now, before = workers[0].result, (workers[1].result if len(workers) > 1 else None)
    print(
        f"bench_layout: {len(now['diagrams'])} diagrams, engine {now['engine']}, best of {arguments.repeat} renders"
        + (", the two checkouts taking turns" if before else "")
    )
    print(f"  now: {now['archdsl']}" + (f"\n  before: {before['archdsl']}" if before else ""))
    examples = {path.name for path in EXAMPLES}
    if before is None:
        row("diagram", "crossings", "render ms")
        for name, figures in now["diagrams"].items():
            row(name, *_cells(figures))
        counted = [f["crossings"] for n, f in now["diagrams"].items() if n.split("#")[0] in examples and _drawn(f)]
        row("examples' crossings", str(sum(counted)))
        return 0
    row("diagram", "crossings", "before", "ratio", "render ms", "before", "ratio", "status")
    slow = []
    both: list[tuple[int, int]] = []
    for name, figures in now["diagrams"].items():
        old = before["diagrams"].get(name)
        (crossings_now, ms_now), (crossings_before, ms_before) = _cells(figures), _cells(old)
        if not (_drawn(figures) and _drawn(old)):
            row(name, crossings_now, crossings_before, "", ms_now, ms_before, "", "" if _drawn(figures) else "FAIL")
            slow += [] if _drawn(figures) else [name]
            continue
        assert old is not None
        fast_enough = figures["seconds"] <= MAX_TIME_VS_BEFORE * old["seconds"]
        slow += [] if fast_enough else [name]
        if name.split("#")[0] in examples:
            both.append((figures["crossings"], old["crossings"]))
        row(
            name,
            crossings_now,
            crossings_before,
            ratio(figures["crossings"], old["crossings"]),
            ms_now,
            ms_before,
            ratio(figures["seconds"], old["seconds"]),
            verdict(fast_enough),
        )
    total_now, total_before = sum(now for now, _ in both), sum(before for _, before in both)
    fewer = total_now <= MAX_CROSSINGS_VS_BEFORE * total_before
    row(
        "examples' crossings",
        str(total_now),
        str(total_before),
        ratio(total_now, total_before),
        "",
        "",
        "",
        verdict(fewer),
    )
    over = "all within" if not slow else "failed or over: " + ", ".join(slow)
    print(
        f"target: crossings on the examples <= {MAX_CROSSINGS_VS_BEFORE:.2f}x before; render time <= "
        f"{MAX_TIME_VS_BEFORE}x before per diagram ({over})"
    )
    return 0 if fewer and not slow else 1


if __name__ == "__main__":
    sys.exit(main())
