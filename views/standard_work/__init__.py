"""My standard work: the current person's routines due, overdue first, answered in a click."""

from views.standard_work.view import StandardWorkView

__all__ = ["StandardWorkView"]
