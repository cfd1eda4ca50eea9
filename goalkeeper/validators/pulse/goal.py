"""Pulse goals (``<goalBean>``): structure, type, value, limits and the elements a request
cannot set (seed 003, "Goal: Request body format").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.rules import rule
from goalkeeper.validators.pulse.elements import (
    _decimal,
    _first,
    _is_blank,
    _pointer,
    _quoted,
    _raw_text,
    _text,
    _top,
)
from goalkeeper.validators.pulse.kinds import GOAL
from goalkeeper.validators.pulse.request import _url_goal_id

if TYPE_CHECKING:
    from decimal import Decimal

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


@rule(
    "PU100",
    title="goal is missing a required element",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="give each of campaignId, goalValue, start, type and variant a value",
)
def goal_required(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``campaignId``, ``goalValue``, ``start``, ``type`` and ``variant`` must be present
    (``campaignId`` not empty or blank), on create and on update.

    Source: seed 003, "Goal: Request body format" (the elements marked ``Required``);
    SPEC §4.10: an update sends the same body format, so the same elements are required,
    and a ``campaignId`` of white space only (any Unicode white space, such as a no-break
    space) is as empty as ``<campaignId/>``. (A ``<budget>`` without its ``<value>`` is
    reported as PU113.)

    Wrong: ``<goalBean><campaignId>c3ab...</campaignId><goalValue>30000.0</goalValue></goalBean>``

    Right: ``<goalBean><campaignId>c3ab...</campaignId><goalValue>30000.0</goalValue>
    <start>2016-09-30T00:00:00+0200</start><type>IMPRESSION</type><variant>NORMAL</variant>
    </goalBean>``
    """
    yield from _blank(doc, "PU100", "campaignId", "give the id of the campaign the goal is in")


@rule(
    "PU101",
    title="unknown goal element or attribute",
    severity=WARNING,
    kinds=(GOAL,),
    schema=True,
    hint="remove it or fix its spelling; element names are case-sensitive",
)
def goal_unknown() -> None:
    """An element or attribute that the Goal 1.0 body format does not have.

    Source: seed 003, "Goal: Request body format" lists every element.

    A document whose root element is not ``<goalBean>`` (another name, or ``<goalBean>`` in
    an XML namespace) when the kind is forced (``--kind``, a files mapping, an endpoint)
    is reported under this code as an **error**, not a warning: nothing in it was
    checked against the format. An unknown one is
    ignored at best; often it is a misspelling (``<goalvalue>``) of a required element,
    which is then reported missing as well.

    Wrong: ``<goalBean><frontloadFactor>40</frontloadFactor>...``

    Right: ``<goalBean><frontLoadFactor>40</frontLoadFactor>...``
    """


@rule(
    "PU102",
    title="goal element given more than once",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="keep one of them",
)
def goal_repeated() -> None:
    """Every ``<goalBean>`` element may appear once.

    Source: seed 003, "Goal: Request body format" (each element is a single value).
    With two ``<name>`` elements it is undocumented which one the API keeps.

    Wrong: ``<name>Royco Midroll</name><name>Royco Preroll</name>``

    Right: ``<name>Royco Midroll</name>``
    """


@rule(
    "PU103",
    title="goal element has the wrong content",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="text elements hold text only; <goalBean>, <budget> and <cpm> hold elements",
)
def goal_content() -> None:
    """A text element holds child elements, or an element container holds text.

    Source: seed 003, "Goal: Request body format": ``<budget>`` and ``<cpm>`` contain a
    ``<value>``; every other element holds a single value.

    Wrong: ``<budget>500</budget>``

    Right: ``<budget><value>500</value></budget>``
    """


@rule(
    "PU104",
    title="goal type is not a known type",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="use SHARE_OF_VOICE, IMPRESSION, UNLIMITED_IMPRESSION or RTB",
)
def goal_type() -> None:
    """``type`` must be ``SHARE_OF_VOICE``, ``IMPRESSION``, ``UNLIMITED_IMPRESSION`` or
    ``RTB`` (priority unreserved).

    Source: seed 003, "Goal: Request body format" (``<type>``). Values are case-sensitive.

    Wrong: ``<type>impression</type>``

    Right: ``<type>IMPRESSION</type>``
    """


