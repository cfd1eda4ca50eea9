"""Pulse (Videoplaza): goals (``<goalBean>``) and goal rules (``<rulesBean>``), seed 003.

Structure lives in ``goalkeeper/schemas/pulse/*.xsd``; the rules declared here are the
XSD-backed ones (documentation only) and the checks XSD 1.0 cannot make: goal values by
type, dates and the clock, time-window semantics, caps, limits and contradictions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.kinds import Endpoint, Kind, ResponseShape
from goalkeeper.rules import rule

if TYPE_CHECKING:
    from decimal import Decimal

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO

GOAL = "pulse/goal"
GOAL_RULES = "pulse/goal-rules"
BOTH = (GOAL, GOAL_RULES)


def _root_is(name: str) -> Any:
    return lambda root: root.tag == name


def _goal_op(root: Any) -> str:
    return "update" if next(root.iterchildren("id"), None) is not None else "create"


def _update(_root: Any) -> str:
    return "update"


KINDS = (
    Kind(
        name=GOAL,
        vendor="pulse",
        format="xml",
        ops=("create", "update"),
        schema="pulse/goal.xsd",
        title="Pulse (Videoplaza) goal, Goal 1.0 (<goalBean>)",
        signature=_root_is("goalBean"),
        signature_text="root element <goalBean>",
        infer_op=_goal_op,
        endpoints=(
            Endpoint("POST", "/api/1.0/goal", op="create"),
            Endpoint("PUT", "/api/1.0/goal/by_goal_id;id={id}", op="update"),
        ),
    ),
    Kind(
        name=GOAL_RULES,
        vendor="pulse",
        format="xml",
        ops=("update",),
        schema="pulse/goal-rules.xsd",
        title="Pulse (Videoplaza) goal targeting rules, Goal rules 1.0 (<rulesBean>)",
        signature=_root_is("rulesBean"),
        signature_text="root element <rulesBean>",
        infer_op=_update,
        endpoints=(Endpoint("PUT", "/api/1.0/goal/rule/by_goal_id;id={id}", op="update"),),
    ),
)

RESPONSES = (
    ResponseShape(
        "pulse", "xml", _root_is("collection"), "a Pulse response (<collection> of goal beans)"
    ),
)


# ---------------------------------------------------------------------------------------
# Reading elements


class Node(NamedTuple):
    """One element of a payload as the rules see it: tag, stripped text, children.

    lxml builds a new Python object for an element on every access, so the document is
    read into nodes once, in one pass, and every rule walks the nodes. The lxml element
    stays at hand for pointers and line numbers. (A tuple: the reader builds thousands.)
    """

    element: Any
    tag: str
    text: str
    children: list[Node]
    by_tag: dict[str, list[Node]]

    def all(self, name: str) -> list[Node]:
        """The children named ``name``."""
        return self.by_tag.get(name, _NONE)

    def first(self, name: str) -> Node | None:
        found = self.by_tag.get(name)
        return found[0] if found else None

    @property
    def sourceline(self) -> int:
        return int(self.element.sourceline or 0)


_NONE: list[Node] = []


def _read_node(element: Any, tag: str) -> Node:
    children: list[Node] = []
    by_tag: dict[str, list[Node]] = {}
    others = False
    for child in element:
        child_tag = child.tag
        if child_tag.__class__ is not str:
            others = True  # a comment or processing instruction splits the text
            continue
        if len(child):
            node = _read_node(child, child_tag)
        else:  # a leaf, the common case: no recursion
            node = _new_node(Node, (child, child_tag, (child.text or "").strip(), _NONE, _EMPTY))
        children.append(node)
        found = by_tag.get(child_tag)
        if found is None:
            by_tag[child_tag] = [node]
        else:
            found.append(node)
    if children:
        text = ""
    elif others:
        from goalkeeper.xml_schema import element_text

        text = element_text(element).strip()
    else:
        text = (element.text or "").strip()
    return _new_node(Node, (element, tag, text, children, by_tag))


_EMPTY: dict[str, list[Node]] = {}
_new_node = tuple.__new__  # builds a Node without a Python-level __new__ call


def _tree(doc: Any) -> Node:
    """The document's root node, shared by every rule."""
    tree: Node | None = doc.memo.get("tree")
    if tree is None:
        root = doc.root
        tree = doc.memo["tree"] = _read_node(root, str(root.tag))
    return tree


def _top(doc: Any, name: str) -> list[Node]:
    """The root's children named ``name``."""
    return _tree(doc).all(name)


def _first(doc: Any, name: str) -> Node | None:
    return _tree(doc).first(name)


def _memo(doc: Any, key: str, compute: Callable[[Any], Any]) -> Any:
    """Work several rules share (time windows, caps, custom parameters): done once."""
    memo = doc.memo
    if key not in memo:
        memo[key] = compute(doc)
    return memo[key]


def _text(node: Node | None) -> str:
    return node.text if node is not None else ""


def _pointer(node: Any) -> str:
    element = node.element if isinstance(node, Node) else node
    return str(element.getroottree().getpath(element))


def _label(node: Any) -> str:
    return "/".join(_pointer(node).split("/")[2:]) or f"<{node.tag}>"


def _decimal(element: Any) -> Decimal | None:
    from decimal import Decimal, InvalidOperation

    if element is None:
        return None
    try:
        value = Decimal(_text(element))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _integer(element: Any) -> int | None:
    text = _text(element) if element is not None else ""
    return int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None


def _boolean(element: Any) -> bool | None:
    text = _text(element) if element is not None else ""
    return {"true": True, "1": True, "false": False, "0": False}.get(text)


# ---------------------------------------------------------------------------------------
# Shared rules


