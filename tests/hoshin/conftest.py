"""Fixtures of the command-line tests (see clitools)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hoshin.clitools import Cli, small_plan


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Commands on ``tmp_path/acme.hoshin`` (not created), made by nobody named."""
    monkeypatch.delenv("HOSHIN_PERSON", raising=False)
    return Cli(tmp_path / "acme.hoshin", capsys)


@pytest.fixture
def acme(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The small plan of :func:`small_plan`, edited as Helen from then on."""
    cli("new PATH --org Acme")
    cli("person add PATH --name Helen --unit CO -q")
    monkeypatch.setenv("HOSHIN_PERSON", "Helen")
    small_plan(cli)
    return cli
