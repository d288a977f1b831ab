"""Grammar-aware fuzzing: valid DSL, Mermaid and Markdown generators, mutations, and the crash properties."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from hypothesis import strategies as st

from archdsl.catalog import CATALOG
from archdsl.diagnostics import Diagnostic, Severity
from archdsl.dsl import GROUP_KEYWORDS
from archdsl.embed import BOM, Image, embed, owned_blocks, strip
from archdsl.export import export_text
from archdsl.flowchart import SHAPES
from archdsl.fmt import FormatError, format_checked
from archdsl.fmt_markdown import format_fences
from archdsl.jsonmodel import document_json
from archdsl.lint import LintOptions, lint_diagram, within
from archdsl.loader import Document, load_source
from archdsl.markdown import fences
from archdsl.model import Diagram
from archdsl.sources import SourceText

ARCH_PATH: Final = "fuzz.arch"
MARKDOWN_PATH: Final = "fuzz.md"


# --- Shared text pieces ---------------------------------------------------------------------------

WORDS: Final = (
    "web",
    "api",
    "Web server",
    "Aurora writer",
    "Aurora reader",
    "primary",
    "replica",
    "Users",
    "NAT gateway",
    "CloudWatch",
    "Route 53",
    "S3 bucket",
    "Lambda fn",
    "queue",
    "HTTPS",
    "443",
    "10.0.0.0/16",
    "ap-northeast-1a",
    "東京",
    "naïve café",
    "Ünïcödé",
    "🖥️ EC2",
    "a, b",
    "x=1",
    "R&D",
)
_SAFE_WORDS: Final = tuple(word for word in WORDS if not set(word) & set("()[]{}|\"'#=&,/"))
# Whitespace that separates two words, and whitespace that may or may not stand around punctuation.
_GAP: Final = st.sampled_from([" ", " ", " ", "  ", "\t", " \t"])
_MAYBE_GAP: Final = st.sampled_from(["", "", " ", " ", "  ", "\t"])


def _characters(exclude: str) -> st.SearchStrategy[str]:
    """Any character that can be written in a UTF-8 file (no surrogates), except ``exclude``."""
    return st.characters(blacklist_categories=("Cs",), blacklist_characters=exclude)


def _sometimes(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws; it shrinks to False, so a minimal example leaves the option out."""
    return draw(st.integers(0, one_in - 1)) == one_in - 1


def _free_text(exclude: str, max_size: int = 12) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(WORDS), st.text(_characters(exclude), max_size=max_size))


# --- The archdsl language (grammar/archdsl.lark, archdsl/dsl.py) ---------------------------------

DSL_KEYWORDS: Final = frozenset({"title", "direction", "phase"})
DSL_OPERATORS: Final = ("->", "<->", "--", "..>", "<..>", "..", "=>", "<=>", "==", "~~")
_DSL_ID: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")
# Group keywords that are also catalogue kinds declare a node without a { block }; the others always a group.
_DUAL_KEYWORDS: Final = frozenset(keyword for keyword in GROUP_KEYWORDS if CATALOG.lookup(keyword) is not None)
_NODE_FLAGS: Final = ("public", "private", "internet-facing", "internal", "multi-az", "single-az")
_SUBNET_TIERS: Final = ("public", "private", "data", "isolated")
_DIRECTION_VALUES: Final = ("TB", "TD", "BT", "LR", "RL")
_PHASE_VALUES: Final = ("prototype", "10k", "1m")
_REAL_IDS: Final = (
    "web1",
    "web-2",
    "app-a",
    "db_primary",
    "_hidden",
    "Writer",
    "nat-gw",
    "lb",
    "users",
    "cw",
    "dns",
    "cache-1-a",
    "Titles",
    "phases",
    "node",
    "x",
)
_ATTRIBUTE_KEYS: Final = (
    "port",
    "role",
    "tier",
    "cidr",
    "public",
    "multi_az",
    "encrypted",
    "instance_type",
    "health_check",
    "shape",
    "note",
    "scheme",
)
_DIRECTIVES: Final = (
    "archdsl: disable=ARCH201 -- fronted by CloudFront",
    "archdsl: disable-next-line ARCH301, ARCH302 -- prototype only",
    "archdsl: disable-line datastore-publicly-accessible -- read replica for BI",
    "archdsl: disable-file all -- scratch diagram",
    "archdsl: enable",
    " archdsl : disable ARCH4 -- prefix",
)
_DIRECTIVE_LIKE: Final = re.compile(r"^\s*archdsl\s*:", re.IGNORECASE)


def _kind_words() -> tuple[str, ...]:
    """Kind keywords that declare a node (not a group) without a block: keys and id-shaped aliases."""
    words: set[str] = set()
    for kind in CATALOG.kinds():
        for name in (kind.key, *kind.aliases):
            lowered = name.lower()
            if not _DSL_ID.fullmatch(name) or name in DSL_KEYWORDS:
                continue
            if lowered in GROUP_KEYWORDS and lowered not in _DUAL_KEYWORDS:
                continue
            words.add(name)
    return tuple(sorted(words))


_KIND_WORDS: Final = _kind_words()

dsl_identifiers: Final = st.one_of(
    st.sampled_from(_REAL_IDS),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,7}(?:-[A-Za-z0-9_]{1,4}){0,2}", fullmatch=True),
).filter(lambda name: name not in DSL_KEYWORDS)
dsl_values: Final = st.one_of(
    st.sampled_from(["443", "t3.micro", "10.0.0.0/24", "true", "https://example.com/a:b", "a+b@c", "_x", "1m"]),
    st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9_./:+@-]{0,12}", fullmatch=True),
)


def _random_case(draw: st.DrawFn, word: str) -> str:
    style = draw(st.sampled_from(["same", "same", "upper", "lower", "title"]))
    return {"same": word, "upper": word.upper(), "lower": word.lower(), "title": word.title()}[style]


@st.composite
def dsl_strings(draw: st.DrawFn, markdown_safe: bool = False) -> str:
    """A quoted string: any characters, escapes (\\" \\\\ \\n \\x), Unicode; no raw line feed."""
    # Markdown turns a lone CR into a line break and NUL into U+FFFD, so a fence cannot carry them.
    exclude = '"\\\n' + ("\r\x00" if markdown_safe else "")
    pieces = draw(
        st.lists(
            st.one_of(
                _free_text(exclude),
                st.sampled_from(['\\"', "\\\\", "\\n", "\\t", "\\#"]),
                _characters("\n" + ("\r\x00" if markdown_safe else "")).map(lambda char: "\\" + char),
            ),
            max_size=5,
        )
    )
    return '"' + "".join(pieces) + '"'


@st.composite
def dsl_comments(draw: st.DrawFn, markdown_safe: bool = False) -> str:
    """``# text``: free text that is not a directive, or a well-formed ``archdsl:`` directive."""
    if _sometimes(draw, 6):
        return "# " + draw(st.sampled_from(_DIRECTIVES))
    body = draw(_free_text("\r\n" + ("\x00" if markdown_safe else ""), max_size=20))
    if _DIRECTIVE_LIKE.match(body):
        body = "-" + body
    return "#" + body


@st.composite
def dsl_attributes(draw: st.DrawFn, markdown_safe: bool = False) -> str:
    """``[k=v, k2="s", flag,]``, possibly empty, with or without spaces."""
    items = []
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.one_of(st.sampled_from(_ATTRIBUTE_KEYS), dsl_identifiers))
        value_kind = draw(st.sampled_from(["flag", "value", "string"]))
        if value_kind == "flag":
            items.append(key)
            continue
        value = draw(dsl_values) if value_kind == "value" else draw(dsl_strings(markdown_safe))
        items.append(f"{key}{draw(_MAYBE_GAP)}={draw(_MAYBE_GAP)}{value}")
    separator = "," + draw(_MAYBE_GAP)
    trailing = "," if items and draw(st.booleans()) else ""
    return f"[{draw(_MAYBE_GAP)}{separator.join(items)}{trailing}{draw(_MAYBE_GAP)}]"


