"""Everything goalkeeper knows, collected from the vendor modules in one place.

Adding a vendor is a matter of a module in ``goalkeeper.validators`` with ``KINDS``,
``RESPONSES`` and ``RULES``, its schemas, and an entry in ``VENDOR_MODULES``.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType

from goalkeeper.kinds import Kind, ResponseShape
from goalkeeper.rules import ANY_KIND, Rule
from goalkeeper.validators import conductrics, general, infinity, pulse

VENDOR_MODULES: tuple[ModuleType, ...] = (conductrics, infinity, pulse)


def _vendor_rules(module: ModuleType) -> tuple[Rule, ...]:
    """A vendor's rules: its RULES, or those of the rule modules a vendor package names."""
    if hasattr(module, "RULE_MODULES"):
        return tuple(
            declared
            for name in module.RULE_MODULES
            for declared in importlib.import_module(name).RULES
        )
    return tuple(module.RULES)


KINDS: tuple[Kind, ...] = tuple(kind for module in VENDOR_MODULES for kind in module.KINDS)
RESPONSES: tuple[ResponseShape, ...] = tuple(
    shape for module in VENDOR_MODULES for shape in module.RESPONSES
)
RULES: tuple[Rule, ...] = general.RULES + tuple(
    declared for module in VENDOR_MODULES for declared in _vendor_rules(module)
)

KINDS_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
RULES_BY_CODE: dict[str, Rule] = {declared.code: declared for declared in RULES}

_VENDOR_PREFIX = {"conductrics": "CT", "infinity": "IN", "pulse": "PU", "gainsight": "GS"}


def _check_registry() -> None:
    if len(RULES_BY_CODE) != len(RULES):
        seen: set[str] = set()
        twice = [r.code for r in RULES if r.code in seen or seen.add(r.code)]  # type: ignore[func-returns-value]
        raise RuntimeError(f"rule codes declared twice: {twice}")
    for declared in RULES:
        for name in declared.kinds:
            if name != ANY_KIND and name not in KINDS_BY_NAME:
                raise RuntimeError(f"{declared.code} names the unknown kind {name}")
            if name != ANY_KIND and _VENDOR_PREFIX[KINDS_BY_NAME[name].vendor] != declared.code[:2]:
                raise RuntimeError(f"{declared.code} is declared for another vendor's kind {name}")
            if name != ANY_KIND and KINDS_BY_NAME[name].format == "xml" and declared.triggers:
                raise RuntimeError(f"{declared.code}: triggers name JSON keys; XML rules have none")


_check_registry()


@cache
def rules_for(kind: str, op: str | None, stage: str) -> tuple[Rule, ...]:
    """The rules with a check function for one kind, operation and stage."""
    return tuple(
        declared
        for declared in RULES
        if declared.stage == stage and declared.check is not None and declared.applies_to(kind, op)
    )
