"""The ``archdsl`` command line: parse arguments, call the library, print, and pick the exit code."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, NoReturn, TextIO

from archdsl import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from archdsl.diagnostics import Diagnostic
    from archdsl.loader import Document
    from archdsl.model import Diagram

EXIT_CLEAN: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_USAGE: Final = 2
EXIT_BROKEN_PIPE: Final = 141
"""128 + SIGPIPE: what a shell reports for any tool whose reader went away (``archdsl kinds | head -1``)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archdsl",
        description="Turn architecture notes (archdsl files, Mermaid in Markdown) into checked, AWS-styled diagrams.",
    )
    parser.add_argument("--version", action="version", version=f"archdsl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def inputs(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "paths", nargs="+", metavar="PATH", help="files, directories (searched for *.arch and *.md) or - for stdin"
        )
        command.add_argument(
            "--stdin-filename", metavar="NAME", help="name to report for stdin; a .md name reads it as Markdown"
        )

    def engine(command: argparse.ArgumentParser, what: str) -> None:
        command.add_argument(
            "--engine",
            choices=("auto", "system", "embedded"),
            default="auto",
            help=f"{what}: the system 'dot', or the embedded WebAssembly build (default: auto)",
        )

    model = commands.add_parser("model", help="print the typed model of every diagram")
    inputs(model)
    model.add_argument("--json", action="store_true", help="print JSON (schema archdsl-model/1)")

    check = commands.add_parser("check", help="parse and validate diagrams (syntax, names, kinds)")
    inputs(check)
    check.add_argument("--format", choices=("text", "parsable", "json"), default="text", dest="output_format")

    render = commands.add_parser("render", help="draw diagrams as SVG/PNG with AWS icons and group styles")
    inputs(render)
    render.add_argument(
        "-o", "--output", metavar="OUT", help="a file (its suffix picks the format), a directory, or - for stdout"
    )
    render.add_argument(
        "--format",
        default=None,
        metavar="FORMATS",
        help="comma-separated: svg, png, dot, json (default: the -o suffix, else svg,png)",
    )
    engine(render, "Graphviz")
    render.add_argument("--theme", choices=("light", "dark"), default="light")
    render.add_argument("--scale", type=float, default=1.0, help="PNG zoom factor (default 1.0)")
    render.add_argument(
        "--check",
        action="store_true",
        help="Markdown: list fences whose embedded image is missing or stale and exit 1; render nothing",
    )
    render.add_argument(
        "--watch", action="store_true", help="render again whenever a note or .arch file is saved (Ctrl-C stops)"
    )
    render.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="Markdown: draw with N worker processes; 0 means one per CPU (default: 1)",
    )
    render.add_argument(
        "--fold-source",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="Markdown: show the image first and fold the fence under it in <details>; --no-fold-source undoes it "
        "(default: keep each block as it is)",
    )
    render.add_argument(
        "--assets-dir",
        default="diagrams",
        metavar="DIR",
        help="Markdown: where images go, relative to each note (default: diagrams)",
    )

    lint = commands.add_parser("lint", help="check the architecture: availability, security, operability rules")
    inputs(lint)
    lint.add_argument(
        "--phase", choices=("prototype", "10k", "1m"), help="growth phase (default: the diagram's own, else 10k)"
    )
    lint.add_argument(
        "--format",
        choices=("text", "parsable", "json", "github", "sarif"),
        default=None,
        dest="output_format",
        help="default: github under GitHub Actions, else text",
    )
    lint.add_argument("--fail-on", choices=("error", "warning", "info"), default="error")
    lint.add_argument("--select", default="", help="comma-separated codes, prefixes or names to run")
    lint.add_argument("--ignore", default="", help="comma-separated codes, prefixes or names to skip")
    lint.add_argument(
        "--annotate", metavar="DIR", help="also draw each diagram with its findings outlined and numbered, into DIR"
    )
    engine(lint, "Graphviz for --annotate")
    lint.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings not recorded in FILE (matched by rule, diagram and element, not by line)",
    )
    lint.add_argument(
        "--write-baseline", action="store_true", help="record every current finding in the --baseline FILE and exit 0"
    )
    lint.add_argument(
        "--strict-attributes",
        action="store_true",
        help="treat attributes Mermaid cannot carry as missing rather than unknown",
    )
    lint.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say which configuration file and which scope per diagram are used, on stderr",
    )

    diff = commands.add_parser(
        "diff",
        help="compare the architecture of notes between two git revisions, or two files",
        description="Compare the architecture of the notes that changed: HEAD against the work tree by default, "
        "BASE against the work tree, BASE HEAD (or BASE..HEAD), BASE...HEAD for a pull request (from where it "
        "branched), or --no-index OLD NEW. Paths after the revisions narrow it to those notes.",
    )
    diff.add_argument("revisions_and_paths", nargs="*", metavar="[BASE [HEAD]] [PATH]")
    diff.add_argument("--no-index", action="store_true", help="compare two files, OLD and NEW, without git")
    diff.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        dest="output_format",
        help="markdown: a pull-request comment (default: text)",
    )
    diff.add_argument(
        "--fail-on-new",
        choices=("error", "warning", "info"),
        help="exit 1 when the change introduces a finding at this level or worse",
    )
    diff.add_argument(
        "--image", metavar="DIR", help="also draw each changed diagram into DIR: added green, removed red, moved amber"
    )
    engine(diff, "Graphviz for --image")
    diff.add_argument("--phase", choices=("prototype", "10k", "1m"), help="growth phase for the findings")

    rules = commands.add_parser("rules", help="list the lint rules")
    rules.add_argument("--json", action="store_true")
    rules.add_argument("--markdown", action="store_true", help="the rule reference (docs/rules.md)")
    explain = commands.add_parser("explain", help="show one rule's documentation")
    explain.add_argument("rule", metavar="CODE", help="a rule code (ARCH201) or name")

    export = commands.add_parser("export", help="write diagrams as Mermaid, archdsl, Graphviz DOT or model JSON")
    inputs(export)
    export.add_argument("--to", choices=("mermaid", "archdsl", "dot", "json"), required=True)

    fmt = commands.add_parser(
        "fmt", help="lay out .arch files and the archdsl fences of Markdown notes canonically (comments kept)"
    )
    fmt.add_argument("paths", nargs="+", metavar="PATH", help=".arch or Markdown files, or directories")
    fmt.add_argument("--check", action="store_true", help="list files that would change and exit 1; write nothing")

    kinds = commands.add_parser("kinds", help="list the service catalogue")
    kinds.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from archdsl.streams import guarded_streams

    with guarded_streams():
        return _run(argv)


