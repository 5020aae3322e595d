"""The Strategy tab: the selected unit's "served by" tree, with line-of-sight highlighting."""

from __future__ import annotations

from views.strategy_tree.model import StrategyModel
from views.strategy_tree.view import StrategyView

__all__ = ["StrategyModel", "StrategyView"]
