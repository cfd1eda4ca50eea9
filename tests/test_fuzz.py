"""Fuzzing every registered kind (SPEC §10): whatever the input, ``goalkeeper.check`` returns
a report with no internal error, the report renders, and the CLI exits 0 or 1 without a
traceback.

Inputs: arbitrary bytes; mutations of every valid fixture of the kind (byte flips,
truncation, inserted JSON/XML fragments, swapped types, inserted escapes); and, for JSON
kinds, payloads generated from the kind's own JSON Schema (hypothesis-jsonschema). Kinds
and fixtures are discovered, so a new kind is fuzzed as soon as it is registered and has
fixtures.

CI runs a short profile. The long profile (10,000 examples per kind for arbitrary bytes,
arbitrary text and mutated fixtures through the library; a tenth of that through the CLI,
which starts a run per example; a hundredth from the JSON Schemas, whose generation is
slow) is::

    GOALKEEPER_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py -p no:randomly

or ``python -m pytest tests/test_fuzz.py --hypothesis-profile=long``.
"""

from __future__ import annotations

import json
import os
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import goalkeeper
from goalkeeper import registry
from goalkeeper.cli import main
from goalkeeper.reporters import render

from conftest import FIXTURES


def _examples(short: int) -> int:
    """The short count in CI; the long profile's (or GOALKEEPER_FUZZ_EXAMPLES) else."""
    configured = os.environ.get("GOALKEEPER_FUZZ_EXAMPLES")
    if configured:
        return int(configured)
    current = settings.default.max_examples
    return current if current != settings.get_profile("default").max_examples else short


