"""Plan-wide settings, each declared once with its default (Picard's options.py habit).

These travel with the plan (every user of a shared plan sees the same symbols and
thresholds). Per-user settings such as the current person live in the app's QSettings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import DEFAULT_LEVELS, DEFAULT_SYMBOLS, Strength


@dataclass(frozen=True)
class Option:
    key: str
    default: Any
    label: str


OPTIONS: dict[str, Option] = {
    o.key: o
    for o in (
        Option("org_name", "", "Organisation"),
        Option("symbols", {s.value: sym for s, sym in DEFAULT_SYMBOLS.items()}, "Symbols"),
        Option("max_breakthroughs", 5, "Most breakthrough objectives per unit"),
        Option("max_annual", 8, "Most annual objectives per unit"),
        Option("owner_overload", 5, "Most primary responsibilities per person"),
        Option("level_names", list(DEFAULT_LEVELS), "Level names, top down"),
        Option("window_days", 90, "Health window in days"),
        Option("check_after_days", 30, "Days from done to a kaizen's first sustainment check"),
        Option("a3_after_red_months", 2, "Red months in a row after which a target needs an A3"),
        # Due dates and escalation (hoshin.rules.due_dates): one rule for every obligation.
        Option("holidays", [], "Holidays (not working days)"),
        Option("actual_due_day", 5, "Working day of next month an actual is due"),
        Option(
            "countermeasure_days",
            10,
            "Working days after a red month for a countermeasure",
        ),
        Option("catchball_days", 5, "Working days to answer in catchball"),
        Option(
            "escalate_after",
            3,
            "Working days late before the manager is told",
        ),
        Option(
            "escalate_again",
            5,
            "More working days before the manager above is told",
        ),
        # Reminders (hoshin remind): at most one digest a day, and this many a week.
        Option("reminders_a_week", 3, "Most reminder mails a person gets a week"),
        Option("remind_days_ahead", 3, "Days ahead a reminder tells what falls due"),
    )
}

#: The rhythm's whole numbers, held to what a calendar can use: the due rules to the 1-60
#: working days Settings… offers (0 would read as "never", and a huge count runs the
#: working-day calendar past the year 9999, so every agenda and digest would fail).
RANGES: dict[str, tuple[int, int]] = {
    "actual_due_day": (1, 60),
    "countermeasure_days": (1, 60),
    "catchball_days": (1, 60),
    "escalate_after": (1, 60),
    "escalate_again": (1, 60),
    "reminders_a_week": (0, 7),  # 0: no digests at all
    "remind_days_ahead": (0, 60),
}


def _bounds(key: str, value: Any) -> tuple[int, int] | None:
    """The range a whole-number setting is held to (None: it has none)."""
    if key not in RANGES or isinstance(value, bool) or not isinstance(value, int):
        return None
    return RANGES[key]


def check_range(key: str, value: Any) -> None:
    """Refuse a whole-number setting outside its range, in words."""
    bounds = _bounds(key, value)
    if bounds is not None and not bounds[0] <= value <= bounds[1]:
        low, high = bounds
        raise ValidationError(f"{key} takes a whole number from {low} to {high}, not {value}.")


def _within(key: str, value: Any) -> Any:
    """A stored value held to its range: a plan written before the range was checked (or a
    shared plan changed with plain SQL) reads as the nearest bound instead of failing."""
    bounds = _bounds(key, value)
    return value if bounds is None else min(max(value, bounds[0]), bounds[1])


def encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class PlanSettings:
    values: dict[str, Any]

    @classmethod
    def load(cls, session: Session) -> PlanSettings:
        stored = dict(session.execute(select(e.Setting.key, e.Setting.value)).all())
        values = {key: opt.default for key, opt in OPTIONS.items()}
        for key, raw in stored.items():
            if key in OPTIONS:
                values[key] = _within(key, json.loads(raw))
        return cls(values)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    @property
    def org_name(self) -> str:
        return str(self.values["org_name"])

    def symbol(self, strength: Strength | str | None) -> str:
        if strength is None:
            return ""
        return str(self.values["symbols"].get(str(strength), ""))

    def level_name(self, depth: int) -> str:
        names: list[str] = self.values["level_names"]
        return names[depth] if depth < len(names) else f"Level {depth + 1}"
