"""Find the closest name among candidates, for "did you mean" hints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(name: str, candidates: Iterable[str]) -> tuple[str | None, bool]:
    """The most similar candidate, and whether it is close enough to be a likely typo.

    >>> nearest("Aurora_Writter", ["Aurora_Writer", "EC2_1"])
    ('Aurora_Writer', True)
    >>> nearest("zzz", ["web"])
    ('web', False)
    >>> nearest("x", [])
    (None, False)
    """
    best: str | None = None
    best_ratio = -1.0
    folded = name.lower()
    for candidate in sorted(candidates):
        ratio = difflib.SequenceMatcher(None, folded, candidate.lower()).ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best, best_ratio >= 0.75
