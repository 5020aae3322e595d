"""The Health tab: the deployment's health (DESIGN §6) for the selected unit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from views.health.view import HealthView

__all__ = ["HealthView"]


def __getattr__(name: str) -> Any:
    # The view (and QtCharts with it) loads when the tab is first shown, not with the
    # Sustainment dock that shares this package.
    if name == "HealthView":
        from views.health.view import HealthView

        return HealthView
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