def run() -> NoReturn:
    """The ``archdsl`` command: main(), then an exit that skips freeing every object one by one."""
    code = main()
    if "multiprocessing" in sys.modules:
        sys.exit(code)  # its resource tracker needs the exit handlers to release the pool's semaphores
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # None: started with the stream closed
            with contextlib.suppress(OSError, ValueError):
                stream.flush()  # main() has already reported a stdout that fails
    # As mypy's hard_exit does: tearing the interpreter down object by object took 13 ms of a
    # 119 ms lint run; the operating system reclaims the memory and closes the files at once.
    os._exit(code)


def _run(argv: Sequence[str] | None) -> int:
    from archdsl.files import WriteError
    from archdsl.sources import InputError
    from archdsl.streams import OutputError, silence_stdout

    try:
        try:
            arguments = _parser().parse_args(argv)
        except SystemExit as exit_:  # --help, --version and usage errors: argparse has printed
            sys.stdout.flush()
            return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
        code = _command(arguments)
        sys.stdout.flush()  # here, not at exit, so that a failed write still gets its one line and exit code
        return code
    except (InputError, WriteError) as error:
        _error(error)
        return EXIT_USAGE
    except OutputError as error:
        _error(error)
        silence_stdout()
        return EXIT_USAGE
    except BrokenPipeError:
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("ARCHDSL_DEBUG"):
            raise
        _error(f"{type(error).__name__}: {error} (set ARCHDSL_DEBUG=1 for a traceback)", kind="internal error")
        return EXIT_USAGE


def _command(arguments: argparse.Namespace) -> int:
    if arguments.command == "kinds":
        return _kinds(arguments)
    if arguments.command == "render":
        return _render(arguments)
    if arguments.command == "lint":
        return _lint(arguments)
    if arguments.command == "diff":
        return _diff(arguments)
    if arguments.command == "rules":
        return _rules(arguments)
    if arguments.command == "explain":
        return _explain(arguments)
    if arguments.command == "export":
        return _export(arguments)
    if arguments.command == "fmt":
        return _fmt(arguments)
    return _inputs_command(arguments)


def _error(message: object, kind: str = "error") -> None:
    """``archdsl: error: ...`` on stderr, one line, with no control character from a path or a note."""
    _say(f"archdsl: {kind}: {message}")


