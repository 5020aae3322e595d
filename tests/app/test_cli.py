"""The installed ``hoshin`` command: the core's commands and the desktop's, in one parser."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import app.main as app_main
from app.cli import main
from hoshin.cli.main import build_parser


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_open_starts_the_desktop_app(
    monkeypatch: pytest.MonkeyPatch, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[list[str]] = []

    def start(argv: list[str]) -> int:
        started.append(argv)
        return 0

    monkeypatch.setattr(app_main, "main", start)
    assert run(capsys, "open", demo_path)[0] == 0
    assert run(capsys)[0] == 0
    assert started == [[str(demo_path)], []]


def test_open_with_an_empty_path_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "open", " ") == (1, "", "hoshin: error: Give the path of a plan to open.\n")


def test_help_lists_every_command_of_the_core_and_of_the_desktop(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    core = build_parser().commands
    assert core is not None and len(core.choices) > 20
    for command in [*core.choices, "open"]:
        assert f"\n    {command} " in listed or f"\n    {command}\n" in listed, command


def test_review_pdf_names_the_unit_and_month(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    out = tmp_path / "review.pdf"
    assert (
        main(["review", str(demo_path), "--unit", "OPS", "--month", "2026-05", "-o", str(out)]) == 0
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"/Type /Page" in data
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text is not read")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Monthly review" in text and "Operations (OPS)" in text and "May 2026" in text
    assert "Sustainment debt by team" in text


def test_agenda_and_minutes_pdfs_hold_the_items_and_decisions(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    qapp: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HOSHIN_PERSON", "Helen Ward")
    agenda, minutes = tmp_path / "agenda.pdf", tmp_path / "minutes.pdf"
    plan = str(demo_path)
    assert main(["review", plan, "--agenda", "--unit", "CO", "--date", "2026-06-15"]) == 0
    made = ["review", plan, "--agenda", "--unit", "CO", "--date", "2026-06-15", "-o", str(agenda)]
    assert main(made) == 0
    decide = ["meeting", "decide", plan, "1", "--item", "1", "--text", "Call detractors"]
    assert main([*decide, "--owner", "P-2", "--due", "2026-06-30"]) == 0
    assert main(["review", plan, "--minutes", "1", "-o", str(minutes)]) == 0
    for out in (agenda, minutes):
        assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF's text is not read")

    def text(path: Path) -> str:
        run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
        return " ".join(run.stdout.split())

    assert "Agenda: Monthly review" in text(agenda) and "KPI-3 Net promoter score" in text(agenda)
    assert "Call detractors" not in text(agenda)
    said = text(minutes)
    assert "Minutes: Monthly review" in said and "Action items" in said
    assert "Call detractors" in said and "David Kim" in said and "2026-06-30" in said
