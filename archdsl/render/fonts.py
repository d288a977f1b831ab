"""PNG fonts: which characters they draw, how wide labels are in them, and room for those widths in layouts."""

from __future__ import annotations

import html
import json
import logging
import math
import os
import re
import shutil
import struct
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

LOG: Final = logging.getLogger("archdsl.render")

# Added at the end of each label line so Graphviz, which estimates text widths from Times metrics and counts
# each byte of a non-ASCII character as a space, leaves room for the real text; taken out of the SVG again.
ROOM: Final = "\u2007"
_LABEL: Final = re.compile(r'(?<![A-Za-z_])label="((?:[^"\\]|\\.)*)"', re.DOTALL)
# A DOT string is read escape by escape: in it \\n is a backslash and an "n", not a line break.
_TOKEN: Final = re.compile(r"\\.|[^\\]+|\\", re.DOTALL)
_LINE_ENDS: Final = frozenset(("\\n", "\\l", "\\r"))
_ESCAPE: Final = re.compile(r"\\(.)", re.DOTALL)
_TEXT: Final = re.compile(rb"<text\b[^>]*>([^<]*)</text>")
# A warning stays one readable line whatever the label: this many characters named, this much of it quoted.
_NAMED: Final = 5
_QUOTED: Final = 40
EMBEDDED_FIX: Final = "Install a font that has them and use --engine system, or choose other characters"
SYSTEM_FIX: Final = "Install a font that has them (fc-list lists the fonts dot can use), or choose other characters"
_ROOM_IN_SVG: Final = re.compile(f"(?:{ROOM}|&#8199;|&#x2007;)+(?=</text>)".encode())
# Characters shaping draws without a glyph of their own (controls, joiners, variation selectors) or as blank.
_NEVER_INKED: Final = frozenset(("Cc", "Cf", "Zl", "Zp", "Zs"))
_VARIATION_SELECTORS: Final = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


class FontFileError(ValueError):
    """A font file archdsl cannot read its character map or advances from."""


@dataclass(frozen=True, slots=True)
class Font:
    """One font file: the glyph of each character it draws, and each glyph's advance in em."""

    path: str
    glyphs: dict[int, int]
    advances: tuple[float, ...]

    def advance(self, character: str) -> float:
        glyph = self.glyphs.get(ord(character), 0)
        return self.advances[min(glyph, len(self.advances) - 1)]


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    if data[:4] == b"ttcf":
        (data_offset,) = struct.unpack_from(">I", data, 12)
    else:
        data_offset = 0
    (count,) = struct.unpack_from(">H", data, data_offset + 4)
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, data_offset + 12 + 16 * index)
        tables[tag] = (offset, length)
    return tables


