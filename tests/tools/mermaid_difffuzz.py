"""Differential fuzzer: random Mermaid flowcharts through archdsl.parse_flowchart and the real Mermaid 11.17.2."""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("make_oracles.mjs")
T = TypeVar("T")
Result = dict[str, Any]

# --- Generation -------------------------------------------------------------------------------------

DIRECTIONS = ["TD", "TB", "LR", "RL", "BT"]
PLAIN_IDS = [
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "web",
    "db",
    "ALB",
    "EC2_1",
    "ec2a",
    "s3-bucket",
    "aws.s3",
    "a:b",
    "C#1",
    "x_y",
    "n1",
    "1a",
    "42",
    "Lambda",
    "api-gw",
    "RDS.primary",
    "User",
    "Client",
    "subnet_a",
    "AZ-1",
    "q1",
    "ECS:svc",
]
KEYWORD_IDS = [
    "end",
    "End",
    "ending",
    "endpoint",
    "style",
    "styles",
    "class",
    "classic",
    "default",
    "defaultVPC",
    "graphql",
    "GraphQL",
    "v",
    "vpc",
    "o",
    "x",
    "oA",
    "xray",
    "odb",
    "xB",
    "click",
    "callback",
    "subgraph",
    "subgraphs",
    "direction",
    "flowchart",
    "graph",
    "linkStyle",
    "classDef",
    "TD",
    "LR",
    "href",
    "call",
    "interpolate",
    "-x",
    "o-o",
    "a.b.c",
    "a--b",
    "a-b",
    "_",
    "x1",
    "o1",
    "ox",
    "xo",
]
WORDS = [
    "web",
    "api",
    "db",
    "cache",
    "queue",
    "auth",
    "Users",
    "EC2",
    "RDS",
    "S3",
    "ALB",
    "NAT",
    "VPC",
    "Lambda",
    "SQS",
    "primary",
    "replica",
    "public",
    "private",
    "subnet",
    "10.0.1.0/24",
    "HTTPS",
    "443",
    "us-east-1a",
    "v2",
]
LABEL_EXTRAS = [
    "&",
    " & ",
    "<br>",
    "<br/>",
    "<b>bold</b>",
    "#quot;",
    "#35;",
    "#9829;",
    "(x)",
    "a|b",
    "#amp;",
    "x=1",
    "'s",
    "a.b",
    "a-b",
    "a--b",
    "a, b",
    ":",
    ";",
    "%",
    "%%",
    "/",
    "\\",
    "*",
    "+",
    "?",
    "!",
    "~",
    "é",
    "→",
    "@",
    "$",
    "^",
    "end",
    "style",
    "class",
    "--",
    "==",
    "..",
    "->",
    "<",
    ">",
    "{x}",
    "[x]",
    "\t",
    "  ",
    "`",
    "__x__",
]
SAFE_KEYWORD_IDS = [
    "End",
    "ending",
    "endpoint",
    "styles",
    "classic",
    "defaultVPC",
    "GraphQL",
    "graphql",
    "v",
    "vpc",
    "callback",
    "subgraphs",
    "oA",
    "xray",
    "x1",
    "a-b",
    "a.b.c",
]
SAFE_EXTRAS = [
    "&",
    " & ",
    "<br>",
    "<br/>",
    "<b>bold</b>",
    "#quot;",
    "#35;",
    "#9829;",
    "'s",
    "a.b",
    "a-b",
    "x=1",
    ":",
    "é",
    "→",
    "/",
    "?",
    "!",
    "+",
    "*",
    "a, b",
]
SHAPES: list[tuple[str, str]] = [
    ("[", "]"),
    ("(", ")"),
    ("([", "])"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("((", "))"),
    (">", "]"),
    ("{", "}"),
    ("{{", "}}"),
    ("[/", "/]"),
    ("[\\", "\\]"),
    ("[/", "\\]"),
    ("[\\", "/]"),
    ("(((", ")))"),
]
SHAPE_NAMES = ["rect", "rounded", "cyl", "circle", "diamond", "hex", "stadium", "subproc", "doc", "lin-cyl", "bogus"]
PLAIN_LINKS = [
    "-->",
    "---",
    "-.->",
    "==>",
    "~~~",
    "<-->",
    "--o",
    "--x",
    "o--o",
    "x--x",
    "---->",
    "-...->",
    "====>",
    "-.-",
    "===",
    "<==>",
    "<-.->",
    "--->",
    "-->>",
    "o-->",
    "x-->",
    "<---",
    "=.=",
    "~~~~",
    "--",
    "-.",
    "==",
]


@dataclass
class Gen:
    """Builds one random flowchart; ``ids`` is the small id pool the case reuses."""

    rng: random.Random
    wild: bool = False
    ids: list[str] = field(default_factory=list)
    sub_count: int = 0
    edge_count: int = 0

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: Sequence[T]) -> T:
        return self.rng.choice(items)

    def node_id(self) -> str:
        if len(self.ids) < 2 or self.chance(0.3):
            pool = (KEYWORD_IDS if self.wild else SAFE_KEYWORD_IDS) if self.chance(0.25) else PLAIN_IDS
            self.ids.append(self.pick(pool))
        return str(self.pick(self.ids))

    def words(self, n: int) -> str:
        parts = [self.pick(WORDS) for _ in range(n)]
        if self.chance(0.4):
            parts.insert(self.rng.randrange(len(parts) + 1), self.pick(LABEL_EXTRAS if self.wild else SAFE_EXTRAS))
        return " ".join(parts) if self.chance(0.8) else "".join(parts)

    def label(self, quoted_ok: bool = True) -> str:
        text = self.words(self.rng.randint(1, 3))
        roll = self.rng.random()
        if quoted_ok and (roll < 0.25 or (not self.wild and any(c in text for c in "()[]{}|"))):
            return '"' + text.replace('"', "") + '"'
        if quoted_ok and roll < 0.27:
            return (
                '"'
                + text.replace('"', "")
                + self.pick(["\n", "}\n", "} \n\n", "\n\n  "])
                + self.words(1).replace('"', "")
                + '"'
            )
        if quoted_ok and roll < 0.32:
            return '"`' + text.replace('"', "").replace("`", "") + ' **md**`"'
        if roll < 0.35 and self.wild:
            return ""
        return text

    def node(self) -> str:
        nid = self.node_id()
        roll = self.rng.random()
        if roll < 0.45:
            return nid
        if roll < 0.9:
            open_, close = self.pick(SHAPES)
            space = " " if self.wild and self.chance(0.1) else ""
            return f"{nid}{space}{open_}{self.label()}{close}"
        fields = [f"shape: {self.pick(SHAPE_NAMES if self.wild else SHAPE_NAMES[:-1])}"]
        if self.chance(0.7):
            fields.append(f'label: "{self.words(2)}"')
        if self.chance(0.3):
            fields.append(f'icon: "aws:{self.pick(["ec2", "s3", "rds"])}"')
        if self.chance(0.2):
            fields.append(f'form: "{self.pick(["square", "circle", "rounded"])}"')
        self.rng.shuffle(fields)
        sep = self.pick([", ", ",", "\n  "] if self.wild else [", ", ","])
        return f"{nid}@{{ {sep.join(fields)} }}" if self.chance(0.7) else f"{nid}@{{{sep.join(fields)}}}"

    def node_group(self) -> str:
        nodes = [self.node() for _ in range(1 if self.chance(0.8) else self.rng.randint(2, 3))]
        out = nodes[0]
        for extra in nodes[1:]:
            out += (self.pick([" & ", "&", " &", "& "]) if self.wild else " & ") + extra
        if self.chance(0.1) and (self.wild or "@{" not in out):
            out += ":::" + self.pick(["aws", "db", "hot"])
        return out

    def link(self) -> str:
        text = self.words(self.rng.randint(1, 2))
        roll = self.rng.random()
        if roll < 0.45:
            link = self.pick(PLAIN_LINKS) if self.wild else self.pick(PLAIN_LINKS[:17])
        elif roll < 0.7:
            base = self.pick(["-->", "---", "-.->", "==>", "<-->", "--x", "--o", "-.-", "==="])
            piped = f'"{text}"' if self.chance(0.2) else text
            link = f"{base} |{piped}|" if self.wild and self.chance(0.2) else f"{base}|{piped}|"
        elif roll < 0.82:
            link = f"-- {text} " + self.pick(["-->", "---", "--x", "--o", "--->"])
        elif roll < 0.92:
            link = f"-. {text} " + self.pick([".->", ".-", "..->", ".->>"] if self.wild else [".->", ".-"])
        else:
            link = f"== {text} " + self.pick(["==>", "===", "==x", "===>"])
        if not self.wild and roll >= 0.45:
            link = link.replace("|" + text + "|", "|" + text.replace("|", "") + "|")
        if self.chance(0.08):
            self.edge_count += 1
            link = f"e{self.edge_count}@" + link
        pad = self.pick(["", " ", " ", " ", "  ", "\t"] if self.wild else [" ", " ", "", "  "])
        return pad + link + pad

    def chain(self) -> str:
        out = self.node_group()
        for _ in range(self.rng.randint(1, 3)):
            out += self.link() + self.node_group()
        return out

    def style_stmt(self) -> str:
        roll = self.rng.random()
        colour = self.pick(["#f90", "#fff", "red", "#232F3E"])
        if roll < 0.3:
            return f"classDef {self.pick(['aws', 'db', 'hot', 'default'])} fill:{colour},stroke:#333" + self.pick(
                ["", ";"]
            )
        if roll < 0.5:
            return (
                f"class {self.node_id()}{',' + self.node_id() if self.chance(0.3) else ''} {self.pick(['aws', 'db'])}"
            )
        if roll < 0.7:
            return f"style {self.node_id()} fill:{colour},stroke-width:2px" + self.pick(["", ";"])
        if roll < 0.85:
            index = self.pick(
                ["0", "1", "2", "5", "12", "default", "0,1"] if self.wild else ["0", "1", "default", "0,1"]
            )
            return f"linkStyle {index} stroke:{colour},stroke-width:2px" + self.pick(["", ";"])
        return self.pick(
            [
                f'click {self.node_id()} "https://example.com" "tip"',
                f"click {self.node_id()} callback",
                f'click {self.node_id()} href "https://example.com" _blank',
                f"click {self.node_id()} call cb()",
            ]
        )

    def subgraph(self, depth: int) -> list[str]:
        self.sub_count += 1
        roll = self.rng.random()
        name = self.pick(["VPC", "AZ1", "Public", "priv_sub", "S" + str(self.sub_count), "aws-cloud"])
        if roll < 0.3:
            head = f"subgraph {name}"
        elif roll < 0.6:
            head = f"subgraph {name} [{self.label()}]"
        elif roll < 0.7:
            head = f"subgraph {name}[{self.label()}]"
        elif roll < 0.8:
            head = f'subgraph "{self.words(2)}"'
        else:
            head = f"subgraph {self.words(2)}"
        if self.chance(0.5):
            self.ids.append(name)
        body: list[str] = [head]
        if self.chance(0.25):
            body.append("  direction " + self.pick(DIRECTIONS))
        body += ["  " + line for line in self.statements(depth + 1, self.rng.randint(1, 4))]
        body.append(self.pick(["end", "end", "end", "  end", "end;", "End"][: 6 if self.wild else 5]))
        return body

    def statement(self, depth: int) -> list[str]:
        roll = self.rng.random()
        if roll < 0.45:
            return [self.chain()]
        if roll < 0.6:
            return [self.node_group()]
        if roll < 0.7 and depth < 3:
            return self.subgraph(depth)
        if roll < 0.8:
            return [self.style_stmt()]
        if roll < 0.86:
            return [
                self.pick(
                    ["%% note", "%% TODO: fix", "  %% indented comment", "%%", "%%{ bad }%%"][: 5 if self.wild else 3]
                )
            ]
        if roll < 0.9:
            return [""]
        if roll < 0.93:
            return [
                self.pick(["accTitle: Architecture", "accDescr: Shows the stack", "accDescr {\n  multi\n  line\n}"])
            ]
        if roll < 0.95:
            return ["direction " + self.pick(DIRECTIONS)]
        if roll < 0.98 and self.wild:
            return [self.chain() + " %% trailing"]
        return [self.chain() + self.pick([";", " ;", "; "]) + self.chain()]

    def statements(self, depth: int, n: int) -> list[str]:
        out: list[str] = []
        for _ in range(n):
            out += self.statement(depth)
        return out

    def line_end(self, line: str) -> str:
        """Mostly trimmed lines; sometimes the trailing spaces/tabs editors leave behind."""
        roll = self.rng.random()
        if roll < 0.7:
            return line.rstrip(" ")
        if roll < 0.85:
            return line.rstrip(" ") + self.pick([" ", "  ", "\t", " \t "])
        return line

    def document(self) -> str:
        lines: list[str] = []
        if self.chance(0.08):
            lines += ["---", f"title: {self.words(2)}", "config:", "  flowchart:", "    curve: basis", "---"]
        if self.chance(0.08):
            lines.append('%%{init: {"theme": "dark"}}%%')
        if self.chance(0.06):
            lines.append("%% header comment")
        if self.chance(0.04):
            lines.append("")
        roll = self.rng.random()
        if roll < 0.95 or not self.wild:
            kw = "graph" if self.chance(0.5) else "flowchart"
            head = kw
            if self.chance(0.9):
                head += " " + self.pick(DIRECTIONS)
            head += self.pick(["", "", "", ";", " ", "  "])
            lines.append(head)
        lines += ["  " * self.rng.randint(0, 1) + line for line in self.statements(0, self.rng.randint(1, 9))]
        text = "\n".join(self.line_end(line) for line in lines)
        if self.chance(0.85):
            text += "\n"
        if self.chance(0.05):
            text += "\n\n"
        if self.chance(0.1):
            text = text.replace("\n", "\r\n")
        if self.chance(0.05):
            text = text.replace("  ", "\t")
        return text


