"""Safe fixes: every fix on its fixtures, the engine, the scanner, --fix/--diff, fix()."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import goalkeeper
from goalkeeper import registry
from goalkeeper.checker import Checker, Target
from goalkeeper.cli import main
from goalkeeper.diagnostics import Diagnostic, Edit, Fix, Severity
from goalkeeper.fixes import UNPARSED, apply_edits, choose, fix_text
from goalkeeper.load.json_comments import comment_removals, scan
from goalkeeper.settings import Settings

from conftest import CASES, ROOT, Case
from fixture_runner import settings_for

FIXED = ROOT / "tests" / "fixtures_fixed"
FIXABLE = {r.code for r in registry.all_rules() if r.fixable}
FIXABLE_CASES = [c for c in CASES if not c.valid and not c.request and c.rule_prefix in FIXABLE]
NOW = "2026-01-01T00:00:00Z"


def _fix_case(case: Case, raw: bytes | None = None) -> goalkeeper.Report | object:
    checker = Checker(settings_for(case))
    target = Target(case.name, case.kind, case.op)
    return fix_text(checker, case.path.read_bytes() if raw is None else raw, target)


def _codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


# -- every fix on its fixtures ----------------------------------------------------------


@pytest.mark.parametrize("case", FIXABLE_CASES, ids=lambda c: c.name)
def test_fix_on_its_fixture(case: Case) -> None:
    """The fixed text is exactly the expected file; the rule is then silent; it parses;
    fixing again changes nothing."""
    result = fix_text(
        Checker(settings_for(case)),
        case.path.read_bytes(),
        Target(case.name, case.kind, case.op),
    )
    expected = FIXED / case.name
    if not expected.exists():
        # The seed samples as printed: removing the comments still leaves "..." and
        # missing commas, so the file is left untouched and GK601 says why.
        assert case.rule_prefix == "GK202" and "as-printed" in case.name
        assert not result.changed and result.text == result.original
        assert _codes(result.diagnostics) == ["GK202", "GK601"]
        assert all(d.fix is None for d in result.diagnostics)
        return
    assert result.text == expected.read_bytes().decode("utf-8")
    assert result.fixed >= 1
    left = _codes(result.diagnostics)
    assert case.rule_prefix not in left
    assert not UNPARSED & set(left)
    again = fix_text(
        Checker(settings_for(case)),
        result.text.encode("utf-8"),
        Target(case.name, case.kind, case.op),
    )
    assert not again.changed and again.fixed == 0


@pytest.mark.parametrize("code", sorted(FIXABLE))
def test_every_fixable_rule_has_a_fixed_fixture_and_documents_its_fix(code: str) -> None:
    fixed = [c for c in FIXABLE_CASES if c.rule_prefix == code and (FIXED / c.name).exists()]
    assert fixed, f"no expected fixed text under tests/fixtures_fixed for {code}"
    declared = registry.rule_by_code(code)
    assert declared is not None and "Fix (safe):" in declared.doc


def test_every_expected_file_belongs_to_a_fixture() -> None:
    names = {c.name for c in FIXABLE_CASES}
    for path in FIXED.rglob("*"):
        if path.is_file():
            assert str(path.relative_to(FIXED)) in names, path


# -- fixes one by one: boundaries -------------------------------------------------------


def _fix(text: str, kind: str | None = None, op: str | None = None) -> tuple[str, list[str]]:
    fixed, report = goalkeeper.fix(text, kind, op)
    return fixed, _codes(list(report.diagnostics))


RULE = '{"code": "r-1", "status": 1, "agents": ["a-1"], "when": [], %s}'


@pytest.mark.parametrize(
    ("andor", "fixed"),
    [('"AND"', '"and"'), ('"Or"', '"or"'), ('" and "', '"and"'), ('"OR"', '"or"')],
)
def test_ct210_lower_cases_and_and_or(andor: str, fixed: str) -> None:
    when = '"when": [["geoCity", "eq", "A"], ["geoCity", "eq", "B"]]'
    text = RULE.replace('"when": []', when) % f'"andor": {andor}, "apply": {{"feature": "x"}}'
    result, left = _fix(text)
    assert result == text.replace(andor, fixed)
    assert left == []


@pytest.mark.parametrize("andor", ['"xor"', "1", '"an d"', "null"])
def test_ct210_other_values_need_a_decision(andor: str) -> None:
    text = RULE % f'"andor": {andor}, "apply": {{"feature": "x"}}'
    result, left = _fix(text)
    assert result == text
    assert "CT210" in left


@pytest.mark.parametrize(
    ("feature", "fixed", "left"),
    [
        ("a,,b", "a,b", []),
        (",a", "a", []),
        ("a,", "a", []),
        ("a, b", "a,b", []),
        (" a ,b ", "a,b", []),
        ("a, ,b", "a,b", []),  # CT213 first (same span, lower code), CT214 on the next pass
        (",", ",", ["CT213"]),  # nothing would be left: a human decides
    ],
)
def test_feature_list_fixes(feature: str, fixed: str, left: list[str]) -> None:
    text = RULE % f'"apply": {{"feature": "{feature}"}}'
    result, codes = _fix(text)
    assert result == text.replace(f'"{feature}"', f'"{fixed}"')
    assert [c for c in codes if c in ("CT213", "CT214")] == left


def test_feature_fix_keeps_escapes_elsewhere_byte_for_byte() -> None:
    text = (
        '{"code": "r\\u002d1", "status": 1, "agents": ["a-1"], "when": [],\n'
        ' "apply": {"feature": "a, b"}}'
    )
    result, _ = _fix(text)
    assert result == text.replace('"a, b"', '"a,b"')


def test_ct104_removes_every_repeat_with_its_comma() -> None:
    text = (
        '{\n  "code": "g-1",\n  "name": "N",\n  "agents": [\n    "a-1",\n    "a-2",\n'
        '    "a-1",\n    "a-1",\n    "a-3",\n    "a-2"\n  ]\n}\n'
    )
    result, report = goalkeeper.fix(text)
    assert result == (
        '{\n  "code": "g-1",\n  "name": "N",\n  "agents": [\n'
        '    "a-1",\n    "a-2",\n    "a-3"\n  ]\n}\n'
    )
    assert report.diagnostics == ()
    assert report.fixed == 3  # one finding per repeat, all resolved by one fix


def test_ct104_repeat_at_the_end_on_one_line() -> None:
    result, left = _fix('{"code": "g-1", "name": "N", "agents": ["a", "b", "a"]}')
    assert result == '{"code": "g-1", "name": "N", "agents": ["a", "b"]}'
    assert left == []


GOAL_RULES = """<?xml version="1.0" encoding="UTF-8"?>
<rulesBean>
    <parentId>f728f3c8-00e7-4d3e-b3a0-3a2ad1a0f9fe</parentId>
    <timeRestrictions>
        <active>true</active>
        <days>MONDAY</days>
        <fromHour>{from_hour}</fromHour>
        <fromMinute>0</fromMinute>
        <toHour>{to_hour}</toHour>
        <toMinute>{to_minute}</toMinute>
    </timeRestrictions>
