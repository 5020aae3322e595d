""" "My work": what the current person owes (see :mod:`views.my_work.view`)."""

from views.my_work.view import MyWorkView

__all__ = ["MyWorkView"]