def _character_map(data: bytes, offset: int) -> dict[int, int]:
    """The Unicode subtable of a cmap table: format 12 (every plane) when there is one, else format 4."""
    (count,) = struct.unpack_from(">H", data, offset + 2)
    subtables: dict[int, int] = {}
    for index in range(count):
        platform, encoding, sub_offset = struct.unpack_from(">HHI", data, offset + 4 + 8 * index)
        if (platform, encoding) in ((3, 10), (0, 4), (0, 6)):
            subtables.setdefault(12, offset + sub_offset)
        elif (platform, encoding) in ((3, 1), (0, 3)):
            subtables.setdefault(4, offset + sub_offset)
    glyphs: dict[int, int] = {}
    if 12 in subtables and struct.unpack_from(">H", data, subtables[12])[0] == 12:
        start = subtables[12]
        (groups,) = struct.unpack_from(">I", data, start + 12)
        for first, last, glyph in struct.iter_unpack(">III", data[start + 16 : start + 16 + 12 * groups]):
            glyphs.update(zip(range(first, last + 1), range(glyph, glyph + last - first + 1), strict=True))
        return glyphs
    if 4 not in subtables:
        raise FontFileError("no Unicode character map")
    start = subtables[4]
    (doubled,) = struct.unpack_from(">H", data, start + 6)
    segments = doubled // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + doubled)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 2 * doubled)
    range_offsets_at = start + 16 + 3 * doubled
    range_offsets = struct.unpack_from(f">{segments}H", data, range_offsets_at)
    for segment, (first, last, delta, range_offset) in enumerate(zip(starts, ends, deltas, range_offsets, strict=True)):
        for code in range(first, min(last, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = range_offsets_at + 2 * segment + range_offset + 2 * (code - first)
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                glyphs[code] = glyph
    return glyphs


@cache
def load_font(path: str) -> Font:
    """Read a TrueType or OpenType file (the first face of a collection)."""
    data = Path(path).read_bytes()
    try:
        tables = _tables(data)
        units_per_em = struct.unpack_from(">H", data, tables[b"head"][0] + 18)[0]
        (metric_count,) = struct.unpack_from(">H", data, tables[b"hhea"][0] + 34)
        widths = struct.unpack_from(f">{2 * metric_count}H", data, tables[b"hmtx"][0])[0::2]
        glyphs = _character_map(data, tables[b"cmap"][0])
    except (KeyError, struct.error) as error:
        raise FontFileError(f"{path}: not a font archdsl can read ({error})") from None
    return Font(path, glyphs, tuple(width / units_per_em for width in widths))


@cache
def png_font_files() -> tuple[str, ...]:
    """The font files PNGs are drawn with, in the order a missing glyph is looked for: Roboto, then Noto Sans CJK."""
    import font_roboto
    import noto_cjk_sans_jp_regular

    roboto = Path(font_roboto.__file__).resolve().parent / "files"
    return (
        *(str(roboto / name) for name in ("Roboto-Regular.ttf", "Roboto-Bold.ttf", "Roboto-Italic.ttf")),
        str(Path(str(noto_cjk_sans_jp_regular.FONT_PATH)).resolve()),
    )


def _fonts() -> list[Font]:
    return [load_font(path) for path in png_font_files()]


def _first_font() -> Font:
    # Most labels are Latin: Roboto alone answers for them, without reading the 16 MB CJK font.
    return load_font(png_font_files()[0])


def _inked(character: str) -> bool:
    code = ord(character)
    if any(code in selectors for selectors in _VARIATION_SELECTORS):
        return False
    return unicodedata.category(character) not in _NEVER_INKED


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` that no PNG font draws, once each, in order."""
    first = _first_font()
    unusual = [character for character in dict.fromkeys(text) if ord(character) not in first.glyphs]
    if not unusual:
        return []
    fonts = _fonts()
    return [
        character
        for character in unusual
        if _inked(character) and not any(ord(character) in font.glyphs for font in fonts)
    ]


def text_width(line: str) -> float:
    """The advance of one line in em, in the font resvg sets it in.

    resvg shapes a line with the first font; if that font lacks a character, the first later font that has
    it sets the whole line when it has every character, else only the characters the first font lacks.
    """
    first = _first_font()
    lacking = next((character for character in line if ord(character) not in first.glyphs), None)
    if lacking is None:
        return sum(first.advance(character) for character in line)
    fonts = _fonts()
    fallback = next((font for font in fonts[1:] if ord(lacking) in font.glyphs), first)
    if all(ord(character) in fallback.glyphs for character in line):
        return sum(fallback.advance(character) for character in line)
    return sum(
        first.advance(character)
        if ord(character) in first.glyphs
        else next((font for font in fonts if ord(character) in font.glyphs), first).advance(character)
        for character in line
    )


def warn_missing(
    texts: Iterable[str], fix: str = EMBEDDED_FIX, drawn_elsewhere: Callable[[str], bool] | None = None
) -> None:
    """Log, once per text, which of its characters no PNG font draws, and ``fix``.

    ``drawn_elsewhere`` tells whether a character the bundled fonts lack has a font all the same.
    """
    for text in dict.fromkeys(texts):
        missing = [
            character
            for character in missing_characters(text)
            if drawn_elsewhere is None or not drawn_elsewhere(character)
        ]
        if missing:
            LOG.warning("warning: %s", missing_glyphs_message(text, missing, fix))


def missing_glyphs_message(text: str, missing: Sequence[str], fix: str = EMBEDDED_FIX) -> str:
    """Which characters of a label would be drawn as empty boxes, and the fix."""
    named = ", ".join(f"{character!r} ({_code_point(character)})" for character in missing[:_NAMED])
    more = f" and {len(missing) - _NAMED:,} more" if len(missing) > _NAMED else ""
    quoted = f"{text[:_QUOTED]!r}... ({len(text):,} characters)" if len(text) > _QUOTED else repr(text)
    return f"no font here draws {named}{more} in {quoted}; they are drawn as empty boxes in PNG. {fix}"


def texts_of(svg: bytes) -> list[str]:
    """The text of every line of text an SVG draws."""
    return [html.unescape(text.decode("utf-8")) for text in _TEXT.findall(svg)]


def _code_point(character: str) -> str:
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name}" if name else f"U+{ord(character):04X}"


class Estimates:
    """Graphviz's estimate of a line's width in em, measured once from the engine itself."""

    def __init__(self, layout_json: Callable[[str], bytes], fontname: str) -> None:
        samples = [chr(code) for code in range(32, 127)] + ["\u00e9", "\u3042", "\U0001f600", ROOM]
        nodes = "".join(
            f'n{index}[label="{(chr(92) + sample if sample in chr(34) + chr(92) else sample) * 10}"];'
            for index, sample in enumerate(samples)
        )
        probe = f'digraph{{node[shape=plaintext margin=0 width=0 height=0 fontname="{fontname}" fontsize=100];{nodes}}}'
        objects = json.loads(layout_json(probe))["objects"]
        widths = {obj["name"]: float(obj["width"]) * 72 / 1000 for obj in objects}
        measured = [widths[f"n{index}"] for index in range(len(samples))]
        self.ascii = dict(zip(samples[:95], measured[:95], strict=True))
        # Graphviz has no metrics beyond ASCII: a character's estimate depends only on its UTF-8 length.
        self.by_length = {1: self.ascii[" "], 2: measured[95], 3: measured[96], 4: measured[97]}
        self.room = measured[98]

    def width(self, line: str) -> float:
        return sum(self.ascii.get(character) or self.by_length[len(character.encode())] for character in line)


def with_room_for_text(dot: str, estimates: Estimates) -> str:
    """DOT whose every label line ends in enough ROOM for Graphviz to reserve its real width."""

    def widen(match: re.Match[str]) -> str:
        widened: list[str] = []
        line: list[str] = []
        for token in _TOKEN.finditer(match[1]):
            if token[0] in _LINE_ENDS:
                widened.append(_with_room("".join(line), estimates) + token[0])
                line = []
            else:
                line.append(token[0])
        widened.append(_with_room("".join(line), estimates))
        return f'label="{"".join(widened)}"'

    return _LABEL.sub(widen, dot)


def _with_room(piece: str, estimates: Estimates) -> str:
    """One line of a DOT label, as written in DOT, with ROOM for what Graphviz's estimate falls short of."""
    line = _ESCAPE.sub(lambda escaped: escaped[1], piece)
    shortfall = text_width(line) - estimates.width(line)
    return piece + ROOM * (math.ceil(shortfall / estimates.room - 1e-9) if line and shortfall > 0 else 0)


def without_room(svg: bytes) -> bytes:
    """Graphviz's SVG with the ROOM characters taken out of the text again."""
    return _ROOM_IN_SVG.sub(b"", svg)


def fontconfig_file(folder: Path, dot_executable: str) -> Path | None:
    """A fontconfig file for the system ``dot``: the system's own configuration plus the bundled fonts.

    So pango lays out and draws labels in Roboto, and CJK in Noto Sans CJK where the system has no font
    for them, as the embedded engine does. None when the system's configuration is not where fontconfig
    keeps it on Linux, Homebrew or MacPorts: ``dot`` then runs with its fonts as they are.
    """
    prefix = Path(dot_executable).resolve().parent.parent
    candidates = [os.environ.get("FONTCONFIG_FILE", ""), str(prefix / "etc/fonts/fonts.conf"), "/etc/fonts/fonts.conf"]
    system = next((Path(path) for path in candidates if path and Path(path).is_file()), None)
    if system is None:
        return None
    folders = dict.fromkeys(str(Path(path).parent) for path in png_font_files())
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{html.escape(str(system), quote=False)}</include>\n'
        + "".join(f"  <dir>{html.escape(folder, quote=False)}</dir>\n" for folder in folders)
        + "</fontconfig>\n"
    )
    path = folder / "fonts.conf"
    path.write_text(text, encoding="utf-8")
    return path


def fontconfig_draws(config: Path | None) -> Callable[[str], bool]:
    """Whether fontconfig (as ``config`` sets it up) has a font for a character; yes when fc-list is missing."""
    program = shutil.which("fc-list")
    known: dict[str, bool] = {}

    def draws(character: str) -> bool:
        if program is None:
            return True  # nothing to ask: no warning rather than a false one
        if character not in known:
            environment = dict(os.environ, FONTCONFIG_FILE=str(config)) if config else None
            found = subprocess.run(
                [program, f":charset={ord(character):x}", "file"], capture_output=True, check=False, env=environment
            )
            known[character] = bool(found.stdout.strip())
        return known[character]

    return draws
