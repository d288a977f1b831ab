"""Label text as Mermaid keeps it (HTML sanitised like DOMPurify) and as plain text for drawing."""

from __future__ import annotations

import html
import re
from typing import Final

_BREAK: Final = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG: Final = re.compile(r"<[^>]*>")


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
    from archdsl.label_html import sanitize_html

    return sanitize_html(text)


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
