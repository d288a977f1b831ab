"""A readable, indented outline of a diagram for ``archdsl model`` without ``--json``."""

from __future__ import annotations

from archdsl.model import Diagram, Group, KindOrigin, Node


def outline(diagram: Diagram) -> str:
    """Groups, nodes and edges of ``diagram`` as an indented tree."""
    source = diagram.source
    header = f"{source.path}:{source.start_line}: {source.dialect.value} diagram"
    if source.heading:
        header += f' under "{source.heading}"'
    details = [f"direction {diagram.direction.value}"]
    if diagram.title:
        details.insert(0, f'"{diagram.title}"')
    if diagram.phase:
        details.append(f"phase {diagram.phase}")
    lines = [f"{header} ({', '.join(details)})", f"  scope {diagram.scope.value}: {diagram.scope_reason or 'default'}"]

    def describe_group(group: Group) -> str:
        tier = f" {group.tier.value}" if group.tier else ""
        label = f' "{group.label}"' if group.label != group.id else ""
        return f"{group.kind.value} {group.id}{tier}{label}"

    def describe_node(node: Node) -> str:
        label = f' "{node.label}"' if node.label != node.id else ""
        attributes = ", ".join(f"{attribute.key}={attribute.value}" for attribute in node.attributes)
        return f"{node.kind} {node.id}{label}" + (f" [{attributes}]" if attributes else "") + why(node)

    def why(node: Node) -> str:
        # Inferred kinds say which words decided and where they were written; written kinds need no reason.
        if node.kind_origin is KindOrigin.EXPLICIT:
            return ""
        if node.kind_origin is KindOrigin.UNKNOWN:
            return " (no kind found)"
        where = node.kind_basis or node.kind_origin.value
        return f' (by {where}: "{node.kind_text}")' if node.kind_text else f" (by {where})"

    def walk(parent: str | None, depth: int) -> None:
        indent = "  " * depth
        for group in diagram.groups:
            if group.parent == parent:
                lines.append(f"{indent}{describe_group(group)}")
                walk(group.id, depth + 1)
        lines.extend(f"{indent}{describe_node(node)}" for node in diagram.nodes if node.group == parent)

    walk(None, 1)
    for edge in diagram.edges:
        label = f' : "{edge.label}"' if edge.label else ""
        lines.append(f"  {edge.source} -> {edge.target}{label} ({edge.style.value}, {edge.direction.value})")
    return "\n".join(lines)
