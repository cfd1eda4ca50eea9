"""Conductrics targeting rules: what ``apply`` assigns, features and segments (seed 001)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Fix, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import Source, rule
from goalkeeper.text_edits import replace_json_value
from goalkeeper.validators.conductrics.kinds import TARGETING_RULE
from goalkeeper.validators.conductrics.options import _against, _known_list_hint, _options

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


def _apply(data: Mapping[str, Any]) -> dict[str, Any] | None:
    apply = data.get("apply")
    return apply if isinstance(apply, dict) else None


@rule(
    "CT212",
    title="apply sets neither a feature nor a segment",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    schema=True,
    triggers=("apply",),
    hint='set apply.feature (e.g. "gothamite") and/or apply.segment (e.g. "urbanites")',
)
def targeting_apply(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``apply`` must be an object with a non-empty string ``feature`` and/or ``segment``.

    Source: seed 001, the transform structure ("Targeting to apply when the rule fires":
    ``feature`` and/or ``segment``) and the automatic-features example. A rule that
    applies nothing does nothing.

    Wrong: ``{"apply": {}}``, ``{"apply": {"feature": ""}}``, ``{"apply": "gothamite"}``

    Right: ``{"apply": {"feature": "gothamite"}}``
    """
    apply = _apply(doc.data)
    if apply is None:
        return
    if not any(
        isinstance(apply.get(key), str) and apply[key].strip() for key in ("feature", "segment")
    ):
        yield Finding("CT212", "/apply", "apply sets neither a feature nor a segment")


def _feature_items(doc: JsonDocument) -> list[str]:
    """The items of apply.feature, split at commas (shared by the feature rules)."""
    found: list[str] | None = doc.memo.get("features")
    if found is None:
        feature = (_apply(doc.data) or {}).get("feature")
        found = feature.split(",") if isinstance(feature, str) and feature.strip() else []
        doc.memo["features"] = found
    return found


def _rewrite_features(source: Source, finding: Finding, drop_empty: bool) -> Fix | None:
    """apply.feature with its empty items dropped, or with its items' spaces trimmed."""
    feature = (_apply(source.document.data) or {}).get("feature")
    if finding.pointer != "/apply/feature" or not isinstance(feature, str):
        return None
    items = _feature_items(source.document)  # split once, shared with the checks
    if drop_empty:
        fixed = ",".join(item for item in items if item.strip())
        what = "remove the empty items"
    else:
        fixed = ",".join(item.strip() if item.strip() else item for item in items)
        what = "remove the spaces around the items"
    if fixed == feature or not fixed.strip():  # nothing left would need a decision
        return None
    edit = replace_json_value(source, "/apply/feature", fixed)
    return None if edit is None else Fix((edit,), f"{what} of apply.feature")


def _drop_empty_features(source: Source, finding: Finding) -> Fix | None:
    return _rewrite_features(source, finding, drop_empty=True)


def _trim_features(source: Source, finding: Finding) -> Fix | None:
    return _rewrite_features(source, finding, drop_empty=False)


