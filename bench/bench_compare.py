"""Time archdsl against a hand-written diagrams script, bare dot and mmdc on the same diagrams; write BENCHMARKS.md."""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime
import json
import os
import platform
import re
import runpy
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from importlib.metadata import version
from pathlib import Path
from time import perf_counter

from bench_common import ROOT, best_of, peak_mib, row

from archdsl.lint import lint_diagram
from archdsl.loader import load_source
from archdsl.model import Diagram
from archdsl.render.dot import ICONS_ROOT, RESOURCES_ROOT
from archdsl.render.pipeline import RenderOptions, render
from archdsl.sources import SourceText

COMMAND = ".venv/bin/python bench/bench_compare.py"
FULL_SIZES, QUICK_SIZES = (10, 50, 200, 500, 1000, 2000), (10, 200)
PNG_UP_TO = 500  # PNG rasterisation grows with the canvas; past this the SVG tables carry the scaling story
TIME_LIMIT_S = 60.0  # one run of one tool; beyond it the tool is stopped and skipped at larger sizes
ZONE_LETTERS = "abc"
NODES_PER_SERVICE = 40  # one ALB per ~40 nodes: large estates split traffic over services, not one giant ALB
SERVERS_PER_DATABASE = 4
# The system `dot` for every tool, so the comparison is of the tools and not of two Graphviz builds.
RENDER_OPTIONS = RenderOptions(engine="system")
ARCHDSL_CLI = Path(sys.executable).with_name("archdsl")
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else ""
RSS_METHOD = (
    "GNU `/usr/bin/time -f %M`"
    if GNU_TIME
    else "`wait4(2)` (no `/usr/bin/time` here: the figure also counts this benchmark's own RSS, an upper bound)"
)
MMDC_INSTALL = """\
apt-get install -y chromium            # Debian; any Chrome/Chromium works
mkdir -p /tmp/mmdc && cd /tmp/mmdc
PUPPETEER_SKIP_DOWNLOAD=1 npm install @mermaid-js/mermaid-cli   # outside the repository
export ARCHDSL_MMDC=/tmp/mmdc/node_modules/.bin/mmdc           # or put mmdc on PATH
export ARCHDSL_CHROMIUM=/usr/bin/chromium                      # optional: the default is chromium on PATH"""


# --- The estate: one topology, written out as archdsl, Mermaid and a diagrams script ---


@dataclass(frozen=True, slots=True)
class Node:
    ident: str
    kind: str  # the archdsl keyword
    label: str
    zone: int | None = None  # None: not inside an availability zone
    subnet: str = ""  # "public", "app" or "data" when inside a zone
    in_vpc: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """One source fanning out to one or more targets, as all three languages can write in one statement."""

    source: str
    targets: tuple[str, ...]
    label: str
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Estate:
    nodes: tuple[Node, ...]
    links: tuple[Link, ...]
    zones: int
    services: int

    @property
    def edge_count(self) -> int:
        return sum(len(link.targets) for link in self.links)

    def members(self, zone: int, subnet: str) -> list[Node]:
        return [node for node in self.nodes if node.zone == zone and node.subnet == subnet]


