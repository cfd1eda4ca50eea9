"""Shared test helpers: the fixture catalogue under tests/fixtures."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# `--hypothesis-profile=long`: the long fuzzing run of tests/test_fuzz.py (SPEC §10),
# at least 10,000 examples per kind and input source.
settings.register_profile(
    "long",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FIXTURES = Path(__file__).parent / "fixtures"
GOLDENS = Path(__file__).parent / "goldens"
ROOT = Path(__file__).parent.parent

# The one command that rewrites every golden message file from what goalkeeper reports.
UPDATE_GOLDENS = "python -m pytest tests/test_fixtures.py --update-goldens"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/goldens/ (the messages and hints of every invalid fixture) "
        "from what goalkeeper reports now; review the diff before committing",
    )


@dataclass
class Case:
    """One fixture file and what checking it must report, from its directory's cases.toml.

    A fixture may also be a directory (cross-file rules): its files are checked together,
    as one run, and each expectation names the file (``path``, relative to the directory).
    """

    path: Path
    expected: list[dict[str, Any]]
    kind: str | None = None
    op: str | None = None
    ignore: list[str] = field(default_factory=list)
    max_file_size: int | None = None
    now: str | None = None
    options: Path | None = None
    request: bool = False
    igrp: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.path.relative_to(FIXTURES))

    @property
    def is_run(self) -> bool:
        """A directory of files checked together (a directory named like a payload file
        is a fixture for checking that one path)."""
        return self.path.is_dir() and self.path.suffix not in (".json", ".xml")

    @property
    def golden(self) -> Path:
        """The file that holds this fixture's expected messages and hints."""
        return GOLDENS / f"{self.name}.txt"

    @property
    def valid(self) -> bool:
        return self.path.parent.name == "valid"

    @property
    def rule_prefix(self) -> str | None:
        """The rule code a fixture's file name starts with (``CT108-...``), if any."""
        head = self.path.name.split("-", 1)[0]
        return head if len(head) == 5 and head[:2].isalpha() and head[2:].isdigit() else None


def _cases() -> list[Case]:
    cases = []
    for manifest in sorted(FIXTURES.rglob("cases.toml")):
        base = manifest.parent
        table = tomllib.loads(manifest.read_text(encoding="utf-8"))
        defaults = table.pop("defaults", {})
        listed = set(table)
        for subdirectory in ("valid", "invalid"):
            directory = base / subdirectory
            if not directory.is_dir():
                continue
            for path in sorted(directory.iterdir()):
                key = f"{subdirectory}/{path.name}"
                entry = {**defaults, **table.get(key, {})}
                listed.discard(key)
                options = entry.get("options")
                cases.append(
                    Case(
                        path=path,
                        expected=entry.get("expect", []),
                        kind=entry.get("kind"),
                        op=entry.get("op"),
                        ignore=entry.get("ignore", []),
                        max_file_size=entry.get("max-file-size"),
                        now=entry.get("now"),
                        options=(base / options) if options else None,
                        request=base.name == "requests",
                        igrp=entry.get("igrp", {}),
                    )
                )
        if listed:
            raise AssertionError(f"{manifest} lists files that do not exist: {sorted(listed)}")
    return cases


CASES = _cases()


@pytest.fixture(autouse=True)
def _no_stray_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run every test from an empty directory so the repository's own config never applies."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
