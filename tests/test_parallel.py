"""--jobs: several processes give exactly the serial report, whatever happens to a worker."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from goalkeeper.checker import FileResult
from goalkeeper.cli import main
from goalkeeper.diagnostics import Diagnostic, Severity
from goalkeeper.parallel import PARALLEL_THRESHOLD, Team, auto_jobs, check_in_parallel

from conftest import FIXTURES


@pytest.fixture
def mixed_tree(tmp_path: Path) -> Path:
    """Every fixture file (valid and invalid, JSON and XML) copied into one tree."""
    for source in sorted(FIXTURES.rglob("*")):
        if (
            source.is_file()
            and source.suffix in (".json", ".xml")
            and "requests" not in source.parts
        ):
            target = tmp_path / "tree" / source.relative_to(FIXTURES)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    return tmp_path / "tree"


@pytest.mark.parametrize("jobs", ["2", "3", "7"])
def test_any_number_of_jobs_gives_the_serial_report(mixed_tree: Path, jobs: str) -> None:
    args = ["check", "--format", "json", "--now", "2016-09-01T00:00:00Z", str(mixed_tree)]
    serial = CliRunner().invoke(main, [*args, "--jobs", "1"])
    parallel = CliRunner().invoke(main, [*args, "--jobs", jobs])
    assert serial.exit_code == parallel.exit_code == 1
    assert parallel.stdout == serial.stdout
    report = json.loads(serial.stdout)
    assert report["files_checked"] > 280 and report["skipped"]


def _fake(item: tuple[str, str]) -> FileResult:
    index = int(item[0])
    diagnostics = [
        Diagnostic(
            f"GK00{index % 3 + 1}",
            Severity.ERROR,
            f"file {index}",
            "",
            index,
            1,
            None,
            None,
            None,
            item[1],
        )
    ] * (index % 2)
    skipped = "no known payload kind" if index % 5 == 0 else None
    return FileResult(diagnostics, "conductrics/goal-type" if index % 3 else None, None, skipped)


def test_files_come_back_in_their_order() -> None:
    files = [(str(i), f"f{i}") for i in range(25)]
    assert check_in_parallel(_fake, files, 4) == check_in_parallel(_fake, files, 1)


def test_a_failing_worker_does_not_lose_its_files() -> None:
    parent = os.getpid()

    def crash_in_workers(item: tuple[str, str]) -> FileResult:
        if os.getpid() != parent:
            raise MemoryError("worker killed")
        return _fake(item)

    files = [(str(i), f"f{i}") for i in range(10)]
    assert check_in_parallel(crash_in_workers, files, 3) == check_in_parallel(_fake, files, 1)


def test_automatic_jobs_stay_serial_for_few_files() -> None:
    assert auto_jobs(1) == 1
    assert auto_jobs(PARALLEL_THRESHOLD - 1) == 1
    assert auto_jobs(10 * PARALLEL_THRESHOLD) >= 1


def test_standard_input_is_read_by_one_process(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"code": "g", "name": "n", "agents": []}')
    result = CliRunner().invoke(
        main,
        ["check", "--jobs", "4", "-", str(tmp_path / "a.json")],
        input='{"code": "g 1", "name": "n", "agents": []}',
    )
    assert result.exit_code == 1 and result.stdout.startswith("-:1:2: CT101")


def _no_child_left() -> bool:
    """Whether this process has no child process left (running or unreaped)."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_a_team_gives_the_serial_results_whoever_takes_which_run() -> None:
    files = [(str(i), f"f{i}") for i in range(1000)]
    listed, results = Team(3).stream(_fake, iter(files))
    assert listed == files
    assert results == [_fake(f) for f in files]
    assert _no_child_left()


def test_workers_check_while_the_files_are_still_being_listed(tmp_path: Path) -> None:
    parent = os.getpid()

    def marking(item: tuple[str, str]) -> FileResult:
        (tmp_path / f"checked-by-{os.getpid()}").touch()
        return _fake(item)

    def worker_has_checked() -> bool:
        return any(p.name != f"checked-by-{parent}" for p in tmp_path.iterdir())

    seen_while_listing = []

    def listing() -> Iterator[tuple[str, str]]:
        for i in range(2000):
            if i == 1000:  # half listed: a worker has had runs to take by now
                deadline = time.monotonic() + 30
                while not worker_has_checked() and time.monotonic() < deadline:
                    time.sleep(0.01)
                seen_while_listing.append(worker_has_checked())
            yield (str(i), f"f{i}")

    listed, results = Team(2).stream(marking, listing())
    assert seen_while_listing == [True]
    assert results == [_fake(f) for f in listed] and len(listed) == 2000
    assert _no_child_left()


def test_files_with_very_long_names_still_reach_their_place() -> None:
    # a run of long names does not fit one message: it is split; a name longer than a
    # message is checked by the parent itself
    files = [(str(i), ("x" * (300 if i % 7 else 5000)) + str(i)) for i in range(600)]
    assert check_in_parallel(_fake, files, 2) == [_fake(f) for f in files]
    assert _no_child_left()


