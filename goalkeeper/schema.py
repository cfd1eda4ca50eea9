"""The schema stage: structural validation of JSON payloads, every failure a stable code.

The kind's JSON Schema (Draft 2020-12, shipped in ``goalkeeper/schemas/``) is the single
source of truth for structure. Each subschema names the rule its failures belong to with
the annotation ``x-goalkeeper-code`` (and ``x-goalkeeper-codes`` to give one keyword a
different code); ``x-goalkeeper-pattern`` says in words what a ``pattern`` allows;
``x-goalkeeper-prevents`` maps a keyword to the vendor error its failure would cause
(``{"minItems": "8001 CTA_RECORD_EMPTY"}``), which the message then names. Per
operation differences are RFC 7396 merge patches under the root's ``x-goalkeeper-ops``.

Two engines evaluate the same schema: ``jsonschema_rs`` (fast, the default) and
``jsonschema`` (the reference). An engine only reports *which keyword of which subschema
failed where*; the messages are written here from the schema and the value, so both
engines produce identical diagnostics, which the test suite checks on every fixture.
"""

from __future__ import annotations

import copy
import json
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import islice
from typing import Any, NamedTuple, Protocol

from goalkeeper.diagnostics import MAX_FINDINGS_PER_CODE, Finding, cap_findings
from goalkeeper.pointers import (
    PathPart,
    characters_outside,
    describe_value,
    label_of,
    ordinal,
    pointer_of,
    show,
)

CODE = "x-goalkeeper-code"
CODES = "x-goalkeeper-codes"
PATTERN_TEXT = "x-goalkeeper-pattern"
OPS = "x-goalkeeper-ops"
PREVENTS = "x-goalkeeper-prevents"


class Violation(NamedTuple):
    """One failed keyword: where in the instance, and in which subschema."""

    keyword: str
    instance_path: tuple[PathPart, ...]
    subschema: Any


class Engine(Protocol):
    name: str

    def violations(self, data: Any) -> Iterable[Violation]: ...


SCHEMA_DIRECTORY = os.path.join(os.path.dirname(__file__), "schemas")


def load_schema_text(resource: str) -> str:
    """A shipped schema's text (package data, installed beside this module)."""
    with open(os.path.join(SCHEMA_DIRECTORY, resource), encoding="utf-8") as handle:
        return handle.read()


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON merge patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@cache
def schema_for(resource: str, op: str | None) -> dict[str, Any]:
    """The kind's schema as shipped, with the operation's merge patch applied."""
    schema: dict[str, Any] = json.loads(load_schema_text(resource))
    patch = schema.get(OPS, {}).get(op) if op else None
    return merge_patch(schema, patch) if patch else schema


class RustEngine:
    """``jsonschema_rs``: compiled validation, 100x faster than the reference."""

    name = "jsonschema_rs"

    def __init__(self, schema: dict[str, Any]) -> None:
        import jsonschema_rs

        self._schema = schema
        self._validator = jsonschema_rs.validator_for(schema)
        self._fallback: ReferenceEngine | None = None

    def violations(self, data: Any) -> Iterable[Violation]:
        try:
            if self._validator.is_valid(data):
                return []
            if _has_more_nodes(data, _EAGER_ERROR_NODES):
                # jsonschema_rs collects every error before the first is returned (about
                # a kilobyte each): a large invalid document goes to the reference
                # engine, whose errors come one at a time.
                return self._reference().violations(data)
            errors = list(self._validator.iter_errors(data))
        except (ValueError, OverflowError, RecursionError, TypeError):
            # Data the engine cannot take in (numbers beyond 64 bits in some versions,
            # very deep nesting): the reference engine checks this document instead.
            return self._reference().violations(data)
        found = []
        for error in errors:
            subschema, keyword = _locate(self._schema, list(error.schema_path))
            found.append(Violation(keyword, tuple(error.instance_path), subschema))
        return found

    def _reference(self) -> ReferenceEngine:
        if self._fallback is None:
            self._fallback = ReferenceEngine(self._schema)
        return self._fallback


