"""Small helpers of the X-matrix tests: the units by code (the suite's one helper) and codes."""

from __future__ import annotations

from tests.conftest import unit_id

__all__ = ["codes", "unit_id"]


def codes(items: tuple) -> list[str]:
    return [i.code for i in items]