</rulesBean>
"""


@pytest.mark.parametrize(
    ("from_hour", "to_hour", "to_minute", "fixed_hour"),
    [
        ("0", "5", "59", "6"),
        ("0", "23", "59", "0"),
        ("22", "22", "59", "23"),
        ("0", " 7 ", " 59 ", " 8 "),
    ],
)
def test_pu244_ends_at_the_next_full_hour(
    from_hour: str, to_hour: str, to_minute: str, fixed_hour: str
) -> None:
    text = GOAL_RULES.format(from_hour=from_hour, to_hour=to_hour, to_minute=to_minute)
    result, left = _fix(text)
    fixed_minute = to_minute.replace("59", "0")
    assert result == GOAL_RULES.format(
        from_hour=from_hour, to_hour=fixed_hour, to_minute=fixed_minute
    )
    assert "PU244" not in left


def test_pu244_not_offered_for_a_window_that_does_not_end_at_59() -> None:
    text = GOAL_RULES.format(from_hour="0", to_hour="5", to_minute="58")
    result, left = _fix(text)
    assert result == text and "PU244" not in left


GOAL = """<?xml version="1.0" encoding="UTF-8"?>
<goalBean>
    <!-- é: a comment with a non-ASCII letter before the edit -->
    <campaignId>c-1</campaignId>
    <goalValue>1000</goalValue>
    <name>Café</name>
    <start>2030-09-30T00:00:00+0200</start>
    <type>IMPRESSION</type>
    <unlimitedImpressions>{value}</unlimitedImpressions>
    <variant>NORMAL</variant>