class ReferenceEngine:
    """``jsonschema``: the reference implementation of Draft 2020-12."""

    name = "jsonschema"

    def __init__(self, schema: dict[str, Any]) -> None:
        import jsonschema

        self._validator = jsonschema.Draft202012Validator(schema)

    def violations(self, data: Any) -> Iterator[Violation]:
        """The violations one at a time (the engine's errors are lazy). The engine
        recurses on the data, so values nested deeper than any schema looks are folded
        first (:func:`depth_bounded`)."""
        for error in self._validator.iter_errors(depth_bounded(data)):
            yield Violation(str(error.validator), tuple(error.absolute_path), error.schema)


# No shipped schema looks deeper than this; the reference engine recurses a few frames per
# level, so deeper values are folded before it sees them.
_SCHEMA_DEPTH = 32


def _nests_deeper(data: Any, limit: int) -> bool:
    """Whether a container sits at depth ``limit`` or more; memory grows with the depth,
    not with the size (a stack of iterators, containers only)."""
    if not isinstance(data, (list, dict)):
        return False
    stack = [iter(data.values() if isinstance(data, dict) else data)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, (list, dict)):
                if len(stack) >= limit:
                    return True
                stack.append(iter(item.values() if isinstance(item, dict) else item))
                break
        else:
            stack.pop()
    return False


def depth_bounded(data: Any, limit: int = _SCHEMA_DEPTH) -> Any:
    """``data`` itself when it nests at most ``limit`` levels; else a copy in which every
    container at depth ``limit`` is replaced by a one-item container of the same type
    holding a token, equal tokens for equal subtrees (so ``uniqueItems`` above the fold
    still tells equal items from different ones). Iterative: no recursion on the data."""
    deep = _nests_deeper(data, limit)
    if not deep:
        return data
    tokens: dict[Any, str] = {}

    def folded(item: Any) -> Any:
        token = tokens.setdefault(json_key(item), f"\x00subtree {len(tokens)}")
        return [token] if isinstance(item, list) else {"\x00": token}

    root: list[Any] = [None]
    work: list[tuple[Any, Any, Any, int]] = [(data, root, 0, 0)]
    while work:
        item, parent, key, depth = work.pop()
        if isinstance(item, dict):
            if depth >= limit:
                parent[key] = folded(item)
                continue
            copy_dict: dict[Any, Any] = dict.fromkeys(item)  # the same order of keys
            parent[key] = copy_dict
            work.extend((value, copy_dict, name, depth + 1) for name, value in item.items())
        elif isinstance(item, list):
            if depth >= limit:
                parent[key] = folded(item)
                continue
            copy_list: list[Any] = [None] * len(item)
            parent[key] = copy_list
            work.extend((value, copy_list, index, depth + 1) for index, value in enumerate(item))
        else:
            parent[key] = item
    return root[0]


# Documents with more values than this are not handed to jsonschema_rs's iter_errors.
_EAGER_ERROR_NODES = 2048


def _has_more_nodes(data: Any, limit: int) -> bool:
    """Whether ``data`` holds more than ``limit`` values (stops counting there)."""
    stack = [data]
    count = 0
    while stack:
        item = stack.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(item, dict):
            stack.extend(islice(item.values(), limit))
        elif isinstance(item, list):
            stack.extend(islice(item, limit))
    return False


def _locate(schema: Any, path: Sequence[PathPart]) -> tuple[Any, str]:
    """The subschema that holds the failing keyword named at the end of ``path``.

    The walk knows which keywords hold a map of subschemas (``properties``) or a list
    of them (``prefixItems``), so a property that happens to be called ``type`` is
    never mistaken for the keyword.
    """
    node = schema
    state = "schema"
    last = len(path) - 1
    for index, part in enumerate(path):
        if state == "schema":
            if isinstance(node, dict) and part not in node and "$ref" in node:
                node = _resolve_ref(schema, node["$ref"])
            if part in _KEYWORDS_WITH_VALUES or index == last:
                return node, str(part)
            state = (
                "map" if part in _MAP_KEYWORDS else "list" if part in _LIST_KEYWORDS else "schema"
            )
            node = node[part]
        else:
            node = node[int(part)] if state == "list" else node[part]
            state = "schema"
    return node, ""


