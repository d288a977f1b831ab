"""Finding diagram fences in Markdown and mapping their coordinates back to the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import Run

from archdsl.dsl import parse_block
from archdsl.model import Dialect, Span
from archdsl.sources import decode, fence_dialect, markdown_blocks


def test_fence_info_strings() -> None:
    assert [
        fence_dialect(info) for info in ("mermaid", ".mermaid", "{mermaid}", "archdsl", "arch x=1", "python", "")
    ] == [
        Dialect.MERMAID,
        Dialect.MERMAID,
        Dialect.MERMAID,
        Dialect.ARCHDSL,
        Dialect.ARCHDSL,
        None,
        None,
    ]


def test_fences_in_lists_and_quotes_map_to_file_columns() -> None:
    text = (
        "# Title\n"  # 1
        "\n"  # 2
        "- item\n"  # 3
        "\n"  # 4
        "  ```archdsl\n"  # 5
        "  ec2 a\n"  # 6
        "  a -> b\n"  # 7
        "  ```\n"  # 8
        "\n"  # 9
        "## Quoted\n"  # 10
        "> ~~~archdsl\n"  # 11
        "> ec2 c\n"  # 12
        "> c -> d\n"  # 13
        "> ~~~\n"  # 14
        "\n"  # 15
        "```python\n"  # 16
        "graph TD\n"  # 17
        "```\n"  # 18
    )
    blocks = markdown_blocks("n.md", text)
    assert [(b.first_line, b.heading, b.fence_span) for b in blocks] == [
        (6, "Title", Span(5, 3, 8, 6)),
        (12, "Quoted", Span(11, 3, 14, 6)),
    ]
    spans = []
    for block in blocks:
        (diagnostic,) = parse_block(block).diagnostics
        spans.append((diagnostic.code, diagnostic.span))
    assert spans == [("ARCH004", Span(7, 8, 7, 9)), ("ARCH004", Span(13, 8, 13, 9))]


def test_front_matter_is_not_a_heading_and_crlf_keeps_lines() -> None:
    text = "---\ntitle: x\n---\n# Real\r\n\r\n```archdsl\r\nec2 a\r\na -> b\r\n```\r\n"
    (block,) = markdown_blocks("n.md", text)
    assert (block.heading, block.first_line) == ("Real", 7)
    (diagnostic,) = parse_block(block).diagnostics
    assert diagnostic.span == Span(8, 6, 8, 7)


def test_source_record_covers_the_fence() -> None:
    (block,) = markdown_blocks("n.md", "intro\n\n```archdsl\nec2 a\n```\n")
    source = block.source()
    assert (source.start_line, source.end_line, source.dialect, source.info) == (3, 5, Dialect.ARCHDSL, "archdsl")


def test_decode_reports_bom_nul_and_bad_bytes() -> None:
    assert decode("a", "\ufeffec2 a\n".encode()).text == "ec2 a\n"
    nul = decode("a", b"ec2 a\n\x00")
    assert (nul.error, nul.error_span) == ("binary file (NUL byte); archdsl reads UTF-8 text", Span(2, 1, 2, 2))
    bad = decode("a", "é\n  \xe9".encode()[:-2] + b"\xe9")
    assert bad.error == "invalid UTF-8 (byte 0xe9)"


def test_fences_in_forty_nested_lists_are_read_and_deeper_nesting_is_reported() -> None:
    from archdsl.loader import load_source
    from archdsl.sources import SourceText

    fence = "```mermaid\nflowchart LR\n  a --> b\n```\n"
    nested = "".join("  " * depth + "- item\n" for depth in range(40))
    read = load_source(SourceText("n.md", nested + "\n" + fence), markdown=True)
    assert (len(read.diagrams), read.diagnostics) == (1, ())
    too_deep = load_source(SourceText("n.md", "text\n\n" + "- " * 60 + "x\n\n" + fence), markdown=True)
    assert too_deep.diagrams == ()
    assert [(d.code, d.span.line, d.span.column) for d in too_deep.diagnostics] == [("ARCH016", 3, 1)]


SECRET = "root:$6$TOP-SECRET-HASH:19000:0:99999:7:::\n"


def _project_with_a_secret_outside(tmp_path: Path) -> Path:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "shadow").write_text(SECRET)
    (tmp_path / "outside" / "notes.md").write_text("```archdsl\n" + SECRET + "```\n")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "docs").mkdir()
    (project / "docs" / "real.arch").write_text("ec2 web\n")
    return project


def test_a_symlink_to_a_file_outside_the_project_is_not_read(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    project = _project_with_a_secret_outside(tmp_path)
    link = project / "notes.arch"
    link.symlink_to(tmp_path / "outside" / "shadow")
    result = run_cli("check", str(link))
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        f"{link}:1:1: ARCH001 [error] Cannot read file: it is a symlink to a file outside the project; "
        "archdsl does not read it (parse-error)\n"
        "Found 1 error in 1 file.\n"
    )


def test_a_directory_walk_does_not_read_through_symlinks_leaving_the_project(
    run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    project = _project_with_a_secret_outside(tmp_path)
    (project / "docs" / "leak.md").symlink_to(tmp_path / "outside" / "notes.md")
    (project / "docs" / "shared").symlink_to(tmp_path / "outside", target_is_directory=True)
    (project / "docs" / "inside.arch").symlink_to(project / "docs" / "real.arch")
    result = run_cli("check", "--format", "parsable", str(project))
    assert "SECRET" not in result.out + result.err
    assert (result.code, result.out) == (
        1,
        f"{project / 'docs' / 'leak.md'}:1:1: ARCH001 [error] Cannot read file: it is a symlink to a file outside "
        "the project; archdsl does not read it (parse-error)\n",
    )
    named = run_cli("check", "--format", "parsable", str(project / "docs" / "shared"))
    assert "SECRET" not in named.out + named.err
    assert (named.code, named.out) == (
        1,
        f"{project / 'docs' / 'shared' / 'notes.md'}:1:1: ARCH001 [error] Cannot read file: it lies outside the "
        "project, through a symlinked folder; archdsl does not read it (parse-error)\n",
    )


def test_a_regular_file_named_outside_the_working_folder_is_read(run_cli: Callable[..., Run], tmp_path: Path) -> None:
    project = _project_with_a_secret_outside(tmp_path)
    result = run_cli("model", "--json", str(project / "docs" / "real.arch"))
    assert result.code == 0
    assert "ec2" in result.out
