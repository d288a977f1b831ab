"""Standard output and error that fail in one line: closed, full or narrow streams never give a traceback."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import IO, Any, TextIO, cast


class OutputError(Exception):
    """stdout cannot take what archdsl writes (closed, disk full, I/O error); the CLI says so and exits 2."""


class _Guarded:
    """A standard stream (text or its binary buffer) whose failed writes raise OutputError, or are dropped.

    A reader that went away (EPIPE) stays a BrokenPipeError: that is not an error of the output but its end.
    """

    def __init__(self, stream: IO[Any] | None, *, quiet: bool) -> None:
        self._stream = stream
        self._quiet = quiet

    def _failed(self, reason: str) -> None:
        if not self._quiet:
            raise OutputError(f"cannot write to stdout: {reason}")

    def write(self, data: Any) -> int:
        if self._stream is None:
            self._failed("it is closed")
            return 0
        try:
            return int(self._stream.write(data))
        except BrokenPipeError:
            if self._quiet:
                return 0
            raise
        except OSError as error:
            self._failed(error.strerror or str(error))
            return 0

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            if not self._quiet:
                raise
        except OSError as error:
            self._failed(error.strerror or str(error))

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    @property
    def buffer(self) -> _Guarded:
        return _Guarded(getattr(self._stream, "buffer", None), quiet=self._quiet)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _escape_unencodable(error: UnicodeError) -> tuple[str, int]:
    """``\\u65e5`` for a character the stream cannot encode; ``\\xe3`` for a byte of a file name the locale
    could not decode (Python keeps those as U+DC80..U+DCFF surrogates)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = [
        f"\\x{ord(char) - 0xDC00:02x}" if 0xDC80 <= ord(char) <= 0xDCFF else char.encode("unicode-escape").decode()
        for char in error.object[error.start : error.end]
    ]
    return "".join(shown), error.end


codecs.register_error("archdsl-escape", _escape_unencodable)


def _escaping(stream: TextIO | None) -> TextIO | None:
    """``stream`` set to write what its encoding cannot as an escape rather than fail."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with suppress(OSError, ValueError):
            reconfigure(errors="archdsl-escape")
    return stream


@contextmanager
def guarded_streams() -> Iterator[None]:
    """Run with stdout raising OutputError on a failed write and stderr dropping what it cannot write."""
    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Guarded(_escaping(sys.stdout), quiet=False))
    sys.stderr = cast(TextIO, _Guarded(_escaping(sys.stderr), quiet=True))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def silence_stdout() -> None:
    """Point stdout's descriptor at /dev/null: after a broken pipe the interpreter's last flush must not fail."""
    with suppress(OSError, ValueError):
        descriptor = sys.__stdout__.fileno() if sys.__stdout__ is not None else 1
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, descriptor)
        os.close(devnull)
