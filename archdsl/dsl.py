"""Parse the archdsl language (grammar/archdsl.lark) into the model, with positioned diagnostics."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Final

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from archdsl import grammars
from archdsl.catalog import CATALOG, Catalog, Role
from archdsl.diagnostics import (
    DUPLICATE_ID,
    MALFORMED_SUPPRESSION,
    PARSE_ERROR,
    UNDEFINED_EDGE_ENDPOINT,
    UNKNOWN_SERVICE_KIND,
    Diagnostic,
    Severity,
    nesting_too_deep,
)
from archdsl.directives import DirectiveError, parse_suppression
from archdsl.infer.kinds import guess_kind, lookup_kind, role_word
from archdsl.model import (
    CIDR_LABEL,
    MAX_GROUP_DEPTH,
    PHASES,
    Attribute,
    Diagram,
    Direction,
    Edge,
    EdgeDirection,
    EdgeStyle,
    Group,
    GroupKind,
    KindOrigin,
    Node,
    Span,
    Suppression,
)
from archdsl.naming import Names
from archdsl.sources import SourceBlock

MAX_SYNTAX_ERRORS: Final = 20
MAX_EDGES: Final = 10_000
"""Edges per diagram: ``a0, ..., aN -> b0, ..., bN`` makes N² of them, which no layout draws anyway."""

GROUP_KEYWORDS: Final = {
    "cloud": GroupKind.CLOUD,
    "aws-cloud": GroupKind.CLOUD,
    "account": GroupKind.ACCOUNT,
    "region": GroupKind.REGION,
    "vpc": GroupKind.VPC,
    "az": GroupKind.AZ,
    "availability-zone": GroupKind.AZ,
    "subnet": GroupKind.SUBNET,
    "security-group": GroupKind.SECURITY_GROUP,
    "sg": GroupKind.SECURITY_GROUP,
    "asg": GroupKind.AUTOSCALING_GROUP,
    "autoscaling-group": GroupKind.AUTOSCALING_GROUP,
    "auto-scaling-group": GroupKind.AUTOSCALING_GROUP,
    "group": GroupKind.GENERIC,
}
# Group keywords that also name a catalogue kind (vpc, sg, security-group, asg, ...) declare a group
# only when a { block } follows; without one they declare a node of that kind.
_DUAL_KEYWORDS: Final = frozenset(keyword for keyword in GROUP_KEYWORDS if CATALOG.lookup(keyword) is not None)
_INFER_KEYWORD: Final = "node"
# Only data stores have writer/reader or primary/replica roles worth reading out of their names.
_ROLE_BEARING: Final = frozenset({Role.DATABASE, Role.CACHE})

_SUBNET_TIERS: Final = {"public": "public", "private": "private", "data": "data", "isolated": "data"}
_NODE_FLAGS: Final = {
    "public": ("public", "true"),
    "private": ("public", "false"),
    "internet-facing": ("scheme", "internet-facing"),
    "internal": ("scheme", "internal"),
    "multi-az": ("multi_az", "true"),
    "single-az": ("multi_az", "false"),
}
_DIRECTIONS: Final = {
    "TB": Direction.TB,
    "TD": Direction.TB,
    "BT": Direction.BT,
    "LR": Direction.LR,
    "RL": Direction.RL,
}
_EDGE_OPERATORS: Final = {
    "->": (EdgeStyle.SOLID, EdgeDirection.FORWARD),
    "<->": (EdgeStyle.SOLID, EdgeDirection.BOTH),
    "--": (EdgeStyle.SOLID, EdgeDirection.NONE),
    "..>": (EdgeStyle.DASHED, EdgeDirection.FORWARD),
    "<..>": (EdgeStyle.DASHED, EdgeDirection.BOTH),
    "..": (EdgeStyle.DASHED, EdgeDirection.NONE),
    "=>": (EdgeStyle.THICK, EdgeDirection.FORWARD),
    "<=>": (EdgeStyle.THICK, EdgeDirection.BOTH),
    "==": (EdgeStyle.THICK, EdgeDirection.NONE),
    "~~": (EdgeStyle.INVISIBLE, EdgeDirection.NONE),
}
_TERMINAL_NAMES: Final = {
    "ID": "a name",
    "STRING": "a quoted string",
    "VALUE": "a value",
    "EDGE_OP": "an arrow such as '->'",
    "_END": "the end of the line",
    "$END": "the end of the file",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
    "LSQB": "'['",
    "RSQB": "']'",
    "COMMA": "','",
    "COLON": "':'",
    "EQUAL": "'='",
    "SEMICOLON": "';'",
    "TITLE": "'title'",
    "DIRECTION": "'direction'",
    "PHASE": "'phase'",
}
_TRAILING_OPERATOR: Final = re.compile(r"(<\.\.>|<->|<=>|\.\.>|->|--|\.\.|=>|==|~~)$")
_STRING_OR_COMMENT: Final = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"?|#[^\n]*')
_ESCAPE: Final = re.compile(r"\\(.)")


# --- The syntax tree the grammar's callbacks build while parsing -------------------------------


@dataclass(slots=True)
class _Setting:
    keyword: Token
    value: Token


@dataclass(slots=True)
class _Attributes:
    items: list[tuple[Token, Token | None]]


@dataclass(slots=True)
class _Label:
    token: Token


@dataclass(slots=True)
class _Decl:
    kind: Token
    id: Token
    modifiers: list[Token]
    label: Token | None
    attributes: list[tuple[Token, Token | None]]
    block: list[object] | None = None


@dataclass(slots=True)
class _Edges:
    refs: list[list[Token]]
    operators: list[Token]
    label: Token | None
    attributes: list[tuple[Token, Token | None]]


def _pairs(statement: _Edges) -> list[tuple[list[Token], list[Token]]]:
    """Each list of ids with the list it connects to: ``a, b -> c -> d`` is (a, b)->(c) and (c)->(d)."""
    return list(zip(statement.refs, statement.refs[1:], strict=False))


class _Syntax(Transformer[Token, list[object]]):
    """Runs inside the LALR parser, so no lark Tree is ever built."""

    def start(self, children: list[object]) -> list[object]:
        return children

    def block(self, children: list[object]) -> list[object]:
        return children

    def title(self, children: list[Token]) -> _Setting:
        return _Setting(children[0], children[1])

    direction = phase = title

    def decl(self, children: list[object]) -> _Decl:
        kind, ident = children[0], children[1]
        assert isinstance(kind, Token) and isinstance(ident, Token)
        decl = _Decl(kind, ident, [], None, [])
        for child in children[2:]:
            if isinstance(child, _Attributes):
                decl.attributes = child.items
            elif isinstance(child, Token) and child.type == "STRING":
                decl.label = child
            elif isinstance(child, Token):
                decl.modifiers.append(child)
        return decl

    def group_decl(self, children: list[object]) -> _Decl:
        decl, block = children
        assert isinstance(decl, _Decl) and isinstance(block, list)
        decl.block = block
        return decl

    def modifier(self, children: list[Token]) -> Token:
        return children[0]

    def edges(self, children: list[object]) -> _Edges:
        edges = _Edges([], [], None, [])
        for child in children:
            if isinstance(child, list):
                edges.refs.append(child)
            elif isinstance(child, _Label):
                edges.label = child.token
            elif isinstance(child, _Attributes):
                edges.attributes = child.items
            elif isinstance(child, Token):
                edges.operators.append(child)
        return edges

    def refs(self, children: list[Token]) -> list[Token]:
        return children

    def edge_label(self, children: list[Token]) -> _Label:
        return _Label(children[0])

    def attributes(self, children: list[tuple[Token, Token | None] | None]) -> _Attributes:
        return _Attributes([child for child in children if child is not None])

    def attribute(self, children: list[Token | None]) -> tuple[Token, Token | None]:
        key, value = children
        assert key is not None
        return (key, value)


class _CommentCollector:
    """Lexer callback that keeps the comments of the parse in progress."""

    def __init__(self) -> None:
        self.comments: list[Token] = []

    def __call__(self, token: Token) -> Token:
        self.comments.append(token)
        return token


_COMMENTS = _CommentCollector()


@cache
def _parser() -> Lark:
    return grammars.build("archdsl", transformer=_Syntax(), lexer_callbacks={"COMMENT": _COMMENTS})


# --- Results ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParseResult:
    """The diagram read from one block (None when the syntax is broken) and what was found."""

    diagram: Diagram | None
    diagnostics: tuple[Diagnostic, ...]


def parse_block(block: SourceBlock, catalog: Catalog = CATALOG) -> ParseResult:
    """Parse one archdsl block into a diagram, reporting every problem at file coordinates."""
    statements, syntax_errors, comments = _parse_syntax(block.text)
    if syntax_errors:
        return ParseResult(None, tuple(_syntax_diagnostic(block, error) for error in syntax_errors))
    if (too_deep := _too_deep(block)) is not None:
        return ParseResult(None, (too_deep,))
    builder = _Builder(block, catalog)
    builder.statements(statements, None)
    builder.comments(comments)
    return builder.result()


def parse_text(text: str, path: str = "<string>", catalog: Catalog = CATALOG) -> ParseResult:
    """Parse DSL text as if it were a whole ``.arch`` file."""
    from archdsl.sources import arch_block

    return parse_block(arch_block(path, text), catalog)


# --- Syntax errors ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _SyntaxError:
    line: int
    column: int
    end_column: int
    message: str
    hint: str | None


def _parse_syntax(text: str) -> tuple[list[object], list[_SyntaxError], list[Token]]:
    """Parse, and after an error blank the offending line and try again to find more errors."""
    current = text if text.endswith("\n") else text + "\n"
    errors: list[_SyntaxError] = []
    while True:
        _COMMENTS.comments = []
        try:
            statements = _parser().parse(current)
        except UnexpectedInput as error:
            found = _explain(error, current)
            errors.append(found)
            at_end = isinstance(error, UnexpectedToken) and error.token.type == "$END"
            patched = None if at_end else _blank_line(current, found.line)
            if patched is None or len(errors) >= MAX_SYNTAX_ERRORS:
                return [], errors, []
            current = patched
            continue
        assert isinstance(statements, list)
        return statements, errors, _COMMENTS.comments


def _blank_line(text: str, line: int) -> str | None:
    """``text`` with ``line`` emptied, or None when that would unbalance the braces."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        return None
    code = _STRING_OR_COMMENT.sub("", lines[line - 1])
    if code.count("{") != code.count("}"):
        return None
    lines[line - 1] = ""
    return "\n".join(lines)


