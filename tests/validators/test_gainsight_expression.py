"""The where.expression parser of Gainsight fetch requests (SPEC §4.9, §4.10)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goalkeeper.validators.gainsight.expression import (
    Alias,
    Operation,
    parse,
    render,
    source_offsets,
    tokenize,
)

# -- the grammar, examples ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("A", "A"),
        ("A AND B", "(A AND B)"),
        ("A OR B AND C", "(A OR (B AND C))"),
        ("A AND B OR C", "((A AND B) OR C)"),
        ("(A OR B) AND C", "((A OR B) AND C)"),
        ("A AND B AND C", "((A AND B) AND C)"),
        ("A OR B OR C", "((A OR B) OR C)"),
        ("((A))", "A"),
        ("\tA\nAND\u00a0b_2", "(A AND b_2)"),
        ("(A)AND(B)", "(A AND B)"),
        ("Alpha.1 OR x-y", "(Alpha.1 OR x-y)"),
    ],
)
def test_valid_expressions_parse_with_and_above_or(text: str, tree: str) -> None:
    parsed = parse(text)
    assert parsed.error is None
    assert parsed.tree is not None
    assert render(parsed.tree) == tree


def test_aliases_are_listed_with_their_offsets() -> None:
    assert parse("A AND (bb OR A)").aliases == (Alias("A", 0), Alias("bb", 7), Alias("A", 13))


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ("", 0, "empty"),
        ("   ", 3, "empty"),
        ("A and B", 2, "upper-case"),
        ("A or B", 2, "upper-case"),
        ("A And B", 2, "upper-case"),
        ("A B", 2, 'expected AND or OR after "A", found "B"'),
        ("A AND", 5, "ends after AND"),
        ("A AND ", 6, "ends after AND"),
        ("AND A", 0, "starts with AND"),
        ("A AND OR B", 6, "AND is followed by OR"),
        ("((A)", 0, "never closed"),
        ("A AND (B OR C", 6, "never closed"),
        ("A)", 1, 'no matching "("'),
        ("(A))", 3, 'no matching "("'),
        ("()", 1, "empty parentheses"),
        ("A ()", 2, 'found "("'),
        ("(", 1, 'ends after "("'),
        (")", 0, 'starts with ")"'),
        ("NOT A", 0, "no NOT"),
        ("A AND NOT B", 6, "no NOT"),
        ("A && B", 2, '"&&" is not an operator'),
        ("A || B", 2, '"||" is not an operator'),
        ("A & B", 2, '"&" is not an operator'),
        ("!A", 0, '"!" is not an operator'),
        ("A (B)", 2, 'found "("'),
        ("(A) B", 4, 'after ")", found "B"'),
    ],
)
def test_syntax_errors_name_the_exact_offset(text: str, offset: int, words: str) -> None:
    parsed = parse(text)
    assert parsed.tree is None
    assert parsed.error is not None
    assert parsed.error.offset == offset
    assert words in parsed.error.message


def test_operators_are_case_sensitive_keywords_and_aliases_are_not_operators() -> None:
    assert [t.kind for t in tokenize("A AND b and OR")] == [
        "alias",
        "operator",
        "alias",
        "alias",
        "operator",
    ]


# -- deep nesting: memory, never the Python stack --------------------------------------


def test_ten_thousand_nested_parentheses_parse() -> None:
    depth = 10_000
    parsed = parse("(" * depth + "A" + ")" * depth)
    assert parsed.error is None
    assert parsed.tree == Alias("A", depth)


def test_ten_thousand_unclosed_parentheses_give_a_located_error() -> None:
    depth = 10_000
    parsed = parse("(" * depth + "A" + ")" * (depth - 1))
    assert parsed.error is not None
    assert parsed.error.offset == 0  # each ")" closes the innermost "(": the first is left
    assert "never closed" in parsed.error.message


def test_ten_thousand_parentheses_without_an_alias_give_a_located_error() -> None:
    parsed = parse("(" * 10_000)
    assert parsed.error is not None
    assert parsed.error.offset == 10_000


def test_a_deep_right_nested_tree_is_built_and_rendered_without_recursion() -> None:
    depth = 10_000
    text = "".join(f"A{i} AND (" for i in range(depth)) + "Z" + ")" * depth
    parsed = parse(text)
    assert parsed.error is None
    assert parsed.tree is not None
    rendered = render(parsed.tree)
    assert rendered.startswith("(A0 AND (A1 AND ")
    assert rendered.count("(") == depth
    assert len(parsed.aliases) == depth + 1


# -- property tests ---------------------------------------------------------------------

ALIASES = st.sampled_from(["A", "B", "C", "cond_1", "x.y", "Z9"])


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> Alias | Operation:
    """A random tree; depth is bounded so the strategy itself stays shallow."""
    if depth >= 6 or draw(st.booleans()):
        return Alias(draw(ALIASES), 0)
    operator = draw(st.sampled_from(["AND", "OR"]))
    return Operation(operator, draw(trees(depth + 1)), draw(trees(depth + 1)), 0)


def _print(tree: Alias | Operation, spaces: st.DataObject) -> str:
    """Print with only the parentheses precedence and left associativity need (and, at
    random, some redundant ones and odd white space)."""
    if isinstance(tree, Alias):
        text = tree.name
    else:
        left, right = _print(tree.left, spaces), _print(tree.right, spaces)
        mine = 2 if tree.operator == "AND" else 1
        if isinstance(tree.left, Operation) and (2 if tree.left.operator == "AND" else 1) < mine:
            left = f"({left})"
        if isinstance(tree.right, Operation) and (2 if tree.right.operator == "AND" else 1) <= mine:
            right = f"({right})"
        gap = spaces.draw(st.sampled_from([" ", "  ", "\t", "\n"]))
        text = f"{left}{gap}{tree.operator}{gap}{right}"
    if spaces.draw(st.integers(0, 9)) == 0:
        text = f"( {text} )"
    return text


@settings(max_examples=300, deadline=None)
@given(trees(), st.data())
def test_expressions_generated_from_the_grammar_parse_to_the_same_tree(
    tree: Alias | Operation, data: st.DataObject
) -> None:
    text = _print(tree, data)
    parsed = parse(text)
    assert parsed.error is None, (text, parsed.error)
    assert parsed.tree is not None
    assert render(parsed.tree) == render(tree)


MUTATION_CHARACTERS = st.sampled_from([*list('()AaNDOR &|!\t"\\é'), "AND", "OR", "NOT", "and"])


@settings(max_examples=500, deadline=None)
@given(trees(), st.data())
def test_mutated_expressions_give_a_located_error_or_parse_never_an_exception(
    tree: Alias | Operation, data: st.DataObject
) -> None:
    text = _print(tree, data)
    position = data.draw(st.integers(0, len(text)))
    action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
    piece = data.draw(MUTATION_CHARACTERS)
    if action == "insert":
        text = text[:position] + piece + text[position:]
    elif action == "delete":
        text = text[:position] + text[position + 1 :]
    else:
        text = text[:position] + piece + text[position + 1 :]
    parsed = parse(text)
    if parsed.error is None:
        assert parsed.tree is not None
    else:
        assert parsed.tree is None
        assert 0 <= parsed.error.offset <= len(text)
        assert parsed.error.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_parses_or_gives_a_located_error(text: str) -> None:
    parsed = parse(text)
    assert (parsed.error is None) == (parsed.tree is not None)
    if parsed.error is not None:
        assert 0 <= parsed.error.offset <= len(text)


# -- decoded offsets to JSON source offsets -----------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.booleans())
def test_source_offsets_agree_with_the_json_encoder(text: str, ascii_only: bool) -> None:
    raw = json.dumps(text, ensure_ascii=ascii_only)[1:-1]
    assert json.loads(f'"{raw}"') == text
    mapped = source_offsets(raw, range(len(text) + 1))
    for offset in range(len(text) + 1):
        expected = len(json.dumps(text[:offset], ensure_ascii=ascii_only)) - 2
        assert mapped[offset] == expected


def test_source_offsets_count_each_escape_form() -> None:
    raw = r"A \"x\" \u0041\ud83d\ude00\/B"
    assert json.loads(f'"{raw}"') == 'A "x" A\U0001f600/B'
    assert source_offsets(raw, range(10)) == {
        0: 0,
        1: 1,
        2: 2,
        3: 4,
        4: 5,
        5: 7,
        6: 8,
        7: 14,
        8: 26,
        9: 28,
    }