# Keywords whose value is data, not a subschema: once one is reached, the walk is over.
_KEYWORDS_WITH_VALUES = frozenset(
    {
        "type",
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "required",
        "dependentRequired",
        "minProperties",
        "maxProperties",
        "format",
    }
)
# Every keyword that can fail a document (a false additionalProperties among them).
CONSTRAINT_KEYWORDS = (_KEYWORDS_WITH_VALUES - {"format"}) | {"additionalProperties"}
_MAP_KEYWORDS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})
_LIST_KEYWORDS = frozenset({"prefixItems", "allOf", "anyOf", "oneOf"})


def _resolve_ref(schema: Any, ref: str) -> Any:
    if not ref.startswith("#"):
        raise ValueError(f"goalkeeper schemas only use local references, not {ref!r}")
    node = schema
    for token in ref[1:].split("/")[1:]:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _engine_class(name: str) -> type[RustEngine] | type[ReferenceEngine]:
    if name == "jsonschema":
        return ReferenceEngine
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:  # pragma: no cover - a platform without a jsonschema_rs wheel
        return ReferenceEngine
    return RustEngine


_lock = threading.Lock()
_engines: dict[tuple[str, str | None, str], Engine] = {}


def engine_for(resource: str, op: str | None, name: str = "jsonschema_rs") -> Engine:
    """The compiled validator for a kind's schema and operation, built once and shared."""
    key = (resource, op, name)
    engine = _engines.get(key)
    if engine is None:
        with _lock:
            engine = _engines.get(key)
            if engine is None:
                engine = _engine_class(name)(schema_for(resource, op))
                _engines[key] = engine
    return engine


def json_stage(resource: str, op: str | None, name: str = "jsonschema_rs") -> Any:
    """The schema stage of a JSON kind: document in, findings out."""
    engine = engine_for(resource, op, name)
    # The answer for most documents, without the engine's wrapper (which explains the rest).
    is_valid = engine._validator.is_valid if isinstance(engine, RustEngine) else None

    def stage(document: Any) -> list[Finding]:
        data = document.data
        if is_valid is not None and not document.non_finite:
            try:
                if is_valid(data):
                    return []
            except (ValueError, OverflowError, RecursionError, TypeError):
                pass  # data the engine cannot take in: the reference engine explains it
        # jsonschema_rs cannot represent NaN and infinity (already reported by GK205/GK206).
        chosen = engine_for(resource, op, "jsonschema") if document.non_finite else engine
        violations = chosen.violations(data)
        if violations == []:  # valid: the common case
            return []
        return cap_findings(_explained(violations, data))

    return stage


# ---------------------------------------------------------------------------------------
# From violations to findings


def _explained(violations: Iterable[Violation], data: Any) -> Iterator[Finding]:
    """The findings of every violation; past the per-code limit a violation is only
    counted (a bare finding), not explained, so a huge invalid array stays cheap."""
    counts: dict[str, int] = {}
    for violation in violations:
        code = _code(violation.subschema, violation.keyword)
        if code is not None:
            count = counts[code] = counts.get(code, 0) + 1
            if count > MAX_FINDINGS_PER_CODE + 1:
                yield Finding(code, pointer_of(violation.instance_path), "")
                continue
        yield from explain(violation, data)


_TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "an array",
    "object": "an object",
    "boolean": "a boolean (true or false)",
    "null": "null",
}


def _value_at(data: Any, path: Sequence[PathPart]) -> Any:
    for part in path:
        data = data[part]
    return data


def _code(subschema: Any, keyword: str) -> str | None:
    if not isinstance(subschema, dict):
        return None
    codes = subschema.get(CODES)
    if isinstance(codes, dict) and keyword in codes:
        return str(codes[keyword])
    code = subschema.get(CODE)
    return str(code) if code else None


