"""The ``where.expression`` of a Gainsight fetch: tokenizer, parser, source columns and the
rules GS311-GS314 (expression present, valid, naming defined aliases, using every alias).

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

import functools
import re
from collections.abc import Iterable, Iterator
from difflib import get_close_matches
from typing import NamedTuple

from goalkeeper.context import Context
from goalkeeper.diagnostics import Finding, Severity
from goalkeeper.load.json_document import JsonDocument
from goalkeeper.pointers import show
from goalkeeper.rules import rule
from goalkeeper.validators.gainsight.kinds import FETCH
from goalkeeper.validators.gainsight.where import aliases_of, where_of, which_condition

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
        return '"("'
    if token.kind == "close":
        return '")"'
    if token.kind == "operator":
        return token.text
    return f'"{token.text}"'


_NO_NOT_HINT = "write the negation into the condition's operator (NE, EXCLUDES, IS_NOT_NULL, ...)"


def _no_not(offset: int, what: str = "the expression has no NOT") -> ExpressionError:
    return ExpressionError(what, offset, _NO_NOT_HINT)


def _symbol_error(token: Token) -> ExpressionError:
    if token.text in ("&&", "&"):
        return ExpressionError(f'"{token.text}" is not an operator', token.offset, "write AND")
    if token.text in ("||", "|"):
        return ExpressionError(f'"{token.text}" is not an operator', token.offset, "write OR")
    return _no_not(token.offset, '"!" is not an operator: the expression has no NOT')


def _operand_error(token: Token, previous: Token | None) -> ExpressionError:
    """``token`` stands where an alias or '(' belongs."""
    if token.kind == "symbol":
        return _symbol_error(token)
    if previous is None:
        what = "the expression"
        where = "starts with"
    elif previous.kind == "open":
        what, where = '"("', "is followed by"
    else:
        what, where = previous.text, "is followed by"
    if token.kind == "close" and previous is not None and previous.kind == "open":
        return ExpressionError('empty parentheses "()"', token.offset, "put an alias between them")
    return ExpressionError(
        f'{what} {where} {_describe(token)}; expected an alias or "("', token.offset
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
        return _no_not(token.offset)
    after = '")"' if previous.kind == "close" else _describe(previous)
    return ExpressionError(
        f"expected AND or OR after {after}, found {_describe(token)}", token.offset
    )


def parse(text: str) -> ParsedExpression:
    """Parse ``text``; never raises, never recurses. The parse is immutable: short
    expressions, which payloads repeat from file to file, are parsed once."""
    if len(text) <= _REMEMBERED_LENGTH:
        return _remembered(text)
    return _parse(text)


# Expressions up to this long are remembered (the most recent few hundred of them).
_REMEMBERED_LENGTH = 200


@functools.lru_cache(maxsize=256)
def _remembered(text: str) -> ParsedExpression:
    return _parse(text)


def _parse(text: str) -> ParsedExpression:
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
                return failed(_no_not(token.offset))
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
                return failed(ExpressionError('")" has no matching "("', token.offset))
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
            message = 'the expression ends after "("; expected an alias'
        else:
            message = f'the expression ends after {previous.text}; expected an alias or "("'
        return failed(ExpressionError(message, end))
    while pending:
        if pending[-1][0] == "(":
            return failed(
                ExpressionError('this "(" is never closed', pending[-1][1], 'add the missing ")"')
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


# ---------------------------------------------------------------------------------------
# The rules: the expression of a fetch request's where clause (seed 004)


def _aliases_complete(doc: JsonDocument) -> bool:
    """Whether every condition is an object with an alias, so the defined aliases are all
    known (otherwise the structure rules already report the mistake, a missing
    ``conditions`` included)."""
    where = where_of(doc) or {}
    conditions = where.get("conditions")
    return isinstance(conditions, list) and all(
        isinstance(condition, dict) and isinstance(condition.get("alias"), str)
        for condition in conditions
    )


def _undefined(doc: JsonDocument) -> dict[str, int]:
    """Aliases the expression names that no condition defines, with their first offset."""
    memo: dict[str, int] | None = doc.memo.get("gainsight.undefined")
    if memo is not None:
        return memo
    found = _expression(doc)
    undefined: dict[str, int] = {}
    if found is not None and _aliases_complete(doc):
        defined = aliases_of(doc)
        for alias in found[1].aliases:
            if alias.name not in defined:
                undefined.setdefault(alias.name, alias.offset)
    doc.memo["gainsight.undefined"] = undefined
    return undefined


@rule(
    "GS311",
    title="conditions without an expression",
    severity=Severity.ERROR,
    kinds=(FETCH,),
    triggers=("where",),
    hint='add "expression" combining the aliases, e.g. "A AND B"',
)
def expression_missing(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``where.expression`` is required when ``where.conditions`` has conditions.

    Source: seed 004, "Fetch Customer Goals" (even a single condition comes with
    ``"expression": "A"``). Decision (SPEC §4.10): ``expression`` is required when there
    are conditions; ``where`` itself is optional.

    Wrong: ``{"where": {"conditions": [{..., "alias": "A"}]}}``

    Right: ``{"where": {"conditions": [{..., "alias": "A"}], "expression": "A"}}``
    """
    where = where_of(doc)
    conditions = where.get("conditions") if where else None
    if (
        where is not None
        and isinstance(conditions, list)
        and conditions
        and ("expression" not in where)
    ):
        yield Finding(
            "GS311",
            "/where",
            f"where has {len(conditions)} condition{'s' if len(conditions) != 1 else ''} "
            "but no expression",
            hint=f'add "expression": {show(_suggested(doc))}',
        )


