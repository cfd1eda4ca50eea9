"""The resolved settings of one run, and the select/ignore decision engine."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from goalkeeper.globs import Glob
from goalkeeper.load.text import DEFAULT_MAX_FILE_SIZE

ALL = "ALL"


class SettingsError(ValueError):
    """A usage or configuration mistake: the CLI reports it and exits with status 2."""


def check_codes(
    codes: Iterable[str], known: Iterable[str] | Callable[[str], bool], where: str
) -> tuple[str, ...]:
    """Validate code prefixes (``PU``, ``PU2``, ``PU214``, ``ALL``) against the rules.

    ``known`` is the rule codes, or a function that tells whether any rule code starts
    with a prefix (:func:`goalkeeper.registry.is_code_prefix`, which loads only the rules
    of the vendors the prefix can name).
    """
    matches = known if callable(known) else _prefix_test(tuple(known))
    result = []
    for raw in codes:
        code = raw.strip().upper()
        if not code:
            continue
        if code == ALL:
            result.append(code)
            continue
        if not matches(code):
            raise SettingsError(f"{where}: {raw!r} matches no rule code (see `goalkeeper rules`)")
        result.append(code)
    return tuple(result)


def _prefix_test(known: tuple[str, ...]) -> Callable[[str], bool]:
    return lambda prefix: any(code.startswith(prefix) for code in known)


class Selection(NamedTuple):
    """Which codes are reported: the longest matching prefix decides (ruff's model).

    ``PU`` < ``PU2`` < ``PU214``: ``--select PU --ignore PU2`` drops PU2xx but keeps
    PU1xx; adding ``--select PU214`` brings that one back. On a tie, ignore wins.
    """

    select: tuple[str, ...] = (ALL,)
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str) -> bool:
        best_select = max((_length(p) for p in self.select if _covers(p, code)), default=-1)
        best_ignore = max((_length(p) for p in self.ignore if _covers(p, code)), default=-1)
        return best_select > best_ignore


def _covers(prefix: str, code: str) -> bool:
    return prefix == ALL or code.startswith(prefix)


def _length(prefix: str) -> int:
    return 0 if prefix == ALL else len(prefix)


def _relative_path(path: str, base: str) -> str:
    try:
        relative = os.path.relpath(os.path.abspath(path), base)
    except ValueError:  # another drive on Windows
        relative = path
    return relative.replace(os.sep, "/")


@functools.lru_cache(maxsize=4096)
def _relative_folder(directory: str, base: str, cwd: str) -> str:
    """``directory`` relative to ``base`` with a trailing slash ('' for ``base`` itself);
    ``cwd`` (empty for an absolute ``directory``) is part of the key because a relative
    ``directory`` is read against it."""
    relative = _relative_path(directory, base)
    return "" if relative == "." else relative + "/"


class FileMapping(NamedTuple):
    """A ``files`` entry of the configuration: files matching ``glob`` are this kind/op."""

    glob: Glob
    kind: str | None
    op: str | None


class Settings(NamedTuple):
    """Everything one run is told; ``base_dir`` (where globs are rooted) defaults to the
    working directory."""

    selection: Selection = Selection()
    strict: bool = False
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    mappings: tuple[FileMapping, ...] = ()
    per_file_ignores: tuple[tuple[Glob, tuple[str, ...]], ...] = ()
    exclude: tuple[Glob, ...] = ()
    base_dir: str | None = None
    now: datetime | None = None
    vendor_options: Mapping[str, Any] = {}
    engine: str = "jsonschema_rs"
    # Which files a directory walk picks up (gitignore-style globs).
    include: tuple[Glob, ...] = (Glob("*.json"), Glob("*.xml"))
    respect_gitignore: bool = True
    # Who reads the hints: "cli" (flags such as --op update) or "library" (op="update").
    caller: str = "cli"
    # Only these vendors' kinds are detected and checked (empty: every vendor); a payload
    # of another vendor is not this run's to judge and has no diagnostics.
    vendors: tuple[str, ...] = ()
    # The baseline file the configuration names (SPEC §5.3), if any.
    baseline: str | None = None

    def relative(self, path: str) -> str:
        """A path relative to the configuration's directory, with forward slashes."""
        base = self.base_dir
        if base and path.startswith(base) and path[len(base) : len(base) + 1] == os.sep:
            return path[len(base) + 1 :].replace(os.sep, "/")  # the common, cheap case
        # Files of one directory share its relative form: worked out once per directory
        # (and working directory, which a relative path depends on).
        directory, sep, name = path.rpartition(os.sep)
        if not sep or not name:
            return _relative_path(path, base or os.getcwd())
        cwd = "" if os.path.isabs(directory or os.sep) else os.getcwd()
        folder = _relative_folder(directory or os.sep, base or os.getcwd(), cwd)
        return folder + name

    def mapping_for(self, path: str | None) -> FileMapping | None:
        if path is None or not self.mappings:
            return None
        return self.mapping_of(self.relative(path))

    def mapping_of(self, relative: str) -> FileMapping | None:
        """The ``files`` entry for a path already made relative (:meth:`relative`)."""
        for mapping in self.mappings:
            if mapping.glob.matches(relative):
                return mapping
        return None

    def ignored_for(self, path: str | None) -> tuple[str, ...]:
        if path is None or not self.per_file_ignores:
            return ()
        relative = self.relative(path)
        return tuple(
            code
            for glob, codes in self.per_file_ignores
            if glob.matches(relative)
            for code in codes
        )

    def excluded(self, path: str, is_dir: bool = False, exactly: bool = False) -> bool:
        """Whether the configuration's ``exclude`` names the path (``exactly``: the path
        itself, its folders being already checked), relative to the configuration."""
        if not self.exclude:
            return False
        relative = self.relative(path)
        if relative.startswith("../"):
            return False
        if exactly:
            return any(glob.matches_exactly(relative, is_dir) for glob in self.exclude)
        return any(glob.matches(relative, is_dir) for glob in self.exclude)

    def included(self, path: str) -> bool:
        """Whether a file found by walking a directory is one to check."""
        name = path.rsplit(os.sep, 1)[-1]
        if all(not glob.anchored for glob in self.include):
            return any(glob.matches_exactly(name) for glob in self.include)
        relative = self.relative(path)
        return any(glob.matches_exactly(relative) for glob in self.include)
