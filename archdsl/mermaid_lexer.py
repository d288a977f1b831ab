"""Mermaid 11 flowchart text to tokens, exactly as Mermaid's own preprocessor and lexer see it.

Mermaid (11.17.2) cleans a diagram before parsing it: CRLF becomes LF, front matter, ``%%{...}%%``
directives and whole-line ``%%`` comments are removed, ``#name;`` entity codes are replaced by
placeholders, and a newline is appended. Its flowchart lexer is a first-match (not longest-match)
rule list with a stack of start conditions. Both are reproduced here so that archdsl accepts,
rejects and splits text the way Mermaid does; every token keeps its position in the text the user
wrote.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Final

_ASCII_BOUNDARY: Final = r"(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))"


def js_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a JavaScript regex; JavaScript's ``\\b`` only knows ASCII word characters."""
    return re.compile(pattern.replace(r"\b", _ASCII_BOUNDARY), flags)


# --- Preprocessing, with a map from every character back to the text the user wrote -------------


@dataclass(frozen=True, slots=True)
class MappedText:
    """Text derived from the user's text; ``origin[i]`` is the user-text offset of character i."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> MappedText:
        """The user's text, mapped onto itself."""
        return cls(text, tuple(range(len(text))))

    def sub(
        self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], endpos: int | None = None
    ) -> MappedText:
        """Like ``pattern.sub`` (searching up to ``endpos``); replacement characters map to where the match started."""
        end = len(self.text) if endpos is None else endpos
        matches = pattern.finditer(self.text, 0, end)
        return self.replace((match.start(), match.end(), replace(match)) for match in matches)

    def replace(self, replacements: Iterable[tuple[int, int, str]]) -> MappedText:
        """The text with each ``(start, end, replacement)`` span, in order and not overlapping, replaced."""
        pieces: list[str] = []
        origin: list[int] = []
        position = 0
        for start, end, replacement in replacements:
            pieces.append(self.text[position:start])
            origin.extend(self.origin[position:start])
            pieces.append(replacement)
            anchor = self.origin[start] if start < len(self.origin) else self._end()
            if replacement == self.text[start:end]:
                origin.extend(self.origin[start:end])
            else:
                origin.extend([anchor] * len(replacement))
            position = end
        if not pieces:
            return self
        pieces.append(self.text[position:])
        origin.extend(self.origin[position:])
        return MappedText("".join(pieces), tuple(origin))

    def drop_prefix(self, length: int) -> MappedText:
        """The text without its first ``length`` characters."""
        return MappedText(self.text[length:], self.origin[length:])

    def append(self, suffix: str) -> MappedText:
        """The text with ``suffix`` added; it maps to the end of the user's text."""
        return MappedText(self.text + suffix, self.origin + (self._end(),) * len(suffix))

    def _end(self) -> int:
        return self.origin[-1] + 1 if self.origin else 0

    def source_offset(self, index: int) -> int:
        """The user-text offset of character ``index`` (past the end maps to the end)."""
        return self.origin[index] if index < len(self.origin) else self._end()


_LINE_BREAK: Final = re.compile(r"\r\n?")
_TAG: Final = re.compile(r"<(\w+)([^>]*)>", re.ASCII)
_QUOTED_ATTRIBUTE: Final = re.compile(r'="([^"]*)"')
_DIRECTIVE: Final = js_regex(
    r"%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2})[^\n\r\u2028\u2029]|\r?\n)*))?\s*(?:}%{2})?",
    re.IGNORECASE,
)
_COMMENT: Final = re.compile(r"%%(?!\{)[^\n]+\n?")
_LEADING_SPACE: Final = js_regex(r"^\s+")
_LINE: Final = re.compile(r"[^\n\r\u2028\u2029]*")
_ENTITY: Final = re.compile(r"#\w+;", re.ASCII)
_BRACE_BLANKS: Final = re.compile(r"\}\s*\n")
ENTITY_INT_START: Final = "\ufb02\xb0\xb0"
ENTITY_NAME_START: Final = "\ufb02\xb0"
ENTITY_END: Final = "\xb6\xdf"


@dataclass(frozen=True, slots=True)
class Preprocessed:
    """What Mermaid parses, and the front matter it took off."""

    text: MappedText
    front_matter: str | None


