"""The icon files archdsl may read and inline: PNGs inside the diagrams package's resources and archdsl's own icons."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import diagrams

# Icons are referred to by these relative paths in DOT; each engine resolves them.
RESOURCES_ROOT: Final = Path(diagrams.__file__).resolve().parent.parent
ICONS_ROOT: Final = Path(__file__).resolve().parent
_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"


def icon_file(reference: str) -> Path | None:
    """The PNG behind a relative icon path written in DOT, or None when it is not one of the trusted icons.

    Trust is decided on the resolved path (no `..`, no symlink out of the folder) and the file's own bytes,
    never on how the reference is spelled: whatever a DOT source says, no other file is ever read.
    """
    if reference.startswith("render/icons/"):
        folder = ICONS_ROOT / "icons"
        relative = reference.removeprefix("render/icons/")
    elif reference.startswith("resources/"):
        folder = RESOURCES_ROOT / "resources"
        relative = reference.removeprefix("resources/")
    else:
        return None
    try:
        path = (folder / relative).resolve(strict=True)
        if not path.is_relative_to(folder.resolve()) or path.suffix != ".png" or not path.is_file():
            return None
        with path.open("rb") as file:
            return path if file.read(len(_PNG_SIGNATURE)) == _PNG_SIGNATURE else None
    except (OSError, RuntimeError):  # missing, unreadable, or a symlink loop
        return None
