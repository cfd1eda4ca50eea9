"""Rule declarations: one code, one meaning, one docstring that is its documentation.

Every check goalkeeper makes is declared here once, with its code, the kinds it applies
to, its default severity, a one-line title and its documentation. ``goalkeeper rules``,
``goalkeeper explain`` and docs/rules.md are generated from these declarations.

A rule is declared by decorating a function::

    @rule("CT104", kinds=GOAL_TYPE, severity=Severity.ERROR,
          title="valueMax must be greater than valueMin", triggers=("valueMax",))
    def value_range(doc: JsonDocument, ctx: Context) -> Iterator[Finding]:
        '''What, why, the seed section, a wrong and a right example.'''
        ...

If the function is a generator it is the rule's check. A cross-file rule
(``stage="files"``) gets the fact sheets of every file of a run instead of one document
(see :mod:`goalkeeper.cross_file`). A plain function whose body is
only its docstring declares a rule that another stage reports: the loaders (``stage="load"``),
or the kind's schema (``schema=True``), whose subschemas name the code with the
``x-goalkeeper-code`` annotation.

A rule may also declare a *safe fix* (SPEC §5.2), an edit that cannot change what a correct
payload means, with ``fix=``: a function ``(source, finding) -> Fix | None`` beside the
check. It reads the finding and the original text (``source.text``, with the document
parsed from it) and returns text edits at offsets into that text; it never re-serialises
the document, so everything outside the edits stays byte for byte. ``None`` means this
finding cannot be fixed safely (``"AND"`` can become ``"and"``, ``"xor"`` cannot). The
engine in :mod:`goalkeeper.fixes` applies the edits and checks again.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, NamedTuple

from goalkeeper.diagnostics import Edit, Finding, Fix, Severity

Stage = Literal["load", "payload", "request", "files"]
CheckFunction = Callable[[Any, Any], Iterator[Finding]]


class Source(NamedTuple):
    """What a fix function reads: the file's whole text and the document parsed from it.

    ``text`` is the decoded file as it is on disk, a UTF-8 byte order mark included (as
    ``\ufeff``); ``start`` is where the document's own text begins in it (1 after a byte
    order mark, else 0). ``document`` is None when the text did not parse.
    """

    text: str
    start: int
    document: Any

    def edit(self, start: int, end: int, content: str) -> Edit:
        """An edit given in offsets of ``document.text``, as an edit of the whole text."""
        return Edit(start + self.start, end + self.start, content)


FixFunction = Callable[[Source, Finding], "Fix | None"]

CODE_PATTERN = re.compile(r"^(GK|CT|IN|PU|GS)[0-9]{3}$")
ANY_KIND = "*"


class Rule(NamedTuple):
    code: str
    name: str
    title: str
    severity: Severity
    kinds: tuple[str, ...]
    stage: Stage
    ops: tuple[str, ...] | None
    triggers: frozenset[str] | None
    schema: bool
    hint: str | None
    doc: str
    check: CheckFunction | None
    fix: FixFunction | None = None

    @property
    def vendor_prefix(self) -> str:
        return self.code[:2]

    def applies_to(self, kind: str, op: str | None) -> bool:
        if ANY_KIND not in self.kinds and kind not in self.kinds:
            return False
        return self.ops is None or op in self.ops

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    @property
    def summary(self) -> str:
        """The first paragraph of the documentation."""
        return self.doc.split("\n\n", 1)[0].replace("\n", " ")


def rule(
    code: str,
    *,
    title: str,
    severity: Severity,
    kinds: Iterable[str],
    stage: Stage = "payload",
    ops: Iterable[str] | None = None,
    triggers: Iterable[str] | None = None,
    schema: bool = False,
    hint: str | None = None,
    fix: FixFunction | None = None,
) -> Callable[[Callable[..., Any]], Rule]:
    """Declare a rule; see the module documentation."""
    if not CODE_PATTERN.match(code):
        raise ValueError(f"rule code {code!r} must be a vendor prefix and three digits")

    def declare(function: Callable[..., Any]) -> Rule:
        doc = inspect.cleandoc(function.__doc__ or "")
        if not doc:
            raise ValueError(f"rule {code} has no documentation")
        check = function if inspect.isgeneratorfunction(function) else None
        return Rule(
            code=code,
            name=function.__name__.strip("_").replace("_", "-"),
            title=title,
            severity=severity,
            kinds=tuple(kinds),
            stage=stage,
            ops=tuple(ops) if ops is not None else None,
            triggers=frozenset(triggers) if triggers is not None else None,
            schema=schema,
            hint=hint,
            doc=doc,
            check=check,
            fix=fix,
        )

    return declare