class UnmappedViolation(Exception):
    """A schema keyword failed that names no rule: the shipped schema is incomplete."""


def explain(violation: Violation, data: Any) -> Iterator[Finding]:
    """Write the findings for one violation, in the user's terms."""
    subschema = violation.subschema
    prevents = subschema.get(PREVENTS) if isinstance(subschema, dict) else None
    vendor_error = prevents.get(violation.keyword) if isinstance(prevents, dict) else None
    for finding in _explain(violation, data):
        if vendor_error:
            finding = finding._replace(message=f"{finding.message}; the API answers {vendor_error}")
        yield finding


def _explain(violation: Violation, data: Any) -> Iterator[Finding]:
    keyword, path, subschema = violation.keyword, violation.instance_path, violation.subschema
    code = _code(subschema, keyword)
    if code is None:
        raise UnmappedViolation(f"schema keyword {keyword!r} at {pointer_of(path)!r} has no code")
    value = _value_at(data, path)
    pointer = pointer_of(path)
    label = label_of(path)
    limit: Any = subschema.get(keyword) if isinstance(subschema, dict) else None

    if keyword == "required":
        for name in limit:
            if isinstance(value, dict) and name not in value:
                where = "" if not path else f" in {label}"
                yield Finding(code, pointer, f'required field "{name}" is missing{where}')
        return
    if keyword == "dependentRequired":
        for present, needed in limit.items():
            if isinstance(value, dict) and present in value:
                for name in needed:
                    if name not in value:
                        yield Finding(
                            code,
                            pointer_of((*path, present)),
                            f'"{present}" is set but "{name}" is missing; give both or neither',
                        )
        return
    if keyword == "additionalProperties":
        known = list(subschema.get("properties", {}))
        patterns = [re.compile(p) for p in subschema.get("patternProperties", {})]
        for name in value:
            if name in known or any(p.search(name) for p in patterns):
                continue
            from difflib import get_close_matches

            close = get_close_matches(name, known, n=1)
            hint = f'did you mean "{close[0]}"?' if close else None
            where = "" if not path else f" in {label}"
            yield Finding(code, pointer_of((*path, name)), f'unknown field "{name}"{where}', hint)
        return
    if keyword == "uniqueItems":
        for index, first in _repeats(value):
            yield Finding(
                code,
                pointer_of((*path, index)),
                f"{label}[{index}], the {ordinal(index)} item, repeats {show(value[index])}, "
                f"already given as {label}[{first}]",
            )
        return
    yield Finding(code, pointer, _message(keyword, label, value, limit, subschema))


def _repeats(items: list[Any]) -> Iterator[tuple[int, int]]:
    """(index, index of its first occurrence) for every item equal to an earlier one, as
    JSON Schema compares them: one canonical key per item (:func:`json_key`) and a dict,
    so the pass is linear however long the array and however deep its items."""
    first_seen: dict[Any, int] = {}
    for index, item in enumerate(items):
        first = first_seen.setdefault(json_key(item), index)
        if first != index:
            yield index, first


_OPEN_LIST = ("[",)
_OPEN_OBJECT = ("{",)
_CLOSE = ("]",)


def json_key(value: Any) -> Any:
    """A hashable key that is equal for two values exactly when JSON Schema calls them
    equal: ``true`` is not ``1``, ``1.0`` is ``1``, object members in any order.

    Iterative, so nesting depth costs memory, never the Python stack.
    """
    if not isinstance(value, (list, dict)):
        return _scalar_key(value)
    parts: list[Any] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if item is _CLOSE:
            parts.append(_CLOSE)
        elif isinstance(item, list):
            parts.append(_OPEN_LIST)
            stack.append(_CLOSE)
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            parts.append(_OPEN_OBJECT)
            stack.append(_CLOSE)
            for name in sorted(item, key=str, reverse=True):
                stack.append(item[name])
                stack.append(_Name(name))
        elif isinstance(item, _Name):
            parts.append(("name", item.name))
        else:
            parts.append(_scalar_key(item))
    return tuple(parts)


