"""Which files a run checks (SPEC §5.1).

* A file named on the command line is always checked (``--force-exclude`` applies the
  excludes to it too); ``-`` is standard input.
* A directory is walked for the configuration's ``include`` globs (``*.json`` and
  ``*.xml`` by default), skipping the default excludes, the configured and ``--exclude``
  globs, and what ``.gitignore`` files ignore (``respect-gitignore``).
* Every file is checked once, however many arguments name it (``./x`` and ``x``, a
  directory and a file inside it, symbolic links): files are told apart by real path.

The configuration of each directory is the nearest one above it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from goalkeeper.globs import Glob, parse_gitignore

if TYPE_CHECKING:
    from goalkeeper.settings import Settings

# Never walked into: version control, dependencies, virtual environments, build output
# and tool caches (as ruff does).
DEFAULT_EXCLUDES: tuple[Glob, ...] = tuple(
    Glob(pattern)
    for pattern in (
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        "build",
        "dist",
        "site-packages",
        "*.egg-info",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
    )
)


_DEFAULT_NAMES = frozenset(g.pattern for g in DEFAULT_EXCLUDES if "*" not in g.pattern)


class SelectedFile(NamedTuple):
    """A file to check: where to read it, how to show it, and whether a walk found it."""

    path: str
    display: str
    walked: bool
    # Why a directory met by a walk could not be read (it is reported, not checked).
    unreadable: str | None = None
    # Whether the walk saw a regular file (not a link): it is opened without a first look.
    regular: bool = False


class Found(NamedTuple):
    """A file met while listing, before the files are put in order (see :func:`in_order`)."""

    number: int  # which path given
    key: str  # the file's place within that path: its path when a walk found it
    real: str | None  # the real path, which tells a file met twice (None: never twice)
    file: SelectedFile


def in_order(numbers: Sequence[int], keys: Sequence[str], reals: Sequence[str | None]) -> list[int]:
    """The positions of the files to check, in the order of the report, given each file's
    :class:`Found` fields as met: the paths as given, each directory's files in the order
    of their paths, and each file once (where it comes first, by real path)."""
    # one path given (paths are listed one after the other): compare paths only
    if numbers and numbers[0] == numbers[-1]:
        ordered = sorted(range(len(keys)), key=keys.__getitem__)
    else:
        ordered = sorted(range(len(keys)), key=list(zip(numbers, keys, strict=True)).__getitem__)
    known = [real for real in reals if real is not None]
    if len(set(known)) == len(known):  # the common case: no file met twice
        return ordered
    seen: set[str] = set()
    kept = []
    for index in ordered:
        real = reals[index]
        if real is not None:
            if real in seen:
                continue
            seen.add(real)
        kept.append(index)
    return kept


class _Ignore(NamedTuple):
    """The patterns of one ``.gitignore`` and the directory they are relative to.

    ``any_match`` answers for a file whose patterns negate nothing (the common case) with
    one regular expression per shape of pattern instead of one call per pattern; it is
    None when a ``!`` pattern makes the order matter.
    """

    base: str
    patterns: tuple[Glob, ...]
    any_match: Callable[[str, bool], bool] | None = None


def _any_match(patterns: tuple[Glob, ...]) -> Callable[[str, bool], bool] | None:
    """One test for patterns without negation: does any of them name the path itself?"""
    if any(glob.negated for glob in patterns):
        return None

    def combined(globs: list[Glob]) -> Callable[[str], object] | None:
        if not globs:
            return None
        return re.compile("|".join(f"(?:{glob.regex.pattern})" for glob in globs)).match

    def split(directory_only: bool) -> tuple[Callable[[str], object] | None, ...]:
        chosen = [g for g in patterns if g.directory_only == directory_only]
        return (
            combined([g for g in chosen if g.anchored]),
            combined([g for g in chosen if not g.anchored]),
        )

    any_anchored, any_name = split(False)
    dir_anchored, dir_name = split(True)

    def any_match(relative: str, is_dir: bool) -> bool:
        name = relative.rsplit("/", 1)[-1]
        if any_anchored is not None and any_anchored(relative):
            return True
        if any_name is not None and any_name(name):
            return True
        if not is_dir:
            return False
        return bool(
            (dir_anchored is not None and dir_anchored(relative))
            or (dir_name is not None and dir_name(name))
        )

    return any_match


def _relative(path: str, base: str) -> str:
    inside = _under(path, base)
    return inside if inside is not None else os.path.relpath(path, base).replace(os.sep, "/")


def _read_gitignore(directory: str) -> _Ignore | None:
    path = os.path.join(directory, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            patterns = parse_gitignore(handle.read())
    except OSError:
        return None
    return _Ignore(directory, patterns, _any_match(patterns)) if patterns else None


def _gitignored(path: str, is_dir: bool, stack: Sequence[_Ignore]) -> bool:
    """Git's answer for ``path``, under the ``.gitignore`` files of ``stack`` (each in a
    folder above it, outer ones first)."""
    directory, _sep, name = path.rpartition(os.sep)
    return _entry_test(directory, stack)(name, is_dir)


def _entry_test(directory: str, stack: Sequence[_Ignore]) -> Callable[[str, bool], bool]:
    """Git's answer for the entries of ``directory``: the last matching pattern decides,
    deeper files after outer ones (its place relative to each ``.gitignore`` of the stack
    is worked out once)."""
    placed = [
        ("" if directory == ignore.base else _relative(directory, ignore.base) + "/", ignore)
        for ignore in stack
    ]

    def ignored(name: str, is_dir: bool) -> bool:
        result = False
        for prefix, ignore in placed:
            relative = prefix + name
            if ignore.any_match is not None:
                result = result or ignore.any_match(relative, is_dir)
                continue
            for pattern in ignore.patterns:
                if pattern.matches_exactly(relative, is_dir):
                    result = not pattern.negated
        return result

    return ignored


def _file_test(directory: str, stack: Sequence[_Ignore]) -> Callable[[str], bool]:
    """:func:`_entry_test` for a file, by its name. In the common case, where no pattern
    is negated and every pattern that can name a file names it by its name alone
    (``*.pyc``, not ``docs/*.pyc``), one regular expression answers."""
    if all(ignore.any_match is not None for ignore in stack) and not any(
        glob.anchored and not glob.directory_only for ignore in stack for glob in ignore.patterns
    ):
        names = [
            glob.regex.pattern
            for ignore in stack
            for glob in ignore.patterns
            if not glob.directory_only
        ]
        if not names:
            return lambda _name: False
        match = re.compile("|".join(f"(?:{pattern})" for pattern in names)).match
        return lambda name: match(name) is not None
    entry = _entry_test(directory, stack)
    return lambda name: entry(name, False)


def _outer_gitignores(directory: str) -> list[_Ignore]:
    """The .gitignore files above a walked directory, up to its repository's root."""
    found: list[_Ignore] = []
    current = os.path.dirname(directory)
    if os.path.exists(os.path.join(directory, ".git")):  # a directory, or a worktree's file
        return found
    while True:
        ignore = _read_gitignore(current)
        if ignore is not None:
            found.append(ignore)
        if os.path.exists(os.path.join(current, ".git")):
            found.reverse()
            return found
        parent = os.path.dirname(current)
        if parent == current:
            return []  # not inside a repository: outer .gitignore files do not apply
        current = parent


class FileSelector:
    """Expands command-line paths into the files to check, in a stable order."""

    def __init__(
        self,
        settings_for: Callable[[str], Settings],
        exclude: Sequence[Glob] = (),
        force_exclude: bool = False,
        cwd: str | None = None,
    ) -> None:
        self._settings_for = settings_for
        self._exclude = tuple(exclude)
        self._force_exclude = force_exclude
        self._cwd = cwd or os.getcwd()
        self._includes: dict[int, Callable[[str, str], bool]] = {}
        self._name_matches: dict[int, Callable[[str], object] | None] = {}

    def excluded(self, path: str, is_dir: bool) -> bool:
        """Default excludes, ``--exclude`` (relative to the working directory) and the
        configuration's ``exclude`` (relative to its file)."""
        name = os.path.basename(path)
        if any(glob.matches_exactly(name, is_dir) for glob in DEFAULT_EXCLUDES):
            return True
        if self._exclude:
            relative = _relative(os.path.abspath(path), self._cwd)
            if not relative.startswith("../") and any(
                glob.matches(relative, is_dir) for glob in self._exclude
            ):
                return True
        directory = os.path.dirname(os.path.abspath(path))
        return self._settings_for(directory).excluded(path, is_dir)

    def select(self, paths: Sequence[str]) -> list[SelectedFile]:
        """The files to check, in the order of the report (:func:`in_order`)."""
        found = list(self.find(paths))
        numbers, keys, reals = (
            [f.number for f in found],
            [f.key for f in found],
            [f.real for f in found],
        )
        return [found[index].file for index in in_order(numbers, keys, reals)]

    def find(self, paths: Sequence[str]) -> Iterator[Found]:
        """The files to check as they are met, not yet in order (a walk yields each file
        as soon as it is found; :func:`in_order` sorts them and drops files met twice)."""
        for number, given in enumerate(paths):
            if given == "-":
                yield Found(number, "", None, SelectedFile("-", "-", False))
            elif os.path.isdir(given):
                yield from self._walk(given, number)
            elif self._force_exclude and self._named_excluded(given):
                continue
            else:
                file = SelectedFile(given, os.path.normpath(given), False)
                yield Found(number, "", os.path.realpath(given), file)

    def _named_excluded(self, path: str) -> bool:
        """``--force-exclude``: a named file that a walk would not pick up is skipped too
        (the file excluded, or a directory above it up to the working directory)."""
        absolute = os.path.abspath(path)
        directory = os.path.dirname(absolute)
        ancestors = []
        current = directory
        while current.startswith(self._cwd + os.sep):
            ancestors.append(current)
            current = os.path.dirname(current)
        if self.excluded(absolute, False) or any(self.excluded(d, True) for d in ancestors):
            return True
        if not self._settings_for(directory).respect_gitignore:
            return False
        stack = _outer_gitignores(directory) + _local(directory)
        for candidate, is_dir in [(absolute, False)] + [(d, True) for d in ancestors]:
            relevant = [i for i in stack if candidate.startswith(i.base + os.sep)]
            if _gitignored(candidate, is_dir, relevant):
                return True
        return False

    def _walk(self, root: str, number: int) -> Iterator[Found]:
        """Walk ``root`` (symbolic links to directories are not followed, as ``os.walk``),
        yielding each file as soon as it is found (``number``: which path given)."""
        root = os.path.normpath(root)
        root_absolute = os.path.abspath(root)
        gitignore = self._settings_for(root_absolute).respect_gitignore
        stack: list[tuple[str, str, list[_Ignore]]] = [
            (
                "" if root == "." else root + os.sep,
                root_absolute,
                _outer_gitignores(root_absolute) if gitignore else [],
            )
        ]
        while stack:
            prefix, absolute, ignores = stack.pop()
            settings = self._settings_for(absolute)
            included = self._include_test(settings)
            if gitignore:
                local = _read_gitignore(absolute)
                if local is not None:
                    ignores = [*ignores, local]
            try:
                listing = os.scandir(prefix or ".")
            except OSError as error:  # reported: a directory whose files go unchecked
                yield _unreadable(number, prefix, error)
                continue
            real_directory: str | None = None
            ignored = _entry_test(absolute, ignores) if ignores else None
            file_ignored = _file_test(absolute, ignores) if ignores else None
            by_name = self._name_match(settings)
            excludes = bool(self._exclude or settings.exclude)
            with listing:  # read as it goes: the first files are checked before the last are read
                entries = iter(listing)
                while True:
                    try:
                        entry = next(entries, None)
                    except OSError as error:
                        yield _unreadable(number, prefix, error)
                        break
                    if entry is None:
                        break
                    name = entry.name
                    if by_name is not None:  # the common case first: a regular file named *.json
                        try:
                            regular = entry.is_file(follow_symlinks=False)
                        except OSError:
                            continue
                        if regular:
                            if (
                                by_name(name) is None
                                or name in _DEFAULT_NAMES
                                or name.endswith(".egg-info")
                            ):
                                continue
                            if excludes and self._walk_excluded(
                                name, absolute + os.sep + name, False, settings
                            ):
                                continue
                            if file_ignored is not None and file_ignored(name):
                                continue
                            if real_directory is None:
                                real_directory = os.path.realpath(absolute)
                            full = prefix + name
                            file = SelectedFile(full, full, True, None, True)
                            yield Found(number, full, real_directory + os.sep + name, file)
                            continue
                    try:
                        is_link = entry.is_symlink()
                        is_dir = entry.is_dir(follow_symlinks=False)
                        if is_link and entry.is_dir():
                            continue  # a link to a directory: not walked into
                    except OSError:
                        continue
                    full_absolute = absolute + os.sep + name
                    if self._walk_excluded(name, full_absolute, is_dir, settings):
                        continue
                    if ignored is not None and ignored(name, is_dir):
                        continue
                    if is_dir:
                        stack.append((prefix + name + os.sep, full_absolute, ignores))
                    elif included(name, full_absolute):
                        try:
                            regular = not is_link and entry.is_file(follow_symlinks=False)
                        except OSError:
                            regular = False
                        if is_link:
                            real = os.path.realpath(full_absolute)
                        else:
                            if real_directory is None:
                                real_directory = os.path.realpath(absolute)
                            real = real_directory + os.sep + name
                        full = prefix + name
                        yield Found(
                            number, full, real, SelectedFile(full, full, True, None, regular)
                        )

    def _name_match(self, settings: Settings) -> Callable[[str], object] | None:
        """The configuration's ``include`` as one test of a file's name, when its
        patterns only name files (the default ``*.json``, ``*.xml``); else None."""
        key = id(settings)
        if key not in self._name_matches:
            self._name_matches[key] = (
                re.compile("|".join(f"(?:{glob.regex.pattern})" for glob in settings.include)).match
                if all(not g.anchored and not g.negated for g in settings.include)
                else None
            )
        return self._name_matches[key]

    def _include_test(self, settings: Settings) -> Callable[[str, str], bool]:
        """Whether a walked file is one to check: the configuration's ``include``."""
        test = self._includes.get(id(settings))
        if test is None:
            match = self._name_match(settings)
            if match is not None:
                by_name = match

                def test(name: str, _absolute: str) -> bool:
                    return by_name(name) is not None

            else:

                def test(_name: str, absolute: str) -> bool:
                    return settings.included(absolute)

            self._includes[id(settings)] = test
        return test

    def _walk_excluded(self, name: str, absolute: str, is_dir: bool, settings: Settings) -> bool:
        """The excludes for an entry met while walking (its folders are already checked)."""
        if name in _DEFAULT_NAMES or name.endswith(".egg-info"):
            return True
        if self._exclude:
            relative = _under(absolute, self._cwd)
            if relative is not None and any(
                glob.matches_exactly(relative, is_dir) for glob in self._exclude
            ):
                return True
        return settings.excluded(absolute, is_dir, exactly=True)


def _unreadable(number: int, prefix: str, error: OSError) -> Found:
    """A directory a walk could not read: reported, its files go unchecked."""
    shown = os.path.normpath(prefix or ".")
    return Found(
        number, prefix, None, SelectedFile(shown, shown, True, error.strerror or str(error))
    )


def _under(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` with forward slashes, or None when it is not inside."""
    if path.startswith(base) and path[len(base) : len(base) + 1] == os.sep:
        return path[len(base) + 1 :].replace(os.sep, "/")
    return None


def _local(directory: str) -> list[_Ignore]:
    ignore = _read_gitignore(directory)
    return [ignore] if ignore is not None else []
