"""The Huddle tab: a unit's daily board (targets strip, problems, routines), wall mode."""

from views.huddle.view import HuddleView

__all__ = ["HuddleView"]