@dataclass(frozen=True)
class DslProgram:
    """A valid archdsl program and what it declares: node and group ids with their parent group, edge count."""

    text: str
    nodes: dict[str, str | None]
    groups: dict[str, str | None]
    edge_count: int


@dataclass
class _Item:
    kind: str  # "node", "group", "simple" (an edge or a setting), "comment" or "blank"
    text: str = ""
    name: str = ""


@st.composite
def dsl_programs(draw: st.DrawFn, markdown_safe: bool = False, max_groups: int = 6) -> DslProgram:
    """A program the grammar accepts and the builder reads without an error, covering every construct.

    Settings, nodes of many kinds (with modifiers, labels and attributes), groups of every keyword
    (nested, multi-line or inline), edges with every operator, lists, chains, labels and attributes,
    comments and directives, ``;`` separators, blank lines, odd spacing, CRLF.
    """
    names = draw(st.lists(dsl_identifiers, min_size=1, max_size=14, unique=True))
    group_count = draw(st.integers(0, min(max_groups, len(names) - 1)))
    group_names, node_names = names[:group_count], names[group_count:]
    group_parent: dict[str, str | None] = {}
    for index, group in enumerate(group_names):
        group_parent[group] = draw(st.sampled_from([None, *group_names[:index]]))
    node_parent = {node: draw(st.sampled_from([None, *group_names])) for node in node_names}
    containers: dict[str | None, list[_Item]] = {None: [], **{group: [] for group in group_names}}
    for group, parent in group_parent.items():
        containers[parent].append(_Item("group", name=group))
    for node, parent in node_parent.items():
        containers[parent].append(_Item("node", draw(_dsl_declaration(node, markdown_safe)), node))
    edge_count = 0
    for _ in range(draw(st.integers(0, 6))):
        text, count = draw(_dsl_edges(node_names, group_names, markdown_safe))
        edge_count += count
        containers[draw(st.sampled_from(list(containers)))].append(_Item("simple", text))
    for _ in range(draw(st.integers(0, 3))):
        containers[draw(st.sampled_from(list(containers)))].append(_Item("simple", draw(_dsl_setting(markdown_safe))))
    for _ in range(draw(st.integers(0, 3))):
        containers[draw(st.sampled_from(list(containers)))].append(_Item("comment", draw(dsl_comments(markdown_safe))))
    for _ in range(draw(st.integers(0, 2))):
        containers[draw(st.sampled_from(list(containers)))].append(
            _Item("blank", draw(st.sampled_from(["", "  ", "\t"])))
        )
    ordered = {name: draw(st.permutations(items)) for name, items in containers.items()}
    headers = {group: draw(_dsl_group_header(group, markdown_safe)) for group in group_names}
    inline = {group: _sometimes(draw, 4) for group in group_names}
    renderer = _DslRenderer(draw, ordered, headers, inline, markdown_safe)
    lines = renderer.block(None, 0)
    prefix = draw(st.sampled_from(["", "", "", "\n", ";", "; \n", "\n\n"]))
    newline = "\r\n" if _sometimes(draw, 5) else "\n"
    text = prefix + newline.join(lines) + ("" if _sometimes(draw, 6) else newline)
    return DslProgram(text, node_parent, group_parent, edge_count)


class _DslRenderer:
    """Lays a program's containers out as lines: blocks multi-line or inline, statements joined by ';'."""

    def __init__(
        self,
        draw: st.DrawFn,
        items: dict[str | None, list[_Item]],
        headers: dict[str, str],
        inline: dict[str, bool],
        markdown_safe: bool,
    ) -> None:
        self.draw, self.items, self.headers, self.inline = draw, items, headers, inline
        self.markdown_safe = markdown_safe

    def indent(self, depth: int) -> str:
        unit = self.draw(st.sampled_from(["  ", "  ", "    ", "\t", ""]))
        return unit * depth

    def block(self, container: str | None, depth: int) -> list[str]:
        lines: list[str] = []
        joinable = False  # whether the last line ends in a simple statement another may join with ';'
        for item in self.items[container]:
            if item.kind == "group" and self.inline[item.name]:
                lines.append(self.indent(depth) + self.inline_group(item.name))
                joinable = False
            elif item.kind == "group":
                lines.extend(self.multiline_group(item.name, depth))
                joinable = False
            elif item.kind in ("comment", "blank"):
                lines.append(self.indent(depth) + item.text)
                joinable = False
            elif joinable and _sometimes(self.draw, 5):
                lines[-1] += ";" + self.draw(_MAYBE_GAP) + item.text
            else:
                lines.append(self.indent(depth) + item.text + self.draw(st.sampled_from(["", "", "", ";", " ;"])))
                joinable = not lines[-1].endswith(";")
                if _sometimes(self.draw, 10):
                    lines[-1] += self.draw(_GAP) + self.draw(dsl_comments(self.markdown_safe))
                    joinable = False
        return lines

    def multiline_group(self, group: str, depth: int) -> list[str]:
        header = self.headers[group] + self.draw(_MAYBE_GAP) + "{"
        body = self.block(group, depth + 1)
        closing = self.indent(depth) + "}" + self.draw(st.sampled_from(["", "", "", ";", " ; "]))
        last = body[-1] if body else ""
        simple_last = self.items[group] and self.items[group][-1].kind in ("node", "simple")
        if simple_last and "#" not in last and _sometimes(self.draw, 5):
            # The last statement may stand before the closing brace.
            body[-1] = last.rstrip(" ;") + self.draw(_GAP) + "}"
            return [self.indent(depth) + header, *body]
        return [self.indent(depth) + header, *body, closing]

    def inline_group(self, group: str) -> str:
        parts: list[str] = []
        for item in self.items[group]:
            if item.kind == "group":
                parts.append(self.inline_group(item.name) + self.draw(st.sampled_from([" ", "; ", ";"])))
            elif item.kind in ("node", "simple"):
                parts.append(item.text + ";" + self.draw(_MAYBE_GAP))
        body = "".join(parts)
        if body.endswith(("; ", ";")) and self.draw(st.booleans()):
            body = body.rstrip().removesuffix(";")  # the last statement needs no separator before '}'
        return f"{self.headers[group]}{self.draw(_MAYBE_GAP)}{{{self.draw(_MAYBE_GAP)}{body}{self.draw(_MAYBE_GAP)}}}"


@st.composite
def _dsl_declaration(draw: st.DrawFn, name: str, markdown_safe: bool) -> str:
    kind = draw(st.one_of(st.sampled_from(_KIND_WORDS), st.sampled_from(["node", "Node", "generic", "widget"])))
    parts = [_random_case(draw, kind) if _sometimes(draw, 6) else kind, name]
    parts += [_random_case(draw, flag) for flag in draw(st.lists(st.sampled_from(_NODE_FLAGS), max_size=2))]
    if draw(st.booleans()):
        parts.append(draw(dsl_strings(markdown_safe)))
        parts += draw(st.lists(st.sampled_from(_NODE_FLAGS), max_size=2))
    text = draw(_GAP).join(parts)
    if _sometimes(draw, 3):
        text += draw(_MAYBE_GAP) + draw(dsl_attributes(markdown_safe))
    return text