def _say(line: str) -> None:
    """One line on stderr with its control characters escaped: paths and labels come from someone's files."""
    from archdsl.report import escape_controls

    print(escape_controls(line), file=sys.stderr)


def _inputs_command(arguments: argparse.Namespace) -> int:
    from archdsl.diagnostics import Severity
    from archdsl.loader import load_paths

    documents = load_paths(arguments.paths, stdin_filename=arguments.stdin_filename)
    diagrams = [diagram for document in documents for diagram in document.diagrams]
    diagnostics = [diagnostic for document in documents for diagnostic in document.diagnostics]
    worst = max((diagnostic.severity for diagnostic in diagnostics), default=None)
    if arguments.command == "model":
        if arguments.json:
            _print_json(diagrams, diagnostics)
        else:
            from archdsl.outline import outline

            if diagrams:
                from archdsl.report import escape_controls

                shown = "\n\n".join(outline(diagram) for diagram in diagrams)
                print("\n".join(escape_controls(line) for line in shown.split("\n")))
            _print_diagnostics(documents, diagnostics, "text")
        return EXIT_FINDINGS if worst == Severity.ERROR else EXIT_CLEAN
    if arguments.output_format == "json":
        _print_json([], diagnostics)
    else:
        _print_diagnostics(documents, diagnostics, arguments.output_format)
    return EXIT_FINDINGS if worst is not None and worst >= Severity.WARNING else EXIT_CLEAN


def _print_json(diagrams: list[Diagram], diagnostics: list[Diagnostic], **extra: object) -> None:
    from archdsl.jsonmodel import document_json
    from archdsl.report import safe_json

    print(safe_json({**document_json(diagrams, diagnostics), **extra}))


def _print_diagnostics(
    documents: list[Document], diagnostics: list[Diagnostic], output_format: str, stream: TextIO | None = None
) -> None:
    from archdsl.report import render_all, summary

    if not diagnostics:
        return
    out = stream or sys.stdout
    # A file that could not be read (or was refused) has no text: its findings show no empty excerpt.
    sources = {document.path: document.text for document in documents if document.text}
    colour = output_format == "text" and out.isatty() and not os.environ.get("NO_COLOR")
    print(render_all(diagnostics, sources, output_format=output_format, colour=colour), file=out)
    if output_format == "text":
        print(summary(diagnostics, len(documents)), file=out)


def _kinds(arguments: argparse.Namespace) -> int:
    from archdsl.catalog import CATALOG

    kinds = CATALOG.kinds()
    if arguments.json:
        import json

        rows = [
            {
                "kind": kind.key,
                "title": kind.title,
                "role": kind.role.value,
                "aws": kind.aws,
                "aliases": list(kind.aliases),
            }
            for kind in kinds
        ]
        print(json.dumps(rows, indent=2))
        return EXIT_CLEAN
    width = max(len(kind.key) for kind in kinds)
    for kind in kinds:
        print(f"{kind.key:<{width}}  {kind.role.value:<13}  {kind.title}")
    return EXIT_CLEAN


def _render(arguments: argparse.Namespace) -> int:
    if not arguments.watch:
        return _render_once(arguments)
    from archdsl.watch import WatchUnavailable, file_changes, watch

    if "-" in arguments.paths:
        print("archdsl: error: --watch needs files, not stdin", file=sys.stderr)
        return EXIT_USAGE
    try:
        return watch(lambda: _render_once(arguments), file_changes(arguments.paths), sys.stderr)
    except WatchUnavailable as error:
        _error(error)
        return EXIT_USAGE


def _render_once(arguments: argparse.Namespace) -> int:
    from archdsl.loader import load_paths
    from archdsl.sources import is_markdown
    from archdsl.targets import RenderRequest, RenderTargetError, render_documents

    documents = load_paths(arguments.paths, stdin_filename=arguments.stdin_filename)
    in_place = arguments.output is None and "-" not in arguments.paths
    if in_place and documents and all(is_markdown(document.path) for document in documents):
        return _render_notes(arguments, documents)
    for flag, given in (("--check", arguments.check), ("--fold-source", arguments.fold_source is not None)):
        if given:
            print(f"archdsl: error: {flag} works on Markdown notes rendered in place (without -o)", file=sys.stderr)
            return EXIT_USAGE
    request = RenderRequest(arguments.output, arguments.format, arguments.engine, arguments.theme, arguments.scale)
    try:
        written = render_documents(documents, request, sys.stdout.buffer)
    except RenderTargetError as error:
        _print_reading_findings(documents)
        _error(error)
        return EXIT_USAGE
    errors = _print_reading_findings(documents, written.failures)
    for path in written.paths:
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_FINDINGS if errors else EXIT_CLEAN