def tokens(text: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i + 1
        if text[i].isalnum() or text[i] == "_":
            while j < len(text) and (text[j].isalnum() or text[j] == "_"):
                j += 1
        elif text[i] in " \t":
            while j < len(text) and text[j] in " \t":
                j += 1
        out.append(text[i:j])
        i = j
    return out


def mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 2)):
        parts = tokens(text)
        if not parts:
            return text
        k = rng.randrange(len(parts))
        op = rng.random()
        if op < 0.25:
            del parts[k]
        elif op < 0.45:
            parts.insert(k, parts[k])
        elif op < 0.6 and k + 1 < len(parts):
            parts[k], parts[k + 1] = parts[k + 1], parts[k]
        elif op < 0.85:
            parts.insert(k, rng.choice(list("()[]{}|&;:\"'-.=<>/\\%#@`,!*~o x")))
        else:
            lines = "".join(parts).split("\n")
            j = rng.randrange(len(lines))
            if rng.random() < 0.5:
                del lines[j]
            else:
                lines.insert(j, lines[j])
            return "\n".join(lines)
        text = "".join(parts)
    return text


def generate(seed: int, index: int, mutation_rate: float) -> str:
    rng = random.Random(f"{seed}:{index}")
    text = Gen(rng, wild=rng.random() < 0.3).document()
    if rng.random() < mutation_rate:
        text = mutate(rng, text)
    return text


