"""The command line: a thin layer that turns options into settings and calls the library.

Imports of the pipeline happen inside the commands, so ``--version`` and ``--help`` load
neither jsonschema nor lxml nor xmlschema.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import click

from goalkeeper import __version__

if TYPE_CHECKING:
    from goalkeeper.baseline import Baseline
    from goalkeeper.checker import Checker, Report
    from goalkeeper.config import Config
    from goalkeeper.diagnostics import Diagnostic
    from goalkeeper.settings import Settings

# Directory names never searched when walking a directory argument.
SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__", "venv"})
PAYLOAD_SUFFIXES = (".json", ".xml")


class UsageFailure(click.UsageError):
    """A usage or configuration mistake (exit status 2)."""


def _fail(message: str) -> UsageFailure:
    return UsageFailure(message)


class _Main(click.Group):
    """The command group; an unexpected exception ends as a message and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # e.g. `goalkeeper check . | head`
            sys.stderr.close()
            sys.exit(1)
        except Exception as error:
            if os.environ.get("GOALKEEPER_DEBUG"):
                raise
            click.echo(
                f"goalkeeper: internal error: {type(error).__name__}: {error}\n"
                "This is a bug in goalkeeper; please report it (GOALKEEPER_DEBUG=1 shows the "
                "traceback).",
                err=True,
            )
            sys.exit(2)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, "--version", prog_name="goalkeeper", message="%(prog)s %(version)s"
)
def main() -> None:
    """Check goal and targeting payloads for vendor APIs before they are sent.

    goalkeeper knows Conductrics goal types and targeting rules (JSON) and Pulse goals
    and goal rules (XML). Run `goalkeeper kinds` for the payload kinds and
    `goalkeeper rules` for every check.
    """


# -- check ---------------------------------------------------------------------------


