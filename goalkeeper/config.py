"""Configuration: ``[tool.goalkeeper]`` in pyproject.toml, or goalkeeper.toml.

Each checked file is governed by the nearest configuration file above it, else by the
working directory's; in one directory goalkeeper.toml comes before pyproject.toml, and a
pyproject.toml without ``[tool.goalkeeper]`` is passed over. Globs and paths are relative
to the file's directory. Invalid TOML, unknown keys and bad values raise
:class:`~goalkeeper.settings.SettingsError` naming the file and the key (exit status 2).
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any, NamedTuple, cast

from goalkeeper.globs import Glob, GlobError
from goalkeeper.settings import SettingsError


def _toml() -> Any:
    """The TOML parser, imported only when there is a configuration file to read."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


KEYS = (
    "select",
    "ignore",
    "extend-select",
    "extend-ignore",
    "strict",
    "max-file-size",
    "files",
    "per-file-ignores",
    "include",
    "exclude",
    "respect-gitignore",
    "conductrics",
    "baseline",
    "infinity",
)
_FILE_KEYS = ("pattern", "kind", "op")
_CONDUCTRICS_KEYS = ("options",)
_INFINITY_KEYS = ("igrp",)


class FileEntry(NamedTuple):
    pattern: str
    kind: str | None
    op: str | None