@rule(
    "PU105",
    title="goal variant is not NORMAL or BUMPER",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="use NORMAL, or BUMPER for a sponsor goal",
)
def goal_variant() -> None:
    """``variant`` must be ``NORMAL`` or ``BUMPER`` (sponsor goal mode in the Pulse UI).

    Source: seed 003, "Goal: Request body format" (``<variant>``).

    Wrong: ``<variant>SPONSOR</variant>``

    Right: ``<variant>BUMPER</variant>``
    """


@rule(
    "PU106",
    title="goalValue is not a number",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="write a plain decimal number such as 30000 or 0.25",
)
def goal_value_number() -> None:
    """``goalValue`` must be a number.

    Source: seed 003, "Goal: Request body format" (``<goalValue>number</goalValue>``).
    Decision: the XSD type is ``xs:decimal`` (``30000.0``, ``0.25``); exponents, ``NaN``
    and thousands separators are refused.

    Wrong: ``<goalValue>30,000</goalValue>``

    Right: ``<goalValue>30000.0</goalValue>``
    """


# For each goal type: the range in words, the test, and the hint.
_VALUE_RANGES: dict[str, tuple[str, Callable[[Decimal], bool], str]] = {
    "SHARE_OF_VOICE": (
        "between 0.01 and 1.0",
        lambda v: v * 100 >= 1 and v <= 1,
        "write share of voice as a fraction from 0.01 to 1.0 (0.25 is 25%)",
    ),
    "IMPRESSION": (
        "greater than 0",
        lambda v: v > 0,
        "write the number of impressions the goal should deliver, more than 0",
    ),
    "RTB": (
        "0 or more",
        lambda v: v >= 0,
        "priority unreserved (RTB) goals take a goalValue of 0 or more",
    ),
}


