"""goalkeeper's speed and memory against the parse floor and check-jsonschema (SPEC §9).

    python benchmarks/run.py [--runs 7] [--quick] [--corpus DIR] [--no-check-jsonschema]
                             [--only NAME[,NAME...]]

Every figure is a whole process, started the way a user starts it. The commands of one
scenario take turns, run after run, so that each ratio is the median of run-by-run ratios
measured on the same machine state (a shared machine's speed drifts by a factor of two
within minutes). Wall time is what the targets judge; the CPU time (user + system, workers
included) is printed beside it, because it is what a busy machine disturbs least.

The scenarios and their targets:

* ``one-file``: ``goalkeeper check one.json`` (kind detected from content) against
  check-jsonschema on the same file with goalkeeper's exported schema: at most 0.4x.
* ``goal-types``: 10,000 Conductrics goal types against the parse floor (a process that
  only reads and ``json.loads`` the same files): within 1.5x; check-jsonschema on the same
  files against goalkeeper's exported schema: at least 10x slower than goalkeeper.
* ``mixed-json``: 10,000 payloads of every JSON kind, detected by content: within 2x.
* ``pulse-rules``: 2,000 Pulse goal-rules files shaped like the seed's sample (every rules
  section present, about 5% invalid) against the hardened lxml parse floor: within 2.5x;
  ``pulse-rules-invalid``: the same with about 80% invalid: within 3.5x.
* ``scale``: 25,000, 50,000 and 100,000 files of every kind: peak memory under 150 MB,
  and wall time linear in the file count (the slope is printed).
* ``cross-file``, ``fix``, ``baseline``: the 10,000 mixed JSON payloads with the cross-file
  stage, ``--fix`` with nothing to fix, and a baseline, each against the plain run without
  it: under 10% more. A scenario whose feature this build lacks is listed as not measured.
* ``version``: ``goalkeeper --version`` (no target; the floor of every run).

``--quick`` runs each scenario 3 times and the scale scenario on 10,000, 20,000 and 40,000
files. The corpora are generated with ``benchmarks/corpus.py`` (seed 1) into
``benchmarks/corpus/`` and regenerated when corpus.py changes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
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
for top in sys.argv[1:]:
    for root, _dirs, files in os.walk(top):
        for name in files:
            with open(os.path.join(root, name), "rb") as handle:
                json.loads(handle.read())
"""
# The same parser settings as goalkeeper's XML loader (no entities, no network, no DTD).
XML_FLOOR = """
import os, sys
from lxml import etree
parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                         dtd_validation=False, huge_tree=False, collect_ids=False)
for top in sys.argv[1:]:
    for root, _dirs, files in os.walk(top):
        for name in files:
            with open(os.path.join(root, name), "rb") as handle:
                etree.fromstring(handle.read(), parser)
"""

# Child processes write and use bytecode, as an installed goalkeeper does.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


class Measure(NamedTuple):
    walls: tuple[float, ...]  # seconds, every run in order
    cpus: tuple[float, ...]  # user + system seconds, children included
    peak_mb: float  # the largest resident set over the runs
    exit_codes: frozenset[int]

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


def paired(a: Measure, b: Measure, cpu: bool = False) -> float:
    """The median of the run-by-run ratios a/b (the runs took turns)."""
    first, second = (a.cpus, b.cpus) if cpu else (a.walls, b.walls)
    return statistics.median(x / y for x, y in zip(first, second, strict=True))


