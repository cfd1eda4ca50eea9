"""--vendor restricts detection to one vendor's kinds; --force-exclude applies the
configured excludes to files named on the command line (as pre-commit names them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from goalkeeper.cli import main

BAD_GOAL_TYPE = '{"code": "g-1", "name": "N", "agents": [], "valueMin": 10, "valueMax": 5}\n'
BAD_GOAL = "<goalBean><campaignId>c</campaignId></goalBean>\n"
CONDUCTRICS_RESPONSE = '{"data": {"transforms": []}}\n'


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def payloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "goal-type.json").write_text(BAD_GOAL_TYPE)
    (tmp_path / "goal.xml").write_text(BAD_GOAL)
    (tmp_path / "response.json").write_text(CONDUCTRICS_RESPONSE)
    (tmp_path / "package.json").write_text('{"name": "web", "version": "1.0.0"}\n')
    return tmp_path


def codes(result: Result) -> list[tuple[str, str]]:
    """(path, code) of every diagnostic line of a text report."""
    found = re.findall(r"^(\S+?):\d+:\d+: ([A-Z]{2}\d{3}) ", result.output, re.MULTILINE)
    return sorted(set(found))


def test_without_vendor_every_kind_is_checked(payloads: Path) -> None:
    result = run("check", "--isolated", "goal-type.json", "goal.xml", "response.json")
    assert result.exit_code == 1
    assert codes(result) == [
        ("goal-type.json", "CT108"),
        ("goal.xml", "PU100"),
        ("response.json", "GK403"),
    ]


def test_a_vendor_leaves_other_vendors_payloads_alone(payloads: Path) -> None:
    files = ("goal-type.json", "goal.xml", "response.json")
    pulse = run("check", "--isolated", "--vendor", "pulse", *files)
    assert pulse.exit_code == 1 and codes(pulse) == [("goal.xml", "PU100")]
    assert "2 files skipped: a payload of another vendor (--vendor)" in pulse.output
    report = json.loads(
        run("check", "--isolated", "--vendor", "pulse", "--format", "json", *files).output
    )
    assert report["files_checked"] == 1
    assert [s["path"] for s in report["skipped"]] == ["goal-type.json", "response.json"]
    conductrics = run("check", "--isolated", "--vendor", "conductrics", *files)
    assert codes(conductrics) == [("goal-type.json", "CT108"), ("response.json", "GK403")]
    both = run("check", "--isolated", "--vendor", "pulse,conductrics", *files)
    assert len(codes(both)) == 3
    none_of_them = run("check", "--isolated", "--vendor", "gainsight", *files)
    assert none_of_them.exit_code == 0, none_of_them.output


def test_a_vendor_still_reports_files_no_vendor_knows(payloads: Path) -> None:
    result = run("check", "--isolated", "--vendor", "conductrics", "package.json")
    assert result.exit_code == 1 and codes(result) == [("package.json", "GK401")]


def test_skip_unknown_skips_named_non_payloads_but_not_near_misses(payloads: Path) -> None:
    (payloads / "typo.json").write_text('{"cod": "g-1", "agents": []}\n')
    (payloads / "broken.json").write_text('{"code": "g-1",\n')
    named = ("goal-type.json", "package.json", "typo.json", "broken.json")
    plain = run("check", "--isolated", *named)
    assert ("package.json", "GK401") in codes(plain)
    skipping = run("check", "--isolated", "--skip-unknown", *named)
    assert skipping.exit_code == 1
    assert codes(skipping) == [
        ("broken.json", "GK201"),  # a file that does not parse is reported wherever it is
        ("goal-type.json", "CT108"),
        ("typo.json", "GK401"),  # one edit from "code": a payload must not vanish
    ]
    assert "1 file skipped: no known payload kind." in skipping.output
    alone = run("check", "--isolated", "--skip-unknown", "package.json")
    assert alone.exit_code == 0, alone.output


def test_a_mapped_file_of_another_vendor_is_left_alone(payloads: Path) -> None:
    (payloads / "goalkeeper.toml").write_text(
        'files = [{ pattern = "goal-type.json", kind = "conductrics/goal-type" }]\n'
    )
    assert run("check", "--vendor", "pulse", "goal-type.json").exit_code == 0
    assert run("check", "--vendor", "conductrics", "goal-type.json").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--vendor", "acme"), "--vendor: unknown vendor 'acme'"),
        (("--vendor", "pulse", "--kind", "conductrics/goal-type"), "is not a kind of --vendor"),
    ],
)
def test_vendor_usage_errors(payloads: Path, args: tuple[str, ...], message: str) -> None:
    result = CliRunner().invoke(main, ["check", *args, "goal-type.json"])
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("exclude", ["generated/", "generated/*.json", "**/bad.json", "bad.json"])
def test_force_exclude_applies_excludes_to_named_files(payloads: Path, exclude: str) -> None:
    (payloads / "generated").mkdir()
    (payloads / "generated/bad.json").write_text(BAD_GOAL_TYPE)
    (payloads / "goalkeeper.toml").write_text(f'exclude = ["{exclude}"]\n')
    named = run("check", "generated/bad.json")
    assert named.exit_code == 1  # a named file is checked ...
    forced = run("check", "--force-exclude", "generated/bad.json", "goal.xml")
    assert "generated/bad.json" not in forced.output  # ... unless --force-exclude
    assert codes(forced) == [("goal.xml", "PU100")]
