"""`archdsl render notes.md`: images beside the note, links after each fence, unchanged runs change nothing."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from archdsl.embed import strip
from archdsl.loader import load_paths
from archdsl.model import Diagram
from archdsl.notes import NotesError, update

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TEN_K = "notes-ten-thousand-users"
MILLION = "notes-a-million-users"


@pytest.fixture
def note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "notes.md"
    # CRLF and a BOM must survive: archdsl only adds its own lines.
    target.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "notes.md").read_bytes().replace(b"\n", b"\r\n"))
    return target


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path): (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.rglob("*")) if path.is_file()
    }


def test_render_embeds_an_image_after_each_fence_and_keeps_every_other_byte(note: Path, run_cli: Any) -> None:
    before = note.read_bytes()
    run = run_cli("render", "notes.md")
    assert run.code == 0, run.err
    after = note.read_bytes()
    assert strip(after.decode()) == before.decode()
    added = after.decode().split("\r\n")
    assert added[added.index("```", 20) + 1 : added.index("```", 20) + 4] == [
        added[added.index("```", 20) + 1],
        f"![Ten thousand users](diagrams/{TEN_K}.svg)",
        "<!-- archdsl:end -->",
    ]
    assert sorted(path.name for path in (note.parent / "diagrams").iterdir()) == [
        "archdsl-manifest.json",
        f"{MILLION}.png",
        f"{MILLION}.svg",
        f"{TEN_K}.png",
        f"{TEN_K}.svg",
    ]
    markers = dict(re.findall(r"archdsl:image hash=(\w+) -->\r\n!\[[^]]*\]\(diagrams/([\w-]+)\.svg", after.decode()))
    digests = {stem: digest for digest, stem in markers.items()}
    assert sorted(digests) == [MILLION, TEN_K]
    recorded = json.loads((note.parent / "diagrams" / "archdsl-manifest.json").read_text())
    images = [f"{MILLION}.png", f"{MILLION}.svg", f"{TEN_K}.png", f"{TEN_K}.svg"]
    assert list(recorded) == ["archdsl", "notes", "digests", "files", "sources"]
    assert recorded["notes"] == {"notes.md": images}
    assert recorded["digests"] == {name: digests[name.rsplit(".", 1)[0]] for name in images}
    # What each image's bytes were, so only an image nobody changed is ever deleted.
    assert recorded["files"] == {
        name: hashlib.sha256((note.parent / "diagrams" / name).read_bytes()).hexdigest() for name in images
    }
    assert sorted(recorded["sources"]) == sorted(digests.values())
    assert recorded["sources"][digests[TEN_K]]["options"] == {"theme": "light", "scale": "1.0", "engine": "auto"}
    assert (note.parent / "diagrams" / f"{TEN_K}.png").read_bytes().startswith(b"\x89PNG")
    assert run.err.splitlines()[-1] == "wrote notes.md"


def test_second_run_changes_no_byte_and_check_passes(note: Path, run_cli: Any) -> None:
    assert run_cli("render", "notes.md").code == 0
    before = snapshot(note.parent)
    again = run_cli("render", "notes.md")
    assert (again.code, again.err) == (0, "")
    assert snapshot(note.parent) == before
    check = run_cli("render", "--check", "notes.md")
    assert (check.code, check.out) == (0, "")


def test_an_edited_fence_is_named_by_check_and_is_the_only_one_rerendered(note: Path, run_cli: Any) -> None:
    assert run_cli("render", "notes.md").code == 0
    text = note.read_bytes().decode()
    note.write_bytes(text.replace("CloudFront", "CloudFront_CDN").encode())
    check = run_cli("render", "--check", "notes.md")
    assert check.code == 1
    # Line 45 of the note moved to 48: the first fence gained its three-line image block.
    assert check.out == f"notes.md:48:1: diagram '{MILLION}' changed since its image was drawn\n"
    rerun = run_cli("render", "notes.md")
    assert rerun.err.splitlines() == [
        f"wrote diagrams/{MILLION}.svg",
        f"wrote diagrams/{MILLION}.png",
        "wrote diagrams/archdsl-manifest.json",
        "wrote notes.md",
    ]
    assert run_cli("render", "--check", "notes.md").code == 0


def test_check_reports_a_missing_image(note: Path, run_cli: Any) -> None:
    assert run_cli("render", "notes.md").code == 0
    (note.parent / "diagrams" / f"{TEN_K}.png").unlink()
    check = run_cli("render", "--check", "notes.md")
    assert (check.code, check.out) == (1, f"notes.md:14:1: diagram '{TEN_K}' image file is missing\n")


def test_a_note_edited_during_the_render_is_not_overwritten(note: Path) -> None:
    (document,) = load_paths(["notes.md"])
    edited = b"# someone else's edit\n"

    def draw_while_the_user_saves(diagram: Diagram) -> dict[str, bytes]:
        note.write_bytes(edited)
        return {"svg": b"<svg/>", "png": b"png"}

    with pytest.raises(NotesError, match=r"^notes\.md: changed on disk while rendering; not overwritten, run again$"):
        update(document, "diagrams", ("light",), draw_while_the_user_saves)
    assert note.read_bytes() == edited


def test_bare_carriage_returns_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLES / "notes.md", "notes.md")
    Path("notes.md").write_bytes(Path("notes.md").read_bytes().replace(b"notes\n\nDesign", b"notes\r\rDesign", 1))
    before = Path("notes.md").read_bytes()
    run = run_cli("render", "notes.md")
    assert run.code == 2
    assert "notes.md: has carriage returns that do not end lines" in run.err
    assert Path("notes.md").read_bytes() == before


def test_images_of_a_removed_fence_are_deleted_but_not_files_archdsl_did_not_make(note: Path, run_cli: Any) -> None:
    assert run_cli("render", "notes.md").code == 0
    (note.parent / "diagrams" / "photo.png").write_bytes(b"mine")
    text = note.read_bytes().decode()
    start = text.index("## A million users")
    note.write_bytes(text[:start].encode())
    assert run_cli("render", "notes.md").code == 0
    assert sorted(path.name for path in (note.parent / "diagrams").iterdir()) == [
        "archdsl-manifest.json",
        f"{TEN_K}.png",
        f"{TEN_K}.svg",
        "photo.png",
    ]


def test_a_fence_with_errors_keeps_its_last_image_and_link(note: Path, run_cli: Any) -> None:
    assert run_cli("render", "notes.md").code == 0
    rendered = note.read_bytes().decode()
    broken = rendered.replace("flowchart TB", "flowchart TB\r\n  A --> end", 1)
    note.write_bytes(broken.encode())
    run = run_cli("render", "notes.md")
    assert run.code == 1
    assert "ARCH001" in run.err
    assert note.read_bytes().decode() == broken
    assert (note.parent / "diagrams" / f"{TEN_K}.svg").exists()


def test_parallel_rendering_writes_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any
) -> None:
    outputs = []
    for jobs in ("1", "2"):
        folder = tmp_path / f"j{jobs}"
        folder.mkdir()
        monkeypatch.chdir(folder)
        shutil.copy(EXAMPLES / "notes.md", "notes.md")
        shutil.copy(EXAMPLES / "notes.md", "more.md")
        assert run_cli("render", "-j", jobs, "notes.md", "more.md").code == 0
        outputs.append({str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*.*"))})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 11  # two notes, eight images, one manifest


def test_image_names_come_from_the_fence_id_title_or_heading_and_stay_unique(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    chart = "graph LR\n  User --> ALB --> EC2\n```\n"
    Path("design.md").write_text(
        "# Checkout\n\n```mermaid {#checkout-flow}\n"
        + chart
        + '\n```archdsl title="Two zones"\nactor u\nalb lb\nu -> lb\n```\n'
        + "\n## Phase\n\n```mermaid\n"
        + chart
        + "\n## Phase\n\n```mermaid\n"
        + chart
        + "\n```mermaid\n---\ntitle: Edge cache\n---\n"
        + chart
    )
    assert run_cli("render", "design.md").code == 0
    assert sorted(path.stem for path in Path("diagrams").glob("*.svg")) == [
        "design-checkout-flow",
        "design-edge-cache",
        "design-phase",
        "design-phase-2",
        "design-two-zones",
    ]


def test_images_recorded_in_the_manifest_are_not_redrawn_when_only_the_note_lost_its_blocks(
    note: Path, run_cli: Any
) -> None:
    original = note.read_bytes()
    assert run_cli("render", "notes.md").code == 0
    images = {path.name: path.stat().st_mtime_ns for path in (note.parent / "diagrams").glob("*.*g")}
    note.write_bytes(original)  # as after `git checkout notes.md`: the images stayed, the links went
    check = run_cli("render", "--check", "notes.md")
    assert check.code == 1
    assert check.out.count("has no embedded image yet") == 2
    rerun = run_cli("render", "notes.md")
    assert rerun.err.splitlines() == ["wrote notes.md"]
    assert {path.name: path.stat().st_mtime_ns for path in (note.parent / "diagrams").glob("*.*g")} == images


def test_fold_source_folds_each_fence_under_its_image_and_later_runs_keep_it_folded(note: Path, run_cli: Any) -> None:
    original = note.read_bytes()
    assert run_cli("render", "notes.md").code == 0
    plain = note.read_bytes()
    drawn = {path.name: path.stat().st_mtime_ns for path in (note.parent / "diagrams").glob("*.*g")}
    folded_run = run_cli("render", "--fold-source", "notes.md")
    assert folded_run.err.splitlines() == ["wrote notes.md"]  # images are not redrawn for a fold
    folded = note.read_bytes().decode()
    assert strip(folded) == original.decode()
    assert folded.count("<details><summary>Mermaid source</summary>") == 2
    lines = folded.split("\r\n")
    first = lines.index("```mermaid")
    assert lines[first - 5 : first] == [
        lines[first - 5],
        f"![Ten thousand users](diagrams/{TEN_K}.svg)",
        "",
        "<details><summary>Mermaid source</summary>",
        "",
    ]
    assert lines[first - 5].startswith("<!-- archdsl:image hash=") and lines[first - 5].endswith(" fold -->")
    # A plain run (the pre-commit hook) keeps the fold; --check agrees; --no-fold-source is flagged and undoes it.
    assert (run_cli("render", "notes.md").err, note.read_bytes().decode()) == ("", folded)
    assert run_cli("render", "--check", "notes.md").code == 0
    unfold_check = run_cli("render", "--check", "--no-fold-source", "notes.md")
    assert unfold_check.code == 1
    assert unfold_check.out.splitlines() == [
        f"notes.md:19:1: diagram '{TEN_K}' is folded under its image",
        f"notes.md:59:1: diagram '{MILLION}' is folded under its image",
    ]
    assert run_cli("render", "--no-fold-source", "notes.md").code == 0
    assert note.read_bytes() == plain
    assert {path.name: path.stat().st_mtime_ns for path in (note.parent / "diagrams").glob("*.*g")} == drawn


def test_fold_source_needs_notes_rendered_in_place(note: Path, run_cli: Any) -> None:
    run = run_cli("render", "--fold-source", "notes.md", "-o", "out")
    assert (run.code, run.err) == (
        2,
        "archdsl: error: --fold-source works on Markdown notes rendered in place (without -o)\n",
    )