def estate(size: int) -> Estate:
    """A VPC of exactly ``size`` nodes: per service an ALB fanning out to EC2 in every AZ, which share RDS per AZ."""
    zones = 2 if size < 50 else 3
    nodes = [Node("users", "actor", "Users"), Node("dns", "route53", "Route 53")]
    nodes += [Node(f"nat_{ZONE_LETTERS[z]}", "nat", f"NAT {ZONE_LETTERS[z]}", z, "public", True) for z in range(zones)]
    links = [Link("users", ("dns",), "DNS")]
    remaining = size - len(nodes)
    services = max(1, round(remaining / NODES_PER_SERVICE))
    per_slot = remaining - services  # what is left after one ALB per service, spread over (service, zone) slots
    slots = services * zones
    if per_slot < 2 * slots:
        raise ValueError(f"{size} nodes is too small for {zones} zones")
    for service in range(services):
        alb = f"alb_{service}"
        nodes.append(Node(alb, "alb", f"ALB {service}", in_vpc=True))
        links.append(Link("users", (alb,), "HTTPS"))
        primary = ""
        for zone in range(zones):
            slot = service * zones + zone
            count = per_slot // slots + (1 if slot < per_slot % slots else 0)
            databases = max(1, count // (SERVERS_PER_DATABASE + 1))
            letter = ZONE_LETTERS[zone]
            servers = [f"ec2_{service}_{letter}_{index}" for index in range(count - databases)]
            stores = [f"rds_{service}_{letter}_{index}" for index in range(databases)]
            nodes += [
                Node(ident, "ec2", f"App {service}{letter}{index}", zone, "app", True)
                for index, ident in enumerate(servers)
            ]
            nodes += [
                Node(ident, "rds", f"DB {service}{letter}{index}", zone, "data", True)
                for index, ident in enumerate(stores)
            ]
            links.append(Link(alb, tuple(servers), "HTTP"))
            for index, server in enumerate(servers):
                links.append(Link(server, (stores[index % databases],), "SQL"))
            links.append(Link(servers[0], (f"nat_{letter}",), "updates"))
            if zone == 0:
                primary = stores[0]
            else:
                links.append(Link(primary, (stores[0],), "replication", dashed=True))
    assert len(nodes) == size, (len(nodes), size)
    return Estate(tuple(nodes), tuple(links), zones, services)


def to_archdsl(plan: Estate) -> str:
    lines = [f'title "Estate, {len(plan.nodes)} nodes"', "direction LR", "phase 10k", ""]
    lines += [f'{node.kind} {node.ident} "{node.label}"' for node in plan.nodes if not node.in_vpc]
    lines.append('vpc vpc "VPC" {')
    lines += [f'  alb {node.ident} "{node.label}" internet-facing' for node in plan.nodes if node.kind == "alb"]
    for zone in range(plan.zones):
        letter = ZONE_LETTERS[zone]
        lines.append(f'  az az_{letter} "AZ {letter}" {{')
        for subnet, tier in (("public", "public"), ("app", "private"), ("data", "data")):
            lines.append(f'    subnet {subnet}_{letter} "{tier} subnet {letter}" {tier} {{')
            lines += [f'      {node.kind} {node.ident} "{node.label}"' for node in plan.members(zone, subnet)]
            lines.append("    }")
        lines.append("  }")
    lines += ["}", ""]
    for link in plan.links:
        arrow = "..>" if link.dashed else "->"
        lines.append(f'{link.source} {arrow} {", ".join(link.targets)} : "{link.label}"')
    return "\n".join(lines) + "\n"


def to_mermaid(plan: Estate) -> str:
    """The same estate as a Mermaid flowchart: subgraphs for the groups, ``&`` for fan-out."""
    shapes = {"actor": "(({}))", "rds": "[({})]"}

    def declare(node: Node, indent: str) -> str:
        return indent + node.ident + shapes.get(node.kind, "[{}]").format(node.label)

    lines = ["flowchart LR"]
    lines += [declare(node, "    ") for node in plan.nodes if not node.in_vpc]
    lines.append("    subgraph vpc[VPC]")
    lines += [declare(node, "        ") for node in plan.nodes if node.kind == "alb"]
    for zone in range(plan.zones):
        letter = ZONE_LETTERS[zone]
        lines.append(f"        subgraph az_{letter}[AZ {letter}]")
        for subnet, tier in (("public", "public"), ("app", "private"), ("data", "data")):
            lines.append(f"            subgraph {subnet}_{letter}[{tier} subnet {letter}]")
            lines += [declare(node, "                ") for node in plan.members(zone, subnet)]
            lines.append("            end")
        lines.append("        end")
    lines.append("    end")
    for link in plan.links:
        arrow = "-.->" if link.dashed else "-->"
        lines.append(f"    {link.source} {arrow}|{link.label}| {' & '.join(link.targets)}")
    return "\n".join(lines) + "\n"


def to_markdown(plan: Estate) -> str:
    heading = f"# Estate of {len(plan.nodes)} nodes\n\nThe same estate as the .arch file.\n\n"
    return f"{heading}```mermaid\n{to_mermaid(plan)}```\n"


def to_diagrams_script(plan: Estate) -> str:
    """What a user writes instead: mingrammer diagrams with aws classes and Cluster, flat like the .arch file.

    It draws with curved splines, as archdsl does; diagrams' own default, ortho, is a different (and slower)
    layout, so it would compare routing algorithms rather than tools.
    """
    classes = {"actor": "Users", "route53": "Route53", "alb": "ALB", "nat": "NATGateway", "ec2": "EC2", "rds": "RDS"}
    lines = [
        f'"""Hand-written equivalent of the {len(plan.nodes)}-node estate: python script.py OUT_BASENAME FORMATS."""',
        "import sys",
        "",
        "from diagrams import Cluster, Diagram, Edge",
        "from diagrams.aws.compute import EC2",
        "from diagrams.aws.database import RDS",
        "from diagrams.aws.general import Users",
        "from diagrams.aws.network import ALB, NATGateway, Route53",
        "",
        f'with Diagram("Estate, {len(plan.nodes)} nodes", filename=sys.argv[1], outformat=sys.argv[2].split(","),',
        '             show=False, direction="LR", curvestyle="curved"):',
    ]

    def declare(node: Node, indent: str) -> str:
        return f'{indent}{node.ident} = {classes[node.kind]}("{node.label}")'

    lines += [declare(node, "    ") for node in plan.nodes if not node.in_vpc]
    lines.append('    with Cluster("VPC"):')
    lines += [declare(node, "        ") for node in plan.nodes if node.kind == "alb"]
    for zone in range(plan.zones):
        letter = ZONE_LETTERS[zone]
        lines.append(f'        with Cluster("AZ {letter}"):')
        for subnet, tier in (("public", "public"), ("app", "private"), ("data", "data")):
            lines.append(f'            with Cluster("{tier} subnet {letter}"):')
            lines += [declare(node, "                ") for node in plan.members(zone, subnet)]
    for link in plan.links:
        style = ', style="dashed"' if link.dashed else ""
        targets = link.targets[0] if len(link.targets) == 1 else f"[{', '.join(link.targets)}]"
        lines.append(f'    {link.source} >> Edge(label="{link.label}"{style}) >> {targets}')
    return "\n".join(lines) + "\n"


# --- Measuring ---


class TimeLimitExceeded(Exception):
    """One run of a tool took longer than TIME_LIMIT_S and was stopped."""


@dataclass(slots=True)
class Figure:
    """One tool (or step) at one size: wall seconds, memory and output size, or why there is no number."""

    seconds: float | None = None  # the median of a process's runs; the best call for in-process steps
    mib: float | None = None  # peak RSS for processes, tracemalloc peak for in-process steps
    output_bytes: int | None = None
    runs: int = 0
    note: str = ""
    best: float | None = None  # the fastest run of a process, to set beside in-process best-of figures
    png_scale: str = ""  # dot's own factor when the canvas was too large for a cairo bitmap
    png_pixels: str = ""  # width x height of the PNG written, when there is one


def fastest(figure: Figure) -> Figure:
    """The best run of a process as the figure, to compare with an in-process best-of."""
    return Figure(figure.best, note=figure.note) if figure.best is not None else figure


def added(first: Figure, second: Figure) -> Figure:
    """Two steps one after the other, such as parse then render."""
    if first.seconds is None or second.seconds is None:
        return Figure(note=first.note or second.note)
    return Figure(first.seconds + second.seconds)


def _stop_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def run_once(command: Sequence[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and stderr of one run of ``command``, stopped after TIME_LIMIT_S.

    The RSS is the largest single process among the command and the children it waited for (the dot under
    archdsl or diagrams, the largest Chromium process under mmdc), as GNU time reports it.
    """
    with tempfile.TemporaryDirectory(prefix="run-") as scratch:
        rss_file = Path(scratch) / "rss"
        # GNU time, not our own wait4: a child forked from this (large) Python process inherits its peak RSS
        # until exec, so wait4 here would report at least the benchmark's own size; time's fork is tiny.
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *command] if GNU_TIME else list(command)
        errors = Path(scratch) / "stderr"
        with errors.open("wb") as sink:
            start = perf_counter()
            # A session of its own, so that stopping a tool also stops the dot or Chromium it started.
            process = subprocess.Popen(
                wrapped,
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=sink,
                start_new_session=True,
            )
            timer = threading.Timer(TIME_LIMIT_S, _stop_group, (process.pid,))
            timer.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)
            finally:
                timer.cancel()
            seconds = perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode == -signal.SIGKILL and seconds >= TIME_LIMIT_S:
            raise TimeLimitExceeded
        said = errors.read_text(encoding="utf-8", errors="replace")
        if process.returncode != 0:
            message = said.strip().splitlines()
            raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {message[-1] if message else ''}")
        peak_kib = int(rss_file.read_text(encoding="utf-8").split()[-1]) if GNU_TIME else usage.ru_maxrss
    return seconds, peak_kib / 1024, said


@dataclass(frozen=True, slots=True)
class MermaidCli:
    """mermaid-cli as found on this machine: the command prefix to run it, or why it is not available."""

    command: tuple[str, ...] = ()
    version: str = ""
    browser: str = ""
    reason: str = "mmdc: not available"


def find_mmdc(workdir: Path) -> MermaidCli:
    """mmdc from $ARCHDSL_MMDC or PATH, with a Puppeteer config for the system Chromium; smoke-tested once."""
    executable = os.environ.get("ARCHDSL_MMDC") or shutil.which("mmdc")
    if not executable or not Path(executable).exists():
        return MermaidCli(reason="mmdc: not available (set ARCHDSL_MMDC or put mmdc on PATH)")
    browser = os.environ.get("ARCHDSL_CHROMIUM") or next(
        (found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), ""
    )
    # --no-sandbox: Chromium refuses to start its sandbox as root, which is how containers and CI run.
    puppeteer: dict[str, object] = {"args": ["--no-sandbox", "--headless", "--disable-gpu"]}
    if browser:
        puppeteer["executablePath"] = browser
    (workdir / "puppeteer.json").write_text(json.dumps(puppeteer), encoding="utf-8")
    # Mermaid stops at 500 edges and 50,000 characters by default; raised so mmdc can draw the large estates.
    (workdir / "mermaid.json").write_text(json.dumps({"maxEdges": 100_000, "maxTextSize": 10_000_000}), "utf-8")
    command = (executable, "-p", str(workdir / "puppeteer.json"), "-c", str(workdir / "mermaid.json"), "-q")
    (workdir / "smoke.mmd").write_text("flowchart LR\n    a[EC2] --> b[(RDS)]\n", encoding="utf-8")
    try:
        run_once([*command, "-i", str(workdir / "smoke.mmd"), "-o", str(workdir / "smoke.svg")], workdir)
    except (RuntimeError, TimeLimitExceeded, OSError) as error:
        return MermaidCli(reason=f"mmdc: not available ({str(error)[-160:] or 'no answer within the time limit'})")
    return MermaidCli(command, _version([executable, "--version"]), _version([browser, "--version"]) if browser else "")


def _version(command: Sequence[str]) -> str:
    """The first line a program prints for its version, from stdout or stderr (dot -V writes to stderr)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = [line for line in (done.stdout.strip() or done.stderr.strip()).splitlines() if line.strip()]
    return lines[0].strip() if lines else "unknown"


class Bench:
    """Runs every tool at every size, keeping the figures and which tools went past the time limit."""

    def __init__(self, quick: bool, workdir: Path, mmdc: MermaidCli) -> None:
        self.quick = quick
        self.workdir = workdir
        self.mmdc = mmdc
        self.figures: dict[tuple[str, int], Figure] = {}
        self.stopped: dict[str, int] = {}  # tool -> the size at which one run passed TIME_LIMIT_S

    def runs(self, size: int) -> int:
        return 1 if self.quick or size > 500 else 3

    def repeat(self, size: int) -> int:
        return 1 if self.quick or size > 500 else 3

    def get(self, key: str, size: int) -> Figure:
        return self.figures.get((key, size), Figure(note="—"))

    def note(self, key: str, size: int, note: str) -> None:
        self.figures[key, size] = Figure(note=note)

    def process(self, key: str, size: int, command: Sequence[str], output: Path) -> Figure:
        """Median wall time and largest RSS over the size's runs of one tool as a whole process."""
        if key in self.stopped:
            figure = Figure(note=f"skipped (> {TIME_LIMIT_S:.0f} s at {self.stopped[key]:,})")
        else:
            times, memory, said = [], [], ""
            try:
                for _ in range(self.runs(size)):
                    seconds, mib, said = run_once(command, self.workdir)
                    times.append(seconds)
                    memory.append(mib)
                written = sum(path.stat().st_size for path in output.iterdir() if path.is_file())
                scaled = re.search(r"too large for cairo-renderer bitmaps\. Scaling by ([0-9.]+)", said)
                figure = Figure(
                    statistics.median(times),
                    max(memory),
                    written,
                    len(times),
                    best=min(times),
                    png_scale=f"{float(scaled[1]):.2f}" if scaled else "",
                    png_pixels=png_pixels(output),
                )
            except TimeLimitExceeded:
                self.stopped[key] = size
                figure = Figure(note=f"stopped at {TIME_LIMIT_S:.0f} s")
        self.figures[key, size] = figure
        _progress(key, size, figure)
        return figure

    def in_process(self, key: str, size: int, run: Callable[[], object], repeat: int) -> Figure:
        """Best of ``repeat`` after a warm-up (bench_common.best_of), then the tracemalloc peak of one more call."""
        figure = Figure(best_of(run, repeat), peak_mib(run), runs=repeat)
        self.figures[key, size] = figure
        _progress(key, size, figure)
        return figure


def png_pixels(directory: Path) -> str:
    """Width x height of the PNG a tool wrote into ``directory``, read from its IHDR chunk."""
    for path in directory.glob("*.png"):
        header = path.read_bytes()[:24]
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        return f"{width:,} x {height:,}"
    return ""


def _progress(key: str, size: int, figure: Figure) -> None:
    row(f"{size:>5} nodes  {key}", seconds_text(figure), "" if figure.mib is None else f"{figure.mib:,.1f} MiB")


# --- One size: every tool on the same estate ---


@dataclass(frozen=True, slots=True)
class Shape:
    """What was drawn at one size, so the reader can check that every tool got the same diagram."""

    nodes: int
    edges: int
    zones: int
    services: int
    groups: int
    arch_lines: int
    mermaid_lines: int
    script_lines: int
    findings: int
    mermaid_rejection: str = ""  # why archdsl did not read the Mermaid version, if it did not


def _same_model(first: Diagram, second: Diagram) -> bool:
    def essence(diagram: Diagram) -> tuple[list[tuple[str, ...]], ...]:
        return (
            sorted((node.id, node.kind, node.label, node.group or "") for node in diagram.nodes),
            sorted((group.id, group.kind.value, group.label, group.parent or "") for group in diagram.groups),
            sorted((edge.source, edge.target, edge.label or "", edge.style.value) for edge in diagram.edges),
        )

    return essence(first) == essence(second)


def run_script(path: Path, out: Path, fmt: str) -> None:
    """Run a generated diagrams script in this interpreter, as ``python PATH OUT FMT`` would."""
    saved = sys.argv
    sys.argv = [str(path), str(out), fmt]
    try:
        runpy.run_path(str(path), run_name="__main__")
    finally:
        sys.argv = saved


def _cli_command(path: Path, output: Path, fmt: str) -> list[str]:
    entry = [str(ARCHDSL_CLI)] if ARCHDSL_CLI.exists() else [sys.executable, "-m", "archdsl"]
    return [*entry, "render", str(path), "-o", str(output), "--format", fmt, "--engine", "system"]


def _fresh(directory: Path) -> Path:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory


def measure(bench: Bench, size: int) -> Shape:
    """Every tool on the ``size``-node estate: parse, lint and render in-process, then the whole processes."""
    plan = estate(size)
    files = _fresh(bench.workdir / f"estate-{size}")
    arch, markdown, mermaid = files / "estate.arch", files / "estate.md", files / "estate.mmd"
    script, ortho, dot_file = files / "handwritten.py", files / "handwritten_ortho.py", files / "estate.dot"
    arch.write_text(to_archdsl(plan), encoding="utf-8")
    markdown.write_text(to_markdown(plan), encoding="utf-8")
    mermaid.write_text(to_mermaid(plan), encoding="utf-8")
    script.write_text(to_diagrams_script(plan), encoding="utf-8")
    ortho.write_text(to_diagrams_script(plan).replace(', curvestyle="curved"', ""), encoding="utf-8")

    arch_source = SourceText(str(arch), arch.read_text(encoding="utf-8"))
    markdown_source = SourceText(str(markdown), markdown.read_text(encoding="utf-8"))
    document = load_source(arch_source, markdown=False)
    if len(document.diagrams) != 1 or document.diagnostics:
        raise RuntimeError(f"{size} nodes: the .arch file does not read cleanly: {document.diagnostics[:3]}")
    diagram = document.diagrams[0]
    if (len(diagram.nodes), len(diagram.edges)) != (size, plan.edge_count):
        raise RuntimeError(f"{size} nodes: the model has {len(diagram.nodes)} nodes and {len(diagram.edges)} edges")
    notes = load_source(markdown_source, markdown=True)
    rejection = ""
    if not notes.diagrams:
        reason = notes.diagnostics[0].message if notes.diagnostics else "no diagram"
        if "Edge limit exceeded" not in reason:
            raise RuntimeError(f"{size} nodes: archdsl rejected the Mermaid version: {reason}")
        # archdsl keeps Mermaid's default 500-edge limit, so it accepts exactly what GitHub renders.
        rejection = "rejected: > 500 edges (Mermaid's limit)"
    elif not _same_model(diagram, notes.diagrams[0]):
        raise RuntimeError(f"{size} nodes: the Mermaid version reads into a different model")

    parse_repeat = 2 if bench.quick else 5
    bench.in_process("parse .arch", size, lambda: load_source(arch_source, markdown=False), parse_repeat)
    bench.in_process("lint .arch", size, lambda: lint_diagram(diagram), parse_repeat)
    if rejection:
        bench.note("parse .md", size, rejection)
        bench.note("lint .md", size, rejection)
    else:
        read = notes.diagrams[0]
        bench.in_process("parse .md", size, lambda: load_source(markdown_source, markdown=True), parse_repeat)
        bench.in_process("lint .md", size, lambda: lint_diagram(read), parse_repeat)

    dot_file.write_bytes(render(diagram, ["dot"], RENDER_OPTIONS)["dot"])
    image_path = f"-Gimagepath={RESOURCES_ROOT}:{ICONS_ROOT.parent}"  # as archdsl runs dot, so icons resolve
    formats = ("svg", "png") if size <= PNG_UP_TO else ("svg",)
    for fmt in ("svg", "png"):
        if fmt not in formats:
            for key in ("dot", "render", "cli .arch", "cli .md", "script", "mmdc"):
                bench.note(f"{key} {fmt}", size, "not run (SVG only)")
            continue
        out = _fresh(files / f"dot-{fmt}")
        # For PNG, the same single dot call archdsl makes: one layout written as SVG and as PNG.
        targets = ["-Tsvg", "-o", str(out / "estate.svg")]
        if fmt == "png":
            targets = ["-Gdpi=96", *targets, "-Tpng", "-o", str(out / "estate.png")]
        bench.process(f"dot {fmt}", size, ["dot", image_path, *targets, str(dot_file)], out)
        if f"dot {fmt}" in bench.stopped:
            bench.note(f"render {fmt}", size, "skipped: bare dot went past the limit")
        else:
            bench.in_process(f"render {fmt}", size, partial(render, diagram, [fmt], RENDER_OPTIONS), bench.repeat(size))
        if fmt == "svg":
            # Warm, imports done: the script's per-diagram work, to set beside archdsl's parse + render.
            out = _fresh(files / "script-in-process")
            bench.in_process(
                "script in-process svg", size, partial(run_script, script, out / "estate", "svg"), bench.repeat(size)
            )
        out = _fresh(files / f"cli-arch-{fmt}")
        bench.process(f"cli .arch {fmt}", size, _cli_command(arch, out, fmt), out)
        if rejection:
            bench.note(f"cli .md {fmt}", size, rejection)
        else:
            out = _fresh(files / f"cli-md-{fmt}")
            bench.process(f"cli .md {fmt}", size, _cli_command(markdown, out, fmt), out)
        out = _fresh(files / f"script-{fmt}")
        bench.process(f"script {fmt}", size, [sys.executable, str(script), str(out / "estate"), fmt], out)
        if fmt == "svg":
            out = _fresh(files / "script-ortho")
            bench.process("script ortho svg", size, [sys.executable, str(ortho), str(out / "estate"), fmt], out)
        if bench.mmdc.command:
            out = _fresh(files / f"mmdc-{fmt}")
            command = [*bench.mmdc.command, "-i", str(mermaid), "-o", str(out / f"estate.{fmt}")]
            bench.process(f"mmdc {fmt}", size, command, out)
        else:
            bench.note(f"mmdc {fmt}", size, "mmdc: not available")
    return Shape(
        size,
        plan.edge_count,
        plan.zones,
        plan.services,
        len(diagram.groups),
        arch_source.text.count("\n"),
        mermaid.read_text(encoding="utf-8").count("\n"),
        script.read_text(encoding="utf-8").count("\n"),
        len(lint_diagram(diagram)),
        rejection,
    )


# --- The report ---


def seconds_text(figure: Figure) -> str:
    if figure.seconds is None:
        return figure.note or "—"
    milliseconds = figure.seconds * 1000
    if milliseconds < 10:
        return f"{milliseconds:.1f} ms"
    if milliseconds < 10_000:
        return f"{milliseconds:,.0f} ms"
    return f"{figure.seconds:.1f} s"


def ratio_text(numerator: Figure, denominator: Figure) -> str:
    if numerator.seconds is None or denominator.seconds is None:
        return "—"
    return f"{numerator.seconds / denominator.seconds:.2f}x"


def rate_text(count: int, figure: Figure) -> str:
    return "—" if figure.seconds is None else f"{count / figure.seconds:,.0f}"


def mib_text(figure: Figure) -> str:
    if figure.mib is None:
        return figure.note or "—"
    if figure.mib < 1:
        return f"{figure.mib:.2f} MiB"
    return f"{figure.mib:.1f} MiB" if figure.mib < 10 else f"{figure.mib:,.0f} MiB"


def bytes_text(figure: Figure) -> str:
    if figure.output_bytes is None:
        return figure.note or "—"
    kib = figure.output_bytes / 1024
    return f"{kib:,.0f} KiB" if kib < 10_240 else f"{kib / 1024:,.1f} MiB"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], numbers: bool = True) -> list[str]:
    """A Markdown table; columns after the first are right-aligned when they hold ``numbers``."""
    align = "---:" if numbers else "---"
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align if i else "---" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in rows]
    return [*lines, ""]


