"""Pulse goal rules: locations (``<locations>``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.rules import rule
from goalkeeper.validators.pulse.contradictions import _contradictions
from goalkeeper.validators.pulse.elements import (
    _label,
    _pointer,
    _quoted,
    _top,
)
from goalkeeper.validators.pulse.kinds import GOAL_RULES

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


@rule(
    "PU230",
    title="allowed is not a boolean",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write true (target the location) or false (exclude it)",
)
def locations_allowed() -> None:
    """A location's ``allowed`` is ``true`` (targeted) or ``false`` (excluded).

    Source: seed 003, "Goal rules: Request body format" (``<allowed>boolean</allowed>``).

    Wrong: ``<allowed>yes</allowed>``

    Right: ``<allowed>true</allowed>``
    """


@rule(
    "PU231",
    title="iso2 is not two letters",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="use the two-letter ISO 3166 code, such as se",
)
def locations_iso2() -> None:
    """A location's ``iso2`` is a two-letter country code, in either case.

    Source: seed 003, "Goal rules: Request body format" (``<iso2>``) and the sample
    (``<iso2>se</iso2>``); Decision (SPEC §4.10): optional, two letters, either case.

    Wrong: ``<iso2>SWE</iso2>``

    Right: ``<iso2>se</iso2>``
    """


@rule(
    "PU232",
    title="locationType is not COUNTRY, REGION or CITY",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="use COUNTRY, REGION or CITY",
)
def locations_type() -> None:
    """A location's ``locationType`` is ``COUNTRY``, ``REGION`` or ``CITY``.

    Source: seed 003, "Goal rules: Request body format" (the three ``<locations>``
    blocks).

    Wrong: ``<locationType>STATE</locationType>``

    Right: ``<locationType>REGION</locationType>``
    """


@rule(
    "PU233",
    title="location name is ignored",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="remove the name; the location is chosen by its id",
)
def locations_name(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``country``, ``region`` and ``city`` names in a location have no effect.

    Source: seed 003, "Goal rules: Request body format": "(Name of the country; setting
    this value is ignored)", likewise region and city. Only ``id`` chooses the location,
    so a name that disagrees with the id misleads readers.

    Wrong: ``<locations><country>norway</country><id>752</id>...`` (752 is Sweden)

    Right: ``<locations><id>752</id>...``
    """
    for section in _top(doc, "locations"):
        found = section.by_tag
        if "country" not in found and "region" not in found and "city" not in found:
            continue  # no name (the common case)
        for name in ("country", "region", "city"):
            for element in found.get(name, ()):
                yield Finding(
                    "PU233",
                    _pointer(element),
                    f"{_label(element)} {_quoted(element.text)} is ignored; the location is "
                    "chosen by its id",
                )


@rule(
    "PU234",
    title="location both allowed and excluded",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    hint="keep either the allowed or the excluded entry",
)
def locations_contradiction(doc: Any, ctx: Context) -> Iterator[Finding]:
    """The same location (``locationType`` and ``id``) is both allowed and not allowed.

    Source: seed 003, "Goal rules: Request body format" (``allowed``); SPEC §4.8. The
    finding points at the later entry.

    Wrong: ``<locations><allowed>true</allowed><id>752</id><locationType>COUNTRY
    </locationType></locations>`` and the same with ``false``.

    Right: one of the two.
    """
    sections = _top(doc, "locations")
    ids = [s.by_tag["id"][0].text for s in sections if "id" in s.by_tag]
    if len(set(ids)) == len(ids):
        return  # no location id given twice (the common case): nothing to contradict
    entries = []
    for section in sections:
        found = section.by_tag
        location_id, kind, allowed = (
            found.get("id"),
            found.get("locationType"),
            found.get("allowed"),
        )
        if location_id is None or kind is None or allowed is None:
            continue
        verdict = _ALLOWED.get(allowed[0].text)
        if verdict is None:
            continue
        entries.append(((kind[0].text, location_id[0].text), verdict, section))
    if len({key for key, _verdict, _section in entries}) == len(entries):
        return  # no location given twice (the common case): nothing to contradict
    yield from _contradictions(entries, "PU234", "location", "allowed", ("yes",), "no")


# A location's allowed as an entry's kind: the booleans of xs:boolean.
_ALLOWED = {"true": "yes", "1": "yes", "false": "no", "0": "no"}


RULES = (
    locations_allowed,
    locations_iso2,
    locations_type,
    locations_name,
    locations_contradiction,
)
