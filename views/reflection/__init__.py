"""The Reflection tab: the year-end reflection (hansei), unit by unit."""

from views.reflection.view import ReflectionView

__all__ = ["ReflectionView"]
