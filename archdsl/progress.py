"""A one-line progress counter on an interactive terminal; silent in CI, pipes and pre-commit."""

from __future__ import annotations

from types import TracebackType
from typing import TextIO


class Progress:
    """``drawing 12/300`` rewritten in place on a TTY for runs long enough to need it; nothing elsewhere."""

    def __init__(self, stream: TextIO, label: str, minimum: int = 10) -> None:
        self._stream = stream
        self._label = label
        self._minimum = minimum
        self._shown = False

    def update(self, done: int, total: int) -> None:
        if total < self._minimum or not self._stream.isatty():
            return
        self._stream.write(f"\r{self._label} {done}/{total}")
        self._stream.flush()
        self._shown = True

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._shown:
            self._stream.write("\r\033[K")
            self._stream.flush()