class _Name:
    """An object member's name inside :func:`json_key`'s work list."""

    __slots__ = ("name",)

    def __init__(self, name: Any) -> None:
        self.name = name


def _scalar_key(value: Any) -> Any:
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    try:
        hash(value)
    except TypeError:  # not a JSON value (library data): equal only to itself
        return ("object", id(value))
    return (type(value).__name__, value)


def _message(keyword: str, label: str, value: Any, limit: Any, subschema: Any) -> str:
    if keyword == "type":
        types = limit if isinstance(limit, list) else [limit]
        wanted = " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in types)
        return f"{label} must be {wanted}, not {describe_value(value)}"
    if keyword == "enum":
        allowed = ", ".join(show(v) for v in limit)
        return f"{label} is {show(value)}; allowed values are {allowed}"
    if keyword == "const":
        return f"{label} is {show(value)}; it must be {show(limit)}"
    if keyword == "minimum":
        return f"{label} is {show(value)}; it must be at least {show(limit)}"
    if keyword == "exclusiveMinimum":
        return f"{label} is {show(value)}; it must be greater than {show(limit)}"
    if keyword == "maximum":
        return f"{label} is {show(value)}; it must be at most {show(limit)}"
    if keyword == "exclusiveMaximum":
        return f"{label} is {show(value)}; it must be less than {show(limit)}"
    if keyword == "multipleOf":
        return f"{label} is {show(value)}; it must be a multiple of {show(limit)}"
    if keyword == "minLength":
        if not value:
            return f"{label} is empty"
        return f"{label} is {len(value)} characters long; the minimum is {limit}"
    if keyword == "maxLength":
        return f"{label} is {len(value)} characters long; the limit is {limit}"
    if keyword == "pattern":
        return _pattern_message(label, value, limit, subschema.get(PATTERN_TEXT))
    if keyword in ("minItems", "maxItems"):
        lower, upper = subschema.get("minItems"), subschema.get("maxItems")
        count = f"{len(value)} item{'s' if len(value) != 1 else ''}"
        if lower is not None and lower == upper:
            return f"{label} has {count}; it must have exactly {lower}"
        if keyword == "minItems":
            if not value:
                return (
                    f"{label} is empty; it needs at least {limit} item{'s' if limit != 1 else ''}"
                )
            return f"{label} has {count}; it needs at least {limit}"
        return f"{label} has {count}; the limit is {limit}"
    if keyword == "minProperties":
        return f"{label} is empty" if not value else f"{label} needs at least {limit} fields"
    if keyword == "maxProperties":
        return f"{label} has {len(value)} fields; the limit is {limit}"
    return f"{label} {show(value)} is not valid ({keyword})"


def _pattern_message(label: str, value: Any, pattern: str, text: str | None) -> str:
    allowed = text or f"text matching {pattern}"
    bad = characters_outside(pattern, value) if isinstance(value, str) else None
    if bad:
        return f"{label} {show(value)} contains {bad}; only {allowed} are allowed"
    return f"{label} {show(value)} does not match the required form: {allowed}"


# Where warning- and info-level constraints go in an exported schema: kept for the reader,
# ignored by validators (an unknown keyword is an annotation).
EXPORTED_WARNINGS = "x-goalkeeper-warnings"
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$comment", "examples"})