@st.composite
def _dsl_group_header(draw: st.DrawFn, name: str, markdown_safe: bool) -> str:
    # Every keyword, with the ones that nest in real diagrams (and subnet, which takes tiers) more often.
    keyword = draw(st.sampled_from(["group", "subnet", "subnet", "vpc", "az", "region", *sorted(GROUP_KEYWORDS)]))
    parts = [_random_case(draw, keyword), name]
    is_subnet = keyword == "subnet"
    if is_subnet:
        parts += [_random_case(draw, tier) for tier in draw(st.lists(st.sampled_from(_SUBNET_TIERS), max_size=1))]
    if draw(st.booleans()):
        cidr = keyword in ("vpc", "subnet") and draw(st.booleans())
        parts.append('"10.0.1.0/24"' if cidr else draw(dsl_strings(markdown_safe)))
        if is_subnet:
            parts += draw(st.lists(st.sampled_from(_SUBNET_TIERS), max_size=1))
    text = draw(_GAP).join(parts)
    if _sometimes(draw, 4):
        text += draw(_MAYBE_GAP) + draw(dsl_attributes(markdown_safe))
    return text


@st.composite
def _dsl_edges(draw: st.DrawFn, nodes: Sequence[str], groups: Sequence[str], markdown_safe: bool) -> tuple[str, int]:
    """``a, b -> c ..> d : "label" [attrs]`` and how many edges it makes."""
    endpoints = list(nodes) + (list(groups) if _sometimes(draw, 5) else [])
    ref_lists = draw(st.lists(st.lists(st.sampled_from(endpoints), min_size=1, max_size=3), min_size=2, max_size=4))
    count = sum(len(left) * len(right) for left, right in itertools.pairwise(ref_lists))
    text = ""
    for index, refs in enumerate(ref_lists):
        if index:
            text += draw(_MAYBE_GAP) + draw(st.sampled_from(DSL_OPERATORS)) + draw(_MAYBE_GAP)
        text += ("," + draw(_MAYBE_GAP)).join(refs)
    if draw(st.booleans()):
        label = draw(st.one_of(dsl_strings(markdown_safe), dsl_identifiers))
        text += f"{draw(_MAYBE_GAP)}:{draw(_MAYBE_GAP)}{label}"
    if _sometimes(draw, 4):
        text += draw(_MAYBE_GAP) + draw(dsl_attributes(markdown_safe))
    return text, count


@st.composite
def _dsl_setting(draw: st.DrawFn, markdown_safe: bool) -> str:
    keyword = draw(st.sampled_from(sorted(DSL_KEYWORDS)))
    if keyword == "title":
        value = draw(dsl_strings(markdown_safe))
    elif keyword == "direction":
        value = _random_case(draw, draw(st.sampled_from(_DIRECTION_VALUES)))
    else:
        value = _random_case(draw, draw(st.sampled_from(_PHASE_VALUES)))
    return keyword + draw(_GAP) + value


@dataclass(frozen=True)
class DeepNesting:
    """Groups nested far past archdsl's limit (which must be a diagnostic, not a RecursionError)."""

    text: str
    markdown: bool


@st.composite
def deep_nestings(draw: st.DrawFn, max_depth: int = 1000) -> DeepNesting:
    """DSL groups, Mermaid subgraphs or architecture-beta groups nested up to ``max_depth`` levels."""
    depth = draw(st.integers(1, max_depth))
    dialect = draw(st.sampled_from(["archdsl", "flowchart", "architecture"]))
    if dialect == "archdsl":
        keyword = draw(st.sampled_from(["group", "vpc", "az", "subnet"]))
        inline = draw(st.booleans())
        opening = "".join(f"{keyword} g{level} {{" + ("" if inline else "\n") for level in range(depth))
        closing = ("}" if inline else "}\n") * depth
        return DeepNesting(opening + "ec2 leaf\n" + closing + "leaf -> g0\n", markdown=False)
    if dialect == "flowchart":
        opening = "".join(f"subgraph S{level}\n" for level in range(depth))
        return DeepNesting(fenced("flowchart LR\n" + opening + "A --> B\n" + "end\n" * depth), markdown=True)
    groups = "".join(f"group g{level}{f' in g{level - 1}' if level else ''}\n" for level in range(depth))
    return DeepNesting(fenced(f"architecture-beta\n{groups}service a in g{depth - 1}\nservice b\na:R --> L:b\n"), True)


# --- Mermaid flowcharts (archdsl/mermaid_lexer.py, grammar/mermaid.lark, tests/data/mermaid-probes) ---

