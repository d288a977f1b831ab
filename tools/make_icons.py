"""Rasterise archdsl/render/icons/*.svg into the PNGs the renderer embeds (run after editing an icon)."""

from __future__ import annotations

from pathlib import Path

import resvg_py

ICONS = Path(__file__).resolve().parent.parent / "archdsl" / "render" / "icons"

if __name__ == "__main__":
    for source in sorted(ICONS.glob("*.svg")):
        png = resvg_py.svg_to_bytes(
            svg_string=source.read_text(encoding="utf-8"), width=128, height=128, skip_system_fonts=True
        )
        source.with_suffix(".png").write_bytes(bytes(png))
        print(f"wrote {source.with_suffix('.png').name}")