@rule(
    "PU001",
    title="boolean written as 1 or 0",
    severity=WARNING,
    kinds=BOTH,
    hint="write true or false",
)
def boolean_digits(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A boolean element holds ``1`` or ``0`` instead of ``true`` or ``false``.

    Source: seed 003, "Request body format": the booleans are documented as
    ``boolean`` and every sample writes ``true``/``false``. ``1`` and ``0`` are valid
    ``xs:boolean`` and pass the XSD, but whether the API's parser takes them is not
    documented (SPEC §4.10: a warning). Which elements are booleans is read from the
    kind's XSD.

    Wrong: ``<unlimitedImpressions>0</unlimitedImpressions>``

    Right: ``<unlimitedImpressions>false</unlimitedImpressions>``
    """
    booleans = _boolean_paths(ctx.kind)
    names = {path[-1] for path in booleans}
    for element in doc.root.iter(*names):  # libxml2 picks the candidates by name
        if not len(element):
            text = str(element.text or "").strip()
        else:  # comments split the text, or elements make it no boolean at all
            text = _read_node(element, str(element.tag)).text
        if text not in ("0", "1"):
            continue
        path = (*(a.tag for a in reversed(list(element.iterancestors()))), element.tag)
        if path in booleans:
            word = "true" if text == "1" else "false"
            yield Finding("PU001", _pointer(element), f"{_label(element)} is {text}; write {word}")


def _has_elements(element: Any) -> bool:
    return any(isinstance(child.tag, str) for child in element)


@cache
def _boolean_paths(kind: str) -> frozenset[tuple[str, ...]]:
    """The tag paths, from the root, of every element the kind's XSD types as boolean."""
    from goalkeeper.registry import KINDS_BY_NAME
    from goalkeeper.xml_schema import stage_for

    paths = set()

    def walk(declared: Any, path: tuple[str, ...]) -> None:
        path = (*path, declared.name)
        if declared.simple is not None:
            if declared.simple.base == "boolean":
                paths.add(path)
            return
        for child in declared.children.values():
            walk(child, path)

    walk(stage_for(KINDS_BY_NAME[kind].schema).model, ())
    return frozenset(paths)


@rule(
    "PU002",
    title="request has no x-o-api-key header",
    severity=ERROR,
    kinds=BOTH,
    stage="request",
    hint="send the API key in the x-o-api-key header",
)
def api_key(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Every goal and goal-rules request needs the authentication header ``x-o-api-key``.

    Source: seed 003, "Create a goal" and the other endpoint tables ("Header:
    Authentication header (x-o-api-key)"). Request-level: ``goalkeeper.check_request``
    only. The key's value never appears in a message.

    Wrong: ``PUT /api/1.0/goal/rule/by_goal_id;id=f728...`` with no ``x-o-api-key``.

    Right: the same request with ``x-o-api-key: ...``.
    """
    request = ctx.required_request()
    if not request.has_header("x-o-api-key"):
        yield Finding("PU002", "", "no API key: the request has no x-o-api-key header")


@rule(
    "PU003",
    title="content type is not application/xml in UTF-8",
    severity=ERROR,
    kinds=BOTH,
    stage="request",
    hint="send the header Content-Type: application/xml (or application/xml; charset=UTF-8)",
)
def content_type(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Goal and goal-rules bodies must be sent as ``application/xml``, in UTF-8.

    Source: seed 003, the endpoint tables ("Content type: application/xml") and
    "Getting started" (XML "encoded using UTF-8"). Decision (SPEC §4.10, "Pulse
    Content-Type"): a ``charset`` parameter other than UTF-8 is an error, since the API
    reads the bytes as UTF-8 whatever the header says. Request-level:
    ``goalkeeper.check_request`` only.

    Wrong: ``Content-Type: application/json`` (or none) with a ``<goalBean>`` body;
    ``Content-Type: application/xml; charset=ISO-8859-1``.

    Right: ``Content-Type: application/xml; charset=UTF-8``
    """
    request = ctx.required_request()
    value = request.headers.get("content-type", "")
    media, *parameters = value.split(";")
    media = media.strip().lower()
    if media != "application/xml":
        shown = f'"{media}"' if media else "missing"
        yield Finding("PU003", "", f"the Content-Type is {shown}; the API takes application/xml")
        return
    for parameter in parameters:
        name, _, charset = parameter.partition("=")
        charset = charset.strip().strip('"')
        if name.strip().lower() == "charset" and charset.lower() not in ("utf-8", "utf8"):
            yield Finding(
                "PU003",
                "",
                f'the Content-Type names charset "{charset}"; the API expects UTF-8',
            )


# ---------------------------------------------------------------------------------------
# Goals (<goalBean>)


@rule(
    "PU100",
    title="goal is missing a required element",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="add the element: campaignId, goalValue, start, type and variant are required",
)
def goal_required() -> None:
    """``campaignId``, ``goalValue``, ``start``, ``type`` and ``variant`` must be present
    (``campaignId`` not empty), on create and on update.

    Source: seed 003, "Goal: Request body format" (the elements marked ``Required``);
    SPEC §4.10: an update sends the same body format, so the same elements are required.
    (A ``<budget>`` without its ``<value>`` is reported as PU113.)

    Wrong: ``<goalBean><campaignId>c3ab...</campaignId><goalValue>30000.0</goalValue></goalBean>``

    Right: ``<goalBean><campaignId>c3ab...</campaignId><goalValue>30000.0</goalValue>
    <start>2016-09-30T00:00:00+0200</start><type>IMPRESSION</type><variant>NORMAL</variant>
    </goalBean>``
    """


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

    Source: seed 003, "Goal: Request body format" lists every element. An unknown one is
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


_VALUE_RANGES: dict[str, tuple[str, Callable[[Decimal], bool]]] = {
    "SHARE_OF_VOICE": ("between 0.01 and 1.0", lambda v: v * 100 >= 1 and v <= 1),
    "IMPRESSION": ("greater than 0", lambda v: v > 0),
    "RTB": ("0 or more", lambda v: v >= 0),
}


@rule(
    "PU107",
    title="goalValue is out of range for the goal type",
    severity=ERROR,
    kinds=(GOAL,),
    hint="share of voice is a fraction 0.01-1.0; impressions are a positive count",
)
def goal_value_range(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``goalValue`` must fit the goal ``type``: ``SHARE_OF_VOICE`` 0.01 to 1.0,
    ``IMPRESSION`` any positive number, ``RTB`` a number of 0 or more.

    Source: seed 003, "Valid values for goal types" (SHARE_OF_VOICE: 0.01-1.0,
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

    Source: seed 003: "Setting the goalValue parameter for unlimited impression goals is
    ignored." The element is still required by the format (SPEC §4.7).

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
    title="goal name is longer than 255 characters",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="shorten the name to at most 255 characters",
)
def goal_name() -> None:
    """``name`` may have at most 255 characters.

    Source: seed 003, "Goal: Request body format": "Use up to 255 characters".

    Wrong: a 300-character ``<name>``.

    Right: ``<name>Royco Midroll</name>``
    """


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


@cache
def _datetime_pattern() -> re.Pattern[str]:
    return re.compile(
        r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):?(\d{2}))?"
    )


class _Moment(NamedTuple):
    value: datetime | None  # None when the text has the shape but not a real date
    element: Any


def parse_pulse_datetime(text: str) -> datetime | bool | None:
    """A Pulse date-time: an aware datetime, None for an impossible date, False for the
    wrong shape. No offset means UTC (SPEC §4.10); ``+0200`` and ``+02:00`` both work."""
    match = _datetime_pattern().fullmatch(text)
    if not match:
        return False
    # The shape is known now: hand a normalised form to the C parser.
    fraction = match.group(7) or ""
    zone = match.group(8)
    if not zone or zone == "Z":
        offset = "+00:00"
    else:
        if int(match.group(10)) > 23 or int(match.group(11)) > 59:
            return None
        offset = f"{match.group(9)}{match.group(10)}:{match.group(11)}"
    normalised = text[:19] + (fraction[:7].ljust(7, "0") if fraction else "") + offset
    try:
        return datetime.fromisoformat(normalised)
    except ValueError:
        return None


def _moment(doc: Any, name: str) -> _Moment | None:
    return _memo(doc, f"moment:{name}", lambda doc: _read_moment(doc, name))  # type: ignore[no-any-return]


def _read_moment(doc: Any, name: str) -> _Moment | None:
    element = _first(doc, name)
    if element is None:
        return None
    parsed = parse_pulse_datetime(_text(element))
    if parsed is False:
        return None  # the XSD reports the shape
    return _Moment(parsed if isinstance(parsed, datetime) else None, element)


@rule(
    "PU114",
    title="start or end is not a valid date and time",
    severity=ERROR,
    kinds=(GOAL,),
    schema=True,
    hint="write YYYY-MM-DDThh:mm:ss, optionally with an offset such as +0200",
)
def goal_datetime(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``start`` and ``end`` are date-times like ``2016-09-30T00:00:00+0200``.

    Source: seed 003, "Goal: Request body format" and the request samples. The offset may
    be written ``+0200`` (as the samples do) or ``+02:00``; ``Z`` and fractional seconds
    are accepted, and no offset means UTC (Decision, SPEC §4.10). The XSD checks the
    shape; this rule also refuses dates that do not exist (``2016-02-30``).

    Wrong: ``<start>30/09/2016 00:00</start>``, ``<end>2016-02-30T00:00:00</end>``

    Right: ``<start>2016-09-30T00:00:00+0200</start>``
    """
    for name in ("start", "end"):
        moment = _moment(doc, name)
        if moment is not None and moment.value is None:
            yield Finding(
                "PU114",
                _pointer(moment.element),
                f'{name} "{_text(moment.element)}" is not a real date and time',
            )


@rule(
    "PU115",
    title="end is not after start",
    severity=ERROR,
    kinds=(GOAL,),
    hint="move end after start",
)
def goal_end_after_start(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``end`` must be later than ``start``.

    Source: seed 003, "Goal: Request body format": "End date and time must be after start
    date and time". Both are compared as instants, offsets included.

    Wrong: ``<start>2016-10-30T00:00:00+0200</start><end>2016-09-30T00:00:00+0200</end>``

    Right: ``<start>2016-09-30T00:00:00+0200</start><end>2016-10-30T00:00:00+0200</end>``
    """
    start, end = _moment(doc, "start"), _moment(doc, "end")
    if start and end and start.value and end.value and end.value <= start.value:
        yield Finding(
            "PU115",
            _pointer(end.element),
            f"end {_text(end.element)} is not after start {_text(start.element)}",
        )


@rule(
    "PU116",
    title="start is in the past",
    severity=WARNING,
    kinds=(GOAL,),
    ops=("create",),
    hint="give a start in the future, or leave it: the API uses the time of creation",
)
def goal_start_in_past(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A new goal's ``start`` lies in the past while its ``end`` does not.

    Source: seed 003: "start date and time cannot be in the past and if you pass in a past
    date and time, it gets set to the date and time of creation"; "Passing in a start date
    and time in the past is only allowed if the end date and time is also in the past".
    The clock is ``--now`` (library: ``now=``), by default the current time. Decision
    (SPEC §4.10): create only (an active goal may keep its past start on update), and a
    missing end counts as not in the past.

    Wrong (at 2016-10-01): ``<start>2016-09-30T00:00:00+0200</start>
    <end>2016-10-30T00:00:00+0200</end>``

    Right: a start after the clock, or start and end both in the past (an inactive goal).
    """
    start, end = _moment(doc, "start"), _moment(doc, "end")
    if start is None or start.value is None or start.value >= ctx.now:
        return
    if end is not None and end.value is not None and end.value < ctx.now:
        return
    yield Finding(
        "PU116",
        _pointer(start.element),
        f"start {_text(start.element)} is before now "
        f"({ctx.now.isoformat(timespec='minutes')}); the API will start the goal at "
        "its creation instead",
    )


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
    a goal". goalkeeper infers an update from an ``<id>``, so this fires when the
    operation is given as create (``--op create``, a files mapping, or ``POST
    /api/1.0/goal``).

    Wrong: ``POST /api/1.0/goal`` with ``<goalBean><id>8e81...</id>...``

    Right: ``POST /api/1.0/goal`` with no ``<id>``.
    """
    element = _first(doc, "id")
    if element is not None:
        yield Finding(
            "PU117", _pointer(element), "id is set, but a new goal gets its id from the API"
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
        yield Finding("PU119", _pointer(element), "cpm is ignored when it is set")


@rule(
    "PU120",
    title="response-only element in a goal",
    severity=WARNING,
    kinds=(GOAL,),
    hint="remove it; it is part of the API's answer, not of the request",
)
def goal_response_only(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``<formatType>`` appears in responses but is not part of the request format.

    Source: seed 003: the GET responses carry ``<formatType>POSTROLL</formatType>``; the
    request body format does not list it.

    Wrong: ``<goalBean>...<formatType>POSTROLL</formatType>...</goalBean>``

    Right: the same without ``<formatType>``.
    """
    for element in _top(doc, "formatType"):
        yield Finding(
            "PU120",
            _pointer(element),
            "formatType is only part of responses; the request cannot set it",
        )


# ---------------------------------------------------------------------------------------
# Goal rules (<rulesBean>)


@rule(
    "PU200",
    title="unknown goal-rules element or attribute",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="remove it or fix its spelling",
)
def rules_unknown() -> None:
    """An element or attribute that the Goal rules 1.0 body format does not have.

    Source: seed 003, "Goal rules: Request body format" lists every section and element.

    Wrong: ``<rulesBean><frequencyCapping>...</frequencyCapping></rulesBean>``

    Right: ``<rulesBean><frequencyCappings>...</frequencyCappings></rulesBean>``
    """


@rule(
    "PU201",
    title="targeting not supported by the 1.0 rules endpoint",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="add audience, browser/OS and IP targeting through a targeting "
    "template linked to the goal",
)
def rules_unsupported() -> None:
    """Audience, browser/OS and IP targeting cannot be set through this endpoint.

    Source: seed 003, "Update goal rules": "Audience targeting, browser/OS targeting, and IP
    targeting is not supported through this API. A possible workaround is to add these
    targeting rules through targeting templates". An unknown element whose name has one of
    the words audience, browser, operating system/os, platform, device or ip is reported
    here instead of as unknown (SPEC §4.10).

    Wrong: ``<rulesBean><browserTargeting>...</browserTargeting></rulesBean>``

    Right: the browser targeting in a targeting template linked to the goal.
    """


@rule(
    "PU202",
    title="element given more than once",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="keep one of them",
)
def rules_repeated(doc: Any, ctx: Context) -> Iterator[Finding]:
    """An element that holds one value appears twice: ``parentId`` or an ``ignoreParent…``
    flag in ``<rulesBean>``, an element of a section (``active``, ``fromHour`` …).

    Source: seed 003, "Goal rules: Request body format". ``days`` and the
    ``accountCustomParameters`` ``rules`` repeat by design; the others are single values.

    Wrong: ``<timeRestrictions><active>true</active><active>false</active>...``

    Right: ``<timeRestrictions><active>true</active>...``
    """
    groups: list[tuple[Any, tuple[str, ...]]] = [
        (None, ("parentId", *_IGNORE_PARENT)),
        *[(section, _TIME_SINGLE) for section in _top(doc, "timeRestrictions")],
    ]
    groups += [
        (section, ("ignoreParent", "parameterName"))
        for section in _top(doc, "accountCustomParameters")
    ]
    for parent, names in groups:
        for name in names:
            elements = _top(doc, name) if parent is None else parent.all(name)
            for element in elements[1:]:
                yield Finding(
                    "PU202",
                    _pointer(element),
                    f"<{name}> appears more than once in "
                    f"{_label(parent if parent is not None else _tree(doc))}",
                )


_IGNORE_PARENT = (
    "ignoreParentContentRules",
    "ignoreParentFrequencyRules",
    "ignoreParentLocationRules",
    "ignoreParentTagRules",
    "ignoreParentTimeRules",
)
_TIME_SINGLE = ("active", "fromHour", "fromMinute", "toHour", "toMinute")


@rule(
    "PU203",
    title="required element missing",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="add the missing element",
)
def rules_required(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Each section needs its elements: ``content``/``tags``: ``resourceId``, ``ruleType``,
    ``variableType``; ``locations``: ``id``, ``locationType``, ``allowed``;
    ``frequencyCappings``: ``impressions``, ``timeUnit``; ``timeRestrictions``: ``active``,
    at least one ``days``, ``fromHour``, ``fromMinute``, ``toHour``, ``toMinute``;
    ``accountCustomParameters``: ``parameterName`` and at least one ``rules``. Ids and
    ``parentId`` may not be empty.

    Source: seed 003, "Goal rules: Request body format"; Decision (SPEC §4.10): the format
    gives each of these a value, so each is required. The XSD checks the fixed sections;
    this rule checks the two whose children repeat.

    Wrong: ``<timeRestrictions><active>true</active><days>SUNDAY</days></timeRestrictions>``

    Right: the same with ``fromHour``, ``fromMinute``, ``toHour`` and ``toMinute``.
    """
    required: list[tuple[Any, tuple[str, ...]]] = [
        (section, ("active", "days", *_TIME_SINGLE[1:]))
        for section in _top(doc, "timeRestrictions")
    ]
    required += [
        (section, ("parameterName", "rules")) for section in _top(doc, "accountCustomParameters")
    ]
    for section, names in required:
        for name in names:
            if section.first(name) is None:
                yield Finding(
                    "PU203",
                    _pointer(section),
                    f"required element <{name}> is missing from {_label(section)}",
                )


@rule(
    "PU204",
    title="goal-rules element has the wrong content",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="sections hold elements; the elements inside them hold a single value",
)
def rules_content() -> None:
    """A section (``content``, ``locations`` …) holds text, or a value element holds child
    elements.

    Source: seed 003, "Goal rules: Request body format".

    Wrong: ``<content>dc74b090-c275-4646-a37f-4d5cff09997a</content>``

    Right: ``<content><resourceId>dc74b090-...</resourceId><ruleType>ALL_OF</ruleType>
    <variableType>SITE</variableType></content>``
    """


@rule(
    "PU205",
    title="parentId is missing",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="add <parentId> with the goal's id (the one in the URL)",
)
def rules_parent_missing(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``<parentId>`` names the goal the rules belong to.

    Source: seed 003, "Goal rules: Request body format" (``<parentId>string</parentId>
    <!-- Goal ID -->``) and both samples. The URL names the goal too, so a missing
    ``parentId`` is a warning (SPEC §4.10).

    Wrong: ``<rulesBean><content>...</content></rulesBean>``

    Right: ``<rulesBean><parentId>f728064b-...</parentId><content>...</content></rulesBean>``
    """
    if _first(doc, "parentId") is None:
        yield Finding("PU205", _pointer(doc.root), "<parentId> is missing from <rulesBean>")


@rule(
    "PU206",
    title="parentId differs from the URL",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    stage="request",
    hint="use the same goal id in the URL and in <parentId>",
)
def rules_url_id(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``parentId`` must be the goal id of ``PUT /api/1.0/goal/rule/by_goal_id;id={id}``.

    Source: seed 003, "Update goal rules" and its sample (``parentId`` repeats the URL's
    id). Request-level: ``goalkeeper.check_request`` only.

    Wrong: ``PUT .../rule/by_goal_id;id=f728...`` with ``<parentId>8e81...</parentId>``

    Right: ``PUT .../rule/by_goal_id;id=f728...`` with ``<parentId>f728...</parentId>``
    """
    yield from _url_goal_id(doc, ctx, "PU206", "parentId")


def _url_goal_id(doc: Any, ctx: Context, code: str, tag: str) -> Iterator[Finding]:
    """The body's goal id in ``<tag>`` against the URL's ``id`` matrix parameter."""
    element = _first(doc, tag)
    in_url = ctx.required_request().path_params.get("id")
    if element is not None and in_url is not None and _text(element) != in_url:
        yield Finding(
            code,
            _pointer(element),
            f'the URL names goal "{in_url}" but <{tag}> is "{_text(element)}"',
        )


@rule(
    "PU207",
    title="ignoreParent…Rules is not a boolean",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write true or false",
)
def rules_ignore_parent() -> None:
    """``ignoreParentContentRules``, ``…FrequencyRules``, ``…LocationRules``,
    ``…TagRules`` and ``…TimeRules`` are booleans.

    Source: seed 003, "Goal rules: Request body format" and "The ignoreParentRules
    parameters can be set to: true ... false".

    Wrong: ``<ignoreParentTimeRules>yes</ignoreParentTimeRules>``

    Right: ``<ignoreParentTimeRules>true</ignoreParentTimeRules>``
    """


@rule(
    "PU210",
    title="ruleType is not ALL_OF, AT_LEAST_ONE_OF or NONE_OF",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="use ALL_OF, AT_LEAST_ONE_OF or NONE_OF",
)
def rules_rule_type() -> None:
    """``content`` and ``tags`` rules are ``ALL_OF``, ``AT_LEAST_ONE_OF`` or ``NONE_OF``.

    Source: seed 003, "Goal rules: Request body format" (``<ruleType>``).

    Wrong: ``<ruleType>ANY_OF</ruleType>``

    Right: ``<ruleType>AT_LEAST_ONE_OF</ruleType>``
    """


@rule(
    "PU211",
    title="variableType does not fit the section",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="content takes SITE; tags take CONTENT_PARTNER or TAG",
)
def rules_variable_type() -> None:
    """``content`` rules have ``variableType`` ``SITE``; ``tags`` rules ``CONTENT_PARTNER``
    or ``TAG``.

    Source: seed 003, "Goal rules: Request body format".

    Wrong: ``<content>...<variableType>TAG</variableType></content>``

    Right: ``<tags>...<variableType>TAG</variableType></tags>``
    """


@rule(
    "PU212",
    title="resourceName is ignored",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="remove <resourceName>; only <resourceId> counts",
)
def rules_resource_name(doc: Any, ctx: Context) -> Iterator[Finding]:
    """``resourceName`` in ``content`` and ``tags`` has no effect.

    Source: seed 003, "Goal rules: Request body format": ``<resourceName>`` "(Category
    name; setting this value is ignored)" and "(Content Partner/Tag name; setting this
    value is ignored)". A changed name does not change the rule; only ``resourceId``
    counts.

    Wrong: ``<content><resourceId>dc74...</resourceId><resourceName>Sport</resourceName>...``
    when dc74... is Entertainment.

    Right: ``<content><resourceId>dc74...</resourceId>...`` (no name)
    """
    for section in (*_top(doc, "content"), *_top(doc, "tags")):
        for element in section.all("resourceName"):
            yield Finding(
                "PU212",
                _pointer(element),
                f"{_label(element)} is ignored; the rule is decided by resourceId",
            )


def _first_seen(keys_and_elements: list[tuple[Any, Any]]) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key, element in keys_and_elements:
        seen.setdefault(key, element)
    return seen


@rule(
    "PU213",
    title="resource both required and excluded",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    hint="decide whether the goal targets the resource or excludes it",
)
def rules_resource_contradiction(doc: Any, ctx: Context) -> Iterator[Finding]:
    """The same resource appears under ``ALL_OF``/``AT_LEAST_ONE_OF`` and under ``NONE_OF``.

    Source: seed 003, "Goal rules: Request body format" (rule types); SPEC §4.8 and
    §4.10. A resource cannot be both required and excluded: the goal then delivers to
    nothing (``ALL_OF``) or the requirement is void. Content rules compare ``resourceId``;
    tag rules compare ``variableType`` and ``resourceId``. The finding points at the later
    occurrence.

    Wrong: ``<content><resourceId>dc74...</resourceId><ruleType>ALL_OF</ruleType>...``
    and ``<content><resourceId>dc74...</resourceId><ruleType>NONE_OF</ruleType>...``

    Right: one of the two.
    """
    for section_name in ("content", "tags"):
        entries = []
        for section in _top(doc, section_name):
            resource, rule_type = (
                section.first("resourceId"),
                section.first("ruleType"),
            )
            if resource is None or rule_type is None:
                continue
            variable = section.first("variableType")
            key = (
                _text(variable) if section_name == "tags" and variable is not None else "",
                _text(resource),
            )
            entries.append((key, _text(rule_type), section))
        what = "tag resource" if section_name == "tags" else "content resource"
        yield from _contradictions(
            entries,
            "PU213",
            what,
            "targeted",
            lambda t: t in ("ALL_OF", "AT_LEAST_ONE_OF"),
            "NONE_OF",
        )


def _contradictions(
    entries: list[tuple[Any, str, Any]], code: str, what: str, yes: str, is_yes: Any, no_value: str
) -> Iterator[Finding]:
    """The later of two entries with the same key, one positive and one negative."""
    seen: dict[Any, tuple[bool, Any]] = {}
    for key, kind, element in entries:
        positive = is_yes(kind)
        negative = kind == no_value
        if not (positive or negative):
            continue
        earlier = seen.get(key)
        if earlier is not None and earlier[0] != positive:
            shown = key[-1] if isinstance(key, tuple) else key
            line = earlier[1].sourceline
            yield Finding(
                code,
                _pointer(element),
                f'{what} "{shown}" is {yes if positive else "excluded"} here but '
                f"{'excluded' if positive else yes} on line {line}",
            )
        seen.setdefault(key, (positive, element))


_TIME_UNITS = (
    "FIVE_MINUTES",
    "TEN_MINUTES",
    "QUARTER_HOUR",
    "HALF_HOUR",
    "HOUR",
    "DAY",
    "WEEK",
    "MONTH",
    "GOAL_LIFETIME",
)


@rule(
    "PU220",
    title="impressions is not a positive whole number",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write a whole number of 1 or more",
)
def caps_impressions() -> None:
    """A frequency cap's ``impressions`` is a whole number of at least 1.

    Source: seed 003, "Goal rules: Request body format" (``<impressions>integer
    </impressions>`` "Number of impressions to allow in this time period"). Decision (SPEC
    §4.10): at least 1; a cap of 0 would stop delivery altogether.

    Wrong: ``<impressions>0</impressions>``, ``<impressions>2.5</impressions>``

    Right: ``<impressions>3</impressions>``
    """


@rule(
    "PU221",
    title="timeUnit is not a known period",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="use FIVE_MINUTES, TEN_MINUTES, QUARTER_HOUR, HALF_HOUR, HOUR, DAY, "
    "WEEK, MONTH or GOAL_LIFETIME",
)
def caps_time_unit() -> None:
    """A frequency cap's ``timeUnit`` is one of ``FIVE_MINUTES``, ``TEN_MINUTES``,
    ``QUARTER_HOUR``, ``HALF_HOUR``, ``HOUR``, ``DAY``, ``WEEK``, ``MONTH``,
    ``GOAL_LIFETIME``.

    Source: seed 003, "Goal rules: Request body format" (``<timeUnit>``).

    Wrong: ``<timeUnit>MINUTE</timeUnit>``

    Right: ``<timeUnit>FIVE_MINUTES</timeUnit>``
    """


def _caps(doc: Any) -> list[tuple[str, int, Any]]:
    return _memo(doc, "caps", _read_caps)  # type: ignore[no-any-return]


def _read_caps(doc: Any) -> list[tuple[str, int, Any]]:
    caps = []
    for section in _top(doc, "frequencyCappings"):
        unit, impressions = (
            section.first("timeUnit"),
            _integer(section.first("impressions")),
        )
        if unit is not None and _text(unit) in _TIME_UNITS and impressions is not None:
            caps.append((_text(unit), impressions, section))
    return caps


@rule(
    "PU222",
    title="two frequency caps for the same period",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="keep one cap per time unit",
)
def caps_same_unit(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Two ``frequencyCappings`` use the same ``timeUnit``.

    Source: seed 003, "Goal rules: Request body format" (one cap per period, as the sample's
    HOUR and DAY caps); SPEC §4.8. Which of the two applies is undocumented.

    Wrong: ``<frequencyCappings><impressions>3</impressions><timeUnit>HOUR</timeUnit>
    </frequencyCappings>`` twice with 3 and 5.

    Right: one HOUR cap.
    """
    seen: dict[str, Any] = {}
    for unit, _impressions, section in _caps(doc):
        if unit in seen:
            yield Finding(
                "PU222",
                _pointer(section),
                f"a {unit} cap is already set on line {seen[unit].sourceline}",
            )
        else:
            seen[unit] = section


@rule(
    "PU223",
    title="frequency cap can never be reached",
    severity=INFO,
    kinds=(GOAL_RULES,),
    hint="lower the shorter period's cap below the longer one's, or remove it",
)
def caps_unreachable(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A cap for a shorter period is not lower than a cap for a longer period, so the longer
    period's cap always stops delivery first.

    Source: seed 003, "Goal rules: Request body format" (caps per period; the sample allows
    3 per HOUR and 15 per DAY); SPEC §4.8. Periods are ordered FIVE_MINUTES <
    TEN_MINUTES < QUARTER_HOUR < HALF_HOUR < HOUR < DAY < WEEK < MONTH < GOAL_LIFETIME.

    Wrong: 20 per HOUR with 10 per DAY (the hourly cap of 20 can never be reached).

    Right: 3 per HOUR with 15 per DAY.
    """
    caps = _caps(doc)
    for unit, impressions, section in caps:
        rank = _TIME_UNITS.index(unit)
        binding = [
            (other_unit, other)
            for other_unit, other, _ in caps
            if _TIME_UNITS.index(other_unit) > rank and other <= impressions
        ]
        if binding:
            other_unit, other = min(binding, key=lambda item: item[1])
            yield Finding(
                "PU223",
                _pointer(section),
                f"the {unit} cap of {impressions} can never be reached: the "
                f"{other_unit} cap is {other}",
            )


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
        for name in ("country", "region", "city"):
            for element in section.all(name):
                yield Finding(
                    "PU233",
                    _pointer(element),
                    f"{_label(element)} is ignored; the location is chosen by its id",
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
    entries = []
    for section in _top(doc, "locations"):
        location_id, kind = section.first("id"), section.first("locationType")
        allowed = _boolean(section.first("allowed"))
        if location_id is None or kind is None or allowed is None:
            continue
        entries.append(((_text(kind), _text(location_id)), "yes" if allowed else "no", section))
    yield from _contradictions(entries, "PU234", "location", "allowed", lambda t: t == "yes", "no")


@rule(
    "PU240",
    title="active is not a boolean",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write true or false",
)
def time_active() -> None:
    """A time restriction's ``active`` is ``true`` or ``false``.

    Source: seed 003, "Goal rules: Request body format" (``<active>boolean</active>``).

    Wrong: ``<active>on</active>``

    Right: ``<active>true</active>``
    """


@rule(
    "PU241",
    title="day is not MONDAY ... SUNDAY",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="use MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY or SUNDAY",
)
def time_day() -> None:
    """Each ``days`` element names one day, in upper case.

    Source: seed 003, "Goal rules: Request body format"
    (``<days>MONDAY|TUESDAY|...|SUNDAY</days>``; one element per day, as in the sample).

    Wrong: ``<days>Saturday</days>``, ``<days>SATURDAY,SUNDAY</days>``

    Right: ``<days>SATURDAY</days><days>SUNDAY</days>``
    """


@rule(
    "PU242",
    title="day listed twice in a time restriction",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="list each day once",
)
def time_day_repeated(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A time restriction lists the same day twice.

    Source: seed 003, "Goal rules: Request body format"; SPEC §4.8. The repeat adds
    nothing and often hides a day that was meant instead.

    Wrong: ``<days>SATURDAY</days><days>SATURDAY</days>``

    Right: ``<days>SATURDAY</days><days>SUNDAY</days>``
    """
    for section in _top(doc, "timeRestrictions"):
        seen: set[str] = set()
        for element in section.all("days"):
            day = _text(element)
            if day in seen:
                yield Finding(
                    "PU242", _pointer(element), f"{day} is already listed in {_label(section)}"
                )
            seen.add(day)


class Window(NamedTuple):
    """A time restriction read as seed 003 describes it, in minutes of the day."""

    active: bool
    days: frozenset[str]
    start: int  # first minute included
    end: int  # first minute not included; 1440 when the end is 0:00
    section: Any


def window_minutes(
    from_hour: int, from_minute: int, to_hour: int, to_minute: int
) -> tuple[int, int]:
    """``[start, end)`` in minutes of the day. The end minute is exclusive (``5:59`` stops at
    05:58:59) and ``0:00`` as the end means the end of the day (seed 003)."""
    start = from_hour * 60 + from_minute
    end = 24 * 60 if (to_hour, to_minute) == (0, 0) else to_hour * 60 + to_minute
    return start, end


def _windows(doc: Any) -> list[Window]:
    return _memo(doc, "windows", _read_windows)  # type: ignore[no-any-return]


def _read_windows(doc: Any) -> list[Window]:
    """Every restriction whose values are all readable (the XSD reports the others)."""
    windows = []
    for section in _top(doc, "timeRestrictions"):
        active = _boolean(section.first("active"))
        read = [_integer(section.first(name)) for name in _TIME_SINGLE[1:]]
        parts = [part for part in read if part is not None]
        if active is None or len(parts) != 4:
            continue
        from_hour, from_minute, to_hour, to_minute = parts
        if not (
            0 <= from_hour <= 23
            and 0 <= to_hour <= 23
            and 0 <= from_minute <= 59
            and 0 <= to_minute <= 59
        ):
            continue
        start, end = window_minutes(from_hour, from_minute, to_hour, to_minute)
        days = frozenset(_text(day) for day in section.all("days"))
        windows.append(Window(active, days, start, end, section))
    return windows


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@rule(
    "PU243",
    title="hour or minute out of range",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="hours are 0-23 and minutes 0-59",
)
def time_range() -> None:
    """``fromHour`` and ``toHour`` are whole numbers 0 to 23, ``fromMinute`` and
    ``toMinute`` 0 to 59. The end of the day is written ``toHour`` 0, ``toMinute`` 0.

    Source: seed 003, "Goal rules: Request body format" (``<fromHour>0-23</fromHour>``
    ... ``<toMinute>0-59</toMinute>``) and "To extend a rule to the next day, use
    <toHour>0</toHour> and <toMinute>0</toMinute>".

    Wrong: ``<toHour>24</toHour><toMinute>0</toMinute>``

    Right: ``<toHour>0</toHour><toMinute>0</toMinute>``
    """


@rule("PU244", title="time window ends at hh:58:59", severity=WARNING, kinds=(GOAL_RULES,))
def time_last_minute(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A window that ends at minute 59 stops a minute early: the end minute is exclusive.

    Source: seed 003: "Time restriction set to, for example, <toHour>5</toHour> and
    <toMinute>59</toMinute> actually means it is set to 05:58:59 ... To capture the last
    minute of the hour in this example, you need to set the time restriction as
    <toHour>6</toHour> and <toMinute>0</toMinute>." For 23:59 the hint is 0:00, the end of
    the day (SPEC §4.10).

    How goalkeeper reads a window (``from`` included, ``to`` excluded, minutes of the day):

    | from | to | covers | finding |
    |---|---|---|---|
    | 8:00 | 11:00 | 08:00:00-10:59:59 | none |
    | 0:00 | 5:59 | 00:00:00-05:58:59 | PU244: use 6:00 |
    | 0:00 | 23:59 | 00:00:00-23:58:59 | PU244: use 0:00 |
    | 22:00 | 0:00 | 22:00:00-23:59:59 | none (0:00 is the end of the day) |
    | 0:00 | 0:00 | the whole day | none |
    | 10:00 | 10:00 | nothing | PU245 (empty) |
    | 22:00 | 2:00 | nothing (no wrap past midnight) | PU245 (ends before it starts) |

    Wrong: ``<toHour>5</toHour><toMinute>59</toMinute>``

    Right: ``<toHour>6</toHour><toMinute>0</toMinute>``
    """
    for window in _windows(doc):
        if window.end % 60 == 59 and window.end > window.start:
            suggestion = (
                "0:00 (the end of the day)" if window.end == 1439 else f"{window.end // 60 + 1}:00"
            )
            to_minute = window.section.first("toMinute")
            yield Finding(
                "PU244",
                _pointer(to_minute),
                f"the window ends at {_clock(window.end)}, which the API reads as "
                f"{_clock(window.end - 1)}:59: the minute {_clock(window.end)} is not covered",
                hint=f"to include {_clock(window.end)}, end at {suggestion}",
            )


@rule(
    "PU245",
    title="time window is empty or ends before it starts",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    hint="give an end after the start on the same day; use 0:00 as the end for midnight",
)
def time_empty(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A window whose end equals its start covers nothing; one whose end is before its start
    (other than the end 0:00) would have to wrap past midnight, which the format cannot say.

    Source: seed 003 (end minute exclusive; "To extend a rule to the next day, use
    <toHour>0</toHour> and <toMinute>0</toMinute>"); Decision (SPEC §4.10): no wrap past
    midnight, so such a window is an error. Split a night window into two restrictions.
    See PU244 for the table of worked examples.

    Wrong: ``fromHour 22 fromMinute 0 toHour 2 toMinute 0``

    Right: 22:00-0:00 on the evening's day and 0:00-2:00 on the next day's.
    """
    for window in _windows(doc):
        where = _pointer(window.section.first("toHour"))
        if window.end == window.start:
            yield Finding(
                "PU245", where, f"the window {_clock(window.start)}-{_clock(window.end)} is empty"
            )
        elif window.end < window.start:
            yield Finding(
                "PU245",
                where,
                f"the window ends at {_clock(window.end)}, before it starts at "
                f"{_clock(window.start)}",
            )


def _covers(window: Window) -> bool:
    return window.end > window.start


def overlaps(first: Window, second: Window) -> bool:
    """Whether two windows share a minute on a day they both list."""
    return bool(first.days & second.days) and first.start < second.end and second.start < first.end


@rule(
    "PU246",
    title="inactive time restriction has no effect",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="make it overlap an active restriction, or remove it",
)
def time_inactive_unused(doc: Any, ctx: Context) -> Iterator[Finding]:
    """An inactive restriction that overlaps no active one on any of its days can never
    matter.

    Source: seed 003: "If you set a specific time restriction combination to active, then
    the rest is considered inactive. You can have both active and inactive rules if you
    want to set a portion of the active period to be inactive. For example, active on
    Saturday between 08:00 a.m. and 11:00 a.m., but inactive for 15 minutes on Saturday,
    between 10:00 a.m. and 10:15 a.m." Once an active restriction exists, only the active
    windows deliver, so an inactive window outside all of them changes nothing.

    Wrong: active Saturday 08:00-11:00 and inactive Sunday 10:00-10:15.

    Right: active Saturday 08:00-11:00 and inactive Saturday 10:00-10:15.
    """
    windows = [w for w in _windows(doc) if _covers(w)]
    active = [w for w in windows if w.active]
    if not active:
        return
    for window in windows:
        if not window.active and not any(overlaps(window, other) for other in active):
            yield Finding(
                "PU246",
                _pointer(window.section),
                f"{_label(window.section)} is inactive and overlaps no active "
                "restriction, so it has no effect",
            )


@rule(
    "PU247",
    title="inactive time restrictions without an active one",
    severity=INFO,
    kinds=(GOAL_RULES,),
    hint="mark the hours to deliver as active; inactive ones only cut into those",
)
def time_inactive_alone(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Inactive restrictions are given but no restriction is active.

    Source: seed 003 (active and inactive restrictions, see PU246); SPEC §4.10: with no
    active restriction the effect of inactive ones is undocumented.

    Wrong: only ``<timeRestrictions><active>false</active>...``

    Right: an active restriction for the delivery hours, and the inactive ones inside it.
    """
    windows = _windows(doc)
    if not any(w.active for w in windows):
        for window in filter(_covers, windows):  # an empty window is PU245's
            yield Finding(
                "PU247",
                _pointer(window.section),
                f"{_label(window.section)} is inactive and no restriction is active; "
                "its effect is undocumented",
            )


@rule(
    "PU250",
    title="parameterName is not acp.<name>",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write acp. and the ad request parameter's name, e.g. acp.genre",
)
def acp_name() -> None:
    """An account custom parameter's ``parameterName`` is ``acp.`` followed by the name of
    an ad request parameter defined for the Pulse account.

    Source: seed 003, "Goal rules: Request body format"
    (``<parameterName>acp.paramName</parameterName>`` "paramName needs to match the ad
    request parameter name defined for your Pulse account").

    Wrong: ``<parameterName>genre</parameterName>``

    Right: ``<parameterName>acp.genre</parameterName>``
    """


@rule(
    "PU251",
    title="ignoreParent is not a boolean",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="write true or false",
)
def acp_ignore_parent() -> None:
    """An account custom parameter's ``ignoreParent`` is ``true`` or ``false``.

    Source: seed 003, "Goal rules: Request body format" (``<ignoreParent>boolean
    </ignoreParent>``).

    Wrong: ``<ignoreParent>Y</ignoreParent>``

    Right: ``<ignoreParent>true</ignoreParent>``
    """


@rule(
    "PU252",
    title="account custom parameter ruleType is not AT_LEAST_ONE_OF or NONE_OF",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="use AT_LEAST_ONE_OF or NONE_OF; ALL_OF is not available for custom parameters",
)
def acp_rule_type() -> None:
    """Custom parameter rules are ``AT_LEAST_ONE_OF`` or ``NONE_OF``; ``ALL_OF`` is not
    allowed here.

    Source: seed 003, "Goal rules: Request body format"
    (``<ruleType>AT_LEAST_ONE_OF|NONE_OF</ruleType>`` inside ``accountCustomParameters``).

    Wrong: ``<rules><ruleType>ALL_OF</ruleType><value>Comedy</value></rules>``

    Right: ``<rules><ruleType>AT_LEAST_ONE_OF</ruleType><value>Comedy</value></rules>``
    """


@rule(
    "PU253",
    title="custom parameter value is empty or has a forbidden character",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="remove white space and , ; \" ' \\ | ~ & from the value",
)
def acp_value() -> None:
    """A custom parameter value is not empty and contains no white space and none of
    ``,`` ``;`` ``"`` ``'`` ``\\`` ``|`` ``~`` ``&``.

    Source: seed 003: "The account custom parameter values cannot contain any spaces or any
    of the following characters: comma (,), semicolon (;), double quote/quotation mark
    ("), single quote/apostrophe ('), backslash (\\), pipe (|), tilde (~), or ampersand
    (&)." Decision (SPEC §4.10): any white space (tab, newline) counts as a space.

    Wrong: ``<value>Stand-up comedy</value>``, ``<value>Rock&amp;Roll</value>``

    Right: ``<value>Stand-up_comedy</value>``
    """


def _acp_values(doc: Any) -> dict[str, list[tuple[str, str, Any]]]:
    return _memo(doc, "acp", _read_acp_values)  # type: ignore[no-any-return]


def _read_acp_values(doc: Any) -> dict[str, list[tuple[str, str, Any]]]:
    """For each parameter name: (value, ruleType, value element) over all blocks."""
    by_name: dict[str, list[tuple[str, str, Any]]] = {}
    for block in _top(doc, "accountCustomParameters"):
        name = block.first("parameterName")
        if name is None:
            continue
        for rules in block.all("rules"):
            rule_type = rules.first("ruleType")
            for value in rules.all("value"):
                by_name.setdefault(_text(name), []).append(
                    (_text(value), _text(rule_type) if rule_type is not None else "", value)
                )
    return by_name


ACP_VALUE_LIMIT = 20


@rule(
    "PU254",
    title="more than 20 values for a custom parameter",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    hint="keep at most 20 values per parameter",
)
def acp_too_many(doc: Any, ctx: Context) -> Iterator[Finding]:
    """One account custom parameter has more than 20 values.

    Source: seed 003: "You can add a maximum of 20 values for one account custom
    paramater." Decision (SPEC §4.10): every value of the same ``parameterName`` counts,
    across all ``accountCustomParameters`` blocks and both rule types, repeats included.
    The finding points at the 21st value.

    Wrong: 21 ``<value>`` elements for ``acp.genre``.

    Right: at most 20.
    """
    for name, values in _acp_values(doc).items():
        if len(values) > ACP_VALUE_LIMIT:
            element = values[ACP_VALUE_LIMIT][2]
            yield Finding(
                "PU254",
                _pointer(element),
                f"{name} has {len(values)} values; the limit is {ACP_VALUE_LIMIT}",
            )


@rule(
    "PU255",
    title="custom parameter value repeated",
    severity=WARNING,
    kinds=(GOAL_RULES,),
    hint="list each value once",
)
def acp_repeated_value(doc: Any, ctx: Context) -> Iterator[Finding]:
    """The same value appears twice for one parameter with the same rule type.

    Source: seed 003 (20 values per parameter: a repeat uses one up); SPEC §4.10.

    Wrong: ``<value>Comedy</value>`` twice under ``AT_LEAST_ONE_OF`` for ``acp.genre``.

    Right: once.
    """
    for name, values in _acp_values(doc).items():
        seen: set[tuple[str, str]] = set()
        for value, rule_type, element in values:
            if (value, rule_type) in seen:
                yield Finding("PU255", _pointer(element), f'{name} lists "{value}" more than once')
            seen.add((value, rule_type))


@rule(
    "PU256",
    title="custom parameter value both required and excluded",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    hint="decide whether the value is targeted or excluded",
)
def acp_contradiction(doc: Any, ctx: Context) -> Iterator[Finding]:
    """The same value of a parameter is under ``AT_LEAST_ONE_OF`` and under ``NONE_OF``.

    Source: seed 003 (custom parameter rule types); SPEC §4.8 and §4.10. The finding
    points at the later occurrence.

    Wrong: ``acp.genre`` ``AT_LEAST_ONE_OF`` Comedy and ``NONE_OF`` Comedy.

    Right: one of the two.
    """
    for name, values in _acp_values(doc).items():
        entries = [((name, value), rule_type, element) for value, rule_type, element in values]
        yield from _contradictions(
            entries,
            "PU256",
            f"{name} value",
            "targeted",
            lambda t: t == "AT_LEAST_ONE_OF",
            "NONE_OF",
        )


RULES = (
    boolean_digits,
    api_key,
    content_type,
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
    goal_datetime,
    goal_end_after_start,
    goal_start_in_past,
    goal_id_on_create,
    goal_url_id,
    goal_cpm,
    goal_response_only,
    rules_unknown,
    rules_unsupported,
    rules_repeated,
    rules_required,
    rules_content,
    rules_parent_missing,
    rules_url_id,
    rules_ignore_parent,
    rules_rule_type,
    rules_variable_type,
    rules_resource_name,
    rules_resource_contradiction,
    caps_impressions,
    caps_time_unit,
    caps_same_unit,
    caps_unreachable,
    locations_allowed,
    locations_iso2,
    locations_type,
    locations_name,
    locations_contradiction,
    time_active,
    time_day,
    time_day_repeated,
    time_range,
    time_last_minute,
    time_empty,
    time_inactive_unused,
    time_inactive_alone,
    acp_name,
    acp_ignore_parent,
    acp_rule_type,
    acp_value,
    acp_too_many,
    acp_repeated_value,
    acp_contradiction,
)
