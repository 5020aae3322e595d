"""Hoshin: the Qt-free core of the strategy-deployment application.

The whole strategy of one organisation is one plan: a directed graph of objectives,
priorities, targets and kaizens owned by organisation units, stored in one database.
"""

from __future__ import annotations

__version__ = "0.1.0"
