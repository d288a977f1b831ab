"""Benchmark reading Mermaid in Markdown: parse + model throughput, and `archdsl check` on a 300-line note."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from bench_common import ROOT, best_of, process_ms, row, verdict

from archdsl.catalog import CATALOG
from archdsl.mermaid import parse_mermaid_block
from archdsl.model import Dialect
from archdsl.sources import SourceBlock

MIN_LINES_PER_S, MAX_CHECK_MS = 20_000, 200.0
SERVICES = (
    "EC2",
    "RDS",
    "Aurora",
    "ALB",
    "Lambda",
    "S3",
    "ElastiCache",
    "SQS",
    "CloudFront",
    "Route53",
    "NAT",
    "APIGW",
)
EDGE_FORMS = (
    "{a} --> {b}",
    "{a} -->|calls| {b}",
    "{a}[Web server {i}] --> {b}",
    "{a} -- reads --> {b}[(Orders DB)]",
    "{a} -.-> {b}",
    "{a} & {b} --> Logs_{k}",
    "{a} ==> {b}",
)


def flowchart(rng: random.Random, k: int) -> str:
    """A realistic notes-sized flowchart: a CDN, two AZ subgraphs of services, comments and a classDef."""
    lines = ["flowchart LR", "    %% traffic enters through the CDN", f"    User((User)) -->|HTTPS| CDN{k}[CloudFront]"]
    for zone in range(2):
        lines.append(f"    subgraph AZ{zone}_{k}[Availability Zone {zone}]")
        for i in range(6):
            a = f"{rng.choice(SERVICES)}_{k}_{zone}_{i}"
            b = f"{rng.choice(SERVICES)}_{k}_{zone}_{(i + 1) % 6}"
            lines.append("        " + rng.choice(EDGE_FORMS).format(a=a, b=b, i=i, k=k))
        lines.append("    end")
    lines += ["    classDef aws fill:#f90", ""]
    return "\n".join(lines)


def note(rng: random.Random, fences: int, lines: int) -> str:
    """A Markdown note of about ``lines`` lines with ``fences`` Mermaid fences between prose."""
    parts = ["# Architecture notes", ""]
    for k in range(fences):
        parts += [f"## Phase {k}", "", "Some prose about this phase of the system.", "", "```mermaid"]
        parts += flowchart(rng, k).rstrip("\n").split("\n")
        parts += ["```", ""]
    while len(parts) < lines:
        parts.append(f"- a bullet point of prose, line {len(parts)}")
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    arguments = parser.parse_args()
    repeat, runs = (2, 3) if arguments.quick else (5, 10)
    rng = random.Random(20_261_124)
    blocks = [SourceBlock("bench.md", Dialect.MERMAID, flowchart(rng, k), 1) for k in range(200)]
    line_count = sum(block.text.count("\n") + 1 for block in blocks)

    def parse_all() -> None:
        for block in blocks:
            result = parse_mermaid_block(block, CATALOG)
            if result.diagram is None:
                raise RuntimeError(f"unexpected rejection: {[d.message for d in result.diagnostics]}")

    seconds = best_of(parse_all, repeat)
    print(f"bench_mermaid: Python {sys.version.split()[0]}, best of {repeat} after 1 warm-up")
    row("metric", "value", "target", "status")
    row("flowcharts / lines", f"{len(blocks)} / {line_count:,}")
    row("parse + model", f"{seconds * 1000:.1f} ms")
    rate = line_count / seconds
    row("Mermaid lines/s", f"{rate:,.0f}", f">= {MIN_LINES_PER_S:,}", verdict(rate >= MIN_LINES_PER_S))

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "notes.md"
        path.write_text(note(rng, 5, 300), encoding="utf-8")
        lines = path.read_text(encoding="utf-8").count("\n")
        base_best, base_median = process_ms([sys.executable, "-c", "pass"], runs)
        command = [sys.executable, "-m", "archdsl", "check", str(path)]
        best, median = process_ms(command, runs)
        row(f"note: {lines} lines, 5 fences", "")
        row(f"python -c pass best/median ({runs})", f"{base_best:.0f}/{base_median:.0f} ms")
        row(
            f"archdsl check best/median ({runs})",
            f"{best:.0f}/{median:.0f} ms",
            f"< {MAX_CHECK_MS:.0f} ms",
            verdict(median < MAX_CHECK_MS) + " (median)",
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    raise SystemExit(main())