def export_schema(resource: str, op: str | None, kind_name: str) -> dict[str, Any]:
    """The schema as ``goalkeeper schema`` prints it, for editors and other validators.

    It holds only the constraints whose goalkeeper rule is an error, so an editor marks
    exactly what ``goalkeeper check`` fails. A constraint of a warning or info rule (an
    unknown field, a repeated item) moves into the subschema's ``x-goalkeeper-warnings``
    annotation with its code. With ``op`` it is that operation's variant, and says so.
    """
    from goalkeeper import registry

    schema = copy.deepcopy(schema_for(resource, op))
    if op is not None:
        schema.pop(OPS, None)
        schema["title"] = f"{schema.get('title', kind_name)} ({op})"
        schema["description"] = re.sub(
            r"As printed this is the create form;.*?'required'\.",
            f"This is the {op} form (goalkeeper schema {kind_name} --op {op}).",
            str(schema.get("description", "")),
        )
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        codes = node.get(CODES, {})
        default = node.get(CODE)
        moved: dict[str, Any] = {}
        for keyword in sorted(CONSTRAINT_KEYWORDS & node.keys()):
            if keyword == "additionalProperties" and node[keyword] is not False:
                continue
            code = codes.get(keyword, default) if isinstance(codes, dict) else default
            declared = registry.rule_by_code(code) if isinstance(code, str) else None
            if declared is not None and declared.severity.value != "error":
                moved[keyword] = {"value": node.pop(keyword), "code": code}
        if moved:
            node[EXPORTED_WARNINGS] = moved
        for key, value in node.items():
            if key in _ANNOTATIONS or key.startswith("x-") or key in _KEYWORDS_WITH_VALUES:
                continue
            if isinstance(value, dict) and key in _MAP_KEYWORDS:
                stack.extend(value.values())
            elif isinstance(value, (dict, list)):
                stack.append(value)
    return schema


_XS = "http://www.w3.org/2001/XMLSchema"
_GK = "urn:goalkeeper:annotations"
_XSD_NOTE = """
  As printed by `goalkeeper schema`: the constraints of warning and info rules are relaxed
  so that an editor marks what `goalkeeper check` fails. An element whose value only gets a
  warning accepts any content, and every element accepts unknown attributes (goalkeeper
  warns about them). XSD 1.0 cannot allow unknown child elements inside xs:all, so those
  stay marked here although goalkeeper only warns about them ({unknown}).
"""


def export_xsd(resource: str) -> str:
    """An XSD as ``goalkeeper schema`` prints it: only error-level constraints where XSD 1.0
    can say so (see the note it carries)."""
    from lxml import etree

    from goalkeeper import registry

    def is_error(code: str | None) -> bool:
        declared = registry.rule_by_code(code) if code else None
        return declared is None or declared.severity.value == "error"

    root = etree.fromstring(load_schema_text(resource).encode("utf-8"))
    xs = f"{{{_XS}}}"
    top = next(root.iterchildren(f"{xs}element"))
    unknown = top.get(f"{{{_GK}}}unknown")
    simple_types = {t.get("name") for t in root.iterchildren(f"{xs}simpleType")}
    for element in list(root.iter(f"{xs}element")):
        if not is_error(element.get(f"{{{_GK}}}code")):
            if "type" in element.attrib:
                del element.attrib["type"]  # no type: anything (xs:anyType)
            for child in list(element):
                if child.tag in (f"{xs}complexType", f"{xs}simpleType"):
                    element.remove(child)
            continue
        if is_error(unknown):
            continue
        base = element.get("type")
        if base is not None and (base.startswith("xs:") or base in simple_types):
            # A simple value that may carry attributes: simpleContent with anyAttribute.
            del element.attrib["type"]
            complex_type = etree.SubElement(element, f"{xs}complexType")
            content = etree.SubElement(complex_type, f"{xs}simpleContent")
            extension = etree.SubElement(content, f"{xs}extension", base=base)
            etree.SubElement(extension, f"{xs}anyAttribute", processContents="skip")
    if not is_error(unknown):
        for complex_type in root.iter(f"{xs}complexType"):
            if complex_type.find(f"{xs}simpleContent") is None and (
                complex_type.find(f"{xs}anyAttribute") is None
            ):
                etree.SubElement(complex_type, f"{xs}anyAttribute", processContents="skip")
    root.insert(0, etree.Comment(_XSD_NOTE.format(unknown=unknown or "-")))
    tree = root.getroottree()
    etree.indent(tree, space="  ")
    text: str = etree.tostring(tree, encoding="unicode").replace("--><xs:schema", "-->\n<xs:schema")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"
