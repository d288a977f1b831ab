"""The command line: output formats, exit codes and error messages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT, Run

from archdsl import __version__

BROKEN = 'title "t"\nec2 web\nweb -> \n'


def test_version(run_cli: Callable[..., Run]) -> None:
    result = run_cli("--version")
    assert (result.code, result.out.strip()) == (0, f"archdsl {__version__}")


def test_check_clean_example_exits_zero_silently(run_cli: Callable[..., Run]) -> None:
    result = run_cli("check", str(EXAMPLES / "growth-10k.arch"))
    assert (result.code, result.out, result.err) == (0, "", "")


def test_syntax_error_text_format(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "broken.arch"
    path.write_text(BROKEN)
    result = run_cli("check", str(path))
    assert result.code == 1
    assert result.out == (
        f"{path}:3:8: ARCH001 [error] Cannot parse diagram: expected a node id after '->', "
        "found the end of the line (parse-error)\n"
        "   |\n"
        " 3 | web -> \n"
        "   |        ^\n"
        "   = hint: an edge joins declared ids: a -> b\n"
        "Found 1 error in 1 file.\n"
    )


def test_parsable_and_json_formats(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "broken.arch"
    path.write_text(BROKEN)
    parsable = run_cli("check", "--format", "parsable", str(path))
    assert parsable.out == (
        f"{path}:3:8: ARCH001 [error] Cannot parse diagram: expected a node id after '->', "
        "found the end of the line (parse-error)\n"
    )
    as_json = json.loads(run_cli("check", "--format", "json", str(path)).out)
    assert as_json["diagnostics"] == [
        {
            "code": "ARCH001",
            "name": "parse-error",
            "severity": "error",
            "message": "Cannot parse diagram: expected a node id after '->', found the end of the line",
            "hint": "an edge joins declared ids: a -> b",
            "path": str(path),
            "span": {"line": 3, "column": 8, "end_line": 3, "end_column": 9},
        }
    ]


def test_warnings_count_as_findings(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "w.arch"
    path.write_text("ec22 web\n")
    assert run_cli("check", str(path)).code == 1


def test_missing_file_is_a_one_line_usage_error(run_cli: Callable[..., Run]) -> None:
    result = run_cli("check", "does/not/exist.arch")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "archdsl: error: does/not/exist.arch: no such file or directory\n",
    )


def test_unknown_command_is_usage_error(run_cli: Callable[..., Run]) -> None:
    assert run_cli("frobnicate").code == 2


def test_stdin_dsl_and_markdown(run_cli: Callable[..., Run]) -> None:
    result = run_cli("model", "--json", "-", stdin="ec2 a\nec2 b\na -> b\n")
    model = json.loads(result.out)
    assert result.code == 0
    assert model["diagrams"][0]["source"]["path"] == "<stdin>"
    assert [(e["source"], e["target"]) for e in model["diagrams"][0]["edges"]] == [("a", "b")]
    markdown = "# Notes\n\n```archdsl\nec2 a\na -> b\n```\n"
    result = run_cli("check", "--format", "parsable", "--stdin-filename", "notes.md", "-", stdin=markdown)
    expected = "notes.md:5:6: ARCH004 [error] 'b' is not defined; the nearest declared id is 'a'"
    assert result.out == expected + " (undefined-edge-endpoint)\n"


def test_directories_are_searched_recursively(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.arch").write_text("ec2 a\n")
    (tmp_path / "two.md").write_text("```archdsl\nec2 b\n```\n")
    (tmp_path / "ignored.txt").write_text("ec2 c\n")
    model = json.loads(run_cli("model", "--json", str(tmp_path)).out)
    assert [d["source"]["path"] for d in model["diagrams"]] == [
        str(tmp_path / "sub" / "one.arch"),
        str(tmp_path / "two.md"),
    ]


def test_model_json_of_growth_example(run_cli: Callable[..., Run]) -> None:
    result = run_cli("model", "--json", str(EXAMPLES / "growth-10k.arch"))
    model = json.loads(result.out)
    (diagram,) = model["diagrams"]
    groups = {g["id"]: (g["kind"], g["tier"], g["parent"]) for g in diagram["groups"]}
    assert groups["a"] == ("az", None, "main")
    assert groups["app-a"] == ("subnet", "private", "a")
    assert groups["public-c"] == ("subnet", "public", "c")
    nodes = {n["id"]: (n["kind"], n["group"]) for n in diagram["nodes"]}
    assert nodes["web1"] == ("ec2", "app-a")
    assert nodes["writer"] == ("aurora", "db-a")
    assert nodes["lb"] == ("alb", "main")
    edge = next(e for e in diagram["edges"] if e["source"] == "users" and e["target"] == "lb")
    assert (edge["label"], edge["style"], edge["direction"]) == ("HTTPS", "solid", "forward")
    assert edge["span"]["line"] == 33


def test_model_outline(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "o.arch"
    path.write_text('title "T"\nvpc v { subnet s private { ec2 web "Web" } }\nactor u\nu -> web : "HTTPS"\n')
    assert run_cli("model", str(path)).out == (
        f'{path}:1: archdsl diagram ("T", direction TB)\n'
        "  scope aws: an archdsl diagram (AWS unless it states a scope)\n"
        "  vpc v\n"
        "    subnet s private\n"
        '      ec2 web "Web"\n'
        "  actor u\n"
        '  u -> web : "HTTPS" (solid, forward)\n'
    )


def test_kinds_lists_the_catalogue(run_cli: Callable[..., Run]) -> None:
    rows = json.loads(run_cli("kinds", "--json").out)
    assert {"ec2", "aurora", "route53", "actor", "generic"} <= {row["kind"] for row in rows}


def test_invalid_utf8_is_a_diagnostic_not_a_crash(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "bad.arch"
    path.write_bytes(b"ec2 a\nec2 \xff\n")
    result = run_cli("check", "--format", "parsable", str(path))
    assert (result.code, result.out) == (
        1,
        f"{path}:2:5: ARCH001 [error] Cannot read file: invalid UTF-8 (byte 0xff) (parse-error)\n",
    )


def test_python_dash_m_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "archdsl", "check", str(EXAMPLES / "prototype.arch")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


# Every character that can move the cursor, erase, retitle the window or reorder text on a terminal.
RAW_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
HIDING = 'ec2 web "a\x1b[2K\x07\u202e\x9b"; ec22 db\n'
QUOTING = 'ec2 web "x"\nnode "evil\x1b]0;title\x07\x1b[2K\x08\u202e"\n'
QUOTED = (
    "Cannot parse diagram: expected a node id after 'node', found string \"evil\\x1b]0;title\\x07\\x1b[2K\\x08\\u202e\""
)


def test_control_characters_in_excerpts_are_escaped_and_the_caret_follows(
    run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    path = tmp_path / "hiding.arch"
    path.write_text(HIDING, encoding="utf-8")
    result = run_cli("lint", "--select", "ARCH003", str(path))
    assert result.out == (
        f"{path}:1:21: ARCH003 [warning] Unknown service kind 'ec22' for node 'db'; did you mean 'ec2'? "
        "(unknown-service-kind)\n"
        "   |\n"
        ' 1 | ec2 web "a\\x1b[2K\\x07\\u202e\\x9b"; ec22 db\n'
        "   |                                   ^^^^\n"
        "   = hint: run 'archdsl kinds' for the catalogue, or write 'generic'\n"
        "Found 1 warning in 1 file.\n"
    )


@pytest.mark.parametrize("output_format", ["text", "parsable", "github", "json", "sarif"])
def test_control_characters_in_messages_never_reach_the_terminal(
    run_cli: Callable[..., Run], tmp_path: Path, output_format: str
) -> None:
    path = tmp_path / "quoting.arch"
    path.write_text(QUOTING, encoding="utf-8")
    result = run_cli("lint", "--format", output_format, str(path))
    assert result.code == 1
    assert RAW_CONTROLS.findall(result.out.replace("\n", "")) == []
    if output_format in ("json", "sarif"):
        document = json.loads(result.out)
        messages = (
            [d["message"] for d in document["diagnostics"]]
            if output_format == "json"
            else [r["message"]["text"] for r in document["runs"][0]["results"]]
        )
        assert any("evil\x1b]0;title\x07\x1b[2K\x08\u202e" in message for message in messages), messages
    elif output_format == "github":
        assert result.out.startswith(f"::error file={path},line=2,col=6,")
        assert result.out.endswith(f"::{QUOTED}\n")
    else:
        assert result.out.startswith(f"{path}:2:6: ARCH001 [error] {QUOTED} (parse-error)\n")


def test_control_characters_in_paths_and_outlines_are_escaped(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    missing = run_cli("check", "gone\x1b[2K\r.arch")
    assert (missing.code, missing.err) == (2, "archdsl: error: gone\\x1b[2K\\x0d.arch: no such file or directory\n")
    path = tmp_path / "label.arch"
    path.write_text('ec2 web "Web\x1b[8m hidden\u202e"\n', encoding="utf-8")
    assert run_cli("model", str(path)).out == (
        f"{path}:1: archdsl diagram (direction TB)\n"
        "  scope aws: an archdsl diagram (AWS unless it states a scope)\n"
        '  ec2 web "Web\\x1b[8m hidden\\u202e"\n'
    )


JAPANESE = "# 日本語\n\n```mermaid\nflowchart LR\n  a[ウェブ] --> b[(データ)]\n  c[(孤立)]\n```\n"
# Each command with arguments that make it write to stdout.
WRITERS = [
    ["kinds"],
    ["kinds", "--json"],
    ["rules"],
    ["explain", "ARCH101"],
    ["model", "NOTE"],
    ["model", "--json", "NOTE"],
    ["check", "BROKEN"],
    ["lint", "NOTE"],
    ["lint", "--format", "sarif", "NOTE"],
    ["export", "--to", "mermaid", "NOTE"],
    ["render", "NOTE", "-o", "-", "--format", "dot"],
    ["fmt", "--check", "FORMAT"],
]


def _archdsl(tmp_path: Path, argv: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
    note = tmp_path / "ja.md"
    note.write_text(JAPANESE, encoding="utf-8")
    (tmp_path / "messy.arch").write_text("ec2   web\n")
    (tmp_path / "broken.arch").write_text(BROKEN)
    files = {"NOTE": note, "FORMAT": tmp_path / "messy.arch", "BROKEN": tmp_path / "broken.arch"}
    named = [str(files[word]) if word in files else word for word in argv]
    done: subprocess.CompletedProcess[bytes] = subprocess.run(
        [sys.executable, "-m", "archdsl", *named],
        cwd=ROOT,
        capture_output="stdout" not in options,
        check=False,
        **options,
    )
    return done


@pytest.mark.parametrize("argv", WRITERS, ids=" ".join)
def test_a_full_disk_is_one_line_and_exit_2(tmp_path: Path, argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = _archdsl(tmp_path, argv, stdout=full, stderr=subprocess.PIPE)
    assert (done.returncode, done.stderr.decode()) == (
        2,
        "archdsl: error: cannot write to stdout: No space left on device\n",
    )


@pytest.mark.parametrize("argv", WRITERS, ids=" ".join)
def test_a_closed_stdout_is_one_line_and_exit_2(tmp_path: Path, argv: list[str]) -> None:
    done = _archdsl(tmp_path, argv, stdout=None, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr.decode()) == (2, "archdsl: error: cannot write to stdout: it is closed\n")


@pytest.mark.parametrize("argv", WRITERS, ids=" ".join)
def test_a_reader_that_quit_ends_archdsl_quietly_with_141(tmp_path: Path, argv: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `archdsl ... | head -0`: whatever archdsl writes finds no reader
    try:
        done = _archdsl(tmp_path, argv, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr.decode()) == (141, "")


@pytest.mark.parametrize(
    "environment",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}],
    ids=["ascii", "C-locale"],
)
def test_characters_stdout_cannot_encode_are_escaped(tmp_path: Path, environment: dict[str, str]) -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("LANG", "LC_ALL", "PYTHONIOENCODING")}
    done = _archdsl(tmp_path, ["lint", "--select", "ARCH005", str(tmp_path / "ja.md")], env={**env, **environment})
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("ascii").splitlines()[:3] == [
        f"{tmp_path / 'ja.md'}:6:3: ARCH005 [info] Node 'c' (database) is not connected to anything; "
        "connect it or remove it (disconnected-node)",
        "   |",
        " 6 |   c[(\\u5b64\\u7acb)]",
    ]
    missing = _archdsl(tmp_path, ["check", "データ.arch"], env={**env, **environment})
    name = "\\xe3\\x83\\x87\\xe3\\x83\\xbc\\xe3\\x82\\xbf" if "LC_ALL" in environment else "\\u30c7\\u30fc\\u30bf"
    assert (missing.returncode, missing.stderr.decode("ascii")) == (
        2,
        f"archdsl: error: {name}.arch: no such file or directory\n",
    )


def test_an_unwritable_stderr_still_gives_the_exit_code(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = _archdsl(tmp_path, ["check", "missing.arch"], stdout=subprocess.PIPE, stderr=full)
    assert (done.returncode, done.stdout) == (2, b"")


def test_paths_archdsl_wrote_are_printed_escaped(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "one.arch"
    path.write_text("ec2 web\n")
    folder = tmp_path / "out\x1b[2K"
    result = run_cli("lint", "--format", "parsable", "--annotate", str(folder), str(path))
    shown = f"{tmp_path}/out\\x1b[2K"
    assert result.err == f"wrote {shown}/one.lint.svg\nwrote {shown}/one.lint.png\n"


def test_the_command_exits_fast_but_only_after_every_line_is_out(tmp_path: Path) -> None:
    # cli.run() ends with os._exit: whatever sits in stdout's buffer then must already be written.
    note = tmp_path / "many.md"
    # Mermaid rejects every fence: one ARCH001 finding each.
    fences = "".join(f"## Part {index}\n\n```mermaid\nflowchart LR\n  web{index} --> \n```\n\n" for index in range(300))
    note.write_text(fences, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "archdsl", "lint", "--format", "json", str(note)], capture_output=True, check=False
    )
    findings = json.loads(done.stdout)
    in_process = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; from archdsl.cli import main; sys.exit(main(['lint', '--format', 'json', {str(note)!r}]))",
        ],
        capture_output=True,
        check=False,
    )
    assert (done.returncode, findings) == (in_process.returncode, json.loads(in_process.stdout))
    assert len(done.stdout) > 65_536  # more than one pipe buffer: the tail would be lost without the flush
