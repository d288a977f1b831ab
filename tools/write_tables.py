"""Regenerate the LALR tables archdsl ships for grammars parsed without importing Lark."""

from __future__ import annotations

import sys
from pathlib import Path

from archdsl.grammars import lalr_table_module

# grammar name -> the module that holds its table
TABLES = {"mermaid": Path(__file__).resolve().parent.parent / "archdsl" / "mermaid_table.py"}


def main() -> int:
    for name, target in TABLES.items():
        target.write_text(lalr_table_module(name), encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