# --- Running both parsers ----------------------------------------------------------------------------


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


_ARCHDSL: dict[str, Any] = {}


def load_archdsl(root: Path) -> None:
    """Import archdsl from ``root`` (the checkout by default; a snapshot copy keeps a run stable)."""
    sys.path.insert(0, str(root))
    flowchart = import_module("archdsl.flowchart")
    lexer = import_module("archdsl.mermaid_lexer")
    _ARCHDSL.update(parse=flowchart.parse_flowchart, rejected=flowchart.FlowchartRejected, decode=lexer.decode_entities)


def decode_entities(text: str) -> str:
    return str(_ARCHDSL["decode"](text))


def run_archdsl(text: str, seconds: int = 5) -> Result:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        chart = _ARCHDSL["parse"](text)
    except _ARCHDSL["rejected"] as rejected:
        error = rejected.error
        return {"ok": False, "kind": error.kind, "line": error.position.line, "token": error.token_type}
    except _Timeout:
        return {"ok": None, "crash": "timeout"}
    except Exception as exc:  # noqa: BLE001 - a crash is a finding
        return {"ok": None, "crash": f"{type(exc).__name__}: {exc}"}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return {
        "ok": True,
        "direction": chart.direction,
        "vertices": sorted(chart.vertices),
        "vtext": sorted((v.id, v.text) for v in chart.vertices.values()),
        "edges": sorted(Counter((e.start, e.end, e.text) for e in chart.edges).items()),
        "ekind": sorted(Counter((e.start, e.end, e.type, e.stroke, e.length) for e in chart.edges).items()),
        "subgraphs": sorted((s.id, s.title, tuple(sorted(s.nodes))) for s in chart.subgraphs),
    }


