"""Print node and group kind accuracy, scope accuracy, lint precision and recall over the judged real-note corpus.

.venv/bin/python bench/bench_realworld.py                 # this checkout
.venv/bin/python bench/bench_realworld.py --before DIR    # and another checkout beside it, per rule
.venv/bin/python bench/bench_realworld.py -v              # list every miss
"""

from __future__ import annotations

import argparse
import sys

from bench_common import ROOT, verdict

sys.path.insert(0, str(ROOT / "tests" / "realworld"))

from judge import Score, load_corpus, read_corpus, score

TARGETS = {"node kinds right": 0.95, "group kinds right": 0.98, "lint precision": 0.80}


def row(name: str, *cells: str) -> None:
    print(f"{name:<20}" + "".join(f"{cell:>14}" for cell in cells))


def _figures(result: Score) -> list[tuple[str, float, str]]:
    return [
        ("node kinds right", result.node_accuracy, f"{result.nodes_right}/{result.nodes}"),
        ("group kinds right", result.group_accuracy, f"{result.groups_right}/{result.groups}"),
        ("scope right", result.scope_accuracy, f"{result.scopes_right}/{result.fences}"),
        ("lint precision", result.precision, f"{result.worth}/{result.reported}"),
        ("lint recall", result.recall, f"{result.worth}/{result.expected}"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", metavar="DIR", help="another archdsl checkout to score beside this one")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong kind, noisy and missed finding")
    arguments = parser.parse_args()
    fences = load_corpus()
    notes = sorted({fence.note for fence in fences})
    now = score(fences, read_corpus(notes, pythonpath=str(ROOT)))
    before = None if arguments.before is None else score(fences, read_corpus(notes, pythonpath=arguments.before))
    print(f"bench_realworld: {len(notes)} notes, {len(fences)} judged fences, {now.expected} findings worth saying")
    print(f"  {len(now.unparsed_fences)} fences Mermaid rejects (ARCH001) are scored on findings only")
    if before is None:
        row("figure", "now", "", "target", "status")
    else:
        row("figure", "now", "", "before", "", "target", "status")
    for index, (name, value, counts) in enumerate(_figures(now)):
        target = TARGETS.get(name)
        status = "" if target is None else verdict(value >= target)
        wanted = "" if target is None else f">= {target:.0%}"
        if before is None:
            row(name, f"{value:.1%}", counts, wanted, status)
        else:
            _, previous, previous_counts = _figures(before)[index]
            row(name, f"{value:.1%}", counts, f"{previous:.1%}", previous_counts, wanted, status)
    print()
    row("rule", "worth", "noise", "missed", *(["before: worth", "noise", "missed"] if before else []))
    for code in sorted(set(now.rules) | set(before.rules if before else {})):
        rule = now.rule(code)
        columns = [str(rule.worth), str(rule.noise), str(rule.missed)]
        if before is not None:
            old = before.rule(code)
            columns += [str(old.worth), str(old.noise), str(old.missed)]
        row(code, *columns)
    if now.forbidden:
        print(f"\n{len(now.forbidden)} findings the judgement says must not appear:")
        print("\n".join(f"  {line}" for line in now.forbidden))
    if arguments.verbose:
        for title, lines in (
            ("wrong node kinds", now.wrong_nodes),
            ("wrong group kinds", now.wrong_groups),
            ("wrong scopes", now.wrong_scopes),
            ("not worth saying", now.noise),
            ("missed", now.missed),
        ):
            print(f"\n{title} ({len(lines)}):")
            print("\n".join(f"  {line}" for line in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
