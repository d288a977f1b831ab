"""Re-serialise an HTML label the way a browser's innerHTML does after DOMPurify, minus scripts.

Imported only for labels that hold a tag: most notes have none, and html.parser costs every run 2 ms.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Final

_VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_DROPPED_WITH_CONTENT: Final = frozenset({"script", "style", "iframe", "object", "noscript", "template", "title"})
# DOMPurify's default HTML tags (its html list, less 'style' which Mermaid forbids). Any other tag,
# such as <String> in "List<String>", is removed and its content kept.
_ALLOWED: Final = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "big",
        "blink",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "content",
        "data",
        "datalist",
        "dd",
        "decorator",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "element",
        "em",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "main",
        "map",
        "mark",
        "marquee",
        "menu",
        "menuitem",
        "meter",
        "nav",
        "nobr",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "search",
        "section",
        "select",
        "shadow",
        "slot",
        "small",
        "source",
        "spacer",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ]
)
_CLOSES_PARAGRAPH: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "search",
        "section",
        "table",
        "ul",
    ]
)
_TABLE_PARTS: Final = frozenset({"caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr"})
_TAG_START: Final = re.compile(r"<[A-Za-z/!?]")


class Sanitizer(HTMLParser):
    """Re-serialises an HTML fragment the way a browser's innerHTML does, minus scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0
        # Before the first tag or text, a browser is still looking for the document's start: it
        # ignores blanks and end tags there (</br> excepted).
        self.started = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.started = True
        if tag in _CLOSES_PARAGRAPH and "p" in self.open:
            self.handle_endtag("p")  # a block inside a paragraph ends the paragraph first
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping += tag not in _VOID
            return
        if self.skipping or tag not in _ALLOWED or (tag in _TABLE_PARTS and "table" not in self.open):
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
        self.handle_starttag(tag, attrs)  # HTML ignores the '/' of <b/>: the element stays open

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping = max(self.skipping - 1, 0)
            return
        if self.skipping or (not self.started and tag != "br"):
            return
        self.started = True
        if tag in ("br", "p") and tag not in self.open:
            # A browser reads a stray </br> as <br>, and a stray </p> as an empty paragraph.
            self.out.append("<br>" if tag == "br" else "<p></p>")
            return
        if tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.started:
            data = data.lstrip("\t\n\x0c\r ")
            self.started = bool(data)
        if not self.skipping:
            self.out.append(
                data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\xa0", "&nbsp;")
            )

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def sanitize_html(text: str) -> str:
    """``text``, which holds a ``<``, as the HTML a browser keeps of it."""
    parser = Sanitizer()
    parser.feed(_without_unclosed_tag(text))
    return parser.result()


def _without_unclosed_tag(text: str) -> str:
    """``text`` up to a tag that never closes: it swallows the rest of the text, as it does in a browser.

    Only a tag after the last ``>`` can be unclosed; searching from there keeps this linear
    (``<[A-Za-z/!?][^>]*$`` retried at every ``<`` was quadratic).
    """
    unclosed = _TAG_START.search(text, text.rfind(">") + 1)
    text = text[: unclosed.start()] if unclosed else text
    # A comment that never ends hides the rest of the text, '>'s included.
    comment = text.find("<!--")
    while comment >= 0:
        end = text.find("-->", comment + 4)
        if end < 0:
            return text[:comment]
        comment = text.find("<!--", end + 3)
    return text