class Config(NamedTuple):
    """The validated contents of a configuration file (or the defaults)."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    strict: bool = False
    max_file_size: int | None = None
    files: tuple[FileEntry, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = True
    conductrics_options: str | None = None
    baseline: str | None = None
    # [infinity] igrp: (glob, IGRP) pairs that group files for the cross-file checks.
    infinity_igrp: tuple[tuple[str, int], ...] = ()

    @property
    def base_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.getcwd()


def find_config(start: str) -> str | None:
    """The nearest goalkeeper.toml or pyproject.toml with [tool.goalkeeper]."""
    directory = os.path.abspath(start)
    while True:
        candidate = _config_in(directory)
        if candidate is not None:
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _has_section(path: str) -> bool:
    """Whether a pyproject.toml has a [tool.goalkeeper] table.

    A file that mentions goalkeeper but is not valid TOML is a configuration error, never
    passed over: the user meant it to configure goalkeeper.
    """
    try:
        text = _read_text(path)
    except (OSError, UnicodeDecodeError):
        return False
    if "goalkeeper" not in text:  # most pyproject.toml files: no need to parse them
        return False
    if not _TOOL_TABLE.search(text):
        try:  # a mention elsewhere (a dependency): only a parsed table counts
            data = _toml().loads(text)
        except _toml().TOMLDecodeError:
            return False
    else:
        data = _parse_toml(text, path)
    tool = data.get("tool")
    return isinstance(tool, dict) and "goalkeeper" in tool


# [tool.goalkeeper], [tool.goalkeeper.x] or a dotted key tool.goalkeeper... in any spacing.
_TOOL_TABLE = re.compile(r"""(?m)^\s*\[*\s*["']?tool["']?\s*\.\s*["']?goalkeeper\b""")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def _parse_toml(text: str, path: str) -> dict[str, Any]:
    """Parse TOML; an error names the file, the line and the column."""
    tomllib = _toml()
    try:
        return cast("dict[str, Any]", tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        if found:
            line, column = int(found.group(1)), int(found.group(2))
            message = message[: found.start()]
        else:
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            column = len(text.rstrip("\n").rsplit("\n", 1)[-1]) + 1
            message = _TOML_END.sub("", message)
        message = message[:1].lower() + message[1:]
        raise SettingsError(f"{path}:{line}:{column}: invalid TOML: {message}") from None


def load_config(path: str) -> Config:
    try:
        text = _read_text(path)
    except OSError as error:
        raise SettingsError(f"{path}: cannot read the configuration: {error.strerror}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: the configuration is not UTF-8") from None
    data = _parse_toml(text, path)
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        table = tool.get("goalkeeper") if isinstance(tool, dict) else None
        prefix = "tool.goalkeeper."
        if table is None:
            raise SettingsError(f"{path}: has no [tool.goalkeeper] table")
    else:
        table = data
        prefix = ""
        tool = data.get("tool")
        if isinstance(tool, dict) and "goalkeeper" in tool:
            raise SettingsError(
                f"{path}: tool.goalkeeper: in goalkeeper.toml the keys go at the top level, "
                "without a [tool.goalkeeper] table (that table belongs in pyproject.toml)"
            )
    return _parse(table, path, prefix)


def _where(path: str, prefix: str, key: str) -> str:
    return f"{path}: {prefix}{key}"


def _unknown(path: str, prefix: str, key: str, known: tuple[str, ...]) -> SettingsError:
    return _unknown_at(_where(path, prefix, key), key, known)


def _unknown_at(location: str, key: str, known: tuple[str, ...]) -> SettingsError:
    """An unknown key at ``location`` (file and dotted key), with the closest known one."""
    from difflib import get_close_matches

    close = get_close_matches(key, known, n=1)
    suggestion = f' (did you mean "{close[0]}"?)' if close else ""
    return SettingsError(f"{location}: unknown key{suggestion}; known keys: " + ", ".join(known))


def _string_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SettingsError(f"{where}: expected a list of strings")
    return tuple(item.strip() for item in value if item.strip())


def _parse(table: Any, path: str, prefix: str) -> Config:
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: {prefix.rstrip('.') or 'the file'} must be a table")
    for key in table:
        if key not in KEYS:
            raise _unknown(path, prefix, key, KEYS)
    values: dict[str, Any] = {"path": path}
    if "select" in table:
        values["select"] = _string_list(table["select"], _where(path, prefix, "select"))
    for key in ("ignore", "extend-select", "extend-ignore"):
        if key in table:
            values[key.replace("-", "_")] = _string_list(table[key], _where(path, prefix, key))
    if "respect-gitignore" in table:
        if not isinstance(table["respect-gitignore"], bool):
            raise SettingsError(
                f"{_where(path, prefix, 'respect-gitignore')}: expected true or false"
            )
        values["respect_gitignore"] = table["respect-gitignore"]
    if "strict" in table:
        if not isinstance(table["strict"], bool):
            raise SettingsError(f"{_where(path, prefix, 'strict')}: expected true or false")
        values["strict"] = table["strict"]
    if "max-file-size" in table:
        size = table["max-file-size"]
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise SettingsError(
                f"{_where(path, prefix, 'max-file-size')}: expected a positive number of bytes"
            )
        values["max_file_size"] = size
    if "files" in table:
        values["files"] = _parse_files(table["files"], _where(path, prefix, "files"))
    if "per-file-ignores" in table:
        where = _where(path, prefix, "per-file-ignores")
        mapping = table["per-file-ignores"]
        if not isinstance(mapping, dict):
            raise SettingsError(f"{where}: expected a table of glob = [codes]")
        for glob in mapping:
            check_glob(glob, f"{where}.{glob}")
        values["per_file_ignores"] = tuple(
            (glob, _string_list(codes, f"{where}.{glob}")) for glob, codes in mapping.items()
        )
    for key in ("exclude", "include"):
        if key in table:
            where = _where(path, prefix, key)
            values[key] = _string_list(table[key], where)
            for glob in values[key]:
                check_glob(glob, where)
    if "baseline" in table:
        if not isinstance(table["baseline"], str) or not table["baseline"].strip():
            raise SettingsError(f"{_where(path, prefix, 'baseline')}: expected a path")
        values["baseline"] = os.path.join(os.path.dirname(os.path.abspath(path)), table["baseline"])
    if "conductrics" in table:
        section, where = _vendor_section(table, "conductrics", _CONDUCTRICS_KEYS, path, prefix)
        if "options" in section:
            if not isinstance(section["options"], str):
                raise SettingsError(f"{where}.options: expected a path")
            values["conductrics_options"] = os.path.join(
                os.path.dirname(os.path.abspath(path)), section["options"]
            )
    if "infinity" in table:
        values["infinity_igrp"] = _parse_infinity(table, path, prefix)
    return Config(**values)


def _vendor_section(
    table: dict[str, Any], vendor: str, known: tuple[str, ...], path: str, prefix: str
) -> tuple[dict[str, Any], str]:
    """A vendor's table (``[tool.goalkeeper.<vendor>]``) once its keys are known ones, and
    where it was given, for messages."""
    section = table[vendor]
    where = _where(path, prefix, vendor)
    if not isinstance(section, dict):
        raise SettingsError(f"{where}: expected a table")
    for key in section:
        if key not in known:
            raise _unknown(path, prefix + vendor + ".", key, known)
    return section, where


def _parse_infinity(table: dict[str, Any], path: str, prefix: str) -> tuple[tuple[str, int], ...]:
    section, where = _vendor_section(table, "infinity", _INFINITY_KEYS, path, prefix)
    groups = section.get("igrp", {})
    if not isinstance(groups, dict):
        raise SettingsError(f'{where}.igrp: expected a table of "glob" = IGRP number')
    parsed = []
    for glob, igrp in groups.items():
        if not isinstance(igrp, int) or isinstance(igrp, bool) or igrp < 0:
            raise SettingsError(
                f"{where}.igrp.{glob}: expected the IGRP (installation ID) as a whole number, "
                f"not {igrp!r}"
            )
        check_glob(glob, f"{where}.igrp.{glob}")
        parsed.append((glob, igrp))
    return tuple(parsed)


def check_glob(pattern: str, where: str) -> Glob:
    """The compiled glob, or a SettingsError naming where it was given."""
    try:
        return Glob(pattern)
    except GlobError as error:
        raise SettingsError(f"{where}: {error}") from None


def _parse_files(entries: Any, where: str) -> tuple[FileEntry, ...]:
    from goalkeeper import registry

    if not isinstance(entries, list):
        raise SettingsError(f"{where}: expected an array of tables ({{pattern, kind, op}})")
    parsed = []
    for index, entry in enumerate(entries):
        here = f"{where}[{index}]"
        if not isinstance(entry, dict):
            raise SettingsError(f"{here}: expected a table with pattern, kind and/or op")
        for key in entry:
            if key not in _FILE_KEYS:
                raise _unknown_at(f"{here}.{key}", key, _FILE_KEYS)
        pattern, kind, op = entry.get("pattern"), entry.get("kind"), entry.get("op")
        if not isinstance(pattern, str) or not pattern:
            raise SettingsError(f'{here}.pattern: expected a glob such as "goals/**/*.json"')
        check_glob(pattern, f"{here}.pattern")
        if kind is None and op is None:
            raise SettingsError(f"{here}: give a kind, an op, or both")
        if kind is not None and kind not in registry.KINDS_BY_NAME:
            raise SettingsError(
                f"{here}.kind: unknown kind {kind!r}; known kinds: "
                + ", ".join(registry.KINDS_BY_NAME)
            )
        if op is not None and not isinstance(op, str):
            raise SettingsError(f"{here}.op: expected a string")
        if kind is not None and op is not None and op not in registry.KINDS_BY_NAME[kind].ops:
            raise SettingsError(
                f"{here}.op: {kind} has no operation {op!r}; it takes "
                + ", ".join(registry.KINDS_BY_NAME[kind].ops)
            )
        if kind is None and op is not None:
            all_ops = {o for k in registry.KINDS for o in k.ops}
            if op not in all_ops:
                raise SettingsError(
                    f"{here}.op: unknown operation {op!r}; known: " + ", ".join(sorted(all_ops))
                )
        parsed.append(FileEntry(pattern, kind, op))
    return tuple(parsed)


class Overrides(NamedTuple):
    """What the command line says on top of the configuration files."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    strict: bool | None = None
    now: Any = None
    options: str | None = None
    caller: str = "cli"


class ConfigResolver:
    """The configuration of each checked file: the nearest one above it, else the working
    directory's (``--config`` names one for every file, ``--isolated`` none at all)."""

    def __init__(self, explicit: str | None = None, isolated: bool = False) -> None:
        self._fixed: Config | None = None
        if explicit is not None:
            self._fixed = load_config(explicit)
        elif isolated:
            self._fixed = Config()
        self._found: dict[str, str | None] = {}
        self._loaded: dict[str | None, Config] = {None: Config()}
        self._default: Config | None = None

    def _nearest(self, directory: str) -> str | None:
        visited = []
        found: str | None = None
        while True:
            if directory in self._found:
                found = self._found[directory]
                break
            visited.append(directory)
            candidate = _config_in(directory)
            if candidate is not None:
                found = candidate
                break
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
        for seen in visited:
            self._found[seen] = found
        return found

    def _load(self, path: str | None) -> Config:
        config = self._loaded.get(path)
        if config is None:
            assert path is not None
            config = self._loaded[path] = load_config(path)
        return config

    def default(self) -> Config:
        """The working directory's configuration."""
        if self._fixed is not None:
            return self._fixed
        if self._default is None:
            self._default = self._load(self._nearest(os.path.abspath(os.getcwd())))
        return self._default

    def for_directory(self, directory: str) -> Config:
        """The configuration that governs the files in ``directory``."""
        if self._fixed is not None:
            return self._fixed
        found = self._nearest(os.path.abspath(directory))
        return self._load(found) if found is not None else self.default()


def _config_in(directory: str) -> str | None:
    candidate = os.path.join(directory, "goalkeeper.toml")
    if os.path.isfile(candidate):
        return candidate
    candidate = os.path.join(directory, "pyproject.toml")
    if os.path.isfile(candidate) and _has_section(candidate):
        return candidate
    return None


def _codes_from(config: Config, key: str, codes: tuple[str, ...], known: Any) -> tuple[str, ...]:
    from goalkeeper.settings import check_codes

    prefix = "tool.goalkeeper." if os.path.basename(config.path or "") == "pyproject.toml" else ""
    where = f"{config.path}: {prefix}{key}" if config.path else key
    return check_codes(codes, known, where)


def build_settings(config: Config, overrides: Overrides) -> Any:
    """The settings for files governed by ``config``, with the command line on top.

    ``--select`` replaces the configured ``select``; ``--ignore``, ``--extend-select`` and
    ``--extend-ignore`` add to it. Every value names where it came from when it is wrong.
    """
    from goalkeeper import registry
    from goalkeeper.settings import (
        FileMapping,
        Selection,
        Settings,
        check_codes,
    )

    known = registry.is_code_prefix
    if overrides.select is not None:
        selected = check_codes(overrides.select, known, "--select")
    elif config.select is not None:
        selected = _codes_from(config, "select", config.select, known)
    else:
        selected = ("ALL",)
    selected += _codes_from(config, "extend-select", config.extend_select, known)
    selected += check_codes(overrides.extend_select, known, "--extend-select")
    ignored = (
        _codes_from(config, "ignore", config.ignore, known)
        + _codes_from(config, "extend-ignore", config.extend_ignore, known)
        + check_codes(overrides.ignore, known, "--ignore")
        + check_codes(overrides.extend_ignore, known, "--extend-ignore")
    )
    per_file = tuple(
        (Glob(glob), _codes_from(config, f"per-file-ignores.{glob}", codes, known))
        for glob, codes in config.per_file_ignores
    )
    vendor_options: dict[str, Any] = {}
    if overrides.options is not None:
        vendor_options["conductrics"] = _options(overrides.options, "--options")
    elif config.conductrics_options is not None:
        prefix = (
            "tool.goalkeeper." if os.path.basename(config.path or "") == "pyproject.toml" else ""
        )
        vendor_options["conductrics"] = _options(
            config.conductrics_options, f"{config.path}: {prefix}conductrics.options"
        )
    if config.infinity_igrp:
        vendor_options["infinity"] = tuple(
            (Glob(glob), igrp) for glob, igrp in config.infinity_igrp
        )
    include = config.include if config.include is not None else DEFAULT_INCLUDE
    return Settings(
        selection=Selection(selected, ignored),
        strict=config.strict if overrides.strict is None else overrides.strict,
        max_file_size=config.max_file_size or Settings().max_file_size,
        mappings=tuple(FileMapping(Glob(e.pattern), e.kind, e.op) for e in config.files),
        per_file_ignores=per_file,
        exclude=tuple(Glob(p) for p in config.exclude),
        include=tuple(Glob(p) for p in include),
        respect_gitignore=config.respect_gitignore,
        base_dir=config.base_dir,
        now=overrides.now,
        vendor_options=vendor_options,
        caller=overrides.caller,
        baseline=config.baseline,
    )


DEFAULT_INCLUDE = ("*.json", "*.xml")

_options_cache: dict[str, Any] = {}


def _options(path: str, where: str) -> Any:
    from goalkeeper.validators.conductrics.options import OptionsError, load_options

    if path not in _options_cache:
        try:
            _options_cache[path] = load_options(path)
        except OptionsError as error:
            raise SettingsError(f"{where}: {error}") from None
    return _options_cache[path]
