"""Benchmark rendering against what users write instead: a hand-written mingrammer diagrams script."""

from __future__ import annotations

import argparse
import compileall
import runpy
import shutil
import sys
import tempfile
from pathlib import Path

from bench_common import ROOT, best_of, process_ms, row, verdict

from archdsl.loader import load_paths
from archdsl.render.pipeline import RenderOptions, render

MAX_VS_SCRIPT, MAX_EMBEDDED_VS_SYSTEM, MAX_200_NODES_S = 1.2, 2.0, 2.0
SEED_MD, SEED_ARCH = ROOT / "bench/data/seed-10k.md", ROOT / "bench/data/seed-10k.arch"
SCRIPT = ROOT / "bench/handwritten_10k.py"
# What users type: the console script installed next to this Python, else python -m archdsl.
_ENTRY = Path(sys.executable).with_name("archdsl")
ARCHDSL = [str(_ENTRY)] if _ENTRY.exists() else [sys.executable, "-m", "archdsl"]


def big_diagram(nodes: int = 200) -> str:
    """A 200-node archdsl diagram: a VPC with 4 AZs of 5 subnets, fan-out edges between tiers."""
    kinds = ("ec2", "rds", "lambda", "elasticache", "sqs")
    lines = ['title "200 nodes"', "direction LR", "vpc main {"]
    per_subnet = nodes // 20
    ids: list[list[str]] = [[] for _ in range(5)]
    for zone in range(4):
        lines.append(f"  az z{zone} {{")
        for subnet in range(5):
            lines.append(f"    subnet s{zone}-{subnet} {'public' if subnet == 0 else 'private'} {{")
            for index in range(per_subnet):
                ident = f"n{zone}-{subnet}-{index}"
                ids[subnet].append(ident)
                lines.append(f'      {kinds[subnet]} {ident} "{kinds[subnet].upper()} {index}"')
            lines.append("    }")
        lines.append("  }")
    lines.append("}")
    for tier in range(4):
        for position, ident in enumerate(ids[tier]):
            lines.append(f"{ident} -> {ids[tier + 1][position]}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--before", metavar="DIR", help="another archdsl checkout (git worktree add DIR REV): its times beside ours"
    )
    arguments = parser.parse_args()
    runs, repeat = (3, 2) if arguments.quick else (10, 5)
    if not shutil.which("dot"):
        print("bench_render: the system 'dot' is needed for the comparison (apt-get install graphviz)")
        return 0
    compileall.compile_dir(str(ROOT / "archdsl"), quiet=1)  # users run with bytecode; so does the script
    print(f"bench_render: Python {sys.version.split()[0]}, processes best/median of {runs}")
    row("metric", "value", "target", "status")
    with tempfile.TemporaryDirectory() as directory:
        script = process_ms([sys.executable, str(SCRIPT), directory], runs)
        row("hand-written diagrams script", f"{script[0]:.0f}/{script[1]:.0f} ms")
        for name, source in (("Mermaid in Markdown", SEED_MD), ("archdsl file", SEED_ARCH)):
            command = [
                sys.executable,
                "-m",
                "archdsl",
                "render",
                str(source),
                "-o",
                directory,
                "--format",
                "svg,png",
                "--engine",
                "system",
            ]
            ours = process_ms(command, runs)
            ratio = ours[1] / script[1]
            row(f"archdsl render ({name})", f"{ours[0]:.0f}/{ours[1]:.0f} ms")
            row(
                "  ratio to the script (process)",
                f"{ratio:.2f}x",
                f"<= {MAX_VS_SCRIPT}",
                verdict(ratio <= MAX_VS_SCRIPT),
            )

        # The same work without interpreter start and imports: what each does per diagram.
        (document,) = load_paths([str(SEED_MD)])
        diagram = document.diagrams[0]
        options = RenderOptions(engine="system")
        sys.argv = [str(SCRIPT), directory]
        script_warm = best_of(lambda: runpy.run_path(str(SCRIPT)), repeat)
        ours_warm = best_of(lambda: render(load_paths([str(SEED_MD)])[0].diagrams[0], ["svg", "png"], options), repeat)
        ratio = ours_warm / script_warm
        row("script, in-process", f"{script_warm * 1000:.0f} ms")
        row("archdsl parse+render, in-process", f"{ours_warm * 1000:.0f} ms")
        row("  ratio (in-process)", f"{ratio:.2f}x", f"<= {MAX_VS_SCRIPT}", verdict(ratio <= MAX_VS_SCRIPT))

    system = best_of(lambda: render(diagram, ["svg"], RenderOptions(engine="system")), repeat)
    embedded = best_of(lambda: render(diagram, ["svg"], RenderOptions(engine="embedded")), repeat)
    ratio = embedded / system
    row("SVG, system dot (warm)", f"{system * 1000:.1f} ms")
    row("SVG, embedded Graphviz (warm)", f"{embedded * 1000:.1f} ms")
    row(
        "  embedded / system", f"{ratio:.2f}x", f"<= {MAX_EMBEDDED_VS_SYSTEM}", verdict(ratio <= MAX_EMBEDDED_VS_SYSTEM)
    )

    from archdsl.dsl import parse_text

    big = parse_text(big_diagram(), "big.arch").diagram
    assert big is not None and len(big.nodes) == 200
    for engine in ("system", "embedded"):
        seconds = best_of(lambda engine=engine: render(big, ["svg"], RenderOptions(engine=engine)), 1)
        row(
            f"200-node SVG ({engine})",
            f"{seconds:.2f} s",
            f"< {MAX_200_NODES_S:.0f} s",
            verdict(seconds < MAX_200_NODES_S),
        )
    if arguments.before:
        compare(Path(arguments.before), runs)
    return 0


def compare(before: Path, runs: int) -> None:
    """Each seed diagram rendered by this checkout and by ``before``, whole process and per diagram in-process,
    the two taking turns run by run so a machine whose speed drifts weighs on both alike."""
    from bench_layout import MAX_TIME_VS_BEFORE, Worker, measure

    def compared(name: str, ours: float, theirs: float) -> None:
        ratio = ours / theirs
        row(name, f"{ours:.0f} / {theirs:.0f} ms", f"{ratio:.2f}x", verdict(ratio <= MAX_TIME_VS_BEFORE))

    print(f"\nbench_render: this checkout against {before} (target <= {MAX_TIME_VS_BEFORE}x)")
    row("metric", "now / before", "ratio", "status")
    checkouts = (ROOT, before.resolve())
    with tempfile.TemporaryDirectory() as directory:
        for source in (SEED_MD, SEED_ARCH):
            command = [sys.executable, "-m", "archdsl", "render", str(source), "-o", directory, "--format", "svg,png"]
            best = {checkout: float("inf") for checkout in checkouts}
            for _ in range(runs):
                for checkout in checkouts:  # -m archdsl: the package in the working directory comes first
                    best[checkout] = min(best[checkout], process_ms([*command, "--engine", "system"], 1, checkout)[0])
            compared(f"process, {source.name}", *best.values())
    workers = [Worker(str(checkout), [str(SEED_MD), str(SEED_ARCH)], "system") for checkout in checkouts]
    measure(workers, runs)
    for worker in workers:
        worker.close()
    for name in workers[0].result["diagrams"]:
        ours, theirs = (worker.result["diagrams"][name]["seconds"] * 1000 for worker in workers)
        compared(f"in-process, {name}", ours, theirs)


if __name__ == "__main__":
    raise SystemExit(main())
