"""Hostile inputs, each with the exact outcome archdsl must give: shared by the tests and bench/hostile.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DEEP = 10_000
NESTED_TOO_DEEP = "groups nest more than 64 levels deep here; archdsl reads at most 64 (nesting-too-deep)"
FENCE = "```mermaid\nflowchart LR\n  u[Users] --> alb[ALB]\n  alb --> db[(RDS)]\n```\n"
SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one archdsl process did with a hostile input: exit code, output, and what it cost."""

    code: int
    out: str
    err: str
    seconds: float
    peak_mib: float


def run_archdsl(folder: Path, *arguments: str, timeout: float = 120) -> Outcome:
    """Run the archdsl CLI in its own process (a crash or a memory blow-up cannot take the caller down)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "archdsl", *arguments], cwd=folder, stdout=out, stderr=err, env=os.environ.copy()
        )
        peak_kib = 0
        while process.poll() is None:
            # VmHWM is this process's own high-water mark; getrusage would also count what fork copied from us.
            peak_kib = max(peak_kib, _high_water_kib(process.pid))
            if time.perf_counter() - started > timeout:
                process.kill()
                process.wait()
                raise TimeoutError(f"archdsl {' '.join(arguments)} ran longer than {timeout} s")
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return Outcome(
            process.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
            seconds,
            peak_kib / 1024,
        )


def _high_water_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input: how to make it, which command reads it, and the check its outcome must pass.

    ``check`` raises AssertionError when archdsl misbehaves, else returns the outcome in words.
    """

    name: str
    what: str
    make: Callable[[Path], list[str]]
    check: Callable[[Path, Outcome], str]
    doubled: Callable[[Path], list[str]] | None = None
    """The same input at twice the size, for cases about cost: bench/hostile.py reports the time ratio."""


def _first_line(outcome: Outcome) -> str:
    lines = (outcome.out or outcome.err).splitlines()
    return lines[0] if lines else ""


def _expect(code: int, first_line: str) -> Callable[[Path, Outcome], str]:
    def check(folder: Path, outcome: Outcome) -> str:
        assert "Traceback" not in outcome.err and "internal error" not in outcome.err, outcome.err
        assert (outcome.code, _first_line(outcome)) == (code, first_line), (outcome.code, outcome.out, outcome.err)
        return f"exit {code}: `{first_line}`" if first_line else f"exit {code}, nothing reported"

    return check


def _read_whole(nodes: int) -> Callable[[Path, Outcome], str]:
    """The diagram after the hostile part was read in full: one diagram with ``nodes`` nodes, no diagnostics."""

    def check(folder: Path, outcome: Outcome) -> str:
        assert (outcome.code, outcome.err) == (0, ""), outcome.err[:500]
        model = json.loads(outcome.out)
        assert [len(diagram["nodes"]) for diagram in model["diagrams"]] == [nodes], outcome.out[:500]
        assert model.get("diagnostics", []) == [], model.get("diagnostics")
        return f"exit 0: the diagram is read whole ({nodes} nodes), nothing reported"

    return check


def _write(name: str, content: Callable[[], str | bytes], *arguments: str) -> Callable[[Path], list[str]]:
    """Write ``content()`` to ``name``; built only when the case runs, so the harness itself stays small."""

    def make(folder: Path) -> list[str]:
        made = content()
        data = made.encode() if isinstance(made, str) else made
        (folder / name).write_bytes(data)
        return [*arguments, name]

    return make


def _dsl_nesting() -> str:
    return "".join(f"group g{i} {{\n" for i in range(DEEP)) + "ec2 web\n" + "}\n" * DEEP


def _subgraph_nesting() -> str:
    body = "".join(f"subgraph s{i}\n" for i in range(DEEP)) + "a --> b\n" + "end\n" * DEEP
    return f"```mermaid\nflowchart LR\n{body}```\n"


def _architecture_nesting() -> str:
    groups = "".join(f"group g{i}(cloud)[G] in g{i - 1}\n" for i in range(1, DEEP))
    return f"```mermaid\narchitecture-beta\ngroup g0(cloud)[G]\n{groups}service s(server)[S] in g{DEEP - 1}\n```\n"


