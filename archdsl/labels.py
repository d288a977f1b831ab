"""Label text as Mermaid keeps it (HTML sanitised like DOMPurify) and as plain text for drawing."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Final

_VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_DROPPED_WITH_CONTENT: Final = frozenset({"script", "style", "iframe", "object", "noscript", "template", "title"})
_BREAK: Final = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG: Final = re.compile(r"<[^>]*>")
_TAG_START: Final = re.compile(r"<[A-Za-z/!?]")


class _Sanitizer(HTMLParser):
    """Re-serialises an HTML fragment the way a browser's innerHTML does, minus scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping += tag not in _VOID
            return
        if self.skipping:
            return
        kept = "".join(
            f' {name}="{html.escape(value or "", quote=True).replace("&#x27;", chr(39))}"'
            for name, value in attrs
            if not name.startswith("on")
        )
        self.out.append(f"<{tag}{kept}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping = max(self.skipping - 1, 0)
            return
        if self.skipping or tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(
                data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\xa0", "&nbsp;")
            )

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def sanitize(text: str) -> str:
    """Mermaid's label sanitising: text without ``<`` is untouched, HTML is re-serialised.

    >>> sanitize("R&D <b>bold</b>")
    'R&amp;D <b>bold</b>'
    >>> sanitize("line1<br/>line2")
    'line1<br>line2'
    >>> sanitize("Catalog & Query")
    'Catalog & Query'
    >>> sanitize("batch, runtime <visibilityTimeout")
    'batch, runtime '
    """
    if "<" not in text:
        return text
    parser = _Sanitizer()
    parser.feed(_without_unclosed_tag(text))
    return parser.result()


def _without_unclosed_tag(text: str) -> str:
    """``text`` up to a tag that never closes: it swallows the rest of the text, as it does in a browser.

    Only a tag after the last ``>`` can be unclosed; searching from there keeps this linear
    (``<[A-Za-z/!?][^>]*$`` retried at every ``<`` was quadratic).
    """
    unclosed = _TAG_START.search(text, text.rfind(">") + 1)
    return text[: unclosed.start()] if unclosed else text


def _before_last_close(text: str, pattern: re.Pattern[str], replacement: str) -> str:
    """``pattern.sub(replacement, text)`` for a pattern whose matches end at a ``>``, in linear time.

    Past the last ``>`` nothing can match, so the search never rescans the tail from every ``<``.
    """
    end = text.rfind(">") + 1
    return pattern.sub(replacement, text[:end]) + text[end:]


def plain(text: str) -> str:
    """A Mermaid label as plain text for drawing: line breaks kept, tags dropped, entities decoded.

    >>> plain("R&amp;D <b>bold</b><br>next &quot;line&quot;")
    'R&D bold\\nnext "line"'
    """
    return html.unescape(_before_last_close(_BREAK.sub("\n", text), _TAG, ""))
