"""Keep the layers honest: who may import whom inside archdsl."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "archdsl"

# Modules that read input and build the model: they never reach for lint rules, the renderer or the CLI.
PARSING = {"archdsl.dsl", "archdsl.mermaid", "archdsl.sources", "archdsl.markdown", "archdsl.directives"}
RENDERER_PREFIX = "archdsl.render."


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module imported anywhere in the file, including inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                base = module_name(path).split(".")[: -node.level]
                found.add(".".join([*base, node.module]))
            else:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def archdsl_imports(module: str) -> set[str]:
    return {name for name in MODULES[module] if name == "archdsl" or name.startswith("archdsl.")} - {"archdsl"}


def test_the_walk_sees_the_package() -> None:
    assert {"archdsl.model", "archdsl.cli", "archdsl.dsl", "archdsl.catalog"} <= set(MODULES)
    assert "archdsl.model" in archdsl_imports("archdsl.dsl")


@pytest.mark.parametrize("module", ["archdsl.model", "archdsl.catalog"])
def test_foundations_import_nothing_from_archdsl(module: str) -> None:
    assert archdsl_imports(module) == set()


def test_diagnostics_only_know_the_model() -> None:
    assert {
        name.rsplit(".", 1)[0] if name != "archdsl.model" else name for name in archdsl_imports("archdsl.diagnostics")
    } == {"archdsl.model"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_only_the_renderer_imports_diagrams(module: str) -> None:
    uses_diagrams = any(name == "diagrams" or name.startswith("diagrams.") for name in MODULES[module])
    if uses_diagrams:
        assert module.startswith(RENDERER_PREFIX), f"{module} imports diagrams"


@pytest.mark.parametrize("module", sorted(PARSING & set(MODULES)))
def test_parsers_do_not_reach_up(module: str) -> None:
    reached = {
        name for name in archdsl_imports(module) if name.startswith(("archdsl.rules", RENDERER_PREFIX, "archdsl.cli"))
    }
    assert reached == set()


@pytest.mark.parametrize("module", sorted(set(MODULES) - {"archdsl.__main__", "archdsl.cli"}))
def test_nothing_imports_the_cli(module: str) -> None:
    assert not any(name.startswith("archdsl.cli") for name in MODULES[module])


def test_rules_read_only_the_model() -> None:
    allowed = ("archdsl.model", "archdsl.diagnostics", "archdsl.catalog", "archdsl.rules", "archdsl.graph")
    rules = [name for name in MODULES if name.startswith("archdsl.rules")]
    leaks = {
        name: sorted(archdsl_imports(name) - {n for n in archdsl_imports(name) if n.startswith(allowed)})
        for name in rules
    }
    assert {name: found for name, found in leaks.items() if found} == {}


# Optional extras: each is imported by one module only, so archdsl runs without them.
OPTIONAL = {"mkdocs": "archdsl.mkdocs_plugin", "watchfiles": "archdsl.watch"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_optional_dependencies_stay_in_their_module(module: str) -> None:
    for dependency, owner in OPTIONAL.items():
        if any(name == dependency or name.startswith(f"{dependency}.") for name in MODULES[module]):
            assert module == owner, f"{module} imports the optional {dependency}"


def test_the_mkdocs_plugin_is_reached_only_through_its_entry_point() -> None:
    assert [name for name in MODULES if "archdsl.mkdocs_plugin" in archdsl_imports(name)] == []
