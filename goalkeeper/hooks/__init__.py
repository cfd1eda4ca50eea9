"""Integrations that run goalkeeper inside other tools.

The HTTP client guards (an httpx event hook and a requests adapter around
:func:`goalkeeper.check_request`) and the pre-commit entry points live here as they land.
"""
