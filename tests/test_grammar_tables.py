"""The LALR table shipped in archdsl/mermaid_table.py is the one Lark builds from grammar/mermaid.lark."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from archdsl import flowchart, mermaid_table
from archdsl.grammars import lalr_table_module

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_table_is_the_one_lark_builds_from_the_grammar() -> None:
    shipped = (ROOT / "archdsl" / "mermaid_table.py").read_text(encoding="utf-8")
    assert shipped == lalr_table_module("mermaid"), "stale table: run `python tools/write_tables.py`"


def test_table_text_does_not_depend_on_the_hash_seed() -> None:
    script = "from archdsl.grammars import lalr_table_module; print(lalr_table_module('mermaid'), end='')"
    texts = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(texts) == 1


def test_every_reduction_names_a_parser_action_or_a_rule_no_action_reads() -> None:
    actions = {name for name in dir(flowchart._Callbacks) if not name.startswith("_")}
    unread = {callback for _size, callback, _origin in mermaid_table.RULES if callback not in actions}
    # Lark would build a tree for these; nothing in Mermaid's actions looks at them.
    assert unread == {"first_stmt_separator", "separator", "space_list"}


def test_table_is_complete_and_internally_consistent() -> None:
    states = len(mermaid_table.ACTIONS)
    for row in mermaid_table.ACTIONS:
        for step in row.values():
            assert (0 <= step < states) if step >= 0 else (~step < len(mermaid_table.RULES))
    assert mermaid_table.ACTIONS[mermaid_table.START]["start"] == mermaid_table.END


def test_reading_a_flowchart_imports_no_lark() -> None:
    script = (
        "import sys; from archdsl.flowchart import parse_flowchart;"
        "parse_flowchart('flowchart LR\\n  a[Web] --> b[(DB)]\\n');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'lark'))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
