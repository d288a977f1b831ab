"""Locate grammar/*.lark and build LALR parsers whose analysis is cached on disk."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from lark import Lark, Token

_SOURCE_TREE = Path(__file__).resolve().parent.parent / "grammar"


def grammar_dir() -> Path:
    """The packaged grammar directory in a wheel, else the checkout's ``grammar/``."""
    # The package directory itself, not importlib.resources: the same place for an installed
    # package, without importing the resource readers on every run.
    packaged = Path(__file__).resolve().parent / "grammar"
    return packaged if packaged.is_dir() else _SOURCE_TREE


def cache_dir() -> Path:
    """Where archdsl keeps derived, safely deletable data (``$ARCHDSL_CACHE_DIR`` overrides)."""
    override = os.environ.get("ARCHDSL_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archdsl"


def build(
    name: str,
    *,
    transformer: Any = None,
    lexer_callbacks: Mapping[str, Callable[[Token], Token | None]] | None = None,
    lexer: Any = "contextual",
) -> Lark:
    """Build the LALR parser for ``grammar/<name>.lark``, reusing the on-disk analysis."""
    path = grammar_dir() / f"{name}.lark"
    text = path.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    cache: str | bool = False
    try:
        directory = cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        cache = str(directory / f"lark-{name}-{digest}.cache")
    except OSError:
        cache = False  # a read-only home still parses, it just pays the analysis each run
    return Lark(
        text,
        parser="lalr",
        lexer=lexer,
        transformer=transformer,
        lexer_callbacks=dict(lexer_callbacks or {}),
        cache=cache,
        maybe_placeholders=True,
    )
