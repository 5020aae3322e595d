"""Running ``hoshin`` commands in tests as a person types them: ``cli("add PATH …")``."""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path

import pytest

from hoshin.cli.main import main


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Cli:
    """Commands on one plan: PATH in a command stands for the plan's path."""

    def __init__(self, plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.plan = plan
        self.capsys = capsys

    def run(self, command: str) -> tuple[int, str, str]:
        args = [str(self.plan) if a == "PATH" else a for a in shlex.split(command)]
        code = main(args)
        out, err = self.capsys.readouterr()
        return code, out, err

    def __call__(self, command: str) -> str:
        """Run a command that must succeed quietly on stderr; its stdout, stripped."""
        code, out, err = self.run(command)
        assert (code, err) == (0, ""), f"{command}: {err}"
        return out.rstrip("\n")

    def fails(self, command: str, exit_code: int = 1) -> str:
        """Run a command that must be refused in one line, changing nothing; the line."""
        before = digest(self.plan)
        code, out, err = self.run(command)
        assert (code, out) == (exit_code, ""), (command, out, err)
        assert err.count("\n") == 1 and err.startswith("hoshin: error: "), err
        assert digest(self.plan) == before
        return err.removeprefix("hoshin: error: ").rstrip("\n")


def small_plan(cli: Cli) -> None:
    """On a new plan with Helen (P-1, CO): a plant PLT with Gareth (P-2); BT-1 ← AO-1 ←
    IP-1 in CO, and KPI-1 (lead time, days, down, 30 → 24) measuring IP-1."""
    cli("unit add PATH --name Plant --parent CO --code PLT --function Operations -q")
    cli("person add PATH --name Gareth --unit PLT -q")
    cli("add PATH breakthrough --unit CO --title 'Halve lead time' -q")
    cli("add PATH annual --unit CO --title 'Lead time -20 %' --supports BT-1 -q")
    cli("add PATH priority --unit CO --title 'Flow in every plant' --supports AO-1 -q")
    cli(
        "add PATH target --unit CO --title 'Lead time' --measures IP-1 --unit-of-measure days "
        "--direction down --baseline 30 --goal 24 -q"
    )