@rule(
    "PU107",
    title="goalValue is out of range for the goal type",
    severity=ERROR,
    kinds=(GOAL,),
    hint="share of voice is a fraction 0.01-1.0; impressions are a positive count; RTB 0 or more",
)
def goal_value_range(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``goalValue`` must fit the goal ``type``: ``SHARE_OF_VOICE`` 0.01 to 1.0,
    ``IMPRESSION`` any positive number, ``RTB`` a number of 0 or more.

    Source: seed 003, "Goal: Request body format" ("Valid values for goal types":
    SHARE_OF_VOICE: 0.01-1.0,
    IMPRESSION: any positive number). RTB has no documented range (Decision: 0 or more,
    SPEC §4.7). A share of voice written as a percentage (``25``) is the usual mistake.

    Wrong: ``<type>SHARE_OF_VOICE</type><goalValue>25</goalValue>``

    Right: ``<type>SHARE_OF_VOICE</type><goalValue>0.25</goalValue>``
    """
    goal_type, value_element = _first(doc, "type"), _first(doc, "goalValue")
    value = _decimal(value_element)
    if goal_type is None or value is None:
        return
    expected = _VALUE_RANGES.get(_text(goal_type))
    if expected is not None and not expected[1](value):
        yield Finding(
            "PU107",
            _pointer(value_element),
            f"goalValue is {_text(value_element)}; for {_text(goal_type)} it must be {expected[0]}",
            hint=expected[2],
        )


@rule(
    "PU108",
    title="goalValue is ignored for unlimited impression goals",
    severity=WARNING,
    kinds=(GOAL,),
    hint="write <goalValue>0</goalValue>: the element is required but unused",
)
def goal_value_ignored(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A non-zero ``goalValue`` on an ``UNLIMITED_IMPRESSION`` goal has no effect.

    Source: seed 003, "Goal: Request body format": "Setting the goalValue parameter for
    unlimited impression goals is ignored." The element is still required by the format
    (SPEC §4.7).

    Wrong: ``<type>UNLIMITED_IMPRESSION</type><goalValue>50000</goalValue>``

    Right: ``<type>UNLIMITED_IMPRESSION</type><goalValue>0</goalValue>``
    """
    goal_type, value_element = _first(doc, "type"), _first(doc, "goalValue")
    value = _decimal(value_element)
    if goal_type is not None and _text(goal_type) == "UNLIMITED_IMPRESSION" and value:
        yield Finding(
            "PU108",
            _pointer(value_element),
            f"goalValue {_text(value_element)} is ignored for UNLIMITED_IMPRESSION goals",
        )


@rule(
    "PU109",
    title="unlimitedImpressions is not a boolean",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="write true or false",
)
def goal_unlimited_impressions() -> None:
    """``unlimitedImpressions`` must be ``true`` or ``false``.

    Source: seed 003, "Goal: Request body format"
    (``<unlimitedImpressions>boolean</unlimitedImpressions>``).

    Wrong: ``<unlimitedImpressions>no</unlimitedImpressions>``

    Right: ``<unlimitedImpressions>false</unlimitedImpressions>``
    """


@rule(
    "PU110",
    title="goal name is empty, blank or longer than 255 characters",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="give a name of 1 to 255 characters that is not only white space, or leave it out",
)
def goal_name(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``name``, when given, has 1 to 255 characters and is not only white space.

    Source: seed 003, "Goal: Request body format": "Use up to 255 characters". Decision
    (SPEC §4.10, blank is empty): a ``<name/>`` or a name of white space only (any
    Unicode white space) names nothing; leave the element out instead.

    Wrong: a 300-character ``<name>``, ``<name> </name>``

    Right: ``<name>Royco Midroll</name>``
    """
    yield from _blank(doc, "PU110", "name", None)


@rule(
    "PU111",
    title="priority is not a whole number from 1 to 10",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="use a whole number from 1 to 10, or leave it out",
)
def goal_priority() -> None:
    """``priority`` must be an integer from 1 to 10.

    Source: seed 003, "Goal: Request body format" (``<priority>integer</priority>``,
    "1-10; defaults to match the global priority setting").

    Wrong: ``<priority>0</priority>``, ``<priority>5.5</priority>``

    Right: ``<priority>6</priority>``
    """


@rule(
    "PU112",
    title="frontLoadFactor is not 0, 10, ... 100",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="use a multiple of 10 from 0 to 100",
)
def goal_front_load_factor() -> None:
    """``frontLoadFactor`` must be one of 0, 10, 20, ... 100.

    Source: seed 003, "Goal: Request body format"
    (``<frontLoadFactor>0|10|20|30|40|50|60|70|80|90|100</frontLoadFactor>``).

    Wrong: ``<frontLoadFactor>45</frontLoadFactor>``

    Right: ``<frontLoadFactor>40</frontLoadFactor>``
    """


@rule(
    "PU113",
    title="budget value is not a number of 0 or more",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="write <budget><value>NUMBER</value></budget> with a number of 0 or more",
)
def goal_budget() -> None:
    """``<budget>`` holds one ``<value>``, a number of 0 or more.

    Source: seed 003, "Goal: Request body format"
    (``<budget><value>number</value></budget>``). Decision (SPEC §4.10): a negative budget
    is an error.

    Wrong: ``<budget><value>-100</value></budget>``, ``<budget/>``

    Right: ``<budget><value>5000.0</value></budget>``
    """


@rule(
    "PU117",
    title="id is set on a new goal",
    severity=ERROR,
    kinds=(GOAL,),
    ops=("create",),
    hint="remove <id> to create a goal, or send the body as an update (PUT by_goal_id)",
)
def goal_id_on_create(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``<id>`` is only set when updating a goal.

    Source: seed 003, "Goal: Request body format": "This should only be set when updating
    a goal". goalkeeper infers an update from a non-empty ``<id>``, so this fires when the
    operation is given as create (``--op create``, a files mapping, or ``POST
    /api/1.0/goal``), and for an empty or blank ``<id/>``, which is inferred as a create
    (Decision, SPEC §4.10: it names no goal to update).

    Wrong: ``POST /api/1.0/goal`` with ``<goalBean><id>8e81...</id>...``; ``<id/>`` with
    no operation given.

    Right: ``POST /api/1.0/goal`` with no ``<id>``.
    """
    element = _first(doc, "id")
    if element is None:
        return
    if element.text or element.children:
        message = "id is set, but a new goal gets its id from the API"
    else:
        shown = "empty" if not _raw_text(element) else f"blank ({_quoted(_raw_text(element))})"
        message = f"<id> is {shown}, so this body creates a goal, which gets its id from the API"
        hint = "remove the empty <id>; to update a goal, write its id in <id>"
        yield Finding("PU117", _pointer(element), message, hint=hint)
        return
    yield Finding("PU117", _pointer(element), message)


@rule(
    "PU121",
    title="id is empty on an update",
    severity=ERROR,
    kinds=(GOAL,),
    ops=("update",),
    hint="give the id of the goal to update, the one in PUT .../by_goal_id;id=...",
)
def goal_id_empty_on_update(doc: Any, ctx: Context) -> Iterator[Finding]:
    """An update's ``<id>``, when present, names the goal: it may not be empty or blank.

    Source: seed 003, "Goal: Request body format" (``<id>`` "should only be set when
    updating a goal") and "Update a goal" (the goal ID). Decision (SPEC §4.10): an empty
    ``<id/>`` on an update given as such (``--op update``, a files mapping, ``PUT
    by_goal_id``) is an error; white space only (any Unicode white space) counts as empty.

    Wrong: ``PUT .../by_goal_id;id=8e81...`` with ``<id/>``

    Right: ``PUT .../by_goal_id;id=8e81...`` with ``<id>8e81...</id>`` (or no ``<id>``)
    """
    element = _first(doc, "id")
    if element is not None and not element.text and not element.children:
        raw = _raw_text(element)
        shown = f"blank: {_quoted(raw)} is only white space" if raw else "empty"
        yield Finding(
            "PU121",
            _pointer(element),
            f"id is {shown}, but an update's <id> names the goal it changes",
        )


def _blank(doc: Any, code: str, name: str, hint: str | None) -> Iterator[Finding]:
    """A present element of white space only: blank is empty (SPEC §4.10). An element
    with no text at all is reported by the XSD."""
    element = _first(doc, name)
    if element is not None and _is_blank(element):
        raw = _raw_text(element)
        yield Finding(
            code,
            _pointer(element),
            f"{name} is blank: {_quoted(raw)} is only white space",
            hint=hint,
        )


@rule(
    "PU118",
    title="goal id differs from the URL",
    severity=ERROR,
    kinds=(GOAL,),
    ops=("update",),
    stage="request",
    hint="use the same goal id in the URL and in <id>",
)
def goal_url_id(doc: Any, ctx: Context) -> Iterator[Finding]:
    """On ``PUT /api/1.0/goal/by_goal_id;id={id}`` the body's ``<id>`` must be the URL's.

    Source: seed 003, "Update a goal" (matrix parameter ``id``: goal ID) and the update
    sample, whose ``<id>`` repeats the URL's. Request-level: ``goalkeeper.check_request``
    only.

    Wrong: ``PUT .../by_goal_id;id=8e81...`` with ``<id>2b0d...</id>``

    Right: ``PUT .../by_goal_id;id=8e81...`` with ``<id>8e81...</id>``
    """
    yield from _url_goal_id(doc, ctx, "PU118", "id")


@rule(
    "PU119",
    title="cpm is ignored",
    severity=WARNING,
    kinds=(GOAL,),
    schema=True,
    hint="remove <cpm>; it is shown in responses but cannot be set here",
)
def goal_cpm(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Setting ``<cpm>`` has no effect.

    Source: seed 003, "Goal: Request body format": ``<cpm>`` "(Setting this value is
    ignored)". It appears in GET responses, so it comes along when a response is edited and
    sent back.

    Wrong: ``<cpm><value>12.5</value></cpm>``

    Right: no ``<cpm>``.
    """
    element = _first(doc, "cpm")
    if element is not None:
        value = element.first("value")
        what = f" (value {_quoted(value.text)})" if value is not None else ""
        yield Finding("PU119", _pointer(element), f"cpm{what} is ignored when it is set")


@rule(
    "PU120",
    title="formatType in a goal request",
    severity=WARNING,
    kinds=(GOAL,),
    hint="remove <formatType> unless your API version documents it in requests",
)
def goal_response_only(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``<formatType>`` is shown only in responses; the request format does not list it.

    Source: seed 003: the responses of "Get goal by goal ID" and "List goals by campaign ID" carry
    ``<formatType>POSTROLL</formatType>``; "Goal: Request body format" does not list it.
    Older versions of the API accepted it in requests, so it is a warning, and the
    message does not claim the API refuses it (SPEC §4.10). It usually comes along when a
    response is edited and sent back.

    Wrong: ``<goalBean>...<formatType>POSTROLL</formatType>...</goalBean>``

    Right: the same without ``<formatType>``.
    """
    for element in _top(doc, "formatType"):
        yield Finding(
            "PU120",
            _pointer(element),
            f"formatType {_quoted(element.text)} is shown only in the seed's responses; the "
            "request format does not list it (older API versions accepted it)",
        )


RULES = (
    goal_required,
    goal_unknown,
    goal_repeated,
    goal_content,
    goal_type,
    goal_variant,
    goal_value_number,
    goal_value_range,
    goal_value_ignored,
    goal_unlimited_impressions,
    goal_name,
    goal_priority,
    goal_front_load_factor,
    goal_budget,
    goal_id_on_create,
    goal_url_id,
    goal_cpm,
    goal_response_only,
    goal_id_empty_on_update,
)
