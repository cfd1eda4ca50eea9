"""The ``where.expression`` of a Gainsight fetch: tokenizer, parser and source columns.

Grammar (seed 004, "Fetch Customer Goals" samples ``"A"`` and ``"A AND B"``; SPEC §4.10)::

    expression := term  ("OR"  term)*
    term       := factor ("AND" factor)*
    factor     := ALIAS | "(" expression ")"

``AND`` and ``OR`` are upper-case keywords, ``AND`` binds tighter than ``OR`` and both
associate to the left; aliases are case-sensitive and there is no ``NOT``. An alias is a run
of characters other than white space, parentheses and ``&``, ``|``, ``!``.

The parser is an operator-precedence (shunting-yard) parser driven by an explicit stack, so
10,000 nested parentheses cost memory, never the Python stack. Offsets are positions in the
decoded string; :func:`source_offsets` turns them into offsets in the JSON source text, where
an escape such as ``\\"`` or ``\\u0041`` is several characters for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

AND = "AND"
OR = "OR"
_PRECEDENCE = {OR: 1, AND: 2}


class Token(NamedTuple):
    kind: str  # "alias", "operator", "open", "close", "symbol"
    text: str
    offset: int


class Alias(NamedTuple):
    name: str
    offset: int


class Operation(NamedTuple):
    operator: str
    left: Node
    right: Node
    offset: int


Node = Alias | Operation


class ExpressionError(NamedTuple):
    message: str
    offset: int
    hint: str | None = None


class ParsedExpression(NamedTuple):
    """The tree (None on a syntax error), the aliases the expression names (up to the error)
    and the first syntax error, if any."""

    tree: Node | None
    aliases: tuple[Alias, ...]
    error: ExpressionError | None


_TOKEN = re.compile(r"[()]|&&|\|\||[&|!]|[^\s()&|!]+")
_KINDS = {"(": "open", ")": "close", "&": "symbol", "|": "symbol", "!": "symbol"}


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; white space separates tokens and is dropped."""
    tokens = []
    kinds = _KINDS
    for match in _TOKEN.finditer(text):
        word = match.group()
        kind = kinds.get(word[0])
        if kind is None:
            kind = "operator" if word in _PRECEDENCE else "alias"
        tokens.append(Token(kind, word, match.start()))
    return tokens


def _describe(token: Token) -> str:
    if token.kind == "open":
        return "'('"
    if token.kind == "close":
        return "')'"
    if token.kind == "operator":
        return token.text
    return f'"{token.text}"'


def _symbol_error(token: Token) -> ExpressionError:
    if token.text in ("&&", "&"):
        return ExpressionError(f"{token.text!r} is not an operator", token.offset, "write AND")
    if token.text in ("||", "|"):
        return ExpressionError(f"{token.text!r} is not an operator", token.offset, "write OR")
    return ExpressionError(
        "'!' is not an operator: the expression has no NOT",
        token.offset,
        "write the negation into the condition's operator (NE, EXCLUDES, IS_NOT_NULL, ...)",
    )


def _operand_error(token: Token, previous: Token | None) -> ExpressionError:
    """``token`` stands where an alias or '(' belongs."""
    if token.kind == "symbol":
        return _symbol_error(token)
    if previous is None:
        what = "the expression"
        where = "starts with"
    elif previous.kind == "open":
        what, where = "'('", "is followed by"
    else:
        what, where = previous.text, "is followed by"
    if token.kind == "close" and previous is not None and previous.kind == "open":
        return ExpressionError("empty parentheses '()'", token.offset, "put an alias between them")
    return ExpressionError(
        f"{what} {where} {_describe(token)}; expected an alias or '('", token.offset
    )


def _operator_error(token: Token, previous: Token) -> ExpressionError:
    """``token`` stands where AND, OR or ')' belongs."""
    if token.kind == "symbol":
        return _symbol_error(token)
    if token.kind == "alias" and token.text.upper() in _PRECEDENCE:
        upper = token.text.upper()
        return ExpressionError(
            f'"{token.text}" is not an operator: AND and OR are upper-case',
            token.offset,
            f'write "{upper}"',
        )
    if token.kind == "alias" and token.text.upper() == "NOT":
        return ExpressionError(
            "the expression has no NOT",
            token.offset,
            "write the negation into the condition's operator (NE, EXCLUDES, IS_NOT_NULL, ...)",
        )
    after = "')'" if previous.kind == "close" else _describe(previous)
    return ExpressionError(
        f"expected AND or OR after {after}, found {_describe(token)}", token.offset
    )