def _print_reading_findings(documents: list[Document], extra: Sequence[Diagnostic] = ()) -> bool:
    """Print what the readers found (errors, reading traps) and ``extra`` on stderr; whether any is an error."""
    from archdsl.diagnostics import Severity

    found = [d for document in documents for d in document.diagnostics if d.severity >= Severity.WARNING]
    found = sorted([*found, *extra], key=lambda diagnostic: diagnostic.sort_key)
    _print_diagnostics(documents, found, "text", stream=sys.stderr)
    return any(diagnostic.severity is Severity.ERROR for diagnostic in found)


def _lint(arguments: argparse.Namespace) -> int:
    from pathlib import Path

    from archdsl.catalog import CATALOG
    from archdsl.config import ConfigError, for_paths
    from archdsl.diagnostics import Severity
    from archdsl.linting import Selection, lint_documents
    from archdsl.loader import load_paths

    try:
        config = for_paths(arguments.paths)
        catalog = CATALOG.with_aliases(config.aliases) if config.aliases else CATALOG
    except (ConfigError, ValueError) as error:
        _error(error)
        return EXIT_USAGE
    if arguments.verbose:
        print(f"archdsl: using config {config.path}" if config.path else "archdsl: no config file", file=sys.stderr)
    documents = load_paths(arguments.paths, stdin_filename=arguments.stdin_filename, catalog=catalog)
    selection = Selection(
        phase=arguments.phase,
        select=tuple(part for part in arguments.select.split(",") if part.strip()),
        ignore=tuple(part for part in arguments.ignore.split(",") if part.strip()),
        strict_attributes=arguments.strict_attributes,
        verbose=arguments.verbose,
    )
    linted = lint_documents(documents, config, selection, catalog)
    if arguments.verbose:
        for diagram in (diagram for result in linted for diagram, _ in result.diagrams):
            where = f"{diagram.source.path}:{diagram.source.start_line}"
            print(f"archdsl: {where}: scope {diagram.scope.value} ({diagram.scope_reason})", file=sys.stderr)
    diagnostics = [found for result in linted for found in result.findings]
    annotated = [pair for result in linted for pair in result.diagrams]
    if arguments.baseline:
        from archdsl.baseline import BaselineError, against, baseline_bytes, keyed, read
        from archdsl.files import write_atomic
        from archdsl.report import counted

        baseline = Path(arguments.baseline)
        findings = list(keyed(linted, baseline.parent))
        if arguments.write_baseline:
            write_atomic(baseline, baseline_bytes(findings))
            _say(f"archdsl: recorded {counted(len(findings), 'finding')} in {baseline}")
            return EXIT_CLEAN
        try:
            filtered = against(findings, read(baseline))
        except BaselineError as error:
            _error(error)
            return EXIT_USAGE
        diagnostics = filtered.new
        if filtered.known:
            _say(f"archdsl: {counted(filtered.known, 'finding')} in the baseline {baseline} not shown")
        if filtered.gone:
            _say(f"archdsl: {counted(filtered.gone, 'baseline finding')} fixed: --write-baseline drops them")
    elif arguments.write_baseline:
        _error("--write-baseline needs --baseline FILE")
        return EXIT_USAGE
    output_format = arguments.output_format or ("github" if os.environ.get("GITHUB_ACTIONS") else "text")
    if output_format == "json":
        _print_json([], diagnostics, config=config.path)
    elif output_format == "sarif":
        from archdsl.report import safe_json, sarif

        print(safe_json(sarif(diagnostics, __version__)))
    elif output_format == "github":
        from archdsl.report import github

        for diagnostic in sorted(diagnostics, key=lambda found: found.sort_key):
            print(github(diagnostic))
    else:
        _print_diagnostics(documents, diagnostics, output_format)
    if arguments.annotate:
        from archdsl.annotate import write_annotated
        from archdsl.render.engines import EngineUnavailable
        from archdsl.render.pipeline import RenderOptions

        try:
            paths = write_annotated(
                [d for d, _ in annotated],
                [list(f) for _, f in annotated],
                Path(arguments.annotate),
                RenderOptions(engine=arguments.engine),
            )
        except EngineUnavailable as error:
            _error(error)
            return EXIT_USAGE
        for path in paths:
            _say(f"wrote {path}")
    threshold = Severity.parse(arguments.fail_on)
    return EXIT_FINDINGS if any(d.severity >= threshold for d in diagnostics) else EXIT_CLEAN


