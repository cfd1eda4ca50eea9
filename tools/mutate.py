"""Mutation testing for the vendor rule modules: do the tests notice a one-point change?

A developer tool, not part of CI (a full run takes minutes). Each mutant changes one
place in one rule module, the way a slip of the keyboard would:

* ``compare``  a comparison flipped: ``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``,
  ``in`` ↔ ``not in``, ``is`` ↔ ``is not``;
* ``constant`` an integer constant moved by one (``59`` → ``60`` and ``58``);
* ``boolop``   ``and`` ↔ ``or``;
* ``negate``   the condition of an ``if`` (or a conditional expression) negated;
* ``drop``     a ``yield`` of a finding removed (the rule stays silent there).

Every mutant runs in a scratch copy of the repository against the tests of its vendor
(``tests/test_fixtures.py`` filtered by vendor, ``tests/validators``, and the API and
checker tests), stopping at the first failure. A mutant is *killed* when a test fails
or the run exceeds the time limit, and *survives* when every test passes (a mutant whose
module changed after the mutants were listed is *stale* and not counted). Survivors are
printed with their place and change; read each one: it is either a gap in the tests or
an equivalent mutant (a change no input can observe), and the kill rate that matters is
killed / (mutants - equivalent ones).

    python tools/mutate.py --list                       # count the mutation sites
    python tools/mutate.py --sample 80 --seed 12        # a reproducible sample
    python tools/mutate.py --module goalkeeper.validators.pulse.caps   # one module, all
    python tools/mutate.py --vendor conductrics --jobs 2
    python tools/mutate.py --match "caps.py:150"                       # one place

Run it from the repository root, in the development environment (``pip install -e
'.[test,dev]'``).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
VENDORS = ("conductrics", "pulse")

_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


class Mutant(NamedTuple):
    module: str  # dotted name
    path: Path  # relative to the repository root
    kind: str
    line: int
    nth: int  # which mutation of that kind on that line
    description: str

    @property
    def label(self) -> str:
        nth = f" #{self.nth + 1}" if self.nth else ""
        return f"{self.path}:{self.line} {self.kind}{nth}: {self.description}"


def rule_modules(vendors: tuple[str, ...]) -> list[str]:
    sys.path.insert(0, str(ROOT))
    names: list[str] = []
    for vendor in vendors:
        package = importlib.import_module(f"goalkeeper.validators.{vendor}")
        names.extend(package.RULE_MODULES)
    return names


def _module_path(module: str) -> Path:
    return Path(*module.split(".")).with_suffix(".py")


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """Nodes no mutant should touch: rule declarations (@rule(...) arguments: code, title,
    severity, kinds) and docstrings, which the registry tests cover on their own."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                skip.update(id(n) for n in ast.walk(decorator))
    return skip


def _sites(tree: ast.Module) -> Iterator[tuple[str, ast.AST, int, str]]:
    """(kind, node, option, description) for every mutation the tree allows."""
    skip = _skipped_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                flipped = _FLIPS.get(type(op))
                if flipped is not None:
                    yield (
                        "compare",
                        node,
                        position,
                        f"{type(op).__name__} -> {flipped.__name__}",
                    )
        elif (
            isinstance(node, ast.Constant)
            and type(node.value) is int
            and not isinstance(node.value, bool)
        ):
            yield "constant", node, +1, f"{node.value} -> {node.value + 1}"
            yield "constant", node, -1, f"{node.value} -> {node.value - 1}"
        elif isinstance(node, ast.BoolOp):
            other = "or" if isinstance(node.op, ast.And) else "and"
            yield "boolop", node, 0, f"{'and' if other == 'or' else 'or'} -> {other}"
        elif isinstance(node, (ast.If, ast.IfExp, ast.While)):
            yield "negate", node, 0, "condition negated"
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, (ast.Yield, ast.YieldFrom))
            and node.value.value is not None
        ):
            yield "drop", node, 0, "yield removed"


def mutants_of(module: str) -> list[Mutant]:
    path = _module_path(module)
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found = []
    counts: dict[tuple[str, int], int] = {}
    for kind, node, _option, description in _sites(tree):
        line = getattr(node, "lineno", 0)
        index = counts.get((kind, line), 0)
        counts[(kind, line)] = index + 1
        found.append(Mutant(module, path, kind, line, index, description))
    return found