def normalise_oracle(raw: Result) -> Result:
    if raw.get("ok") is None:
        return {"ok": None, "crash": raw.get("crash", "oracle failure")}
    if not raw["ok"]:
        return {"ok": False, "kind": raw.get("errorKind"), "line": raw.get("line"), "token": raw.get("token")}
    return {
        "ok": True,
        "direction": raw["direction"],
        "vertices": sorted(v["id"] for v in raw["vertices"]),
        "vtext": sorted((v["id"], decode_entities(v["text"])) for v in raw["vertices"]),
        "edges": sorted(Counter((e["start"], e["end"], decode_entities(e["text"])) for e in raw["edges"]).items()),
        "ekind": sorted(
            Counter(
                (e["start"], e["end"], e.get("type"), e.get("stroke"), e.get("length")) for e in raw["edges"]
            ).items()
        ),
        "subgraphs": sorted(
            (s["id"], decode_entities(s["title"]), tuple(sorted(s["nodes"]))) for s in raw["subgraphs"]
        ),
    }


class Oracle:
    """One long-running ``make_oracles.mjs --serve`` process; restarted if it hangs or dies."""

    def __init__(self, mermaid_dir: str, timeout: float = 20.0) -> None:
        self.mermaid_dir = mermaid_dir
        self.timeout = timeout
        self.proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                ["node", str(HARNESS), "--serve", "--check-mapping", "--mermaid-dir", self.mermaid_dir],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        return self.proc

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def ask(self, path: Path) -> Result:
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(str(path) + "\n")
            proc.stdin.flush()
        except BrokenPipeError:
            self.close()
            return {"ok": None, "crash": "oracle process died"}
        ready, _, _ = select.select([proc.stdout], [], [], self.timeout)
        line = proc.stdout.readline() if ready else ""
        if not line:
            self.close()
            return {"ok": None, "crash": "oracle timeout or crash"}
        result: Result = json.loads(line)
        return result

    def batch(self, paths: list[Path]) -> list[Result]:
        """One ``--jsonl`` node invocation for many files; halves the batch if it hangs or dies."""
        if not paths:
            return []
        try:
            proc = subprocess.run(
                [
                    "node",
                    str(HARNESS),
                    "--jsonl",
                    "--check-mapping",
                    "--mermaid-dir",
                    self.mermaid_dir,
                    *map(str, paths),
                ],
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=self.timeout * 5 + len(paths),
                check=False,
            )
            results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
            if len(results) == len(paths):
                return results
        except subprocess.TimeoutExpired:
            pass
        if len(paths) == 1:
            return [self.ask(paths[0])]
        half = len(paths) // 2
        return self.batch(paths[:half]) + self.batch(paths[half:])


