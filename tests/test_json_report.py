"""The JSON report is written exactly as ``json.dumps(indent=2)`` would write it."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from goalkeeper.reporters.json_report import dumps_indented

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=25,
)


@given(_values)
def test_the_layout_is_the_standard_librarys(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_a_report_shape() -> None:
    report = {
        "tool": "goalkeeper",
        "summary": {"error": 1, "warning": 0},
        "diagnostics": [
            {"code": "CT101", "message": 'a "quoted"\nline ü', "line": 3, "hint": None},
            {"code": "CT102", "column": 1.5, "ok": True},
        ],
        "skipped": [],
        "files": [{}, {"path": "a", "nested": {"x": [1, [2, {}]]}}],
    }
    assert dumps_indented(report) == json.dumps(report, indent=2, ensure_ascii=False)
