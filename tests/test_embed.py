"""Image blocks after fences: inserted, refreshed and stripped without touching a byte the user wrote."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archdsl.embed import Image, OwnedBlock, embed, owned_blocks, strip
from archdsl.markdown import fences


def images_for(text: str, fold: bool = False) -> dict[int, Image]:
    """An image for every fence, found the way the loader finds them (after the BOM)."""
    return {
        fence.span.end_line: Image(
            f"diagrams/d{fence.index}.svg",
            f"diagram {fence.index}",
            f"{fence.index:08x}",
            fold and fence.index % 2 == 0,
        )
        for fence in fences(text.removeprefix("\ufeff"))
    }


def test_block_follows_the_fence_with_the_documents_line_endings() -> None:
    text = "\ufeff# Title \r\n\r\n```mermaid\r\nflowchart LR\r\n  A --> B\r\n```\r\nAfter\r\n"
    embedded = embed(text, {6: Image("diagrams/title.svg", "Title", "0123abcd")})
    assert embedded == (
        "\ufeff# Title \r\n\r\n```mermaid\r\nflowchart LR\r\n  A --> B\r\n```\r\n"
        "<!-- archdsl:image hash=0123abcd -->\r\n![Title](diagrams/title.svg)\r\n<!-- archdsl:end -->\r\n"
        "After\r\n"
    )
    assert strip(embedded) == text


def test_fence_closing_the_file_without_a_newline() -> None:
    text = "```archdsl\nec2 web\n```"
    embedded = embed(text, {3: Image("a.svg", "a", "ff")})
    assert embedded == "```archdsl\nec2 web\n```\n<!-- archdsl:image hash=ff -->\n![a](a.svg)\n<!-- archdsl:end -->"
    assert strip(embedded) == text
    assert embed(embedded, {3: Image("a.svg", "a", "ff")}) == embedded


def test_blocks_inside_lists_and_quotes_keep_the_container_prefix() -> None:
    text = "- item\n\n  ```archdsl\n  ec2 a\n  ```\n  more\n\n> ```mermaid\n> flowchart LR\n> ```\n"
    embedded = embed(text, {5: Image("x.svg", "x", "1"), 10: Image("y.svg", "y", "2")})
    assert embedded == (
        "- item\n\n  ```archdsl\n  ec2 a\n  ```\n"
        "  <!-- archdsl:image hash=1 -->\n  ![x](x.svg)\n  <!-- archdsl:end -->\n  more\n\n"
        "> ```mermaid\n> flowchart LR\n> ```\n"
        "> <!-- archdsl:image hash=2 -->\n> ![y](y.svg)\n> <!-- archdsl:end -->\n"
    )
    assert [(block.first_line, block.last_line, block.digest) for block in owned_blocks(embedded)] == [
        (6, 8, "1"),
        (14, 16, "2"),
    ]


def test_fold_puts_the_image_first_and_the_fence_in_details_inserting_lines_only() -> None:
    text = "Intro\r\n```mermaid\r\nflowchart LR\r\n```\r\nAfter\r\n"
    folded = embed(text, {4: Image("d.svg", "D", "ab", fold=True, summary="Mermaid source")})
    assert folded.split("\r\n") == [
        "Intro",
        "<!-- archdsl:image hash=ab fold -->",
        "![D](d.svg)",
        "",
        "<details><summary>Mermaid source</summary>",
        "",
        "```mermaid",
        "flowchart LR",
        "```",
        "",
        "</details>",
        "",
        "<!-- archdsl:end -->",
        "After",
        "",
    ]
    assert strip(folded) == text
    assert owned_blocks(folded) == [OwnedBlock(2, 13, "ab", 9, folded=True)]
    # The fence is still a fence to markdown-it (and to the loader), inside the <details> block.
    assert [(fence.span.line, fence.span.end_line, fence.closed) for fence in fences(folded)] == [(7, 9, True)]
    assert embed(folded, {9: Image("d.svg", "D", "ab", fold=True, summary="Mermaid source")}) == folded
    assert embed(folded, {9: Image("d.svg", "D", "ab")}) == embed(text, {4: Image("d.svg", "D", "ab")})


def test_fold_inside_a_quote_keeps_the_quote_going() -> None:
    text = "> ```mermaid\n> x\n> ```\n"
    folded = embed(text, {3: Image("d.svg", "D", "1", fold=True)})
    assert folded == (
        "> <!-- archdsl:image hash=1 fold -->\n> ![D](d.svg)\n>\n> <details><summary>Diagram source</summary>\n>\n"
        "> ```mermaid\n> x\n> ```\n>\n> </details>\n>\n> <!-- archdsl:end -->\n"
    )
    assert strip(folded) == text


def test_a_fence_opening_a_list_item_is_not_folded_but_still_gets_its_image() -> None:
    text = "- ```mermaid\n  x\n  ```\n"
    embedded = embed(text, {3: Image("d.svg", "D", "1", fold=True)})
    assert embedded == text + "  <!-- archdsl:image hash=1 -->\n  ![D](d.svg)\n  <!-- archdsl:end -->\n"


def test_a_folded_block_whose_markers_were_edited_is_left_to_the_user() -> None:
    folded = embed("```\nx\n```\n", {3: Image("d.svg", "D", "1", fold=True)})
    assert owned_blocks(folded.replace("</details>", "</details >")) == []


def test_refresh_replaces_the_old_block_and_drops_blocks_without_an_image() -> None:
    text = "```archdsl\nec2 a\n```\n\n```archdsl\nec2 b\n```\n"
    first = embed(text, {3: Image("a.svg", "a", "1"), 7: Image("b.svg", "b", "2")})
    refreshed = embed(first, {3: Image("a.svg", "a", "9")})
    assert refreshed == (
        "```archdsl\nec2 a\n```\n<!-- archdsl:image hash=9 -->\n![a](a.svg)\n<!-- archdsl:end -->\n"
        "\n```archdsl\nec2 b\n```\n"
    )


def test_a_line_that_is_not_a_closing_fence_gets_no_block() -> None:
    text = "```archdsl\nec2 a\n"
    assert embed(text, {2: Image("a.svg", "a", "1")}) == text


def test_alt_text_cannot_break_the_link() -> None:
    embedded = embed("```\nx\n```\n", {3: Image("a.svg", "a [b]\\c\nd", "1")})
    assert "![a  b  c d](a.svg)" in embedded


_line_text = st.text(alphabet=st.sampled_from(list("ab é漢 \t#*-_`>|")), max_size=12)
_piece = st.one_of(
    _line_text.map(lambda text: [text]),
    _line_text.map(lambda text: [f"# {text}"]),
    st.just([""]),
    st.tuples(st.sampled_from(["archdsl", "mermaid", "", "python"]), st.lists(_line_text, max_size=3)).map(
        lambda fence: [f"```{fence[0]}", *[line.replace("`", "'") for line in fence[1]], "```"]
    ),
    st.lists(_line_text, max_size=3).map(
        lambda body: ["- item", "", "  ~~~archdsl", *[f"  {x}" for x in body], "  ~~~"]
    ),
    st.lists(_line_text, max_size=2).map(
        lambda body: ["> ```mermaid", *[f"> {x.replace('`', '')}" for x in body], "> ```"]
    ),
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = [line for piece in draw(st.lists(_piece, max_size=12)) for line in piece]
    endings = draw(st.lists(st.sampled_from(["\n", "\r\n", " \n", "\t\r\n"]), min_size=len(lines), max_size=len(lines)))
    text = "".join(line + ending for line, ending in zip(lines, endings, strict=True))
    if draw(st.booleans()) and text:
        text = text.rstrip("\r\n")
    return ("\ufeff" if draw(st.booleans()) else "") + text


@settings(max_examples=400, deadline=None)
@given(documents(), st.booleans())
def test_strip_after_embed_gives_back_the_original_bytes(text: str, fold: bool) -> None:
    embedded = embed(text, images_for(text, fold))
    assert strip(embedded) == text
    assert embed(embedded, images_for(embedded, fold)) == embedded
    # Folding and unfolding only move archdsl's own lines: either way, stripping gives the original back.
    assert strip(embed(embedded, images_for(embedded, not fold))) == text
    closed_fences = [fence for fence in fences(text.removeprefix("\ufeff")) if fence.closed]
    assert len(owned_blocks(embedded)) == len(closed_fences)
