"""The JSON loader: every input ends as a document or located findings, never an exception."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from goalkeeper.load.document import load_bytes
from goalkeeper.load.json_document import MAX_DEPTH, parse_json
from goalkeeper.load.json_source_map import build_source_map


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_become_a_document_or_findings(raw: bytes) -> None:
    result = load_bytes(raw, "fuzz.json", "json")
    assert result.document is not None or result.findings
    for finding in result.findings:
        assert finding.code.startswith("GK")
        if finding.position is not None:
            line, column = finding.position
            assert line >= 1 and column >= 1


json_text = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
).map(lambda value: json.dumps({"payload": value}, indent=1))


@settings(max_examples=200, deadline=None)
@given(json_text, st.data())
def test_mutated_json_never_raises(text: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(text)))
    insert = data.draw(st.sampled_from(["", ",", "//", "/*", "{", "]", '"', "NaN", "\x00", "\\"]))
    mutated = text[:index] + insert + text[index + data.draw(st.integers(0, 3)) :]
    result = load_bytes(mutated.encode("utf-8"), "fuzz.json", "json")
    assert result.document is not None or result.findings


@settings(max_examples=200, deadline=None)
@given(json_text)
def test_every_value_of_a_valid_document_is_located(text: str) -> None:
    document, findings = parse_json(text)
    assert document is not None and not findings
    source_map = build_source_map(text)

    def walk(value: object, pointer: str) -> None:
        assert source_map.position(pointer) is not None
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, pointer + "/" + key.replace("~", "~0").replace("/", "~1"))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{pointer}/{index}")

    walk(document.data, "")


def test_positions_count_characters_not_bytes() -> None:
    text = '{"name": "Café ✓", "agents": ["é", 7]}'
    source_map = build_source_map(text)
    assert source_map.keys["/agents"] == (1, 20)
    assert source_map.values["/agents/1"] == (1, 36)


def test_pointer_tokens_are_escaped() -> None:
    source_map = build_source_map('{\n "a/b": {"~x": 1}\n}')
    assert source_map.keys["/a~1b"] == (2, 2)
    assert source_map.keys["/a~1b/~0x"] == (2, 10)


def test_missing_member_points_at_its_parent() -> None:
    source_map = build_source_map('{\n  "apply": {\n    "segment": "x"\n  }\n}')
    assert source_map.position("/apply/feature") == (2, 3)


def test_a_hundred_thousand_levels_are_refused_without_recursion() -> None:
    text = "[" * 100_000 + "]" * 100_000
    document, findings = parse_json(text)
    assert document is None
    assert [(f.code, f.position) for f in findings] == [("GK208", (1, MAX_DEPTH + 1))]


def test_brackets_inside_strings_do_not_count_as_depth() -> None:
    text = json.dumps({"name": "[" * 2000, "agents": []})
    document, findings = parse_json(text)
    assert document is not None and findings == []


def test_huge_string_is_fine() -> None:
    text = json.dumps({"name": "x" * 2_000_000})
    document, findings = parse_json(text)
    assert document is not None and not findings


def test_integer_longer_than_pythons_conversion_limit_is_an_overflow_finding() -> None:
    document, findings = parse_json('{"valueMax": ' + "1" * 5000 + "}")
    assert document is not None
    assert [(f.code, f.pointer, f.position) for f in findings] == [("GK206", "/valueMax", (1, 14))]
    assert "5000 characters" in findings[0].message


def test_duplicate_key_names_the_first_line() -> None:
    document, findings = parse_json('{\n "a": 1,\n "b": 2,\n "a": 3\n}')
    assert document is not None and document.data["a"] == 3
    assert [(f.code, f.pointer, f.position) for f in findings] == [("GK204", "/a", (4, 2))]
    assert "first on line 2" in findings[0].message


def test_trailing_comma_message_says_what_to_remove() -> None:
    _, findings = parse_json('{"agents": ["a",\n]}')
    assert findings[0].code == "GK203"
    assert "remove the comma" in (findings[0].hint or "")
    assert findings[0].position == (1, 16)


def test_single_quotes_get_their_own_message() -> None:
    _, findings = parse_json("{'code': 'x'}")
    assert findings[0].code == "GK201"
    assert "double quotes" in findings[0].message


def test_bom_only_and_empty_documents() -> None:
    assert [f.code for f in load_bytes(b"\xef\xbb\xbf").findings] == ["GK102", "GK002"]
    assert [f.code for f in load_bytes(b"").findings] == ["GK002"]
    assert [f.code for f in load_bytes(b" \n ").findings] == ["GK002"]


def _pointers_of(value: object, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers_of(item, pointer + "/" + key.replace("~", "~0").replace("/", "~1"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers_of(item, f"{pointer}/{index}")
    return found


keys = st.sampled_from(["a", "b", "a/b", "~x", "é", "", "0", "code"])
documents = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=15,
)


@settings(max_examples=300, deadline=None)
@given(documents, st.sampled_from([None, 1, 2]), st.data())
def test_locating_a_few_pointers_agrees_with_the_full_map(
    value: object, indent: int | None, data: st.DataObject
) -> None:
    from goalkeeper.load.json_source_map import locate

    text = json.dumps({"root": value}, indent=indent, ensure_ascii=False)
    existing = _pointers_of({"root": value})
    missing = [p + "/nope" for p in existing[:3]] + ["/root/9/x"]
    pointers = data.draw(st.lists(st.sampled_from(existing + missing), max_size=4))
    source_map = build_source_map(text)
    expected = {p: source_map.position(p) for p in pointers}
    assert locate(text, pointers) == {p: pos for p, pos in expected.items() if pos is not None}


def test_values_the_loader_reports_are_marked_for_the_rules() -> None:
    from goalkeeper.load.document import load_bytes

    loaded = load_bytes(b'{"a": 1e999, "b": [NaN, 1], "c": 2}', "x.json", "json")
    assert loaded.document is not None
    assert loaded.document.reported_values == frozenset({"/a", "/b/0"})
    clean = load_bytes(b'{"a": 1}', "x.json", "json").document
    assert clean is not None and clean.reported_values == frozenset()