def run_once(argv: Sequence[str]) -> tuple[float, float, float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=CHILD_ENV
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    # ru_maxrss is in kilobytes on Linux; the usage includes the workers the process reaped.
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def measure_together(commands: dict[str, list[list[str]]], runs: int) -> dict[str, Measure]:
    """Time each named command (processes run one after the other, times added) in turns."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    peaks = dict.fromkeys(commands, 0.0)
    codes: dict[str, set[int]] = {name: set() for name in commands}
    for argvs in commands.values():  # warm the file cache and write the bytecode
        for argv in argvs:
            run_once(argv)
    for _ in range(runs):
        for name, argvs in commands.items():
            wall = cpu = 0.0
            for argv in argvs:
                elapsed, used, peak, code = run_once(argv)
                wall += elapsed
                cpu += used
                peaks[name] = max(peaks[name], peak)
                codes[name].add(code)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {
        name: Measure(tuple(walls[name]), tuple(cpus[name]), peaks[name], frozenset(codes[name]))
        for name in commands
    }


def goalkeeper_command() -> list[str]:
    script = Path(sys.executable).parent / "goalkeeper"
    return [str(script)] if script.exists() else [sys.executable, "-m", "goalkeeper"]


def check_jsonschema_tool() -> str | None:
    found = shutil.which("check-jsonschema")
    local = Path(sys.executable).parent / "check-jsonschema"
    return found or (str(local) if local.exists() else None)


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


def check_jsonschema_commands(
    tool: str, corpus: Path, schemas: dict[str, Path], only: Sequence[str] | None = None
) -> list[list[str]]:
    """One check-jsonschema process per kind, over the corpus files of that kind."""
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    commands = []
    for kind, schema in schemas.items():
        files = sorted(
            str(corpus / relative)
            for relative, of_kind in manifest["files"].items()
            if of_kind == kind and (only is None or str(corpus / relative) in only)
        )
        if files:
            commands.append([tool, "--schemafile", str(schema), *files])
    return commands


def corpus_version() -> str:
    return hashlib.sha256((HERE / "corpus.py").read_bytes()).hexdigest()[:16]


def ensure_corpus(
    path: Path,
    counts: dict[str, int],
    kinds: dict[str, list[str]] | None = None,
    invalid_share: float | None = None,
    parts: int = 1,
) -> Path:
    """Generate the corpus at ``path`` unless it exists from the same corpus.py and counts."""
    from corpus import INVALID_SHARE, generate

    stamp = {
        "version": corpus_version(),
        "counts": counts,
        "kinds": kinds,
        "invalid": invalid_share,
        "parts": parts,
    }
    stamp_file = path / "stamp.json"
    if stamp_file.exists() and json.loads(stamp_file.read_text(encoding="utf-8")) == stamp:
        return path
    print(f"generating the corpus {path.name} ...", file=sys.stderr)
    shutil.rmtree(path, ignore_errors=True)
    if parts == 1:
        generate(path, counts, seed=1, kinds=kinds, invalid_share=invalid_share or INVALID_SHARE)
    else:
        for part in range(parts):
            share = {fmt: count // parts for fmt, count in counts.items()}
            generate(
                path / f"part-{part}",
                share,
                seed=1 + part,
                kinds=kinds,
                invalid_share=invalid_share or INVALID_SHARE,
            )
    stamp_file.write_text(json.dumps(stamp) + "\n", encoding="utf-8")
    return path


class Row(NamedTuple):
    scenario: str
    files: int
    goalkeeper: Measure
    base: Measure | None
    base_name: str
    cjs: Measure | None
    verdicts: list[tuple[str, bool | None]]  # None: not measured


def help_text(gk: list[str]) -> str:
    result = subprocess.run(
        [*gk, "check", "--help"], capture_output=True, text=True, env=CHILD_ENV, check=False
    )
    return result.stdout


def cross_file_codes() -> list[str]:
    """The codes of the cross-file rules this build declares (none before that stage)."""
    from goalkeeper import registry

    return sorted(
        r.code
        for r in registry.all_rules()
        if r.stage not in ("load", "payload", "request") and r.check is not None
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--runs", type=int, default=None, help="runs per scenario (default 7)")
    parser.add_argument("--quick", action="store_true", help="3 runs, scale up to 40,000 files")
    parser.add_argument("--no-check-jsonschema", action="store_true")
    parser.add_argument("--only", help="comma-separated scenario names")
    arguments = parser.parse_args()
    runs = arguments.runs or (3 if arguments.quick else 7)
    only = set(arguments.only.split(",")) if arguments.only else None
    root: Path = arguments.corpus
    tool = None if arguments.no_check_jsonschema else check_jsonschema_tool()

    from corpus import GENERATORS

    json_kinds = list(GENERATORS["json"])
    gk_bin = goalkeeper_command()
    gk = [*gk_bin, "check", "--isolated", "--quiet", "--format", "json"]
    python = [sys.executable]
    rows: list[Row] = []
    notes: list[str] = []
    options = help_text(gk_bin)

    def wanted(name: str) -> bool:
        return only is None or name in only

    def scenario(
        name: str,
        files: int,
        commands: dict[str, list[list[str]]],
        base_name: str,
        judge: Callable[[dict[str, Measure]], list[tuple[str, bool | None]]],
    ) -> dict[str, Measure]:
        print(f"measuring {name} ...", file=sys.stderr)
        measured = measure_together(commands, runs)
        rows.append(
            Row(
                name,
                files,
                measured["goalkeeper"],
                measured.get("base"),
                base_name,
                measured.get("cjs"),
                judge(measured),
            )
        )
        return measured

    def within(target: float, label: str) -> Callable[[dict[str, Measure]], list]:
        def judge(m: dict[str, Measure]) -> list[tuple[str, bool | None]]:
            return [(f"{label} {target}x", paired(m["goalkeeper"], m["base"]) <= target)]

        return judge

    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        schemas = export_schemas(work)
        goal_types = root / "goal-types"
        mixed = root / "mixed-json"

        if wanted("one-file") or wanted("goal-types"):
            ensure_corpus(goal_types, {"json": 10_000}, {"json": ["conductrics/goal-type"]})
        if any(wanted(n) for n in ("mixed-json", "cross-file", "fix", "baseline")):
            ensure_corpus(mixed, {"json": 10_000}, {"json": json_kinds})

        if wanted("one-file"):
            one = work / "one.json"
            files = sorted((goal_types / "json").rglob("*.json"))
            invalid = json.loads((goal_types / "manifest.json").read_text())["invalid"]
            first_valid = next(f for f in files if str(f.relative_to(goal_types)) not in invalid)
            shutil.copyfile(first_valid, one)
            commands = {
                "goalkeeper": [[*gk, str(one)]],
                "base": [[*python, "-c", "pass"]],
            }
            if tool:
                schema = schemas["conductrics/goal-type"]
                commands["cjs"] = [[tool, "--schemafile", str(schema), str(one)]]

            def judge_one(m: dict[str, Measure]) -> list[tuple[str, bool | None]]:
                if "cjs" not in m:
                    return [("at most 0.4x check-jsonschema", None)]
                return [
                    (
                        "at most 0.4x check-jsonschema",
                        paired(m["goalkeeper"], m["cjs"]) <= 0.4,
                    )
                ]

            scenario("one file (pre-commit)", 1, commands, "python -c pass", judge_one)

        if wanted("goal-types"):
            directory = str(goal_types / "json")
            commands = {
                "goalkeeper": [[*gk, directory]],
                "base": [[*python, "-c", JSON_FLOOR, directory]],
            }
            if tool:
                commands["cjs"] = check_jsonschema_commands(tool, goal_types, schemas)

            def judge_goal_types(m: dict[str, Measure]) -> list[tuple[str, bool | None]]:
                verdicts: list[tuple[str, bool | None]] = [
                    ("within 1.5x the parse floor", paired(m["goalkeeper"], m["base"]) <= 1.5)
                ]
                verdicts.append(
                    (
                        "10x faster than check-jsonschema",
                        paired(m["cjs"], m["goalkeeper"]) >= 10 if "cjs" in m else None,
                    )
                )
                return verdicts

            measured = scenario(
                "10,000 goal types", 10_000, commands, "json.loads", judge_goal_types
            )
            if "cjs" in measured:
                # What "10x faster than check-jsonschema" asks of this machine, beside the floor.
                cjs, floor = measured["cjs"].wall, measured["base"].wall
                notes.append(
                    f"check-jsonschema: {cjs * 1000:,.0f} ms, "
                    f"{paired(measured['cjs'], measured['base']):.1f}x the parse floor here; "
                    f"10x faster than it means {cjs * 100:,.0f} ms, "
                    f"{'below' if cjs / 10 < floor else 'above'} the floor's {floor * 1000:,.0f} ms"
                )

        if wanted("mixed-json"):
            directory = str(mixed / "json")
            scenario(
                f"10,000 mixed JSON ({len(json_kinds)} kinds)",
                10_000,
                {
                    "goalkeeper": [[*gk, directory]],
                    "base": [[*python, "-c", JSON_FLOOR, directory]],
                },
                "json.loads",
                within(2.0, "within"),
            )

        for name, label, invalid_share, target in (
            ("pulse-rules", "2,000 Pulse goal rules, 5% invalid", None, 2.5),
            ("pulse-rules-invalid", "2,000 Pulse goal rules, 80% invalid", 0.8, 3.5),
        ):
            if not wanted(name):
                continue
            corpus = ensure_corpus(
                root / name, {"xml": 2_000}, {"xml": ["pulse/goal-rules"]}, invalid_share
            )
            directory = str(corpus / "xml")
            scenario(
                label,
                2_000,
                {
                    "goalkeeper": [[*gk, directory]],
                    "base": [[*python, "-c", XML_FLOOR, directory]],
                },
                "lxml parse",
                within(target, "within"),
            )

        if wanted("cross-file"):
            codes = cross_file_codes()
            if not codes:
                notes.append("cross-file: not measured (this build has no cross-file stage)")
            else:
                directory = str(mixed / "json")
                scenario(
                    "cross-file stage (10,000 mixed)",
                    10_000,
                    {
                        "goalkeeper": [[*gk, directory]],
                        "base": [[*gk, "--ignore", ",".join(codes), directory]],
                    },
                    "without it",
                    within(1.1, "adds under 10%: within"),
                )

        if wanted("fix") or wanted("baseline"):
            fixed = work / "fixed"
            shutil.copytree(mixed / "json", fixed)
            has_fix = "--fix" in options
            has_baseline = "--baseline" in options and "--write-baseline" in options
            if has_fix:  # fix once, so that the measured runs find nothing to fix
                subprocess.run([*gk, "--fix", str(fixed)], env=CHILD_ENV, capture_output=True)
            for name, present, extra in (
                ("fix", has_fix, ["--fix"]),
                ("baseline", has_baseline, ["--baseline", str(work / "baseline.json")]),
            ):
                if not wanted(name):
                    continue
                if not present:
                    notes.append(f"{name}: not measured (this build has no --{name})")
                    continue
                if name == "baseline":
                    subprocess.run(
                        [*gk, "--write-baseline", str(work / "baseline.json"), str(fixed)],
                        env=CHILD_ENV,
                        capture_output=True,
                    )
                scenario(
                    f"{extra[0]} (10,000 mixed{', nothing to fix' if name == 'fix' else ''})",
                    10_000,
                    {"goalkeeper": [[*gk, *extra, str(fixed)]], "base": [[*gk, str(fixed)]]},
                    "without it",
                    within(1.1, "adds under 10%: within"),
                )

        if wanted("scale"):
            step = 10_000 if arguments.quick else 25_000
            corpus = ensure_corpus(
                root / ("scale-quick" if arguments.quick else "scale"),
                {"json": step * 4 * 4 // 5, "xml": step * 4 // 5},
                parts=4,
            )
            sizes = {step: [0], 2 * step: [0, 1], 4 * step: [0, 1, 2, 3]}
            commands = {
                f"{size:,}": [[*gk, *(str(corpus / f"part-{p}") for p in parts)]]
                for size, parts in sizes.items()
            }
            print("measuring scale ...", file=sys.stderr)
            measured = measure_together(commands, max(1, min(runs, 3)))
            points = [(size, measured[f"{size:,}"]) for size in sizes]
            xs = [size for size, _ in points]
            ys = [m.wall for _, m in points]
            slope, intercept = fit(xs, ys)
            worst = max(abs(y - (intercept + slope * x)) / y for x, y in zip(xs, ys, strict=True))
            peak = max(m.peak_mb for _, m in points)
            for size, m in points:
                rows.append(
                    Row(
                        f"{size:,} files, every kind",
                        size,
                        m,
                        None,
                        "",
                        None,
                        [("peak memory under 150 MB", m.peak_mb < 150)]
                        + ([("wall linear in files", worst <= 0.1)] if size == xs[-1] else []),
                    )
                )
            cpu_slope, cpu_intercept = fit(xs, [m.cpu for _, m in points])
            cpu_worst = max(
                abs(m.cpu - (cpu_intercept + cpu_slope * x)) / m.cpu
                for x, (_, m) in zip(xs, points, strict=True)
            )
            notes.append(
                f"scale: wall = {intercept * 1000:.0f} ms + {slope * 1e6:.1f} us/file "
                f"(least squares over {', '.join(f'{x:,}' for x in xs)} files; largest "
                f"deviation from the line {worst:.1%}); CPU = {cpu_intercept * 1000:.0f} ms + "
                f"{cpu_slope * 1e6:.1f} us/file (largest deviation {cpu_worst:.1%}); peak "
                f"memory {peak:.1f} MB"
            )

        if wanted("version"):
            scenario(
                "--version",
                0,
                {"goalkeeper": [[*gk_bin, "--version"]], "base": [[*python, "-c", "pass"]]},
                "python -c pass",
                lambda m: [],
            )

    print_table(rows, runs, tool is not None)
    for note in notes:
        print(note)
    verdicts = [(row.scenario, name, ok) for row in rows for name, ok in row.verdicts]
    missed = [f"{s}: {n}" for s, n, ok in verdicts if ok is False]
    unmeasured = [f"{s}: {n}" for s, n, ok in verdicts if ok is None]
    print(f"targets met: {sum(ok is True for _, _, ok in verdicts)} of {len(verdicts)}")
    if missed:
        print("targets missed: " + "; ".join(missed))
    if unmeasured:
        print("not measured: " + "; ".join(unmeasured))
    return 1 if missed else 0


def fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least-squares slope and intercept."""
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    return slope, mean_y - slope * mean_x


def machine_line(runs: int) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}; load average "
        f"{load:.1f} at the end; median of {runs} runs; ratios: medians of run-by-run ratios"
    )


