"""Integrations that run goalkeeper inside other tools.

* HTTP client guards (:mod:`goalkeeper.hooks.guards`): ``httpx_hook`` and
  ``async_httpx_hook`` for httpx's request event hooks, ``guard_session`` for a
  ``requests.Session``. httpx and requests are optional (``pip install
  'goalkeeper[httpx]'`` or ``'goalkeeper[requests]'``) and imported only when a guard runs.
* pre-commit (:mod:`goalkeeper.hooks.precommit`): the table ``.pre-commit-hooks.yaml`` is
  generated from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["async_httpx_hook", "guard_session", "httpx_hook"]

if TYPE_CHECKING:
    from goalkeeper.hooks.guards import async_httpx_hook, guard_session, httpx_hook


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'goalkeeper.hooks' has no attribute {name!r}")
    from goalkeeper.hooks import guards

    value = getattr(guards, name)
    globals()[name] = value
    return value
