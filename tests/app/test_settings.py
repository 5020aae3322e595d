"""The user's own settings: declared once, versioned, and kept apart from the plan's."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app.settings import MAX_RECENT, OPTIONS, VERSION, AppSettings


def test_every_option_reads_its_default_from_an_empty_file(settings: AppSettings) -> None:
    for key, option in OPTIONS.items():
        assert settings.get(key) == option.default


def test_a_new_file_is_stamped_with_the_current_version(tmp_path: Path) -> None:
    qs = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    AppSettings(qs)
    assert int(qs.value("version")) == VERSION


def test_recent_plans_are_most_recent_first_without_repeats_and_at_most_ten(
    settings: AppSettings,
) -> None:
    for n in range(12):
        settings.add_recent(f"/plans/{n}.hoshin")
    settings.add_recent("/plans/5.hoshin")
    recent = settings.recent_plans()
    assert recent[0] == "/plans/5.hoshin"
    assert len(recent) == MAX_RECENT
    assert recent.count("/plans/5.hoshin") == 1
    assert settings.get("files/last") == "/plans/5.hoshin"


def test_a_one_item_list_survives_the_ini_file(tmp_path: Path) -> None:
    path = str(tmp_path / "one.ini")
    first = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    first.add_recent("/plans/only.hoshin")
    first.sync()
    again = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert again.recent_plans() == ["/plans/only.hoshin"]


def test_an_old_file_is_upgraded_and_keeps_the_users_recent_plans(tmp_path: Path) -> None:
    path = str(tmp_path / "old.ini")
    old = QSettings(path, QSettings.Format.IniFormat)
    old.setValue("recent", "/a.hoshin|/b.hoshin")
    old.sync()
    upgraded = AppSettings(QSettings(path, QSettings.Format.IniFormat))
    assert upgraded.recent_plans() == ["/a.hoshin", "/b.hoshin"]
    assert not upgraded.qs.contains("recent")


def test_the_current_person_is_remembered_per_plan(settings: AppSettings) -> None:
    settings.set_person_for("/a.hoshin", "P-3")
    settings.set_person_for("/b.hoshin", "P-7")
    assert settings.person_for("/a.hoshin") == "P-3"
    assert settings.person_for("/b.hoshin") == "P-7"
    settings.set_person_for("/a.hoshin", None)
    assert settings.person_for("/a.hoshin") is None


def test_a_damaged_value_falls_back_to_the_default(settings: AppSettings) -> None:
    settings.qs.setValue("files/recent", "{not json")
    assert settings.get("files/recent") == []
    settings.qs.setValue("people/current", json.dumps(["not", "a", "dict"]))
    assert settings.get("people/current") == {}


def test_window_state_round_trips_as_bytes(settings: AppSettings) -> None:
    settings.set("window/state", QByteArray(b"\x00\x01state"))
    assert bytes(settings.get("window/state").data()) == b"\x00\x01state"


def test_a_database_url_is_remembered_without_its_password(
    settings: AppSettings, tmp_path: Path
) -> None:
    url = "postgresql+psycopg://ann:s3cret@db.example.com:5433/strategy"
    settings.add_recent(url)
    settings.set_person_for(url, "P-2")
    settings.sync()
    bare = "postgresql+psycopg://ann@db.example.com:5433/strategy"
    assert settings.recent_plans() == [bare]
    assert settings.get("files/last") == bare
    assert settings.person_for(url) == settings.person_for(bare) == "P-2"
    assert "s3cret" not in (tmp_path / "hoshin.ini").read_text(encoding="utf-8")


def test_an_older_file_forgets_the_passwords_it_held(tmp_path: Path) -> None:
    path = tmp_path / "v1.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    url = "postgresql+psycopg://ann:s3cret@db.example.com/strategy"
    old.setValue("version", 1)
    old.setValue("files/recent", json.dumps([url, "/a.hoshin"]))
    old.setValue("files/last", url)
    old.setValue("people/current", json.dumps({url: "P-2"}))
    old.sync()
    upgraded = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    upgraded.sync()
    bare = "postgresql+psycopg://ann@db.example.com/strategy"
    assert upgraded.recent_plans() == [bare, "/a.hoshin"]
    assert upgraded.get("files/last") == bare
    assert upgraded.person_for(bare) == "P-2"
    assert "s3cret" not in path.read_text(encoding="utf-8")
