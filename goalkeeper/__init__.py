"""goalkeeper: check vendor goal and targeting payloads before they are sent.

    >>> import goalkeeper
    >>> report = goalkeeper.check({"code": "g-1", "name": "Checkout", "agents": []})
    >>> report.ok
    True

The public names are loaded on first use, so ``import goalkeeper`` (and the command
line's ``--version``) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "PayloadError",
    "Report",
    "Severity",
    "__version__",
    "check",
    "check_files",
    "check_request",
    "fix",
    "validate",
]

if TYPE_CHECKING:
    from goalkeeper.api import PayloadError, check, check_files, check_request, fix, validate
    from goalkeeper.checker import Report
    from goalkeeper.diagnostics import Diagnostic, Severity

_LAZY = {
    "check": "goalkeeper.api",
    "check_files": "goalkeeper.api",
    "validate": "goalkeeper.api",
    "check_request": "goalkeeper.api",
    "fix": "goalkeeper.api",
    "PayloadError": "goalkeeper.api",
    "Report": "goalkeeper.checker",
    "Diagnostic": "goalkeeper.diagnostics",
    "Severity": "goalkeeper.diagnostics",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'goalkeeper' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
