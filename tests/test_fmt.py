"""`archdsl fmt`: one canonical layout, idempotent, meaning and comments kept, broken files left alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_dsl_properties import OPERATORS, programs

from archdsl.fmt import FormatError, format_checked, format_source

ROOT = Path(__file__).resolve().parent.parent

MESSY = """\
# settings first
title   "Shop"
direction    LR



actor  users   "Users"   # who
vpc main  "10.0.0.0/16"   [owner = "net" ,   ]  {
az a{
      subnet app-a   private{ ec2 web1 }
   }
      az c { subnet app-c private { ec2 web2 } ;subnet db-c data { rds db } }
}
users->web1 ,web2:"HTTPS"[port=443,proto=tcp]
web1,web2 ..>db   # reads
"""

CANONICAL = """\
# settings first
title "Shop"
direction LR

actor users "Users"  # who
vpc main "10.0.0.0/16" [owner="net"] {
  az a {
    subnet app-a private { ec2 web1 }
  }
  az c { subnet app-c private { ec2 web2 }; subnet db-c data { rds db } }
}
users -> web1, web2 : "HTTPS" [port=443, proto=tcp]
web1, web2 ..> db  # reads
"""


def test_messy_source_gets_the_canonical_layout() -> None:
    assert format_checked("shop.arch", MESSY) == CANONICAL
    assert format_checked("shop.arch", CANONICAL) == CANONICAL


def test_crlf_files_stay_crlf() -> None:
    assert format_source(MESSY.replace("\n", "\r\n")) == CANONICAL.replace("\n", "\r\n")


@pytest.mark.parametrize("name", ["prototype.arch", "growth-10k.arch", "scale-1m.arch"])
def test_the_examples_are_already_formatted(name: str) -> None:
    text = (ROOT / "examples" / name).read_text(encoding="utf-8")
    assert format_checked(name, text) == text


def test_a_file_with_errors_is_not_formatted() -> None:
    with pytest.raises(FormatError, match=r"^ARCH001 Cannot parse diagram: expected a node id after '->'") as raised:
        format_checked("bad.arch", "a -> \n")
    assert raised.value.located("bad.arch").startswith("bad.arch:1:6: ARCH001 ")


@st.composite
def messy(draw: st.DrawFn) -> str:
    """A generated program with its layout scrambled: indentation, blank lines, spacing round operators."""
    text, _, _ = draw(programs())
    lines = []
    for line in text.splitlines():
        for operator in OPERATORS:
            line = line.replace(f" {operator} ", draw(st.sampled_from(["", " ", "\t", "   "])).join(["", operator, ""]))
        line = line.replace(", ", draw(st.sampled_from([",", " , ", ",\t"])))
        indent = draw(st.sampled_from(["", " ", "\t", "      "]))
        trailing = draw(st.sampled_from(["", " ", "\t", "  # why"]))
        lines.append(indent + line.strip() + trailing)
        lines.extend([""] * draw(st.integers(0, 2)))
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(messy())
def test_formatting_is_idempotent_and_keeps_the_meaning(text: str) -> None:
    formatted = format_checked("generated.arch", text)  # raises if the model or comments changed
    assert format_source(formatted) == formatted
    assert "\t" not in formatted.replace("# why", "")
    assert "\n\n\n" not in formatted


def test_cli_fmt_check_and_write(run_cli: Any, tmp_path: Path) -> None:
    shop = tmp_path / "shop.arch"
    shop.write_bytes(b"\xef\xbb\xbf" + MESSY.encode())
    (tmp_path / "bad.arch").write_text("a -> \n")
    check = run_cli("fmt", "--check", str(shop))
    assert (check.code, check.out) == (1, f"would reformat {shop}\n")
    assert shop.read_bytes() == b"\xef\xbb\xbf" + MESSY.encode()
    done = run_cli("fmt", str(shop))
    assert (done.code, done.err) == (0, f"reformatted {shop}\n")
    assert shop.read_bytes() == b"\xef\xbb\xbf" + CANONICAL.encode()
    assert run_cli("fmt", "--check", str(shop)).code == 0
    broken = run_cli("fmt", str(tmp_path))
    assert broken.code == 2
    assert broken.err.startswith(f"{tmp_path / 'bad.arch'}:1:6: ARCH001 ")


def note_with(fence_body: str, prefix: str = "") -> str:
    body = "".join(f"{prefix}{line}\n" if line else f"{prefix.rstrip()}\n" for line in fence_body.splitlines())
    return f"# Notes\n\nText  \n\n{prefix}```archdsl\n{body}{prefix}```\n\n```mermaid\nflowchart LR\n  a  -->  b\n```\n"


@pytest.mark.parametrize("prefix", ["", "  ", "> "])
def test_markdown_archdsl_fences_are_formatted_and_nothing_else(prefix: str) -> None:
    from archdsl.fmt_markdown import format_fences

    messy = note_with(MESSY, prefix)
    assert format_fences("notes.md", messy) == note_with(CANONICAL, prefix)
    assert format_fences("notes.md", note_with(CANONICAL, prefix)) == note_with(CANONICAL, prefix)
    crlf = messy.replace("\n", "\r\n")
    assert format_fences("notes.md", crlf) == note_with(CANONICAL, prefix).replace("\n", "\r\n")


def test_markdown_fence_errors_point_into_the_note() -> None:
    from archdsl.fmt_markdown import format_fences

    with pytest.raises(FormatError) as raised:
        format_fences("notes.md", "# N\n\n> ```archdsl\n> ec2 web\n> a -> \n> ```\n")
    assert raised.value.located("notes.md").startswith("notes.md:5:8: ARCH001 ")


def test_a_fence_whose_lines_leave_their_container_is_left_alone() -> None:
    from archdsl.fmt_markdown import format_fences

    text = "- item\n\n  ```archdsl\n  ec2   a\nec2    b\n  ```\n"
    assert format_fences("notes.md", text) == text


def test_cli_fmt_formats_markdown_notes(run_cli: Any, tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_bytes(b"\xef\xbb\xbf" + note_with(MESSY).encode())
    check = run_cli("fmt", "--check", str(tmp_path))
    assert (check.code, check.out) == (1, f"would reformat {note}\n")
    assert run_cli("fmt", str(note)).code == 0
    assert note.read_bytes() == b"\xef\xbb\xbf" + note_with(CANONICAL).encode()
    assert run_cli("fmt", "--check", str(note)).code == 0
