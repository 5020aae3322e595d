"""The Organisation dialog: units, people, roles and functions, built in the app."""

from __future__ import annotations

from views.organisation.dialog import OrganisationDialog

__all__ = ["OrganisationDialog"]
