"""Write an architecture diff for people and tools: terminal text, a pull-request comment, JSON."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from archdsl.archdiff import DiagramDiff, Finding, Link, Service, kind_title
from archdsl.notediff import NotesDiff
from archdsl.report import counted, escape_controls, safe_json

SCHEMA: Final = "archdsl-diff/1"
# The hidden line a CI job finds its own earlier comment by, to update it rather than add another.
COMMENT_MARKER: Final = "<!-- archdsl-diff -->"
MARKDOWN_CHANGES_SHOWN: Final = 25  # per diagram; more fold into <details>
# GitHub refuses a comment over 65,536 characters; the report is cut short of that, at a line.
MARKDOWN_LIMIT: Final = 60_000


def _service(service: Service) -> str:
    shown = service.label and service.label not in (service.id, kind_title(service.kind))
    label = f" ({service.label})" if shown else ""
    where = f" in {service.place.description}" if service.place.group else ""
    return f"{kind_title(service.kind)} `{service.id}`{label}{where}"


def _link(link: Link) -> str:
    label = f' "{link.label}"' if link.label else ""
    return f"`{link.source}` -> `{link.target}`{label}"


def _finding(finding: Finding) -> str:
    found = finding.diagnostic
    return f"{found.code} {found.name} ({found.severity.label}) at {found.location()}: {found.message}"


def _resolved(finding: Finding) -> str:
    found = finding.diagnostic
    return f"{found.code} {found.name} ({found.severity.label}), was at line {found.span.line}: {found.message}"


VERBS: Final = {"!": "new finding", "v": "resolved", "+": "added", "-": "removed", "~": ""}


def change_lines(diff: DiagramDiff) -> Iterator[tuple[str, str]]:
    """(sign, text) per change, new findings first; VERBS says what each sign stands for."""
    for finding in diff.introduced:
        yield "!", _finding(finding)
    for finding in diff.resolved:
        yield "v", _resolved(finding)
    for rename in diff.renamed:
        yield "~", f"`{rename.old}` renamed to `{rename.new}` ({rename.why})"
    for service in diff.added:
        yield "+", "service " + _service(service)
    for service in diff.removed:
        yield "-", "service " + _service(service)
    for change in diff.kinds:
        yield "~", f"`{change.node}` changed kind: {kind_title(change.old)} -> {kind_title(change.new)}"
    for move in diff.moved:
        yield "~", f"`{move.node}` moved from {move.old.description} to {move.new.description}"
    for link in diff.edges_added:
        yield "+", "edge " + _link(link)
    for link in diff.edges_removed:
        yield "-", "edge " + _link(link)
    for relabel in diff.relabelled:
        yield "~", f'edge `{relabel.source}` -> `{relabel.target}` relabelled "{relabel.old}" -> "{relabel.new}"'
    for rename in diff.groups_renamed:
        yield "~", f"group `{rename.old}` renamed to `{rename.new}` ({rename.why})"
    # A group's description starts with what it is ("public subnet `a`", "group `x`"): no second noun.
    for box in diff.groups_added:
        yield "+", box.description
    for box in diff.groups_removed:
        yield "-", box.description
    for group in diff.groups_changed:
        yield "~", f"`{group.id}` is now a {group.new} (was {group.old})"


def _heading(diff: DiagramDiff) -> str:
    renamed = f", renamed from {diff.old_path}" if diff.old_path else ""
    if diff.status == "note":
        return f"{diff.path}: the note itself{renamed}"
    if diff.status == "not read":
        return f"{diff.path}: diagram '{diff.name}' (not read: see the new findings of the note{renamed})"
    return f"{diff.path}: diagram '{diff.name}' ({diff.status}{renamed})"


def counts(result: NotesDiff) -> dict[str, int]:
    """The summary figures over every diagram."""
    diagrams = result.diagrams
    return {
        "diagrams": len(diagrams),
        "services_added": sum(len(d.added) for d in diagrams),
        "services_removed": sum(len(d.removed) for d in diagrams),
        "renamed": sum(len(d.renamed) for d in diagrams),
        "moved": sum(len(d.moved) for d in diagrams),
        "kind_changes": sum(len(d.kinds) for d in diagrams),
        "edges_added": sum(len(d.edges_added) for d in diagrams),
        "edges_removed": sum(len(d.edges_removed) for d in diagrams),
        "edges_relabelled": sum(len(d.relabelled) for d in diagrams),
        "groups_added": sum(len(d.groups_added) for d in diagrams),
        "groups_removed": sum(len(d.groups_removed) for d in diagrams),
        "groups_renamed": sum(len(d.groups_renamed) for d in diagrams),
        "groups_changed": sum(len(d.groups_changed) for d in diagrams),
        "findings_introduced": sum(len(d.introduced) for d in diagrams),
        "findings_resolved": sum(len(d.resolved) for d in diagrams),
    }


def _summary(result: NotesDiff) -> str:
    figures = counts(result)
    if not figures["diagrams"]:
        return f"no architecture changes between {result.base} and {result.head}"
    parts = [
        f"{counted(figures['diagrams'], 'diagram')} changed",
        f"{counted(figures['services_added'], 'service')} added, {figures['services_removed']} removed",
        f"{figures['moved']} moved",
        f"{counted(figures['edges_added'], 'edge')} added, {figures['edges_removed']} removed",
        f"{counted(figures['findings_introduced'], 'new finding')}, {figures['findings_resolved']} resolved",
    ]
    return f"{result.base} -> {result.head}: " + "; ".join(parts)


def _unreadable(result: NotesDiff) -> list[str]:
    return [
        f"{found.location()}: not compared, cannot read it in {version}: {found.message}"
        for version, found in result.unreadable
    ]


def text(result: NotesDiff) -> str:
    """The terminal form: one block per diagram, one line per change."""
    lines: list[str] = _unreadable(result)
    for diff in result.diagrams:
        lines.append(_heading(diff))
        lines += [f"  {sign} {' '.join(filter(None, (VERBS[sign], line)))}" for sign, line in change_lines(diff)]
        lines.append("")
    lines.append(_summary(result))
    return "\n".join(escape_controls(line) for line in lines) + "\n"


def _cell(value: str) -> str:
    """Text that stays inside one Markdown table cell and renders as written."""
    return _inline(value).replace("|", "\\|")


def _inline(value: str) -> str:
    """Text from a note, made inert in Markdown: no HTML, no line breaks, no images or links."""
    escaped = escape_controls(value).replace("\n", " ").replace("\r", " ")
    for character in "\\<[]!*_#":
        escaped = escaped.replace(character, "\\" + character)
    return escaped


def _code_spans(line: str) -> str:
    """A change line for Markdown: the names between backticks kept as code spans, everything else inert."""
    pieces = line.split("`")
    if len(pieces) % 2 == 0:
        return _inline(line)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            ticks = "``" if "`" in piece else "`"
            out.append(f"{ticks} {piece} {ticks}" if piece.startswith("`") or piece.endswith("`") else f"`{piece}`")
        else:
            out.append(_inline(piece))
    return "".join(out)


_MARKDOWN_VERBS: Final = {**VERBS, "!": "**new finding**"}


def markdown(result: NotesDiff, images: Mapping[str, str] | None = None) -> str:
    """A pull-request comment: a summary table, then one section per diagram with its new findings first.
    ``images`` maps a diagram's name to the link of its diff picture."""
    lines = [COMMENT_MARKER, "## Architecture changes", ""]
    lines += [f"> **Warning:** {_inline(line)}" for line in _unreadable(result)]
    if not result.diagrams:
        lines.append(_inline(_summary(result)))
        return "\n".join(lines) + "\n"
    lines += [
        f"Comparing `{result.base}` with `{result.head}`.",
        "",
        "| diagram | note | services | edges | moved | new findings | resolved |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for diff in result.diagrams:
        worst = max((finding.diagnostic.severity for finding in diff.introduced), default=None)
        new = f"{len(diff.introduced)}" + (f" ({worst.label})" if worst is not None else "")
        lines.append(
            f"| {_cell(diff.name)} | {_cell(diff.path)} | +{len(diff.added)} / -{len(diff.removed)} "
            f"| +{len(diff.edges_added)} / -{len(diff.edges_removed)} | {len(diff.moved)} | {new} "
            f"| {len(diff.resolved)} |"
        )
    for diff in result.diagrams:
        lines += ["", f"### {_inline(diff.name)}", "", f"{_inline(_heading(diff))}", ""]
        if images and diff.name in images:
            lines += [
                f"![{_inline(diff.name)}: added in green, removed in red, moved in amber]({images[diff.name]})",
                "",
            ]
        changes = [
            "- " + " ".join(filter(None, (_MARKDOWN_VERBS[sign], _code_spans(line))))
            for sign, line in change_lines(diff)
        ]
        # New findings come first, so they survive the cut; the rest folds away under a summary.
        shown, folded = changes[:MARKDOWN_CHANGES_SHOWN], changes[MARKDOWN_CHANGES_SHOWN:]
        lines += shown
        if folded:
            lines += ["", f"<details><summary>{len(folded)} more changes</summary>", "", *folded, "", "</details>"]
    lines += ["", _inline(_summary(result))]
    text = "\n".join(lines) + "\n"
    if len(text) > MARKDOWN_LIMIT:
        tail = "\n\n" + _inline(_summary(result)) + " (cut to fit one comment: run `archdsl diff` for all)\n"
        closing = "\n\n</details>"
        kept = text[: text.rfind("\n", 0, MARKDOWN_LIMIT - len(tail) - len(closing))]
        # A cut inside a folded list closes it, so the rest of the comment renders.
        if kept.rfind("<details>") > kept.rfind("</details>"):
            kept += closing
        text = kept + tail
    return text


def _diagnostic_json(finding: Finding) -> dict[str, Any]:
    found = finding.diagnostic
    return {
        "code": found.code,
        "name": found.name,
        "severity": found.severity.label,
        "message": found.message,
        "path": found.path,
        "line": found.span.line,
        "column": found.span.column,
        "subject": finding.subject,
    }


def as_json(result: NotesDiff) -> str:
    """Every change as JSON (schema archdsl-diff/1), for tools."""

    def service(item: Service) -> dict[str, Any]:
        return {"id": item.id, "kind": item.kind, "label": item.label, "group": item.place.group}

    def link(item: Link) -> dict[str, str]:
        return {"source": item.source, "target": item.target, "label": item.label}

    diagrams = [
        {
            "name": diff.name,
            "path": diff.path,
            "old_path": diff.old_path,
            "status": diff.status,
            "services": {"added": [service(s) for s in diff.added], "removed": [service(s) for s in diff.removed]},
            "renamed": [{"from": r.old, "to": r.new, "why": r.why} for r in diff.renamed],
            "moved": [
                {
                    "node": m.node,
                    "from": m.old.group,
                    "to": m.new.group,
                    "from_text": m.old.description,
                    "to_text": m.new.description,
                }
                for m in diff.moved
            ],
            "kinds": [{"node": k.node, "from": k.old, "to": k.new} for k in diff.kinds],
            "edges": {
                "added": [link(e) for e in diff.edges_added],
                "removed": [link(e) for e in diff.edges_removed],
                "relabelled": [
                    {"source": r.source, "target": r.target, "from": r.old, "to": r.new} for r in diff.relabelled
                ],
            },
            "groups": {
                "added": [{"id": b.id, "text": b.description} for b in diff.groups_added],
                "removed": [{"id": b.id, "text": b.description} for b in diff.groups_removed],
                "renamed": [{"from": r.old, "to": r.new, "why": r.why} for r in diff.groups_renamed],
                "changed": [{"id": c.id, "from": c.old, "to": c.new} for c in diff.groups_changed],
            },
            "findings": {
                "introduced": [_diagnostic_json(f) for f in diff.introduced],
                "resolved": [_diagnostic_json(f) for f in diff.resolved],
            },
        }
        for diff in result.diagrams
    ]
    unreadable = [{"version": version, **_diagnostic_json(Finding(found, ""))} for version, found in result.unreadable]
    document = {
        "schema": SCHEMA,
        "base": result.base,
        "head": result.head,
        "diagrams": diagrams,
        "unreadable": unreadable,
        "summary": counts(result),
    }
    return safe_json(document) + "\n"
