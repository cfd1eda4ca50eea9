"""Account options: the transforms-options response (seed 001) that names the known
condition sources, feature providers and operators.
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple

from goalkeeper.context import Context
from goalkeeper.diagnostics import Severity


class ConductricsOptions(NamedTuple):
    """Known condition sources, feature providers and operators.

    ``origin`` is None for goalkeeper's built-in lists (findings against them are
    warnings) and the options file's path for an account's own lists (errors).
    """

    sources: frozenset[str]
    feature_sources: frozenset[str]
    operators: frozenset[str]
    origin: str | None = None


# Seed 001 names these providers: geoCity in the transform sample, reoRegionWorld in the
# options sample (SPEC §4.10 also accepts the geoRegionWorld spelling), and geoContinent
# and uaIsMobile as automatic features in the "#geoContinent,#uaIsMobile" example.
BUILT_IN_OPTIONS = ConductricsOptions(
    sources=frozenset(
        {"geoCity", "geoContinent", "geoRegionWorld", "reoRegionWorld", "uaIsMobile"}
    ),
    feature_sources=frozenset({"geoContinent", "geoRegionWorld", "reoRegionWorld", "uaIsMobile"}),
    operators=frozenset({"eq", "neq"}),
)


class OptionsError(ValueError):
    """The options file is not a transforms-options response."""


def parse_options(data: Any, origin: str) -> ConductricsOptions:
    """Read a saved ``transforms-options`` response, with or without its envelope."""
    options = data
    if isinstance(options, dict) and isinstance(options.get("data"), dict):
        options = options["data"]
    if isinstance(options, dict) and isinstance(options.get("options"), dict):
        options = options["options"]
    if not isinstance(options, dict):
        raise OptionsError("expected the transforms-options response, an object")
    providers = options.get("providers")
    operators = options.get("operators")
    missing = [
        f'"{name}"'
        for name, value in (("providers", providers), ("operators", operators))
        if not isinstance(value, list)
    ]
    if missing:
        raise OptionsError(
            f"expected {' and '.join(missing)} as {'arrays' if len(missing) > 1 else 'an array'}"
            " under data.options"
        )
    assert isinstance(providers, list) and isinstance(operators, list)
    sources: set[str] = set()
    feature_sources: set[str] = set()
    for index, provider in enumerate(providers):
        if not isinstance(provider, dict) or not isinstance(provider.get("code"), str):
            raise OptionsError(f'providers[{index}] has no string "code"')
        sources.add(provider["code"])
        if provider.get("providesFeatures") is True:
            feature_sources.add(provider["code"])
    codes: set[str] = set()
    for index, operator in enumerate(operators):
        if not isinstance(operator, dict) or not isinstance(operator.get("code"), str):
            raise OptionsError(f'operators[{index}] has no string "code"')
        codes.add(operator["code"])
    return ConductricsOptions(
        frozenset(sources), frozenset(feature_sources), frozenset(codes), origin
    )


def load_options(path: str | os.PathLike[str]) -> ConductricsOptions:
    """Load an options file; raises OptionsError with a message that names the problem."""
    from goalkeeper.load.document import load_path
    from goalkeeper.load.json_document import JsonDocument

    result = load_path(str(path), expected="json")
    errors = [f for f in result.findings if f.code != "GK102"]
    if errors or not isinstance(result.document, JsonDocument):
        first = errors[0] if errors else None
        where = f" (line {first.position[0]})" if first and first.position else ""
        reason = first.message if first else "not a JSON document"
        raise OptionsError(f"{path}: {reason}{where}")
    return parse_options(result.document.data, str(path))


def _options(ctx: Context) -> ConductricsOptions:
    found = ctx.vendor_options.get("conductrics")
    return found if isinstance(found, ConductricsOptions) else BUILT_IN_OPTIONS


def _against(options: ConductricsOptions) -> tuple[str, Severity | None]:
    if options.origin is None:
        return "goalkeeper's built-in list", None
    return f"the account's options ({os.path.basename(options.origin)})", Severity.ERROR


def _known_list_hint(names: frozenset[str], origin: str | None) -> str:
    listed = ", ".join(sorted(names))
    if origin is None:
        return (
            f"goalkeeper knows {listed}; pass --options with your account's "
            "transforms-options response to check against its own list"
        )
    return f"the account's options list {listed}"