_MERMAID_PLAIN_IDS: Final = (
    "A",
    "B",
    "C",
    "D",
    "web",
    "db",
    "ALB",
    "EC2_1",
    "ec2a",
    "s3-bucket",
    "aws.s3",
    "a:b",
    "x_y",
    "n1",
    "Lambda",
    "api-gw",
    "RDS.primary",
    "User",
    "Client",
    "AZ-1",
    "End",
    "ending",
    "endpoint",
    "styles",
    "classic",
    "defaultVPC",
    "GraphQL",
    "graphql",
    "v",
    "vpc",
    "callback",
    "subgraphs",
    "oA",
    "xray",
    "x1",
)
# Words Mermaid's lexer reads as keywords (or whole-line statements) wherever an id could stand.
_MERMAID_KEYWORDS: Final = frozenset(
    {
        "end",
        "style",
        "class",
        "classDef",
        "default",
        "linkStyle",
        "interpolate",
        "click",
        "call",
        "href",
        "graph",
        "flowchart",
        "subgraph",
        "direction",
        "accTitle",
        "accDescr",
    }
)
mermaid_ids: Final = st.one_of(
    st.sampled_from(_MERMAID_PLAIN_IDS),
    st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,6}", fullmatch=True),
).filter(lambda name: name not in _MERMAID_KEYWORDS and "direction" not in name and not name.startswith("acc"))
# Label words that every label form reads as plain text (no brackets, pipes, quotes, dashes, dots, '=').
_LABEL_WORDS: Final = (
    "Web",
    "server",
    "RDS",
    "Aurora writer",
    "S3",
    "NAT",
    "VPC",
    "primary",
    "replica",
    "443",
    "HTTPS",
    "uses",
    "calls",
    "東京",
    "café",
    "🖥️",
    "Ünï",
    "end",
    "graph",
    "a, b",
    "R&D",
    "x: y",
    "<br>",
    "<br/>",
    "#quot;",
    "#35;",
    "#9829;",
    "it's",
    "a+b",
    "wow!",
    "what?",
    "*",
)
_SHAPES: Final = (
    ("[", "]"),
    ("(", ")"),
    ("([", "])"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("((", "))"),
    (">", "]"),
    ("{", "}"),
    ("{{", "}}"),
    ("[/", "/]"),
    ("[\\", "\\]"),
    ("[/", "\\]"),
    ("[\\", "/]"),
    ("(((", ")))"),
    ("(-", "-)"),
)
# Mermaid rejects the camelCase and snake_case aliases in its registry ("Shape names should be lowercase").
_SHAPE_NAMES: Final = tuple(sorted(shape for shape in SHAPES if shape == shape.lower() and "_" not in shape))
_PLAIN_LINKS: Final = (
    "-->",
    "---",
    "-.->",
    "-.-",
    "==>",
    "===",
    "~~~",
    "<-->",
    "<-.->",
    "<==>",
    "---->",
    "-...->",
    "====>",
    "--->",
    "--o",
    "--x",
    "o--o",
    "x--x",
)
_PIPED_LINKS: Final = ("-->", "---", "-.->", "==>", "<-->", "-.-", "===")
_TEXT_LINKS: Final = (("--", ("-->", "---", "--->", "--o", "--x")), ("==", ("==>", "===")), ("-.", (".->", ".-")))
_SUBGRAPH_WORDS: Final = ("VPC", "AZ1", "Public", "Private_subnet", "Data", "Region", "aws_cloud", "Group")
_TITLE_WORDS: Final = ("Public", "subnet", "Private", "AZ", "a", "VPC", "us-east-1a", "Data", "tier", "東京", "App")
_CLASS_NAMES: Final = ("aws", "db", "hot", "lambda", "rds", "ec2")
_COLOURS: Final = ("#f90", "#fff", "red", "#232F3E")


@dataclass(frozen=True)
class MermaidChart:
    """A flowchart Mermaid accepts, the node ids it mentions, its edge count and its subgraph count."""

    text: str
    nodes: frozenset[str]
    edge_count: int
    subgraph_count: int


@dataclass
class _FlowState:
    ids: list[str]
    mentioned: set[str] = field(default_factory=set)
    edges: int = 0
    subgraphs: int = 0
    edge_ids: int = 0


def _label(draw: st.DrawFn, quoted_ok: bool = True) -> str:
    words = draw(st.lists(st.sampled_from(_LABEL_WORDS), min_size=1, max_size=3))
    text = draw(st.sampled_from([" ", " ", ""])).join(words)
    roll = draw(st.integers(0, 9))
    if quoted_ok and roll == 9:
        # Anything but a quote goes in a quoted label, line breaks included.
        free = draw(st.text(_characters('"\r\x00`'), max_size=10))
        return f'"{text} {free} ( ) [ ] | {{ }}"'.replace("\r", "")
    if quoted_ok and roll == 8:
        return f'"`**{text}** _md_`"'
    return text


@dataclass(frozen=True)
class _Written:
    """Flowchart text, and whether it ends in `@{...}` shape data."""

    text: str
    shaped: bool = False


@st.composite
def _vertex(draw: st.DrawFn, state: _FlowState) -> _Written:
    name = draw(st.sampled_from(state.ids))
    state.mentioned.add(name)
    roll = draw(st.integers(0, 19))
    if roll < 8:
        text = name
    elif roll < 17:
        opening, closing = draw(st.sampled_from(_SHAPES))
        quoted_ok = opening not in ("(-",)
        text = f"{name}{opening}{_label(draw, quoted_ok)}{closing}"
    elif roll < 18:
        text = f"{name}[|borders:lt|{_label(draw, False)}]"
    else:
        fields = [f"shape: {draw(st.sampled_from(_SHAPE_NAMES))}"]
        if draw(st.booleans()):
            fields.append(f'label: "{draw(st.sampled_from(_SAFE_WORDS))}"')
        if draw(st.booleans()):
            fields.append(f'icon: "aws:{draw(st.sampled_from(["ec2", "s3", "rds"]))}"')
        separator = draw(st.sampled_from([", ", ","]))
        return _Written(f"{name}@{{ {separator.join(draw(st.permutations(fields)))} }}", shaped=True)
    if _sometimes(draw, 10):
        text += ":::" + draw(st.sampled_from(_CLASS_NAMES))
    return _Written(text)


@st.composite
def _vertex_group(draw: st.DrawFn, state: _FlowState) -> tuple[_Written, int]:
    vertices = [draw(_vertex(state)) for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3])))]
    return _Written(" & ".join(vertex.text for vertex in vertices), vertices[-1].shaped), len(vertices)


@st.composite
def _link(draw: st.DrawFn, state: _FlowState, after_shape_data: bool) -> str:
    roll = draw(st.integers(0, 9))
    piped = False
    if roll < 5:
        link = draw(st.sampled_from(_PLAIN_LINKS))
    elif roll < 7:
        piped = True
        text = _label(draw)
        link = draw(st.sampled_from(_PIPED_LINKS)) + f"|{text}|"
    else:
        opening, closings = draw(st.sampled_from(_TEXT_LINKS))
        words = draw(st.lists(st.sampled_from(_SAFE_WORDS), min_size=1, max_size=2))
        text = " ".join(words)
        if _sometimes(draw, 5):
            text = f'"{text} a--b x=1 v1.2"'
        link = f"{opening} {text} {draw(st.sampled_from(closings))}"
    before = draw(_GAP)
    if _sometimes(draw, 12):
        state.edge_ids += 1
        link = f"e{state.edge_ids}@{link}"
        # An edge id is its own token: a blank before it is a SPACE, which shape data cannot take.
        before = "" if after_shape_data else before
    # After `|text|` Mermaid takes exactly one SPACE (`linkStatement arrowText SPACE`); a blank after
    # every link keeps an o or x that starts the next id from being read as an arrowhead.
    after = draw(st.sampled_from([" ", "\t"])) if piped else draw(_GAP)
    return before + link + after


@st.composite
def _chain(draw: st.DrawFn, state: _FlowState) -> _Written:
    """``a --> b -->|x| c & d``; it ends in shape data when its last vertex does."""
    written, count = draw(_vertex_group(state))
    for _ in range(draw(st.integers(1, 3))):
        # Mermaid's grammar has `node shapeData` but no `node shapeData spaceList`: no blank may follow.
        link = draw(_link(state, written.shaped))
        right, right_count = draw(_vertex_group(state))
        written = _Written(written.text + link + right.text, right.shaped)
        state.edges += count * right_count
        count = right_count
    return written


@st.composite
def _comment(draw: st.DrawFn) -> str:
    if _sometimes(draw, 6):
        return "%% " + draw(st.sampled_from(_DIRECTIVES))
    body = draw(st.text(_characters("\r\n\x00%{"), min_size=1, max_size=20))
    if _DIRECTIVE_LIKE.match(body) or not body.strip():
        body = "note " + body.strip()
    return "%% " + body


@st.composite
def _styling(draw: st.DrawFn, state: _FlowState) -> str:
    targets = sorted(name for name in state.mentioned if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name))
    colour = draw(st.sampled_from(_COLOURS))
    roll = draw(st.integers(0, 5))
    if roll == 0 or not targets:
        ending = draw(st.sampled_from(["", ";"]))
        return f"classDef {draw(st.sampled_from(_CLASS_NAMES))} fill:{colour},stroke:#333{ending}"
    target = draw(st.sampled_from(targets))
    if roll == 1:
        return f"class {target} {draw(st.sampled_from(_CLASS_NAMES))}"
    if roll == 2:
        return f"style {target} fill:{colour},stroke-width:2px"
    if roll == 3 and state.edges:
        index = draw(st.sampled_from(["default", str(draw(st.integers(0, state.edges - 1)))]))
        return f"linkStyle {index} stroke:{colour},stroke-width:2px"
    return draw(
        st.sampled_from(
            [
                f'click {target} "https://example.com" "tip"',
                f"click {target} callback",
                f'click {target} href "https://example.com" _blank',
                f"click {target} call cb()",
            ]
        )
    )


@st.composite
def _subgraph(draw: st.DrawFn, state: _FlowState, depth: int) -> list[str]:
    state.subgraphs += 1
    name = f"{draw(st.sampled_from(_SUBGRAPH_WORDS))}_g{state.subgraphs}"
    title = " ".join(draw(st.lists(st.sampled_from(_TITLE_WORDS), min_size=1, max_size=3)))
    head = draw(
        st.sampled_from(
            [
                f"subgraph {name}",
                f"subgraph {name} [{title}]",
                f"subgraph {name}[{title}]",
                f'subgraph {name}["{title} (x) & y"]',
                f'subgraph "{title} sg"',
                f"subgraph {title} words",
            ]
        )
    )
    body = [head]
    if _sometimes(draw, 4):
        body.append("  direction " + draw(st.sampled_from(_DIRECTION_VALUES)))
    body += ["  " + line for line in draw(_flow_statements(state, depth + 1, draw(st.integers(0, 4))))]
    body.append(draw(st.sampled_from(["end", "end", "  end", "end;"])))
    return body


