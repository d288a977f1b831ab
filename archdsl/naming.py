"""Find the closest name among candidates, for "did you mean" hints, in bounded time per name."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Final

MAX_COMPARED: Final = 50
"""Candidates compared per name, those of the nearest lengths first: thousands of unknown names
against thousands of ids must not cost their product. A typo keeps (about) its length, so a real
typo is still found."""


class Names:
    """Candidate names indexed by length, with each answer remembered."""

    def __init__(self, candidates: Iterable[str]) -> None:
        self.by_length: dict[int, list[str]] = {}
        for candidate in sorted(candidates):
            self.by_length.setdefault(len(candidate), []).append(candidate)
        self.answers: dict[str, tuple[str | None, bool]] = {}

    def nearest(self, name: str) -> tuple[str | None, bool]:
        """The most similar candidate, and whether it is close enough to be a likely typo."""
        if name not in self.answers:
            self.answers[name] = self._nearest(name)
        return self.answers[name]

    def _nearest(self, name: str) -> tuple[str | None, bool]:
        folded = name.lower()
        matcher = difflib.SequenceMatcher(None, folded, "")
        scored: list[tuple[float, str]] = []
        for length in sorted(self.by_length, key=lambda length: (abs(length - len(name)), length)):
            for candidate in self.by_length[length][: MAX_COMPARED - len(scored)]:
                matcher.set_seq2(candidate.lower())
                # quick_ratio bounds ratio from above: a candidate that cannot win is not measured.
                bound = matcher.quick_ratio()
                scored.append((-(matcher.ratio() if not scored or bound >= -min(scored)[0] else bound), candidate))
            if len(scored) >= MAX_COMPARED:
                break
        if not scored:
            return None, False
        ratio, best = min(scored)
        return best, -ratio >= 0.75


def nearest(name: str, candidates: Iterable[str]) -> tuple[str | None, bool]:
    """The most similar candidate, and whether it is close enough to be a likely typo.

    >>> nearest("Aurora_Writter", ["Aurora_Writer", "EC2_1"])
    ('Aurora_Writer', True)
    >>> nearest("zzz", ["web"])
    ('web', False)
    >>> nearest("x", [])
    (None, False)
    """
    return Names(candidates).nearest(name)
