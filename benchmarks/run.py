"""goalkeeper's speed and memory against the parse floor and check-jsonschema.

    python benchmarks/run.py [--corpus DIR] [--runs 5] [--no-check-jsonschema]

Every figure is a whole process, started the way a user starts it, timed over several
runs (the median is printed) with the commands of one scenario taking turns, so that the
ratios are measured in the same run on the same machine state:

* the parse floor: a plain Python process that only reads and parses the same files
  (``json.loads`` or ``lxml.etree.fromstring``);
* check-jsonschema validating the same JSON files against goalkeeper's own exported
  schemas (``goalkeeper schema KIND``), one process per kind, times added up.

Peak memory is the largest resident set of the process (its workers included). The
corpus is generated with ``benchmarks/corpus.py`` (seed 1) when it does not exist.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

JSON_FLOOR = """
import json, os, sys
for root, _dirs, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(root, name), "rb") as handle:
            json.loads(handle.read())
"""
XML_FLOOR = """
import os, sys
from lxml import etree
parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
for root, _dirs, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(root, name), "rb") as handle:
            etree.fromstring(handle.read(), parser)
"""

# The reference machine of the one-file target: check-jsonschema takes 214 ms for one
# file there, and goalkeeper must take under 150 ms.
REFERENCE_CJS_ONE_FILE = 0.214
ONE_FILE_TARGET = 0.150


class Measure(NamedTuple):
    wall: float  # median seconds
    peak_mb: float  # largest peak resident set over the runs
    exit_codes: frozenset[int]
    walls: tuple[float, ...]  # every run, in order


def paired_ratio(a: Measure, b: Measure) -> float:
    """The median of the run-by-run ratios a/b: the runs took turns, so each pair saw the
    same machine state, which keeps the ratio steady while the machine's speed drifts."""
    return statistics.median(x / y for x, y in zip(a.walls, b.walls, strict=True))