@st.composite
def _flow_statements(draw: st.DrawFn, state: _FlowState, depth: int, count: int) -> list[str]:
    lines: list[str] = []
    for _ in range(count):
        roll = draw(st.integers(0, 99))
        if roll < 45:
            chain = draw(_chain(state))
            ending = draw(st.sampled_from(["", "", "", ";", "  "]))
            lines.append(chain.text + ("" if ending == "  " and chain.shaped else ending))
        elif roll < 58:
            lines.append(draw(_vertex_group(state))[0].text)
        elif roll < 68 and depth < 3:
            lines += draw(_subgraph(state, depth))
        elif roll < 76:
            lines.append(draw(_styling(state)))
        elif roll < 83:
            lines.append(draw(_comment()))
        elif roll < 87:
            lines.append(draw(st.sampled_from(["", "   "])))
        elif roll < 90 and depth == 0:
            lines.append(
                draw(
                    st.sampled_from(
                        ["accTitle: Architecture", "accDescr: Shows the stack", "accDescr {\n  multi\n  line\n}"]
                    )
                )
            )
        elif roll < 93:
            lines.append("direction " + draw(st.sampled_from(_DIRECTION_VALUES)))
        else:
            first, second = draw(_chain(state)), draw(_chain(state))
            joiner = draw(st.sampled_from([";", "; ", " ;"]))
            joiner = joiner.lstrip() if first.shaped else joiner
            if "style" in first.text + second.text or "classDef" in first.text + second.text:
                # Mermaid drops the last ';' of a line matching /style.*:\S*#.*;/ (its entity
                # encoding), which would glue the two statements together: keep them apart.
                lines += [first.text, second.text]
            else:
                lines.append(first.text + joiner + second.text)
    return lines


@st.composite
def mermaid_flowcharts(draw: st.DrawFn, rough: bool = False) -> MermaidChart:
    """A flowchart Mermaid 11 accepts: headers, shapes, every link form, chains, '&', subgraphs, styling.

    ``rough`` also writes front matter with an unknown phase (an error diagnostic), for crash hunting.
    """
    state = _FlowState(draw(st.lists(mermaid_ids, min_size=1, max_size=8, unique=True)))
    lines: list[str] = []
    if _sometimes(draw, 8):
        title = json.dumps(" ".join(draw(st.lists(st.sampled_from(_SAFE_WORDS), min_size=1, max_size=3))))
        extra = draw(st.sampled_from(["", "config:\n  flowchart:\n    curve: basis\n"]))
        phases = ["", "phase: 1m\n", "archdsl:\n  phase: Prototype\n"]
        extra += draw(st.sampled_from(phases + (["phase: 2k\n", "archdsl:\n  phase: huge\n"] if rough else [])))
        lines.append(f"---\ntitle: {title}\n{extra}---")
    if _sometimes(draw, 8):
        lines.append('%%{init: {"theme": "dark"}}%%')
    if _sometimes(draw, 8):
        lines.append(draw(_comment()))
    header = draw(st.sampled_from(["graph", "flowchart", "flowchart-elk"]))
    if draw(st.integers(0, 9)):
        # Only a direction may be followed by ';' (`graph;` is a lexical error).
        header += " " + draw(st.sampled_from(_DIRECTION_VALUES)) + draw(st.sampled_from(["", "", ";"]))
    lines.append(header + draw(st.sampled_from(["", "", " "])))
    if _sometimes(draw, 6):
        pairs = ", ".join(f"{name}={draw(st.sampled_from(_KIND_WORDS))}" for name in state.ids[:3])
        lines.append(f"  %% archdsl: {pairs}")
    body = draw(_flow_statements(state, 0, draw(st.integers(1, 8))))
    indent = draw(st.sampled_from(["  ", "    ", "\t", ""]))
    lines += [indent + line if line else line for line in body]
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "", "\n\n"]))
    if _sometimes(draw, 8):
        text = text.replace("\n", "\r\n")
    return MermaidChart(text, frozenset(state.mentioned), state.edges, state.subgraphs)


# --- Mermaid architecture-beta (grammar/mermaid_architecture.lark, archdsl/architecture.py) --------

_ARCHITECTURE_IDS: Final = ("api", "db", "web-1", "svc_2", "disk1", "gateway", "s3", "cache", "queue", "users", "lb")
_ARCHITECTURE_KEYWORDS: Final = frozenset(
    {"group", "service", "junction", "in", "align", "row", "column", "title", "L", "R", "T", "B"}
)
_ICONS: Final = ("cloud", "database", "disk", "internet", "server", "logos:aws-lambda", "aws:ec2", "mdi:queue")
_SIDES: Final = ("L", "R", "T", "B")


@dataclass(frozen=True)
class ArchitectureChart:
    """An architecture-beta diagram archdsl accepts: its service and junction ids, groups and edge count."""

    text: str
    nodes: frozenset[str]
    groups: frozenset[str]
    edge_count: int


@st.composite
def mermaid_architectures(draw: st.DrawFn) -> ArchitectureChart:
    """Groups (nested, with icons and titles), services, junctions, edges with sides, arrows, labels, align,
    front matter and an init directive."""
    names = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_ARCHITECTURE_IDS),
                st.from_regex(r"[A-Za-z0-9_][-A-Za-z0-9_]{0,6}[A-Za-z0-9_]", fullmatch=True),
            ).filter(lambda name: name not in _ARCHITECTURE_KEYWORDS and not name.startswith(("title", "acc"))),
            min_size=1,
            max_size=10,
            unique=True,
        )
    )
    group_count = draw(st.integers(0, min(3, len(names) - 1)))
    groups, others = names[:group_count], names[group_count:]
    junctions = set(draw(st.lists(st.sampled_from(others), max_size=2, unique=True))) if len(others) > 1 else set()
    parent_of: dict[str, str | None] = {}
    declarations: list[str] = []
    for index, group in enumerate(groups):
        parent = draw(st.sampled_from([None, *groups[:index]]))
        parent_of[group] = parent
        declarations.append(f"group {group}{_icon(draw)}{_title(draw)}{_parent(parent)}")
    services: list[str] = []
    for name in others:
        parent = draw(st.sampled_from([None, *groups]))
        parent_of[name] = parent
        if name in junctions:
            services.append(f"junction {name}{_parent(parent)}")
        else:
            services.append(f"service {name}{_icon(draw, strings=True)}{_title(draw)}{_parent(parent)}")
    edges = [draw(_architecture_edge(others, parent_of)) for _ in range(draw(st.integers(0, 5)))]
    extras = []
    if len(others) >= 2 and _sometimes(draw, 5):
        extras.append(f"align {draw(st.sampled_from(['row', 'column']))} {' '.join(others[:3])}")
    if _sometimes(draw, 4):
        extras.append(draw(st.sampled_from(["title Platform overview", "accTitle: Platform", "accDescr: All of it"])))
    extras += [draw(_comment()).replace("archdsl", "arch") for _ in range(draw(st.integers(0, 2)))]
    extras += [""] * draw(st.integers(0, 2))
    # Mermaid registers groups (in written order), then services and junctions, then edges, so only
    # the groups' order matters.
    statements = draw(st.permutations(services + edges + extras))
    positions = sorted(
        draw(st.lists(st.integers(0, len(statements)), min_size=len(declarations), max_size=len(declarations)))
    )
    for offset, (position, declaration) in enumerate(zip(positions, declarations, strict=True)):
        statements.insert(position + offset, declaration)
    indent = draw(st.sampled_from(["    ", "  ", "\t", ""]))
    front_matter = draw(
        st.sampled_from(["", "", '---\ntitle: "Platform"\n---\n', "---\nconfig:\n  theme: dark\n---\n"])
    )
    init = '%%{init: {"theme": "dark"}}%%\n' if _sometimes(draw, 8) else ""
    header = front_matter + init + draw(st.sampled_from(["", "", "\n"])) + "architecture-beta"
    lines = [header, *(indent + line for line in statements)]
    text = "\n".join(lines) + draw(st.sampled_from(["\n", ""]))
    if _sometimes(draw, 8):
        text = text.replace("\n", "\r\n")
    return ArchitectureChart(text, frozenset(others), frozenset(groups), len(edges))