def _suggested(doc: JsonDocument) -> str:
    return " AND ".join(aliases_of(doc)) or "A"


def _expression(doc: JsonDocument) -> tuple[str, ParsedExpression] | None:
    """The expression string and its parse, when ``where.expression`` is a string."""
    if "gainsight.expression" not in doc.memo:
        where = where_of(doc)
        expression = where.get("expression") if where else None
        doc.memo["gainsight.expression"] = (
            (expression, parse(expression)) if isinstance(expression, str) else None
        )
    found: tuple[str, ParsedExpression] | None = doc.memo["gainsight.expression"]
    return found


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SPACE = re.compile(r"[ \t\n\r]*")


def string_positions(
    doc: JsonDocument, pointer: str, offsets: list[int]
) -> dict[int, tuple[int, int]]:
    """The (line, column) of characters of the string member at ``pointer``, by their
    offset in the decoded string. Empty when the document has no text (data handed over
    already parsed) or the member cannot be found."""
    text = doc.text
    key = doc.position(pointer) if text is not None else None
    if text is None or key is None:
        return {}
    line, column = key
    line_start = 0
    for _ in range(line - 1):
        line_start = text.index("\n", line_start) + 1
    name = _STRING.match(text, line_start + column - 1)
    if name is None:
        return {}
    colon = _SPACE.match(text, name.end())
    if colon is None or not text.startswith(":", colon.end()):
        return {}
    value_start = _SPACE.match(text, colon.end() + 1)
    value = _STRING.match(text, value_start.end()) if value_start else None
    if value is None:
        return {}
    # A JSON string never holds a raw line break, so the value ends on its own line.
    value_line_start = text.rfind("\n", 0, value.start()) + 1
    value_line = line + text.count("\n", line_start, value.start())
    quote_column = value.start() - value_line_start + 1
    mapped = source_offsets(value.group()[1:-1], offsets)
    return {offset: (value_line, quote_column + 1 + raw) for offset, raw in mapped.items()}


