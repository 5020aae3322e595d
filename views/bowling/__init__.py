"""The Bowling chart tab: plan against actual per target and month (DESIGN §1 point 6)."""

from views.bowling.model import BowlingModel
from views.bowling.view import BowlingView

__all__ = ["BowlingModel", "BowlingView"]