def _icon(draw: st.DrawFn, strings: bool = False) -> str:
    roll = draw(st.integers(0, 5))
    if roll < 3:
        return f"({draw(st.sampled_from(_ICONS))})"
    if roll == 3 and strings:
        return f' "{draw(st.sampled_from(_ICONS))}"'
    return ""


def _title(draw: st.DrawFn) -> str:
    roll = draw(st.integers(0, 4))
    if roll < 2:
        return f"[{' '.join(draw(st.lists(st.sampled_from(_SAFE_WORDS), min_size=1, max_size=3)))}]"
    if roll == 2:
        return f'["{draw(st.sampled_from(_SAFE_WORDS))} [x]"]'
    return ""


def _parent(parent: str | None) -> str:
    return f" in {parent}" if parent else ""


@st.composite
def _architecture_edge(draw: st.DrawFn, ends: Sequence[str], parent_of: dict[str, str | None]) -> str:
    left, right = draw(st.sampled_from(ends)), draw(st.sampled_from(ends))
    # {group} marks an edge that leaves a group; Mermaid rejects it between members of the same group.
    crossing = parent_of[left] != parent_of[right] and parent_of[left] is not None and parent_of[right] is not None
    left_mod = "{group}" if crossing and draw(st.booleans()) else ""
    right_mod = "{group}" if crossing and draw(st.booleans()) else ""
    into_left = draw(st.sampled_from(["", "<"]))
    into_right = draw(st.sampled_from(["", ">"]))
    middle = "--" if draw(st.booleans()) else f"-[{draw(st.sampled_from(_SAFE_WORDS))}]-"
    gap = draw(_GAP)
    left_side, right_side = draw(st.sampled_from(_SIDES)), draw(st.sampled_from(_SIDES))
    return f"{left}{left_mod}:{left_side}{gap}{into_left}{middle}{into_right}{gap}{right_side}:{right}{right_mod}"


# --- Markdown notes (archdsl/markdown.py, archdsl/sources.py, archdsl/embed.py) ----------------------

_MARKDOWN_LINES: Final = (
    "Some text",
    "**bold** and _em_",
    "a `code` span",
    "東京 notes",
    "x < y & z",
    "1. an ordered list line",
)
_DIAGRAM_INFOS: Final = {
    "mermaid": ("mermaid", "{mermaid}", "{.mermaid}", ".mermaid", "mermaid title=x", "MERMAID"),
    "archdsl": ("archdsl", "arch", "{archdsl}", ".archdsl"),
}
_OTHER_INFOS: Final = ("python", "", "text", "mermaid-js", "yaml")
# Line endings besides LF: a lone CR (old Mac) ends a line for markdown-it and for embed() alike.
_CLEAN_NOTE_ENDINGS: Final = ("\r\n", "\r")
_ROUGH_NOTE_ENDINGS: Final = ("\r\n", "\r")


@dataclass(frozen=True)
class MarkdownNote:
    """A Markdown note; ``clean`` when every diagram fence is closed and holds a valid diagram."""

    text: str
    clean: bool


@st.composite
def _fence_body(draw: st.DrawFn, clean: bool) -> tuple[str, str]:
    """(info string, content) of one fence."""
    roll = draw(st.integers(0, 9))
    if roll < 3:
        return draw(st.sampled_from(_DIAGRAM_INFOS["archdsl"])), draw(dsl_programs(markdown_safe=clean)).text
    if roll < 6:
        return draw(st.sampled_from(_DIAGRAM_INFOS["mermaid"])), draw(mermaid_flowcharts(rough=not clean)).text
    if roll < 7:
        return draw(st.sampled_from(_DIAGRAM_INFOS["mermaid"])), draw(mermaid_architectures()).text
    if roll < 8:
        return draw(st.sampled_from(_DIAGRAM_INFOS["mermaid"])), "sequenceDiagram\n    A->>B: hi\n"
    if roll < 9 or clean:
        return draw(st.sampled_from(_OTHER_INFOS)), "def f():\n    return '```'\n"
    # Not clean: diagram fences whose content is anything at all.
    info = draw(st.sampled_from(_DIAGRAM_INFOS["mermaid"] + _DIAGRAM_INFOS["archdsl"]))
    return info, draw(st.text(_characters(""), max_size=60))


@st.composite
def _fence(draw: st.DrawFn, clean: bool, top_level: bool = False) -> list[str]:
    info, content = draw(_fence_body(clean))
    marker = draw(st.sampled_from(["```", "```", "~~~", "````"]))
    lines = content.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if marker[0] == "`" and any(line.lstrip().startswith("```") for line in lines):
        marker = "~~~~"
    if any(line.lstrip().startswith(marker[0] * 3) for line in lines):
        marker = marker[0] * 6
    indent = draw(st.sampled_from(["", "", " ", "   "]))
    opening = indent + marker + draw(st.sampled_from(["", " "])) + info
    closed = clean or not _sometimes(draw, 4)
    fence = [opening, *lines]
    if clean and top_level and indent:
        # After a list item an indented fence would belong to the item: a heading ends the list first.
        fence.insert(0, "## Diagram")
    if closed:
        # In a rough note the closing line may carry a stray backtick (it closes ``` but not ~~~) or a blank.
        tail = "" if clean else draw(st.sampled_from(["", "`", " "]))
        fence.append(draw(st.sampled_from(["", " ", "  "])) + marker + tail)
    if closed and _sometimes(draw, 6):
        digest = draw(st.from_regex(r"[0-9a-f]{1,12}", fullmatch=True))
        fence += [f"<!-- archdsl:image hash={digest} -->", "![diagram](diagrams/d.svg)", "<!-- archdsl:end -->"]
    return fence


@st.composite
def _markdown_block(draw: st.DrawFn, clean: bool) -> list[str]:
    roll = draw(st.integers(0, 99))
    if roll < 12:
        return [f"{'#' * draw(st.integers(1, 6))} {draw(st.sampled_from(_MARKDOWN_LINES))}"]
    if roll < 24:
        return draw(st.lists(st.sampled_from(_MARKDOWN_LINES), min_size=1, max_size=3))
    if roll < 50:
        return draw(_fence(clean, top_level=True))
    if roll < 60:
        # A fence in a list item: every line carries the item's indentation.
        marker = draw(st.sampled_from(["- ", "* ", "1. ", "10) "]))
        indent = " " * len(marker)
        fence = draw(_fence(clean))
        return [f"{marker}item", "", *(indent + line if line else "" for line in fence)]
    if roll < 68:
        # A fence in a block quote: every line, blank ones included, carries the '>' marker.
        fence = draw(_fence(clean))
        quote = draw(st.sampled_from(["> ", ">", "> > "]))
        return [quote + line if line else quote.rstrip() for line in fence]
    if roll < 76:
        return [
            draw(
                st.sampled_from(
                    [
                        "<!-- a comment -->",
                        "<!-- archdsl-disable ARCH201 -- reviewed -->",
                        "<!-- archdsl-enable -->",
                        "<!--\nmultiline\n-->",
                    ]
                )
            )
        ]
    if roll < 82:
        return ["- one", "- two", "  - nested"]
    if roll < 88:
        return ["> quoted", "> text"]
    if roll < 92 or clean:
        return [""]
    return [
        draw(
            st.sampled_from(
                [
                    "<!-- archdsl:image hash=abc -->",
                    "<!-- archdsl:image hash=abc fold -->",
                    "![x](y.svg)",
                    "<!-- archdsl:end -->",
                    "<details><summary>Diagram source</summary>",
                    "</details>",
                    "```mermaid",
                    "~~~",
                    "    indented code",
                ]
            )
        )
    ]