@dataclass(slots=True)
class Report:
    facts: list[tuple[str, str]]
    command: str
    bench: Bench
    shapes: list[Shape] = field(default_factory=list)
    elapsed_s: float = 0.0

    def figure(self, key: str, size: int) -> Figure:
        return self.bench.get(key, size)

    def summary(self) -> list[str]:
        lines = []
        sizes = [shape.nodes for shape in self.shapes]
        for size in dict.fromkeys([sizes[0], *(s for s in sizes if s == 200), sizes[-1]]):
            ours, floor = self.figure("cli .arch svg", size), self.figure("dot svg", size)
            script, mmdc = self.figure("script svg", size), self.figure("mmdc svg", size)
            render_ = self.figure("render svg", size)
            mmdc_part = (
                f"mmdc {seconds_text(mmdc)} ({ratio_text(mmdc, ours)} archdsl)"
                if mmdc.seconds is not None
                else (mmdc.note if mmdc.note.startswith("mmdc") else f"mmdc {mmdc.note}")
            )
            lines.append(
                f"- **{size:,} nodes, SVG:** `archdsl render` {seconds_text(ours)} as a process "
                f"({ratio_text(ours, floor)} bare `dot` at {seconds_text(floor)}; in-process render "
                f"{seconds_text(render_)}, {ratio_text(render_, fastest(floor))} the fastest bare `dot`); "
                f"the hand-written diagrams script {seconds_text(script)} ({ratio_text(script, ours)} archdsl); "
                f"{mmdc_part}."
            )
        return lines

    def markdown(self) -> str:
        bench, sizes = self.bench, [shape.nodes for shape in self.shapes]
        figure = self.figure
        lines = [
            "# Benchmarks: archdsl against the alternatives, on the same diagrams",
            "",
            f"Generated by `{self.command}` on {dict(self.facts)['date']} "
            f"({'quick smoke run' if bench.quick else 'full run'}, {self.elapsed_s / 60:.1f} min in all). "
            "Do not edit by hand: rerun the command. Numbers move between runs and machines, the structure does not; "
            "every ratio compares two figures from this one run on this one machine, so read ratios, not absolute "
            "times, and do not compare across machines. The machine was shared with other work, so expect some noise.",
            "",
            "## Summary",
            "",
            *self.summary(),
            "",
            "## What runs",
            "",
            "Every tool draws the same estate at each size (see *The diagrams*):",
            "",
            "- **archdsl**, from the `.arch` file and from the same estate as a Mermaid flowchart in a Markdown note "
            "(`.md`). Whole processes run `archdsl render FILE -o DIR --format svg|png --engine system`; in-process "
            "figures call `archdsl.loader.load_source`, `archdsl.lint.lint_diagram` and "
            "`archdsl.render.pipeline.render` directly.",
            "- **A hand-written mingrammer `diagrams` script** (the alternative users write), generated from the same "
            "nodes, edges and groups with `diagrams.aws.*` classes and `Cluster`, run as a subprocess "
            "`python handwritten.py OUT svg|png`: one statement per node and per fan-out, like the `.arch` file. It "
            'sets `curvestyle="curved"`, the routing archdsl uses; the *ortho* column runs the same script without '
            "it, i.e. with diagrams' default orthogonal routing.",
            "- **Bare `dot`** on the DOT text archdsl produces (`render(diagram, ['dot'])`), run as "
            "`dot -Gimagepath=… -Tsvg FILE -o OUT` (for PNG `-Gdpi=96 -Tsvg -o … -Tpng -o …`, the single call archdsl "
            "makes). This is the floor: layout and drawing with nothing else.",
            f"- **mermaid-cli** (`mmdc`) on the Mermaid flowchart, through headless Chromium: {self.mmdc_status()}.",
            "",
            "## The diagrams",
            "",
            "A VPC with 2 availability zones (3 from 50 nodes up), each with a public subnet (NAT gateway), a private "
            f"app subnet (EC2) and a data subnet (RDS); one internet-facing ALB per ~{NODES_PER_SERVICE} nodes fans "
            f"out to its EC2 instances in every zone; every EC2 instance talks SQL to an RDS instance in its zone "
            f"(one per {SERVERS_PER_DATABASE} servers); per zone one server reaches the NAT gateway; the first zone's "
            "database replicates to the others; users reach Route 53 and each ALB. Before timing, the script checks "
            "that the `.arch` file and the Mermaid version read into the same nodes, groups and edges.",
            "",
            *table(
                ["Nodes", "Edges", "AZs", "ALBs", "Groups", ".arch lines", "Mermaid lines", "script lines", "findings"],
                [
                    [
                        f"{s.nodes:,}",
                        f"{s.edges:,}",
                        str(s.zones),
                        str(s.services),
                        str(s.groups),
                        f"{s.arch_lines:,}",
                        f"{s.mermaid_lines:,}",
                        f"{s.script_lines:,}",
                        f"{s.findings:,}",
                    ]
                    for s in self.shapes
                ],
            ),
            "*findings*: what `archdsl lint` reports on the estate (phase 10k); lint does the same work either way.",
            "",
            "## 1. SVG, whole processes (the main comparison)",
            "",
            "Median wall time of the runs (3 up to 500 nodes, 1 above; 1 in a quick run), start-up and imports "
            "included, as a user or CI runs each tool. Ratios divide two figures of this table.",
            "",
            *table(
                [
                    "Nodes",
                    "Edges",
                    "bare `dot` (floor)",
                    "archdsl, .arch",
                    "archdsl, Mermaid .md",
                    "diagrams script",
                    "diagrams script, ortho",
                    "mmdc",
                    "archdsl / bare dot",
                    "script / archdsl",
                    "mmdc / archdsl",
                ],
                [
                    [
                        f"{s.nodes:,}",
                        f"{s.edges:,}",
                        seconds_text(figure("dot svg", s.nodes)),
                        seconds_text(figure("cli .arch svg", s.nodes)),
                        seconds_text(figure("cli .md svg", s.nodes)),
                        seconds_text(figure("script svg", s.nodes)),
                        seconds_text(figure("script ortho svg", s.nodes)),
                        seconds_text(figure("mmdc svg", s.nodes)),
                        ratio_text(figure("cli .arch svg", s.nodes), figure("dot svg", s.nodes)),
                        ratio_text(figure("script svg", s.nodes), figure("cli .arch svg", s.nodes)),
                        ratio_text(figure("mmdc svg", s.nodes), figure("cli .arch svg", s.nodes)),
                    ]
                    for s in self.shapes
                ],
            ),
            f"*stopped*/*skipped*: one run went past {TIME_LIMIT_S:.0f} s, so that tool was stopped there and not "
            "run at larger sizes. *rejected*: archdsl reads Mermaid with Mermaid's own default limit of 500 edges "
            "(what GitHub renders), so the Mermaid version of the larger estates is refused with a diagnostic; mmdc "
            "runs with `maxEdges` and `maxTextSize` raised so that it can draw them.",
            "",
            f"## 2. PNG, whole processes (up to {PNG_UP_TO} nodes)",
            "",
            "Same runs and medians as table 1. archdsl and bare `dot` lay out once and write SVG and PNG (icons "
            "rasterised by Graphviz's cairo renderer); the script writes only PNG; mmdc screenshots the page. "
            "*dot PNG scale*: these estates are tall (in LR the app tier is one column), and once the canvas passes "
            "cairo's 32,767-pixel limit `dot` shrinks the bitmap by the factor shown (it says so on stderr), so "
            "from there PNG time stops growing with the diagram and the picture loses detail; that is why PNG "
            f"stops at {PNG_UP_TO} nodes. archdsl and the script hand the same graph to the same `dot`.",
            "",
            *table(
                [
                    "Nodes",
                    "dot PNG scale",
                    "bare `dot` (floor)",
                    "archdsl, .arch",
                    "archdsl, Mermaid .md",
                    "diagrams script",
                    "mmdc",
                    "archdsl / bare dot",
                    "script / archdsl",
                    "mmdc / archdsl",
                ],
                [
                    [
                        f"{s.nodes:,}",
                        self.png_scale(s.nodes),
                        seconds_text(figure("dot png", s.nodes)),
                        seconds_text(figure("cli .arch png", s.nodes)),
                        seconds_text(figure("cli .md png", s.nodes)),
                        seconds_text(figure("script png", s.nodes)),
                        seconds_text(figure("mmdc png", s.nodes)),
                        ratio_text(figure("cli .arch png", s.nodes), figure("dot png", s.nodes)),
                        ratio_text(figure("script png", s.nodes), figure("cli .arch png", s.nodes)),
                        ratio_text(figure("mmdc png", s.nodes), figure("cli .arch png", s.nodes)),
                    ]
                    for s in self.shapes
                ],
            ),
            "The pictures differ in size: each tool's own spacing, fonts and padding give its canvas, shrunk as "
            "above once it passes the limit. PNG width x height in pixels:",
            "",
            *table(
                ["Nodes", "bare `dot`", "archdsl, .arch", "diagrams script", "mmdc"],
                [
                    [
                        f"{s.nodes:,}",
                        *(
                            figure(f"{key} png", s.nodes).png_pixels or figure(f"{key} png", s.nodes).note or "—"
                            for key in ("dot", "cli .arch", "script", "mmdc")
                        ),
                    ]
                    for s in self.shapes
                ],
            ),
            "## 3. Inside archdsl, in-process",
            "",
            f"Best of {'2' if bench.quick else '5'} calls after one warm-up (`bench_common.best_of`) for parse and "
            "lint. Parse is `load_source` (read the blocks, parse, build the model); lint is `lint_diagram` over "
            "every rule. Mermaid lines are the lines of the flowchart inside the fence.",
            "",
            *table(
                [
                    "Nodes",
                    "parse .arch",
                    ".arch nodes/s",
                    ".arch lines/s",
                    "parse Mermaid",
                    "Mermaid nodes/s",
                    "Mermaid lines/s",
                    "lint (.arch model)",
                    "lint nodes/s",
                    "lint (Mermaid model)",
                ],
                [
                    [
                        f"{s.nodes:,}",
                        seconds_text(figure("parse .arch", s.nodes)),
                        rate_text(s.nodes, figure("parse .arch", s.nodes)),
                        rate_text(s.arch_lines, figure("parse .arch", s.nodes)),
                        seconds_text(figure("parse .md", s.nodes)),
                        rate_text(s.nodes, figure("parse .md", s.nodes)),
                        rate_text(s.mermaid_lines, figure("parse .md", s.nodes)),
                        seconds_text(figure("lint .arch", s.nodes)),
                        rate_text(s.nodes, figure("lint .arch", s.nodes)),
                        seconds_text(figure("lint .md", s.nodes)),
                    ]
                    for s in self.shapes
                ],
            ),
            "Render: `render(diagram, [fmt], RenderOptions(engine='system'))`, best of 3 after a warm-up (1 above "
            "500 nodes or in a quick run), against the fastest run of the bare `dot` process of tables 1 and 2 "
            "(a best against a best, as the process tables give medians); the difference is "
            "building the DOT, starting `dot`, and inlining the icons into the SVG so that it stands alone. Then the "
            "per-diagram work of archdsl (`load_source` + `render`) against the diagrams script run in this "
            "interpreter (`runpy`), both warm: table 1 without interpreter start-up and imports.",
            "",
            *table(
                [
                    "Nodes",
                    "bare `dot` SVG",
                    "archdsl render SVG",
                    "render / bare dot",
                    "archdsl parse + render SVG",
                    "diagrams script, in-process",
                    "script / archdsl",
                    "bare `dot` SVG+PNG",
                    "archdsl render PNG",
                    "render / bare dot",
                ],
                [
                    [
                        f"{s.nodes:,}",
                        seconds_text(fastest(figure("dot svg", s.nodes))),
                        seconds_text(figure("render svg", s.nodes)),
                        ratio_text(figure("render svg", s.nodes), fastest(figure("dot svg", s.nodes))),
                        seconds_text(added(figure("parse .arch", s.nodes), figure("render svg", s.nodes))),
                        seconds_text(figure("script in-process svg", s.nodes)),
                        ratio_text(
                            figure("script in-process svg", s.nodes),
                            added(figure("parse .arch", s.nodes), figure("render svg", s.nodes)),
                        ),
                        seconds_text(fastest(figure("dot png", s.nodes))),
                        seconds_text(figure("render png", s.nodes)),
                        ratio_text(figure("render png", s.nodes), fastest(figure("dot png", s.nodes))),
                    ]
                    for s in self.shapes
                ],
            ),
            "## 4. Memory",
            "",
            "In-process: peak of Python allocations during one call (`tracemalloc`, `bench_common.peak_mib`); for "
            "render this leaves out the `dot` child, whose RSS is the next column. Processes: peak RSS from "
            f"{RSS_METHOD}, i.e. the largest single process among the tool and "
            "the children it waited for — `dot` under archdsl and the script, the largest Chromium process under "
            "mmdc (Chromium's processes are not summed). Largest over the runs of table 1 (SVG).",
            "",
            *table(
                [
                    "Nodes",
                    "parse .arch",
                    "parse Mermaid",
                    "lint",
                    "render SVG (Python)",
                    "script, in-process",
                    "RSS bare `dot`",
                    "RSS archdsl",
                    "RSS diagrams script",
                    "RSS script, ortho",
                    "RSS mmdc",
                ],
                [
                    [
                        f"{s.nodes:,}",
                        mib_text(figure("parse .arch", s.nodes)),
                        mib_text(figure("parse .md", s.nodes)),
                        mib_text(figure("lint .arch", s.nodes)),
                        mib_text(figure("render svg", s.nodes)),
                        mib_text(figure("script in-process svg", s.nodes)),
                        mib_text(figure("dot svg", s.nodes)),
                        mib_text(figure("cli .arch svg", s.nodes)),
                        mib_text(figure("script svg", s.nodes)),
                        mib_text(figure("script ortho svg", s.nodes)),
                        mib_text(figure("mmdc svg", s.nodes)),
                    ]
                    for s in self.shapes
                ],
            ),
            "## 5. SVG output size",
            "",
            "archdsl inlines every icon into the SVG as a `data:` URI, so the file stands alone (in a wiki, a PR, "
            "GitHub); bare `dot` and the diagrams script write `<image>` references to icon files on this disk, "
            "which break once the SVG leaves the machine. mmdc draws no AWS icons.",
            "",
            *table(
                ["Nodes", "bare `dot`", "archdsl, .arch", "diagrams script", "mmdc"],
                [
                    [
                        f"{s.nodes:,}",
                        bytes_text(figure("dot svg", s.nodes)),
                        bytes_text(figure("cli .arch svg", s.nodes)),
                        bytes_text(figure("script svg", s.nodes)),
                        bytes_text(figure("mmdc svg", s.nodes)),
                    ]
                    for s in self.shapes
                ],
            ),
            "## Machine and versions",
            "",
            *table(["", ""], [[name, value] for name, value in self.facts], numbers=False),
            "## How to reproduce",
            "",
            "```sh",
            "make .venv/.installed-stamp   # or: python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'",
            "apt-get install -y graphviz   # the system dot every tool uses",
            "# optional, for the mmdc columns:",
            MMDC_INSTALL,
            f"{COMMAND}            # writes BENCHMARKS.md, about 5-10 minutes",
            f"{COMMAND} --quick    # smoke run: {', '.join(map(str, QUICK_SIZES))} nodes, one run each, "
            "writes build/BENCHMARKS-quick.md",
            "```",
            "",
            "The generated `.arch`, `.md`, `.mmd`, DOT and script files of every size are in a temporary directory; "
            "`--keep DIR` writes them to DIR instead, to rerun a single tool by hand. Without mmdc the mmdc columns "
            "say *mmdc: not available* and everything else still runs.",
            "",
            "## Method and caveats",
            "",
            f"- Sizes: {', '.join(f'{size:,}' for size in sizes)} nodes; PNG up to {PNG_UP_TO}. One run of one tool is "
            f"stopped after {TIME_LIMIT_S:.0f} s and that tool is skipped at larger sizes (the cell says so).",
            "- Before measuring, every process tool ran once untimed on the smallest estate (disk caches, archdsl's "
            "grammar cache, Chromium profile); archdsl's bytecode was compiled, as an installed package has it.",
            "- archdsl and the script both use mingrammer `diagrams` and the same system `dot`; archdsl is run with "
            "`--engine system` so that no other Graphviz build is compared.",
            "- The diagrams script is generated flat, one statement per node, as long as the `.arch` file; a person "
            "would use loops for the large estates, which changes typing, not drawing time.",
            "- Process times include start-up: the Python interpreter and imports for archdsl and the script "
            "(archdsl imports its parser, catalog and rules besides `diagrams`), Node and a Chromium launch per call "
            "for mmdc. Table 3 shows archdsl and the script without it.",
            "",
        ]
        return "\n".join(lines)

    def png_scale(self, size: int) -> str:
        dot = self.figure("dot png", size)
        if dot.seconds is None:
            return dot.note or "—"
        return f"{dot.png_scale} (shrunk)" if dot.png_scale else "1 (full size)"

    def mmdc_status(self) -> str:
        mmdc = self.bench.mmdc
        if not mmdc.command:
            return f"{mmdc.reason} on this run; see *How to reproduce* to install it"
        browser = mmdc.browser or "Puppeteer's own browser"
        return f"version {mmdc.version} with {browser}, run as `mmdc -i FILE -o OUT`"