@rule(
    "CT213",
    title="empty item in the feature list",
    severity=ERROR,
    kinds=(TARGETING_RULE,),
    triggers=("apply",),
    hint="remove the extra comma",
    fix=_drop_empty_features,
)
def targeting_feature_empty_item(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``apply.feature`` is a comma-separated list and one of its items is empty.

    Source: seed 001: "use commas for multiple features". ``"a,,b"``, a leading or a
    trailing comma names a feature with no name.

    Wrong: ``{"apply": {"feature": "#geoContinent,,#uaIsMobile"}}``

    Right: ``{"apply": {"feature": "#geoContinent,#uaIsMobile"}}``

    Fix (safe): the empty items and their commas are removed, the others kept as they
    are: ``"#geoContinent,,#uaIsMobile,"`` becomes ``"#geoContinent,#uaIsMobile"``. A
    list with no item left (``","``) has no fix.
    """
    items = _feature_items(doc)
    empty = [index + 1 for index, item in enumerate(items) if not item.strip()]
    if empty:
        apply = _apply(doc.data) or {}
        where = ", ".join(str(n) for n in empty)
        yield Finding(
            "CT213",
            "/apply/feature",
            f"apply.feature {show(apply['feature'])} has an empty item "
            f"(item {where} of {len(items)})",
        )


@rule(
    "CT214",
    title="spaces around commas in the feature list",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    triggers=("apply",),
    hint="write the list without spaces: #geoContinent,#uaIsMobile",
    fix=_trim_features,
)
def targeting_feature_spaces(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """An item of ``apply.feature`` has leading or trailing spaces.

    Source: seed 001 writes the list without spaces (``"#geoContinent,#uaIsMobile"``);
    SPEC §4.3. Whether the API trims is undocumented, so ``"a, b"`` may name the feature
    ``" b"``.

    Wrong: ``{"apply": {"feature": "#geoContinent, #uaIsMobile"}}``

    Right: ``{"apply": {"feature": "#geoContinent,#uaIsMobile"}}``

    Fix (safe): the spaces around each item are removed: ``"#geoContinent, #uaIsMobile"``
    becomes ``"#geoContinent,#uaIsMobile"``.
    """
    items = _feature_items(doc)
    spaced = [item.strip() for item in items if item.strip() and item != item.strip()]
    if spaced:
        apply = _apply(doc.data) or {}
        # Messages stay short whatever the list's length: five names, then a count.
        around = ", ".join(show(item) for item in spaced[:5])
        if len(spaced) > 5:
            around += f" and {len(spaced) - 5:,} more"
        fixed = ",".join(item.strip() for item in items if item.strip())
        if len(fixed) > 200:
            fixed = fixed[:199] + "…"
        yield Finding(
            "CT214",
            "/apply/feature",
            f"apply.feature {show(apply['feature'])} has spaces around {around}",
            hint=f"write the list without spaces: {fixed}",
        )


@rule(
    "CT215",
    title="#feature is not an automatic feature provider",
    severity=WARNING,
    kinds=(TARGETING_RULE,),
    triggers=("apply",),
)
def targeting_automatic_feature(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A ``#``-prefixed feature must name a provider that provides automatic features.

    Source: seed 001: "prefix with # for a Conductrics-provided feature", and the
    options response marks those providers with ``"providesFeatures": true``. Built in:
    ``geoContinent``, ``uaIsMobile`` (the seed's example) and ``reoRegionWorld`` /
    ``geoRegionWorld`` (a warning otherwise); against ``--options`` an unknown provider
    is an **error**. Items are trimmed before the check (SPEC §4.10).

    Wrong: ``{"apply": {"feature": "#geoContinents"}}``

    Right: ``{"apply": {"feature": "#geoContinent"}}``
    """
    options = _options(ctx)
    for item in _feature_items(doc):
        name = item.strip()
        if name.startswith("#") and name[1:] not in options.feature_sources:
            against, severity = _against(options)
            yield Finding(
                "CT215",
                "/apply/feature",
                f"automatic feature {show(name)} is not a feature provider in {against}",
                hint=_known_list_hint(options.feature_sources, options.origin),
                severity=severity,
            )


@rule(
    "CT216",
    title="apply sets both a feature and a segment",
    severity=INFO,
    kinds=(TARGETING_RULE,),
    triggers=("apply",),
    hint="fine if intended; most rules assign one or the other",
)
def targeting_feature_and_segment(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``apply`` assigns features and a segment at once.

    Source: seed 001: "Can also assign segment, but in practice likely just one or the
    other".

    Wrong (unusual): ``{"apply": {"feature": "gothamite", "segment": "urbanites"}}``

    Right: ``{"apply": {"feature": "gothamite"}}``
    """
    apply = _apply(doc.data) or {}
    if all(
        isinstance(apply.get(key), str) and apply[key].strip() for key in ("feature", "segment")
    ):
        yield Finding("CT216", "/apply", "apply sets both a feature and a segment")


RULES = (
    targeting_apply,
    targeting_feature_empty_item,
    targeting_feature_spaces,
    targeting_automatic_feature,
    targeting_feature_and_segment,
)
