"""Image blocks after fences: inserted, refreshed and stripped without touching a byte the user wrote."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from archdsl.embed import Image, OwnedBlock, drawn_fences, embed, owned_blocks, strip
from archdsl.markdown import fences, lines_with_endings


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
    folded = embed("```mermaid\nflowchart LR\n```\n", {3: Image("d.svg", "D", "1", fold=True)})
    assert len(owned_blocks(folded)) == 1
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
    embedded = embed("```archdsl\nx\n```\n", {3: Image("a.svg", "a [b]\\c\nd", "1")})
    assert "![a  b  c d](a.svg)" in embedded


_line_text = st.text(alphabet=st.sampled_from(list("ab é漢 \t#*-_`>|")), max_size=12)
_prefix = st.sampled_from(["", "> ", "  ", "- ", "> > ", "- > "])
# Marker-looking lines the user may have copied anywhere: whole blocks, halves of folded blocks, stray markers.
_MARKERS = (
    ["<!-- archdsl:image hash=1 -->", "![a](a.svg)", "<!-- archdsl:end -->"],
    ["<!-- archdsl:image hash=2 fold -->", "![a](a.svg)", "", "<details><summary>s</summary>", ""],
    ["", "</details>", "", "<!-- archdsl:end -->"],
    ["<!-- archdsl:image hash=3 -->"],
    ["<!-- archdsl:end -->"],
)
_FENCE_BODIES = st.sampled_from([[], ["flowchart LR", "a --> b"], ["sequenceDiagram"], ["ec2 web"], ["%% x", "pie"]])
_piece = st.one_of(
    _line_text.map(lambda text: [text]),
    _line_text.map(lambda text: [f"# {text}"]),
    st.just([""]),
    st.tuples(st.sampled_from(["archdsl", "mermaid", "", "python", "arch {#x}"]), _FENCE_BODIES, _line_text).map(
        lambda fence: [f"```{fence[0]}", *fence[1], fence[2].replace("`", "'"), "```"]
    ),
    st.lists(_line_text, max_size=3).map(
        lambda body: ["- item", "", "  ~~~archdsl", *[f"  {x}" for x in body], "  ~~~"]
    ),
    st.lists(_line_text, max_size=2).map(
        lambda body: ["> ```mermaid", *[f"> {x.replace('`', '')}" for x in body], "> ```"]
    ),
    # Nested containers, and an outer fence left open around a quoted "fence".
    st.tuples(_prefix, st.sampled_from(["mermaid", "archdsl", "python"])).map(
        lambda fence: [f"{fence[0]}```{fence[1]}", f"{fence[0].replace('-', ' ')}flowchart LR", f"{fence[0]}```"]
    ),
    st.sampled_from(["```", "````mermaid", "~~~archdsl", "```mermaid"]).map(lambda opening: [opening, "> ```mermaid"]),
    st.tuples(_prefix, st.sampled_from(_MARKERS)).map(lambda marker: [marker[0] + line for line in marker[1]]),
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
    assume(owned_blocks(text) == [])
    assert strip(text) == text
    embedded = embed(text, images_for(text, fold))
    assert strip(embedded) == text
    assert embed(embedded, images_for(embedded, fold)) == embedded
    # Folding and unfolding only move archdsl's own lines: either way, stripping gives the original back.
    assert strip(embed(embedded, images_for(embedded, not fold))) == text
    assert len(owned_blocks(embedded)) == len(drawn_fences(text.removeprefix("\ufeff")))


@settings(max_examples=400, deadline=None)
@given(documents(), st.booleans())
def test_strip_removes_exactly_the_lines_of_archdsls_blocks_in_any_text(text: str, fold: bool) -> None:
    body = text.removeprefix("\ufeff")
    lines = lines_with_endings(body)
    drawn = drawn_fences(body)
    blocks = owned_blocks(text)
    claimed = [number for block in blocks for number in block.lines]
    assert len(claimed) == len(set(claimed))
    for block in blocks:
        fence = next(fence for fence in drawn if fence.span.end_line == block.fence_end)
        assert block.first_line == (fence.span.line - 5 if block.folded else fence.span.end_line + 1)
    kept = [line for number, line in enumerate(lines, start=1) if number not in claimed]
    if len(lines) in claimed and kept and not lines[-1].endswith(("\n", "\r")):
        kept[-1] = kept[-1].rstrip("\r\n")
    stripped = text[: len(text) - len(body)] + "".join(kept)
    assert strip(text) == stripped
    assert strip(embed(text, images_for(text, fold))) == stripped


_BLOCK = "<!-- archdsl:image hash=0123abcd -->\n![Old](diagrams/old.svg)\n<!-- archdsl:end -->\n"
_FOLDED_HEAD = (
    "<!-- archdsl:image hash=0123abcd fold -->\n![Old](diagrams/old.svg)\n\n<details><summary>S</summary>\n\n"
)
_FOLDED_TAIL = "\n</details>\n\n<!-- archdsl:end -->\n"


def test_marker_blocks_that_follow_no_drawn_fence_are_the_users() -> None:
    text = (
        "# Copied from the README\n\n"
        + _BLOCK
        + "\nProse\n"
        + _BLOCK
        + "more prose\n\n```python\nprint(1)\n```\n"
        + _BLOCK
        + "\n```\nplain code\n```\n"
        + _BLOCK
        + "\n```mermaid\nsequenceDiagram\n  a->>b: hi\n```\n"
        + _BLOCK
        + "\n~~~mermaid\n%% a comment\npie\n~~~\n"
        + _BLOCK
        + "\n"
        + _FOLDED_HEAD
        + "```python\nx = 1\n```\n"
        + _FOLDED_TAIL
    )
    assert owned_blocks(text) == []
    assert strip(text) == text
    assert embed(text, {}) == text
    # Images offered for fences archdsl does not draw are not placed: nothing would ever remove them.
    assert embed(text, images_for(text)) == text


def test_only_the_block_of_a_drawn_fence_is_archdsls() -> None:
    user = "```python\nx\n```\n" + _BLOCK + "\n```mermaid\nflowchart LR\n```\n"
    drawn = user + _BLOCK + "After\n" + _BLOCK
    assert [(block.first_line, block.last_line) for block in owned_blocks(drawn)] == [(11, 13)]
    assert strip(drawn) == user + "After\n" + _BLOCK
    refreshed = embed(drawn, {10: Image("n.svg", "N", "ff")})
    assert refreshed == user + _BLOCK.replace("0123abcd", "ff").replace("![Old](diagrams/old.svg)", "![N](n.svg)") + (
        "After\n" + _BLOCK
    )


def test_a_block_in_another_container_than_its_fence_is_the_users() -> None:
    text = "> ```mermaid\n> flowchart LR\n> ```\n" + _BLOCK + "\n- ```archdsl\n  ec2 a\n  ```\n> " + _BLOCK
    assert owned_blocks(text) == []
    assert strip(text) == text


def test_overlapping_marker_blocks_never_crash_and_lose_nothing() -> None:
    interleaved = "```mermaid\nflowchart LR\n```\n> <!-- archdsl:image hash=3 -->\n<!-- archdsl:image hash=1 -->\n"
    interleaved += "> <!-- archdsl:end -->\n<!-- archdsl:end -->\n"
    # A folded block around the fence, and a plain block after it claiming the folded block's tail.
    fold_and_plain = _FOLDED_HEAD + "```mermaid\nflowchart LR\n```\n" + _BLOCK.replace("![Old]", "\n</details>\n![Old]")
    fold_and_plain += _FOLDED_TAIL
    for text in (interleaved, fold_and_plain, _BLOCK + _BLOCK, "```archdsl\n```\n" + _BLOCK + _BLOCK):
        stripped = strip(text)
        blocks = owned_blocks(text)
        claimed = [number for block in blocks for number in block.lines]
        assert len(claimed) == len(set(claimed))
        lines = text.splitlines(keepends=True)
        assert stripped == "".join(line for number, line in enumerate(lines, start=1) if number not in claimed)
        assert strip(embed(text, images_for(text))) == stripped
    assert strip("```archdsl\n```\n" + _BLOCK + _BLOCK) == "```archdsl\n```\n" + _BLOCK


def test_an_unclosed_fence_is_not_closed_by_a_quoted_fence_inside_it() -> None:
    text = "```mermaid\n> ```mermaid\n> ```\n"
    assert [fence.closed for fence in fences(text)] == [False]
    assert embed(text, {3: Image("a.svg", "a", "1")}) == text
    nested = "- > ```archdsl\n  > ec2 a\n  > ```\n"
    assert [fence.closed for fence in fences(nested)] == [True]
    unclosed_in_quote = "> ```archdsl\n> ec2 a\n\n```\n"
    assert [fence.closed for fence in fences(unclosed_in_quote)] == [False, False]