def _explain(error: UnexpectedInput, text: str) -> _SyntaxError:
    lines = text.split("\n")
    if isinstance(error, UnexpectedCharacters):
        line, column = error.line, error.column
        char = text[error.pos_in_stream or 0]
        if char == '"':
            return _SyntaxError(
                line,
                column,
                len(lines[line - 1]) + 1,
                "unterminated string",
                "close the string with '\"' on the same line",
            )
        return _SyntaxError(
            line,
            column,
            column + 1,
            f"unexpected character {char!r}",
            "names use letters, digits, '_' and '-'; quote anything else: \"like this\"",
        )
    assert isinstance(error, UnexpectedToken)
    token = error.token
    if token.type == "$END":
        return _unexpected_end(text)
    line, column = token.line or 1, token.column or 1
    end_column = token.end_column if token.end_line == line and token.end_column else column + 1
    before = lines[line - 1][: column - 1].rstrip()
    found = _describe(token)

    def at(message: str, hint: str | None) -> _SyntaxError:
        return _SyntaxError(line, column, end_column, message, hint)

    operator = _TRAILING_OPERATOR.search(before)
    if operator and "ID" in error.expected:
        return at(
            f"expected a node id after '{operator[1]}', found {found}",
            "an edge joins declared ids: a -> b",
        )
    if before.endswith(",") and "ID" in error.expected:
        return at(
            f"expected a node id after ',', found {found}",
            "list ids separated by commas: a -> b, c",
        )
    if before.endswith(":") and "STRING" in error.expected:
        return at(f"expected a label after ':', found {found}", 'quote the label: a -> b : "HTTPS"')
    if token.type == "RBRACE":
        return at("unmatched '}'", "remove it, or open a group: vpc main {")
    if token.type == "STRING" and re.fullmatch(r"[A-Za-z_][\w-]*", before):
        return at(
            f"expected a node id after '{before}', found {found}",
            f'declare a node as kind, id, then label: {before} web "Web server"',
        )
    if token.type == "LBRACE" and re.fullmatch(r"[A-Za-z_][\w-]*", before):
        return at(
            f"expected a group id after '{before}', found '{{'",
            f"name the group: {before} main {{ ... }}",
        )
    if "_END" in error.expected:
        return at(
            f"unexpected {found} after a complete statement",
            "put one statement on each line, or separate statements with ';'",
        )
    expected = sorted({_TERMINAL_NAMES.get(name, name) for name in error.expected})
    return at(f"unexpected {found}; expected {_one_of(expected)}", None)


