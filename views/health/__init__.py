"""The Health tab: the deployment's health (DESIGN §6) for the selected unit."""

from views.health.view import HealthView

__all__ = ["HealthView"]
