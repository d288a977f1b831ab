"""Concurrency and faults: two renders at once, renders killed with SIGKILL, read-only files and folders."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARCHDSL = [sys.executable, "-m", "archdsl"]
GUIDE = "# Guide\n\n```mermaid\nflowchart LR\n  u[Users] --> alb[ALB]\n  alb --> db[(RDS)]\n```\n"


def make_notes(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLES / "notes.md", folder / "notes.md")
    (folder / "guide.md").write_text(GUIDE, encoding="utf-8")
    (folder / "more.md").write_text(GUIDE.replace("Guide", "More").replace("RDS", "Aurora"), encoding="utf-8")
    return sorted(folder.glob("*.md"))


def render(folder: Path, *extra: str) -> subprocess.Popen[bytes]:
    notes = sorted(str(path.name) for path in folder.glob("*.md"))
    return subprocess.Popen([*ARCHDSL, "render", *extra, *notes], cwd=folder, stderr=subprocess.PIPE)


def state(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def complete_image(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".png":
        return data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
    return data.rstrip().endswith(b"</svg>")


def linked_images(note: Path) -> list[Path]:
    lines = note.read_text(encoding="utf-8").splitlines()
    return [note.parent / line[line.index("](") + 2 : -1] for line in lines if line.startswith("![")]


@pytest.fixture(scope="module")
def rendered_once(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What one uninterrupted render leaves: every later test compares against it."""
    folder = tmp_path_factory.mktemp("reference")
    make_notes(folder)
    process = render(folder)
    assert process.wait(timeout=120) == 0
    return state(folder)


def test_two_renders_at_once_leave_the_same_files_as_one(tmp_path: Path, rendered_once: dict[str, bytes]) -> None:
    make_notes(tmp_path)
    first, second = render(tmp_path), render(tmp_path)
    codes = [first.wait(timeout=120), second.wait(timeout=120)]
    assert codes == [0, 0], [process.stderr.read() for process in (first, second) if process.stderr]
    assert state(tmp_path) == rendered_once
    # The run that waited for the folder found everything fresh and wrote nothing.
    outputs = sorted(process.stderr.read().decode() for process in (first, second) if process.stderr)
    assert outputs[0] == ""


def test_a_render_killed_at_any_point_leaves_old_or_new_files_never_broken(
    tmp_path: Path, rendered_once: dict[str, bytes]
) -> None:
    chooser = random.Random(20261130)
    originals = {path.name: path.read_bytes() for path in make_notes(tmp_path / "originals")}
    for attempt in range(8):
        folder = tmp_path / f"attempt-{attempt}"
        make_notes(folder)
        process = render(folder)
        time.sleep(chooser.uniform(0.2, 2.0))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        for name, original in originals.items():
            note = (folder / name).read_bytes()
            assert note in (original, rendered_once[name]), f"attempt {attempt}: {name} is neither old nor new"
            for image in linked_images(folder / name):
                assert complete_image(image), f"attempt {attempt}: {name} links a broken {image.name}"
        manifest = folder / "diagrams" / "archdsl-manifest.json"
        if manifest.exists():
            json.loads(manifest.read_text(encoding="utf-8"))
        # The next run finishes the job, and clears what the killed run left half-written.
        assert render(folder).wait(timeout=120) == 0
        assert state(folder) == rendered_once, f"attempt {attempt}"


def test_a_read_only_note_is_refused_before_anything_is_drawn(tmp_path: Path, run_cli: Any) -> None:
    (note,) = [path for path in make_notes(tmp_path) if path.name == "guide.md"]
    note.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        run = run_cli("render", str(note))
        assert (run.code, run.err) == (
            2,
            f"archdsl: error: {note}: the file is read-only; archdsl will not change it\n",
        )
        assert note.read_text(encoding="utf-8") == GUIDE
        assert not (tmp_path / "diagrams").exists()
    finally:
        note.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_read_only_assets_folder_is_refused_with_its_name(tmp_path: Path, run_cli: Any) -> None:
    (note,) = [path for path in make_notes(tmp_path) if path.name == "guide.md"]
    assets = tmp_path / "diagrams"
    assets.mkdir()
    assets.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        run = run_cli("render", str(note))
        image = assets / "guide-guide.svg"
        assert (run.code, run.err) == (
            2,
            f"archdsl: error: {image} (its folder {assets}): the folder is read-only; archdsl will not change it\n",
        )
        assert note.read_text(encoding="utf-8") == GUIDE
    finally:
        assets.chmod(stat.S_IRWXU)


def test_fmt_refuses_a_read_only_file(tmp_path: Path, run_cli: Any) -> None:
    source = tmp_path / "shop.arch"
    source.write_text("ec2    web\n", encoding="utf-8")
    source.chmod(stat.S_IRUSR)
    try:
        run = run_cli("fmt", str(source))
        assert (run.code, run.err) == (
            2,
            f"archdsl: error: {source}: the file is read-only; archdsl will not change it\n",
        )
        assert source.read_text(encoding="utf-8") == "ec2    web\n"
    finally:
        source.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_write_the_system_refuses_is_a_one_line_error(tmp_path: Path, run_cli: Any) -> None:
    (note,) = [path for path in make_notes(tmp_path) if path.name == "guide.md"]
    (tmp_path / "diagrams").write_text("a file where the folder should be", encoding="utf-8")
    run = run_cli("render", str(note))
    assert run.code == 2
    # The manifest claims the image names before anything is drawn: it is the first write refused.
    assert run.err.startswith(f"archdsl: error: {tmp_path / 'diagrams' / 'archdsl-manifest.json'}: cannot write: ")
    assert run.err.count("\n") == 1


@pytest.mark.skipif(os.name != "posix", reason="flock serialises runs on POSIX only")
def test_the_folder_lock_leaves_no_file_behind(tmp_path: Path, rendered_once: dict[str, bytes]) -> None:
    make_notes(tmp_path)
    assert render(tmp_path).wait(timeout=120) == 0
    assert sorted(state(tmp_path)) == sorted(rendered_once)
