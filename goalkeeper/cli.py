"""The command line: a thin layer that turns options into settings and calls the library.

Imports of the pipeline happen inside the commands, so ``--version`` and ``--help`` load
neither jsonschema nor lxml nor xmlschema.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import click

from goalkeeper import __version__

if TYPE_CHECKING:
    from goalkeeper.baseline import Baseline
    from goalkeeper.checker import Checker, Report
    from goalkeeper.config import Config, ConfigResolver, Overrides
    from goalkeeper.files import Found, SelectedFile
    from goalkeeper.globs import Glob
    from goalkeeper.parallel import Team
    from goalkeeper.settings import Settings


# Errors that mean the output cannot be written (full disk, quota, device errors).
_WRITE_ERRORS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EFBIG", "EIO", "EPIPE")
    if hasattr(errno, name)
)


class UsageFailure(click.UsageError):
    """A usage or configuration mistake (exit status 2)."""


def _fail(message: str) -> UsageFailure:
    return UsageFailure(message)


class ConfigurationFailure(click.ClickException):
    """A configuration file that cannot be used (exit status 2, no usage text: the command
    line is not what is wrong)."""

    exit_code = 2


def _config_fail(message: str) -> ConfigurationFailure:
    return ConfigurationFailure(message)


class _Main(click.Group):
    """The command group; an unexpected exception ends as a message and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a write that fails must fail here, not at exit
            return result
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # e.g. `goalkeeper rules | head`: the reader went away
            _silence_stdout()
            sys.exit(2)
        except OSError as error:
            if error.errno not in _WRITE_ERRORS:
                raise
            _silence_stdout()
            click.echo(f"goalkeeper: cannot write the output: {error.strerror}", err=True)
            sys.exit(2)
        except MemoryError:  # not a bug: every file's own check already turns it into GK003
            click.echo(
                "goalkeeper: out of memory; lower max-file-size or check fewer files at once",
                err=True,
            )
            sys.exit(2)
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

    goalkeeper knows Conductrics goal types and targeting rules, Infinity segments,
    segment orders and segment groups, Gainsight goals, templates, metrics, fetch, delete
    and picklist requests (JSON), and Pulse goals and goal rules (XML). Run `goalkeeper
    kinds` for the payload kinds and `goalkeeper rules` for every check.
    """


def run(prog_name: str | None = None) -> None:
    """The ``goalkeeper`` command: :func:`main`, then an exit without the interpreter's
    teardown, which frees every object of the run one by one (after 10,000 files that
    takes longer than reporting them). The output is flushed and exit handlers run first;
    an exception that escapes :func:`main` ends the usual way, with its traceback."""
    try:
        main(prog_name=prog_name)
        status = 0
    except SystemExit as done:
        status = _exit_status(done.code)
        # Kept to the end: its traceback holds the run's frames, whose objects would
        # otherwise be freed here, one by one.
        _ENDED.append(done)
    import atexit
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        # a reader that went away, a closed stream: nothing more can be said on it
        with contextlib.suppress(OSError, ValueError):
            stream.flush()

    atexit._run_exitfuncs()
    os._exit(status)


# How the command ended, kept until the process ends (see :func:`run`).
_ENDED: list[SystemExit] = []


def _exit_status(code: object) -> int:
    """What ``sys.exit(code)`` makes the exit status (a message is printed, status 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


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


def _codes(values: Sequence[str] | None) -> tuple[str, ...]:
    """Codes from repeated, comma-separated options: they add up (``--select CT --select GK``)."""
    return tuple(
        part.strip() for value in values or () for part in value.split(",") if part.strip()
    )


def _globs(values: Sequence[str], option: str) -> tuple[Glob, ...]:
    from goalkeeper.globs import Glob, GlobError

    globs = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            try:
                globs.append(Glob(part.strip()))
            except GlobError as error:
                raise _fail(f"{option}: {error}") from None
    return tuple(globs)


class _Run:
    """The configurations and checkers of one run: one per configuration file in use."""

    def __init__(
        self, resolver: ConfigResolver, overrides: Overrides, vendors: tuple[str, ...] = ()
    ) -> None:
        self._resolver = resolver
        self._overrides = overrides
        self._vendors = vendors
        # Whether diagnostics carry the digests a baseline needs (set before checking).
        self.fingerprints = False
        self._settings: dict[str | None, Settings] = {}
        self._checkers: dict[str | None, Checker] = {}
        self._by_directory: dict[str, Checker] = {}

    def _config(self, directory: str) -> Config:
        from goalkeeper.settings import SettingsError

        try:
            return self._resolver.for_directory(directory)
        except SettingsError as error:
            raise _config_fail(str(error)) from None

    def settings_for(self, directory: str) -> Settings:
        """The settings of the configuration that governs the files in ``directory``."""
        from goalkeeper.config import build_settings
        from goalkeeper.settings import SettingsError

        config = self._config(directory)
        settings = self._settings.get(config.path)
        if settings is None:
            try:
                settings = build_settings(config, self._overrides)._replace(vendors=self._vendors)
            except SettingsError as error:
                raise _config_fail(str(error)) from None
            self._settings[config.path] = settings
        return settings

    def checker_for(self, path: str) -> Checker:
        """The checker of the configuration that governs ``path``."""
        from goalkeeper.checker import Checker

        directory = os.path.dirname(path)
        checker = self._by_directory.get(directory)
        if checker is None:
            key = self._config(os.path.abspath(directory or ".")).path
            checker = self._checkers.get(key)
            if checker is None:
                checker = self._checkers[key] = Checker(
                    self.settings_for(directory or "."), fingerprints=self.fingerprints
                )
            self._by_directory[directory] = checker
        return checker


def _check_target(kind: str | None, op: str | None, kind_name: str = "--kind") -> None:
    from goalkeeper import registry

    if kind is not None and kind not in registry.KINDS_BY_NAME:
        raise _fail(
            f"{kind_name}: unknown kind {kind!r}; known kinds: " + ", ".join(registry.KINDS_BY_NAME)
        )
    if op is None:
        return
    ops = registry.KINDS_BY_NAME[kind].ops if kind else {o for k in registry.KINDS for o in k.ops}
    if op not in ops:
        where = kind or "any kind"
        raise _fail(f"--op: {where} has no operation {op!r}; choose from " + ", ".join(sorted(ops)))


def _vendors(values: Sequence[str], kind: str | None) -> tuple[str, ...]:
    """The --vendor names, checked: every vendor goalkeeper has a code prefix for."""
    from goalkeeper import registry

    names = tuple(dict.fromkeys(v.strip().lower() for value in values for v in value.split(",")))
    names = tuple(name for name in names if name)
    for name in names:
        if name not in registry.VENDOR_PREFIX:
            raise _fail(
                f"--vendor: unknown vendor {name!r}; choose from "
                + ", ".join(registry.VENDOR_PREFIX)
            )
    if names and kind is not None and registry.KINDS_BY_NAME[kind].vendor not in names:
        raise _fail(f"--kind {kind} is not a kind of --vendor {', '.join(names)}")
    return names


def run_check(
    run: _Run,
    files: Iterable[Found],
    kind: str | None,
    op: str | None,
    stdin_name: str,
    jobs: int | None = None,
    stdin: bytes | None = None,
    team: Team | None = None,
) -> tuple[list[SelectedFile], Report]:
    """Check every file, on several cores when there are enough of them (or ``jobs`` says),
    then the cross-file rules over the whole run; the files as listed, and the report."""
    from goalkeeper.run import check_listing

    return check_listing(run.checker_for, files, kind, op, stdin_name, jobs, stdin, team)


def _team(paths: Sequence[str], jobs: int | None) -> Team | None:
    """The processes a run may share its files among (forked only once the listing has
    found enough files): several cores, no standard input (it belongs to one process)."""
    from goalkeeper.parallel import Team, available_cores

    if jobs == 1 or "-" in paths or not hasattr(os, "fork"):
        return None
    size = jobs or min(available_cores(), 8)
    return Team(size) if size > 1 else None


def _use_color(color: bool | None, output: str | None) -> bool:
    """--color/--no-color, else NO_COLOR, else FORCE_COLOR, else whether stdout is a terminal."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return output is None
    return output is None and sys.stdout.isatty()


def _write_report(text: str, output: str | None, color: bool) -> None:
    """Write the report; a report that cannot be written is exit status 2 with a plain
    message, and a reader that went away (``| head``) is silence."""
    if output is not None:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            click.echo(
                f"goalkeeper: cannot write the report to {output}: {error.strerror or error}",
                err=True,
            )
            sys.exit(2)
        return
    try:
        if color or "\x1b" in text:  # click strips the colour codes a terminal cannot show
            click.echo(text, nl=False, color=color)
        else:  # nothing to strip: written as it is (a long report would be scanned for them)
            sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(2)
    except OSError as error:
        _silence_stdout()
        click.echo(f"goalkeeper: cannot write the report: {error.strerror or error}", err=True)
        sys.exit(2)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@main.command(short_help="Check payload files and directories ('-' is standard input).")
# No existence or permission check by click: a file that cannot be read is a located
# diagnostic (exit 1) and the other files are still checked.
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True, readable=False))
@click.option("--kind", metavar="KIND", help="Force the payload kind (see `goalkeeper kinds`).")
@click.option("--op", metavar="OP", help="Force the operation: create, update, … (else inferred).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "full", "json", "sarif", "github", "gitlab", "junit"]),
    default="text",
    show_default=True,
    help="Report format: text, full (text with the source lines), json, sarif, "
    "github (workflow commands), gitlab (Code Quality), junit.",
)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option(
    "--select",
    metavar="CODES",
    multiple=True,
    help="Codes or prefixes to report (comma-separated, repeatable; replaces the "
    "configuration's select). Default: ALL.",
)
@click.option(
    "--ignore", metavar="CODES", multiple=True, help="Codes or prefixes to drop (repeatable)."
)
@click.option(
    "--extend-select",
    metavar="CODES",
    multiple=True,
    help="Codes or prefixes to report on top of the configuration's select.",
)
@click.option(
    "--extend-ignore",
    metavar="CODES",
    multiple=True,
    help="Codes or prefixes to drop on top of the configuration's ignore.",
)
@click.option(
    "--strict/--no-strict",
    default=None,
    help="Warnings fail the check too (overrides the configuration either way).",
)
@click.option(
    "--exit-zero", is_flag=True, help="Exit 0 even when there are errors (the report is unchanged)."
)
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
    help="Configuration file for every file (default: the nearest goalkeeper.toml or "
    "pyproject.toml [tool.goalkeeper] above each file).",
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option(
    "--exclude",
    metavar="GLOBS",
    multiple=True,
    help="Gitignore-style globs to skip when walking directories (repeatable).",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the excludes (and .gitignore) to files named on the command line too.",
)
@click.option(
    "--skip-unknown",
    is_flag=True,
    help="Skip named files of no known payload kind, as a directory walk does (near misses "
    "are still reported): for pre-commit, which names every changed .json file.",
)
@click.option(
    "--vendor",
    "vendors",
    multiple=True,
    metavar="NAME",
    help="Only this vendor's kinds (conductrics, infinity, pulse, gainsight; repeatable or "
    "comma-separated): other vendors' payloads are left alone.",
)
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
@click.option(
    "--color/--no-color",
    default=None,
    help="Color the text report (default: when stdout is a terminal; NO_COLOR and "
    "FORCE_COLOR are respected).",
)
@click.option("--quiet", "-q", is_flag=True, help="Only diagnostics: no hints, no summary.")
@click.option("--statistics", is_flag=True, help="Count the diagnostics per code.")
@click.option(
    "--show-files",
    is_flag=True,
    help="List every file found, with its kind or why it was skipped.",
)
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
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    extend_ignore: tuple[str, ...],
    strict: bool | None,
    exit_zero: bool,
    now: str | None,
    options_file: str | None,
    config_path: str | None,
    isolated: bool,
    exclude: tuple[str, ...],
    force_exclude: bool,
    skip_unknown: bool,
    vendors: tuple[str, ...],
    stdin_filename: str,
    jobs: int | None,
    color: bool | None,
    quiet: bool,
    statistics: bool,
    show_files: bool,
    fix: bool,
    show_diff: bool,
    baseline_path: str | None,
    write_baseline_path: str | None,
) -> None:
    """Check payload files: named files always; directories are walked for *.json and
    *.xml, skipping default excludes, --exclude globs and what .gitignore ignores, and
    files of no known payload kind. '-' is standard input.

    Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage or
    configuration error, or a report that cannot be written.
    """
    from goalkeeper.config import ConfigResolver, Overrides
    from goalkeeper.files import FileSelector
    from goalkeeper.reporters import render
    from goalkeeper.settings import SettingsError

    if not paths:
        raise _fail("give the files or directories to check, or '-' for standard input")
    _check_target(kind, op)
    try:
        resolver = ConfigResolver(config_path, isolated)
    except SettingsError as error:
        raise _config_fail(str(error)) from None
    overrides = Overrides(
        select=_codes(select) if select else None,
        ignore=_codes(ignore),
        extend_select=_codes(extend_select),
        extend_ignore=_codes(extend_ignore),
        strict=strict,
        now=_parse_now(now),
        options=options_file,
    )
    if fix and show_diff:
        raise _fail("--fix and --diff exclude each other: --diff shows what --fix would do")
    run = _Run(resolver, overrides, _vendors(vendors, kind))
    settings = run.settings_for(".")
    configured = settings.baseline
    baseline = _load_baseline(baseline_path or configured, write_baseline_path, show_diff)
    run.fingerprints = bool(baseline or write_baseline_path)
    selector = FileSelector(run.settings_for, _globs(exclude, "--exclude"), force_exclude)
    baseline_file = write_baseline_path or baseline_path or configured

    def listing() -> Iterator[Found]:
        for found in selector.find(paths):
            if skip_unknown:  # named files are judged as if a walk had found them
                found = found._replace(file=found.file._replace(walked=True))
            # the baseline is goalkeeper's own file, not a payload
            if baseline_file is None or not _same_file(found.file.path, baseline_file):
                yield found

    team = _team(paths, jobs)  # its workers live within the check, however it ends
    stdin = None
    if (fix or show_diff) and "-" in paths:
        # --fix and --diff need the text twice; read it once, never past the size limit
        # (one byte more tells GK003 that it is over)
        stdin = sys.stdin.buffer.read(settings.max_file_size + 1)
    files, report = run_check(run, listing(), kind, op, stdin_filename, jobs, stdin, team)
    if not files:
        click.echo("goalkeeper: no .json or .xml files found in the given paths", err=True)
    report_to_stderr = False
    if fix or show_diff:
        from goalkeeper.checker import Target
        from goalkeeper.fixes import fix_files

        def target(path: str, display: str) -> Target:
            return Target(stdin_filename if path == "-" else display, kind, op)

        fixing = fix_files(
            lambda path: run.checker_for(stdin_filename if path == "-" else path),
            report,
            [(f.path, f.display) for f in files],
            target,
            write=fix,
            stdin=stdin,
        )
        if show_diff:
            _write_report("".join(fixing.diffs), None, False)
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

        try:
            count = write_baseline(write_baseline_path, report)
        except SettingsError as error:
            raise _fail(str(error)) from None
        click.echo(
            f"goalkeeper: recorded {count} finding{'s' if count != 1 else ''} in "
            f"{write_baseline_path}",
            err=True,
        )
        sys.exit(2 if report.internal_error else 0)
    if baseline is not None:
        shown = [stdin_filename if f.path == "-" else f.display for f in files]
        report = baseline.apply(report, shown)

    use_color = _use_color(color, output) and output_format in ("text", "full")
    text = render(
        report,
        output_format,
        color=use_color,
        quiet=quiet,
        show_statistics=statistics,
        strict=settings.strict,
        show_files=show_files,
        # Standard input's lines are gone: the full format must not read a file of that name.
        stdin_name=stdin_filename if "-" in paths else None,
    )
    if report_to_stderr:
        click.echo(text, nl=False, err=True)
    else:
        _write_report(text, output, use_color)
    if report.internal_error:
        sys.exit(2)
    sys.exit(0 if exit_zero else 1 if report.failed(settings.strict) else 0)


def _same_file(path: str, other: str) -> bool:
    if path == "-" or os.path.basename(path) != os.path.basename(other):
        return False
    return os.path.realpath(path) == os.path.realpath(other)


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


@main.command(short_help="List every rule: code, severity, name and title.")
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


@main.command(short_help="Explain one rule (e.g. `goalkeeper explain CT108`).")
@click.argument("code")
def explain(code: str) -> None:
    """Explain one rule from its documentation (e.g. `goalkeeper explain CT108`)."""
    from goalkeeper import reference, registry

    declared = registry.rule_by_code(code.strip().upper())
    if declared is None:
        raise _fail(f"unknown rule code {code!r}; `goalkeeper rules` lists them")
    click.echo(reference.render_explain(declared), nl=False)


@main.command(short_help="List the payload kinds and how each is recognised.")
def kinds() -> None:
    """List the payload kinds, their operations, endpoints and detection signatures."""
    from goalkeeper import registry

    for kind in registry.KINDS:
        click.echo(f"{kind.name}  ({kind.format}; {', '.join(kind.ops)})")
        click.echo(f"    {kind.title}")
        for endpoint in kind.endpoints:
            click.echo(f"    {endpoint.method} {endpoint.shown}")
        click.echo(f"    detected by: {kind.signature_text}")


@main.command(short_help="Print a kind's schema for editors and other tools.")
@click.argument("kind")
@click.option("--op", metavar="OP", help="The operation's variant of the schema.")
def schema(kind: str, op: str | None) -> None:
    """Print a kind's schema (JSON Schema 2020-12 or XSD) for editors and other tools.

    A JSON Schema holds only the constraints goalkeeper reports as errors (warning-level
    ones are kept under x-goalkeeper-warnings), so an editor marks exactly what
    `goalkeeper check` fails. With --op it is that operation's form, and says so.
    """
    import json

    from goalkeeper import registry
    from goalkeeper.schema import export_schema, export_xsd

    _check_target(kind, op, "KIND")
    declared = registry.KINDS_BY_NAME[kind]
    if declared.format == "xml":
        click.echo(export_xsd(declared.schema), nl=False)
    else:
        click.echo(json.dumps(export_schema(declared.schema, op, kind), indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
