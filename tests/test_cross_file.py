"""The cross-file stage: the same findings whatever runs the files, never from stdin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import goalkeeper
from goalkeeper.cli import main

from conftest import CASES, Case
from fixture_runner import reduce, run_case

CRITERIA = [{"field": "act", "op": "begins", "value": "12"}]


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


def segment(number: Any, **fields: Any) -> dict[str, Any]:
    return {"segment": number, "segmentName": f"Segment {number}", "criteria": CRITERIA, **fields}


def check(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def shared_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "segments/sales.json", segment(400))
    write(tmp_path / "segments/support.json", segment("400"))
    return tmp_path / "segments"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_two_files_sharing_an_id_give_one_located_error(shared_id: Path, jobs: str) -> None:
    status, report = check("--jobs", jobs, "segments")
    assert status == 1
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert len(errors) == 1
    (error,) = errors
    assert (error["code"], error["path"], error["pointer"], error["line"], error["column"]) == (
        "IN401",
        "segments/support.json",
        "/segment",
        2,
        3,
    )
    assert "segments/sales.json, line 2" in error["message"]
    assert error["kind"] == "infinity/segment" and error["op"] == "create"


def test_jobs_library_and_cli_agree(shared_id: Path) -> None:
    write(shared_id / "order.json", {"sortedSegments": [400, 401]})
    _status, serial = check("--jobs", "1", "segments")
    _status, parallel = check("--jobs", "2", "segments")
    assert serial == parallel
    for jobs in (1, 2, None):
        library = goalkeeper.check_files(["segments"], jobs=jobs)
        assert [d.to_dict() for d in library.diagnostics] == serial["diagnostics"]
        assert library.files_checked == serial["files_checked"] == 3


def test_standard_input_has_no_cross_file_facts(shared_id: Path) -> None:
    text = (shared_id / "support.json").read_text()
    result = CliRunner().invoke(main, ["check", "--format", "json", "-"], input=text)
    report = json.loads(result.stdout)
    assert [d["code"] for d in report["diagnostics"]] == ["IN001"]
    both = CliRunner().invoke(
        main, ["check", "--format", "json", "segments/sales.json", "-"], input=text
    )
    assert "IN401" not in both.stdout


def test_a_single_library_payload_has_no_neighbours(shared_id: Path) -> None:
    assert goalkeeper.check(shared_id / "support.json").ok


def test_the_configuration_maps_directories_to_one_igrp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "eu/sales.json", segment(400, segmentRef="sales"))
    write(tmp_path / "us/sales.json", segment(401, segmentRef="sales"))
    status, report = check("eu", "us")
    assert status == 0 and report["diagnostics"] == []
    (tmp_path / "goalkeeper.toml").write_text('[infinity]\nigrp = { "eu/*" = 7, "us/*" = 7 }\n')
    status, report = check("eu", "us")
    assert status == 1
    (error,) = report["diagnostics"]
    assert (error["code"], error["path"], error["line"]) == ("IN402", "us/sales.json", 11)
    assert "eu/sales.json, line 11" in error["message"] and "IGRP 7" in error["message"]
    library = goalkeeper.check_files(["eu", "us"], igrp={"eu/*": 7, "us/*": 7})
    assert [d.to_dict() for d in library.diagnostics] == report["diagnostics"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[infinity]\nigrp = { "eu/*" = "7" }\n', "infinity.igrp.eu/*: expected the IGRP"),
        ('[infinity]\nigrp = { "eu/*" = -1 }\n', "infinity.igrp.eu/*: expected the IGRP"),
        ("[infinity]\nigrp = 7\n", "infinity.igrp: expected a table"),
        ("[infinity]\nigrps = {}\n", 'unknown key (did you mean "igrp"?)'),
        ("infinity = 1\n", "infinity: expected a table"),
    ],
)
def test_bad_igrp_configuration_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "s.json", segment(400))
    (tmp_path / "goalkeeper.toml").write_text(text)
    result = CliRunner().invoke(main, ["check", "s.json"])
    assert result.exit_code == 2 and message in result.output, result.output


def test_selection_and_per_file_ignores_apply(
    shared_id: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check("--ignore", "IN4", "segments")[1]["summary"]["error"] == 0
    assert check("--select", "IN401", "segments")[1]["summary"] == {
        "error": 1,
        "warning": 0,
        "info": 0,
    }
    (tmp_path / "goalkeeper.toml").write_text('[per-file-ignores]\n"support.json" = ["IN401"]\n')
    assert check("segments")[1]["summary"]["error"] == 0


def test_every_repeat_points_at_the_first_file(tmp_path: Path) -> None:
    for index in range(300):
        write(tmp_path / f"s{index:03}.json", segment(400 if index % 2 else 401))
    report = goalkeeper.check_files([tmp_path], jobs=2)
    repeats = [d for d in report.diagnostics if d.code == "IN401"]
    assert len(repeats) == 298
    assert {d.message.split(" is already used by ")[1].split(";")[0] for d in repeats} == {
        f"{tmp_path / 's000.json'}, line 2",
        f"{tmp_path / 's001.json'}, line 2",
    }


def test_a_file_that_does_not_parse_takes_no_part(tmp_path: Path) -> None:
    write(tmp_path / "a.json", segment(400))
    (tmp_path / "b.json").write_text('{"segment": 400, "segmentName": "B", "criteria": [}')
    assert [d.code for d in goalkeeper.check_files([tmp_path]).diagnostics] == ["GK201"]


RUNS = [case for case in CASES if case.is_run]


@pytest.mark.parametrize("case", RUNS, ids=lambda c: c.name)
def test_directory_fixtures_are_the_same_on_two_processes(case: Case) -> None:
    assert reduce(run_case(case, jobs=2), True) == reduce(run_case(case, jobs=1), True)


def test_cross_file_messages_name_both_files() -> None:
    (case,) = [c for c in RUNS if c.path.name == "IN401-same-id-in-one-directory"]
    (error,) = [d for d in run_case(case) if d.code == "IN401"]
    assert error.path == "support.json"
    assert error.message == (
        "segment 400 is already used by sales.json, line 10; it must be unique in directory ./"
    )


def test_a_file_hands_over_a_few_values_not_its_document(tmp_path: Path) -> None:
    from goalkeeper.checker import Checker

    checker = Checker()
    facts = [
        checker.check_file(str(write(tmp_path / name, body)), name, facts=True).facts
        for name, body in [
            ("s.json", segment("400", segmentRef="sales")),
            ("o.json", {"sortedSegments": [401, "x", "402", 4.0]}),
            ("g.json", {"segmentGroupName": "Regions"}),
        ]
    ]
    assert facts == [(400, "sales"), ((0, 401), (2, 402)), None]
    assert checker.check_file(str(tmp_path / "s.json"), "s.json").facts is None


def test_no_facts_are_kept_when_the_cross_file_rules_are_off(tmp_path: Path) -> None:
    from goalkeeper.checker import Checker
    from goalkeeper.settings import Selection, Settings

    checker = Checker(Settings(selection=Selection(("ALL",), ("IN4",))))
    path = str(write(tmp_path / "s.json", segment(400)))
    assert checker.check_file(path, "s.json", facts=True).facts is None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.one_of(st.integers(0, 6), st.sampled_from(["2", "3", "x"]), st.none()),
            st.sampled_from(["r1", "r2", None]),
        ),
        max_size=12,
    )
)
def test_each_repeat_is_reported_once_whatever_the_jobs(
    tmp_path_factory: pytest.TempPathFactory, bodies: list[tuple[str, Any, Any]]
) -> None:
    root = tmp_path_factory.mktemp("run")
    expected_ids = expected_refs = 0
    seen_ids: set[tuple[str, int]] = set()
    seen_refs: set[tuple[str, str]] = set()
    for index, (directory, number, ref) in enumerate(bodies):
        body: dict[str, Any] = {"segmentName": f"S{index}", "criteria": CRITERIA}
        if number is not None:
            body["segment"] = number
        if ref is not None:
            body["segmentRef"] = ref
        write(root / directory / f"{index:02}.json", body)
        value = int(number) if isinstance(number, int) or str(number).isdigit() else None
        if value is not None and value >= 2:
            expected_ids += (directory, value) in seen_ids
            seen_ids.add((directory, value))
        if ref is not None:
            expected_refs += (directory, ref) in seen_refs
            seen_refs.add((directory, ref))
    serial = goalkeeper.check_files([root], jobs=1)
    assert goalkeeper.check_files([root], jobs=2) == serial
    found = [d.code for d in serial.diagnostics]
    assert found.count("IN401") == expected_ids
    assert found.count("IN402") == expected_refs


def test_one_directory_however_its_files_are_named(shared_id: Path) -> None:
    absolute = str(shared_id / "support.json")
    status, report = check("./segments/sales.json", absolute)
    assert status == 1
    (error,) = [d for d in report["diagnostics"] if d["code"] == "IN401"]
    assert error["path"] == absolute
    assert "segments/sales.json, line 2" in error["message"]
    assert error["message"].endswith("it must be unique in directory segments/")


def test_pyproject_table_and_a_library_glob_to_the_same_igrp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "eu/sales.json", segment(400))
    write(tmp_path / "us/sales.json", segment(400))
    write(tmp_path / "us/order.json", {"sortedSegments": [400]})
    (tmp_path / "pyproject.toml").write_text(
        '[tool.goalkeeper.infinity]\nigrp = { "eu/*.json" = 3, "us/sales.json" = 3 }\n'
    )
    status, report = check(".")
    found = [(d["code"], d["path"]) for d in report["diagnostics"]]
    # us/order.json stays in its directory's group, where no segment file is left.
    assert found == [("IN403", "us/order.json"), ("IN401", "us/sales.json")]
    assert status == 1


def test_each_finding_follows_the_configuration_of_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for directory in ("quiet", "loud"):
        write(tmp_path / directory / "a.json", segment(400))
        write(tmp_path / directory / "b.json", segment(400))
    (tmp_path / "quiet" / "goalkeeper.toml").write_text('ignore = ["IN401"]\n')
    # A nested configuration maps its own files (globs relative to it) to IGRP 9.
    write(tmp_path / "nested/one.json", segment(500))
    write(tmp_path / "nested/deeper/two.json", segment(500))
    (tmp_path / "nested" / "goalkeeper.toml").write_text('[infinity]\nigrp = { "**/*.json" = 9 }\n')
    _status, report = check(".")
    found = [(d["code"], d["path"]) for d in report["diagnostics"]]
    assert found == [("IN401", "loud/b.json"), ("IN401", "nested/one.json")]
    (message,) = [d["message"] for d in report["diagnostics"] if d["path"] == "nested/one.json"]
    assert "nested/deeper/two.json, line 2" in message and "IGRP 9" in message


def test_many_undefined_order_ids_are_listed_up_to_the_per_code_cap(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"segmentName": "A", "segment": 2, "criteria": []}')
    (tmp_path / "order.json").write_text(json.dumps({"sortedSegments": list(range(2, 1002))}))
    report = goalkeeper.check_files([tmp_path], jobs=1)
    undefined = [d for d in report.diagnostics if d.code == "IN403"]
    # as a file's own checks do: the first 100 findings of a code, then one that counts
    assert len(undefined) == 101
    counted = [d for d in undefined if "more IN403 findings" in d.message]
    assert [d.message.split(" ")[0] for d in counted] == ["899"]
