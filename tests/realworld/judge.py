"""Score archdsl's reading (kinds, groups, scope) and lint findings on the real-note corpus against the judgement."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NOTES = Path(__file__).resolve().parent / "notes"
SCOPES = ("aws", "cloud", "delivery", "data", "other")
OUTSIDE = 0  # the fence line given to a finding reported outside every judged fence


class CorpusError(Exception):
    """A judgement file that does not follow tests/realworld/README.md."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule code at a line of a note."""

    code: str
    line: int

    @classmethod
    def parse(cls, text: str, where: str) -> Finding:
        code, at, line = text.partition("@")
        if not at or not code.startswith("ARCH") or not line.isdigit():
            raise CorpusError(f"{where}: {text!r} is not CODE@LINE")
        return cls(code, int(line))

    def __str__(self) -> str:
        return f"{self.code}@{self.line}"


@dataclass(frozen=True, slots=True)
class FenceJudgement:
    """What an architect says one fence of a note means, and what is worth telling its author."""

    note: str
    line: int
    scope: str
    findings: tuple[Finding, ...]
    must_not: tuple[str, ...]  # "CODE@LINE", or "CODE" for anywhere in the fence
    nodes: dict[str, str]
    groups: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.note}:{self.line}"


def _fence(note: str, table: dict[str, Any], lines: Sequence[str]) -> FenceJudgement:
    where = f"{note}.expect.toml fence {table.get('line')}"
    line = table.get("line")
    if not isinstance(line, int) or not 1 <= line <= len(lines):
        raise CorpusError(f"{where}: line must be a line of the note")
    if not lines[line - 1].lstrip().startswith(("```", "~~~")):
        raise CorpusError(f"{where}: line {line} is not an opening fence: {lines[line - 1]!r}")
    scope = table.get("scope")
    if scope not in SCOPES:
        raise CorpusError(f"{where}: scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    unknown = set(table) - {"line", "scope", "findings", "must_not", "why", "nodes", "groups"}
    if unknown:
        raise CorpusError(f"{where}: unknown keys {sorted(unknown)}")
    findings = tuple(Finding.parse(text, where) for text in table.get("findings", []))
    must_not = tuple(str(text) for text in table.get("must_not", []))
    for text in must_not:
        if "@" in text:
            Finding.parse(text, where)
    return FenceJudgement(
        note,
        line,
        scope,
        findings,
        must_not,
        {str(key): str(value) for key, value in table.get("nodes", {}).items()},
        {str(key): str(value) for key, value in table.get("groups", {}).items()},
    )


def load_corpus(directory: Path = NOTES) -> list[FenceJudgement]:
    """Every judged fence of every note in ``directory``, in note then line order."""
    fences: list[FenceJudgement] = []
    for expect in sorted(directory.glob("*.expect.toml")):
        note = expect.name.removesuffix(".expect.toml") + ".md"
        if not (directory / note).is_file():
            raise CorpusError(f"{expect.name}: no note {note}")
        lines = (directory / note).read_text(encoding="utf-8").splitlines()
        with expect.open("rb") as handle:
            tables = tomllib.load(handle).get("fence", [])
        fences.extend(sorted((_fence(note, table, lines) for table in tables), key=lambda fence: fence.line))
    return fences


def notes_without_judgement(directory: Path = NOTES) -> list[str]:
    """Notes that have no ``.expect.toml`` beside them."""
    return sorted(
        note.name for note in directory.glob("*.md") if not note.with_name(note.stem + ".expect.toml").is_file()
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """What archdsl printed for the corpus: ``model --json`` and ``lint --format json``."""

    diagrams: list[dict[str, Any]]
    diagnostics: list[dict[str, Any]]


def read_corpus(notes: Iterable[str], directory: Path = NOTES, pythonpath: str | None = None) -> Reading:
    """Run archdsl (this checkout's, or the one at ``pythonpath``) on the notes, as a user would."""
    environment = dict(os.environ)
    if pythonpath is not None:
        environment["PYTHONPATH"] = pythonpath
    names = sorted(set(notes))

    def run(*arguments: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "archdsl", *arguments, *names],
            cwd=directory,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode not in (0, 1) or not done.stdout.strip():
            raise RuntimeError(f"archdsl {' '.join(arguments)} exited {done.returncode}: {done.stderr[-2000:]}")
        parsed: dict[str, Any] = json.loads(done.stdout)
        return parsed

    model = run("model", "--json")
    lint = run("lint", "--format", "json")
    return Reading(model["diagrams"], lint["diagnostics"])


def _group_kind(group: dict[str, Any]) -> str:
    kind = str(group["kind"])
    return f"{kind}:{group['tier']}" if kind == "subnet" and group.get("tier") else kind


@dataclass(slots=True)
class RuleScore:
    """One rule's findings on the corpus: worth saying, not worth saying, missed."""

    worth: int = 0
    noise: int = 0
    missed: int = 0


@dataclass(slots=True)
class Score:
    """The figures of issue 12 over the corpus, and the details behind them."""

    fences: int = 0
    nodes: int = 0
    nodes_right: int = 0
    groups: int = 0
    groups_right: int = 0
    scopes_right: int = 0
    unparsed_fences: list[str] = field(default_factory=list)  # Mermaid rejects them: no model to score
    rules: dict[str, RuleScore] = field(default_factory=dict)
    wrong_nodes: list[str] = field(default_factory=list)
    wrong_groups: list[str] = field(default_factory=list)
    wrong_scopes: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)  # a must_not finding that was reported

    def rule(self, code: str) -> RuleScore:
        return self.rules.setdefault(code, RuleScore())

    @property
    def reported(self) -> int:
        return sum(rule.worth + rule.noise for rule in self.rules.values())

    @property
    def worth(self) -> int:
        return sum(rule.worth for rule in self.rules.values())

    @property
    def expected(self) -> int:
        return sum(rule.worth + rule.missed for rule in self.rules.values())

    @property
    def node_accuracy(self) -> float:
        return self.nodes_right / self.nodes if self.nodes else 1.0

    @property
    def group_accuracy(self) -> float:
        return self.groups_right / self.groups if self.groups else 1.0

    @property
    def scope_accuracy(self) -> float:
        return self.scopes_right / self.fences if self.fences else 1.0

    @property
    def precision(self) -> float:
        return self.worth / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.worth / self.expected if self.expected else 1.0


def _fence_of(fences: Sequence[FenceJudgement], line: int) -> int:
    lines = [fence.line for fence in fences if fence.line <= line]
    return max(lines) if lines else OUTSIDE


def score(fences: Sequence[FenceJudgement], reading: Reading) -> Score:
    """Compare what archdsl read and reported with the judgement, fence by fence."""
    result = Score()
    diagrams = {
        (Path(diagram["source"]["path"]).name, int(diagram["source"]["start_line"])): diagram
        for diagram in reading.diagrams
    }
    by_note: dict[str, list[FenceJudgement]] = {}
    for fence in fences:
        by_note.setdefault(fence.note, []).append(fence)
    reported: dict[tuple[str, int], Counter[Finding]] = {}
    for diagnostic in reading.diagnostics:
        note = Path(diagnostic["path"]).name
        line = int(diagnostic["span"]["line"])
        fence_line = _fence_of(by_note.get(note, []), line)
        reported.setdefault((note, fence_line), Counter())[Finding(diagnostic["code"], line)] += 1
    judged = {(fence.note, fence.line) for fence in fences}
    for (note, fence_line), found in sorted(reported.items()):
        if (note, fence_line) not in judged:
            for finding, count in sorted(found.items(), key=lambda item: (item[0].line, item[0].code)):
                result.rule(finding.code).noise += count
                result.noise.append(f"{note}:{finding.line}: {finding.code} (outside every judged fence)")
    for fence in fences:
        diagram = diagrams.get((fence.note, fence.line))
        found = reported.get((fence.note, fence.line), Counter())
        if diagram is None and any(finding.code == "ARCH001" for finding in found):
            # Mermaid itself draws nothing for a fence it cannot parse; the finding is the reading.
            result.unparsed_fences.append(fence.where)
        else:
            result.fences += 1
            _score_reading(result, fence, diagram)
        _score_findings(result, fence, found)
    return result


def _shown(label: str) -> str:
    return json.dumps(label.replace("\n", " ")[:60], ensure_ascii=False)


def _score_reading(result: Score, fence: FenceJudgement, diagram: dict[str, Any] | None) -> None:
    scope = "aws" if diagram is None else str(diagram.get("scope", "aws"))
    if scope == fence.scope:
        result.scopes_right += 1
    else:
        result.wrong_scopes.append(f"{fence.where}: scope {scope}, judged {fence.scope}")
    nodes = {} if diagram is None else {node["id"]: node for node in diagram["nodes"]}
    right, wrong = _compare(fence, fence.nodes, nodes, lambda node: str(node["kind"]))
    result.nodes += len(fence.nodes)
    result.nodes_right += right
    result.wrong_nodes.extend(wrong)
    groups = {} if diagram is None else {group["id"]: group for group in diagram["groups"]}
    right, wrong = _compare(fence, fence.groups, groups, _group_kind)
    result.groups += len(fence.groups)
    result.groups_right += right
    result.wrong_groups.extend(wrong)


def _compare(
    fence: FenceJudgement,
    judged: dict[str, str],
    read: dict[str, dict[str, Any]],
    kind_of: Callable[[dict[str, Any]], str],
) -> tuple[int, list[str]]:
    """How many judged ids were read as judged, and a line for each that was not."""
    right, wrong = 0, []
    for identifier, kind in sorted(judged.items()):
        element = read.get(identifier)
        found = "missing" if element is None else kind_of(element)
        if found == kind:
            right += 1
        else:
            label = "" if element is None else " " + _shown(element["label"])
            wrong.append(f"{fence.where}: {identifier}{label}: {found}, judged {kind}")
    return right, wrong


def _score_findings(result: Score, fence: FenceJudgement, found: Counter[Finding]) -> None:
    expected = Counter(fence.findings)
    for finding in sorted(set(found) | set(expected), key=lambda item: (item.line, item.code)):
        worth = min(found[finding], expected[finding])
        rule = result.rule(finding.code)
        rule.worth += worth
        rule.noise += found[finding] - worth
        rule.missed += expected[finding] - worth
        if found[finding] > worth:
            result.noise.append(f"{fence.note}:{finding.line}: {finding.code}")
        if expected[finding] > worth:
            result.missed.append(f"{fence.note}:{finding.line}: {finding.code}")
    for banned in fence.must_not:
        hits = [finding for finding in found if str(finding) == banned or finding.code == banned]
        result.forbidden.extend(f"{fence.note}:{finding.line}: {finding.code} (must not)" for finding in hits)