def print_table(rows: list[Row], runs: int, with_cjs: bool) -> None:
    print("\n" + machine_line(runs) + "\n")
    header = ["scenario", "goalkeeper", "cpu", "files/s", "peak MB", "against", "x", "x cpu"]
    if with_cjs:
        header += ["check-jsonschema", "gk/cjs"]
    header += ["targets"]
    lines = [header]
    for row in rows:
        g = row.goalkeeper
        cells = [
            row.scenario,
            f"{g.wall * 1000:,.0f} ms",
            f"{g.cpu * 1000:,.0f} ms",
            f"{row.files / g.wall:,.0f}" if row.files > 1 else "-",
            f"{g.peak_mb:.1f}",
        ]
        if row.base:
            cells += [
                f"{row.base.wall * 1000:,.0f} ms ({row.base_name})",
                f"{paired(g, row.base):.2f}",
                f"{paired(g, row.base, cpu=True):.2f}",
            ]
        else:
            cells += ["-", "-", "-"]
        if with_cjs:
            cells += (
                [f"{row.cjs.wall * 1000:,.0f} ms", f"{paired(g, row.cjs):.2f}"]
                if row.cjs
                else ["-", "-"]
            )
        cells.append(
            "; ".join(
                f"{name}: {'met' if ok else 'not measured' if ok is None else 'NOT MET'}"
                for name, ok in row.verdicts
            )
            or "-"
        )
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


if __name__ == "__main__":
    sys.exit(main())