@st.composite
def markdown_notes(draw: st.DrawFn, clean: bool = True) -> MarkdownNote:
    """A note mixing headings, paragraphs, lists, quotes, HTML comments and fences (closed and not, in
    lists and quotes, ``` ~~~ ```` {.mermaid}), image blocks, front matter, a BOM and CRLF."""
    lines: list[str] = []
    if _sometimes(draw, 5):
        phase = draw(st.sampled_from(["", "phase: 10k\n", "archdsl:\n  phase: prototype\n", "phase: huge\n"]))
        lines.append(f'---\ntitle: "Notes"\ntags: [aws, notes]\n{phase}---')
    for _ in range(draw(st.integers(0, 8))):
        lines += draw(_markdown_block(clean))
        if draw(st.booleans()):
            lines.append("")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "\n", ""]))
    if _sometimes(draw, 6):
        text = text.replace("\n", draw(st.sampled_from(_CLEAN_NOTE_ENDINGS if clean else _ROUGH_NOTE_ENDINGS)))
    if _sometimes(draw, 8):
        text = BOM + text
    return MarkdownNote(text, clean)


# --- Mutations --------------------------------------------------------------------------------------

HOSTILE_TOKENS: Final = (
    "{",
    "}",
    '"',
    "\\",
    "|",
    "-->",
    "->",
    "end",
    "subgraph",
    "\x00",
    "\r",
    "\n",
    "\r\n",
    "\t",
    ";",
    ":",
    ",",
    "[",
    "]",
    "(",
    ")",
    "#",
    "%%",
    "%%{",
    "}%%",
    "```",
    "~~~",
    "---",
    "<!--",
    "&",
    ":::",
    "@{",
    "<",
    ">",
    "=",
    "..>",
    "~~",
    "'",
    "`",
    "\ufeff",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "\xa0",
    "\U0010ffff",
    "é",
    "漢",
    "🖥️",
    "o",
    "x",
    "\\n",
    "#quot;",
    "#35;",
    "<br>",
    "default",
    "style ",
    "class ",
    "classDef ",
    "click ",
    "linkStyle 99 ",
    "accDescr {",
    "direction LR",
    "graph TD\n",
    "flowchart LR\n",
    "architecture-beta\n",
    "title ",
    "group ",
    "service ",
    "junction ",
    " in ",
    ":R --> L:",
    "{group}",
    "vpc v {",
    "subnet s public {",
    "<!-- archdsl:image hash=0 -->",
    "<!-- archdsl:end -->",
    "![x](y.svg)",
    "# archdsl: disable",
    "%% archdsl: disable",
    "%% archdsl: A=ec2",
    "<!-- archdsl-disable -->",
    "a" * 5000,
    "-" * 600,
    "{" * 300,
    "}" * 300,
    "[" * 300,
    "(" * 300,
    "&" * 300,
    '"' + "x" * 20000,
    "\n" * 300,
    "subgraph S\n" * 40,
    "vpc v {\n" * 40,
    "A --> " * 200,
    "a -> " * 300,
)


@st.composite
def mutated(draw: st.DrawFn, texts: st.SearchStrategy[str], max_mutations: int = 4) -> str:
    """A text from ``texts`` after 1..max_mutations line, range, token and truncation edits."""
    text = draw(texts)
    for _ in range(draw(st.integers(1, max_mutations))):
        operation = draw(
            st.sampled_from(
                [
                    "delete-line",
                    "duplicate-line",
                    "swap-lines",
                    "delete-range",
                    "insert-text",
                    "insert-token",
                    "insert-token",
                    "replace-char",
                    "truncate",
                ]
            )
        )
        text = _mutate(draw, text, operation)
    return text


def _mutate(draw: st.DrawFn, text: str, operation: str) -> str:
    lines = text.splitlines(keepends=True)
    if operation in ("delete-line", "duplicate-line", "swap-lines") and lines:
        first = draw(st.integers(0, len(lines) - 1))
        if operation == "delete-line":
            del lines[first]
        elif operation == "duplicate-line":
            lines.insert(first, lines[first])
        else:
            second = draw(st.integers(0, len(lines) - 1))
            lines[first], lines[second] = lines[second], lines[first]
        return "".join(lines)
    position = draw(st.integers(0, len(text)))
    if operation == "delete-range":
        return text[:position] + text[position + draw(st.integers(1, 40)) :]
    if operation == "insert-text":
        return text[:position] + draw(st.text(_characters(""), min_size=1, max_size=20)) + text[position:]
    if operation == "insert-token":
        return text[:position] + draw(st.sampled_from(HOSTILE_TOKENS)) + text[position:]
    if operation == "replace-char" and position < len(text):
        return text[:position] + draw(_characters("")) + text[position + 1 :]
    return text[:position]