def apply(mutant: Mutant, source: str) -> str:
    """The module's source with the one change the mutant names."""
    tree = ast.parse(source)
    seen: dict[tuple[str, int], int] = {}
    for kind, node, option, _description in list(_sites(tree)):
        line = getattr(node, "lineno", 0)
        index = seen.get((kind, line), 0)
        seen[(kind, line)] = index + 1
        if (kind, line, index) != (mutant.kind, mutant.line, mutant.nth):
            continue
        if kind == "compare":
            assert isinstance(node, ast.Compare)
            node.ops[option] = _FLIPS[type(node.ops[option])]()
        elif kind == "constant":
            assert isinstance(node, ast.Constant) and isinstance(node.value, int)
            node.value = node.value + option
        elif kind == "boolop":
            assert isinstance(node, ast.BoolOp)
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        elif kind == "negate":
            assert isinstance(node, (ast.If, ast.IfExp, ast.While))
            node.test = ast.UnaryOp(op=ast.Not(), operand=node.test)
        elif kind == "drop":  # still a generator: yield from ()
            assert isinstance(node, ast.Expr)
            node.value = ast.YieldFrom(value=ast.Tuple(elts=[], ctx=ast.Load()))
        return ast.unparse(ast.fix_missing_locations(tree))
    raise LookupError(f"no mutation site for {mutant.label}")


def _tests_for(vendor: str) -> list[str]:
    return [
        "tests/test_fixtures.py",
        "-k",
        vendor,
        "tests/validators",
        "tests/test_api.py",
    ]


def run(mutant: Mutant, timeout: float) -> tuple[Mutant, str, float]:
    """'killed', 'survived' or 'timeout' for one mutant, run in a scratch copy."""
    vendor = mutant.module.split(".")[2]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="goalkeeper-mutant-") as scratch:
        copy = Path(scratch) / "repo"
        shutil.copytree(ROOT / "goalkeeper", copy / "goalkeeper")
        shutil.copytree(ROOT / "tests", copy / "tests")
        shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
        target = copy / mutant.path
        try:
            mutated = apply(mutant, target.read_text(encoding="utf-8"))
        except LookupError:  # the module changed since the mutants were listed
            return mutant, "stale", time.perf_counter() - started
        target.write_text(mutated, encoding="utf-8")
        environment = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
        try:
            done = subprocess.run(
                [*command, *_tests_for(vendor)],
                cwd=copy,
                env=environment,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return mutant, "timeout", time.perf_counter() - started
    outcome = "survived" if done.returncode == 0 else "killed"
    if done.returncode not in (0, 1):  # 2-5: pytest could not even run: a broken mutant
        outcome = "killed"
    return mutant, outcome, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--vendor", action="append", help="a vendor package (default: conductrics and pulse)"
    )
    parser.add_argument("--module", action="append", help="a dotted rule module name")
    parser.add_argument("--match", action="append", help="only mutants whose label has this")
    parser.add_argument("--sample", type=int, help="run this many mutants, drawn at random")
    parser.add_argument("--seed", type=int, default=0, help="the sample's random seed")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per mutant")
    parser.add_argument("--list", action="store_true", help="count the sites and stop")
    args = parser.parse_args(argv)

    modules = args.module or rule_modules(tuple(args.vendor or VENDORS))
    # dict.fromkeys: one mutant per place and change (ast.walk can meet an f-string's
    # expression twice), in a stable order.
    mutants = list(dict.fromkeys(m for module in modules for m in mutants_of(module)))
    if args.match:
        mutants = [m for m in mutants if any(text in m.label for text in args.match)]
    if args.list:
        for module in modules:
            print(f"{sum(m.module == module for m in mutants):5d}  {module}")
        print(f"{len(mutants):5d}  mutants in {len(modules)} modules")
        return 0
    if args.sample is not None and args.sample < len(mutants):
        mutants = random.Random(args.seed).sample(mutants, args.sample)
    print(f"running {len(mutants)} mutants", flush=True)
    results = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for mutant, outcome, seconds in pool.map(lambda m: run(m, args.timeout), mutants):
            results.append((mutant, outcome))
            print(f"{outcome:8}  {seconds:5.1f}s  {mutant.label}", flush=True)
    results = [(mutant, outcome) for mutant, outcome in results if outcome != "stale"]
    killed = sum(outcome != "survived" for _mutant, outcome in results)
    print(f"\nkilled {killed} of {len(results)} ({100 * killed / max(1, len(results)):.1f}%)")
    survivors = [mutant for mutant, outcome in results if outcome == "survived"]
    if survivors:
        print("survivors (a gap in the tests, or an equivalent mutant):")
        for mutant in survivors:
            print(f"  {mutant.label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
