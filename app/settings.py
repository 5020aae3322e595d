"""The user's own options, each declared once with its default (Picard's options.py habit).

Plan-wide options (symbols, thresholds, level names) travel with the plan in
:mod:`hoshin.model.plan_settings`; what lives here belongs to this user on this machine: who they
are in each plan, which plans they opened, and how they arranged the window. Values are
kept in a QSettings INI file with a ``version`` key; :func:`upgrade` brings an older file up
to date one step at a time, so a key can be renamed without losing what users had.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from app.plans.locations import without_password

#: Written to every settings file; raise it and add a step to UPGRADES to change a key.
VERSION = 3
MAX_RECENT = 10


@dataclass(frozen=True)
class Option:
    """One setting: its QSettings key, its default, and whether it is remembered state.

    ``persist`` options (window layout) are what the app remembers on its own; the others
    are the user's choices. Keeping them apart lets a "reset layout" forget only the former.
    """

    key: str
    default: Any
    persist: bool = False


OPTIONS: dict[str, Option] = {
    o.key: o
    for o in (
        # plan location -> person key: a key such as P-3 means someone else in another plan
        Option("people/current", {}),
        Option("files/recent", []),
        Option("files/last", ""),
        # kaizen board: status value -> folded (True) or opened (False) by the user
        Option("board/folding", {}),
        Option("window/geometry", QByteArray(), persist=True),
        Option("window/state", QByteArray(), persist=True),
    )
}


def open_settings() -> QSettings:
    """The user's settings file (INI, so it can be read and fixed by hand)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Hoshin", "Hoshin")


def _upgrade_from_0(qs: QSettings) -> None:
    # Before versioning, recent plans were one string separated by "|".
    old = qs.value("recent")
    if isinstance(old, str) and old:
        qs.setValue("files/recent", json.dumps([p for p in old.split("|") if p]))
    qs.remove("recent")


def _upgrade_from_1(qs: QSettings) -> None:
    # Version 1 remembered database URLs with their password; forget the passwords.
    try:
        recent = json.loads(str(qs.value("files/recent", "[]")))
        people = json.loads(str(qs.value("people/current", "{}")))
    except ValueError:
        recent, people = [], {}
    if isinstance(recent, list):
        kept = list(dict.fromkeys(without_password(str(p)) for p in recent))
        qs.setValue("files/recent", json.dumps(kept))
    if isinstance(people, dict):
        people = {without_password(str(k)): v for k, v in people.items()}
        qs.setValue("people/current", json.dumps(people))
    last = qs.value("files/last")
    if last:
        qs.setValue("files/last", without_password(str(last)))


#: Step N upgrades a file of version N to version N + 1. Version 2 still kept passwords
#: given as a query parameter (``?password=``): the same step takes those out too.
UPGRADES: dict[int, Callable[[QSettings], None]] = {
    0: _upgrade_from_0,
    1: _upgrade_from_1,
    2: _upgrade_from_1,
}


def upgrade(qs: QSettings) -> None:
    """Run every upgrade step from the file's version up to :data:`VERSION`."""
    try:
        version = int(qs.value("version", 0))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        version = 0
    while version < VERSION:
        step = UPGRADES.get(version)
        if step is not None:
            step(qs)
        version += 1
    qs.setValue("version", VERSION)


class AppSettings:
    """Typed access to :data:`OPTIONS`; lists and dicts are stored as JSON text.

    JSON because INI QSettings gives a one-item list back as a plain string and an empty one
    as nothing at all; text round-trips exactly.
    """

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qs = qsettings if qsettings is not None else open_settings()
        upgrade(self.qs)

    def get(self, key: str) -> Any:
        option = OPTIONS[key]
        raw = self.qs.value(key)
        if raw is None:
            return _copy(option.default)
        if isinstance(option.default, list | dict):
            try:
                value = json.loads(str(raw))
            except ValueError:
                return _copy(option.default)
            return value if isinstance(value, type(option.default)) else _copy(option.default)
        if isinstance(option.default, QByteArray):
            return raw if isinstance(raw, QByteArray) else QByteArray()
        return type(option.default)(raw)

    def set(self, key: str, value: Any) -> None:
        option = OPTIONS[key]
        if isinstance(option.default, list | dict):
            self.qs.setValue(key, json.dumps(value))
        else:
            self.qs.setValue(key, value)

    def sync(self) -> None:
        self.qs.sync()

    # -- the plans this user opened ------------------------------------------------------
    # A database URL is remembered without its password (app.plans.locations): whoever reads
    # the settings file learns where the plan is, not how to get in.

    def recent_plans(self) -> list[str]:
        return [str(p) for p in self.get("files/recent")][:MAX_RECENT]

    def add_recent(self, location: str) -> None:
        """Put a plan first in the recent list and remember it as the one to reopen."""
        location = without_password(location)
        recent = [p for p in self.recent_plans() if p != location]
        self.set("files/recent", [location, *recent][:MAX_RECENT])
        self.set("files/last", location)

    def forget_recent(self, location: str) -> None:
        location = without_password(location)
        self.set("files/recent", [p for p in self.recent_plans() if p != location])
        if self.get("files/last") == location:
            self.set("files/last", "")

    # -- who the user is in each plan ----------------------------------------------------

    def person_for(self, location: str) -> str | None:
        return self.get("people/current").get(without_password(location)) or None

    def set_person_for(self, location: str, key: str | None) -> None:
        people = self.get("people/current")
        location = without_password(location)
        if key:
            people[location] = key
        else:
            people.pop(location, None)
        self.set("people/current", people)


def _copy(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.loads(json.dumps(value))
    if isinstance(value, QByteArray):
        return QByteArray(value)
    return value