</goalBean>
"""


@pytest.mark.parametrize(("value", "fixed"), [("1", "true"), ("0", "false"), (" 0\n", " false\n")])
def test_pu001_writes_the_word_after_non_ascii_text(value: str, fixed: str) -> None:
    result, left = _fix(GOAL.format(value=value))
    assert result == GOAL.format(value=fixed)
    assert "PU001" not in left


@pytest.mark.parametrize("value", ["<!-- c -->1", "<![CDATA[1]]>", "1<!-- c -->"])
def test_pu001_no_fix_when_the_text_is_not_plain(value: str) -> None:
    text = GOAL.format(value=value)
    fixed, report = goalkeeper.fix(text)
    assert fixed == text
    pu001 = [d for d in report.diagnostics if d.code == "PU001"]
    assert all(d.fix is None for d in pu001)


def test_bom_and_a_rule_fix_in_one_file_land_in_the_right_places() -> None:
    text = "\ufeff" + RULE % '"andor": "AND", "apply": {"feature": "a, b"}'
    result, left = _fix(text)
    assert result == (RULE % '"andor": "and", "apply": {"feature": "a,b"}')
    assert "GK102" not in left and "CT214" not in left


def test_crlf_line_ends_are_kept() -> None:
    text = (
        '{\r\n  "code": "g-1", // the goal\r\n  "name": "N",\r\n  "agents": ["a", "a",],\r\n}\r\n'
    )
    result, left = _fix(text)
    assert result == '{\r\n  "code": "g-1",\r\n  "name": "N",\r\n  "agents": ["a"]\r\n}\r\n'
    assert left == []


def test_several_passes_comments_then_commas_then_rules() -> None:
    text = (
        '\ufeff{\n  // copied from the docs\n  "code": "r-1",\n  "status": 1, /* on */\n'
        '  "agents": ["a-1",],\n  "when": [["geoCity", "eq", "A"], ["geoCity", "eq", "B"],],\n'
        '  "andor": "OR",\n  "apply": {"feature": "x,,y",},\n}\n'
    )
    fixed, report = goalkeeper.fix(text)
    assert fixed == (
        '{\n  "code": "r-1",\n  "status": 1,\n  "agents": ["a-1"],\n'
        '  "when": [["geoCity", "eq", "A"], ["geoCity", "eq", "B"]],\n'
        '  "andor": "or",\n  "apply": {"feature": "x,y"}\n}\n'
    )
    assert report.fixed == 5  # BOM, comments, commas, andor, feature
    assert report.diagnostics == ()


def test_a_file_that_would_not_parse_is_left_untouched_with_gk601() -> None:
    text = '{"code": "g-1", // one\n "name": "N" "agents": []}'
    fixed, report = goalkeeper.fix(text)
    assert fixed == text
    assert _codes(list(report.diagnostics)) == ["GK202", "GK601"]
    gk601 = report.diagnostics[1]
    assert gk601.severity is Severity.WARNING
    assert "GK201" in gk601.message and "line 2" in gk601.message
    assert report.fixed == 0


def test_passes_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """With one pass allowed, a file that needs two (comments, then a trailing comma)
    would not parse after it: untouched, GK601."""
    monkeypatch.setattr("goalkeeper.fixes.MAX_PASSES", 1)
    text = '{"code": "g-1", // c\n "name": "N", "agents": [],}'
    fixed, report = goalkeeper.fix(text)
    assert fixed == text
    assert _codes(list(report.diagnostics))[-1] == "GK601"
    monkeypatch.setattr("goalkeeper.fixes.MAX_PASSES", 2)
    fixed, report = goalkeeper.fix(text)
    assert fixed == '{"code": "g-1",\n "name": "N", "agents": []}'


def test_nothing_fixable_leaves_the_text_and_the_type() -> None:
    text = b'{"code": "g-1", "name": "N", "agents": [], "countMax": 0}'
    fixed, report = goalkeeper.fix(text)
    assert fixed is text
    assert _codes(list(report.diagnostics)) == ["CT105"]
    assert report.fixed == 0


def test_fix_returns_bytes_for_bytes_and_refuses_parsed_data() -> None:
    fixed, _ = goalkeeper.fix(b'{"code": "g-1", "name": "N", "agents": [],}')
    assert fixed == b'{"code": "g-1", "name": "N", "agents": []}'
    with pytest.raises(TypeError, match="text"):
        goalkeeper.fix({"code": "g-1"})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown kind"):
        goalkeeper.fix("{}", kind="nope/nope")


def test_fix_is_exported_lazily() -> None:
    assert "fix" in goalkeeper.__all__
    assert goalkeeper.fix is goalkeeper.api.fix


# -- the engine -------------------------------------------------------------------------


def _diagnostic(code: str, *edits: Edit) -> Diagnostic:
    return Diagnostic(
        code, Severity.ERROR, "m", "", 1, 1, None, None, None, "f", fix=Fix(edits, "d")
    )


def test_choose_takes_fixes_by_start_then_code_and_skips_overlaps() -> None:
    first = _diagnostic("CT214", Edit(5, 9, "x"))
    same_start_lower_code = _diagnostic("CT213", Edit(5, 7, "y"))
    overlapping = _diagnostic("CT210", Edit(8, 12, "z"))
    touching = _diagnostic("PU001", Edit(9, 10, "w"))
    duplicate = _diagnostic("CT104", Edit(5, 7, "y"))
    chosen = choose([first, overlapping, touching, same_start_lower_code, duplicate])
    assert [d.code for d, _ in chosen] == ["CT104", "CT210"]
    # CT104 and CT213 have the same edits (one counts); CT214 overlaps them; CT210 is
    # after them; PU001 overlaps CT210.
    chosen = choose([first, touching])
    assert [d.code for d, _ in chosen] == ["CT214", "PU001"]  # [5,9) and [9,10) touch


def test_choose_takes_a_fix_whole_or_not_at_all() -> None:
    two = _diagnostic("PU244", Edit(1, 2, "a"), Edit(10, 12, "b"))
    blocker = _diagnostic("GK102", Edit(0, 1, ""))
    inside = _diagnostic("PU001", Edit(11, 11, "c"))
    chosen = choose([two, blocker, inside])
    assert [d.code for d, _ in chosen] == ["GK102", "PU244"]


def test_two_insertions_at_one_point_collide() -> None:
    chosen = choose([_diagnostic("GK202", Edit(3, 3, "a")), _diagnostic("GK203", Edit(3, 3, "b"))])
    assert [d.code for d, _ in chosen] == ["GK202"]


def test_apply_edits_in_one_pass() -> None:
    assert apply_edits("0123456789", [Edit(8, 10, "X"), Edit(0, 1, ""), Edit(4, 4, "+")]) == (
        "123+4567X"
    )


# -- the comment and trailing comma scanner ---------------------------------------------


def test_scan_respects_strings() -> None:
    text = '{"url": "http://x/*y*/", "q": "a\\"//b", "c": [1, 2,], /* n */ "d": 1 // e\n}'
    extras = scan(text)
    assert extras is not None
    assert [text[s:e] for s, e in extras.comments] == ["/* n */", "// e"]
    assert [text[i - 2 : i + 2] for i in extras.trailing_commas] == [" 2,]"]


def test_scan_sees_a_trailing_comma_behind_comments() -> None:
    text = "[1, // one\n /* two */\n]"
    extras = scan(text)
    assert extras is not None and extras.trailing_commas == (2,)


@pytest.mark.parametrize("text", ['{"a": "unterminated', '{"a": 1 /* never closed', '"a\nb"'])
def test_scan_gives_up_where_no_removal_can_be_trusted(text: str) -> None:
    assert scan(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n  // alone\n  "a": 1\n}', '{\n  "a": 1\n}'),
        ('{\n  "a": 1, // end\n  "b": 2\n}', '{\n  "a": 1,\n  "b": 2\n}'),
        ('{\n  /* a */ /* b */\n  "a": 1\n}', '{\n  "a": 1\n}'),
        ('{\n  /* lead */ "a": 1\n}', '{\n  "a": 1\n}'),
        ('{"a": 1 /* mid */, "b": 2}', '{"a": 1, "b": 2}'),
        ("[1/**/2]", "[1 2]"),  # tokens never join into another value
        ('{\n  "a": 1 // x\n  // y\n}', '{\n  "a": 1\n}'),
        ("// head\n{}", "{}"),
        ("{} // tail", "{}"),
        ('{\r\n  // w\r\n  "a": 1\r\n}', '{\r\n  "a": 1\r\n}'),
        ("\ufeff// head\n{}", "\ufeff{}"),
    ],
)
def test_comment_removal_layout(text: str, expected: str) -> None:
    extras = scan(text)
    assert extras is not None
    assert apply_edits(text, comment_removals(text, extras.comments)) == expected


def test_scan_is_linear_on_many_comment_openers() -> None:
    """Many `/*` and quotes without their ends finish at once (no rescans)."""
    text = "[" + '"a", ' * 20000 + "/*" * 20000
    assert scan(text) is None
    text = "[" + "1, // c\n" * 50000 + "]"
    extras = scan(text)
    assert extras is not None and len(extras.comments) == 50000


# -- command line -----------------------------------------------------------------------


def _write(path: Path, text: str, mode: int | None = None) -> Path:
    path.write_bytes(text.encode("utf-8"))
    if mode is not None:
        path.chmod(mode)
    return path


FIXABLE_GOAL = '{\n  "code": "g-1", // checkout\n  "name": "N",\n  "agents": ["a", "a"],\n}\n'
FIXED_GOAL = '{\n  "code": "g-1",\n  "name": "N",\n  "agents": ["a"]\n}\n'
UNFIXABLE_GOAL = '{"code": "g-1", "name": "N", "agents": [], "countMax": 0}\n'


def test_check_marks_fixable_findings_and_counts_them(tmp_path: Path) -> None:
    path = _write(tmp_path / "g.json", '{"code": "g-1", "name": "N", "agents": ["a", "a"]}')
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0
    assert f"{path}:1:46: CT104 [*] [warning] agents[1], the second item, repeats" in (
        result.output
    )
    assert "1 fixable with `goalkeeper check --fix`" in result.output
    assert path.read_text() == '{"code": "g-1", "name": "N", "agents": ["a", "a"]}'


def test_fix_writes_the_file_keeps_its_mode_and_reports_what_is_left(tmp_path: Path) -> None:
    fixable = _write(tmp_path / "g.json", FIXABLE_GOAL, 0o640)
    other = _write(tmp_path / "h.json", UNFIXABLE_GOAL)
    before = other.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["check", "--fix", str(tmp_path)])
    assert fixable.read_text() == FIXED_GOAL
    assert stat.S_IMODE(fixable.stat().st_mode) == 0o640
    assert other.read_text() == UNFIXABLE_GOAL and other.stat().st_mtime_ns == before
    assert result.exit_code == 1  # CT105 needs a decision
    assert "CT105" in result.output and "GK202" not in result.output
    assert "3 fixed" in result.output  # comment, trailing comma, repeated agent
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json", "h.json"]  # no temp file


def test_fix_json_report_counts_the_fixes(tmp_path: Path) -> None:
    import json

    _write(tmp_path / "g.json", FIXABLE_GOAL)
    result = CliRunner().invoke(main, ["check", "--fix", "--format", "json", str(tmp_path)])
    report = json.loads(result.output)
    assert report["fixed"] == 3 and report["diagnostics"] == [] and result.exit_code == 0


def test_fix_follows_a_symbolic_link(tmp_path: Path) -> None:
    real = _write(tmp_path / "real.json", FIXABLE_GOAL)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = CliRunner().invoke(main, ["check", "--fix", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text() == FIXED_GOAL


def test_diff_prints_a_unified_diff_and_changes_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path / "g.json", FIXABLE_GOAL)
    result = CliRunner().invoke(main, ["check", "--diff", str(path)])
    assert result.exit_code == 1
    assert path.read_text() == FIXABLE_GOAL
    assert f"--- a/{path}\n+++ b/{path}\n" in result.stdout
    assert '-  "code": "g-1", // checkout\n+  "code": "g-1",\n' in result.stdout
    assert "--fix would apply 3 fixes in 1 file" in result.stderr


def test_diff_without_fixes_exits_zero(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.json", UNFIXABLE_GOAL)
    result = CliRunner().invoke(main, ["check", "--diff", str(path)])
    assert result.exit_code == 0 and result.stdout == ""


def test_fix_and_diff_exclude_each_other(tmp_path: Path) -> None:
    path = _write(tmp_path / "g.json", FIXABLE_GOAL)
    result = CliRunner().invoke(main, ["check", "--fix", "--diff", str(path)])
    assert result.exit_code == 2 and path.read_text() == FIXABLE_GOAL


def test_stdin_with_fix_writes_the_fixed_text_to_stdout() -> None:
    result = CliRunner().invoke(main, ["check", "--fix", "-"], input=FIXABLE_GOAL)
    assert result.exit_code == 0
    assert result.stdout == FIXED_GOAL
    assert "All checks passed" in result.stderr


def test_stdin_with_fix_and_nothing_to_fix_echoes_the_input() -> None:
    result = CliRunner().invoke(main, ["check", "--fix", "-"], input=UNFIXABLE_GOAL)
    assert result.exit_code == 1
    assert result.stdout == UNFIXABLE_GOAL
    assert "CT105" in result.stderr


def test_fix_on_a_read_only_file_is_a_located_error(tmp_path: Path) -> None:
    """A file with no write bit stays as it is, even for root: GK602, exit 1, no traceback."""
    path = _write(tmp_path / "g.json", FIXABLE_GOAL, 0o444)
    result = CliRunner().invoke(main, ["check", "--fix", str(path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert path.read_text() == FIXABLE_GOAL
    assert f"{path}: GK602 [error] cannot write the fixed file: it is read-only (mode 0444)" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json"]


def test_fix_when_the_rename_fails_leaves_the_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "g.json", FIXABLE_GOAL)

    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = CliRunner().invoke(main, ["check", "--fix", str(path)])
    assert result.exit_code == 1
    assert "GK602 [error] cannot write the fixed file: Permission denied" in result.output
    assert path.read_text() == FIXABLE_GOAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json"]


def test_gk601_reported_by_fix_on_the_command_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "g.json", '{"code": "g-1", // one\n "name": "N" "agents": []}')
    result = CliRunner().invoke(main, ["check", "--fix", str(path)])
    assert result.exit_code == 1
    assert "GK601 [warning] the safe fixes were not applied" in result.output
    assert "[*]" not in result.output


def test_rules_reference_marks_fixable_rules() -> None:
    import json

    text = CliRunner().invoke(main, ["rules"]).output
    assert any(line.startswith("CT210") and line.endswith(" [*]") for line in text.splitlines())
    assert any(line.startswith("CT211") and not line.endswith("[*]") for line in text.splitlines())
    records = json.loads(CliRunner().invoke(main, ["rules", "--format", "json"]).output)
    assert {r["code"] for r in records if r["fixable"]} == FIXABLE
    assert {
        "GK102",
        "GK202",
        "GK203",
        "CT104",
        "CT220",
        "CT210",
        "CT213",
        "CT214",
        "PU001",
        "PU244",
    } == FIXABLE
    markdown = CliRunner().invoke(main, ["rules", "--format", "markdown"]).output
    assert "| [PU244](#pu244) | time-last-minute | warning | [*] |" in markdown
    explain = CliRunner().invoke(main, ["explain", "PU244"]).output
    assert "Fix: safe fix" in explain and "Fix (safe):" in explain


def test_checker_without_text_offers_no_fix() -> None:
    report = goalkeeper.check({"code": "g-1", "name": "N", "agents": ["a", "a"]})
    assert [d.code for d in report.diagnostics] == ["CT104"]
    assert report.diagnostics[0].fix is None


def test_fix_survives_the_parallel_transfer(tmp_path: Path) -> None:
    from goalkeeper.checker import FileResult
    from goalkeeper.parallel import check_in_parallel

    result = Checker(Settings(), fingerprints=True).check_bytes_result(
        b'{"code": "g-1", "name": "N", "agents": ["a", "a"]}', Target("g.json")
    )
    first = result.diagnostics[0]
    assert first.fix is not None and first.fingerprint is not None
    parent = os.getpid()
    checked_by = tmp_path / "worker"

    def check(_index: int) -> FileResult:
        if os.getpid() != parent:  # the worker's results come back through the pipe
            checked_by.touch()
        time.sleep(0.001)  # slow enough that the worker takes runs too
        return result

    again = check_in_parallel(check, range(200), 2)
    assert checked_by.exists()
    assert {(d.fix, d.fingerprint) for r in again for d in r.diagnostics} == {
        (first.fix, first.fingerprint)
    }


def test_xml_content_spans_read_tags_with_tricky_attributes() -> None:
    from goalkeeper.load.document import load_bytes

    text = '<?xml version="1.0"?>\n<a x=">" y=\'/>\'>\n <b q="é>">1</b><c/><d>é&amp;</d>\n</a>'
    document = load_bytes(text.encode("utf-8")).document
    assert document is not None
    b, c, d = list(document.root)
    spans = document.content_spans([b, c, d])
    assert text[slice(*spans[b])] == "1"
    assert c not in spans  # self-closing: nothing to edit
    assert text[slice(*spans[d])] == "é&amp;"


def test_xml_fix_with_a_byte_order_mark_and_crlf_line_ends() -> None:
    text = GOAL_RULES.format(from_hour="0", to_hour="5", to_minute="59").replace("\n", "\r\n")
    fixed, report = goalkeeper.fix("\ufeff" + text)
    assert fixed == text.replace("<toHour>5<", "<toHour>6<").replace(">59<", ">0<")
    assert report.diagnostics == () and report.fixed == 2  # the byte order mark and PU244
