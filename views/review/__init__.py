"""The Review tab: the monthly review of the selected unit, with its PDF."""

from views.review.view import ReviewView

__all__ = ["ReviewView"]