@rule(
    "GS312",
    title="expression is not valid",
    severity=Severity.ERROR,
    kinds=(FETCH,),
    schema=True,
    triggers=("where",),
    hint="combine aliases with upper-case AND and OR and parentheses, e.g. A AND (B OR C)",
)
def expression_syntax(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """``where.expression`` must be a string that combines condition aliases with ``AND``,
    ``OR`` and parentheses.

    Source: seed 004, "Fetch Customer Goals" (``"expression": "A"``) and "Template Fetch
    API" (``"expression": "A AND B"``). Decision (SPEC §4.10): ``AND`` and ``OR`` are
    upper-case, aliases are case-sensitive and there is no ``NOT``; ``AND`` binds
    tighter than ``OR``. The diagnostic's column is the exact character inside the JSON
    string (escapes such as ``\\"`` or ``\\u0041`` counted as written in the file).

    Wrong: ``"A and B"``, ``"A AND (B OR C"``, ``"A && B"``, ``"NOT A"``, ``""``

    Right: ``"A AND (B OR C)"``
    """
    found = _expression(doc)
    error = found[1].error if found is not None else None
    if found is None or error is None:
        return
    expression = found[0]
    yield Finding(
        "GS312",
        "/where/expression",
        f"where.expression {show(expression)}: {error.message} (at character {error.offset + 1})",
        hint=error.hint,
        position=string_positions(doc, "/where/expression", [error.offset]).get(error.offset),
    )


# Beyond this many aliases, messages list the first few and hints skip the fuzzy match, so
# that a body with thousands of undefined aliases stays linear.
_LISTED = 8
_FUZZY_LIMIT = 64


def _alias_hint(name: str, folded: dict[str, str], defined: list[str]) -> str | None:
    same = folded.get(name.lower().strip())
    if same is not None and same.strip() == name:
        return f"the condition's alias is {show(same)}: remove the white space around it"
    if same is not None:
        return f'aliases are case-sensitive: did you mean "{same}"?'
    close = get_close_matches(name, defined, n=1) if len(defined) <= _FUZZY_LIMIT else []
    return f'did you mean "{close[0]}"?' if close else None


@rule(
    "GS313",
    title="expression names an alias no condition defines",
    severity=Severity.ERROR,
    kinds=(FETCH,),
    triggers=("where",),
    hint="name the alias of a condition (aliases are case-sensitive), or add the condition",
)
def expression_undefined_alias(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """Every alias in ``where.expression`` must be the ``alias`` of a condition.

    Source: seed 004, "Template Fetch API" (conditions ``A`` and ``B``, expression
    ``"A AND B"``); SPEC §4.9. Aliases are case-sensitive (SPEC §4.10). Reported at the
    exact column of the alias inside the string, once per alias; aliases after a syntax
    error (GS312) are not checked, nor is any alias while ``conditions`` is missing or not
    an array, or a condition is not an object or has no alias (GS303 and GS304 report that).

    Wrong: conditions ``A`` and ``B`` with ``"expression": "A AND C"`` or ``"a AND b"``

    Right: ``"expression": "A AND B"``
    """
    undefined = _undefined(doc)
    if not undefined:
        return
    defined = aliases_of(doc)
    positions = string_positions(doc, "/where/expression", list(undefined.values()))
    names = list(defined)
    known = ", ".join(show(name) for name in names[:_LISTED]) or "none"
    if len(names) > _LISTED:
        known += f" and {len(names) - _LISTED} more"
    folded: dict[str, str] = {}
    for alias in names:
        folded.setdefault(alias.lower().strip(), alias)
    for name, offset in undefined.items():
        yield Finding(
            "GS313",
            "/where/expression",
            f"where.expression names the alias {show(name)} (at character {offset + 1}), "
            f"but no condition defines it; defined aliases: {known}",
            hint=_alias_hint(name, folded, names),
            position=positions.get(offset),
        )


@rule(
    "GS314",
    title="condition alias not used in the expression",
    severity=Severity.WARNING,
    kinds=(FETCH,),
    triggers=("where",),
    hint="use the alias in where.expression or remove the condition",
)
def alias_unused(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
    """A condition whose ``alias`` the expression never names does not filter anything.

    Source: seed 004, "Template Fetch API" (every condition's alias appears in
    ``"A AND B"``); SPEC §4.9. Not reported when the expression is missing (GS311), has
    a syntax error (GS312) or names an undefined alias (GS313, usually the same mistake:
    ``"A OR b"`` for ``A`` and ``B``). An alias with white
    space or parentheses can never be named by an expression.

    Wrong: conditions ``A`` and ``B`` with ``"expression": "A"``

    Right: ``"expression": "A AND B"`` or ``"A OR B"``
    """
    found = _expression(doc)
    if found is None or found[1].error is not None or _undefined(doc):
        return
    used = {alias.name for alias in found[1].aliases}
    for alias, index in aliases_of(doc).items():
        if alias not in used:
            unusable = any(char.isspace() or char in "()&|!" for char in alias) or alias in (
                "AND",
                "OR",
                "NOT",
            )
            yield Finding(
                "GS314",
                f"/where/conditions/{index}/alias",
                f"alias {show(alias)} of {which_condition(index)} is not used in where.expression"
                + ("; an expression cannot name it" if unusable else ""),
                hint="rename the alias to letters and digits, e.g. A" if unusable else None,
            )


RULES = (expression_missing, expression_syntax, expression_undefined_alias, alias_unused)
