"""``hoshin settings``: read or change the plan's settings (DESIGN §6b's due-date rules and
holidays among them).

    hoshin settings PATH                       # every setting with its value
    hoshin settings PATH --set holidays=2026-12-24,2026-12-25 --set escalate_after=2

A list is given comma-separated; a number as digits. Each change is an undoable edit.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from hoshin.cli.common import open_plan
from hoshin.model.errors import ValidationError
from hoshin.model.plan_settings import OPTIONS, PlanSettings, check_range
from hoshin.operations import SetSetting
from hoshin.rules.due_dates import parse_holidays


def register(sub: Any) -> None:
    p = sub.add_parser("settings", help="the plan's settings: show them, or --set KEY=VALUE")
    p.add_argument("path", metavar="PATH")
    p.add_argument(
        "--set",
        dest="changes",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change a setting (repeatable); lists comma-separated",
    )
    p.add_argument("--json", action="store_true", help="the settings as JSON")
    p.set_defaults(run=_settings)


def parse(key: str, text: str) -> Any:
    """A setting's value from the command line, by the kind of its default."""
    if key not in OPTIONS:
        known = ", ".join(sorted(OPTIONS))
        raise ValidationError(f"There is no plan setting {key!r}; the settings are: {known}.")
    default = OPTIONS[key].default
    if isinstance(default, bool | dict):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise ValidationError(f"{key} takes JSON, not {text!r}.") from None
    if isinstance(default, int):
        try:
            value = int(text)
        except ValueError:
            raise ValidationError(f"{key} takes a whole number, not {text!r}.") from None
        if value < 0:
            raise ValidationError(f"{key} cannot be negative.")
        check_range(key, value)  # here too, before any of several changes is written
        return value
    if isinstance(default, list):
        parts = [part.strip() for part in text.split(",") if part.strip()]
        if key == "holidays":  # refused here, before any of several changes is written
            parse_holidays(parts)
        return parts
    return text


def _settings(args: argparse.Namespace) -> int:
    changes = []
    for item in args.changes:
        key, sep, text = item.partition("=")
        if not sep:
            raise ValidationError(f"Give --set KEY=VALUE, not {item!r}.")
        changes.append(SetSetting(key.strip(), parse(key.strip(), text.strip())))
    with open_plan(args.path) as plan:
        for op in changes:  # each checked before any is written
            plan.execute(op)
        with plan.session() as s:
            values = PlanSettings.load(s).values
    if args.json:
        print(json.dumps(values, ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    if changes:  # a change says in one line what it did, as every other command does
        said = "; ".join(f"{op.key} = {_shown(values[op.key])}" for op in changes)
        print(f"Settings: {said}")
        return 0
    for key, option in OPTIONS.items():
        print(f"{key} = {_shown(values[key])}    ({option.label})")
    return 0


def _shown(value: Any) -> Any:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else value