@dataclass(frozen=True, slots=True)
class _Brace:
    line: int
    column: int
    opens: bool


def _braces(lines: list[str]) -> Iterator[_Brace]:
    """Every ``{`` and ``}`` outside strings and comments, in order."""
    for number, raw in enumerate(lines, start=1):
        code = _STRING_OR_COMMENT.sub(lambda match: " " * len(match[0]), raw)
        for column, char in enumerate(code, start=1):
            if char in "{}":
                yield _Brace(number, column, char == "{")


def _too_deep(block: SourceBlock) -> Diagnostic | None:
    """The first ``{`` past MAX_GROUP_DEPTH levels: the builder walks groups recursively, so it stops here."""
    depth = 0
    for brace in _braces(block.text.split("\n")):
        depth = depth + 1 if brace.opens else max(depth - 1, 0)
        if depth > MAX_GROUP_DEPTH:
            return nesting_too_deep(block.path, block.span(brace.line, brace.column, brace.line, brace.column + 1))
    return None


def _unexpected_end(text: str) -> _SyntaxError:
    lines = text.rstrip("\n").split("\n")
    last_line = len(lines)
    end = len(lines[-1]) + 1
    opened: list[tuple[int, int]] = []
    for brace in _braces(lines):
        if brace.opens:
            opened.append((brace.line, brace.column))
        elif opened:
            opened.pop()
    if opened:
        line, column = opened[-1]
        return _SyntaxError(
            last_line,
            end,
            end + 1,
            f"unexpected end of file: the '{{' at line {line}, column {column} is never closed",
            "add '}' to close the group",
        )
    return _SyntaxError(last_line, end, end + 1, "unexpected end of file", None)


