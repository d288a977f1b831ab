"""Write a diagram of the model back out as archdsl source or as a Mermaid flowchart."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final

from archdsl.infer.groups import infer_group
from archdsl.model import (
    CIDR_LABEL,
    Attribute,
    Diagram,
    Edge,
    EdgeDirection,
    EdgeStyle,
    Group,
    GroupKind,
    Node,
    Scope,
    SubnetTier,
)

_DSL_ID: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")
_DSL_VALUE: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./:+@-]*")
# How Mermaid drew an element (shape, icon, arrowhead, sides) is not part of the architecture.
_DRAWING_ONLY: Final = frozenset({"arrow", "shape", "icon", "sides"})
_DSL_RESERVED: Final = frozenset({"title", "direction", "phase"})
# The DSL has no on-premises group: it becomes a plain group there (Mermaid keeps it by its title).
_DSL_GROUP_KINDS: Final = {
    GroupKind.AUTOSCALING_GROUP: "asg",
    GroupKind.GENERIC: "group",
    GroupKind.ON_PREMISES: "group",
}
_DSL_OPERATORS: Final = {
    (EdgeStyle.SOLID, EdgeDirection.FORWARD): "->",
    (EdgeStyle.SOLID, EdgeDirection.BOTH): "<->",
    (EdgeStyle.SOLID, EdgeDirection.NONE): "--",
    (EdgeStyle.DASHED, EdgeDirection.FORWARD): "..>",
    (EdgeStyle.DASHED, EdgeDirection.BOTH): "<..>",
    (EdgeStyle.DASHED, EdgeDirection.NONE): "..",
    (EdgeStyle.THICK, EdgeDirection.FORWARD): "=>",
    (EdgeStyle.THICK, EdgeDirection.BOTH): "<=>",
    (EdgeStyle.THICK, EdgeDirection.NONE): "==",
    (EdgeStyle.INVISIBLE, EdgeDirection.FORWARD): "~~",
    (EdgeStyle.INVISIBLE, EdgeDirection.BOTH): "~~",
    (EdgeStyle.INVISIBLE, EdgeDirection.NONE): "~~",
}
_MERMAID_ID: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Words Mermaid's lexer reads as keywords where an id is expected.
_MERMAID_RESERVED: Final = frozenset({"end", "graph", "flowchart", "subgraph", "style", "class", "click", "default"})
_MERMAID_ARROWS: Final = {
    (EdgeStyle.SOLID, EdgeDirection.FORWARD): "-->",
    (EdgeStyle.SOLID, EdgeDirection.BOTH): "<-->",
    (EdgeStyle.SOLID, EdgeDirection.NONE): "---",
    (EdgeStyle.DASHED, EdgeDirection.FORWARD): "-.->",
    (EdgeStyle.DASHED, EdgeDirection.BOTH): "<-.->",
    (EdgeStyle.DASHED, EdgeDirection.NONE): "-.-",
    (EdgeStyle.THICK, EdgeDirection.FORWARD): "==>",
    (EdgeStyle.THICK, EdgeDirection.BOTH): "<==>",
    (EdgeStyle.THICK, EdgeDirection.NONE): "===",
    (EdgeStyle.INVISIBLE, EdgeDirection.FORWARD): "~~~",
    (EdgeStyle.INVISIBLE, EdgeDirection.BOTH): "~~~",
    (EdgeStyle.INVISIBLE, EdgeDirection.NONE): "~~~",
}
_MERMAID_GROUP_WORDS: Final = {
    GroupKind.CLOUD: "AWS Cloud",
    GroupKind.ACCOUNT: "Account",
    GroupKind.REGION: "Region",
    GroupKind.VPC: "VPC",
    GroupKind.AZ: "Availability Zone",
    GroupKind.SECURITY_GROUP: "Security group",
    GroupKind.AUTOSCALING_GROUP: "Auto Scaling group",
    GroupKind.ON_PREMISES: "On-premises",
}


def _renamer(valid: Callable[[str], bool], clean: Callable[[str], str]) -> Callable[[str], str]:
    """Map ids to ids the target language accepts, the same id always to the same name, never two to one."""
    names: dict[str, str] = {}
    taken: set[str] = set()

    def rename(identifier: str) -> str:
        if identifier in names:
            return names[identifier]
        base = identifier if valid(identifier) else clean(identifier)
        base = base if valid(base) else f"n_{base}"
        name, count = base, 1
        while name in taken:
            count += 1
            name = f"{base}_{count}"
        names[identifier] = name
        taken.add(name)
        return name

    return rename


def _nesting(diagram: Diagram, parent: str | None = None, depth: int = 0) -> Iterator[tuple[str, int, Node | Group]]:
    """The diagram as nested blocks: ("node", depth, node), then ("open"/"close", depth, group) around members."""
    for node in diagram.nodes:
        if node.group == parent:
            yield "node", depth, node
    for group in diagram.groups:
        if group.parent == parent:
            yield "open", depth, group
            yield from _nesting(diagram, group.id, depth + 1)
            yield "close", depth, group


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _clean_id(identifier: str) -> str:
    """Letters, digits and underscores only; the renamer prefixes what still cannot be an id."""
    return re.sub(r"[^A-Za-z0-9_]+", "_", identifier).strip("_") or "node"


def _dsl_attributes(attributes: Iterable[Attribute], skip: frozenset[str] = _DRAWING_ONLY) -> str:
    parts = [
        f"{attribute.key}={attribute.value if _DSL_VALUE.fullmatch(attribute.value) else _quoted(attribute.value)}"
        for attribute in attributes
        if attribute.key not in skip and _DSL_ID.fullmatch(attribute.key)
    ]
    return f" [{', '.join(parts)}]" if parts else ""


def _group_modifiers(group: Group) -> tuple[list[str], list[Attribute]]:
    """The tier words to write after a group's label, and the attributes left to write in brackets.

    The reader puts ``cidr=`` from a CIDR-looking VPC or subnet label first, then one ``tier=`` per
    tier word (each inserted in front), then the written attributes: this undoes exactly that.
    """
    attributes = list(group.attributes)
    cidr_label = group.kind in (GroupKind.VPC, GroupKind.SUBNET) and CIDR_LABEL.fullmatch(group.label)
    if cidr_label and attributes and (attributes[0].key, attributes[0].value) == ("cidr", group.label):
        attributes.pop(0)
    modifiers: list[str] = []
    tiers = {tier.value for tier in SubnetTier}
    while (
        group.kind is GroupKind.SUBNET and attributes and attributes[0].key == "tier" and attributes[0].value in tiers
    ):
        modifiers.insert(0, attributes.pop(0).value)
    return modifiers, [attribute for attribute in attributes if attribute.key not in _DRAWING_ONLY]


def to_archdsl(diagram: Diagram) -> str:
    """archdsl source that reads back to the same nodes, groups and edges (ids made valid where needed)."""
    rename = _renamer(lambda name: bool(_DSL_ID.fullmatch(name)) and name not in _DSL_RESERVED, _clean_id)
    lines: list[str] = []
    if diagram.title:
        lines.append(f"title {_quoted(diagram.title)}")
    lines.append(f"direction {diagram.direction.value}")
    if diagram.phase:
        lines.append(f"phase {diagram.phase}")
    if diagram.scope is not Scope.AWS:  # the DSL reads as AWS unless told: keep the rules that ran off
        lines.append(f"# archdsl: scope={diagram.scope.value}")
    lines.append("")

    def label(identifier: str, text: str) -> str:
        shown = text or identifier
        return f" {_quoted(shown)}" if shown != rename(identifier) else ""

    for step, depth, element in _nesting(diagram):
        indent = "  " * depth
        if isinstance(element, Node):
            attributes = _dsl_attributes(element.attributes)
            lines.append(f"{indent}{element.kind} {rename(element.id)}{label(element.id, element.label)}{attributes}")
        elif step == "close":
            lines.append(f"{indent}}}")
        else:
            kind = _DSL_GROUP_KINDS.get(element.kind, element.kind.value)
            modifiers, written = _group_modifiers(element)
            attributes = _dsl_attributes(written)
            head = f"{indent}{kind} {rename(element.id)}{label(element.id, element.label)}"
            lines.append(f"{head}{''.join(f' {word}' for word in modifiers)}{attributes} {{")
    if diagram.edges:
        lines.append("")
    for edge in diagram.edges:
        operator = _DSL_OPERATORS[(edge.style, edge.direction)]
        text = f" : {_quoted(edge.label)}" if edge.label else ""
        lines.append(f"{rename(edge.source)} {operator} {rename(edge.target)}{text}{_dsl_attributes(edge.attributes)}")
    return "\n".join(lines) + "\n"


def _mermaid_valid(identifier: str) -> bool:
    # Ids starting with o or x are safe: arrows are always written with a space before the id.
    return bool(_MERMAID_ID.fullmatch(identifier)) and identifier.lower() not in _MERMAID_RESERVED


def _mermaid_text(text: str) -> str:
    return '"' + text.replace('"', "#quot;").replace("\n", "<br>") + '"'


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _group_title(group: Group) -> str:
    title = group.label or group.id
    wanted = (group.kind, group.tier if group.kind is GroupKind.SUBNET else None)
    if infer_group(group.id, title) == wanted or group.kind is GroupKind.GENERIC:
        return title
    if group.kind is GroupKind.SUBNET:
        word = f"{(group.tier or SubnetTier.PRIVATE).value.capitalize()} subnet"
    else:
        word = _MERMAID_GROUP_WORDS[group.kind]
    # The reader infers kinds from titles: use the first wording it reads back as this kind.
    for candidate in (f"{word} {title}", f"{title} ({word})", word):
        if infer_group(group.id, candidate) == wanted:
            return candidate
    return f"{word} {title}"


def to_mermaid(diagram: Diagram) -> str:
    """A Mermaid flowchart GitHub can draw natively; node kinds ride along in an ``%% archdsl:`` hint."""
    rename = _renamer(_mermaid_valid, _clean_id)
    lines = [f"---\ntitle: {_yaml_string(diagram.title)}\n---"] if diagram.title else []
    lines.append(f"flowchart {diagram.direction.value}")
    if diagram.scope is not Scope.AWS:
        lines.append(f"    %% archdsl: scope={diagram.scope.value}")
    hints = [f"{rename(node.id)}={node.kind}" for node in diagram.nodes]
    for start in range(0, len(hints), 8):
        lines.append(f"    %% archdsl: {', '.join(hints[start : start + 8])}")

    for step, depth, element in _nesting(diagram):
        indent = "    " * (depth + 1)
        if isinstance(element, Node):
            lines.append(f"{indent}{rename(element.id)}[{_mermaid_text(element.label or element.id)}]")
        elif step == "close":
            lines.append(f"{indent}end")
        else:
            lines.append(f"{indent}subgraph {rename(element.id)}[{_mermaid_text(_group_title(element))}]")
    for edge in diagram.edges:
        lines.append(f"    {_mermaid_edge(edge, rename)}")
    return "\n".join(lines) + "\n"


def _mermaid_edge(edge: Edge, rename: Callable[[str], str]) -> str:
    arrow = _MERMAID_ARROWS[(edge.style, edge.direction)]
    label = f"|{_mermaid_text(edge.label)}|" if edge.label and edge.style is not EdgeStyle.INVISIBLE else ""
    return f"{rename(edge.source)} {arrow}{label} {rename(edge.target)}"


def export_text(diagrams: Sequence[Diagram], language: str) -> str:
    """Every diagram in ``language`` (``archdsl`` or ``mermaid``); several are each headed by where they came from."""
    write = to_archdsl if language == "archdsl" else to_mermaid
    comment = "#" if language == "archdsl" else "%%"
    if len(diagrams) == 1:
        return write(diagrams[0])
    return "\n".join(
        f"{comment} {diagram.source.path}:{diagram.source.start_line}\n{write(diagram)}" for diagram in diagrams
    )