def _worst_case_note(size: int) -> str:
    """Markdown at its most expensive to parse: every line its own block, up to ``size`` bytes, then a fence."""
    unit = "# Heading\n\nProse with **bold** and a [link](x).\n\n- item one\n- item two\n\n> quoted\n\n"
    body = unit * ((size - len(FENCE) - 1) // len(unit))
    return body + "\n" + FENCE


def _fences(count: int) -> str:
    return "".join(f"## Step {index}\n\n{FENCE}\n" for index in range(count))


HOSTILE_LABELS = {
    "u": 'Quote \\" and backslash \\\\ end',
    "web": "<b>bold</b> & <i>html</i>",
    "db": '<<IMG SRC=\\"/etc/passwd\\"/>>',
    "lb": '\\"]; evil [label=\\"x',
    "files": "two </text><script>alert(1)</script>",
    "fn": "}} digraph { a -> b",
}
_KINDS = {"u": "actor", "web": "ec2", "db": "rds", "lb": "alb", "files": "s3", "fn": "lambda"}


def _hostile_labels(folder: Path) -> list[str]:
    lines = [f'{_KINDS[node]} {node} "{label}"' for node, label in HOSTILE_LABELS.items()]
    lines += ['u -> lb : "<script>x</script>"', "lb -> web, fn", 'web -> db, files [icon="../../etc/passwd"]']
    (folder / "labels.arch").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["render", "labels.arch", "-o", "out", "--format", "svg,dot"]


def _check_labels(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 0, outcome.err
    written = {name: label.replace('\\"', '"').replace("\\\\", "\\") for name, label in HOSTILE_LABELS.items()}
    svg = ElementTree.parse(folder / "out" / "labels.svg").getroot()
    tags = {element.tag.removeprefix(SVG) for element in svg.iter()}
    assert tags <= {"svg", "g", "title", "path", "polygon", "text", "image", "ellipse", "polyline"}, tags
    # Long labels wrap onto several <text> lines, at spaces or after '/': compare without the breaks.
    drawn = "".join("".join(element.itertext()) for element in svg.iter(f"{SVG}text"))
    drawn = "".join(drawn.split())
    missing = [label for label in written.values() if "".join(label.split()) not in drawn]
    assert missing == [], drawn
    assert "<script>x</script>" in drawn
    links = [value for element in svg.iter(f"{SVG}image") for key, value in element.attrib.items() if "href" in key]
    assert links and all(link.startswith("data:image/png;base64,") for link in links), links[:1]
    # Graphviz read the DOT back into exactly the graph that was written: no label added a node or an edge.
    classes = [element.get("class") for element in svg.iter(f"{SVG}g")]
    assert (classes.count("node"), classes.count("edge")) == (len(HOSTILE_LABELS), 5), classes
    return "exit 0: 6 nodes and 5 edges in the DOT, every label as literal text in the SVG, no markup added"


def _symlink_loop(folder: Path) -> list[str]:
    notes = folder / "docs"
    (notes / "sub").mkdir(parents=True)
    (notes / "sub" / "notes.md").write_text(FENCE, encoding="utf-8")
    (notes / "loop").symlink_to(notes, target_is_directory=True)
    (notes / "sub" / "up").symlink_to(notes, target_is_directory=True)
    return ["model", "--json", "docs"]


def _binary_in_folder(folder: Path) -> list[str]:
    (folder / "docs").mkdir()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    (folder / "docs" / "picture.png").write_bytes(png)
    (folder / "docs" / "picture.md").write_bytes(png)
    (folder / "docs" / "notes.md").write_text(FENCE, encoding="utf-8")
    return ["check", "docs"]


def _crlf_matches_lf(folder: Path, outcome: Outcome) -> str:
    lf = run_archdsl(folder, "lint", "--format", "parsable", "lf.md")
    assert outcome.out and outcome.err == "", outcome.err
    assert (outcome.code, outcome.out.replace("bom.md", "lf.md")) == (lf.code, lf.out), (outcome.out, lf.out)
    return f"same findings at the same line:col as the LF file: `{_first_line(outcome)}`"


def _crlf(folder: Path) -> list[str]:
    # A lone instance gives a finding whose line and column the BOM and CRLF must not shift.
    text = "# Web\n\n" + FENCE.replace(
        "u[Users] --> alb[ALB]\n  alb --> db[(RDS)]", "u[Users] --> ec2[EC2] --> db[(RDS)]"
    )
    (folder / "lf.md").write_text(text, encoding="utf-8")
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    return ["lint", "--format", "parsable", "bom.md"]


def _fence_id_path(folder: Path) -> list[str]:
    (folder / "notes.md").write_text(FENCE.replace("```mermaid", "```mermaid {#../../etc/passwd}"), encoding="utf-8")
    return ["render", "notes.md"]


def _check_fence_id(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 0, outcome.err
    made = sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())
    assert made == [
        "diagrams/archdsl-manifest.json",
        "diagrams/notes-1.png",
        "diagrams/notes-1.svg",
        "notes.md",
    ], made
    return "exit 0: a path is not a fence name, so the image is `diagrams/notes-1.svg`, inside the note's folder"


def _thousands_of_fences(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 1, outcome.err
    lines = outcome.out.splitlines()
    assert len(lines) == 5000 and len({line.split("'")[1] for line in lines}) == 5000, lines[:3]
    assert lines[0] == "fences.md:3:1: diagram 'fences-step-0' has no embedded image yet"
    return "exit 1: 5,000 fences listed by `render --check`, 5,000 distinct image names"


def _symlink_to_secret(folder: Path) -> list[str]:
    """A project whose note is a symlink to a file outside it, and whose docs folder links to another one."""
    (folder / "outside").mkdir()
    (folder / "outside" / "shadow").write_text("root:$6$SECRET:19000:0:99999:7:::\n", encoding="utf-8")
    (folder / "outside" / "notes.md").write_text("```archdsl\nroot:$6$SECRET\n```\n", encoding="utf-8")
    project = folder / "project"
    (project / ".git").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "notes.arch").symlink_to(folder / "outside" / "shadow")
    (project / "docs" / "shared.md").symlink_to(folder / "outside" / "notes.md")
    return ["check", "--format", "parsable", "project"]


def _nothing_secret(folder: Path, outcome: Outcome) -> str:
    assert "SECRET" not in outcome.out + outcome.err, outcome.out
    refused = (
        "ARCH001 [error] Cannot read file: it is a symlink to a file outside the project; archdsl does not read it"
    )
    assert (outcome.code, outcome.err) == (1, ""), outcome.err
    assert outcome.out.splitlines() == [
        f"project/docs/shared.md:1:1: {refused} (parse-error)",
        f"project/notes.arch:1:1: {refused} (parse-error)",
    ], outcome.out
    return f"exit 1: `project/notes.arch:1:1: {refused}`, for each link; nothing of the files is printed"


def _terminal_controls(folder: Path) -> list[str]:
    label = "evil\x1b]0;owned\x07\x1b[2K\x08\x9b2K\u202e"
    (folder / "controls.md").write_text(f'```archdsl\nec2 web\nnode "{label}"\n```\n', encoding="utf-8")
    return ["lint", "controls.md"]


def _controls_escaped(folder: Path, outcome: Outcome) -> str:
    raw = [
        char
        for char in outcome.out + outcome.err
        if char not in "\t\n" and (ord(char) < 32 or 0x7F <= ord(char) < 0xA0)
    ]
    assert (outcome.code, raw, "\u202e" in outcome.out) == (1, [], False), outcome.out
    first = _first_line(outcome)
    assert first.endswith('found string "evil\\x1b]0;owned\\x07\\x1b[2K\\x08\\x9b2K\\u202e" (parse-error)'), first
    return "exit 1: every control character in messages and excerpts is shown escaped (`\\x1b]0;owned\\x07`)"


def _outside(folder: Path) -> Path:
    """A folder beside the project (the folder a case runs in), where archdsl must write nothing."""
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    return outside


def _manifest_victims(folder: Path) -> list[Path]:
    return [folder / "README.md", folder / "diagrams" / "sub" / "x.png", _outside(folder) / "victim.png"]


def _edited_manifest(folder: Path) -> list[str]:
    (folder / "notes.md").write_text(FENCE, encoding="utf-8")
    for victim in _manifest_victims(folder):
        victim.parent.mkdir(parents=True, exist_ok=True)
        victim.write_text("keep me", encoding="utf-8")
    entries = ["../README.md", "sub/x.png", str(_outside(folder) / "victim.png"), "..", "/"]
    record = {"archdsl": 1, "notes": {"notes.md": entries}, "digests": dict.fromkeys(entries, "0" * 16)}
    (folder / "diagrams" / "archdsl-manifest.json").write_text(json.dumps(record), encoding="utf-8")
    return ["render", "notes.md"]


def _nothing_deleted(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 0, outcome.err
    assert [victim.read_text(encoding="utf-8") for victim in _manifest_victims(folder)] == ["keep me"] * 3
    return "exit 0: entries that are paths (`../README.md`, `sub/x.png`, absolute) are ignored; nothing is deleted"


def _assets_link_outside(folder: Path) -> list[str]:
    (folder / "notes.md").write_text(FENCE, encoding="utf-8")
    (folder / "diagrams").symlink_to(_outside(folder), target_is_directory=True)
    return ["render", "notes.md"]


def _nothing_outside(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 2 and "Traceback" not in outcome.err, outcome.err
    assert outcome.err.startswith("archdsl: error: diagrams: resolves to ") and outcome.err.endswith(
        "; archdsl writes nothing outside it\n"
    ), outcome.err
    assert list(_outside(folder).iterdir()) == []
    return "exit 2: `archdsl: error: diagrams: resolves to …, outside the project …`; nothing is written"


def _hard_linked_note(folder: Path) -> list[str]:
    (folder / "notes.md").write_text(FENCE, encoding="utf-8")
    os.link(folder / "notes.md", folder / "copy.md")
    return ["render", "notes.md"]


def _long_heading(folder: Path) -> list[str]:
    (folder / "notes.md").write_text("## " + "東京リージョン" * 13 + "\n\n" + FENCE, encoding="utf-8")
    return ["render", "notes.md"]


def _bounded_name(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 0, outcome.err
    [image] = (folder / "diagrams").glob("*.svg")
    assert len(image.stem.encode()) <= 110, image.stem
    return f"exit 0: the image name is cut to {len(image.name.encode())} bytes, plus a hash of the whole"


def _colliding_notes(folder: Path) -> list[str]:
    for name, label in (("my_notes.md", "ALB"), ("my-notes.md", "NLB"), ("Notes.md", "CLB"), ("notes.md", "GLB")):
        (folder / name).write_text("## Overview\n\n" + FENCE.replace("ALB", label), encoding="utf-8")
    return ["render", "my_notes.md", "my-notes.md", "Notes.md", "notes.md"]


def _distinct_images(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 0, outcome.err
    names = [path.name.casefold() for path in (folder / "diagrams").glob("*.svg")]
    assert len(set(names)) == 4, names
    return "exit 0: four notes, four distinct image names (also on a case-insensitive file system)"


def _user_image(folder: Path) -> list[str]:
    (folder / "notes.md").write_text("## Overview\n\n" + FENCE, encoding="utf-8")
    (folder / "diagrams").mkdir()
    (folder / "diagrams" / "notes-overview.png").write_bytes(b"hand-made")
    return ["render", "notes.md"]


def _user_image_kept(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 0, outcome.err
    assert (folder / "diagrams" / "notes-overview.png").read_bytes() == b"hand-made"
    first = _first_line(outcome)
    assert first == "diagrams/notes-overview.png exists and is not archdsl's; drew notes-overview-2 instead", first
    return f"exit 0: the user's image is kept: `{first}`"


def _temporary_named_file(folder: Path) -> list[str]:
    (folder / "notes.md").write_text(FENCE, encoding="utf-8")
    (folder / ".notes.md.draft.tmp").write_text("a draft", encoding="utf-8")
    return ["render", "notes.md"]


def _draft_kept(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 0, outcome.err
    assert (folder / ".notes.md.draft.tmp").read_text(encoding="utf-8") == "a draft"
    return "exit 0: the user's `.notes.md.draft.tmp` stays (archdsl clears only `.archdsl-NAME.XXXXXXXX.tmp`)"


SECRET_MARK = b"CI-TOKEN-5f3a9c"


def _secret_png(path: Path) -> None:
    """A 1x1 PNG that Graphviz and browsers would load, carrying a secret in a text chunk."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    body = chunk(b"tEXt", b"Comment\x00" + SECRET_MARK) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + header + body + chunk(b"IEND", b""))


def _dot_injection(folder: Path) -> list[str]:
    _secret_png(folder / "token.png")
    climb = "resources/" + "../" * 40 + str((folder / "token.png").resolve()).lstrip("/")
    heading = f'<x>{{evil[image="{climb}" URL="{climb}" label=""]}}digraph<y>'
    (folder / "notes.md").write_text(f"# {heading}\n\n```mermaid\nflowchart LR\n  a --> b\n```\n", encoding="utf-8")
    return ["render", "notes.md", "-o", "out", "--format", "svg,png,dot"]


def _nothing_inlined(folder: Path, outcome: Outcome) -> str:
    import base64

    assert outcome.code == 0 and "Traceback" not in outcome.err, outcome.err
    secret = (folder / "token.png").read_bytes()
    written = sorted((folder / "out").iterdir())
    assert [path.suffix for path in written] == [".dot", ".png", ".svg"], written
    for path in written:
        data = path.read_bytes()
        assert SECRET_MARK not in data and base64.b64encode(secret)[:40] not in data, path
    svg = written[2].read_bytes()
    assert (svg.count(b'class="node"'), svg.count(b'class="edge"')) == (2, 1), svg[:300]
    return "exit 0: the heading is the graph's quoted name; 2 nodes, 1 edge, the file is in no output"


def _two_nodes_one_edge(folder: Path, outcome: Outcome) -> str:
    assert (outcome.code, outcome.err) == (0, "wrote out/slash-1.svg\n"), outcome.err
    svg = (folder / "out" / "slash-1.svg").read_bytes()
    assert (svg.count(b'class="node"'), svg.count(b'class="edge"')) == (2, 1), svg[:300]
    return "exit 0: drawn, 2 nodes and 1 edge; the id `a\\` is a quoted DOT ID"


def _sized(
    name: str, content: Callable[[int], str], size: int, *arguments: str
) -> dict[str, Callable[[Path], list[str]]]:
    """An input at ``size`` and at twice that size: a case about cost is measured at both."""
    return {
        "make": _write(name, lambda: content(size), *arguments),
        "doubled": _write(name, lambda: content(2 * size), *arguments),
    }


def _flowchart(body: str) -> str:
    return f"```mermaid\nflowchart LR\n{body}\n```\n"


def _style_line(count: int) -> str:
    return _flowchart("a --> b\nstyle a " + ",".join(["fill:#f0f"] * count))


def _undefined_names(count: int) -> str:
    return "".join(f"ec2 node{index}\n" for index in range(count)) + "".join(
        f"node{index} -> missing{index}\n" for index in range(count)
    )


def _cross_product(count: int) -> str:
    ends = [", ".join(f"{side}{index}" for index in range(count)) for side in "ab"]
    return f"ec2 x\n{ends[0]} -> {ends[1]}\n"


_USER_BLOCK = "<!-- archdsl:image hash=0123abcd -->\n![mine](elsewhere.png)\n<!-- archdsl:end -->\n"


def _user_marker_blocks(folder: Path) -> list[str]:
    note = "# Notes\n\n" + _USER_BLOCK + "\n```python\nprint(1)\n```\n" + _USER_BLOCK + "\n" + FENCE
    (folder / "notes.md").write_text(note, encoding="utf-8")
    return ["render", "notes.md"]


def _user_blocks_kept(folder: Path, outcome: Outcome) -> str:
    assert outcome.code == 0 and "Traceback" not in outcome.err, outcome.err
    note = (folder / "notes.md").read_text(encoding="utf-8")
    user = "# Notes\n\n" + _USER_BLOCK + "\n```python\nprint(1)\n```\n" + _USER_BLOCK + "\n" + FENCE
    assert note.startswith(user) and note.count("<!-- archdsl:image") == 3, note
    return "exit 0: both hand-copied blocks kept byte for byte; only the Mermaid fence gets archdsl's block"


def _growth_example() -> str:
    return (Path(__file__).resolve().parent.parent / "examples" / "growth-10k.arch").read_text(encoding="utf-8")


def _refused_alone(reason: str) -> Callable[[Path, Outcome], str]:
    """The diagram is not drawn, for ``reason``, in one line and within seconds; nothing else is written."""

    def check(folder: Path, outcome: Outcome) -> str:
        assert outcome.code in (1, 2) and "Traceback" not in outcome.err, outcome.err[:500]
        assert outcome.err.count(reason) == 1 and outcome.seconds < 10, (outcome.seconds, outcome.err[:500])
        assert not (folder / "out").exists() or not any((folder / "out").iterdir())
        return f"exit {outcome.code} in {outcome.seconds:.1f} s: `... {reason}`"

    return check


CASES: tuple[Case, ...] = (
    Case(
        "nesting-dsl",
        f"{DEEP:,} nested `group {{` blocks in a `.arch` file",
        _write("deep.arch", _dsl_nesting, "check"),
        _expect(1, f"deep.arch:65:11: ARCH016 [error] {NESTED_TOO_DEEP}"),
    ),
    Case(
        "nesting-mermaid",
        f"{DEEP:,} nested Mermaid `subgraph`s",
        _write("deep.md", _subgraph_nesting, "check"),
        _expect(1, f"deep.md:67:1: ARCH016 [error] {NESTED_TOO_DEEP}"),
    ),
    Case(
        "nesting-architecture",
        f"{DEEP:,} nested `architecture-beta` groups",
        _write("deep.md", _architecture_nesting, "check"),
        _expect(1, f"deep.md:67:7: ARCH016 [error] {NESTED_TOO_DEEP}"),
    ),
    Case(
        "nesting-markdown",
        f"a fence after {DEEP:,} nested blockquotes and {DEEP:,} nested lists",
        _write("deep.md", lambda: ">" * DEEP + " x\n\n" + "- " * DEEP + "x\n\n" + FENCE, "check"),
        _expect(
            1,
            "deep.md:1:1: ARCH016 [error] lists or quotes nest too deep here; "
            "archdsl reads no fence inside them or after them (nesting-too-deep)",
        ),
    ),
    Case(
        "huge-file",
        "a 100 MB Markdown file",
        _write("huge.md", lambda: b"x" * (100 * 2**20), "check"),
        _expect(
            1,
            "huge.md:1:1: ARCH001 [error] Cannot read file: file is larger than 2 MiB; "
            "archdsl reads notes up to 2 MiB (parse-error)",
        ),
    ),
    Case(
        "largest-note",
        "a 2 MiB note, every line its own block (the most markdown-it work per byte)",
        _write("big.md", lambda: _worst_case_note(2 * 2**20 - 64), "model", "--json"),
        _read_whole(3),
    ),
    Case(
        "long-label-dsl",
        "a 2 MB label on one line of a `.arch` file",
        _write("long.arch", lambda: 'ec2 web "' + "x" * 2_000_000 + '"\n', "model", "--json"),
        _read_whole(1),
    ),
    Case(
        "long-label-mermaid",
        "a 2 MB node label on one line of a Mermaid fence",
        _write("long.md", lambda: "```mermaid\nflowchart LR\na[" + "y" * 2_000_000 + "]-->b\n```\n", "model", "--json"),
        _read_whole(2),
    ),
    Case(
        "long-chain-mermaid",
        "200,000 edges chained on one 800 kB line",
        _write("chain.md", lambda: "```mermaid\nflowchart LR\n" + "a-->" * 200_000 + "b\n```\n", "check"),
        _expect(
            1,
            "chain.md:3:2005: ARCH001 [error] Cannot parse diagram: Mermaid fails while building the diagram: "
            "Edge limit exceeded. 500 edges found, but the limit is 500. (parse-error)",
        ),
    ),
    Case(
        "invalid-utf8",
        "a Latin-1 byte in a label",
        _write("bad.md", lambda: b"# t\n```mermaid\nflowchart LR\n  a[caf\xe9] --> b\n```\n", "check"),
        _expect(1, "bad.md:4:8: ARCH001 [error] Cannot read file: invalid UTF-8 (byte 0xe9) (parse-error)"),
    ),
    Case(
        "nul-bytes",
        "a NUL byte inside a fence",
        _write("nul.md", lambda: b"```mermaid\nflowchart LR\n  a --> b\x00\n```\n", "check"),
        _expect(
            1,
            "nul.md:3:10: ARCH001 [error] Cannot read file: binary file (NUL byte); archdsl reads UTF-8 text "
            "(parse-error)",
        ),
    ),
    Case(
        "bom-crlf",
        "a BOM and CRLF line endings",
        _crlf,
        _crlf_matches_lf,
    ),
    Case(
        "binary-file",
        "a PNG named `picture.md` next to a real note in a folder",
        _binary_in_folder,
        _expect(
            1,
            "docs/picture.md:3:1: ARCH001 [error] Cannot read file: binary file (NUL byte); archdsl reads UTF-8 text "
            "(parse-error)",
        ),
    ),
    Case(
        "symlink-loop",
        "a folder with symlinks to itself and to its parent",
        _symlink_loop,
        _read_whole(3),
    ),
    Case(
        "hostile-labels",
        "labels with quotes, backslashes, `<` `>`, HTML, an `<IMG SRC>` label, DOT syntax and `</text><script>`",
        _hostile_labels,
        _check_labels,
    ),
    Case(
        "assets-dir-escape",
        "`render --assets-dir ../../etc`",
        _write("notes.md", lambda: FENCE, "render", "--assets-dir", "../../etc"),
        _expect(
            2,
            "archdsl: error: --assets-dir: the assets folder must be a relative folder inside the note's folder, "
            "not '../../etc'",
        ),
    ),
    Case(
        "fence-id-path",
        "a fence named `{#../../etc/passwd}`",
        _fence_id_path,
        _check_fence_id,
    ),
    Case(
        "thousands-of-fences",
        "5,000 fences in one note",
        _write("fences.md", lambda: _fences(5000), "render", "--check"),
        _thousands_of_fences,
    ),
    Case(
        "symlink-outside-project",
        "a note that is a symlink to a secret file outside the project, and another in a folder walk",
        _symlink_to_secret,
        _nothing_secret,
    ),
    Case(
        "terminal-controls",
        "a label with ESC sequences (erase line, window title), BEL, backspace, a C1 CSI and U+202E",
        _terminal_controls,
        _controls_escaped,
    ),
    Case(
        "glyphs-no-font-has",
        "a label in runes and a private-use character, drawn to PNG by the embedded engine",
        _write("runes.arch", lambda: 'ec2 web "ᚠ gate \ue000"\n', "render", "-o", "runes.png", "--engine", "embedded"),
        _expect(
            0,
            "warning: no font here draws 'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F), '\\ue000' (U+E000) in "
            "'ᚠ gate \\ue000'; they are drawn as empty boxes in PNG. "
            "Install a font that has them and use --engine system, or choose other characters",
        ),
    ),
    Case(
        "manifest-entries",
        "a manifest edited to list `../README.md`, `sub/x.png` and an absolute path",
        _edited_manifest,
        _nothing_deleted,
    ),
    Case(
        "assets-symlink-outside",
        "an assets folder that is a symlink to a folder outside the project",
        _assets_link_outside,
        _nothing_outside,
    ),
    Case(
        "hard-linked-note",
        "a note with a second hard link",
        _hard_linked_note,
        _expect(
            2,
            "archdsl: error: notes.md: has 2 hard links; archdsl replaces a file by renaming a new one into place, "
            "which would cut it off from its other links; not written",
        ),
    ),
    Case(
        "long-heading",
        "a fence under a heading of 91 CJK characters (273 bytes)",
        _long_heading,
        _bounded_name,
    ),
    Case(
        "colliding-note-names",
        "`my_notes.md`, `my-notes.md`, `Notes.md` and `notes.md` in one folder, one heading each",
        _colliding_notes,
        _distinct_images,
    ),
    Case(
        "user-image",
        "a hand-made `diagrams/notes-overview.png` where a fence's image would go",
        _user_image,
        _user_image_kept,
    ),
    Case(
        "temporary-named-file",
        "a user file named `.notes.md.draft.tmp` beside the note",
        _temporary_named_file,
        _draft_kept,
    ),
    Case(
        "dot-injection-heading",
        "a heading that is an HTML-like DOT ID adding a node with `image=` and `URL=` of a PNG outside the package",
        _dot_injection,
        _nothing_inlined,
    ),
    Case(
        "backslash-node-id",
        "valid Mermaid `a\\ --> b` (a node id ending in a backslash)",
        _write(
            "slash.md", lambda: "```mermaid\nflowchart LR\n  a\\ --> b\n```\n", "render", "-o", "out", "--format", "svg"
        ),
        _two_nodes_one_edge,
    ),
    Case(
        "style-line",
        "a valid Mermaid `style` line of 29 kB (2,900 properties)",
        check=_read_whole(2),
        **_sized("style.md", _style_line, 2900, "model", "--json"),
    ),
    Case(
        "direction-long-line",
        "`direction TB` in a chart with an 80 kB line of `a & a & ...`",
        check=_read_whole(2),
        **_sized(
            "direction.md", lambda count: _flowchart("direction TB\n" + "a & " * count + "b"), 20_000, "model", "--json"
        ),
    ),
    Case(
        "unclosed-front-matter",
        "a Mermaid `---` front matter never closed, 40 kB of blank lines",
        check=_expect(
            1,
            "fm.md:2:1: ARCH001 [error] Cannot parse diagram: no Mermaid diagram type detected (parse-error)",
        ),
        **_sized(
            "fm.md",
            lambda count: "```mermaid\n---\n" + " \n" * count + "flowchart LR\na --> b\n```\n",
            20_000,
            "check",
        ),
    ),
    Case(
        "unclosed-tags",
        "a label of 40,000 unclosed `<a` tags (80 kB)",
        check=_read_whole(2),
        **_sized("tags.md", lambda count: _flowchart("a[" + "<a" * count + "] --- b"), 40_000, "model", "--json"),
    ),
    Case(
        "fence-info-braces",
        "a fence info string of 80,000 `{`s",
        check=_expect(1, "braces.md:1:1: diagram 'braces-1' has no embedded image yet"),
        **_sized(
            "braces.md",
            lambda count: "```mermaid " + "{" * count + "\nflowchart LR\na --> b\n```\n",
            80_000,
            "render",
            "--check",
        ),
    ),
    Case(
        "undefined-names",
        "2,500 edges to undefined names among 2,500 ids in a `.arch` file (89 kB)",
        check=_expect(
            1,
            "names.arch:2501:10: ARCH004 [error] 'missing0' is not defined; the nearest declared id is 'node1000' "
            "(undefined-edge-endpoint)",
        ),
        **_sized("names.arch", _undefined_names, 2500, "check"),
    ),
    Case(
        "cross-product",
        "`a0, ..., a16000 -> b0, ..., b16000` in a `.arch` file (200 kB, 256 million edges)",
        check=_expect(
            1,
            "cross.arch:2:1: ARCH001 [error] Cannot parse diagram: 256,000,000 edges; archdsl reads at most 10,000 "
            "edges per diagram (parse-error)",
        ),
        **_sized("cross.arch", _cross_product, 16_000, "check"),
    ),
    Case(
        "user-marker-blocks",
        "hand-copied `<!-- archdsl:image -->` blocks in prose and after a `python` fence",
        _user_marker_blocks,
        _user_blocks_kept,
    ),
    Case(
        "render-long-label",
        "`render` of a `.arch` file with a 1 MB label",
        _write("long.arch", lambda: 'ec2 web "' + "x" * 1_000_000 + '"\nrds db\nweb -> db\n', "render", "-o", "out"),
        _refused_alone("the label of 'web' is 1,000,000 characters long; archdsl draws labels of up to 2,000"),
    ),
    Case(
        "render-scale-16",
        "`render --scale 16` of a 20-node diagram to PNG",
        _write("growth.arch", _growth_example, "render", "-o", "out", "--format", "png", "--scale", "16"),
        _refused_alone("archdsl draws PNGs of up to 16,384 px a side and 64 megapixels (use a smaller --scale)"),
    ),
)
