"""Reading a saved transforms-options response (seed 001) in each shape users save it."""

from __future__ import annotations

from typing import Any

import pytest

from goalkeeper.validators.conductrics.options import OptionsError, parse_options

PROVIDERS = [
    {"code": "geoCity", "providesFeatures": False},
    {"code": "geoContinent", "providesFeatures": True},
    {"code": "uaIsMobile", "providesFeatures": "true"},  # not the boolean: no features
]
OPERATORS = [{"code": "eq", "name": "is"}, {"code": "neq", "name": "is not"}]
BARE = {"providers": PROVIDERS, "operators": OPERATORS}


@pytest.mark.parametrize(
    "saved",
    [
        {"status": 200, "data": {"options": BARE}},
        {"data": {"options": BARE}},
        {"data": BARE},
        {"options": BARE},
        BARE,
    ],
    ids=["full-response", "data-options", "data-only", "options-only", "bare"],
)
def test_every_envelope_gives_the_same_lists(saved: Any) -> None:
    options = parse_options(saved, "options.json")
    assert options.sources == {"geoCity", "geoContinent", "uaIsMobile"}
    assert options.feature_sources == {"geoContinent"}
    assert options.operators == {"eq", "neq"}
    assert options.origin == "options.json"


@pytest.mark.parametrize(
    ("saved", "named"),
    [
        ({"data": {"options": {"providers": PROVIDERS}}}, '"operators" as an array'),
        ({"data": {"options": {"operators": OPERATORS}}}, '"providers" as an array'),
        ({"data": {"options": {}}}, '"providers" and "operators" as arrays'),
        ({"providers": PROVIDERS, "operators": {"eq": "is"}}, '"operators" as an array'),
        (
            {"providers": [{"name": "x"}], "operators": OPERATORS},
            'providers[0] has no string "code"',
        ),
        ({"providers": PROVIDERS, "operators": ["eq"]}, 'operators[0] has no string "code"'),
        (["eq"], "an object"),
    ],
)
def test_a_missing_or_broken_list_is_named(saved: Any, named: str) -> None:
    with pytest.raises(OptionsError, match=named.replace("[", r"\[").replace("]", r"\]")):
        parse_options(saved, "options.json")
