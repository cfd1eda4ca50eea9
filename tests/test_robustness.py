"""SPEC §10: bounded time and memory on every legal input, nothing hangs, nothing is lost.

Every input is generated here (tests/robustness_inputs.py). Time is asserted through
input-size scaling (the CPU time of a check at 8 times the size stays far below the 64
times a quadratic pass takes), never through a wall-clock threshold; memory through
tracemalloc's peak.
"""

from __future__ import annotations

import gc
import json
import os
import stat
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import goalkeeper
from goalkeeper import registry
from goalkeeper.cli import main
from goalkeeper.diagnostics import MAX_FINDINGS_PER_CODE
from goalkeeper.reporters import render

from robustness_inputs import (
    empty_strings,
    feature_list,
    goal_type_with_agents,
    goal_with_unknown_elements,
    json_with_escaped_quotes,
    long_string,
    nested_equal_arrays,
    rules_with_caps,
    rules_with_windows,
)

# -- scaling ---------------------------------------------------------------------------


def _cpu_seconds(action: Callable[[], object], repeat: int = 3) -> float:
    """The least CPU time of a few runs (CPU time: other processes do not count). The
    cyclic garbage collector is paused while timing: its passes cost in proportion to
    everything the test session holds, not to the input under test."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            start = time.process_time()
            action()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def assert_linear(make: Callable[[int], str], size: int, **options: object) -> None:
    """Checking 8 times the input must cost far less than the 64 times of a quadratic pass
    (a bound of 24 leaves room for noise and n log n)."""
    small, large = make(size), make(size * 8)
    goalkeeper.check(small, **options)  # warm: imports and compiled schemas
    ratio = _cpu_seconds(lambda: goalkeeper.check(large, **options)) / max(
        _cpu_seconds(lambda: goalkeeper.check(small, **options)), 1e-4
    )
    assert ratio < 24, f"8x the input cost {ratio:.1f}x the time"


def test_nesting_prescan_is_linear_in_escaped_quotes() -> None:
    report = goalkeeper.check(json_with_escaped_quotes(100))
    assert [d.code for d in report.diagnostics] == ["GK201"]
    assert_linear(json_with_escaped_quotes, 4000)


def test_duplicate_items_explanation_is_linear() -> None:
    report = goalkeeper.check(goal_type_with_agents(50))
    assert [(d.code, d.pointer) for d in report.diagnostics] == [("CT104", "/agents/50")]
    assert_linear(goal_type_with_agents, 2000)


def test_positions_of_many_xml_findings_are_linear() -> None:
    report = goalkeeper.check(goal_with_unknown_elements(3), kind="pulse/goal")
    unknown = [d for d in report.diagnostics if d.code == "PU101"]
    assert [d.pointer for d in unknown] == ["/goalBean/x[1]", "/goalBean/x[2]", "/goalBean/x[3]"]
    assert [d.column for d in unknown] == [11, 19, 27]
    assert_linear(goal_with_unknown_elements, 4000, kind="pulse/goal")


def test_frequency_caps_are_compared_in_linear_time() -> None:
    report = goalkeeper.check(rules_with_caps(10), kind="pulse/goal-rules")
    assert {d.code for d in report.diagnostics} == {"PU222", "PU223"}
    assert_linear(rules_with_caps, 1000, kind="pulse/goal-rules")


def test_time_windows_are_compared_in_linear_time() -> None:
    report = goalkeeper.check(rules_with_windows(4), kind="pulse/goal-rules")
    assert [d.code for d in report.diagnostics] == ["PU246", "PU246"]
    assert_linear(rules_with_windows, 500, kind="pulse/goal-rules")


def test_many_findings_of_one_code_are_capped_with_a_count() -> None:
    count = MAX_FINDINGS_PER_CODE + 50
    report = goalkeeper.check(goal_with_unknown_elements(count), kind="pulse/goal")
    unknown = [d for d in report.diagnostics if d.code == "PU101"]
    assert len(unknown) == MAX_FINDINGS_PER_CODE + 1
    assert unknown[-1].message.startswith("50 more PU101 findings in this file")
    assert unknown[-1].pointer == f"/goalBean/x[{MAX_FINDINGS_PER_CODE + 1}]"


# -- memory ----------------------------------------------------------------------------

SIZE = 96 * 1024


@contextmanager
def peak_memory() -> Iterator[list[int]]:
    result: list[int] = []
    tracemalloc.start()
    try:
        yield result
    finally:
        result.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def _generic_large_payloads(kind: registry.Kind) -> list[tuple[str, str]]:
    """For any kind: a huge string and many empty values where its payload has room."""
    if kind.format == "xml":
        root = {"pulse/goal": "goalBean", "pulse/goal-rules": "rulesBean"}.get(kind.name)
        if root is None:
            return []
        return [
            ("long text", f"<{root}><name>{'a' * SIZE}</name></{root}>"),
            ("many empty elements", f"<{root}>{'<name></name>' * (SIZE // 13)}</{root}>"),
        ]
    return [
        ("long string", json.dumps({"x": "a" * SIZE})),
        ("many empty strings", '{"x":[' + ",".join(['""'] * (SIZE // 3)) + "]}"),
    ]


MEMORY_CASES = [
    ("goal type: empty agents", empty_strings(SIZE), None),
    ("goal type: long name", long_string(SIZE), None),
    ("targeting rule: feature list", feature_list(SIZE), None),
] + [
    (f"{kind.name}: {what}", payload, kind.name)
    for kind in registry.KINDS
    for what, payload in _generic_large_payloads(kind)
]


@pytest.mark.parametrize(
    ("payload", "kind"), [c[1:] for c in MEMORY_CASES], ids=[c[0] for c in MEMORY_CASES]
)
def test_peak_memory_stays_under_40_times_the_input(payload: str, kind: str | None) -> None:
    goalkeeper.check(payload[:0] or "{}", kind=None)  # imports outside the measurement
    goalkeeper.check(payload, kind=kind)  # compiled schemas too
    with peak_memory() as peak:
        report = goalkeeper.check(payload, kind=kind)
    assert report.files_checked == 1
    assert peak[0] < 40 * len(payload), f"peak {peak[0]:,} bytes for {len(payload):,}"


def test_memory_error_is_a_located_diagnostic_not_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    from goalkeeper.load import json_document

    def exhausted(text: str, path: str | None = None) -> object:
        raise MemoryError

    monkeypatch.setattr("goalkeeper.load.document.parse_json", exhausted)
    assert json_document.parse_json is not exhausted
    report = goalkeeper.check('{"code": "g"}')
    assert [(d.code, d.severity.value) for d in report.diagnostics] == [("GK003", "error")]
    assert "memory" in report.diagnostics[0].message
    assert "bug" not in (report.diagnostics[0].hint or "")


def test_cli_out_of_memory_is_not_reported_as_a_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(*args: object, **kwargs: object) -> str:
        raise MemoryError

    monkeypatch.setattr("goalkeeper.reporters.render", exhausted)
    path = tmp_path / "goal.json"
    path.write_text('{"code": "g", "name": "n", "agents": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert "out of memory" in result.output and "bug" not in result.output


# -- special files -----------------------------------------------------------------------

fifo_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@fifo_only
def test_named_fifo_is_a_located_error_and_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    good = tmp_path / "good.json"
    good.write_text('{"code": "g", "name": "n", "agents": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(fifo), str(good)])
    assert result.exit_code == 1, result.output
    assert "GK001" in result.output and "named pipe" in result.output
    report = goalkeeper.check(fifo)
    assert [d.code for d in report.diagnostics] == ["GK001"]


@fifo_only
def test_fifo_found_by_walking_is_skipped_and_counted(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "good.json").write_text(
        '{"code": "g", "name": "n", "agents": []}', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 file skipped: not a regular file" in result.output
    assert "(1 file)" in result.output


@fifo_only
def test_fifo_as_options_file_is_a_usage_error_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "options.json"
    os.mkfifo(fifo)
    good = tmp_path / "good.json"
    good.write_text('{"code": "g", "name": "n", "agents": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--options", str(fifo), str(good)])
    assert result.exit_code == 2
    assert "named pipe" in result.output


def test_a_special_file_that_appears_after_the_stat_is_not_read(tmp_path: Path) -> None:
    from goalkeeper.load.document import special_file_kind

    assert special_file_kind(stat.S_IFIFO) == "a named pipe (FIFO)"
    assert special_file_kind(stat.S_IFCHR) == "a character device"
    assert special_file_kind(stat.S_IFREG) is None
    report = goalkeeper.check(Path("/dev/zero"))
    assert [d.code for d in report.diagnostics] == ["GK001"]
    assert "character device" in report.diagnostics[0].message


# -- limits ------------------------------------------------------------------------------


def test_stdin_reads_at_most_the_limit_plus_one_byte() -> None:
    class Endless:
        requested = 0

        def read(self, size: int = -1) -> bytes:
            assert size > 0, "standard input must never be read to its end unbounded"
            self.requested += size
            return b"0" * size

    endless = Endless()
    checker = goalkeeper.checker.Checker()
    diagnostics = checker.check_stream(endless.read).diagnostics
    assert [d.code for d in diagnostics] == ["GK003"]
    assert endless.requested == checker.settings.max_file_size + 1


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_on_stdin_ends_with_the_size_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "goalkeeper.toml").write_text("max-file-size = 1000\n", encoding="utf-8")
    with open("/dev/zero", "rb") as zero:
        result = CliRunner().invoke(
            main, ["check", "--config", str(tmp_path / "goalkeeper.toml"), "-"], input=zero
        )
    assert result.exit_code == 1, result.output
    assert "GK003" in result.output


def test_library_text_and_bytes_honour_the_size_limit() -> None:
    big = '{"code": "' + "a" * (10 * 1024 * 1024) + '"}'
    for payload in (big, big.encode("ascii")):
        report = goalkeeper.check(payload)
        assert [d.code for d in report.diagnostics] == ["GK003"]


def test_integer_of_309_digits_above_the_largest_double_is_gk206() -> None:
    above = "1" + "9" * 308  # 1.99e308 > 1.797e308
    below = "1" + "0" * 308  # 1e308
    report = goalkeeper.check('{"code": "g", "name": "n", "agents": [], "countMax": ' + above + "}")
    assert "GK206" in {d.code for d in report.diagnostics}
    report = goalkeeper.check('{"code": "g", "name": "n", "agents": [], "countMax": ' + below + "}")
    assert "GK206" not in {d.code for d in report.diagnostics}


# -- printable output -----------------------------------------------------------------------

SURROGATE_PAYLOAD = '{"code": "g\\ud800", "name": "n", "agents": []}'


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_lone_surrogate_is_printable_and_other_files_are_kept(
    tmp_path: Path, output_format: str
) -> None:
    bad = tmp_path / "a-surrogate.json"
    bad.write_text(SURROGATE_PAYLOAD, encoding="utf-8")
    other = tmp_path / "b-other.json"
    other.write_text('{"code": "g", "name": "' + "n" * 60 + '", "agents": []}', encoding="utf-8")
    out = tmp_path / "report.txt"
    for extra in ([], ["--output", str(out)]):
        result = CliRunner().invoke(
            main, ["check", "--format", output_format, *extra, str(bad), str(other)]
        )
        assert result.exit_code == 1, result.output
        text = out.read_text(encoding="utf-8") if extra else result.output
        assert "\\ud800" in text and "CT102" in text
        text.encode("utf-8")  # no lone surrogate left
        if output_format == "json":
            assert len(json.loads(text)["diagnostics"]) == 2


def test_lone_surrogate_is_printable_from_the_library() -> None:
    report = goalkeeper.check(SURROGATE_PAYLOAD)
    for output_format in ("text", "json"):
        render(report, output_format).encode("utf-8")
    with pytest.raises(goalkeeper.PayloadError) as raised:
        goalkeeper.validate(SURROGATE_PAYLOAD)
    str(raised.value).encode("utf-8")


def test_lone_surrogate_in_a_str_payload_is_a_located_gk101() -> None:
    report = goalkeeper.check('{\n  "code": "g\ud800"}')
    assert [(d.code, d.line, d.column) for d in report.diagnostics] == [("GK101", 2, 13)]


# -- recursion ----------------------------------------------------------------------------


def test_equal_arrays_nested_300_deep_do_not_crash_the_equality_check() -> None:
    report = goalkeeper.check(nested_equal_arrays(300))
    codes = [d.code for d in report.diagnostics]
    assert "GK999" not in codes
    assert ("CT104", "/agents/1") in [(d.code, d.pointer) for d in report.diagnostics]
    different = nested_equal_arrays(300).replace('"x"]', '"y"]', 1)
    assert "CT104" not in {d.code for d in goalkeeper.check(different).diagnostics}


def test_nothing_recurses_on_payload_depth_beyond_one_frame_a_level() -> None:
    """Under a recursion limit that leaves about one frame per level of a 510-deep payload
    (what the standard library's JSON decoder takes), nothing else may recurse on it."""
    import inspect

    text = nested_equal_arrays(510)
    data = json.loads(text)
    goalkeeper.check(nested_equal_arrays(2))  # imports first
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 510 + 150)
    try:
        report = goalkeeper.check(text)
        data_report = goalkeeper.check(data)
    finally:
        sys.setrecursionlimit(limit)
    for checked in (report, data_report):
        assert "GK999" not in {d.code for d in checked.diagnostics}
        assert "CT104" in {d.code for d in checked.diagnostics}


