"""Configuration: ``[tool.goalkeeper]`` in pyproject.toml, or goalkeeper.toml.

The nearest file upward from the working directory wins; in one directory goalkeeper.toml
comes before pyproject.toml, and a pyproject.toml without ``[tool.goalkeeper]`` is passed
over. Globs and paths are relative to the file's directory. Unknown keys and bad values
raise :class:`~goalkeeper.settings.SettingsError` naming the key (exit status 2).
"""

from __future__ import annotations

import os
import sys
from typing import Any, NamedTuple

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
    "strict",
    "max-file-size",
    "files",
    "per-file-ignores",
    "exclude",
    "conductrics",
    "baseline",
)
_FILE_KEYS = ("pattern", "kind", "op")
_CONDUCTRICS_KEYS = ("options",)


class FileEntry(NamedTuple):
    pattern: str
    kind: str | None
    op: str | None


class Config(NamedTuple):
    """The validated contents of a configuration file (or the defaults)."""

    path: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    strict: bool = False
    max_file_size: int | None = None
    files: tuple[FileEntry, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    conductrics_options: str | None = None
    baseline: str | None = None

    @property
    def base_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.getcwd()


def find_config(start: str) -> str | None:
    """The nearest goalkeeper.toml or pyproject.toml with [tool.goalkeeper]."""
    directory = os.path.abspath(start)
    while True:
        candidate = os.path.join(directory, "goalkeeper.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(candidate) and _has_section(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def _has_section(path: str) -> bool:
    try:
        text = _read_text(path)
    except (OSError, UnicodeDecodeError):
        return False
    if "goalkeeper" not in text:  # most pyproject.toml files: no need to parse them
        return False
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return isinstance(data.get("tool"), dict) and "goalkeeper" in data["tool"]


def load_config(path: str) -> Config:
    tomllib = _toml()
    try:
        data = tomllib.loads(_read_text(path))
    except OSError as error:
        raise SettingsError(f"{path}: cannot read the configuration: {error.strerror}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: the configuration is not UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: invalid TOML: {error}") from None
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("goalkeeper")
        prefix = "tool.goalkeeper."
        if table is None:
            raise SettingsError(f"{path}: has no [tool.goalkeeper] table")
    else:
        table = data
        prefix = ""
    return _parse(table, path, prefix)


def _where(path: str, prefix: str, key: str) -> str:
    return f"{path}: {prefix}{key}"


def _unknown(path: str, prefix: str, key: str, known: tuple[str, ...]) -> SettingsError:
    from difflib import get_close_matches

    close = get_close_matches(key, known, n=1)
    suggestion = f' (did you mean "{close[0]}"?)' if close else ""
    return SettingsError(
        f"{_where(path, prefix, key)}: unknown key{suggestion}; known keys: " + ", ".join(known)
    )


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
    if "ignore" in table:
        values["ignore"] = _string_list(table["ignore"], _where(path, prefix, "ignore"))
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
        values["per_file_ignores"] = tuple(
            (glob, _string_list(codes, f"{where}.{glob}")) for glob, codes in mapping.items()
        )
    if "exclude" in table:
        values["exclude"] = _string_list(table["exclude"], _where(path, prefix, "exclude"))
    if "baseline" in table:
        if not isinstance(table["baseline"], str) or not table["baseline"].strip():
            raise SettingsError(f"{_where(path, prefix, 'baseline')}: expected a path")
        values["baseline"] = os.path.join(os.path.dirname(os.path.abspath(path)), table["baseline"])
    if "conductrics" in table:
        section = table["conductrics"]
        where = _where(path, prefix, "conductrics")
        if not isinstance(section, dict):
            raise SettingsError(f"{where}: expected a table")
        for key in section:
            if key not in _CONDUCTRICS_KEYS:
                raise _unknown(path, prefix + "conductrics.", key, _CONDUCTRICS_KEYS)
        if "options" in section:
            if not isinstance(section["options"], str):
                raise SettingsError(f"{where}.options: expected a path")
            values["conductrics_options"] = os.path.join(
                os.path.dirname(os.path.abspath(path)), section["options"]
            )
    return Config(**values)


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
                from difflib import get_close_matches

                close = get_close_matches(key, _FILE_KEYS, n=1)
                suggestion = f' (did you mean "{close[0]}"?)' if close else ""
                raise SettingsError(
                    f"{here}.{key}: unknown key{suggestion}; known keys: " + ", ".join(_FILE_KEYS)
                )
        pattern, kind, op = entry.get("pattern"), entry.get("kind"), entry.get("op")
        if not isinstance(pattern, str) or not pattern:
            raise SettingsError(f'{here}.pattern: expected a glob such as "goals/**/*.json"')
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