def run_once(argv: Sequence[str]) -> tuple[float, float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux.
    return elapsed, usage.ru_maxrss / 1024, process.returncode


def measure_together(commands: dict[str, list[list[str]]], runs: int) -> dict[str, Measure]:
    """Time each named command (a list of processes run one after the other) in turns."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = {name: 0.0 for name in commands}
    codes: dict[str, set[int]] = {name: set() for name in commands}
    for argvs in commands.values():  # warm the file cache and pyc files
        for argv in argvs:
            run_once(argv)
    for _ in range(runs):
        for name, argvs in commands.items():
            total = 0.0
            for argv in argvs:
                elapsed, peak, code = run_once(argv)
                total += elapsed
                peaks[name] = max(peaks[name], peak)
                codes[name].add(code)
            walls[name].append(total)
    return {
        name: Measure(
            statistics.median(walls[name]), peaks[name], frozenset(codes[name]), tuple(walls[name])
        )
        for name in commands
    }


def goalkeeper_command() -> list[str]:
    script = Path(sys.executable).parent / "goalkeeper"
    return [str(script)] if script.exists() else [sys.executable, "-m", "goalkeeper"]


def files_under(directory: Path) -> list[str]:
    return sorted(str(p) for p in directory.rglob("*") if p.is_file())


def export_schemas(directory: Path) -> dict[str, Path]:
    from goalkeeper import registry
    from goalkeeper.schema import load_schema_text

    schemas = {}
    for kind in registry.KINDS:
        if kind.format == "json":
            path = directory / (kind.name.replace("/", "-") + ".schema.json")
            path.write_text(load_schema_text(kind.schema), encoding="utf-8")
            schemas[kind.name] = path
    return schemas


class Row(NamedTuple):
    scenario: str
    files: int
    goalkeeper: Measure
    floor: Measure | None
    floor_name: str
    cjs: Measure | None
    verdicts: list[tuple[str, bool]]


def check_jsonschema_commands(
    corpus: Path, schemas: dict[str, Path], only: Sequence[str] | None = None
) -> list[list[str]]:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    commands = []
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    for kind, schema in schemas.items():
        files = sorted(
            str(corpus / relative)
            for relative, of_kind in manifest["files"].items()
            if of_kind == kind and (only is None or str(corpus / relative) in only)
        )
        if files:
            commands.append([tool, "--schemafile", str(schema), *files])
    return commands


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-check-jsonschema", action="store_true")
    arguments = parser.parse_args()

    corpus: Path = arguments.corpus
    if not (corpus / "manifest.json").exists():
        from corpus import generate

        generate(corpus, {"json": 10_000, "xml": 2_000}, seed=1)
    json_dir, xml_dir = corpus / "json", corpus / "xml"
    json_files, xml_files = files_under(json_dir), files_under(xml_dir)
    with_cjs = not arguments.no_check_jsonschema and (
        shutil.which("check-jsonschema")
        or (Path(sys.executable).parent / "check-jsonschema").exists()
    )
    gk = [*goalkeeper_command(), "check", "--isolated", "--quiet", "--format", "json"]
    python = [sys.executable]
    runs = arguments.runs
    rows: list[Row] = []

    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        schemas = export_schemas(work)
        # A subset of 1,000 JSON files, to show that memory stays flat as files grow.
        small = work / "json-1000"
        for source in json_files[::10]:
            target = small / Path(source).relative_to(json_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

        def scenario(
            name: str,
            count: int,
            commands: dict[str, list[list[str]]],
            floor_name: str,
            judge: Callable[[dict[str, Measure]], list[tuple[str, bool]]],
        ) -> None:
            print(f"measuring: {name} ...", file=sys.stderr)
            measured = measure_together(commands, runs)
            rows.append(
                Row(
                    name,
                    count,
                    measured["goalkeeper"],
                    measured.get("floor"),
                    floor_name,
                    measured.get("cjs"),
                    judge(measured),
                )
            )

        def ratio(measured: dict[str, Measure], a: str, b: str) -> float:
            return paired_ratio(measured[a], measured[b])

        json_commands: dict[str, list[list[str]]] = {
            "goalkeeper": [[*gk, str(json_dir)]],
            "floor": [[*python, "-c", JSON_FLOOR, str(json_dir)]],
        }
        if with_cjs:
            json_commands["cjs"] = check_jsonschema_commands(corpus, schemas)

        def judge_json(m: dict[str, Measure]) -> list[tuple[str, bool]]:
            verdicts = [
                ("within 2x the parse floor", ratio(m, "goalkeeper", "floor") <= 2.0),
                ("peak memory under 150 MB", m["goalkeeper"].peak_mb < 150),
            ]
            if "cjs" in m:
                verdicts.append(
                    ("5x faster than check-jsonschema", ratio(m, "cjs", "goalkeeper") >= 5)
                )
            return verdicts

        scenario(
            f"{len(json_files):,} JSON files",
            len(json_files),
            json_commands,
            "json.loads",
            judge_json,
        )

        small_files = files_under(small)
        small_commands: dict[str, list[list[str]]] = {
            "goalkeeper": [[*gk, str(small)]],
            "floor": [[*python, "-c", JSON_FLOOR, str(small)]],
        }
        scenario(
            f"{len(small_files):,} JSON files",
            len(small_files),
            small_commands,
            "json.loads",
            lambda m: [("peak memory under 150 MB", m["goalkeeper"].peak_mb < 150)],
        )

        xml_commands = {
            "goalkeeper": [[*gk, str(xml_dir)]],
            "floor": [[*python, "-c", XML_FLOOR, str(xml_dir)]],
        }
        scenario(
            f"{len(xml_files):,} XML files",
            len(xml_files),
            xml_commands,
            "lxml parse",
            lambda m: [("within 3x the lxml parse floor", ratio(m, "goalkeeper", "floor") <= 3.0)],
        )

        one = json_files[0]
        one_commands: dict[str, list[list[str]]] = {
            "goalkeeper": [[*gk, one]],
            "floor": [[*python, "-c", "pass"]],
        }
        if with_cjs:
            one_commands["cjs"] = check_jsonschema_commands(corpus, schemas, only=[one])

        def judge_one(m: dict[str, Measure]) -> list[tuple[str, bool]]:
            wall = m["goalkeeper"].wall
            verdicts = [("under 150 ms wall", wall < ONE_FILE_TARGET)]
            if "cjs" in m:
                # The same target on the reference machine, where check-jsonschema takes 214 ms.
                scaled = paired_ratio(m["goalkeeper"], m["cjs"]) * REFERENCE_CJS_ONE_FILE
                verdicts.append(
                    (
                        f"under 150 ms scaled to the reference machine ({scaled * 1000:.0f} ms)",
                        scaled < ONE_FILE_TARGET,
                    )
                )
            return verdicts

        scenario("one file (pre-commit)", 1, one_commands, "python -c pass", judge_one)

        # --fix and a baseline on a copy of the JSON corpus: the copy is fixed once first,
        # so --fix finds nothing to fix, and the baseline records every finding left; each
        # is compared with a plain check of the same copy (SPEC §9: under 10% more).
        fixed_copy = work / "json-fixed"
        shutil.copytree(json_dir, fixed_copy)
        subprocess.run([*gk, "--fix", str(fixed_copy)], stdout=subprocess.DEVNULL, check=False)
        baseline = work / "baseline.json"
        subprocess.run(
            [*gk, "--write-baseline", str(baseline), str(fixed_copy)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )

        def within_ten_percent(
            option: str,
        ) -> Callable[[dict[str, Measure]], list[tuple[str, bool]]]:
            def judge(m: dict[str, Measure]) -> list[tuple[str, bool]]:
                return [
                    (
                        f"{option} within 10% of a plain check",
                        ratio(m, "goalkeeper", "floor") <= 1.1,
                    )
                ]

            return judge

        for option, extra in (("--fix", ["--fix"]), ("--baseline", ["--baseline", str(baseline)])):
            scenario(
                f"{len(json_files):,} JSON files, {option}",
                len(json_files),
                {
                    "goalkeeper": [[*gk, *extra, str(fixed_copy)]],
                    "floor": [[*gk, str(fixed_copy)]],
                },
                "plain check",
                within_ten_percent(option),
            )

        version_commands = {
            "goalkeeper": [[*goalkeeper_command(), "--version"]],
            "floor": [[*python, "-c", "pass"]],
        }
        scenario("--version", 0, version_commands, "python -c pass", lambda m: [])

    print_table(rows, runs, with_cjs)
    small_peak = next(r.goalkeeper.peak_mb for r in rows if r.files == len(small_files))
    large_peak = rows[0].goalkeeper.peak_mb
    flat = large_peak <= small_peak * 1.25 + 5
    print(
        f"memory: {small_peak:.1f} MB for {len(small_files):,} files, {large_peak:.1f} MB for "
        f"{len(json_files):,} files: {'flat' if flat else 'GROWS'}"
    )
    failed = [name for row in rows for name, ok in row.verdicts if not ok] + (
        [] if flat else ["flat memory"]
    )
    print("all targets met" if not failed else "targets missed: " + "; ".join(failed))
    return 0 if not failed else 1


def print_table(rows: list[Row], runs: int, with_cjs: bool) -> None:
    import platform

    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(f"\nmachine: {machine}; median of {runs} runs; ratios: medians of run-by-run ratios\n")
    header = ["scenario", "goalkeeper", "files/s", "peak MB", "floor", "x floor"]
    if with_cjs:
        header += ["check-jsonschema", "x faster"]
    header += ["targets"]
    lines = [header]
    for row in rows:
        g = row.goalkeeper
        cells = [
            row.scenario,
            f"{g.wall * 1000:.0f} ms",
            f"{row.files / g.wall:,.0f}" if row.files else "-",
            f"{g.peak_mb:.1f}",
        ]
        if row.floor:
            cells += [
                f"{row.floor.wall * 1000:.0f} ms ({row.floor_name})",
                f"{paired_ratio(g, row.floor):.2f}",
            ]
        else:
            cells += ["-", "-"]
        if with_cjs:
            cells += (
                [f"{row.cjs.wall * 1000:.0f} ms", f"{paired_ratio(row.cjs, g):.1f}"]
                if row.cjs
                else ["-", "-"]
            )
        cells.append(
            "; ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in row.verdicts) or "-"
        )
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        print(
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
            + " |"
        )
        if index == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")


if __name__ == "__main__":
    sys.exit(main())