def _parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _fail(
            f"--now: {value!r} is not an ISO 8601 date-time (e.g. 2026-01-31T09:00:00+01:00)"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _codes(value: str | None) -> list[str]:
    return [part for part in (value or "").split(",") if part.strip()]


def _load_config(config_path: str | None, isolated: bool) -> Config:
    from goalkeeper.config import Config, find_config, load_config
    from goalkeeper.settings import SettingsError

    try:
        if config_path is not None:
            return load_config(config_path)
        if isolated:
            return Config()
        found = find_config(os.getcwd())
        return load_config(found) if found else Config()
    except SettingsError as error:
        raise _fail(str(error)) from None


def build_settings(
    config: Config,
    select: str | None,
    ignore: str | None,
    strict: bool,
    now: str | None,
    options: str | None,
    exclude: str | None,
) -> Settings:
    from goalkeeper import registry
    from goalkeeper.globs import Glob
    from goalkeeper.settings import FileMapping, Selection, Settings, SettingsError, check_codes
    from goalkeeper.validators.conductrics.options import OptionsError, load_options

    known = registry.is_code_prefix
    try:
        selected = check_codes(
            _codes(select) if select is not None else (config.select or ["ALL"]),
            known,
            "--select" if select is not None else "select",
        )
        ignored = check_codes(config.ignore, known, "ignore") + check_codes(
            _codes(ignore), known, "--ignore"
        )
        per_file = tuple(
            (Glob(glob), check_codes(codes, known, f"per-file-ignores.{glob}"))
            for glob, codes in config.per_file_ignores
        )
    except SettingsError as error:
        raise _fail(str(error)) from None
    vendor_options: dict[str, Any] = {}
    options_path = options or config.conductrics_options
    if options_path is not None:
        try:
            vendor_options["conductrics"] = load_options(options_path)
        except OptionsError as error:
            raise _fail(f"--options: {error}") from None
    return Settings(
        selection=Selection(selected, ignored),
        strict=strict or config.strict,
        max_file_size=config.max_file_size or Settings().max_file_size,
        mappings=tuple(FileMapping(Glob(e.pattern), e.kind, e.op) for e in config.files),
        per_file_ignores=per_file,
        exclude=tuple(Glob(p) for p in (*config.exclude, *_codes(exclude))),
        base_dir=config.base_dir,
        now=_parse_now(now),
        vendor_options=vendor_options,
    )


def _check_target(kind: str | None, op: str | None) -> None:
    from goalkeeper import registry

    if kind is not None and kind not in registry.KINDS_BY_NAME:
        raise _fail(
            f"--kind: unknown kind {kind!r}; known kinds: " + ", ".join(registry.KINDS_BY_NAME)
        )
    if op is None:
        return
    ops = registry.KINDS_BY_NAME[kind].ops if kind else {o for k in registry.KINDS for o in k.ops}
    if op not in ops:
        where = kind or "any kind"
        raise _fail(f"--op: {where} has no operation {op!r}; choose from " + ", ".join(sorted(ops)))


def expand_paths(paths: Sequence[str], settings: Settings) -> Iterator[tuple[str, str]]:
    """(path to read, path to show) for every file to check, in a stable order.

    Directories are searched recursively for .json and .xml files, skipping hidden
    directories and excluded globs; a file named explicitly is always checked.
    """
    for given in paths:
        if given == "-":
            yield "-", "-"
            continue
        if not os.path.isdir(given):
            yield given, os.path.normpath(given)
            continue
        found = []
        for directory, subdirectories, files in os.walk(given):
            subdirectories[:] = sorted(
                name
                for name in subdirectories
                if not name.startswith(".")
                and name not in SKIPPED_DIRECTORIES
                and not settings.excluded(os.path.join(directory, name))
            )
            for name in files:
                if name.lower().endswith(PAYLOAD_SUFFIXES):
                    full = os.path.join(directory, name)
                    if not settings.excluded(full):
                        found.append(full)
        for full in sorted(found):
            yield full, os.path.normpath(full)


def run_check(
    checker: Checker,
    files: list[tuple[str, str]],
    kind: str | None,
    op: str | None,
    stdin_name: str,
    jobs: int | None = None,
    stdin: bytes | None = None,
) -> Report:
    """Check every file, on several cores when there are enough of them (or ``jobs`` says)."""
    from goalkeeper.checker import Report, Target
    from goalkeeper.parallel import auto_jobs, check_in_parallel

    def check_file(item: tuple[str, str]) -> list[Diagnostic]:
        path, display = item
        if path == "-":
            raw = sys.stdin.buffer.read() if stdin is None else stdin
            return checker.check_bytes(raw, Target(stdin_name, kind, op))
        return checker.check_path(path, display, Target(display, kind, op))

    if any(path == "-" for path, _ in files):
        jobs = 1  # standard input belongs to this process
    count = jobs or auto_jobs(len(files))
    return Report(tuple(check_in_parallel(check_file, files, count)), len(files))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--kind", metavar="KIND", help="Force the payload kind (see `goalkeeper kinds`).")
@click.option("--op", metavar="OP", help="Force the operation: create, update, … (else inferred).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--select", metavar="CODES", help="Comma-separated codes or prefixes to report.")
@click.option("--ignore", metavar="CODES", help="Comma-separated codes or prefixes to drop.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@click.option("--now", metavar="DATETIME", help="The clock for date rules (ISO 8601).")
@click.option(
    "--options",
    "options_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A saved Conductrics transforms-options response: check sources, "
    "operators and features against the account's own lists.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Configuration file (default: nearest goalkeeper.toml or pyproject.toml).",
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--exclude", metavar="GLOBS", help="Comma-separated globs to skip in directories.")
@click.option(
    "--stdin-filename",
    default="-",
    metavar="NAME",
    help="The path to report (and match in the configuration) for '-'.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Processes to check with (default and 0: automatic, several only for many files).",
)
@click.option("--color/--no-color", default=None, help="Color the text report (default: auto).")
@click.option("--quiet", "-q", is_flag=True, help="Only diagnostics: no hints, no summary.")
@click.option("--statistics", is_flag=True, help="Count the diagnostics per code.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what is left.")
@click.option(
    "--diff", "show_diff", is_flag=True, help="Print the safe fixes as a diff; change nothing."
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Accept the findings recorded in FILE; report only new ones.",
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Record every finding in FILE (for --baseline) and exit 0.",
)
def check(
    paths: tuple[str, ...],
    kind: str | None,
    op: str | None,
    output_format: str,
    output: str | None,
    select: str | None,
    ignore: str | None,
    strict: bool,
    now: str | None,
    options_file: str | None,
    config_path: str | None,
    isolated: bool,
    exclude: str | None,
    stdin_filename: str,
    jobs: int | None,
    color: bool | None,
    quiet: bool,
    statistics: bool,
    fix: bool,
    show_diff: bool,
    baseline_path: str | None,
    write_baseline_path: str | None,
) -> None:
    """Check payload files (directories are searched for *.json and *.xml; '-' is stdin).

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage error.
    """
    from goalkeeper.checker import Checker
    from goalkeeper.reporters import render

    if not paths:
        raise _fail("give the files or directories to check, or '-' for standard input")
    _check_target(kind, op)
    config = _load_config(config_path, isolated)
    settings = build_settings(config, select, ignore, strict, now, options_file, exclude)
    files = list(expand_paths(paths, settings))
    baseline_file = write_baseline_path or baseline_path or config.baseline
    if baseline_file is not None:  # the baseline is goalkeeper's own file, not a payload
        name = os.path.basename(baseline_file)
        files = [
            f
            for f in files
            if os.path.basename(f[0]) != name or not _same_file(f[0], baseline_file)
        ]
    if not files:
        click.echo("goalkeeper: no .json or .xml files found in the given paths", err=True)
    if fix and show_diff:
        raise _fail("--fix and --diff exclude each other: --diff shows what --fix would do")
    baseline = _load_baseline(baseline_path or config.baseline, write_baseline_path, show_diff)
    checker = Checker(settings, fingerprints=bool(baseline or write_baseline_path))
    stdin = sys.stdin.buffer.read() if any(path == "-" for path, _ in files) else None
    report = run_check(checker, files, kind, op, stdin_filename, jobs, stdin)
    report_to_stderr = False
    if fix or show_diff:
        from goalkeeper.checker import Target
        from goalkeeper.fixes import fix_files

        def target(path: str, display: str) -> Target:
            return Target(stdin_filename if path == "-" else display, kind, op)

        fixing = fix_files(checker, report, files, target, write=fix, stdin=stdin)
        if show_diff:
            click.echo("".join(fixing.diffs), nl=False)
            count, changed = fixing.fixed, len(fixing.diffs)
            click.echo(
                f"goalkeeper: --fix would apply {count} fix{'es' if count != 1 else ''} "
                f"in {changed} file{'s' if changed != 1 else ''}",
                err=True,
            )
            sys.exit(1 if fixing.diffs else 0)
        report = fixing.report
        if fixing.stdout is not None:  # the fixed standard input goes to stdout
            sys.stdout.buffer.write(fixing.stdout)
            sys.stdout.flush()
            report_to_stderr = output is None
    if write_baseline_path is not None:
        from goalkeeper.baseline import write_baseline

        count = write_baseline(write_baseline_path, report)
        click.echo(
            f"goalkeeper: recorded {count} finding{'s' if count != 1 else ''} in "
            f"{write_baseline_path}",
            err=True,
        )
        sys.exit(2 if report.internal_error else 0)
    if baseline is not None:
        shown = [stdin_filename if path == "-" else display for path, display in files]
        report = baseline.apply(report, shown)

    if color is None:
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = render(
        report,
        output_format,
        color=bool(color) and output_format == "text",
        quiet=quiet,
        show_statistics=statistics,
        strict=settings.strict,
    )
    if output is not None:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise _fail(f"--output: cannot write {output}: {error.strerror}") from None
    else:
        click.echo(text, nl=False, color=bool(color), err=report_to_stderr)
    if report.internal_error:
        sys.exit(2)
    sys.exit(1 if report.failed(settings.strict) else 0)


def _same_file(path: str, other: str) -> bool:
    return path != "-" and os.path.realpath(path) == os.path.realpath(other)


def _load_baseline(path: str | None, writing: str | None, show_diff: bool) -> Baseline | None:
    """The baseline to apply, if any (writing a new one or showing a diff ignores it)."""
    if path is None or writing is not None or show_diff:
        return None
    from goalkeeper.baseline import Baseline, BaselineError

    try:
        return Baseline.load(path)
    except BaselineError as error:
        raise _fail(str(error)) from None


# -- reference commands ----------------------------------------------------------------


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
def rules(output_format: str) -> None:
    """List every rule: code, severity, name and title."""
    from goalkeeper import reference

    renderers = {
        "text": reference.render_rules_text,
        "json": reference.render_rules_json,
        "markdown": reference.render_rules_markdown,
    }
    click.echo(renderers[output_format](), nl=False)


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain one rule from its documentation (e.g. `goalkeeper explain CT108`)."""
    from goalkeeper import reference, registry

    declared = registry.rule_by_code(code.strip().upper())
    if declared is None:
        raise _fail(f"unknown rule code {code!r}; `goalkeeper rules` lists them")
    click.echo(reference.render_explain(declared), nl=False)


@main.command()
def kinds() -> None:
    """List the payload kinds, their operations, endpoints and detection signatures."""
    from goalkeeper import registry

    for kind in registry.KINDS:
        click.echo(f"{kind.name}  ({kind.format}; {', '.join(kind.ops)})")
        click.echo(f"    {kind.title}")
        for endpoint in kind.endpoints:
            click.echo(f"    {endpoint.method} {endpoint.path}")
        click.echo(f"    detected by: {kind.signature_text}")


@main.command()
@click.argument("kind")
@click.option("--op", metavar="OP", help="The operation's variant of the schema.")
def schema(kind: str, op: str | None) -> None:
    """Print a kind's schema (JSON Schema 2020-12 or XSD) for editors and other tools."""
    import json

    from goalkeeper import registry
    from goalkeeper.schema import load_schema_text, schema_for

    _check_target(kind, op)
    declared = registry.KINDS_BY_NAME[kind]
    if declared.format == "xml" or op is None:
        click.echo(load_schema_text(declared.schema), nl=False)
    else:
        click.echo(json.dumps(schema_for(declared.schema, op), indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