def _diff(arguments: argparse.Namespace) -> int:
    from archdsl.catalog import CATALOG
    from archdsl.config import ConfigError, for_paths
    from archdsl.diagnostics import Severity
    from archdsl.diffreport import as_json, markdown, text
    from archdsl.linting import Selection
    from archdsl.notediff import DiffRequestError, RevisionError, diff_notes, request_for

    try:
        request = request_for(arguments.revisions_and_paths, no_index=arguments.no_index)
        config = for_paths([str(request.root)] if request.root else [request.files[1] if request.files else "."])
        catalog = CATALOG.with_aliases(config.aliases) if config.aliases else CATALOG
        result = diff_notes(request, config, Selection(phase=arguments.phase), catalog)
    except (DiffRequestError, RevisionError, ConfigError, ValueError) as error:
        _error(error)
        return EXIT_USAGE
    images: dict[str, str] = {}
    if arguments.image:
        from pathlib import Path

        from archdsl.diffpicture import write_diff_images
        from archdsl.render.engines import EngineUnavailable
        from archdsl.render.pipeline import RenderOptions

        try:
            written = write_diff_images(result, Path(arguments.image), RenderOptions(engine=arguments.engine))
        except EngineUnavailable as error:
            _error(error)
            return EXIT_USAGE
        images = {name: path.as_posix() for name, path in written.links.items()}
        for path in written.paths:
            _say(f"wrote {path}")
    if arguments.output_format == "json":
        sys.stdout.write(as_json(result))
    elif arguments.output_format == "markdown":
        sys.stdout.write(markdown(result, images))
    else:
        sys.stdout.write(text(result))
    if result.unreadable:
        return EXIT_FINDINGS
    if arguments.fail_on_new is None:
        return EXIT_CLEAN
    threshold = Severity.parse(arguments.fail_on_new)
    return EXIT_FINDINGS if any(diff.new_at_least(threshold) for diff in result.diagrams) else EXIT_CLEAN


def _render_notes(arguments: argparse.Namespace, documents: list[Document]) -> int:
    from archdsl.notes import NotesError, check_assets_dir, distinct_notes, stale_all, update_all
    from archdsl.targets import RenderRequest, RenderTargetError, draw_many

    try:
        check_assets_dir(arguments.assets_dir)
    except NotesError as error:
        _error(f"--assets-dir: {error}")
        return EXIT_USAGE
    options = (arguments.theme, str(arguments.scale), arguments.engine)
    documents = distinct_notes(documents)
    try:
        if arguments.check:
            errors = _print_reading_findings(documents)
            found = stale_all(documents, arguments.assets_dir, options, arguments.fold_source)
            for item in found:
                print(f"{item.path}:{item.line}:{item.column}: diagram '{item.name}' {item.reason}")
            if found:
                print("run 'archdsl render' on these notes to refresh their images", file=sys.stderr)
            return EXIT_FINDINGS if found or errors else EXIT_CLEAN
        from archdsl.progress import Progress

        request = RenderRequest(None, None, arguments.engine, arguments.theme, arguments.scale)
        jobs = arguments.jobs if arguments.jobs > 0 else (os.cpu_count() or 1)
        with Progress(sys.stderr, "drawing") as progress:
            draw = draw_many(request, ["svg", "png"], jobs, progress.update)
            rendered = update_all(documents, arguments.assets_dir, options, draw, arguments.fold_source)
    except (NotesError, RenderTargetError) as error:
        _print_reading_findings(documents)
        _error(error)
        return EXIT_USAGE
    errors = _print_reading_findings(documents, rendered.findings)
    for notice in rendered.notices:
        print(notice, file=sys.stderr)
    for path in dict.fromkeys(rendered.written):
        print(f"wrote {path}", file=sys.stderr)
    return EXIT_FINDINGS if errors else EXIT_CLEAN


def _export(arguments: argparse.Namespace) -> int:
    from archdsl.diagnostics import Severity
    from archdsl.export import export_text
    from archdsl.loader import load_paths

    documents = load_paths(arguments.paths, stdin_filename=arguments.stdin_filename)
    errors = [d for document in documents for d in document.diagnostics if d.severity is Severity.ERROR]
    _print_diagnostics(documents, errors, "text", stream=sys.stderr)
    diagrams = [diagram for document in documents for diagram in document.diagrams]
    if arguments.to == "json":
        _print_json(diagrams, [d for document in documents for d in document.diagnostics])
    elif arguments.to == "dot":
        from archdsl.targets import RenderRequest, drawer

        draw = drawer(RenderRequest(None, "dot"), ["dot"])
        sys.stdout.write("\n".join(draw(diagram)["dot"].decode() for diagram in diagrams))
    else:
        sys.stdout.write(export_text(diagrams, arguments.to))
    return EXIT_FINDINGS if errors else EXIT_CLEAN