def preprocess(source: str) -> Preprocessed:
    """Mermaid's preprocessing of diagram text, keeping a map back to ``source``."""
    mapped = MappedText.of(source).sub(_LINE_BREAK, lambda match: "\n")
    mapped = mapped.sub(_TAG, _quote_attributes, endpos=mapped.text.rfind(">") + 1)
    front_matter = None
    found = match_front_matter(mapped.text)
    if found:
        front_matter = found.body
        mapped = mapped.drop_prefix(found.end)
    mapped = mapped.sub(_DIRECTIVE, lambda match: "")
    mapped = mapped.replace((start, end, "") for start, end in _comment_lines(mapped.text))
    leading = _LEADING_SPACE.match(mapped.text)
    if leading:
        mapped = mapped.drop_prefix(leading.end())
    for keyword in ("style", "classDef"):
        mapped = mapped.replace(
            (start, end, mapped.text[start : end - 1]) for start, end in _style_entities(mapped.text, keyword)
        )
    mapped = mapped.sub(_ENTITY, _encode_entity)
    # Mermaid's flowchart parser itself first drops the blanks after a closing brace.
    mapped = mapped.append("\n").sub(_BRACE_BLANKS, lambda match: "}\n")
    return Preprocessed(mapped, front_matter)


# Mermaid's patterns below are written for a backtracking engine; retried at every position they cost
# time quadratic (or worse) in the length of a line. Each is reproduced here by one linear scan that
# finds the same matches; tests/test_mermaid_lexer_scaling.py checks both against the original patterns.


