"""Write light variants of the icons too dark for the dark theme (run after upgrading diagrams).

They go into archdsl/render/icons/dark. An icon is too dark when under a quarter of its opaque pixels
reach a 3:1 contrast with the dark theme's background (WCAG's ratio for graphics). Its variant mirrors
the lightness of each such dark pixel and keeps its hue, saturation and alpha; pixels that already stand
out stay as they are. Needs Pillow (a dev tool).
"""

from __future__ import annotations

import colorsys
import shutil
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archdsl.render.contrast import MIN_CONTRAST, contrast, hex_luminance, luminance  # noqa: E402
from archdsl.render.resources import RESOURCES_ROOT  # noqa: E402
from archdsl.render.theme import THEMES  # noqa: E402

TARGET = ROOT / "archdsl" / "render" / "icons" / "dark"
SIDE = 128  # icons are drawn at 100 px; 128 keeps them sharp at a PNG scale of 1.25
MIN_SHARE = 0.25


def background() -> float:
    return hex_luminance(THEMES["dark"].background)


def pixel_contrast(pixel: tuple[int, int, int, int], against: float) -> float:
    return contrast(luminance(*pixel[:3]), against)


def too_dark(image: Image.Image, against: float) -> bool:
    opaque = [pixel for pixel in image.get_flattened_data() if pixel[3] > 128]
    readable = sum(pixel_contrast(pixel, against) >= MIN_CONTRAST for pixel in opaque)
    return bool(opaque) and readable < MIN_SHARE * len(opaque)


def lightened(image: Image.Image, against: float) -> Image.Image:
    out = image.copy()
    pixels = out.load()
    assert pixels is not None
    for y in range(out.height):
        for x in range(out.width):
            red, green, blue, alpha = pixels[x, y]
            if alpha and pixel_contrast((red, green, blue, alpha), against) < MIN_CONTRAST:
                hue, lightness, saturation = colorsys.rgb_to_hls(red / 255, green / 255, blue / 255)
                mirrored = colorsys.hls_to_rgb(hue, 1 - lightness, saturation)
                pixels[x, y] = (*(round(channel * 255) for channel in mirrored), alpha)
    return out


def main() -> None:
    against = background()
    shutil.rmtree(TARGET, ignore_errors=True)
    written = 0
    for source in sorted((RESOURCES_ROOT / "resources").rglob("*.png")):
        image = Image.open(source).convert("RGBA")
        image.thumbnail((SIDE, SIDE), Image.Resampling.LANCZOS)
        sample = image.copy()
        sample.thumbnail((64, 64))
        if not too_dark(sample, against):
            continue
        target = TARGET / source.relative_to(RESOURCES_ROOT / "resources")
        target.parent.mkdir(parents=True, exist_ok=True)
        # A palette of 256 colours is plenty for flat icons and keeps the package small.
        lightened(image, against).quantize(256, method=Image.Quantize.FASTOCTREE).save(target, optimize=True)
        written += 1
    print(f"wrote {written} light icons under {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
