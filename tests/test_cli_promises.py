"""What every run promises (SPEC §5, §5.1, §6): options add up, unparseable files always
fail, configuration per file with plain messages, reports that cannot be written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from goalkeeper.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
GOOD = '{"code": "g-1", "name": "Checkout", "agents": []}\n'
BAD = '{"code": "g 1", "name": "Checkout", "agents": []}\n'
WARNING_ONLY = '{"code": "g-1", "name": "Checkout", "agents": ["a", "a"]}\n'


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(result: Result) -> list[str]:
    return re.findall(r": ([A-Z]{2}\d{3}) \[", result.stdout)


# -- options add up --------------------------------------------------------------------


def test_the_readme_selection_example_is_the_union() -> None:
    result = run(
        "check", str(EXAMPLES), "-q", "--select", "CT", "--ignore", "CT2", "--select", "CT210"
    )
    found = set(codes(result))
    assert "CT210" in found
    assert {"CT101", "CT105", "CT108"} <= found
    assert not {c for c in found if c.startswith("CT2") and c != "CT210"}
    assert not {c for c in found if not c.startswith("CT")} - {"GK202"}


def test_comma_lists_and_repeats_are_the_same(tmp_path: Path) -> None:
    bad = str(write(tmp_path / "bad.json", BAD.replace("}", ', "valueMin": 5, "valueMax": 1}')))
    one = run("check", "--select", "CT101,CT108", bad)
    two = run("check", "--select", "CT101", "--select", "CT108", bad)
    assert codes(one) == codes(two) == ["CT101", "CT108"]
    assert codes(run("check", "--ignore", "CT101", "--ignore", "CT108", bad)) == []


def test_extend_select_and_extend_ignore_add_to_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = write(tmp_path / "bad.json", BAD.replace("}", ', "valueMin": 5, "valueMax": 1}'))
    write(tmp_path / "goalkeeper.toml", 'select = ["CT101"]\n')
    monkeypatch.chdir(tmp_path)
    assert codes(run("check", bad.name)) == ["CT101"]
    assert codes(run("check", "--extend-select", "CT108", bad.name)) == ["CT101", "CT108"]
    assert codes(run("check", "--select", "CT108", bad.name)) == ["CT108"]
    assert codes(run("check", "--extend-ignore", "CT101", bad.name)) == []


def test_empty_select_means_none_in_both_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "bad.json", BAD)
    monkeypatch.chdir(tmp_path)
    from_flag = run("check", "--isolated", "--select", "", "bad.json")
    write(tmp_path / "goalkeeper.toml", "select = []\n")
    from_config = run("check", "bad.json")
    assert from_flag.exit_code == from_config.exit_code == 0
    assert from_flag.stdout == from_config.stdout == "All checks passed (1 file).\n"


def test_strict_and_no_strict_override_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "warn.json", WARNING_ONLY)
    monkeypatch.chdir(tmp_path)
    assert run("check", "warn.json").exit_code == 0
    write(tmp_path / "goalkeeper.toml", "strict = true\n")
    assert run("check", "warn.json").exit_code == 1
    assert run("check", "--no-strict", "warn.json").exit_code == 0
    write(tmp_path / "goalkeeper.toml", "strict = false\n")
    assert run("check", "--strict", "warn.json").exit_code == 1


def test_exit_zero_keeps_the_report(tmp_path: Path) -> None:
    bad = str(write(tmp_path / "bad.json", BAD))
    normal = run("check", bad)
    zero = run("check", "--exit-zero", bad)
    assert normal.exit_code == 1 and zero.exit_code == 0
    assert zero.stdout == normal.stdout
    data = json.loads(run("check", "--exit-zero", "--format", "json", bad).stdout)
    assert data["ok"] is False


# -- unparseable files always fail -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "args", "code"),
    [
        ("broken.json", '{"code": ', ["--select", "CT"], "GK201"),
        ("missing.json", None, ["--ignore", "GK"], "GK001"),
        ("broken.xml", "<goalBean>", ["--select", "PU"], "GK301"),
        ("empty.json", "", ["--ignore", "GK0"], "GK002"),
        ("comment.json", '{"a": 1 // x\n}', ["--select", "CT"], "GK202"),
    ],
)
def test_a_selection_never_turns_an_unparseable_file_green(
    tmp_path: Path, name: str, text: str | None, args: list[str], code: str
) -> None:
    path = tmp_path / name
    if text is not None:
        write(path, text)
    result = run("check", *args, str(path))
    assert result.exit_code == 1
    assert codes(result) == [code]


def test_per_file_ignores_cannot_hide_a_syntax_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "broken.json", "{")
    write(tmp_path / "goalkeeper.toml", '[per-file-ignores]\n"*.json" = ["GK"]\n')
    monkeypatch.chdir(tmp_path)
    result = run("check", "broken.json")
    assert result.exit_code == 1 and codes(result) == ["GK201"]


def test_the_bom_warning_can_be_silenced(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert codes(run("check", str(path))) == ["GK102"]
    assert codes(run("check", "--ignore", "GK102", str(path))) == []


# -- the parser follows the extension --------------------------------------------------


def test_the_extension_decides_the_parser(tmp_path: Path) -> None:
    xml = write(tmp_path / "w.xml", "x<goalBean/>")
    result = run("check", str(xml))
    assert codes(result) == ["GK301"]
    json_file = write(tmp_path / "weird.json", "<not json>")
    result = run("check", str(json_file))
    assert codes(result) == ["GK201"]
    assert "looks like XML" in result.stdout
    looks_json = write(tmp_path / "j.xml", '{"code": "g-1"}')
    result = run("check", str(looks_json))
    assert codes(result) == ["GK301"] and "looks like JSON" in result.stdout


def test_other_names_and_stdin_are_sniffed(tmp_path: Path) -> None:
    payload = write(tmp_path / "goal.payload", "<goalBean><name>x</goalBean>")
    assert codes(run("check", str(payload))) == ["GK301"]
    result = CliRunner().invoke(main, ["check", "-"], input=GOOD)
    assert result.exit_code == 0


# -- configuration ----------------------------------------------------------------------


def test_invalid_toml_in_pyproject_is_exit_2_with_file_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "g.json", GOOD)
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n[tool.goalkeeper]\nselect = [\n')
    monkeypatch.chdir(tmp_path)
    result = run("check", "g.json")
    assert result.exit_code == 2
    assert re.search(r"pyproject\.toml:\d+:\d+: invalid TOML", result.output), result.output
    write(tmp_path / "pyproject.toml", "[tool.goalkeeper]\nstrict = tru\n")
    result = run("check", "g.json")
    assert result.exit_code == 2 and "pyproject.toml:2:10: invalid TOML" in result.output


def test_invalid_toml_in_goalkeeper_toml_names_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "g.json", GOOD)
    write(tmp_path / "goalkeeper.toml", "strict = true\nselect = [\n")
    monkeypatch.chdir(tmp_path)
    result = run("check", "g.json")
    assert result.exit_code == 2
    assert re.search(r"goalkeeper\.toml:\d+:\d+: invalid TOML", result.output)


def test_a_tool_goalkeeper_table_in_goalkeeper_toml_is_explained(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "g.json", GOOD)
    write(tmp_path / "goalkeeper.toml", "[tool.goalkeeper]\nstrict = true\n")
    monkeypatch.chdir(tmp_path)
    result = run("check", "g.json")
    assert result.exit_code == 2
    assert "goalkeeper.toml" in result.output and "top level" in result.output


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('select = ["XX9"]', "select"),
        ('ignore = ["XX9"]', "ignore"),
        ('extend-select = ["XX9"]', "extend-select"),
        ('[per-file-ignores]\n"*.json" = ["XX9"]', "per-file-ignores.*.json"),
        ('[conductrics]\noptions = "missing.json"', "conductrics.options"),
        ("respect-gitignore = 1", "respect-gitignore"),
        ('include = ["["]', "include"),
    ],
)
def test_configuration_messages_name_the_file_and_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, key: str
) -> None:
    write(tmp_path / "g.json", GOOD)
    config = write(tmp_path / "goalkeeper.toml", text + "\n")
    monkeypatch.chdir(tmp_path)
    result = run("check", "g.json")
    assert result.exit_code == 2
    assert "unknown key" not in result.output  # every key here is known; its value is wrong
    assert f"{config}: {key}" in result.output or f"goalkeeper.toml: {key}" in result.output, (
        result.output
    )


def test_the_nearest_configuration_above_each_file_applies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "goalkeeper.toml", 'ignore = ["CT101"]\n')
    write(tmp_path / "top/bad.json", BAD)
    write(tmp_path / "team/goalkeeper.toml", 'select = ["CT101"]\n')
    write(tmp_path / "team/bad.json", BAD)
    monkeypatch.chdir(tmp_path)
    result = run("check", ".")
    assert [line.split(":")[0] for line in result.stdout.splitlines() if "CT101" in line] == [
        "team/bad.json"
    ]
    # From elsewhere, the file's own configuration still decides.
    monkeypatch.chdir(tmp_path / "top")
    result = run("check", "../team/bad.json", "bad.json")
    assert codes(result) == ["CT101"] and "team/bad.json" in result.stdout


def test_an_unrelated_invalid_pyproject_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "pyproject.toml", "[project\n")  # not ours: no goalkeeper table
    write(tmp_path / "g.json", GOOD)
    monkeypatch.chdir(tmp_path)
    assert run("check", "g.json").exit_code == 0


# -- the report -----------------------------------------------------------------------


def test_json_report_has_ok_skipped_and_statistics(tmp_path: Path) -> None:
    write(tmp_path / "warn.json", WARNING_ONLY)
    write(tmp_path / "package.json", '{"name": "x", "version": "1"}')
    args = ["check", "--isolated", "--format", "json", str(tmp_path)]
    data = json.loads(run(*args).stdout)
    assert data["ok"] is True
    assert data["skipped"] == [
        {"path": str(tmp_path / "package.json"), "reason": "no known payload kind"}
    ]
    assert "statistics" not in data
    strict = json.loads(run(*args, "--strict", "--statistics").stdout)
    assert strict["ok"] is False
    assert strict["statistics"] == [
        {"code": "CT104", "title": strict["statistics"][0]["title"], "count": 1}
    ]
    assert strict["statistics"][0]["title"]


def test_color_follows_no_color_and_force_color(tmp_path: Path) -> None:
    bad = str(write(tmp_path / "bad.json", BAD))
    assert "\x1b[" not in run("check", bad).stdout
    assert "\x1b[" in run("check", bad, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run("check", bad, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in run("check", "--no-color", bad, env={"FORCE_COLOR": "1"}).stdout
    forced_json = run("check", "--format", "json", bad, env={"FORCE_COLOR": "1"})
    assert json.loads(forced_json.stdout)["ok"] is False


def _console(*args: str, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    script = str(Path(sys.executable).parent / "goalkeeper")
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [script, *args], stdout=stdout, stderr=subprocess.PIPE, check=False
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_a_plain_message_and_exit_2(tmp_path: Path) -> None:
    bad = str(write(tmp_path / "bad.json", BAD))
    with open("/dev/full", "wb") as full:
        completed = _console("check", bad, stdout=full)
    assert completed.returncode == 2
    message = completed.stderr.decode()
    assert "cannot write the report" in message
    assert "bug" not in message and "Traceback" not in message
    output = _console("check", "--output", "/dev/full", bad)
    assert output.returncode == 2 and b"bug" not in output.stderr
    assert b"cannot write the report to /dev/full" in output.stderr
    with open("/dev/full", "wb") as full:
        listing = _console("rules", stdout=full)
    assert listing.returncode == 2 and b"bug" not in listing.stderr
    assert b"No space left on device" in listing.stderr


def test_a_closed_pipe_is_silence(tmp_path: Path) -> None:
    bad = str(write(tmp_path / "bad.json", BAD))
    script = str(Path(sys.executable).parent / "goalkeeper")
    process = subprocess.Popen(
        [script, "check", bad], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the report is written
    stderr = process.stderr.read()
    process.wait()
    assert stderr == b""
    assert process.returncode == 2


def test_schema_errors_name_the_argument_and_op_variants_say_so() -> None:
    nope = run("schema", "nope")
    assert nope.exit_code == 2
    assert "KIND: unknown kind 'nope'" in nope.output and "--kind" not in nope.output
    update = json.loads(run("schema", "conductrics/goal-type", "--op", "update").stdout)
    assert "update form" in update["description"] and "create form" not in update["description"]
    assert "required" not in update


def test_help_lists_every_command_in_full() -> None:
    text = run("--help").stdout
    commands = text.split("Commands:", 1)[1].strip().splitlines()
    assert len(commands) == 5
    for line in commands:
        assert not line.rstrip().endswith(("...", "(e.g.")), line
    check_help = run("check", "--help").stdout
    for option in (
        "--extend-select",
        "--no-strict",
        "--exit-zero",
        "--force-exclude",
        "--show-files",
        "--exclude",
    ):
        assert option in check_help


def test_the_readme_example_output_is_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    root = EXAMPLES.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ goalkeeper check examples/\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(root)
    result = run("check", "--no-color", "examples/")
    assert result.exit_code == 1
    assert result.stdout == block


def test_strict_from_a_nested_configuration_applies_to_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "loose/warn.json", WARNING_ONLY)
    write(tmp_path / "tight/goalkeeper.toml", "strict = true\n")
    write(tmp_path / "tight/warn.json", WARNING_ONLY)
    monkeypatch.chdir(tmp_path)
    assert run("check", "loose").exit_code == 0
    assert run("check", "tight").exit_code == 1
    assert run("check", "--no-strict", "tight").exit_code == 0
    data = json.loads(run("check", "--format", "json", ".").stdout)
    assert data["ok"] is False


def test_a_pyproject_that_only_mentions_goalkeeper_is_not_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "pyproject.toml", '[project]\ndependencies = ["goalkeeper"\n')
    write(tmp_path / "g.json", GOOD)
    monkeypatch.chdir(tmp_path)
    assert run("check", "g.json").exit_code == 0
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[ tool.goalkeeper ]\nstrict = \n')
    result = run("check", "g.json")
    assert result.exit_code == 2 and "pyproject.toml:5:" in result.output
