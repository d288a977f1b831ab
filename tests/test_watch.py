"""`archdsl render --watch`: render now, then again after each save."""

from __future__ import annotations

import io
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from archdsl.watch import _relevant, watch

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_runs_once_then_after_each_batch_of_changes() -> None:
    calls: list[int] = []
    stream = io.StringIO()
    batches = [{"/n/early.md"}, set(), {"/n/b.md", "/n/a.md"}, set(), {"/n/a.md"}]
    code = watch(lambda: calls.append(1) or len(calls) - 1, batches, stream)
    assert (len(calls), code) == (3, 2)
    assert stream.getvalue() == "watching for changes (Ctrl-C to stop)\nchanged: a.md, b.md\nchanged: a.md\n"


def test_only_named_files_or_notes_under_named_folders_count(tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_text("x")
    (tmp_path / "docs").mkdir()
    relevant = _relevant([note.resolve(), (tmp_path / "docs").resolve()])
    assert relevant(None, str(note))
    assert not relevant(None, str(tmp_path / "other.md"))
    assert relevant(None, str(tmp_path / "docs" / "design.arch"))
    assert not relevant(None, str(tmp_path / "docs" / "diagrams" / "design.svg"))


def test_a_saved_note_is_rendered_again(tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_bytes((EXAMPLES / "notes.md").read_bytes())
    command = [sys.executable, "-m", "archdsl", "render", "--watch", str(note)]
    process = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, text=True, env={**os.environ})
    assert process.stderr is not None
    received: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [received.put(line) for line in process.stderr or []], daemon=True).start()
    lines: list[str] = []

    def wait_for(fragment: str) -> None:
        deadline = time.monotonic() + 60
        while not any(fragment in line for line in lines):
            assert time.monotonic() < deadline, lines
            try:
                lines.append(received.get(timeout=1))
            except queue.Empty:
                continue

    try:
        wait_for("watching for changes")
        note.write_text(note.read_text().replace("Ten thousand users", "Ten thousand people"))
        wait_for("notes-ten-thousand-people.svg")
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert "changed: notes.md\n" in lines
    assert (tmp_path / "diagrams" / "notes-ten-thousand-people.svg").exists()
