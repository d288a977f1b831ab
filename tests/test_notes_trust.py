"""Notes and their images under hostile or unlucky conditions: nothing leaks, nothing is lost, one bad fence fails."""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archdsl import __version__
from archdsl.files import remove_temporaries, write_atomic
from archdsl.loader import load_paths
from archdsl.model import Diagram
from archdsl.notes import update_all
from archdsl.targets import DrawFailure

ROOT = Path(__file__).resolve().parent.parent
FLOW = "```mermaid\nflowchart LR\n  u[Users] --> alb[ALB]\n  alb --> db[(RDS)]\n```\n"
OTHER = "```mermaid\nflowchart LR\n  u[Users] --> web[EC2]\n```\n"
BROKEN = "```mermaid\nflowchart LR\n  a -->\n```\n"
FAKE_DOT = """#!/bin/sh
input=$(cat)
case "$input" in *FAILME*) echo "Error: lost edge in layout of FAILME" >&2; exit 1;; esac
printf '%s' "$input" | exec {dot} "$@"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (its own .git) to work in, with a folder outside it next door."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    monkeypatch.chdir(root)
    return root


def files_in(folder: Path) -> list[str]:
    found = [path for path in folder.rglob("*") if path.is_file() and ".git" not in path.parts]
    return sorted(str(path.relative_to(folder)) for path in found)


def links(note: Path) -> list[str]:
    return re.findall(r"!\[[^]]*\]\(([^)]*)\)", note.read_text(encoding="utf-8"))


def refused_outside(shown: str, target: Path, project: Path) -> str:
    where = f"resolves to {target}, outside the project {project}"
    return f"archdsl: error: {shown}: {where}; archdsl writes nothing outside it\n"


def manifest(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "archdsl-manifest.json").read_text(encoding="utf-8"))
    return data


# 1. Symlinks and hard links: nothing is written outside the project, links stay links.


def test_an_assets_folder_linked_outside_the_project_is_refused_before_drawing(project: Path, run_cli: Any) -> None:
    (project / "notes.md").write_text(FLOW, encoding="utf-8")
    (project / "diagrams").symlink_to(project.parent / "outside", target_is_directory=True)
    run = run_cli("render", "notes.md")
    assert (run.code, run.err) == (2, refused_outside("diagrams", project.parent / "outside", project))
    assert list((project.parent / "outside").iterdir()) == []
    assert (project / "notes.md").read_text(encoding="utf-8") == FLOW


def test_a_manifest_linked_outside_the_project_is_refused(project: Path, run_cli: Any) -> None:
    (project / "notes.md").write_text(FLOW, encoding="utf-8")
    (project / "diagrams").mkdir()
    target = project.parent / "outside" / "secret.json"
    target.write_text("{}", encoding="utf-8")
    (project / "diagrams" / "archdsl-manifest.json").symlink_to(target)
    run = run_cli("render", "notes.md")
    assert (run.code, run.err) == (2, refused_outside("diagrams/archdsl-manifest.json", target, project))
    assert target.read_text(encoding="utf-8") == "{}"
    assert [path.name for path in (project / "diagrams").iterdir()] == ["archdsl-manifest.json"]  # the link alone


def test_a_symlinked_note_is_updated_through_the_link_which_stays_a_link(project: Path, run_cli: Any) -> None:
    (project / "real").mkdir()
    (project / "real" / "notes.md").write_text("# Map\n\n" + FLOW, encoding="utf-8")
    (project / "notes.md").symlink_to(Path("real") / "notes.md")
    run = run_cli("render", "notes.md")
    assert run.code == 0, run.err
    assert (project / "notes.md").is_symlink()
    assert links(project / "real" / "notes.md") == ["diagrams/notes-map.svg"]
    assert files_in(project / "real" / "diagrams") == ["archdsl-manifest.json", "notes-map.png", "notes-map.svg"]
    assert not (project / "diagrams").exists()
    again = run_cli("render", "notes.md", "real/notes.md")
    assert (again.code, again.err) == (0, "")


def test_a_note_linked_to_a_file_outside_the_project_is_refused(project: Path, run_cli: Any) -> None:
    target = project.parent / "outside" / "notes.md"
    target.write_text(FLOW, encoding="utf-8")
    (project / "notes.md").symlink_to(target)
    run = run_cli("render", "notes.md")
    assert (run.code, run.err) == (2, refused_outside("notes.md", target, project))
    assert target.read_text(encoding="utf-8") == FLOW
    assert files_in(project.parent / "outside") == ["notes.md"]
    assert not (project / "diagrams").exists()


def test_a_hard_linked_note_is_refused_before_drawing(project: Path, run_cli: Any) -> None:
    (project / "notes.md").write_text(FLOW, encoding="utf-8")
    os.link(project / "notes.md", project / "copy.md")
    run = run_cli("render", "notes.md")
    assert (run.code, run.err) == (
        2,
        "archdsl: error: notes.md: has 2 hard links; archdsl replaces a file by renaming a new one into place, "
        "which would cut it off from its other links; not written\n",
    )
    assert (project / "copy.md").read_text(encoding="utf-8") == FLOW
    assert not (project / "diagrams").exists()


# 2. The manifest never deletes a file archdsl did not write, or one changed since.


@pytest.mark.parametrize(
    "entries",
    [
        ["../README.md", "../.git/config", "sub/x.png", "..", "archdsl-manifest.json"],
        ["ABSOLUTE"],
        ["user.png"],
    ],
)
def test_manifest_entries_that_are_not_images_archdsl_drew_are_never_deleted(
    project: Path, run_cli: Any, entries: list[str]
) -> None:
    (project / "notes.md").write_text(FLOW, encoding="utf-8")
    victims = [project / "README.md", project / ".git" / "config", project / "diagrams" / "sub" / "x.png"]
    victims += [project / "diagrams" / "user.png", project.parent / "outside" / "victim"]
    for victim in victims:
        victim.parent.mkdir(parents=True, exist_ok=True)
        victim.write_text("keep me", encoding="utf-8")
    entries = [str(victims[-1]) if entry == "ABSOLUTE" else entry for entry in entries]
    record = {"archdsl": 1, "notes": {"notes.md": entries}, "digests": dict.fromkeys(entries, "0" * 16)}
    (project / "diagrams" / "archdsl-manifest.json").write_text(json.dumps(record), encoding="utf-8")
    run = run_cli("render", "notes.md")
    assert run.code == 0, run.err
    assert [victim.read_text(encoding="utf-8") for victim in victims] == ["keep me"] * len(victims)
    assert manifest(project / "diagrams")["notes"] == {"notes.md": ["notes-1.png", "notes-1.svg"]}


@pytest.mark.parametrize(
    "text",
    ["[]", '{"notes": []}', '{"notes": {"notes.md": "abc"}}', '{"notes": {"notes.md": [1, null]}, "digests": []}', "{"],
)
def test_a_manifest_of_the_wrong_shape_is_ignored(project: Path, run_cli: Any, text: str) -> None:
    (project / "notes.md").write_text(FLOW, encoding="utf-8")
    (project / "diagrams").mkdir()
    (project / "diagrams" / "archdsl-manifest.json").write_text(text, encoding="utf-8")
    run = run_cli("render", "notes.md")
    assert run.code == 0, run.err
    assert manifest(project / "diagrams")["notes"] == {"notes.md": ["notes-1.png", "notes-1.svg"]}


def test_an_image_the_user_changed_is_kept_when_its_fence_goes(project: Path, run_cli: Any) -> None:
    note = project / "notes.md"
    note.write_text("## Alpha\n\n" + FLOW, encoding="utf-8")
    assert run_cli("render", "notes.md").code == 0
    (project / "diagrams" / "notes-alpha.png").write_bytes(b"edited by hand")
    note.write_text("## Beta\n\n" + FLOW, encoding="utf-8")
    run = run_cli("render", "notes.md")
    assert run.code == 0, run.err
    assert "kept diagrams/notes-alpha.png: changed since archdsl drew it, so it is not deleted\n" in run.err
    assert files_in(project / "diagrams") == [
        "archdsl-manifest.json",
        "notes-alpha.png",
        "notes-beta.png",
        "notes-beta.svg",
    ]
    assert manifest(project / "diagrams")["notes"] == {"notes.md": ["notes-beta.png", "notes-beta.svg"]}


def test_an_image_recorded_without_its_bytes_is_kept_and_said(project: Path, run_cli: Any) -> None:
    note = project / "notes.md"
    note.write_text("## Alpha\n\n" + FLOW, encoding="utf-8")
    assert run_cli("render", "notes.md").code == 0
    recorded = manifest(project / "diagrams")
    del recorded["files"]  # as an older archdsl wrote it
    (project / "diagrams" / "archdsl-manifest.json").write_text(json.dumps(recorded), encoding="utf-8")
    note.write_text("## Beta\n\n" + FLOW, encoding="utf-8")
    run = run_cli("render", "notes.md")
    assert run.code == 0, run.err
    assert run.err.splitlines()[:2] == [
        f"kept diagrams/notes-alpha.{fmt}: archdsl has no record of the bytes it wrote there (an older manifest), "
        "so it is not deleted"
        for fmt in ("png", "svg")
    ]


# 3. A file archdsl did not make is never overwritten.


def test_a_user_image_with_the_wanted_name_is_kept_and_the_diagram_drawn_beside_it(project: Path, run_cli: Any) -> None:
    note = project / "notes.md"
    note.write_text("## Overview\n\n" + FLOW, encoding="utf-8")
    (project / "diagrams").mkdir()
    (project / "diagrams" / "notes-overview.png").write_bytes(b"hand-made")
    run = run_cli("render", "notes.md")
    assert run.code == 0, run.err
    assert run.err.splitlines()[0] == (
        "diagrams/notes-overview.png exists and is not archdsl's; drew notes-overview-2 instead"
    )
    assert (project / "diagrams" / "notes-overview.png").read_bytes() == b"hand-made"
    assert links(note) == ["diagrams/notes-overview-2.svg"]
    again = run_cli("render", "notes.md")
    assert (again.code, again.err) == (0, "")
    assert run_cli("render", "--check", "notes.md").code == 0


# 4. Notes sharing an assets folder never share an image name.


@pytest.mark.parametrize("names", [("my_notes.md", "my-notes.md"), ("Notes.md", "notes.md")])
def test_notes_in_one_folder_never_share_an_image(project: Path, run_cli: Any, names: tuple[str, str]) -> None:
    first, second = (project / name for name in names)
    first.write_text("## Overview\n\n" + FLOW, encoding="utf-8")
    second.write_text("## Overview\n\n" + OTHER, encoding="utf-8")
    run = run_cli("render", *names)
    assert run.code == 0, run.err
    assert links(first)[0].casefold() != links(second)[0].casefold()
    together = {name: links(project / name) for name in names}
    second.write_text("## Overview\n\nno diagram any more\n", encoding="utf-8")
    assert run_cli("render", names[1]).code == 0
    assert (project / links(first)[0]).exists()
    assert run_cli("render", "--check", names[0]).code == 0
    # The names do not depend on which notes a run was given.
    alone = project / "alone"
    alone.mkdir()
    for name in names:
        (alone / name).write_text("## Overview\n\n" + FLOW, encoding="utf-8")
        assert run_cli("render", f"alone/{name}").code == 0
        assert links(alone / name) == together[name]


# 5. A fence's name does not depend on whether its siblings parse.


def test_a_broken_fence_keeps_its_image_and_its_sibling_keeps_its_own(project: Path, run_cli: Any) -> None:
    note = project / "notes.md"
    note.write_text("## Overview\n\n" + FLOW + "\n" + OTHER, encoding="utf-8")
    assert run_cli("render", "notes.md").code == 0
    before = links(note)
    assert before == ["diagrams/notes-overview.svg", "diagrams/notes-overview-2.svg"]
    recorded = manifest(project / "diagrams")
    note.write_text(note.read_text(encoding="utf-8").replace("flowchart LR", "flowchart LR\n  subgraph open", 1))
    run = run_cli("render", "notes.md")
    assert run.code == 1, run.err
    assert links(note) == before
    assert manifest(project / "diagrams") == recorded


# 6. Image names have a bounded length.


def test_a_very_long_heading_gives_a_bounded_name(project: Path, run_cli: Any) -> None:
    heading = "東京リージョンの構成" * 9  # 90 characters, 270 bytes of UTF-8
    note = project / "notes.md"
    note.write_text(f"## {heading}\n\n" + FLOW, encoding="utf-8")
    run = run_cli("render", "notes.md")
    assert run.code == 0, run.err
    [link] = links(note)
    stem = Path(link).stem
    assert stem.startswith("notes-東京リージョンの構成東京")
    assert re.fullmatch(r".*-[0-9a-f]{8}", stem) and len(stem.encode()) <= 110, stem
    assert (project / link).exists()
    assert run_cli("render", "--check", "notes.md").code == 0


# 7. One fence that cannot be drawn fails alone.


def failing_draw(diagrams: list[Diagram]) -> Iterator[dict[str, bytes] | DrawFailure]:
    from archdsl.render.pipeline import render

    for diagram in diagrams:
        if "FAILME" in "".join(node.label for node in diagram.nodes):
            yield DrawFailure("lost edge")
        else:
            yield render(diagram, ["svg", "png"])


def test_a_fence_that_cannot_be_drawn_is_a_finding_and_the_rest_is_drawn(project: Path) -> None:
    (project / "a.md").write_text("## One\n\n" + FLOW.replace("ALB", "FAILME") + "\n## Two\n\n" + OTHER)
    (project / "b.md").write_text("## Three\n\n" + FLOW, encoding="utf-8")
    documents = load_paths(["a.md", "b.md"])
    report = update_all(documents, "diagrams", ("light",), failing_draw)
    assert [f"{found.location()}: {found.code} {found.message}" for found in report.findings] == [
        "a.md:3:1: ARCH017 Cannot draw diagram 'a-one': lost edge"
    ]
    assert links(project / "a.md") == ["diagrams/a-two.svg"]
    assert links(project / "b.md") == ["diagrams/b-three.svg"]
    # The failed fence keeps its name (claimed before drawing), though it has no image yet.
    assert manifest(project / "diagrams")["notes"] == {
        "a.md": ["a-one.png", "a-one.svg", "a-two.png", "a-two.svg"],
        "b.md": ["b-three.png", "b-three.svg"],
    }


@pytest.fixture
def failing_dot(tmp_path: Path) -> dict[str, str]:
    """An environment whose `dot` fails on any graph that mentions FAILME, as Graphviz fails on a layout."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "dot"
    script.write_text(FAKE_DOT.format(dot="/usr/bin/dot"), encoding="utf-8")
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def run_in(project: Path, environment: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    """Run a command in its own process, so the `dot` on its PATH is the one in ``environment``."""
    return subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_graphviz_failure_fails_only_its_fence_end_to_end(
    project: Path, failing_dot: dict[str, str], jobs: str
) -> None:
    long_heading = "x" * 300
    (project / "a.md").write_text(
        f"## {long_heading}\n\n" + FLOW + "\n## Broken\n\n" + FLOW.replace("ALB", "FAILME"), encoding="utf-8"
    )
    (project / "b.md").write_text("## Three\n\n" + FLOW, encoding="utf-8")
    archdsl = (sys.executable, "-m", "archdsl")
    done = run_in(project, failing_dot, *archdsl, "render", "--engine", "system", "-j", jobs, "a.md", "b.md")
    assert done.returncode == 1, done.stderr
    assert "a.md:11:1: ARCH017 [error] Cannot draw diagram 'a-broken': " in done.stderr
    assert "Traceback" not in done.stderr
    assert len(links(project / "a.md")) == 1 and links(project / "b.md") == ["diagrams/b-three.svg"]
    assert sorted(manifest(project / "diagrams")["notes"]) == ["a.md", "b.md"]


# 8. fmt takes the folder lock and never overwrites a concurrent edit.

UNFORMATTED = "ec2   web\nec2 db\nweb->db\n"


def test_fmt_waits_for_the_folder_lock(project: Path) -> None:
    (project / "a.arch").write_text(UNFORMATTED, encoding="utf-8")
    descriptor = os.open(project, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        process = subprocess.Popen([sys.executable, "-m", "archdsl", "fmt", "a.arch"], cwd=project)
        time.sleep(1.5)
        assert process.poll() is None
        assert (project / "a.arch").read_text(encoding="utf-8") == UNFORMATTED
    finally:
        os.close(descriptor)
    assert process.wait(timeout=60) == 0
    assert (project / "a.arch").read_text(encoding="utf-8") == "ec2 web\nec2 db\nweb -> db\n"


def test_fmt_never_overwrites_an_edit_made_while_it_formatted(
    project: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import archdsl.fmt

    path = project / "a.arch"
    path.write_text(UNFORMATTED, encoding="utf-8")
    real = archdsl.fmt.format_checked

    def format_while_the_user_saves(name: str, text: str) -> str:
        path.write_text("ec2 saved\n", encoding="utf-8")
        return real(name, text)

    monkeypatch.setattr(archdsl.fmt, "format_checked", format_while_the_user_saves)
    run = run_cli("fmt", "a.arch")
    assert (run.code, run.err) == (
        2,
        "archdsl: error: a.arch: changed on disk while formatting; not overwritten, run again\n",
    )
    assert path.read_text(encoding="utf-8") == "ec2 saved\n"


def test_fmt_writes_through_a_symlink_inside_the_project_and_refuses_one_outside(project: Path, run_cli: Any) -> None:
    (project / "real.arch").write_text(UNFORMATTED, encoding="utf-8")
    (project / "link.arch").symlink_to("real.arch")
    assert run_cli("fmt", "link.arch").code == 0
    assert (project / "link.arch").is_symlink()
    assert (project / "real.arch").read_text(encoding="utf-8") == "ec2 web\nec2 db\nweb -> db\n"
    outside = project.parent / "outside" / "x.arch"
    outside.write_text(UNFORMATTED, encoding="utf-8")
    (project / "out.arch").symlink_to(outside)
    run = run_cli("fmt", "out.arch")
    assert (run.code, run.err) == (2, refused_outside("out.arch", outside, project))
    assert outside.read_text(encoding="utf-8") == UNFORMATTED


# 9. Only archdsl's own temporaries are cleared.


def test_only_archdsls_own_leftover_temporaries_are_removed(tmp_path: Path) -> None:
    users = [".notes.md.draft.tmp", ".notes.md.abcd1234.tmp", ".archdsl-notes.md.tmp", ".archdsl-notes.md.x.y.tmp"]
    for name in users:
        (tmp_path / name).write_text("mine", encoding="utf-8")
    (tmp_path / ".archdsl-notes.md.k2j_9x0a.tmp").write_text("half-written", encoding="utf-8")
    (tmp_path / ".archdsl-other.md.k2j_9x0a.tmp").write_text("another file's", encoding="utf-8")
    remove_temporaries(tmp_path, {"notes.md"})
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*users, ".archdsl-other.md.k2j_9x0a.tmp"])


def test_temporaries_are_named_unmistakably(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = os.replace

    def spy(source: str, target: Any) -> None:
        seen.append(Path(source).name)
        real(source, target)

    monkeypatch.setattr(os, "replace", spy)
    write_atomic(tmp_path / "notes.md", b"x")
    assert len(seen) == 1 and re.fullmatch(r"\.archdsl-notes\.md\.[a-z0-9_]{8}\.tmp", seen[0]), seen


# 10. Honest output.

TRAP = "```mermaid\ngraph TD\n    EC2 -->| RDS\n    RDS -->| EC2\n```\n"


@pytest.mark.parametrize("output", [[], ["-o", "out"]])
def test_render_prints_the_reading_traps_of_what_it_draws(project: Path, run_cli: Any, output: list[str]) -> None:
    (project / "notes.md").write_text("# Map\n\n" + TRAP, encoding="utf-8")
    run = run_cli("render", "notes.md", *output)
    assert run.code == 0, run.err
    assert run.err.startswith(
        "notes.md:5:12: ARCH014 [warning] the edge label opened by '|' here is not closed on this line"
    ), run.err


def test_check_says_what_changed(project: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "notes.md").write_text("# Map\n\n" + FLOW, encoding="utf-8")
    assert run_cli("render", "notes.md").code == 0
    theme = run_cli("render", "--check", "--theme", "dark", "notes.md")
    assert (theme.code, theme.out) == (
        1,
        "notes.md:3:1: diagram 'notes-map' was drawn with other render options (theme: light -> dark)\n",
    )
    with monkeypatch.context() as patched:
        patched.setattr("archdsl.notes.__version__", "99.0")
        version = run_cli("render", "--check", "notes.md")
    assert version.out == f"notes.md:3:1: diagram 'notes-map' was drawn by archdsl {__version__} (now 99.0)\n"
    (project / "notes.md").write_text((project / "notes.md").read_text().replace("[ALB]", "[NLB]"), encoding="utf-8")
    fence = run_cli("render", "--check", "notes.md")
    assert fence.out == "notes.md:3:1: diagram 'notes-map' changed since its image was drawn\n"


@pytest.mark.parametrize("names", [["notes.md", "notes.md"], ["notes.md", "./notes.md"], [".", "notes.md"]])
def test_a_note_named_twice_is_one_note(project: Path, run_cli: Any, names: list[str]) -> None:
    (project / "notes.md").write_text(FLOW, encoding="utf-8")
    run = run_cli("render", *names)
    assert run.code == 0, run.err
    assert links(project / "notes.md") == ["diagrams/notes-1.svg"]
    check = run_cli("render", "--check", *names)
    assert (check.code, check.out) == (0, "")


def test_an_assets_folder_with_a_space_gives_a_link_markdown_shows(project: Path, run_cli: Any) -> None:
    (project / "notes.md").write_text(FLOW, encoding="utf-8")
    run = run_cli("render", "--assets-dir", "doc images", "notes.md")
    assert run.code == 0, run.err
    assert links(project / "notes.md") == ["doc%20images/notes-1.svg"]
    assert (project / "doc images" / "notes-1.svg").exists()
    assert run_cli("render", "--check", "--assets-dir", "doc images", "notes.md").code == 0


def test_a_graphviz_failure_with_an_output_folder_fails_only_its_diagram(
    project: Path, failing_dot: dict[str, str]
) -> None:
    (project / "a.md").write_text("## One\n\n" + FLOW + "\n## Two\n\n" + FLOW.replace("ALB", "FAILME"))
    done = run_in(
        project, failing_dot, sys.executable, "-m", "archdsl", "render", "--engine", "system", "a.md", "-o", "out"
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("a.md:11:1: ARCH017 [error] Cannot draw diagram 'a-two': "), done.stderr
    assert sorted(path.name for path in (project / "out").iterdir()) == ["a-one.png", "a-one.svg"]


def test_the_mkdocs_build_warns_at_a_fence_it_cannot_draw_and_draws_the_rest(
    project: Path, failing_dot: dict[str, str]
) -> None:
    pytest.importorskip("mkdocs")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n\n" + FLOW, encoding="utf-8")
    (project / "docs" / "bad.md").write_text("# Bad\n\n" + FLOW.replace("ALB", "FAILME"), encoding="utf-8")
    config = "site_name: Test\nplugins:\n  - archdsl:\n      engine: system\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    builds = [
        run_in(project, failing_dot, sys.executable, "-m", "mkdocs", "build", *strict) for strict in (["--strict"], [])
    ]
    assert [build.returncode for build in builds] == [1, 0], builds[1].stderr
    for build in builds:
        assert "Traceback" not in build.stderr
        warnings = [line for line in build.stderr.splitlines() if line.startswith("WARNING")]
        assert warnings[0].startswith("WARNING -  archdsl: docs/bad.md:3:1: ARCH017 Cannot draw diagram 'bad-bad': "), (
            warnings
        )
    assert (project / "site" / "diagrams" / "index-home.svg").exists()
