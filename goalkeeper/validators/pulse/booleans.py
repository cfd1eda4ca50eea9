"""PU001: booleans written as 1 or 0, for goals and goal rules alike."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Fix, Severity
from goalkeeper.rules import Source, rule
from goalkeeper.text_edits import xml_element_at, xml_leaf_text
from goalkeeper.validators.pulse.elements import (
    Node,
    _label,
    _pointer,
    _read_node,
    _tree,
)
from goalkeeper.validators.pulse.kinds import BOTH, KINDS

ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO


def _boolean_words(source: Source, finding: Finding) -> Fix | None:
    """``1`` → ``true``, ``0`` → ``false``, inside the element's own text only."""
    element = xml_element_at(source, finding.pointer)
    found = xml_leaf_text(source, element) if element is not None else None
    if found is None or found[1] not in ("0", "1"):
        return None
    start, digit = found
    word = "true" if digit == "1" else "false"
    return Fix((source.edit(start, start + 1, word),), f"write {word}")


@rule(
    "PU001",
    title="boolean written as 1 or 0",
    severity=WARNING,
    kinds=BOTH,
    hint="write true or false",
    fix=_boolean_words,
)
def boolean_digits(doc: Any, ctx: Context) -> Iterator[Finding]:
    """A boolean element holds ``1`` or ``0`` instead of ``true`` or ``false``.

    Source: seed 003, "Goal: Request body format" and "Goal rules: Request body format": the
    booleans are documented as
    ``boolean`` and every sample writes ``true``/``false``. ``1`` and ``0`` are valid
    ``xs:boolean`` and pass the XSD, but whether the API's parser takes them is not
    documented (SPEC §4.10: a warning). Which elements are booleans is read from the
    kind's XSD.

    Wrong: ``<unlimitedImpressions>0</unlimitedImpressions>``

    Right: ``<unlimitedImpressions>false</unlimitedImpressions>``

    Fix (safe): ``1`` becomes ``true`` and ``0`` becomes ``false``; the white space
    around the value stays. An element whose text is split by a comment or written as
    CDATA has no fix.
    """
    tree = _tree(doc)
    boolean, below = _boolean_spec(ctx.kind).get(tree.tag, (False, {}))
    if not (boolean and tree.text in _DIGITS) and not _holds_digit(tree, below):
        return  # no boolean holds 1 or 0 (the common case): the shared reading tells
    booleans = _boolean_paths(ctx.kind)
    for element in doc.root.iter(*_boolean_names(ctx.kind)):  # libxml2 picks the candidates by name
        if element.text in _WORDS:
            continue  # true or false: whatever follows, no digit alone
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


_SCHEMAS = {kind.name: kind.schema for kind in KINDS}
_WORDS = frozenset(("true", "false"))


# For each tag: whether an element of that tag there is a boolean, and the same for its
# children (from the boolean paths of a kind's XSD).
_Spec = dict[str, tuple[bool, "_Spec"]]


@cache
def _boolean_spec(kind: str) -> _Spec:
    spec: dict[str, tuple[bool, Any]] = {}
    for path in sorted(_boolean_paths(kind), key=len):  # parents before their children
        level = spec
        for tag in path[:-1]:
            level = level.setdefault(tag, (False, {}))[1]
        level[path[-1]] = (True, level.get(path[-1], (False, {}))[1])
    return spec


def _holds_digit(node: Node, spec: _Spec) -> bool:
    """Whether an element at one of the spec's paths below ``node`` is a boolean holding 1
    or 0, as the rule reads it (the node's text). The walk goes as deep as the XSD, not
    the payload."""
    found = node.by_tag
    for tag, (boolean, inner) in spec.items():
        children = found.get(tag)
        if children is None:
            continue
        if boolean:
            for child in children:
                if child.text in _DIGITS:
                    return True
        if not inner:
            continue
        leaves = _leaf_tags(inner)
        if leaves is None:
            for child in children:
                if _holds_digit(child, inner):
                    return True
            continue
        for child in children:  # a section of booleans (the common case): read in place
            below = child.by_tag
            for leaf_tag in leaves:
                for leaf in below.get(leaf_tag, _NO_NODES):
                    if leaf.text in _DIGITS:
                        return True
    return False


def _leaf_tags(spec: _Spec) -> tuple[str, ...] | None:
    """The tags of a spec whose every entry is a boolean with nothing below it, else None."""
    entry = _leaf_tables.get(id(spec))
    if entry is None:
        if len(_leaf_tables) >= 256:
            _leaf_tables.clear()
        flat = all(boolean and not inner for boolean, inner in spec.values())
        entry = _leaf_tables[id(spec)] = (spec, tuple(spec) if flat else None)
    return entry[1]


# Each spec (kept beside its entry, so that its id is never reused): its leaf tags. Specs
# come from the cached _boolean_spec: a few per kind.
_leaf_tables: dict[int, tuple[_Spec, tuple[str, ...] | None]] = {}
_NO_NODES: list[Node] = []
_DIGITS = frozenset(("0", "1"))


@cache
def _boolean_names(kind: str) -> tuple[str, ...]:
    return tuple(sorted({path[-1] for path in _boolean_paths(kind)}))


@cache
def _boolean_paths(kind: str) -> frozenset[tuple[str, ...]]:
    """The tag paths, from the root, of every element the kind's XSD types as boolean."""
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

    walk(stage_for(_SCHEMAS[kind]).model, ())
    return frozenset(paths)


RULES = (boolean_digits,)