# -- wrong root for a forced kind --------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    ["<foo/>", '<goalBean xmlns="http://example.com/ns"><campaignId>1</campaignId></goalBean>'],
)
def test_wrong_root_for_the_forced_kind_is_an_error(payload: str, tmp_path: Path) -> None:
    report = goalkeeper.check(payload, kind="pulse/goal")
    assert [(d.code, d.severity.value) for d in report.diagnostics] == [("PU101", "error")]
    assert "nothing in the document was checked" in report.diagnostics[0].message
    path = tmp_path / "goal.xml"
    path.write_text(payload, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--kind", "pulse/goal", str(path)])
    assert result.exit_code == 1


# -- unreadable paths -------------------------------------------------------------------------


@contextmanager
def unprivileged() -> Iterator[None]:
    """Permission checks that also hold for root: the effective user becomes nobody."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_unreadable_named_file_is_a_diagnostic_and_others_are_checked(tmp_path: Path) -> None:
    import tempfile

    base = Path(tempfile.mkdtemp())  # pytest's own base is private to root
    try:
        base.chmod(0o755)
        good = base / "good.json"
        good.write_text('{"code": "g", "name": "' + "n" * 60 + '", "agents": []}')
        good.chmod(0o644)
        secret = base / "secret.json"
        secret.write_text("{}")
        secret.chmod(0o000)
        through_a_file = str(good / "inside.json")  # unreadable even for root
        dangling = base / "dangling.json"
        dangling.symlink_to(base / "nowhere.json")
        args = ["check", str(secret), through_a_file, str(dangling), str(good)]
        CliRunner().invoke(main, ["check", str(good)])  # imports as the real user
        with unprivileged():
            result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert "Permission denied" in result.output
        assert "Not a directory" in result.output
        assert "No such file or directory" in result.output
        assert "CT102" in result.output  # the readable file was checked
        assert "Usage" not in result.output
    finally:
        for path in base.iterdir():
            path.chmod(0o644) if not path.is_symlink() else None
            path.unlink()
        base.rmdir()


def test_unreadable_subdirectory_in_a_walk_is_a_diagnostic(tmp_path: Path) -> None:
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp())
    try:
        base.chmod(0o755)
        (base / "good.json").write_text('{"code": "g", "name": "' + "n" * 60 + '", "agents": []}')
        (base / "good.json").chmod(0o644)
        closed = base / "closed"
        closed.mkdir()
        (closed / "hidden.json").write_text("{}")
        closed.chmod(0o000)
        CliRunner().invoke(main, ["check", str(base / "good.json")])
        with unprivileged():
            result = CliRunner().invoke(main, ["check", str(base)])
        assert result.exit_code == 1, result.output
        assert f"{closed}: GK001" in result.output
        assert "cannot read the directory" in result.output
        assert "CT102" in result.output
    finally:
        (base / "closed").chmod(0o755)
        shutil.rmtree(base)


# -- library edges ------------------------------------------------------------------------------

GOAL = (
    "<goalBean><campaignId>1</campaignId><goalValue>1</goalValue><start>{start}</start>"
    "<type>IMPRESSION</type><variant>NORMAL</variant></goalBean>"
)


def test_naive_now_is_read_as_utc() -> None:
    payload = GOAL.format(start="2026-01-01T00:30:00+0000")
    naive = goalkeeper.check(payload, now=datetime(2026, 1, 1, 1, 0))
    aware = goalkeeper.check(payload, now=datetime(2026, 1, 1, 1, 0, tzinfo=timezone.utc))
    assert naive == aware
    assert "PU116" in {d.code for d in naive.diagnostics}
    assert not goalkeeper.check(payload, now=datetime(2026, 1, 1, 0, 0)).diagnostics


def test_huge_integer_in_library_data_is_gk206() -> None:
    report = goalkeeper.check({"code": "g", "name": "n", "agents": [], "countMax": 10**5000})
    assert ("GK206", "/countMax") in [(d.code, d.pointer) for d in report.diagnostics]
    above = int("1" + "9" * 308)  # 309 digits, above the largest double
    report = goalkeeper.check({"code": "g", "name": "n", "agents": [], "countMax": above})
    assert ("GK206", "/countMax") in [(d.code, d.pointer) for d in report.diagnostics]
    assert "GK999" not in {d.code for d in report.diagnostics}


def test_recursive_library_data_is_a_located_finding() -> None:
    data: dict[str, object] = {"code": "g", "name": "n"}
    data["agents"] = [data]
    report = goalkeeper.check(data)
    assert [(d.code, d.pointer) for d in report.diagnostics] == [("GK209", "/agents/0")]


URL = "https://api.example.com/admin/acme/goals/goal/g"
BODY = {"code": "g", "name": "n", "agents": []}


@pytest.mark.parametrize(
    "headers",
    [
        {"x-conductrics-apikey": "s3cret"},
        {b"x-conductrics-apikey": b"s3cret"},
        [("X-Conductrics-Apikey", "s3cret")],
        [(b"x-conductrics-apikey", b"s3cret")],
    ],
)
def test_headers_as_mapping_or_pairs_of_str_or_bytes(headers: object) -> None:
    assert goalkeeper.check_request("PUT", URL, BODY, headers).diagnostics == ()
    missing = goalkeeper.check_request("PUT", URL, BODY, [])
    assert [d.code for d in missing.diagnostics] == ["CT114"]


def test_body_of_an_unsupported_type_says_what_is_accepted() -> None:
    report = goalkeeper.check_request("PUT", URL, 5, {"x-conductrics-apikey": "k"})
    assert [d.code for d in report.diagnostics] == ["GK207"]
    message = report.diagnostics[0].message
    assert "int" in message and "str or bytes" in message and "UTF-32" not in message


def test_str_body_with_a_lone_surrogate_is_a_diagnostic() -> None:
    report = goalkeeper.check_request(
        "PUT", URL, '{"code": "g\ud800"}', {"x-conductrics-apikey": "k"}
    )
    assert [d.code for d in report.diagnostics] == ["GK101"]


def test_percent_encoded_api_key_in_the_path_is_never_echoed() -> None:
    url = "https://api.example.com/admin/acme/goals/goal/g%3Fapikey%3Dtop-secret-value"
    report = goalkeeper.check_request("PUT", url, BODY, {"x-conductrics-apikey": "k"})
    assert "CT113" in {d.code for d in report.diagnostics}
    for diagnostic in report.diagnostics:
        assert "top-secret-value" not in f"{diagnostic.message} {diagnostic.hint}"
    assert "top-secret-value" not in repr(report)


def test_header_values_never_appear_in_messages() -> None:
    secret = "g-header-secret"
    report = goalkeeper.check_request(
        "PUT", URL[:-1] + secret, dict(BODY), {"x-conductrics-apikey": secret}
    )
    assert report.diagnostics
    assert all(secret not in d.message for d in report.diagnostics)


def test_duplicate_items_use_json_schema_equality() -> None:
    from goalkeeper.schema import depth_bounded, json_key

    assert json_key(1) == json_key(1.0)
    assert json_key(True) != json_key(1)
    assert json_key({"a": [1, {"b": None}], "c": "x"}) == json_key(
        {"c": "x", "a": [1.0, {"b": None}]}
    )
    assert json_key([1, [2]]) != json_key([[1], 2])
    assert json_key(["a"]) != json_key("a")
    deep: object = "x"
    other: object = "y"
    for _ in range(100):
        deep, other = [deep], [other]
    folded = depth_bounded([deep, json.loads(json.dumps(deep)), other], limit=8)
    assert folded[0] == folded[1] != folded[2]


@pytest.mark.parametrize("direct_lookups", [0, 3, 1000])
def test_xml_pointers_are_what_getpath_writes(
    direct_lookups: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lxml import etree

    from goalkeeper.load import xml_document

    monkeypatch.setattr(xml_document, "_DIRECT_LOOKUPS", direct_lookups)
    root = etree.fromstring(
        b'<a xmlns:p="urn:u" xmlns:q="urn:u"><b/><!--c--><b/><p:c/><q:c/><p:c/>'
        b'<d xmlns="urn:v"><e/><?pi x?><e/></d><f/><d/><b xmlns="urn:v"/><c/><g><h/></g></a>'
    )
    tree = root.getroottree()
    index = xml_document.ElementIndex(root)
    for _ in range(2):
        for element in root.iter(etree.Element):
            assert index.pointer(element) == tree.getpath(element)
            index._made.clear()
            assert index.element(tree.getpath(element)) is element
    assert index.element("/a/b[2]/missing") is root[2]


def test_messages_stay_short_whatever_the_input() -> None:
    report = goalkeeper.check(feature_list(30_000))
    assert [d.code for d in report.diagnostics] == ["CT214"]
    diagnostic = report.diagnostics[0]
    assert "more" in diagnostic.message
    assert len(diagnostic.message) < 400 and len(diagnostic.hint or "") < 400