def parse(text: str) -> ParsedExpression:
    """Parse ``text``; never raises, never recurses."""
    tokens = tokenize(text)
    aliases: list[Alias] = []
    output: list[Node] = []
    # Pending operators and open parentheses: (operator or "(", offset).
    pending: list[tuple[str, int]] = []
    expect_operand = True
    previous: Token | None = None

    def reduce() -> None:
        operator, offset = pending.pop()
        right = output.pop()
        left = output.pop()
        output.append(Operation(operator, left, right, offset))

    def failed(error: ExpressionError) -> ParsedExpression:
        return ParsedExpression(None, tuple(aliases), error)

    for token in tokens:
        if expect_operand:
            if token.kind == "alias" and token.text != "NOT":
                alias = Alias(token.text, token.offset)
                aliases.append(alias)
                output.append(alias)
                expect_operand = False
            elif token.kind == "open":
                pending.append(("(", token.offset))
            elif token.kind == "alias":  # NOT
                return failed(
                    ExpressionError(
                        "the expression has no NOT",
                        token.offset,
                        "write the negation into the condition's operator "
                        "(NE, EXCLUDES, IS_NOT_NULL, ...)",
                    )
                )
            else:
                return failed(_operand_error(token, previous))
        elif token.kind == "operator":
            precedence = _PRECEDENCE[token.text]
            while pending and pending[-1][0] != "(" and _PRECEDENCE[pending[-1][0]] >= precedence:
                reduce()
            pending.append((token.text, token.offset))
            expect_operand = True
        elif token.kind == "close":
            while pending and pending[-1][0] != "(":
                reduce()
            if not pending:
                return failed(ExpressionError("')' has no matching '('", token.offset))
            pending.pop()
        else:
            assert previous is not None  # an operand came first
            return failed(_operator_error(token, previous))
        previous = token

    end = len(text)
    if previous is None:
        return failed(
            ExpressionError(
                "the expression is empty", end, "combine the condition aliases, e.g. A AND B"
            )
        )
    if expect_operand:
        if previous.kind == "open":
            message = "the expression ends after '('; expected an alias"
        else:
            message = f"the expression ends after {previous.text}; expected an alias or '('"
        return failed(ExpressionError(message, end))
    while pending:
        if pending[-1][0] == "(":
            return failed(
                ExpressionError("this '(' is never closed", pending[-1][1], "add the missing ')'")
            )
        reduce()
    return ParsedExpression(output[0], tuple(aliases), None)


def render(tree: Node) -> str:
    """The tree with every operation in parentheses, built without recursion."""
    parts: list[str] = []
    stack: list[Node | str] = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, Alias):
            parts.append(item.name)
        else:
            stack.extend((")", item.right, f" {item.operator} ", item.left, "("))
    return "".join(parts)


_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)", re.DOTALL)


def source_offsets(raw: str, offsets: Iterable[int]) -> dict[int, int]:
    """For decoded offsets into the string whose JSON source (between the quotes) is ``raw``,
    the matching offsets into ``raw``.

    One pass over ``raw``: a plain character is one decoded character; an escape is one
    decoded character for 2 (``\\n``) or 6 (``\\u0041``) source characters, and a surrogate
    pair written as two ``\\u`` escapes is one decoded character for 12. An offset at the
    end of the string maps to the end of ``raw`` (the closing quote).
    """
    wanted = sorted(set(offsets))
    result: dict[int, int] = {}
    if not wanted:
        return result
    decoded = 0
    position = 0
    index = 0
    length = len(raw)
    while index < len(wanted):
        target = wanted[index]
        if decoded == target or position >= length:
            result[target] = position
            index += 1
            continue
        if raw[position] != "\\":
            position += 1
        else:
            escape = _ESCAPE.match(raw, position)
            step = len(escape.group()) if escape else 1
            if step == 6 and 0xD800 <= int(raw[position + 2 : position + 6], 16) < 0xDC00:
                low = _ESCAPE.match(raw, position + 6)
                if (
                    low is not None
                    and len(low.group()) == 6
                    and 0xDC00 <= int(low.group()[2:], 16) < 0xE000
                ):
                    step = 12
            position += step
        decoded += 1
    return result