def _fmt(arguments: argparse.Namespace) -> int:
    from pathlib import Path

    from archdsl.files import WriteError, locked, note_target
    from archdsl.sources import discover, is_markdown

    changed = failed = 0
    for path in discover(arguments.paths):
        if not path.endswith(".arch") and not is_markdown(path):
            continue
        try:
            target = note_target(Path(path)) if path != "-" else Path(path)
            with locked([target.parent]):
                outcome = _fmt_one(path, target, arguments.check)
        except WriteError as error:
            _error(error)
            failed += 1
            continue
        if outcome is None:
            failed += 1
        elif outcome and arguments.check:
            changed += 1
            print(f"would reformat {path}")
        elif outcome:
            changed += 1
            print(f"reformatted {path}", file=sys.stderr)
    if failed:
        return EXIT_USAGE
    return EXIT_FINDINGS if arguments.check and changed else EXIT_CLEAN


def _fmt_one(path: str, target: Path, check: bool) -> bool | None:
    """Format one file while its folder is locked; whether it changed, or None when it could not be read or laid out."""
    from archdsl.files import replace_unchanged
    from archdsl.fmt import FormatError, format_checked
    from archdsl.fmt_markdown import format_fences
    from archdsl.sources import decode, is_markdown, read_text

    layout = format_fences if is_markdown(path) else format_checked
    source = read_text(path)
    if source.error is not None:
        print(f"{path}: error: {source.error}", file=sys.stderr)
        return None
    original = target.read_bytes()
    source = decode(path, original)  # the bytes the final write compares with, so no save in between is lost
    if source.error is not None:
        print(f"{path}: error: {source.error}", file=sys.stderr)
        return None
    try:
        formatted = layout(path, source.text)
    except FormatError as error:
        print(error.located(path), file=sys.stderr)
        return None
    if formatted == source.text:
        return False
    if not check:
        bom = b"\xef\xbb\xbf" if original.startswith(b"\xef\xbb\xbf") else b""
        replace_unchanged(target, original, bom + formatted.encode(), "formatting")
    return True


def _rules(arguments: argparse.Namespace) -> int:
    from archdsl.model import PHASES
    from archdsl.rules import every_check

    if arguments.markdown:
        from archdsl.rulesdoc import reference

        sys.stdout.write(reference())
        return EXIT_CLEAN
    if arguments.json:
        import json

        rows = [
            {
                "code": rule.code,
                "name": rule.name,
                "category": rule.category,
                "summary": rule.summary(),
                "severities": {phase: rule.severities[phase].label for phase in PHASES if phase in rule.severities},
            }
            for rule in every_check()
        ]
        print(json.dumps(rows, indent=2))
        return EXIT_CLEAN
    checks = every_check()
    name_width = max(len(rule.name) for rule in checks) + 1

    def row(code: str, name: str, levels: list[str], summary: str) -> str:
        return f"{code:<8} {name:<{name_width}} {levels[0]:<10} {levels[1]:<8} {levels[2]:<8} {summary}"

    print(row("code", "name", list(PHASES), "summary"))
    for rule in checks:
        levels = [rule.severities[phase].label if phase in rule.severities else "-" for phase in PHASES]
        print(row(rule.code, rule.name, levels, rule.summary()))
    return EXIT_CLEAN


def _explain(arguments: argparse.Namespace) -> int:
    from archdsl.model import Scope
    from archdsl.rules import by_code

    rule = by_code(arguments.rule)
    if rule is None:
        _error(f"no rule {arguments.rule!r}; see 'archdsl rules'")
        return EXIT_USAGE
    print(f"{rule.code} {rule.name} ({rule.category})\n")
    print(rule.docs())
    scopes = ", ".join(scope.value for scope in Scope if scope in rule.scopes)
    print(
        f"\nRuns on diagrams of scope: {scopes}. A diagram's scope is guessed (see 'archdsl model');"
        " state it with ```mermaid scope=NAME, %% archdsl: scope=NAME, # archdsl: scope=NAME"
        " or archdsl-scope: NAME in a note's front matter."
    )
    return EXIT_CLEAN
