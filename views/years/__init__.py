"""The plan's years: the selector of the year shown."""

from views.years.selector import YearSelector

__all__ = ["YearSelector"]