FUZZ = settings(
    max_examples=_examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
CLI_FUZZ = settings(FUZZ, max_examples=max(_examples(15) // 10, 3))
# Generating from a schema costs up to half a second a payload (the Gainsight schemas), so
# this source runs a hundredth of the count: the bytes and mutations carry the volume.
SCHEMA_FUZZ = settings(FUZZ, max_examples=max(_examples(15) // 100, 3))

KINDS = [kind.name for kind in registry.KINDS]


@cache
def valid_fixtures(kind: str) -> tuple[bytes, ...]:
    """Every valid fixture of a kind (tests/fixtures/<vendor>/<kind>/valid/)."""
    directory = FIXTURES / kind / "valid"
    if not directory.is_dir():
        return ()
    return tuple(path.read_bytes() for path in sorted(directory.iterdir()) if path.is_file())


def _format(kind: str) -> str:
    return registry.KINDS_BY_NAME[kind].format


def assert_sound(report: goalkeeper.Report) -> None:
    """The property: a report, no internal error, every diagnostic placed and printable."""
    assert isinstance(report, goalkeeper.Report)
    internal = [d for d in report.diagnostics if d.code == "GK999"]
    assert not internal, internal
    for diagnostic in report.diagnostics:
        assert diagnostic.line is None or diagnostic.line >= 1
        assert diagnostic.column is None or diagnostic.column >= 1
    for output_format in ("text", "json"):
        render(report, output_format).encode("utf-8")


# -- arbitrary bytes ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", [None, *KINDS])
@FUZZ
@given(raw=st.binary(max_size=512))
def test_arbitrary_bytes(kind: str | None, raw: bytes) -> None:
    assert_sound(goalkeeper.check(raw, kind=kind))


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(text=st.text(max_size=256))
def test_arbitrary_text(kind: str, text: str) -> None:
    assert_sound(goalkeeper.check(text, kind=kind))
    assert_sound(goalkeeper.check(text))


# -- mutations of valid fixtures ------------------------------------------------------------

JSON_FRAGMENTS = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    '"',
    "//",
    "/*",
    "NaN",
    "-Infinity",
    "1e999",
    "9" * 320,
    "null",
    "true",
    '{"a":1,"a":2}',
    "[[[[[[[[",
    "\x00",
    "\ufeff",
    "'",
    "...",
]
XML_FRAGMENTS = [
    "<",
    ">",
    "</",
    "<x>",
    "</x>",
    "<x/>",
    "&",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x110000;",
    "&undefined;",
    "<!DOCTYPE x [<!ENTITY e 'e'>]>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?pi?>",
    '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
    ' xmlns="urn:x"',
    ' a="1"',
    "\x00",
]
ESCAPES = [
    "\\ud800",
    "\\udfff",
    "\\u0000",
    "\\\\",
    '\\"',
    "\\uZZZZ",
    "\\",
    "\udc80",
    "\u2028",
    "\U0001f600",
    "&#xd800;",
]
SWAPS: list[Any] = [None, True, False, 0, -1, 1.5, 2**70, "", "x", [], {}, [1, "a"], {"k": []}]


@st.composite
def mutated(draw: st.DrawFn, kind: str) -> bytes:
    """A valid fixture of ``kind`` with one to three mutations."""
    fixtures = valid_fixtures(kind)
    raw = draw(st.sampled_from(fixtures))
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(["flip", "truncate", "insert", "escape", "swap"]))
        if operation == "flip" and raw:
            index = draw(st.integers(0, len(raw) - 1))
            raw = raw[:index] + bytes([raw[index] ^ draw(st.integers(1, 255))]) + raw[index + 1 :]
        elif operation == "truncate":
            raw = raw[: draw(st.integers(0, len(raw)))]
        elif operation in ("insert", "escape"):
            pool = (
                ESCAPES
                if operation == "escape"
                else (JSON_FRAGMENTS if _format(kind) == "json" else XML_FRAGMENTS)
            )
            fragment = draw(st.sampled_from(pool)).encode("utf-8", "surrogatepass")
            index = draw(st.integers(0, len(raw)))
            raw = raw[:index] + fragment + raw[index:]
        elif operation == "swap":
            raw = _swapped(draw, kind, raw)
    return raw


def _swapped(draw: st.DrawFn, kind: str, raw: bytes) -> bytes:
    """One value replaced by a value of another type (JSON), or an element's text by
    markup or odd text (XML)."""
    if _format(kind) == "xml":
        text = raw.decode("utf-8", "replace")
        closing = [i for i in range(len(text)) if text.startswith("</", i)]
        if not closing:
            return raw
        index = draw(st.sampled_from(closing))
        start = text.rfind(">", 0, index) + 1
        replacement = draw(
            st.sampled_from(["", " ", "-1", "1e400", "NaN", "true", "<y/>", "x" * 300])
        )
        return (text[:start] + replacement + text[index:]).encode("utf-8")
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    containers: list[Any] = []
    stack = [data]
    while stack:  # every container, to pick one and one of its slots
        item = stack.pop()
        if isinstance(item, (dict, list)) and item:
            containers.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    if not containers:
        return raw
    target = draw(st.sampled_from(containers))
    slot = draw(st.sampled_from(list(target) if isinstance(target, dict) else range(len(target))))
    target[slot] = draw(st.sampled_from(SWAPS))
    return json.dumps(data).encode("utf-8")


FUZZED_KINDS = [kind for kind in KINDS if valid_fixtures(kind)]


def test_every_kind_has_valid_fixtures_to_mutate() -> None:
    assert FUZZED_KINDS == KINDS


@pytest.mark.parametrize("kind", FUZZED_KINDS)
@FUZZ
@given(data=st.data())
def test_mutated_fixtures(kind: str, data: st.DataObject) -> None:
    raw = data.draw(mutated(kind))
    assert_sound(goalkeeper.check(raw, kind=kind))
    assert_sound(goalkeeper.check(raw))


@pytest.mark.parametrize("kind", FUZZED_KINDS)
@CLI_FUZZ
@given(data=st.data())
def test_cli_on_mutated_fixtures(kind: str, data: st.DataObject, tmp_path_factory: Any) -> None:
    raw = data.draw(mutated(kind))
    directory: Path = tmp_path_factory.mktemp("fuzz")
    path = directory / f"payload.{_format(kind)}"
    path.write_bytes(raw)
    for args in (["check", str(path)], ["check", "--format", "json", "--kind", kind, str(path)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


# -- payloads from the shipped JSON Schemas ----------------------------------------------------


def _schema_cases() -> list[tuple[str, str]]:
    return [(kind.name, op) for kind in registry.KINDS if kind.format == "json" for op in kind.ops]


@cache
def _schema_strategy(kind: str, op: str) -> st.SearchStrategy[Any]:
    from hypothesis_jsonschema import from_schema

    from goalkeeper.schema import schema_for

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return from_schema(schema_for(registry.KINDS_BY_NAME[kind].schema, op))


@pytest.mark.parametrize(("kind", "op"), _schema_cases())
@SCHEMA_FUZZ
@given(data=st.data())
def test_payloads_from_the_json_schemas(kind: str, op: str, data: st.DataObject) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        payload = data.draw(_schema_strategy(kind, op))
    assert_sound(goalkeeper.check(payload, kind=kind, op=op))
    text = json.dumps(payload)
    assert_sound(goalkeeper.check(text, kind=kind, op=op))
    assert_sound(goalkeeper.check(text))