def test_a_small_directory_is_checked_by_one_process(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"code": "g 1", "name": "n", "agents": []}')
    result = CliRunner().invoke(main, ["check", "--jobs", "4", str(tmp_path)])
    assert result.exit_code == 1 and "CT101" in result.stdout
    assert _no_child_left()


def test_no_worker_is_left_waiting_when_listing_fails(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "goalkeeper.toml").write_text("strict = 'maybe'\n")
    (tmp_path / "sub" / "a.json").write_text('{"code": "g", "name": "n", "agents": []}')
    result = CliRunner().invoke(main, ["check", "--jobs", "2", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert _no_child_left()


def test_a_nested_strict_configuration_fails_the_run_on_several_cores(tmp_path: Path) -> None:
    warning = FIXTURES / "conductrics" / "goal-type" / "invalid" / "CT104-duplicate-agent.json"
    for index in range(450):  # enough files for the run to be shared out
        folder = tmp_path / "goals" / ("strict" if index % 9 == 0 else "plain")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(warning, folder / f"{index:04d}.json")
    args = ["check", "--format", "json", str(tmp_path / "goals")]
    assert CliRunner().invoke(main, args).exit_code == 0  # warnings only
    (tmp_path / "goals" / "strict" / "goalkeeper.toml").write_text("strict = true\n")
    serial = CliRunner().invoke(main, [*args, "--jobs", "1"])
    parallel = CliRunner().invoke(main, args)
    assert serial.exit_code == parallel.exit_code == 1
    assert parallel.stdout == serial.stdout


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="pipe sizes are Linux's")
def test_a_pipe_that_is_always_full_makes_the_runs_the_parents(tmp_path: Path) -> None:
    """A pipe of one message: most runs find it full and stay with the parent, which must
    never wait on the pipe it writes to itself (the workers may have emptied it)."""
    files = [(str(i), f"f{i}") for i in range(3000)]
    team = Team(3)
    started = team._start

    def start_with_a_small_pipe(check_file: Callable[[Any], FileResult]) -> bool:
        if not started(check_file):
            return False
        fcntl.fcntl(team._tokens_write, fcntl.F_SETPIPE_SZ, 4096)
        return True

    team._start = start_with_a_small_pipe  # type: ignore[method-assign]

    def hung(_signal: int, _frame: object) -> None:
        raise TimeoutError("the parent waits on its own pipe")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)  # a hang fails the test instead of the whole run
    try:
        listed, results = team.stream(_fake, iter(files))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert listed == files and results == [_fake(f) for f in files]
    assert _no_child_left()


@pytest.mark.parametrize("how", ["raises", "is killed"])
def test_a_worker_that_dies_half_way_loses_no_file(how: str) -> None:
    """Results come back run by run: the runs a worker sent are kept, the others are
    checked again by the parent."""
    parent = os.getpid()
    files = [(str(i), f"f{i}") for i in range(2000)]

    def dying(item: tuple[str, str]) -> FileResult:
        if os.getpid() != parent and int(item[0]) >= 1000:
            if how == "raises":
                raise MemoryError("worker out of memory")
            os.kill(os.getpid(), signal.SIGKILL)
        return _fake(item)

    assert check_in_parallel(dying, files, 3) == [_fake(f) for f in files]
    assert _no_child_left()


def test_no_worker_is_left_when_listing_fails_after_the_run_was_shared(tmp_path: Path) -> None:
    for index in range(PARALLEL_THRESHOLD + 50):  # enough files for workers to be forked
        (tmp_path / f"{index:04d}.json").write_text('{"code": "g", "name": "n", "agents": []}')
    (tmp_path / "sub").mkdir()  # met after the files beside it
    (tmp_path / "sub" / "goalkeeper.toml").write_text("strict = 'maybe'\n")
    result = CliRunner().invoke(main, ["check", "--jobs", "2", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "strict" in result.output
    assert _no_child_left()


def test_files_entries_apply_to_every_file_of_a_shared_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The configuration's ``files`` entries are matched per file, with the folder's
    relative path worked out once, from wherever the run starts."""
    (tmp_path / "goalkeeper.toml").write_text(
        'files = [{ pattern = "goals/updates/*-up.json", kind = "conductrics/goal-type",'
        ' op = "update" }]\n'
    )
    update_only = '{"name": "renamed"}'  # a goal type update only by its files entry
    for folder in ("updates", "new"):
        (tmp_path / "goals" / folder).mkdir(parents=True)
        for index in range(250):
            suffix = "-up" if index % 2 else ""
            (tmp_path / "goals" / folder / f"{index:03d}{suffix}.json").write_text(update_only)
    monkeypatch.chdir(tmp_path / "goals")
    args = ["check", "--format", "json", "."]
    serial = CliRunner().invoke(main, [*args, "--jobs", "1"])
    shared = CliRunner().invoke(main, args)
    assert shared.stdout == serial.stdout
    report = json.loads(serial.stdout)
    # the 125 mapped files of updates/ are valid updates; the others are no known payload
    assert report["files_checked"] == 125 and report["diagnostics"] == []
    skipped = {entry["path"] for entry in report["skipped"]}
    assert len(skipped) == 375
    assert not any(p.startswith("updates/") and p.endswith("-up.json") for p in skipped)
