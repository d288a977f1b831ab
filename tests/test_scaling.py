"""Bounded cost: each input that once took quadratic time grows linearly, and Mermaid's own patterns agree."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scaling import growth

from archdsl.flowchart import parse_flowchart
from archdsl.labels import plain, sanitize
from archdsl.mermaid_lexer import js_regex, match_front_matter, preprocess, tokenize
from archdsl.outputs import fence_name

# Four times the input may cost at most eight times the time: linear work passes with room for noise,
# quadratic work (sixteen times) fails clearly.
LINEAR = 8.0
FLOWCHART = "```mermaid\nflowchart LR\n{}\n```\n"

PREPROCESSING = {
    "style line": lambda n: "flowchart LR\na --> b\nstyle a " + "fill:#f0f," * n,
    "classDef line": lambda n: "flowchart LR\nclassDef c " + "stroke:#f0f,color:#fff," * n,
    "unclosed front matter": lambda n: "---\n" + " \n" * n + "flowchart LR\na --> b\n",
    "blank lines": lambda n: "flowchart LR\n" + "\n" * n + "a --> b\n",
    "unclosed tags": lambda n: "flowchart LR\na[" + "<a" * n + "] --- b\n",
}


@pytest.mark.parametrize("name", PREPROCESSING)
def test_preprocessing_grows_linearly(name: str) -> None:
    assert growth(preprocess, PREPROCESSING[name], 300) < LINEAR


def test_label_sanitising_grows_linearly() -> None:
    assert growth(lambda text: plain(sanitize(text)), lambda n: "<a" * n + ">", 1000) < LINEAR


_ORIGINAL_FRONT_MATTER = js_regex(r"^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+", re.DOTALL)
_ORIGINAL_COMMENT_LINE = js_regex(r"^\s*%%(?!{)[^\n]+\n?", re.MULTILINE)
_ORIGINAL_STYLE_ENTITY = re.compile(r"style[^\n\r\u2028\u2029]*:\S*#[^\n\r\u2028\u2029]*;")
_ORIGINAL_CLASSDEF_ENTITY = re.compile(r"classDef[^\n\r\u2028\u2029]*:\S*#[^\n\r\u2028\u2029]*;")
_ORIGINAL_TAG = re.compile(r"<(\w+)([^>]*)>", re.ASCII)
_ORIGINAL_QUOTED_ATTRIBUTE = re.compile(r'="([^"]*)"')


def _original_preprocess_text(source: str) -> str:
    """Mermaid's preprocessing with its own patterns (the text only), to compare the linear scans with."""
    from archdsl.mermaid_lexer import _BRACE_BLANKS, _DIRECTIVE, _ENTITY, _LEADING_SPACE, _encode_entity

    text = re.sub(r"\r\n?", "\n", source)
    text = _ORIGINAL_TAG.sub(lambda m: "<" + m[1] + _ORIGINAL_QUOTED_ATTRIBUTE.sub(r"='\1'", m[2]) + ">", text)
    found = _ORIGINAL_FRONT_MATTER.match(text)
    if found:
        text = text[found.end() :]
    text = _DIRECTIVE.sub("", text)
    text = _ORIGINAL_COMMENT_LINE.sub("", text)
    text = _LEADING_SPACE.sub("", text, count=1)
    text = _ORIGINAL_STYLE_ENTITY.sub(lambda m: m[0][:-1], text)
    text = _ORIGINAL_CLASSDEF_ENTITY.sub(lambda m: m[0][:-1], text)
    text = _ENTITY.sub(_encode_entity, text)
    return _BRACE_BLANKS.sub("}\n", text + "\n")


_pieces = st.sampled_from(
    ["---", "-", " ", "\t", "\n", "\r", "\r\n", "x", "title: a", "%%", "%%{", "style", "classDef", ":", "#", ";",
     "a", "<b", ">", '="', '"', "=", "}", "\u2028", "f:#0"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(_pieces, max_size=24).map("".join))
def test_the_linear_scans_find_what_mermaids_patterns_find(text: str) -> None:
    original = _ORIGINAL_FRONT_MATTER.match(text)
    found = match_front_matter(text)
    assert ((found.end, found.body) if found else None) == ((original.end(), original[2]) if original else None)
    assert preprocess(text).text.text == _original_preprocess_text(text)


CHARTS = {
    "direction elsewhere, one long line": lambda n: "flowchart LR\ndirection TB\n" + "a & " * n + "b\n",
    "style line": lambda n: "flowchart LR\na --> b\nstyle a " + "fill:#f0f," * n + "color:red\n",
}


@pytest.mark.parametrize("name", CHARTS)
def test_reading_a_flowchart_grows_linearly(name: str) -> None:
    assert growth(lambda text: parse_flowchart(text, preprocess(text)), CHARTS[name], 2000) < LINEAR


def test_lexing_a_long_word_with_an_at_sign_elsewhere_grows_linearly() -> None:
    def lex(text: str) -> None:
        for _ in tokenize(preprocess(text).text.text):
            pass

    assert growth(lex, lambda n: 'flowchart LR\na["me@x"] --> b\n' + "a:" * n + "a\n", 2000) < LINEAR


_ORIGINAL_FENCE_TITLE = re.compile(r"\btitle=(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>\S+))")
_ORIGINAL_FENCE_ID = re.compile(r"(?:\{[^}]*?#(?P<braced>[\w-]+)|\bid=[\"']?(?P<keyed>[\w-]+))")


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["{", "}", "#", "a", "-", " ", "id=", "'", "title=x", "é"]), max_size=16).map("".join))
def test_fence_names_are_found_as_by_the_original_pattern(rest: str) -> None:
    original = _ORIGINAL_FENCE_ID.search(rest) or _ORIGINAL_FENCE_TITLE.search(rest)
    expected = next((value for value in original.groupdict().values() if value), "") if original else ""
    assert fence_name("mermaid " + rest) == expected


def test_a_fence_info_string_of_braces_is_named_in_linear_time() -> None:
    assert growth(fence_name, lambda n: "mermaid " + "{" * n, 5000) < LINEAR
