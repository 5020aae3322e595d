"""``python -m app.screenshots``: four pictures of the window, drawn offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app import screenshots

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def test_the_pictures_are_written(demo_path: Path, tmp_path: Path) -> None:
    written = screenshots.render(str(demo_path), str(tmp_path / "shots"))
    names = sorted(p.name for p in written)
    assert names == [
        "board.png", "bowling.png", "editor.png", "health.png", "review.png", "strategy.png",
        "xmatrix.png",
    ]  # fmt: skip
    window = QImage(str(tmp_path / "shots" / "xmatrix.png"))
    assert (window.width(), window.height()) >= screenshots.SIZE
    assert not QImage(str(tmp_path / "shots" / "editor.png")).isNull()


def test_the_organisation_picture_shows_the_dialog_with_roles(
    demo_path: Path, tmp_path: Path
) -> None:
    before = demo_path.read_bytes()
    shot = screenshots.render_organisation(str(demo_path), str(tmp_path / "shots"))
    assert shot.name == "organisation.png"
    picture = QImage(str(shot))
    assert (picture.width(), picture.height()) >= (1000, 600)
    assert demo_path.read_bytes() == before  # roles went to a throwaway copy


def test_the_years_picture_shows_the_closed_year_of_two(demo_path: Path, tmp_path: Path) -> None:
    before = demo_path.read_bytes()
    shot = screenshots.render_years(str(demo_path), str(tmp_path / "shots"))
    assert shot.name == "years.png"
    picture = QImage(str(shot))
    assert (picture.width(), picture.height()) >= screenshots.SIZE
    assert demo_path.read_bytes() == before  # the new year went to a throwaway copy


def test_the_reflection_picture_shows_the_tab_with_reflections_recorded(
    demo_path: Path, tmp_path: Path
) -> None:
    before = demo_path.read_bytes()
    shot = screenshots.render_reflection(str(demo_path), str(tmp_path / "shots"))
    assert shot.name == "reflection.png"
    picture = QImage(str(shot))
    assert (picture.width(), picture.height()) >= screenshots.SIZE
    assert demo_path.read_bytes() == before  # the reflections went to a throwaway copy


def test_the_standard_work_picture_shows_a_leaders_week(demo_path: Path, tmp_path: Path) -> None:
    before = demo_path.read_bytes()
    shot = screenshots.render_standard_work(str(demo_path), str(tmp_path / "shots"))
    assert shot.name == "my-standard-work.png"
    picture = QImage(str(shot))
    assert (picture.width(), picture.height()) >= screenshots.SIZE
    assert demo_path.read_bytes() == before  # only read


def test_the_a3_editor_picture_shows_an_a3_written(demo_path: Path, tmp_path: Path) -> None:
    before = demo_path.read_bytes()
    shot = screenshots.render_a3_editor(str(demo_path), str(tmp_path / "shots"))
    assert shot.name == "a3-editor.png"
    picture = QImage(str(shot))
    assert (picture.width(), picture.height()) == (1100, 900)
    assert demo_path.read_bytes() == before  # the A3 went to a throwaway copy


def test_the_huddle_pictures_show_the_board_the_wall_and_a_path(
    demo_path: Path, tmp_path: Path
) -> None:
    from app.screenshots import WALL_SIZE, render_huddle

    shots = render_huddle(str(demo_path), str(tmp_path / "shots"))
    assert [s.name for s in shots] == ["huddle.png", "huddle-wall.png", "problem-path.png"]
    wall = QImage(str(shots[1]))
    assert (wall.width(), wall.height()) == WALL_SIZE
    assert all(not QImage(str(s)).isNull() for s in shots)


def test_my_work_of_an_executive_a_manager_and_a_team_leader(
    demo_path: Path, tmp_path: Path
) -> None:
    from hoshin.plan import Plan
    from hoshin.reads import screenshots as staging

    with Plan.open(str(demo_path)) as plan:
        people = [key for _name, key, _unit in staging.my_work_people(plan)]
    assert people == ["P-1", "P-7", "P-17"]  # Helen Ward, Ana Costa (Sales), Jonas Berg
    before = demo_path.read_bytes()
    shots = screenshots.render_my_work(str(demo_path), str(tmp_path / "shots"))
    assert [s.name for s in shots] == [
        "my-work-executive.png",
        "my-work-manager.png",
        "my-work-team-leader.png",
    ]
    for shot in shots:
        picture = QImage(str(shot))
        assert (picture.width(), picture.height()) >= screenshots.SIZE
    assert demo_path.read_bytes() == before  # only read
