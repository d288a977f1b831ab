"""WCAG 2 relative luminance and contrast, for telling which icons vanish on the dark background."""

from __future__ import annotations

from typing import Final

# WCAG's minimum contrast for graphics (success criterion 1.4.11).
MIN_CONTRAST: Final = 3.0


def _linear(value: int) -> float:
    channel = value / 255
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(red: int, green: int, blue: int) -> float:
    """The relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def hex_luminance(colour: str) -> float:
    """The relative luminance of ``#RRGGBB``."""
    digits = colour.lstrip("#")
    return luminance(*(int(digits[at : at + 2], 16) for at in (0, 2, 4)))


def contrast(luminance_a: float, luminance_b: float) -> float:
    """WCAG's contrast ratio of two luminances (1 to 21)."""
    lighter, darker = max(luminance_a, luminance_b), min(luminance_a, luminance_b)
    return (lighter + 0.05) / (darker + 0.05)
