"""Scaling benchmark: one payload of each kind at 1x, 10x and 100x its usual size.

    python benchmarks/scaling.py [--factors 1,10,100] [--adversarial]

For every registered kind, the largest valid fixture under tests/fixtures/<kind>/valid/
is grown by repeating its repeatable parts (every JSON array's items; every child of the
XML root). Each size is checked in-process (the best of three runs) and with tracemalloc
for the peak of Python memory. The table prints time and peak memory per size and the
growth of the time against the growth of the input from the previous size ("x prev",
time ratio/size ratio): a linear stage keeps the two close; a super-linear one shows up as a
time ratio far above the size ratio. Peak memory is also given per input byte.

Above 2,048 values an invalid JSON document is explained by the reference engine
(jsonschema, whose errors come one at a time) instead of jsonschema_rs (which builds every
error first): that switch, not a super-linear stage, is the step between 10x and 100x
of a large invalid JSON payload.

``--adversarial`` adds the inputs that were quadratic once (SPEC §10): a goal type with
thousands of agents and one repeated, a goal with thousands of unknown elements, rules
with thousands of frequency caps or time windows, and an unterminated string of escaped
quotes under many brackets.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import goalkeeper  # noqa: E402
from goalkeeper import registry  # noqa: E402


def fixtures(kind: str) -> list[bytes]:
    directory = ROOT / "tests" / "fixtures" / kind / "valid"
    if not directory.is_dir():
        return []
    return [path.read_bytes() for path in sorted(directory.iterdir()) if path.is_file()]


def _grow_json(data: Any, factor: int) -> Any:
    """Every array's items repeated ``factor`` times (strings made distinct)."""
    if isinstance(data, dict):
        return {key: _grow_json(value, factor) for key, value in data.items()}
    if isinstance(data, list):
        grown = []
        for copy in range(factor):
            for item in data:
                if isinstance(item, str) and copy:
                    grown.append(f"{item}-{copy}")
                else:
                    grown.append(_grow_json(item, 1) if copy else _grow_json(item, factor))
        return grown
    return data


def _grow_xml(text: str, factor: int) -> str:
    """Every child of the root repeated ``factor`` times."""
    from lxml import etree

    root = etree.fromstring(text.encode("utf-8"))
    children = list(root)
    for _ in range(factor - 1):
        for child in children:
            root.append(etree.fromstring(etree.tostring(child)))
    return etree.tostring(root, encoding="unicode")


def _grow(kind: str, raw: bytes, factor: int) -> str:
    text = raw.decode("utf-8-sig")
    if registry.KINDS_BY_NAME[kind].format == "xml":
        return _grow_xml(text, factor)
    return json.dumps(_grow_json(json.loads(text), factor), indent=2)


def grown(kind: str, factor: int) -> str | None:
    """The valid fixture with the most to repeat, grown ``factor`` times."""
    candidates = fixtures(kind)
    if not candidates:
        return None
    raw = max(candidates, key=lambda raw: len(_grow(kind, raw, 10)) - len(raw))
    return _grow(kind, raw, factor)


def measure(payload: str, kind: str | None) -> tuple[float, int, int]:
    """(best CPU seconds of three, peak traced bytes, diagnostics)."""
    goalkeeper.check(payload, kind=kind)  # warm: imports, compiled schemas
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        report = goalkeeper.check(payload, kind=kind)
        best = min(best, time.process_time() - start)
    tracemalloc.start()
    goalkeeper.check(payload, kind=kind)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak, len(report.diagnostics)


def adversarial() -> list[tuple[str, str | None, Callable[[int], str], int]]:
    from robustness_inputs import (
        goal_type_with_agents,
        goal_with_unknown_elements,
        json_with_escaped_quotes,
        rules_with_caps,
        rules_with_windows,
    )

    return [
        ("agents, one repeated", None, goal_type_with_agents, 160),
        ("unknown elements", "pulse/goal", goal_with_unknown_elements, 640),
        ("frequency caps", "pulse/goal-rules", rules_with_caps, 160),
        ("time windows", "pulse/goal-rules", rules_with_windows, 160),
        ("escaped quotes", None, json_with_escaped_quotes, 1000),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--adversarial", action="store_true")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]

    rows: list[tuple[str, int, int, float, int, int]] = []
    for kind in registry.KINDS:
        for factor in factors:
            payload = grown(kind.name, factor)
            if payload is None:
                continue
            seconds, peak, found = measure(payload, kind.name)
            rows.append((kind.name, factor, len(payload.encode("utf-8")), seconds, peak, found))
    if args.adversarial:
        for name, kind, make, base in adversarial():
            for factor in factors:
                payload = make(base * factor)
                seconds, peak, found = measure(payload, kind)
                rows.append((name, factor, len(payload.encode("utf-8")), seconds, peak, found))

    print(
        f"{'payload':28} {'size':>5} {'bytes':>11} {'ms':>9} {'x prev':>7} "
        f"{'peak KiB':>10} {'peak/byte':>9} {'findings':>8}"
    )
    previous: dict[str, tuple[int, float]] = {}
    for name, factor, size, seconds, peak, found in rows:
        # time growth against the previous size, next to the size growth
        before = previous.get(name)
        growth = f"{seconds / max(before[1], 1e-6):.1f}/{size / before[0]:.0f}" if before else "-"
        previous[name] = (size, seconds)
        print(
            f"{name:28} {factor:>4}x {size:>11,} {seconds * 1000:>9.2f} "
            f"{growth:>7} {peak / 1024:>10,.0f} {peak / size:>9.1f} {found:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
