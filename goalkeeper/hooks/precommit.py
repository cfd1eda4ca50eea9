"""The pre-commit hooks this repository offers, declared once.

``.pre-commit-hooks.yaml`` is generated from :data:`HOOKS` (a test fails when it is
stale); regenerate it with::

    python -m goalkeeper.hooks.precommit > .pre-commit-hooks.yaml

Every hook runs ``goalkeeper check --force-exclude --skip-unknown`` on the names pre-commit
passes, so the configuration's ``exclude`` applies to them too, and a changed package.json or
tsconfig.json is skipped as a directory walk skips it (a near miss such as a misspelt key is
still reported). The vendor hooks add ``--vendor``: only
that vendor's kinds are detected, and another vendor's payloads are left alone. Only hooks
that can see Infinity payloads are serial: Infinity's checks compare segment files with
each other, which needs every file in one run.
"""

from __future__ import annotations

from typing import NamedTuple

REGENERATE = "python -m goalkeeper.hooks.precommit > .pre-commit-hooks.yaml"


class Hook(NamedTuple):
    id: str
    name: str
    description: str
    vendor: str | None  # None: every vendor
    types: tuple[str, ...]  # identify tags; a file needs any one of them
    files: str
    require_serial: bool

    @property
    def entry(self) -> str:
        vendor = f" --vendor {self.vendor}" if self.vendor else ""
        return f"goalkeeper check --force-exclude --skip-unknown{vendor}"


HOOKS = (
    Hook(
        "goalkeeper",
        "goalkeeper",
        "Check vendor goal and targeting payloads (every kind, detected by content or "
        "configuration) before they are sent.",
        None,
        ("json", "xml"),
        r"\.(json|xml)$",
        True,
    ),
    Hook(
        "goalkeeper-conductrics",
        "goalkeeper (Conductrics)",
        "Check Conductrics goal types and targeting rules.",
        "conductrics",
        ("json",),
        r"\.json$",
        False,
    ),
    Hook(
        "goalkeeper-infinity",
        "goalkeeper (Infinity)",
        "Check Infinity segments, segment order and segment groups, across files.",
        "infinity",
        ("json",),
        r"\.json$",
        True,
    ),
    Hook(
        "goalkeeper-pulse",
        "goalkeeper (Pulse)",
        "Check Pulse (Videoplaza) goals and goal targeting rules (XML).",
        "pulse",
        ("xml",),
        r"\.xml$",
        False,
    ),
    Hook(
        "goalkeeper-gainsight",
        "goalkeeper (Gainsight)",
        "Check Gainsight customer goals, templates, metrics and query requests.",
        "gainsight",
        ("json",),
        r"\.json$",
        False,
    ),
)


def _quoted(text: str) -> str:
    """A YAML single-quoted scalar (backslashes are literal in single quotes)."""
    return "'" + text.replace("'", "''") + "'"


def render_hooks_yaml() -> str:
    lines = [
        f"# Generated from goalkeeper/hooks/precommit.py; regenerate with `{REGENERATE}`.",
    ]
    for hook in HOOKS:
        key = "types_or" if len(hook.types) > 1 else "types"
        lines += [
            f"- id: {hook.id}",
            f"  name: {_quoted(hook.name)}",
            f"  description: {_quoted(hook.description)}",
            f"  entry: {hook.entry}",
            "  language: python",
            f"  files: {_quoted(hook.files)}",
            f"  {key}: [{', '.join(hook.types)}]",
            f"  require_serial: {'true' if hook.require_serial else 'false'}",
            "  minimum_pre_commit_version: '2.9.0'",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(render_hooks_yaml())
