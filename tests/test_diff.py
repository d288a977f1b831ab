"""archdsl diff on a scratch repository whose notes grow through three phases, in every output format."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT
from PIL import Image
from scratch_repo import ScratchRepo, phase

from archdsl.cli import main
from archdsl.revisions import changed_notes

GOLDEN = ROOT / "tests" / "golden" / "diff"
# A note nobody changes, broken on purpose: were it read, its parse error would show.
UNCHANGED_BROKEN = "# Old notes\n\n```mermaid\nflowchart TB\n    A[unclosed --> B\n```\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ScratchRepo:
    """prototype -> two zones -> database made public, one commit each, beside notes that never change."""
    scratch = ScratchRepo(tmp_path / "repo")
    scratch.write("README.md", "# Shop\n")
    scratch.write("docs/old.md", UNCHANGED_BROKEN)
    for number in range(1, 4):
        scratch.write("docs/shop.md", phase(number))
        scratch.commit(f"phase {number}")
    monkeypatch.chdir(scratch.root)
    return scratch


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    code = main(["diff", *arguments])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("ARCHDSL_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; ARCHDSL_UPDATE_GOLDEN=1 rewrites it"


def test_the_commits_are_the_same_every_run(repo: ScratchRepo) -> None:
    # The golden outputs name these commits.
    assert [repo.git("rev-parse", "--short=12", name).strip() for name in ("HEAD~2", "HEAD~1", "HEAD")] == [
        "cefdf5a864b8",
        "82372277e6d5",
        "0e9f86a55e81",
    ]


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        (("HEAD~2", "HEAD~1"), "phase1-phase2.txt"),
        (("HEAD~1..HEAD",), "phase2-phase3.txt"),
        (("HEAD~2", "HEAD", "--format", "markdown"), "phase1-phase3.md"),
        (("HEAD~2", "HEAD", "--format", "json"), "phase1-phase3.json"),
    ],
)
def test_each_output_format_reports_exactly_the_changes(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str], arguments: tuple[str, ...], name: str
) -> None:
    code, out, err = run(capsys, *arguments)
    assert (code, err) == (0, "")
    golden(name, out)


def test_json_names_the_rename_the_move_into_a_public_subnet_and_the_findings(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "HEAD~2", "HEAD", "--format", "json")
    (diagram,) = json.loads(out)["diagrams"]
    assert (diagram["path"], diagram["name"], diagram["status"]) == ("docs/shop.md", "shop-current-design", "changed")
    assert diagram["renamed"] == [{"from": "Web", "to": "App1", "why": "same kind and label"}]
    moves = {move["node"]: (move["from_text"], move["to_text"]) for move in diagram["moved"]}
    assert moves == {
        "Orders": ("private subnet `Private`", "public subnet `Public`"),
        "App1": ("public subnet `Public`", "private subnet `AppA`"),
    }
    introduced = [(f["code"], f["subject"], f["line"], f["column"]) for f in diagram["findings"]["introduced"]]
    resolved = [(f["code"], f["subject"], f["line"]) for f in diagram["findings"]["resolved"]]
    assert introduced == [("ARCH201", "Orders", 21, 13)]
    assert resolved == [("ARCH101", "App1", 14)]  # found on `Web` at phase 1: the same node, renamed
    assert [s["id"] for s in diagram["services"]["added"]] == ["LB", "App2"]
    assert diagram["services"]["removed"] == []
    assert diagram["groups"]["removed"] == [{"id": "Private", "text": "private subnet `Private`"}]


def test_a_relabelled_edge_is_one_change_not_an_edge_removed_and_one_added(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "HEAD~1", "HEAD", "--format", "json")
    edges = json.loads(out)["diagrams"][0]["edges"]
    assert edges["added"] == edges["removed"] == []
    assert edges["relabelled"] == [
        {"source": "LB", "target": "App1", "from": "HTTP", "to": "HTTPS"},
        {"source": "LB", "target": "App2", "from": "HTTP", "to": "HTTPS"},
    ]


def test_only_the_notes_git_says_changed_are_read(repo: ScratchRepo) -> None:
    base = repo.git("rev-parse", "HEAD~2").strip()
    head = repo.git("rev-parse", "HEAD").strip()
    assert [(c.old_path, c.new_path) for c in changed_notes(repo.root, base, head)] == [
        ("docs/shop.md", "docs/shop.md")
    ]


def test_fail_on_new_exits_1_only_when_the_change_brings_a_finding_at_that_level(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "HEAD~2", "HEAD~1", "--fail-on-new", "error")[0] == 0  # one resolved, none new
    assert run(capsys, "HEAD~1", "HEAD", "--fail-on-new", "error")[0] == 1  # the public database
    assert run(capsys, "HEAD~1", "HEAD")[0] == 0


def test_the_default_compares_head_with_the_work_tree(repo: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[1].startswith("no architecture changes between 0e9f86a55e81 and the work tree")
    repo.write("docs/shop.md", phase(3).replace("    App1 -->|SQL| Orders\n", ""))
    code, out, _ = run(capsys, "--format", "json")
    diagram = json.loads(out)["diagrams"][0]
    assert code == 0 and json.loads(out)["head"] == "the work tree"
    assert diagram["edges"]["removed"] == [{"source": "App1", "target": "Orders", "label": "SQL"}]


def test_a_path_limits_the_comparison_to_those_notes(repo: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write("docs/shop.md", phase(1))
    repo.write("other/new.arch", 'title "x"\nec2 web "Web"\n')
    out = run(capsys, "--format", "json", "other")[1]
    assert [d["path"] for d in json.loads(out)["diagrams"]] == ["other/new.arch"]
    assert json.loads(out)["diagrams"][0]["status"] == "added"


def test_two_files_compare_without_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "v1.md", tmp_path / "v2.md"
    old.write_text(phase(2), encoding="utf-8")
    new.write_text(phase(3), encoding="utf-8")
    code, out, err = run(capsys, "--no-index", str(old), str(new), "--format", "json")
    assert (code, err) == (0, "")
    (diagram,) = json.loads(out)["diagrams"]
    assert [m["node"] for m in diagram["moved"]] == ["Orders"]
    assert (json.loads(out)["base"], json.loads(out)["head"], diagram["old_path"]) == (str(old), str(new), None)


def test_a_revision_that_looks_like_an_option_is_refused_not_passed_to_git(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--", "--output=pwned.txt")
    assert (code, out) == (2, "")
    assert err == "archdsl: error: '--output=pwned.txt' is neither a revision nor a file\n"
    assert not (repo.root / "pwned.txt").exists()


def test_an_unknown_revision_is_a_usage_error(repo: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "no-such-branch") == (
        2,
        "",
        "archdsl: error: 'no-such-branch' is neither a revision nor a file\n",
    )


def test_a_note_committed_as_a_symlink_is_not_followed(repo: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    secret = repo.root.parent / "secret.md"
    secret.write_text("```mermaid\nflowchart TB\n    Secret[(leaked)]\n```\n", encoding="utf-8")
    (repo.root / "docs" / "link.md").symlink_to(secret)
    repo.commit("a symlink")
    code, out, _ = run(capsys, "HEAD~1", "HEAD")
    assert code == 1
    assert "leaked" not in out and "Secret" not in out
    assert out.startswith("docs/link.md:1:1: not compared, cannot read it in ")
    assert "is a symbolic link in" in out


def test_image_draws_added_parts_green_and_removed_parts_red_and_dashed(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "HEAD~2", "HEAD", "--image", str(tmp_path / "img"), "--format", "markdown")
    assert code == 0
    svg = (tmp_path / "img" / "shop-current-design.diff.svg").read_text(encoding="utf-8")
    assert f"![shop-current-design: added in green, removed in red, moved in amber]({tmp_path}/img/" in out
    assert 'stroke="#1d8102"' in svg.lower() and 'stroke="#e07b00"' in svg.lower()
    # The removed edge DNS -> App1: red and dashed.
    assert any('stroke="#d13212"' in line.lower() and "stroke-dasharray" in line for line in svg.splitlines())
    picture = Image.open(tmp_path / "img" / "shop-current-design.diff.png").convert("RGB")
    colours = picture.getcolors(maxcolors=1 << 20)
    assert colours is not None
    present = {colour for _, colour in colours}
    assert {(0x1D, 0x81, 0x02), (0xD1, 0x32, 0x12), (0xE0, 0x7B, 0x00)} <= present
    assert err.count("wrote ") == 2


def test_a_fence_that_stops_parsing_is_a_new_finding_not_every_service_removed(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("docs/shop.md", phase(3).replace("LB[Application Load Balancer]", "LB[Application Load Balancer"))
    code, out, _ = run(capsys, "--fail-on-new", "error")
    assert code == 1
    assert out.splitlines()[:4] == [
        "docs/shop.md: the note itself",
        "  ! new finding ARCH001 parse-error (error) at docs/shop.md:18:18: Cannot parse diagram: the label of 'LB'"
        " is never closed: '[' stands where ']' should close it",
        "",
        "docs/shop.md: diagram 'shop-current-design' (not read: see the new findings of the note)",
    ]
    assert "removed service" not in out


def test_three_dots_compare_with_where_the_branch_left_its_base(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.git("checkout", "-q", "-b", "feature", "HEAD~1")  # from phase 2
    repo.write("docs/shop.md", phase(2).replace("|HTTP| App2", "|HTTPS| App2"))
    repo.commit("only the second server's edge")
    _, two_dots, _ = run(capsys, "main..feature", "--format", "json")
    _, three_dots, _ = run(capsys, "main...feature", "--format", "json")
    # main..feature also undoes phase 3 (main moved on); main...feature shows only the branch's own change.
    assert json.loads(two_dots)["diagrams"][0]["moved"] != []
    (diagram,) = json.loads(three_dots)["diagrams"]
    assert diagram["moved"] == [] and diagram["edges"]["relabelled"] == [
        {"source": "LB", "target": "App2", "from": "HTTP", "to": "HTTPS"}
    ]


def test_an_argument_after_the_revisions_that_names_nothing_is_an_error(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "HEAD~1", "typo.md") == (2, "", "archdsl: error: 'typo.md' is neither a revision nor a file\n")


def test_a_note_moved_from_an_arch_file_into_a_markdown_fence_is_read_as_each_was_written(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    design = 'title "Edge"\nactor people "People"\ncloudfront cdn "CDN"\ns3 site "Site"\npeople -> cdn\ncdn -> site\n'
    repo.write("docs/edge.arch", design)
    repo.commit("an .arch design")
    (repo.root / "docs" / "edge.arch").unlink()
    repo.write("docs/edge.md", f"# Edge\n\n```archdsl\n{design}```\n")
    repo.git("add", "-A")  # staged, so git sees the move as a rename
    assert (
        run(capsys, "docs")[1]
        == "no architecture changes between "
        + repo.git("rev-parse", "--short=12", "HEAD").strip()
        + " and the work tree\n"
    )


def test_a_renamed_subnet_is_one_change_and_moves_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "v1.arch", tmp_path / "v2.arch"
    design = """vpc main {{
  subnet {a} private [cidr=10.0.1.0/24] {{ ec2 web "Web" }}
  subnet {b} data {{ rds db "Orders" }}
}}
web -> db
"""
    old.write_text(design.format(a="app", b="db-a"), encoding="utf-8")
    new.write_text(design.format(a="app-tier", b="data-a"), encoding="utf-8")
    code, out, _ = run(capsys, "--no-index", str(old), str(new))
    assert code == 0
    assert out.splitlines()[1:3] == [
        "  ~ group `app` renamed to `app-tier` (same CIDR)",
        "  ~ group `db-a` renamed to `data-a` (same services inside)",
    ]
    assert len(out.splitlines()) == 5  # the heading, the two renames, a blank line and the summary


def test_a_long_report_folds_and_stays_within_one_pull_request_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from archdsl.diffreport import MARKDOWN_CHANGES_SHOWN, MARKDOWN_LIMIT

    old, new = tmp_path / "v1.arch", tmp_path / "v2.arch"
    old.write_text('title "fleet"\nec2 seed "Seed"\n', encoding="utf-8")
    servers = "".join(f'ec2 server{index:04} "A server with a long label number {index}"\n' for index in range(1500))
    new.write_text('title "fleet"\nec2 seed "Seed"\n' + servers, encoding="utf-8")
    _, out, _ = run(capsys, "--no-index", str(old), str(new), "--format", "markdown")
    assert len(out) <= MARKDOWN_LIMIT
    lines = out.splitlines()
    assert lines[-1].endswith("(cut to fit one comment: run `archdsl diff` for all)")
    section = lines.index("### v2")  # an .arch file's diagram is named after the file
    # 1,500 new findings (each server is unconnected, ARCH005) and 1,500 services added, 25 of them shown.
    assert lines[section + 4 + MARKDOWN_CHANGES_SHOWN + 1] == "<details><summary>2975 more changes</summary>"
    assert out.count("<details>") == out.count("</details>") == 1


def test_a_note_name_with_pattern_characters_is_read_as_that_file(
    repo: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write("docs/a.md", "# Other\n\n```mermaid\nflowchart TB\n    Other[EC2 other]\n```\n")
    repo.write("docs/[a].md", "# Shop\n\n```mermaid\nflowchart TB\n    Web[EC2 web] --> Db[(RDS)]\n```\n")
    repo.commit("two notes, one named like a pattern for the other")
    repo.write(
        "docs/[a].md", "# Shop\n\n```mermaid\nflowchart TB\n    Web[EC2 web] --> Db[(RDS)]\n    Web --> Q[SQS]\n```\n"
    )
    (diagram,) = json.loads(run(capsys, "--format", "json")[1])["diagrams"]
    assert diagram["path"] == "docs/[a].md"
    assert [s["id"] for s in diagram["services"]["added"]] == ["Q"]  # not every node of docs/a.md


def test_a_subnet_made_public_is_named_as_what_it_became(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "v1.arch", tmp_path / "v2.arch"
    design = 'vpc main {{\n  subnet app {tier} {{ ec2 web "Web" }}\n}}\n'
    old.write_text(design.format(tier="private"), encoding="utf-8")
    new.write_text(design.format(tier="public"), encoding="utf-8")
    out = run(capsys, "--no-index", str(old), str(new))[1]
    assert "  ~ `app` is now a public subnet (was private subnet)" in out.splitlines()
