"""Kind detection never guesses; endpoints match any host and path prefix."""

from __future__ import annotations

from typing import Any

import pytest

from goalkeeper import registry
from goalkeeper.diagnostics import Finding
from goalkeeper.kinds import Endpoint, Kind, detect
from goalkeeper.load.json_document import JsonDocument


def _kind(name: str, keys: tuple[str, ...], outranks: tuple[str, ...] = ()) -> Kind:
    return Kind(
        name=name,
        vendor="conductrics",
        format="json",
        ops=("create",),
        schema="",
        title=name,
        signature=lambda data: any(k in data for k in keys),
        signature_text="",
        infer_op=lambda data: "create",
        outranks=outranks,
    )


def _detect(data: Any, kinds: Any = registry.KINDS) -> Kind | Finding:
    return detect(JsonDocument(data, None), kinds)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"code": "g", "agents": []}, "conductrics/goal-type"),
        ({"code": "g", "countMax": 2}, "conductrics/goal-type"),
        ({"code": "r", "when": []}, "conductrics/targeting-rule"),
        ({"apply": {}}, "conductrics/targeting-rule"),
        # A targeting rule's when/apply settle it before a goal type's code + name.
        ({"code": "r", "name": "n", "apply": {}}, "conductrics/targeting-rule"),
    ],
)
def test_detection(data: Any, kind: str) -> None:
    detected = _detect(data)
    assert isinstance(detected, Kind) and detected.name == kind


def test_no_signature_is_gk401_with_a_hint_for_partial_updates() -> None:
    detected = _detect({"name": "My New Name"})
    assert isinstance(detected, Finding) and detected.code == "GK401"
    assert "--op update" in (detected.hint or "")


def test_two_signatures_without_precedence_are_gk402() -> None:
    kinds = (_kind("x/a", ("alpha",)), _kind("x/b", ("beta",)))
    detected = _detect({"alpha": 1, "beta": 2}, kinds)
    assert isinstance(detected, Finding) and detected.code == "GK402"
    assert "x/a and x/b" in detected.message


def test_outranking_settles_two_signatures() -> None:
    kinds = (_kind("x/a", ("alpha",)), _kind("x/b", ("beta",), outranks=("x/a",)))
    detected = _detect({"alpha": 1, "beta": 2}, kinds)
    assert isinstance(detected, Kind) and detected.name == "x/b"


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("PUT", "/admin/acc-1/goals/goal/g-1", {"account": "acc-1", "code": "g-1"}),
        ("put", "/private/prefix/admin/acc-1/goals/goal/g-1/", {"account": "acc-1", "code": "g-1"}),
        ("GET", "/admin/acc-1/goals/goal/g-1", None),
        ("PUT", "/admin/acc-1/goals/goal", None),
        ("PUT", "/admin/acc-1/goals/goal/g-1/extra", None),
    ],
)
def test_endpoint_matching(method: str, path: str, params: dict[str, str] | None) -> None:
    endpoint = Endpoint("PUT", "/admin/{account}/goals/goal/{code}")
    assert endpoint.match(method, path) == params
