"""Properties of --fix on mutated payloads: it never breaks a file, never touches a file
without a fixable finding, and fixing twice is fixing once."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goalkeeper.checker import Checker, Target
from goalkeeper.diagnostics import Diagnostic
from goalkeeper.fixes import UNPARSED, fix_text
from goalkeeper.settings import Settings

from conftest import CASES

CHECKER = Checker(Settings(now=datetime(2026, 1, 1, tzinfo=timezone.utc)))
BASES = sorted(
    {
        case.path.read_text(encoding="utf-8-sig")
        for case in CASES
        if not case.request
        and case.path.suffix in (".json", ".xml")
        and (
            case.valid or case.rule_prefix in {"CT104", "CT210", "CT213", "CT214", "PU001", "PU244"}
        )
    }
)
PIECES = ["// note\n", "/* c */", ",", "\ufeff", " ", "\n", "1", "0", '"', "}", "]", "59", "AND"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A fixture's text with a few insertions and deletions where they hurt the most."""
    text = draw(st.sampled_from(BASES))
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "comma-before-closer"]))
        if action == "insert":
            text = text[:position] + draw(st.sampled_from(PIECES)) + text[position:]
        elif action == "delete" and text:
            position = min(position, len(text) - 1)
            text = text[:position] + text[position + 1 :]
        else:
            closers = [i for i, char in enumerate(text) if char in "]}"]
            if closers:
                index = closers[position % len(closers)]
                text = text[:index] + "," + text[index:]
    return text


def _parses(diagnostics: list[Diagnostic]) -> bool:
    return not any(d.code in UNPARSED for d in diagnostics)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_fix_never_breaks_a_file_nor_touches_one_without_a_fix(text: str) -> None:
    raw = text.encode("utf-8")
    target = Target("payload")
    before = CHECKER.check_bytes(raw, target)
    result = fix_text(CHECKER, raw, target)
    if not any(d.fix is not None for d in before):
        assert not result.changed
        assert result.fixed == 0
    if _parses(before):
        assert _parses(result.diagnostics)
    if result.changed:
        assert _parses(result.diagnostics)  # a file is only ever rewritten into one that parses
        assert result.fixed >= 1
    again = fix_text(CHECKER, result.text.encode("utf-8"), target)
    assert not again.changed  # idempotent: fixing the fixed text changes nothing


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_fix_text_never_raises_on_arbitrary_input(raw: bytes) -> None:
    result = fix_text(CHECKER, raw, Target("payload.json"))
    assert not result.changed or _parses(result.diagnostics)