# --- Running it ---


def machine_facts(command: str, mmdc: MermaidCli, quick: bool) -> list[tuple[str, str]]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    commit = _version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    return [
        ("date", datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("command", f"`{command}`"),
        ("mode", "quick" if quick else "full"),
        ("CPU", f"{cpu}, {os.cpu_count()} logical CPUs"),
        ("load average at start", load),
        ("OS", platform.platform()),
        ("Python", sys.version.split()[0]),
        ("Graphviz", _version(["dot", "-V"])),
        ("diagrams", version("diagrams")),
        ("graphviz (Python)", version("graphviz")),
        ("archdsl", f"{version('archdsl')} (commit {commit}, working tree as it was)"),
        ("Node.js", _version(["node", "--version"]) if shutil.which("node") else "not installed"),
        ("mermaid-cli", mmdc.version if mmdc.command else mmdc.reason),
        ("browser", mmdc.browser or "—"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help=f"sizes {QUICK_SIZES}, one run each; writes build/BENCHMARKS-quick.md"
    )
    parser.add_argument("--output", type=Path, help="where to write the report (default BENCHMARKS.md)")
    parser.add_argument("--keep", type=Path, help="write the generated diagrams and outputs here and keep them")
    arguments = parser.parse_args()
    # A smoke run must not overwrite the committed full-run figures.
    default = ROOT / ("build/BENCHMARKS-quick.md" if arguments.quick else "BENCHMARKS.md")
    output: Path = arguments.output or default
    command = " ".join([COMMAND, *sys.argv[1:]])
    if not shutil.which("dot"):
        print("bench_compare: the system 'dot' is needed (apt-get install graphviz)", file=sys.stderr)
        return 1
    compileall.compile_dir(str(ROOT / "archdsl"), quiet=1)  # an installed archdsl runs from bytecode
    started = perf_counter()
    with contextlib.ExitStack() as stack:
        if arguments.keep:
            workdir = arguments.keep.resolve()
            workdir.mkdir(parents=True, exist_ok=True)
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="archdsl-bench-")))
        mmdc = find_mmdc(workdir)
        facts = machine_facts(command, mmdc, arguments.quick)
        for name, value in facts:
            print(f"{name:<22} {value}")
        bench = Bench(arguments.quick, workdir, mmdc)
        report = Report(facts, command, bench)
        sizes = QUICK_SIZES if arguments.quick else FULL_SIZES
        warm_up(bench, sizes[0])
        row("tool", "median or best", "memory")
        for size in sizes:
            report.shapes.append(measure(bench, size))
        report.elapsed_s = perf_counter() - started
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report.markdown(), encoding="utf-8")
    print(f"bench_compare: wrote {output} in {report.elapsed_s / 60:.1f} min")
    return 0


def warm_up(bench: Bench, size: int) -> None:
    """One untimed run of every process tool, so the first timed size does not pay for cold caches."""
    quiet = Bench(quick=True, workdir=bench.workdir / "warm-up", mmdc=bench.mmdc)
    quiet.workdir.mkdir(parents=True, exist_ok=True)
    with contextlib.redirect_stdout(None):
        measure(quiet, size)


if __name__ == "__main__":
    raise SystemExit(main())
