"""Pulse goal rules (``<rulesBean>``): structure, parent and the content and tag rules
(seed 003, "Goal rules: Request body format").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.rules import rule
from goalkeeper.validators.pulse.contradictions import _contradictions
from goalkeeper.validators.pulse.elements import (
    Node,
    _first,
    _is_blank,
    _label,
    _pointer,
    _quoted,
    _raw_text,
    _top,
    _tree,
)
from goalkeeper.validators.pulse.kinds import GOAL_RULES
from goalkeeper.validators.pulse.request import _url_goal_id
from goalkeeper.validators.pulse.time_windows import _TIME_SINGLE

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


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

    A document whose root element is not ``<rulesBean>`` (another name, or ``<rulesBean>`` in
    an XML namespace) when the kind is forced (``--kind``, a files mapping, an endpoint)
    is reported under this code as an **error**, not a warning: nothing in it was
    checked against the format.

    Wrong: ``<rulesBean><frequencyCapping>...</frequencyCapping></rulesBean>``

    Right: ``<rulesBean><frequencyCappings>...</frequencyCappings></rulesBean>``
    """


@rule(
    "PU201",
    title="targeting not supported by the 1.0 rules endpoint",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="set this targeting in a targeting template and link the template to the goal",
)
def rules_unsupported() -> None:
    """Audience, browser/OS and IP targeting cannot be set through this endpoint.

    Source: seed 003, "Update goal rules": "Audience targeting, browser/OS targeting, and IP
    targeting is not supported through this API. A possible workaround is to add these
    targeting rules through targeting templates". An unknown element whose name has one of
    the words audience, browser, operating system/os, platform, device, ip (``ipv4``,
    ``ipv6``) or user agent is reported here instead of as unknown (SPEC §4.10), naming
    what it targets.

    | element | reported as |
    |---|---|
    | ``<browserTargeting>`` | browser targeting |
    | ``<ipv4Ranges>``, ``<ipRanges>`` | IP targeting |
    | ``<userAgents>`` | user agent targeting |
    | ``<operatingSystems>``, ``<osVersions>`` | operating system targeting |
    | ``<audienceSegments>``, ``<platforms>``, ``<deviceTypes>`` | audience, platform, device |

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
    tree = _tree(doc)
    groups: tuple[tuple[Sequence[Node], tuple[str, ...]], ...] = (
        ((tree,), _ROOT_SINGLE),
        (tree.all("timeRestrictions"), _TIME_SINGLE),
        (tree.all("accountCustomParameters"), _ACP_SINGLE),
    )
    for parents, names in groups:
        for parent in parents:
            found = parent.by_tag
            if len(found) == len(parent.children):
                continue  # no name appears twice (the common case)
            for name in names:
                elements = found.get(name)
                if elements is None or len(elements) == 1:
                    continue
                for element in elements[1:]:
                    yield Finding(
                        "PU202",
                        _pointer(element),
                        f"<{name}> appears more than once in {_label(parent)}",
                    )


_IGNORE_PARENT = (
    "ignoreParentContentRules",
    "ignoreParentFrequencyRules",
    "ignoreParentLocationRules",
    "ignoreParentTagRules",
    "ignoreParentTimeRules",
)
# The elements that hold one value, in <rulesBean> and in a custom parameter block.
_ROOT_SINGLE = ("parentId", *_IGNORE_PARENT)
_ACP_SINGLE = ("ignoreParent", "parameterName")


@rule(
    "PU203",
    title="required element missing",
    severity=ERROR,
    kinds=(GOAL_RULES,),
    schema=True,
    hint="give the section each element it needs, with a value",
)
def rules_required(doc: Any, ctx: Context) -> Iterator[Finding]:
    """Each section needs its elements: ``content``/``tags``: ``resourceId``, ``ruleType``,
    ``variableType``; ``locations``: ``id``, ``locationType``, ``allowed``;
    ``frequencyCappings``: ``impressions``, ``timeUnit``; ``timeRestrictions``: ``active``,
    at least one ``days``, ``fromHour``, ``fromMinute``, ``toHour``, ``toMinute``;
    ``accountCustomParameters``: ``parameterName`` (a block without ``rules`` is PU257).
    Ids and ``parentId`` may not be empty or blank.

    Source: seed 003, "Goal rules: Request body format"; Decision (SPEC §4.10): the format
    gives each of these a value, so each is required, and a value of white space only (any
    Unicode white space, such as a no-break space) is as empty as none. The XSD checks the
    fixed sections and empty ids; this rule checks the two sections whose children repeat,
    and blank ids.

    Wrong: ``<timeRestrictions><active>true</active><days>SUNDAY</days></timeRestrictions>``,
    ``<content><resourceId> </resourceId>...``

    Right: the same with ``fromHour``, ``fromMinute``, ``toHour`` and ``toMinute``.
    """
    tree = _tree(doc)
    for section_name, names, every in _REQUIRED:
        for section in tree.all(section_name):
            found = section.by_tag
            if every.issubset(found):
                continue  # every element is there (the common case)
            for name in names:
                if name not in found:
                    yield Finding(
                        "PU203",
                        _pointer(section),
                        f"required element <{name}> is missing from {_label(section)}",
                        hint=f"add <{name}> to {_label(section)}",
                    )
    ids = [(element, _ID_HINTS[""]) for element in tree.all("parentId") if not element.text]
    for name, id_name in (("content", "resourceId"), ("tags", "resourceId"), ("locations", "id")):
        for section in tree.all(name):
            for element in section.by_tag.get(id_name, ()):
                if not element.text:  # an id with a value is not blank (the common case)
                    ids.append((element, _ID_HINTS[name]))
    for element, hint in ids:
        if _is_blank(element):
            yield Finding(
                "PU203",
                _pointer(element),
                f"{_label(element)} is blank: {_quoted(_raw_text(element))} is only white space",
                hint=hint,
            )


_TIME_REQUIRED = ("active", "days", *_TIME_SINGLE[1:])
_ACP_REQUIRED = ("parameterName",)
# Each section whose children repeat, the elements it needs, and the same as a set.
_REQUIRED = tuple(
    (section, names, frozenset(names))
    for section, names in (
        ("timeRestrictions", _TIME_REQUIRED),
        ("accountCustomParameters", _ACP_REQUIRED),
    )
)

# What each id stands for (seed 003, "Goal rules: Request body format").
_ID_HINTS = {
    "": "write the goal's id, the one in the URL",
    "content": "write the category's id",
    "tags": "write the content partner's id or the tag value",
    "locations": "write the location's id",
}


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
        for element in section.by_tag.get("resourceName", ()):
            yield Finding(
                "PU212",
                _pointer(element),
                f"{_label(element)} {_quoted(element.text)} is ignored; the rule is decided "
                "by resourceId",
            )


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
        sections = _top(doc, section_name)
        ids = [s.by_tag["resourceId"][0].text for s in sections if "resourceId" in s.by_tag]
        if len(set(ids)) == len(ids):
            continue  # no resource given twice (the common case): nothing to contradict
        entries = []
        keys = set()
        tags = section_name == "tags"
        for section in sections:
            found = section.by_tag
            resource, rule_type = found.get("resourceId"), found.get("ruleType")
            if resource is None or rule_type is None:
                continue
            variable = found.get("variableType") if tags else None
            key = (variable[0].text if variable else "", resource[0].text)
            entries.append((key, rule_type[0].text, section))
            keys.add(key)
        if len(keys) == len(entries):
            continue  # no resource given twice (the common case): nothing to contradict
        what = "tag resource" if tags else "content resource"
        yield from _contradictions(entries, "PU213", what, "targeted", _TARGETED, "NONE_OF")


_TARGETED = frozenset(("ALL_OF", "AT_LEAST_ONE_OF"))


RULES = (
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
)
