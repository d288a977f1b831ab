"""Splitting ids, labels and titles into words: the one tokeniser kinds, groups and scope read with."""

from __future__ import annotations

import functools
import re
from typing import Final

__all__ = ["Token", "tokens", "words"]

# A token is an acronym not followed by lowercase ("API" in "APIGateway"), a capitalised or lowercase
# word, a digit run, or a run of non-ASCII characters (a Japanese phrase, an emoji).  Digits are
# separate tokens so "ALB2" still finds "ALB"; readers re-join runs of tokens, so "EC2", "S3" and
# "Route53" are found as well.
_TOKEN: Final = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[^\x00-\x7f]+")
# Characters a phrase never spans ("S3 / Glacier" is two things, not "S3 Glacier").
_HARD_BREAK: Final = re.compile(r"[,;/|()\[\]{}<>:+&=\n]")


class Token:
    """One token of a text, with where it is and which written word and stretch it belongs to."""

    # A plain slotted class rather than a dataclass: cheaper to define at import time.
    __slots__ = ("end", "letter_word", "segment", "start", "text", "word")

    def __init__(self, text: str, start: int, end: int, segment: int, word: int) -> None:
        self.text = text  # lower case
        self.start = start
        self.end = end
        self.segment = segment  # index of the stretch between hard breaks
        self.word = word  # index of the written word: "ElasticIP" is one word of two tokens
        self.letter_word = False  # a written word that is a single letter ("a" in "service_a_lb")

    def __repr__(self) -> str:
        return f"Token({self.text!r}, segment={self.segment}, word={self.word})"


@functools.lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[Token, ...]:
    """The tokens of ``text`` in order; the same text gives the same (shared, read-only) tuple.

    >>> [t.text for t in tokens("MyEC2Instance / S3")]
    ['my', 'ec', '2', 'instance', 's', '3']
    """
    breaks = [m.start() for m in _HARD_BREAK.finditer(text)]
    found: list[Token] = []
    segment = 0
    word = -1
    b = 0
    previous_end = -1
    for match in _TOKEN.finditer(text):
        while b < len(breaks) and breaks[b] < match.start():
            segment += 1
            b += 1
        if match.start() != previous_end:
            word += 1
        found.append(Token(match.group().lower(), match.start(), match.end(), segment, word))
        previous_end = match.end()
    for index, token in enumerate(found):
        token.letter_word = (
            len(token.text) == 1
            and (index == 0 or found[index - 1].word != token.word)
            and (index + 1 == len(found) or found[index + 1].word != token.word)
        )
    return tuple(found)


@functools.lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Lower-case words of an id or title, an AZ letter kept on its number: ``privateSubnet1c`` -> private subnet 1c.

    >>> words("☁️ AWS Cloud - us-east-1a")
    ('☁️', 'aws', 'cloud', 'us', 'east', '1a')
    """
    found: list[str] = []
    previous: Token | None = None
    for token in tokens(text):
        if (
            previous is not None
            and previous.end == token.start
            and previous.text.isdigit()
            and len(token.text) == 1
            and "a" <= text[token.start] <= "z"
        ):
            found[-1] += token.text
        else:
            found.append(token.text)
        previous = token
    return tuple(found)