def _quote_attributes(tag: re.Match[str]) -> str:
    attributes = tag[2]
    end = attributes.rfind('"') + 1  # after the last quote ="... can never close
    return "<" + tag[1] + _QUOTED_ATTRIBUTE.sub(r"='\1'", attributes[:end]) + attributes[end:] + ">"


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Front matter at the start of a diagram: where it ends and the YAML between its ``---`` lines."""

    end: int
    body: str


def match_front_matter(text: str) -> FrontMatter | None:
    """What ``^([^\\S\\n\\r]*)-{3}\\s*[\\n\\r](.*?)[\\n\\r]\\1-{3}\\s*[\\n\\r]+`` (DOTALL) matches.

    The engine prefers the latest end of the opening run of blanks that some closing line follows,
    then the first such closing line.
    """
    indent_end = 0
    while indent_end < len(text) and text[indent_end].isspace() and text[indent_end] not in "\n\r":
        indent_end += 1
    if not text.startswith("---", indent_end):
        return None
    closing_line = text[:indent_end] + "---"
    blanks_end = _blank_run_end(text, indent_end + 3)
    body_starts = [end for end in range(indent_end + 4, blanks_end + 1) if text[end - 1] in "\n\r"]
    if not body_starts:
        return None
    closings: list[tuple[int, int]] = []  # (line break before the closing ---, end of the match)
    for found in _LINE_BREAKS.finditer(text, body_starts[0]):
        after = found.start() + 1
        if not text.startswith(closing_line, after):
            continue
        dashes_end = after + len(closing_line)
        run_end = _blank_run_end(text, dashes_end)
        last_break = max(text.rfind("\n", dashes_end, run_end), text.rfind("\r", dashes_end, run_end))
        if last_break >= 0:
            closings.append((found.start(), last_break + 1))
    if not closings:
        return None
    body_start = max((start for start in body_starts if start <= closings[-1][0]), default=None)
    if body_start is None:
        return None
    body_end, end = next(closing for closing in closings if closing[0] >= body_start)
    return FrontMatter(end, text[body_start:body_end])


_LINE_BREAKS: Final = re.compile(r"[\n\r]")


def _blank_run_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end].isspace():
        end += 1
    return end


def _comment_lines(text: str) -> Iterator[tuple[int, int]]:
    """The spans ``^\\s*%%(?!{)[^\\n]+\\n?`` (MULTILINE) removes: blanks, even whole blank lines, then a comment."""
    previous_end = 0
    for found in _COMMENT.finditer(text):
        start = found.start()
        while start > previous_end and text[start - 1].isspace():
            start -= 1
        if start > 0 and text[start - 1] != "\n":
            line_start = text.find("\n", start, found.start()) + 1
            if line_start == 0:
                continue  # something other than blanks comes before the %% on its line
            start = line_start
        previous_end = found.end()
        yield start, found.end()


def _style_entities(text: str, keyword: str) -> Iterator[tuple[int, int]]:
    """The spans ``KEYWORD.*:\\S*#.*;`` matches, one line at a time: from the first ``keyword`` on a line
    to its last ``;``, when a ``:`` after the keyword runs into a ``#`` (no blank between) before that ``;``.
    """
    for line in _LINE.finditer(text):
        first = text.find(keyword, line.start(), line.end())
        last_semicolon = text.rfind(";", line.start(), line.end())
        if first < 0 or last_semicolon < 0:
            continue
        colon_in_run = False
        for index in range(first + len(keyword), last_semicolon):
            char = text[index]
            if char == "#" and colon_in_run:
                yield first, last_semicolon + 1
                break
            if char == ":":
                colon_in_run = True
            elif char.isspace():
                colon_in_run = False


def _encode_entity(match: re.Match[str]) -> str:
    inner = match[0][1:-1]
    start = ENTITY_INT_START if re.fullmatch(r"\+?[0-9]+", inner) else ENTITY_NAME_START
    return start + inner + ENTITY_END


def decode_entities(text: str) -> str:
    """Turn Mermaid's entity placeholders back into ``&name;`` and ``&#123;``."""
    return text.replace(ENTITY_INT_START, "&#").replace(ENTITY_NAME_START, "&").replace(ENTITY_END, ";")


# --- The lexer ----------------------------------------------------------------------------------

_ALL: Final = "*"
_UNICODE_LETTER: Final = (
    "[\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02c1\u02c6-\u02d1\u02e0-\u02e4\u02ec\u02ee\u0370-\u0374"
    "\u0376\u0377\u037a-\u037d\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03f5\u03f7-\u0481\u048a-\u0527"
    "\u0531-\u0556\u0559\u0561-\u0587\u05d0-\u05ea\u05f0-\u05f2\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5"
    "\u06e5\u06e6\u06ee\u06ef\u06fa-\u06fc\u06ff\u0710\u0712-\u072f\u074d-\u07a5\u07b1\u07ca-\u07ea\u07f4\u07f5"
    "\u07fa\u0800-\u0815\u081a\u0824\u0828\u0840-\u0858\u08a0\u08a2-\u08ac\u0904-\u0939\u093d\u0950\u0958-\u0961"
    "\u0971-\u0977\u0979-\u097f\u0985-\u098c\u098f\u0990\u0993-\u09a8\u09aa-\u09b0\u09b2\u09b6-\u09b9\u09bd\u09ce"
    "\u09dc\u09dd\u09df-\u09e1\u09f0\u09f1\u0a05-\u0a0a\u0a0f\u0a10\u0a13-\u0a28\u0a2a-\u0a30\u0a32\u0a33\u0a35"
    "\u0a36\u0a38\u0a39\u0a59-\u0a5c\u0a5e\u0a72-\u0a74\u0a85-\u0a8d\u0a8f-\u0a91\u0a93-\u0aa8\u0aaa-\u0ab0\u0ab2"
    "\u0ab3\u0ab5-\u0ab9\u0abd\u0ad0\u0ae0\u0ae1\u0b05-\u0b0c\u0b0f\u0b10\u0b13-\u0b28\u0b2a-\u0b30\u0b32\u0b33"
    "\u0b35-\u0b39\u0b3d\u0b5c\u0b5d\u0b5f-\u0b61\u0b71\u0b83\u0b85-\u0b8a\u0b8e-\u0b90\u0b92-\u0b95\u0b99\u0b9a"
    "\u0b9c\u0b9e\u0b9f\u0ba3\u0ba4\u0ba8-\u0baa\u0bae-\u0bb9\u0bd0\u0c05-\u0c0c\u0c0e-\u0c10\u0c12-\u0c28"
    "\u0c2a-\u0c33\u0c35-\u0c39\u0c3d\u0c58\u0c59\u0c60\u0c61\u0c85-\u0c8c\u0c8e-\u0c90\u0c92-\u0ca8\u0caa-\u0cb3"
    "\u0cb5-\u0cb9\u0cbd\u0cde\u0ce0\u0ce1\u0cf1\u0cf2\u0d05-\u0d0c\u0d0e-\u0d10\u0d12-\u0d3a\u0d3d\u0d4e\u0d60"
    "\u0d61\u0d7a-\u0d7f\u0d85-\u0d96\u0d9a-\u0db1\u0db3-\u0dbb\u0dbd\u0dc0-\u0dc6\u0e01-\u0e30\u0e32\u0e33"
    "\u0e40-\u0e46\u0e81\u0e82\u0e84\u0e87\u0e88\u0e8a\u0e8d\u0e94-\u0e97\u0e99-\u0e9f\u0ea1-\u0ea3\u0ea5\u0ea7"
    "\u0eaa\u0eab\u0ead-\u0eb0\u0eb2\u0eb3\u0ebd\u0ec0-\u0ec4\u0ec6\u0edc-\u0edf\u0f00\u0f40-\u0f47\u0f49-\u0f6c"
    "\u0f88-\u0f8c\u1000-\u102a\u103f\u1050-\u1055\u105a-\u105d\u1061\u1065\u1066\u106e-\u1070\u1075-\u1081"
    "\u108e\u10a0-\u10c5\u10c7\u10cd\u10d0-\u10fa\u10fc-\u1248\u124a-\u124d\u1250-\u1256\u1258\u125a-\u125d"
    "\u1260-\u1288\u128a-\u128d\u1290-\u12b0\u12b2-\u12b5\u12b8-\u12be\u12c0\u12c2-\u12c5\u12c8-\u12d6"
    "\u12d8-\u1310\u1312-\u1315\u1318-\u135a\u1380-\u138f\u13a0-\u13f4\u1401-\u166c\u166f-\u167f\u1681-\u169a"
    "\u16a0-\u16ea\u1700-\u170c\u170e-\u1711\u1720-\u1731\u1740-\u1751\u1760-\u176c\u176e-\u1770\u1780-\u17b3"
    "\u17d7\u17dc\u1820-\u1877\u1880-\u18a8\u18aa\u18b0-\u18f5\u1900-\u191c\u1950-\u196d\u1970-\u1974"
    "\u1980-\u19ab\u19c1-\u19c7\u1a00-\u1a16\u1a20-\u1a54\u1aa7\u1b05-\u1b33\u1b45-\u1b4b\u1b83-\u1ba0\u1bae"
    "\u1baf\u1bba-\u1be5\u1c00-\u1c23\u1c4d-\u1c4f\u1c5a-\u1c7d\u1ce9-\u1cec\u1cee-\u1cf1\u1cf5\u1cf6"
    "\u1d00-\u1dbf\u1e00-\u1f15\u1f18-\u1f1d\u1f20-\u1f45\u1f48-\u1f4d\u1f50-\u1f57\u1f59\u1f5b\u1f5d"
    "\u1f5f-\u1f7d\u1f80-\u1fb4\u1fb6-\u1fbc\u1fbe\u1fc2-\u1fc4\u1fc6-\u1fcc\u1fd0-\u1fd3\u1fd6-\u1fdb"
    "\u1fe0-\u1fec\u1ff2-\u1ff4\u1ff6-\u1ffc\u2071\u207f\u2090-\u209c\u2102\u2107\u210a-\u2113\u2115"
    "\u2119-\u211d\u2124\u2126\u2128\u212a-\u212d\u212f-\u2139\u213c-\u213f\u2145-\u2149\u214e\u2183\u2184"
    "\u2c00-\u2c2e\u2c30-\u2c5e\u2c60-\u2ce4\u2ceb-\u2cee\u2cf2\u2cf3\u2d00-\u2d25\u2d27\u2d2d\u2d30-\u2d67"
    "\u2d6f\u2d80-\u2d96\u2da0-\u2da6\u2da8-\u2dae\u2db0-\u2db6\u2db8-\u2dbe\u2dc0-\u2dc6\u2dc8-\u2dce"
    "\u2dd0-\u2dd6\u2dd8-\u2dde\u2e2f\u3005\u3006\u3031-\u3035\u303b\u303c\u3041-\u3096\u309d-\u309f"
    "\u30a1-\u30fa\u30fc-\u30ff\u3105-\u312d\u3131-\u318e\u31a0-\u31ba\u31f0-\u31ff\u3400-\u4db5\u4e00-\u9fcc"
    "\ua000-\ua48c\ua4d0-\ua4fd\ua500-\ua60c\ua610-\ua61f\ua62a\ua62b\ua640-\ua66e\ua67f-\ua697\ua6a0-\ua6e5"
    "\ua717-\ua71f\ua722-\ua788\ua78b-\ua78e\ua790-\ua793\ua7a0-\ua7aa\ua7f8-\ua801\ua803-\ua805\ua807-\ua80a"
    "\ua80c-\ua822\ua840-\ua873\ua882-\ua8b3\ua8f2-\ua8f7\ua8fb\ua90a-\ua925\ua930-\ua946\ua960-\ua97c"
    "\ua984-\ua9b2\ua9cf\uaa00-\uaa28\uaa40-\uaa42\uaa44-\uaa4b\uaa60-\uaa76\uaa7a\uaa80-\uaaaf\uaab1\uaab5"
    "\uaab6\uaab9-\uaabd\uaac0\uaac2\uaadb-\uaadd\uaae0-\uaaea\uaaf2-\uaaf4\uab01-\uab06\uab09-\uab0e"
    "\uab11-\uab16\uab20-\uab26\uab28-\uab2e\uabc0-\uabe2\uac00-\ud7a3\ud7b0-\ud7c6\ud7cb-\ud7fb\uf900-\ufa6d"
    "\ufa70-\ufad9\ufb00-\ufb06\ufb13-\ufb17\ufb1d\ufb1f-\ufb28\ufb2a-\ufb36\ufb38-\ufb3c\ufb3e\ufb40\ufb41"
    "\ufb43\ufb44\ufb46-\ufbb1\ufbd3-\ufd3d\ufd50-\ufd8f\ufd92-\ufdc7\ufdf0-\ufdfb\ufe70-\ufe74\ufe76-\ufefc"
    "\uff21-\uff3a\uff41-\uff5a\uff66-\uffbe\uffc2-\uffc7\uffca-\uffcf\uffd2-\uffd7\uffda-\uffdc]"
)


@dataclass(frozen=True, slots=True)
class _Rule:
    """One lexer rule: where it applies, what it matches, what it emits, how it moves the state."""

    states: frozenset[str]
    pattern: str  # compiled only inside the per-state alternations, when a state first needs them
    token: str | None
    push: str | None = None
    pop: bool = False
    first_graph: bool = False
    strip_breaks: bool = False
    clear_text: bool = False
    first: str | None = None  # a character class
    needs: str = ""


_SPACE_CLASS: Final = "\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def _rule(states: str, pattern: str, token: str | None, first: str | None = None, **moves: object) -> _Rule:
    """A rule; ``first`` over-approximates the characters a match can start with (None: any)."""
    starts = f"[{first.replace('WS', _SPACE_CLASS)}]" if first is not None else None
    source = pattern.replace(r"\b", _ASCII_BOUNDARY)
    return _Rule(frozenset(states.split()), source, token, first=starts, **moves)  # type: ignore[arg-type]


_STRING_STATES = "*"
# The rules in Mermaid's order; the first rule that matches in the current state wins.
_RULES: Final = (
    _rule("INITIAL", r"accTitle\s*:\s*", "ACC_TITLE", first=r"a", push="acc_title"),
    _rule("acc_title", r"[^\n]*", "ACC_TITLE_VALUE", pop=True),
    _rule("INITIAL", r"accDescr\s*:\s*", "ACC_DESCR", first=r"a", push="acc_descr"),
    _rule("acc_descr", r"[^\n]*", "ACC_DESCR_VALUE", pop=True),
    _rule("INITIAL", r"accDescr\s*\{\s*", None, first=r"a", push="acc_descr_multiline"),
    _rule("acc_descr_multiline", r"[\}]", None, pop=True),
    _rule("acc_descr_multiline", r"[^\}]*", "ACC_DESCR_MULTILINE_VALUE"),
    _rule("INITIAL", r"@\{", "SHAPE_DATA", first=r"@", push="shapeData", clear_text=True),
    _rule("shapeData", r'["]', "SHAPE_DATA", push="shapeDataStr"),
    _rule("shapeDataStr", r'["]', "SHAPE_DATA", pop=True),
    _rule("shapeDataStr", r"[^\"]+", "SHAPE_DATA", strip_breaks=True),
    _rule("shapeData", r'[^}^"]+', "SHAPE_DATA"),
    _rule("shapeData", r"\}", None, pop=True),
    _rule("INITIAL", r"call[\s]+", None, first=r"c", push="callbackname"),
    _rule("callbackname", r"\([\s]*\)", None, pop=True),
    _rule("callbackname", r"\(", None, pop=True, push="callbackargs"),
    _rule("callbackname", r"[^(]*", "CALLBACKNAME"),
    _rule("callbackargs", r"\)", None, pop=True),
    _rule("callbackargs", r"[^)]*", "CALLBACKARGS"),
    _rule("md_string", r"[^`\"]+", "MD_STR"),
    _rule("md_string", r"[`][\"]", None, pop=True),
    _rule(_ALL, r"[\"][`]", None, push="md_string", first='"'),
    _rule("string", r"[^\"]+", "STR"),
    _rule("string", r"[\"]", None, pop=True),
    _rule(_ALL, r"[\"]", None, push="string", first='"'),
    _rule("INITIAL", r"style\b", "STYLE", first=r"s"),
    _rule("INITIAL", r"default\b", "DEFAULT", first=r"d"),
    _rule("INITIAL", r"linkStyle\b", "LINKSTYLE", first=r"l"),
    _rule("INITIAL", r"interpolate\b", "INTERPOLATE", first=r"i"),
    _rule("INITIAL", r"classDef\b", "CLASSDEF", first=r"c"),
    _rule("INITIAL", r"class\b", "CLASS", first=r"c"),
    _rule("INITIAL", r"href[\s]", "HREF", first=r"h"),
    _rule("INITIAL", r"click[\s]+", None, first=r"c", push="click"),
    _rule("click", r"[\s\n]", None, pop=True),
    _rule("click", r"[^\s\n]*", "CLICK"),
    _rule("INITIAL", r"flowchart-elk\b", "GRAPH", first=r"f", first_graph=True),
    _rule("INITIAL", r"swimlane-beta\b", "GRAPH", first=r"s", first_graph=True),
    _rule("INITIAL", r"graph\b", "GRAPH", first=r"g", first_graph=True),
    _rule("INITIAL", r"flowchart\b", "GRAPH", first=r"f", first_graph=True),
    _rule("INITIAL", r"subgraph\b", "SUBGRAPH", first=r"s"),
    _rule("INITIAL", r"end\b\s*", "END", first=r"e"),
    _rule("INITIAL", r"_self\b", "LINK_TARGET", first=r"_"),
    _rule("INITIAL", r"_blank\b", "LINK_TARGET", first=r"_"),
    _rule("INITIAL", r"_parent\b", "LINK_TARGET", first=r"_"),
    _rule("INITIAL", r"_top\b", "LINK_TARGET", first=r"_"),
    _rule("dir", r"(\r?\n)*\s*\n", "NODIR", pop=True),
    *(_rule("dir", rf"\s*{word}\b", "DIR", pop=True) for word in ("LR", "RL", "TB", "BT", "TD", "BR")),
    *(_rule("dir", rf"\s*{sign}", "DIR", pop=True) for sign in ("<", ">", r"\^")),
    _rule("dir", r"\s*v\b", "DIR", pop=True),
    *(
        _rule("INITIAL", rf"[^\n]*direction\s+{word}[^\n]*", f"DIRECTION_{word}", needs="direction")
        for word in ("TB", "BT", "RL", "LR", "TD")
    ),
    _rule("INITIAL", r"[^\s\"]+@(?=[^\{\"])", "LINK_ID", needs="@"),
    _rule("INITIAL", r"[0-9]+", "NUM", first=r"0-9"),
    _rule("INITIAL", r"#", "BRKT", first=r"#"),
    _rule("INITIAL", r":::", "STYLE_SEPARATOR", first=r":"),
    _rule("INITIAL", r":", "COLON", first=r":"),
    _rule("INITIAL", r"&", "AMP", first=r"&"),
    _rule("INITIAL", r";", "SEMI", first=r";"),
    _rule("INITIAL", r",", "COMMA", first=r","),
    _rule("INITIAL", r"\*", "MULT", first=r"*"),
    _rule("INITIAL edgeText", r"\s*[xo<]?--+[-xo>]\s*", "LINK", pop=True, first=r"WSxo<\-"),
    _rule("INITIAL", r"\s*[xo<]?--\s*", "START_LINK", first=r"WSxo<\-", push="edgeText"),
    _rule("edgeText", r"[^-]|-(?!-)", "EDGE_TEXT"),
    _rule("INITIAL thickEdgeText", r"\s*[xo<]?==+[=xo>]\s*", "LINK", pop=True, first=r"WSxo<="),
    _rule("INITIAL", r"\s*[xo<]?==\s*", "START_LINK", first=r"WSxo<=", push="thickEdgeText"),
    _rule("thickEdgeText", r"[^=]", "EDGE_TEXT"),
    _rule("INITIAL dottedEdgeText", r"\s*[xo<]?-?\.+-[xo>]?\s*", "LINK", pop=True, first=r"WSxo<\-."),
    _rule("INITIAL", r"\s*[xo<]?-\.\s*", "START_LINK", first=r"WSxo<\-", push="dottedEdgeText"),
    _rule("dottedEdgeText", r"[^\.]", "EDGE_TEXT"),
    _rule(_ALL, r"\s*~~[\~]+\s*", "LINK", first=r"WS~"),
    _rule("ellipseText", r"[-/\)][\)]", "ELLIPSE_END", pop=True),
    _rule("ellipseText", r"[^\(\)\[\]\{\}]|!\)+", "TEXT"),
    _rule(_ALL, r"\(-", "ELLIPSE_START", push="ellipseText", first=r"("),
    _rule("text", r"\]\)", "STADIUMEND", pop=True),
    _rule(_ALL, r"\(\[", "STADIUMSTART", push="text", first=r"("),
    _rule("text", r"\]\]", "SUBROUTINEEND", pop=True),
    _rule(_ALL, r"\[\[", "SUBROUTINESTART", push="text", first=r"\["),
    _rule("INITIAL", r"\[\|", "VERTEX_WITH_PROPS_START", first=r"\["),
    _rule("INITIAL", r">", "TAGEND", push="text", first=r">"),
    _rule("text", r"\)\]", "CYLINDEREND", pop=True),
    _rule(_ALL, r"\[\(", "CYLINDERSTART", push="text", first=r"\["),
    _rule("text", r"\)\)\)", "DOUBLECIRCLEEND", pop=True),
    _rule(_ALL, r"\(\(\(", "DOUBLECIRCLESTART", push="text", first=r"("),
    _rule("trapText", r"[\\(?=\])][\]]", "TRAPEND", pop=True),
    _rule("trapText", r"\/(?=\])\]", "INVTRAPEND", pop=True),
    _rule("trapText", r"\/(?!\])|\\(?!\])|[^\\\[\]\(\)\{\}\/]+", "TEXT"),
    _rule(_ALL, r"\[\/", "TRAPSTART", push="trapText", first=r"\["),
    _rule(_ALL, r"\[\\", "INVTRAPSTART", push="trapText", first=r"\["),
    _rule("INITIAL", r"<", "TAGSTART", first=r"<"),
    _rule("INITIAL", r">", "TAGEND", first=r">"),
    _rule("INITIAL", r"\^", "UP", first=r"\^"),
    _rule("INITIAL", r"\\\|", "SEP", first=r"\\"),
    _rule("INITIAL", r"v\b", "DOWN", first=r"v"),
    _rule("INITIAL", r"\*", "MULT", first=r"*"),
    _rule("INITIAL", r"#", "BRKT", first=r"#"),
    _rule("INITIAL", r"&", "AMP", first=r"&"),
    _rule(
        "INITIAL",
        r"(?:[A-Za-z0-9!\"#$%&'*+.`?\\_/]|-(?=[^>\-.]))+",
        "NODE_STRING",
        first=r"A-Za-z0-9!\"#$%&'*+.`?\\_/\-",
    ),
    _rule("INITIAL", r"-", "MINUS", first=r"\-"),
    _rule("INITIAL", _UNICODE_LETTER, "UNICODE_TEXT", first=r"\u0080-\uffff"),
    _rule("text", r"\|", "PIPE", pop=True),
    _rule(_ALL, r"\|", "PIPE", push="text", first=r"|"),
    _rule("text", r"\)", "PE", pop=True),
    _rule(_ALL, r"\(", "PS", push="text", first=r"("),
    _rule("text", r"\]", "SQE", pop=True),
    _rule(_ALL, r"\[", "SQS", push="text", first=r"\["),
    _rule("text", r"(\})", "DIAMOND_STOP", pop=True),
    _rule(_ALL, r"\{", "DIAMOND_START", push="text", first=r"{"),
    _rule("text", r"[^\[\]\(\)\{\}\|\"]+", "TEXT"),
    _rule("INITIAL", r"\"", "QUOTE", first='"'),
    _rule("INITIAL", r"(\r?\n)+", "NEWLINE", first=r"\r\n"),
    _rule("INITIAL", r"\s", "SPACE", first=r"WS"),
    _rule("INITIAL", r"\Z", "EOF"),
)
_STATES: Final = frozenset(state for rule in _RULES for state in rule.states) - {_ALL}
_RULES_BY_STATE: Final = {
    state: tuple(rule for rule in _RULES if state in rule.states or _ALL in rule.states) for state in _STATES
}


def _without_captures(pattern: str) -> str:
    """``pattern`` with its capturing groups made non-capturing (escapes and classes left alone)."""
    out: list[str] = []
    in_class = escaped = False
    for index, char in enumerate(pattern):
        out.append(char)
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(" and pattern[index + 1 : index + 2] != "?":
            out.append("?:")
    return "".join(out)


def _alternation(rules: tuple[_Rule, ...]) -> re.Pattern[str]:
    """One regex per state: alternatives are tried left to right, which is Mermaid's first-match rule."""
    return re.compile("|".join(f"({_without_captures(rule.pattern)})" for rule in rules))


_NON_ASCII_CLASS: Final = r"[\u0080-\uffff]"


@cache
def _starts(character_class: str, char: str) -> bool:
    if character_class == _NON_ASCII_CLASS:
        return "\x80" <= char <= "\uffff"  # compiling this class costs 3 ms a process; the test is a compare
    return re.match(character_class, char) is not None


_Matcher = tuple[re.Pattern[str], tuple[_Rule, ...]]
_MATCHERS: dict[tuple[str, str, frozenset[str]], _Matcher] = {}
# In edge text every character is its own token unless a quote or an arrow could start there;
# a run of such characters is one token here, with the same text.
_EDGE_TEXT_RUNS: Final = {
    "edgeText": re.compile(f'[^"{_SPACE_CLASS}\\-xo<]+'),
    "thickEdgeText": re.compile(f'[^"{_SPACE_CLASS}=xo<]+'),
    "dottedEdgeText": re.compile(f'[^"{_SPACE_CLASS}\\-.xo<]+'),
}


_INDENT: Final = re.compile("[\t\x0b\x0c \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
_ARROW_STARTS: Final = frozenset("-=.~xo<\n\r")


def _matcher(state: str, char: str, present: frozenset[str]) -> _Matcher:
    """The rules of ``state`` that can match at ``char``, in order, as one alternation."""
    key = (state, char, present)
    found = _MATCHERS.get(key)
    if found is None:
        rules = tuple(
            rule
            for rule in _RULES_BY_STATE[state]
            if (rule.first is None or (char and _starts(rule.first, char)))
            and (not rule.needs or rule.needs in present)
        )
        found = _MATCHERS[key] = (_alternation(rules), rules)
    return found


_DIRECTION_WORDS: Final = re.compile(r"direction\s+(?:TB|BT|RL|LR|TD)")
_NO_WORDS: Final = frozenset[str]()


class _Reach:
    """Where the two rules that scan ahead to the end of a line or word can match at all.

    ``[^\\n]*direction\\s+TB[^\\n]*`` needs a direction word later on the same line, ``[^\\s"]+@`` an ``@``
    before the next blank or quote. Tried at every token without one, each rescans the rest of its line
    or word, which made a long line cost quadratic time; here each check is two binary searches.
    """

    def __init__(self, text: str) -> None:
        self.directions = [found.start() for found in _DIRECTION_WORDS.finditer(text)]
        self.line_breaks = [found.start() for found in re.finditer("\n", text)] if self.directions else []
        self.ats = [at for at in _find_all(text, "@") if text[at + 1 : at + 2] not in ("", "{", '"')]
        self.stops = [found.start() for found in re.finditer(r'[\s"]', text)] if self.ats else []
        self.length = len(text)

    def present(self, position: int) -> frozenset[str]:
        words: list[str] = []
        if self.directions and _next(self.directions, position) < _next(self.line_breaks, position, self.length):
            words.append("direction")
        if self.ats and _next(self.ats, position + 1) < _next(self.stops, position, self.length):
            words.append("@")
        return frozenset(words) if words else _NO_WORDS


def _next(offsets: list[int], position: int, default: int = sys.maxsize) -> int:
    """The first of the sorted ``offsets`` at or after ``position``."""
    index = bisect_left(offsets, position)
    return offsets[index] if index < len(offsets) else default


def _find_all(text: str, needle: str) -> Iterator[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


@dataclass(frozen=True, slots=True)
class RawToken:
    """A token: its Mermaid name, its text, and its offsets in the preprocessed text."""

    type: str
    value: str
    start: int
    end: int


class MermaidLexError(Exception):
    """Text that no lexer rule accepts ("Lexical error ... Unrecognized text")."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"unrecognized text at offset {offset}")
        self.offset = offset


def tokenize(text: str) -> Iterator[RawToken]:
    """Mermaid's tokens for preprocessed flowchart text, one at a time as its parser asks for them.

    Like Mermaid's lexer this is lazy, so a parse error that comes first wins over a lexical error
    further on.
    """
    stack = ["INITIAL"]
    position = 0
    first_graph = True
    length = len(text)
    done = False
    reach = _Reach(text)
    after_break = False
    while True:
        if position >= length:
            if done:
                return
            done = True  # like Mermaid, one more rule may match the empty rest, then input ends
        state = stack[-1]
        if after_break and state == "INITIAL":
            # Indentation after a line break: when no arrow can start in it and the line has no
            # "direction", every character is a SPACE token to Mermaid; one run says the same.
            found = _INDENT.match(text, position)
            if found is not None and text[found.end() : found.end() + 1] not in _ARROW_STARTS:
                line_end = text.find("\n", position)
                if "direction" not in text[position : line_end if line_end >= 0 else length]:
                    after_break = False
                    yield RawToken("SPACE", found.group(0), position, found.end())
                    position = found.end()
                    continue
        run = _EDGE_TEXT_RUNS.get(state)
        if run is not None:
            found = run.match(text, position)
            if found is not None:
                yield RawToken("EDGE_TEXT", found.group(0), position, found.end())
                position = found.end()
                continue
        matcher, rules = _matcher(state, text[position : position + 1], reach.present(position))
        match = matcher.match(text, position)
        if match is None:
            if position >= length:
                return
            raise MermaidLexError(position)
        rule = rules[(match.lastindex or 1) - 1]
        start, position = position, match.end()
        if rule.pop and len(stack) > 1:
            stack.pop()
        if rule.first_graph and first_graph:
            first_graph = False
            stack.append("dir")
        if rule.push:
            stack.append(rule.push)
        if rule.token is None:
            if done:
                return
            continue
        value = match.group(0)
        if rule.clear_text:
            value = ""
        elif rule.strip_breaks:
            value = re.sub(r"\n\s*", "<br/>", value)
        after_break = rule.token == "NEWLINE"
        yield RawToken(rule.token, value, start, position)
        if done:
            return


def front_matter_settings(front_matter: str | None) -> tuple[str, str | None]:
    """The ``title`` and archdsl ``phase`` a diagram's own front matter sets (phase not yet checked)."""
    if not front_matter:
        return "", None
    import yaml

    try:
        data = yaml.safe_load(front_matter)
    except yaml.YAMLError:
        return "", None
    if not isinstance(data, dict):
        return "", None
    settings = data.get("archdsl")
    phase = settings.get("phase", data.get("phase")) if isinstance(settings, dict) else data.get("phase")
    return str(data.get("title") or ""), str(phase).lower() if phase is not None else None


def blank_front_matter(text: str) -> tuple[str, str | None]:
    """``text`` with its front matter turned into blank lines (so positions stay), and the front matter."""
    found = match_front_matter(text)
    if not found:
        return text, None
    return "\n" * text.count("\n", 0, found.end) + text[found.end :], found.body
