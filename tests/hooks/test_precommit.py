"""The pre-commit hooks: the file is generated from the table, and the real pre-commit
installs this repository as a hook repository and runs it on good and bad payloads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from goalkeeper.hooks.precommit import HOOKS, REGENERATE, render_hooks_yaml
from goalkeeper.registry import VENDOR_PREFIX

from conftest import ROOT

GOOD_GOAL_TYPE = '{\n  "code": "g-checkout",\n  "name": "Checkout",\n  "agents": []\n}\n'
BAD_GOAL_TYPE = (
    '{\n  "code": "g-checkout",\n  "name": "Checkout",\n  "agents": [],\n'
    '  "valueMin": 10,\n  "valueMax": 5\n}\n'
)
BAD_GOAL = "<goalBean>\n  <campaignId>c</campaignId>\n</goalBean>\n"


def test_pre_commit_hooks_yaml_is_current() -> None:
    current = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert current == render_hooks_yaml(), f".pre-commit-hooks.yaml is stale: run `{REGENERATE}`"


def test_pre_commit_accepts_the_manifest() -> None:
    from pre_commit.clientlib import load_manifest

    manifest = {hook["id"]: hook for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert list(manifest) == [hook.id for hook in HOOKS]
    assert manifest["goalkeeper"]["types_or"] == ["json", "xml"]
    assert manifest["goalkeeper-pulse"]["types"] == ["xml"]
    assert manifest["goalkeeper"]["language"] == "python"


def test_one_hook_for_all_kinds_and_one_per_vendor() -> None:
    assert [h.id for h in HOOKS] == [
        "goalkeeper",
        *(f"goalkeeper-{vendor}" for vendor in ("conductrics", "infinity", "pulse", "gainsight")),
    ]
    assert {h.vendor for h in HOOKS} == {None, *VENDOR_PREFIX}
    for hook in HOOKS:
        assert "--force-exclude" in hook.entry
        assert (f"--vendor {hook.vendor}" in hook.entry) == (hook.vendor is not None)
        # Serial only where Infinity's cross-file checks can see the files.
        assert hook.require_serial == (hook.vendor in (None, "infinity"))


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree, committed in a repository of its own (pre-commit installs
    hooks from a commit)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    repository = tmp_path_factory.mktemp("hook-repository")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = repository / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _git(repository, "init", "-q")
    _git(repository, "add", "-A")
    _git(repository, "commit", "-q", "-m", "snapshot")
    return repository


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user's repository with good and bad payloads."""
    root = tmp_path_factory.mktemp("project")
    (root / "goals").mkdir()
    (root / "goals/good.json").write_text(GOOD_GOAL_TYPE)
    (root / "goals/bad.json").write_text(BAD_GOAL_TYPE)
    (root / "goals/bad-goal.xml").write_text(BAD_GOAL)
    (root / "package.json").write_text('{"name": "web", "version": "1.0.0"}\n')
    (root / "goals/generated").mkdir()
    (root / "goals/generated/bad.json").write_text(BAD_GOAL_TYPE)
    (root / "pyproject.toml").write_text('[tool.goalkeeper]\nexclude = ["goals/generated/"]\n')
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    return root


def try_repo(
    hook_repository: Path, project: Path, cache: Path, hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(cache), "NO_COLOR": "1"}
    environment.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(hook_repository),
            hook,
            "--verbose",
            "--color=never",
            "--files",
            *files,
        ],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def test_pre_commit_runs_the_hook_from_the_repository(
    hook_repository: Path, project: Path, cache: Path
) -> None:
    bad = try_repo(
        hook_repository, project, cache, "goalkeeper", "goals/good.json", "goals/bad.json"
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "goals/bad.json:6:3: CT108 [error]" in bad.stdout
    assert "goals/good.json" not in bad.stdout.split("hook id: goalkeeper", 1)[1].split("Found")[0]
    assert "Failed" in bad.stdout

    # pre-commit names every changed .json file: a package.json is skipped, not an error
    good = try_repo(
        hook_repository, project, cache, "goalkeeper", "goals/good.json", "package.json"
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout and "All checks passed (1 file)." in good.stdout
    assert "1 file skipped: no known payload kind." in good.stdout


def test_configured_excludes_apply_to_the_names_pre_commit_passes(
    hook_repository: Path, project: Path, cache: Path
) -> None:
    result = try_repo(
        hook_repository, project, cache, "goalkeeper", "goals/good.json", "goals/generated/bad.json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CT108" not in result.stdout


def test_a_vendor_hook_sees_only_its_files(
    hook_repository: Path, project: Path, cache: Path
) -> None:
    pulse = try_repo(
        hook_repository, project, cache, "goalkeeper-pulse", "goals/bad.json", "goals/bad-goal.xml"
    )
    assert pulse.returncode == 1, pulse.stdout + pulse.stderr
    assert "goals/bad-goal.xml:1:1: PU100 [error]" in pulse.stdout
    assert "CT108" not in pulse.stdout  # the .json file is not passed to the Pulse hook

    conductrics = try_repo(
        hook_repository,
        project,
        cache,
        "goalkeeper-conductrics",
        "goals/good.json",
        "goals/bad-goal.xml",
    )
    assert conductrics.returncode == 0, conductrics.stdout + conductrics.stderr
    assert "PU100" not in conductrics.stdout
