"""Everything goalkeeper knows, collected from the vendor packages, loaded as needed.

A vendor is a package ``goalkeeper.validators.<vendor>`` whose ``__init__`` exposes
``KINDS``, ``RESPONSES`` (from its light ``kinds`` module) and ``RULE_MODULES``, the names
of its rule modules, each with a ``RULES`` tuple. Adding a vendor is that package, its
schemas, and an entry in ``VENDORS``.

Kinds and response shapes are read when this module is imported; a vendor's rule modules
(and, through them, anything heavy they use) only when a kind of that vendor is checked,
or when every rule is asked for (``goalkeeper rules``, ``explain``, docs/rules.md).
"""

from __future__ import annotations

import importlib
import threading
from functools import cache
from types import ModuleType

from goalkeeper.kinds import Kind, ResponseShape
from goalkeeper.rules import ANY_KIND, Rule
from goalkeeper.validators import general

VENDORS: tuple[str, ...] = ("conductrics", "infinity", "pulse", "gainsight")

# The code prefix of each vendor's rules (every vendor SPEC names, shipped or not).
VENDOR_PREFIX = {"conductrics": "CT", "infinity": "IN", "pulse": "PU", "gainsight": "GS"}


def _package(vendor: str) -> ModuleType:
    return importlib.import_module(f"goalkeeper.validators.{vendor}")


_PACKAGES = {vendor: _package(vendor) for vendor in VENDORS}

KINDS: tuple[Kind, ...] = tuple(kind for p in _PACKAGES.values() for kind in p.KINDS)
RESPONSES: tuple[ResponseShape, ...] = tuple(
    shape for p in _PACKAGES.values() for shape in p.RESPONSES
)
KINDS_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}

_VENDOR_BY_PREFIX = {VENDOR_PREFIX[vendor]: vendor for vendor in VENDORS}
_GENERAL_BY_CODE = {declared.code: declared for declared in general.RULES}
_loading = threading.Lock()


@cache
def vendor_rules(vendor: str) -> tuple[Rule, ...]:
    """A vendor's rules, in code order; imports its rule modules on the first call."""
    with _loading:  # two threads must not import the same modules half-way
        modules = [importlib.import_module(name) for name in _PACKAGES[vendor].RULE_MODULES]
    declared = sorted((r for module in modules for r in module.RULES), key=lambda r: r.code)
    _check_vendor(vendor, declared)
    return tuple(declared)


@cache
def _vendor_rules_by_code(vendor: str) -> dict[str, Rule]:
    return {declared.code: declared for declared in vendor_rules(vendor)}


def all_rules() -> tuple[Rule, ...]:
    """Every rule: the general ones, then each vendor's (imports every rule module)."""
    return general.RULES + tuple(r for vendor in VENDORS for r in vendor_rules(vendor))


def rule_by_code(code: str) -> Rule | None:
    """The rule with this code, or None; imports only the rule modules of its vendor."""
    if code in _GENERAL_BY_CODE:
        return _GENERAL_BY_CODE[code]
    vendor = _VENDOR_BY_PREFIX.get(code[:2])
    return None if vendor is None else _vendor_rules_by_code(vendor).get(code)


def is_code_prefix(prefix: str) -> bool:
    """Whether some rule's code starts with ``prefix`` (``PU``, ``PU2``, ``PU214``).

    Loads only the rules of the vendors whose code prefix the given one can name.
    """
    if any(code.startswith(prefix) for code in _GENERAL_BY_CODE):
        return True
    return any(
        declared.code.startswith(prefix)
        for vendor in VENDORS
        if VENDOR_PREFIX[vendor].startswith(prefix[:2])
        for declared in vendor_rules(vendor)
    )


@cache
def rules_for(kind: str, op: str | None, stage: str) -> tuple[Rule, ...]:
    """The rules with a check function for one kind, operation and stage."""
    candidates = general.RULES + vendor_rules(KINDS_BY_NAME[kind].vendor)
    return tuple(
        declared
        for declared in candidates
        if declared.stage == stage and declared.check is not None and declared.applies_to(kind, op)
    )


def _check_vendor(vendor: str, declared: list[Rule]) -> None:
    """What a vendor's rules must agree with: their prefix, their kinds, their triggers."""
    for rule in declared:
        if rule.code[:2] != VENDOR_PREFIX[vendor]:
            raise RuntimeError(f"{rule.code} is declared in the {vendor} package")
        for name in rule.kinds:
            if name == ANY_KIND:
                continue
            kind = KINDS_BY_NAME.get(name)
            if kind is None:
                raise RuntimeError(f"{rule.code} names the unknown kind {name}")
            if kind.vendor != vendor:
                raise RuntimeError(f"{rule.code} is declared for another vendor's kind {name}")
            if kind.format == "xml" and rule.triggers:
                raise RuntimeError(f"{rule.code}: triggers name JSON keys; XML rules have none")


def check_registry() -> None:
    """Raise RuntimeError when the declarations disagree (run by the test suite)."""
    rules = all_rules()
    seen: set[str] = set()
    twice = sorted({r.code for r in rules if r.code in seen or seen.add(r.code)})  # type: ignore[func-returns-value]
    if twice:
        raise RuntimeError(f"rule codes declared twice: {twice}")
    for vendor in VENDORS:
        for module_name in _PACKAGES[vendor].RULE_MODULES:
            if not module_name.startswith(f"goalkeeper.validators.{vendor}."):
                raise RuntimeError(f"{vendor} names {module_name}, a module of another package")
    for rule in general.RULES:
        if rule.code[:2] != "GK" or rule.kinds != (ANY_KIND,):
            raise RuntimeError(f"{rule.code}: general rules are GK rules for every kind")
    if len(KINDS_BY_NAME) != len(KINDS):
        raise RuntimeError("two vendors declare a kind with the same name")
