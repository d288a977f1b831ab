"""Entry point for ``python -m archdsl``."""

from archdsl.cli import run

run()