def fenced(text: str, info: str = "mermaid") -> str:
    """``text`` as the only fence of a Markdown note (a marker long enough that no line closes it)."""
    marker = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`{3,}", text))])
    body = text if text.endswith("\n") or not text else text + "\n"
    return f"{marker}{info}\n{body}{marker}\n"


# --- The properties: what must hold for every input -------------------------------------------------

LINT_OPTIONS: Final = (
    LintOptions(),
    LintOptions(phase="1m", strict_attributes=True, select=("all",)),
    LintOptions(phase="prototype", ignore=("ARCH2",), require_reasons=False),
)
_EXPORTS: Final = ("mermaid", "archdsl")
# The keys archdsl export leaves out on purpose: how Mermaid drew something, not what it is.
_DRAWING_ONLY: Final = frozenset({"arrow", "shape", "icon", "sides"})


def _line_count(text: str) -> int:
    # Lines as editors and markdown-it count them: a lone CR ends a line too (the DSL's lark lexer
    # counts only LF, which never gives more lines than this).
    return len(re.split(r"\r\n?|\n", text))


def assert_spans_inside(diagnostics: Sequence[Diagnostic], text: str) -> None:
    """Every diagnostic points at a line of the text (or just past its end) and at a column >= 1."""
    last = _line_count(text) + 1
    for diagnostic in diagnostics:
        span = diagnostic.span
        assert 1 <= span.line <= last, f"line out of range ({last - 1} lines): {diagnostic}"
        assert 1 <= span.end_line <= last, f"end line out of range ({last - 1} lines): {diagnostic}"
        assert span.column >= 1 and span.end_column >= 1, f"column out of range: {diagnostic}"


def check_survives(text: str, *, markdown: bool) -> Document:
    """Load, lint and export ``text``: a model or diagnostics, never an exception; spans inside the text."""
    path = MARKDOWN_PATH if markdown else ARCH_PATH
    document = load_source(SourceText(path, text), markdown=markdown)
    assert_spans_inside(document.diagnostics, text)
    for diagram in document.diagrams:
        read = [diagnostic for diagnostic in document.diagnostics if within(diagram, diagnostic.span)]
        for options in LINT_OPTIONS:
            assert_spans_inside(lint_diagram(diagram, options, CATALOG, read), text)
    diagrams = list(document.diagrams)
    for language in _EXPORTS:
        assert isinstance(export_text(diagrams, language), str)
    json.dumps(document_json(diagrams, document.diagnostics))
    return document


def errors(document: Document) -> list[Diagnostic]:
    """The error-level diagnostics of a document."""
    return [diagnostic for diagnostic in document.diagnostics if diagnostic.severity is Severity.ERROR]


def assert_no_errors(document: Document, what: str) -> None:
    """``document`` read without an error-level diagnostic; the message says which ones otherwise."""
    found = errors(document)
    shown = "; ".join(f"{error.code} at {error.span.line}:{error.span.column}: {error.message}" for error in found)
    assert not found, f"{what}: {shown}"


def reread_export(diagram: Diagram) -> Document:
    """The diagram exported as archdsl and read back: export must always write a program archdsl reads."""
    exported = export_text([diagram], "archdsl")
    again = load_source(SourceText(ARCH_PATH, exported), markdown=False)
    assert_no_errors(again, f"exported archdsl does not read back:\n{exported}")
    return again


def check_format(text: str, *, markdown: bool) -> str | None:
    """``archdsl fmt`` either lays the text out or raises FormatError; never anything else."""
    try:
        return format_fences(MARKDOWN_PATH, text) if markdown else format_checked(ARCH_PATH, text)
    except FormatError:
        return None


def model_summary(diagram: Diagram) -> dict[str, Any]:
    """What archdsl export must keep: settings, nodes, groups and edges, attributes as written."""

    def attributes(items: Sequence[Any], skip: frozenset[str] = _DRAWING_ONLY) -> list[tuple[str, str]]:
        return [(item.key, item.value) for item in items if item.key not in skip]

    # An empty label ("") reads as "", and is written back as no label at all, which reads as the id.
    return {
        "settings": (diagram.title, diagram.direction, diagram.phase),
        "nodes": {
            node.id: (node.kind, node.label or node.id, node.group, attributes(node.attributes))
            for node in diagram.nodes
        },
        "groups": {
            group.id: (group.kind, group.label or group.id, group.parent, attributes(group.attributes))
            for group in diagram.groups
        },
        "edges": [
            (edge.source, edge.target, edge.label, edge.style, edge.direction, attributes(edge.attributes))
            for edge in diagram.edges
        ],
    }


def check_valid_dsl(program: DslProgram) -> None:
    """A generated program reads without errors, to exactly what it declares, and survives a round trip."""
    document = check_survives(program.text, markdown=False)
    assert_no_errors(document, "a valid program was rejected")
    (diagram,) = document.diagrams
    assert {node.id: node.group for node in diagram.nodes} == program.nodes
    assert {group.id: group.parent for group in diagram.groups} == program.groups
    assert len(diagram.edges) == program.edge_count
    again = reread_export(diagram)
    assert model_summary(again.diagrams[0]) == model_summary(diagram), "the archdsl round trip changed the model"
    formatted = check_format(program.text, markdown=False)
    assert formatted is not None, "fmt refused a valid program"
    assert check_format(formatted, markdown=False) == formatted, "fmt is not idempotent"


def check_mutated_dsl(text: str) -> None:
    """Any text, read as a ``.arch`` file: diagnostics or a model; fmt formats or refuses."""
    check_survives(text, markdown=False)
    check_format(text, markdown=False)


def check_valid_mermaid(chart: MermaidChart) -> None:
    """A generated flowchart reads without errors, to the nodes, edges and subgraphs written."""
    document = check_survives(fenced(chart.text), markdown=True)
    assert_no_errors(document, "a valid flowchart was rejected")
    (diagram,) = document.diagrams
    assert {node.id for node in diagram.nodes} == chart.nodes
    assert len(diagram.edges) == chart.edge_count
    assert len(diagram.groups) == chart.subgraph_count
    reread_export(diagram)


def check_valid_architecture(chart: ArchitectureChart) -> None:
    """A generated architecture-beta diagram reads without errors, to the elements written."""
    document = check_survives(fenced(chart.text), markdown=True)
    assert_no_errors(document, "a valid architecture-beta diagram was rejected")
    (diagram,) = document.diagrams
    assert {node.id for node in diagram.nodes} == chart.nodes
    assert {group.id for group in diagram.groups} == chart.groups
    assert len(diagram.edges) == chart.edge_count
    reread_export(diagram)


def check_deep_nesting(deep: DeepNesting) -> None:
    """Nesting past the limit is a diagnostic (ARCH016), not a RecursionError, in every dialect."""
    check_survives(deep.text, markdown=deep.markdown)


def check_mutated_mermaid(text: str) -> None:
    """Any text in a Mermaid fence: diagnostics or a model."""
    check_survives(fenced(text), markdown=True)


def images_for(text: str, fold: bool) -> dict[int, Image]:
    """An image for every fence (found after the BOM, as embed finds them); some folded."""
    return {
        fence.span.end_line: Image(f"diagrams/d{fence.index}.svg", f"d [{fence.index}]", f"{fence.index:x}", fold)
        for fence in fences(text.removeprefix(BOM))
    }


def check_markdown(note: MarkdownNote) -> None:
    """A note loads (without errors when clean), embedding images is undone by strip, fmt never crashes."""
    text = note.text
    # read_text decodes with utf-8-sig: the loader never sees the BOM, embed and strip do.
    document = check_survives(text.removeprefix(BOM), markdown=True)
    if note.clean:
        assert_no_errors(document, "a clean note was rejected")
    user_text = strip(text)
    if not owned_blocks(text):
        assert user_text == text, "strip changed a note without image blocks"
    for fold in (False, True):
        embedded = embed(text, images_for(text, fold))
        assert strip(embedded) == user_text, f"strip(embed(text)) is not strip(text) (fold={fold})"
    check_format(text.removeprefix(BOM), markdown=True)


def check_mutated_markdown(text: str) -> None:
    """Any text read as a Markdown note: load, lint, export, embed/strip and fmt never crash."""
    check_survives(text.removeprefix(BOM), markdown=True)
    for fold in (False, True):
        embed(text, images_for(text, fold))
    strip(text)
    check_format(text.removeprefix(BOM), markdown=True)


# --- Targets: one strategy and one property each, for pytest and the campaign ------------------------


@dataclass(frozen=True)
class Target:
    """One fuzz target: a strategy and the property every example must satisfy."""

    name: str
    strategy: Callable[[], st.SearchStrategy[Any]]
    check: Callable[[Any], None]


TARGETS: Final = (
    Target("dsl-valid", lambda: dsl_programs(), check_valid_dsl),
    Target("dsl-mutated", lambda: mutated(dsl_programs().map(lambda program: program.text)), check_mutated_dsl),
    Target("deep-nesting", lambda: deep_nestings(), check_deep_nesting),
    Target("mermaid-valid", lambda: mermaid_flowcharts(), check_valid_mermaid),
    Target(
        "mermaid-mutated",
        lambda: mutated(mermaid_flowcharts(rough=True).map(lambda chart: chart.text)),
        check_mutated_mermaid,
    ),
    Target("architecture-valid", lambda: mermaid_architectures(), check_valid_architecture),
    Target(
        "architecture-mutated",
        lambda: mutated(mermaid_architectures().map(lambda chart: chart.text)),
        check_mutated_mermaid,
    ),
    Target("markdown-valid", lambda: markdown_notes(clean=True), check_markdown),
    Target(
        "markdown-mutated",
        lambda: mutated(markdown_notes(clean=False).map(lambda note: note.text)),
        check_mutated_markdown,
    ),
)