def _describe(token: Token) -> str:
    if token.type == "_END":
        return "the end of the line" if token.value != ";" else "';'"
    if token.type in ("ID", "VALUE"):
        return f"name '{token.value}'"
    if token.type == "STRING":
        return f"string {token.value}"
    return f"'{token.value}'"


def _one_of(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _syntax_diagnostic(block: SourceBlock, error: _SyntaxError) -> Diagnostic:
    code, name = PARSE_ERROR
    return Diagnostic(
        code,
        name,
        Severity.ERROR,
        f"Cannot parse diagram: {error.message}",
        block.path,
        block.span(error.line, error.column, error.line, error.end_column),
        error.hint,
    )


# --- From syntax to model ------------------------------------------------------------------------


def _unquote(token: Token) -> str:
    return _ESCAPE.sub(lambda match: "\n" if match[1] == "n" else match[1], token.value[1:-1])


def _text(token: Token) -> str:
    return _unquote(token) if token.type == "STRING" else str(token.value)


class _Builder:
    """Turns parsed statements into nodes, groups and edges, checking names as it goes."""

    def __init__(self, block: SourceBlock, catalog: Catalog) -> None:
        self.block = block
        self.catalog = catalog
        self.title = ""
        self.direction = Direction.TB
        self.phase: str | None = None
        self.nodes: list[Node] = []
        self.groups: list[Group] = []
        self.edges: list[Edge] = []
        self.suppressions: list[Suppression] = []
        self.diagnostics: list[Diagnostic] = []
        self.declared: dict[str, Span] = {}
        self.pending_edges: list[_Edges] = []
        self.names: Names | None = None  # built once, at the first unknown id
        self.names_of: dict[str, Span] = {}

    def span(self, first: Token, last: Token | None = None) -> Span:
        last = last or first
        return self.block.span(first.line or 1, first.column or 1, last.end_line or 1, last.end_column or 1)

    def report(
        self, code_and_name: tuple[str, str], severity: Severity, message: str, span: Span, hint: str | None = None
    ) -> None:
        code, name = code_and_name
        self.diagnostics.append(Diagnostic(code, name, severity, message, self.block.path, span, hint))

    def statements(self, statements: list[object], parent: str | None) -> None:
        for statement in statements:
            if isinstance(statement, _Setting):
                self.setting(statement)
            elif isinstance(statement, _Decl):
                self.declaration(statement, parent)
            elif isinstance(statement, _Edges):
                self.pending_edges.append(statement)

    def setting(self, setting: _Setting) -> None:
        keyword, value = str(setting.keyword), setting.value
        span = self.span(value)
        if keyword == "title":
            self.title = _unquote(value)
        elif keyword == "direction":
            direction = _DIRECTIONS.get(str(value).upper())
            if direction is None:
                self.report(
                    PARSE_ERROR,
                    Severity.ERROR,
                    f"Cannot parse diagram: unknown direction '{value}'",
                    span,
                    "use TB, TD, BT, LR or RL",
                )
            else:
                self.direction = direction
        elif str(value).lower() in PHASES:
            self.phase = str(value).lower()
        else:
            self.report(
                PARSE_ERROR,
                Severity.ERROR,
                f"Cannot parse diagram: unknown phase '{value}'",
                span,
                "use prototype, 10k or 1m",
            )

    def declare(self, ident: Token) -> bool:
        span = self.span(ident)
        first = self.declared.get(str(ident))
        if first is not None:
            self.report(
                DUPLICATE_ID,
                Severity.ERROR,
                f"Id '{ident}' is defined more than once (first at line {first.line})",
                span,
                "rename one element or delete the duplicate declaration",
            )
            return False
        self.declared[str(ident)] = span
        return True

    def attributes(self, written: list[tuple[Token, Token | None]]) -> list[Attribute]:
        return [
            Attribute(str(key), _text(value) if value is not None else "true", self.span(key, value))
            for key, value in written
        ]

    def declaration(self, decl: _Decl, parent: str | None) -> None:
        keyword = str(decl.kind).lower()
        group_kind = GROUP_KEYWORDS.get(keyword)
        is_group = group_kind is not None and (decl.block is not None or keyword not in _DUAL_KEYWORDS)
        if decl.block is not None and not is_group:
            self.report(
                PARSE_ERROR,
                Severity.ERROR,
                f"Cannot parse diagram: a {decl.kind} node cannot contain other elements",
                self.span(decl.kind, decl.id),
                "only groups hold elements: cloud, account, region, vpc, az, subnet, security-group, asg, group",
            )
        if is_group and group_kind is not None:
            self.group(decl, group_kind, parent)
            self.statements(decl.block or [], str(decl.id))
        else:
            self.node(decl, parent)

    def group(self, decl: _Decl, kind: GroupKind, parent: str | None) -> None:
        attributes = self.attributes(decl.attributes)
        label = _unquote(decl.label) if decl.label else str(decl.id)
        for modifier in decl.modifiers:
            tier = _SUBNET_TIERS.get(str(modifier).lower())
            if kind is GroupKind.SUBNET and tier is not None:
                attributes.insert(0, Attribute("tier", tier, self.span(modifier)))
            else:
                self.unexpected_word(modifier, decl.id)
        if decl.label and kind in (GroupKind.VPC, GroupKind.SUBNET) and CIDR_LABEL.fullmatch(label):
            attributes.insert(0, Attribute("cidr", label, self.span(decl.label)))
        if self.declare(decl.id):
            self.groups.append(
                Group(str(decl.id), kind, label, parent, self.span(decl.kind, decl.id), tuple(attributes))
            )

    def node(self, decl: _Decl, parent: str | None) -> None:
        keyword, ident = str(decl.kind), str(decl.id)
        label = _unquote(decl.label) if decl.label else ident
        attributes = self.attributes(decl.attributes)
        for modifier in decl.modifiers:
            flag = _NODE_FLAGS.get(str(modifier).lower())
            if flag is None:
                self.unexpected_word(modifier, decl.id)
            else:
                attributes.insert(0, Attribute(flag[0], flag[1], self.span(modifier)))
        role: str | None = None
        basis, text = "", keyword  # an explicit kind needs no "where": kind_origin says it was written
        if keyword.lower() == _INFER_KEYWORD:
            guess = guess_kind(self.catalog, ident, label)
            kind, origin, role, basis = guess.kind, guess.origin, guess.role, guess.basis
            text = guess.text if origin is KindOrigin.INFERRED else keyword
            if origin is KindOrigin.UNKNOWN:
                self.report(
                    UNKNOWN_SERVICE_KIND,
                    Severity.WARNING,
                    f"Unknown service kind for node '{ident}': nothing in its id or label names a service",
                    self.span(decl.kind, decl.id),
                    f"write the kind instead of 'node', e.g. ec2 {ident}",
                )
        else:
            service = lookup_kind(self.catalog, keyword)
            if service is None:
                kind, origin = "generic", KindOrigin.UNKNOWN
                suggestion = self.catalog.suggest(keyword)
                self.report(
                    UNKNOWN_SERVICE_KIND,
                    Severity.WARNING,
                    f"Unknown service kind '{keyword}' for node '{ident}'"
                    + (f"; did you mean '{suggestion}'?" if suggestion else ""),
                    self.span(decl.kind),
                    "run 'archdsl kinds' for the catalogue, or write 'generic'",
                )
            else:
                kind, origin = service.key, KindOrigin.EXPLICIT
        if role is None and origin is KindOrigin.EXPLICIT and self.catalog.get(kind).role in _ROLE_BEARING:
            role = role_word(label, ident)
        if role is not None and not any(attribute.key == "role" for attribute in attributes):
            attributes.append(Attribute("role", role, self.span(decl.id)))
        if self.declare(decl.id):
            self.nodes.append(
                Node(
                    ident,
                    kind,
                    label,
                    parent,
                    self.span(decl.kind, decl.id),
                    tuple(attributes),
                    origin,
                    text,
                    kind_basis=basis,
                )
            )

    def unexpected_word(self, word: Token, after: Token) -> None:
        self.report(
            PARSE_ERROR,
            Severity.ERROR,
            f"Cannot parse diagram: unexpected word '{word}' after '{after}'",
            self.span(word),
            f'quote labels ({after} "My label") and declare one element per line',
        )

    def resolve_edges(self) -> None:
        total = sum(len(refs) * len(following) for edges in self.pending_edges for refs, following in _pairs(edges))
        made = 0
        for statement in self.pending_edges:
            count = sum(len(refs) * len(following) for refs, following in _pairs(statement))
            if made + count > MAX_EDGES:
                # Counted before any edge is made: the cross product of two long lists never reaches memory.
                self.report(
                    PARSE_ERROR,
                    Severity.ERROR,
                    f"Cannot parse diagram: {total:,} edges; archdsl reads at most {MAX_EDGES:,} edges per diagram",
                    self.span(statement.refs[0][0]),
                    "split the diagram, or connect groups instead of every pair of nodes",
                )
                return
            made += count
            style_of = [_EDGE_OPERATORS[str(operator)] for operator in statement.operators]
            attributes = tuple(self.attributes(statement.attributes))
            label = _text(statement.label) if statement.label is not None else ""
            known = [[(str(ref), self.span(ref)) for ref in refs if self.known(ref)] for refs in statement.refs]
            for index, (style, direction) in enumerate(style_of):
                for source, source_span in known[index]:
                    for target, target_span in known[index + 1]:
                        span = Span(source_span.line, source_span.column, target_span.end_line, target_span.end_column)
                        self.edges.append(
                            Edge(source, target, label, span, style, direction, attributes, source_span, target_span)
                        )

    def known(self, ref: Token) -> bool:
        if str(ref) in self.declared:
            return True
        if self.names is None or len(self.names_of) != len(self.declared):
            self.names, self.names_of = Names(self.declared), dict(self.declared)
        candidate, close = self.names.nearest(str(ref))
        if candidate is None:
            suggestion = "nothing is declared yet"
        elif close:
            suggestion = f"did you mean '{candidate}'?"
        else:
            suggestion = f"the nearest declared id is '{candidate}'"
        self.report(
            UNDEFINED_EDGE_ENDPOINT,
            Severity.ERROR,
            f"'{ref}' is not defined; {suggestion}",
            self.span(ref),
            f"declare it (e.g. ec2 {ref}) or fix the id",
        )
        return False

    def comments(self, comments: list[Token]) -> None:
        lines = self.block.text.split("\n")
        for comment in comments:
            line, column = comment.line or 1, comment.column or 1
            trailing = bool(lines[line - 1][: column - 1].strip()) if line <= len(lines) else False
            found = parse_suppression(str(comment)[1:], self.span(comment), trailing=trailing)
            if isinstance(found, DirectiveError):
                self.report(MALFORMED_SUPPRESSION, Severity.ERROR, found.message, found.span, found.hint)
            elif found is not None:
                self.suppressions.append(found)

    def result(self) -> ParseResult:
        self.resolve_edges()
        block = self.block
        last_line = max(block.line_count, 1)
        span = block.fence_span or block.span(1, 1, last_line, 1)
        diagram = Diagram(
            source=block.source(),
            span=span,
            title=self.title,
            direction=self.direction,
            phase=self.phase,
            nodes=tuple(self.nodes),
            groups=tuple(self.groups),
            edges=tuple(self.edges),
            suppressions=tuple(self.suppressions),
        )
        return ParseResult(diagram, tuple(sorted(self.diagnostics, key=lambda found: found.sort_key)))