def categories(got: Result, exp: Result) -> tuple[list[str], list[str]]:
    """(mismatch categories under the agreed comparison, extra-check categories)."""
    if exp["ok"] is None:
        return ["oracle-failure"], []
    if got["ok"] is None:
        return ["archdsl-crash" if got["crash"] != "timeout" else "archdsl-timeout"], []
    if got["ok"] != exp["ok"]:
        return ["archdsl-accepts-invalid" if got["ok"] else "archdsl-rejects-valid"], []
    if not got["ok"]:
        main = ["error-line"] if exp["line"] is not None and exp["line"] != got["line"] else []
        extra = ["error-kind"] if exp["kind"] != got["kind"] and exp["kind"] not in ("detect",) else []
        return main, extra
    main = [k for k in ("direction", "vertices", "edges", "subgraphs") if got[k] != exp[k]]
    extra = [f"{k} (extra)" for k in ("vtext", "ekind") if got[k] != exp[k]]
    return main, extra


@dataclass
class Case:
    index: int
    text: str
    got: Result
    exp: Result
    raw: Result
    main: list[str]
    extra: list[str]


def evaluate(
    texts: list[str], workdir: Path, oracle: Oracle, batch: int
) -> Iterator[tuple[str, Result, Result, Result]]:
    """Yield (text, archdsl, normalised Mermaid, raw Mermaid) per text.

    ``batch`` > 1 runs Mermaid with one node invocation per ``batch`` files; ``batch`` == 1 asks the
    long-running node process one file at a time (lazily, so a caller may stop early).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(texts), batch):
        chunk = texts[start : start + batch]
        paths = [workdir / f"case_{start + i:05d}.mmd" for i in range(len(chunk))]
        for path, text in zip(paths, chunk, strict=True):
            path.write_text(text, encoding="utf-8", newline="")
        raws = oracle.batch(paths) if batch > 1 else [oracle.ask(paths[0])]
        for text, raw in zip(chunk, raws, strict=True):
            yield text, run_archdsl(text), normalise_oracle(raw), raw
        for path in paths:
            path.unlink(missing_ok=True)


# --- Shrinking ---------------------------------------------------------------------------------------


def signature(got: Result, exp: Result) -> str | None:
    """What makes two mismatches "the same": the category plus the verdict details it hinges on."""
    main, extra = categories(got, exp)
    if not main and not extra:
        return None
    name = (main + extra)[0]
    if name == "archdsl-accepts-invalid":
        return f"{name}: mermaid {exp['kind']} {exp['token']}"
    if name == "archdsl-rejects-valid":
        return f"{name}: archdsl {got['kind']} {got['token']}"
    if name == "error-line":
        side = "later" if (got["line"] or 0) > (exp["line"] or 0) else "earlier"
        return f"{name}: archdsl {side}, mermaid {exp['kind']} {exp['token']}"
    if name == "error-kind":
        return f"{name}: archdsl {got['kind']} / mermaid {exp['kind']}"
    return name


def shrink(text: str, wanted: str, workdir: Path, oracle: Oracle, max_batches: int = 400) -> str:
    """Delta debugging: delete ever smaller chunks of lines, tokens, then characters while ``wanted`` persists."""
    batches = 0

    def first_failing(candidates: list[str]) -> str | None:
        nonlocal batches
        unique = [c for c in dict.fromkeys(candidates) if c != text]
        if not unique:
            return None
        batches += 1
        for cand, got, exp, _raw in evaluate(unique, workdir, oracle, 1):
            if signature(got, exp) == wanted:
                return cand
        return None

    for split in (lambda t: t.splitlines(keepends=True), tokens, list):
        units = split(text)
        size = max(len(units) // 2, 1)
        while units and batches < max_batches:
            candidates = ["".join(units[:i] + units[i + size :]) for i in range(0, len(units), size)]
            better = first_failing(candidates)
            if better is not None:
                text = better
                units = split(text)
                size = min(size, max(len(units) // 2, 1))
            elif size > 1:
                size //= 2
            else:
                break
    return text


# --- Main ---------------------------------------------------------------------------------------------


def describe(result: Result) -> str:
    return json.dumps(result, ensure_ascii=False, default=str)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__,
        epilog="example: .venv/bin/python tests/tools/mermaid_difffuzz.py --seed 1 --count 3000 --shrink 50 "
        "--save-dir /tmp/mismatches  (needs node and mermaid@11.17.2 + jsdom under --mermaid-dir)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--show", type=int, default=5, help="print the first N mismatching inputs")
    parser.add_argument("--save-dir", type=Path, help="save mismatching inputs with their oracle JSON here")
    parser.add_argument("--mermaid-dir", default=os.environ.get("MERMAID_DIR", "/tmp/mmd"))
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--mutation-rate", type=float, default=0.35)
    parser.add_argument("--shrink", type=int, default=0, help="delta-debug up to N mismatches, smallest first")
    parser.add_argument("--extra", action="store_true", help="also report vertex text / edge kind differences")
    parser.add_argument(
        "--archdsl-root",
        type=Path,
        default=Path(os.environ.get("ARCHDSL_ROOT", ROOT)),
        help="directory holding the archdsl package (and grammar/) to test",
    )
    args = parser.parse_args(argv)
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(line_buffering=True)
    load_archdsl(args.archdsl_root)

    began = time.time()
    texts = [generate(args.seed, i, args.mutation_rate) for i in range(args.count)]
    oracle = Oracle(args.mermaid_dir)
    try:
        return _run(args, texts, oracle, began)
    finally:
        oracle.close()


def _run(args: argparse.Namespace, texts: list[str], oracle: Oracle, began: float) -> int:
    mismatches: list[Case] = []
    main_counts: Counter[str] = Counter()
    extra_counts: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    agree = 0
    with tempfile.TemporaryDirectory(prefix="mmdfuzz") as tmp:
        work = Path(tmp)
        for index, (text, got, exp, raw) in enumerate(evaluate(texts, work, oracle, args.batch)):
            verdicts["accepted" if exp["ok"] else "rejected" if exp["ok"] is False else "oracle-failure"] += 1
            if raw.get("lineMappingVerified") is False:
                verdicts["line-mapping-unverified"] += 1
            main, extra = categories(got, exp)
            main_counts.update(main)
            extra_counts.update(extra)
            if not main:
                agree += 1
            if main or (args.extra and extra):
                mismatches.append(Case(index, text, got, exp, raw, main, extra))

        print(f"seed={args.seed} cases={args.count} mermaid: {dict(verdicts)} time={time.time() - began:.1f}s")
        print(f"agreements={agree} ({100.0 * agree / max(args.count, 1):.2f}%) mismatches={args.count - agree}")
        for name, n in main_counts.most_common():
            print(f"  {name}: {n}")
        if extra_counts:
            print("extra checks (not counted as mismatches):")
            for name, n in extra_counts.most_common():
                print(f"  {name}: {n}")

        if args.save_dir:
            args.save_dir.mkdir(parents=True, exist_ok=True)
            for case in mismatches:
                label = "+".join(case.main + case.extra).replace(" (extra)", "-extra")
                stem = args.save_dir / f"s{args.seed}_{case.index:05d}_{label}"
                stem.with_suffix(".mmd").write_text(case.text, encoding="utf-8", newline="")
                stem.with_suffix(".oracle.json").write_text(json.dumps(case.raw, indent=2, ensure_ascii=False) + "\n")
                stem.with_suffix(".archdsl.json").write_text(describe(case.got) + "\n")

        shown: list[Case] = sorted(mismatches, key=lambda c: len(c.text))[: args.show]
        for case in shown:
            print("-" * 72)
            print(f"case {case.index} [{', '.join(case.main + case.extra)}]")
            print(case.text)
            print("archdsl:", describe(case.got))
            print("mermaid:", describe(case.exp))
        if args.shrink:
            minimal: dict[tuple[str, str], list[int]] = {}
            for case in sorted(mismatches, key=lambda c: len(c.text))[: args.shrink]:
                wanted = signature(case.got, case.exp)
                if wanted is None:
                    continue
                small = shrink(case.text, wanted, work / "shrink", oracle)
                minimal.setdefault((wanted, small), []).append(case.index)
            print("=" * 72)
            print(f"{len(minimal)} distinct minimal mismatches:")
            for (wanted, small), indices in sorted(minimal.items()):
                print(f"[{wanted}] from cases {indices}: {small!r}")
                for _t, got, exp, _raw in evaluate([small], work / "final", oracle, 1):
                    print("    archdsl:", describe(got))
                    print("    mermaid:", describe(exp))
    return 0 if agree == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
