"""The README's command-line examples run, and print what the README says they print.

The ``sh`` blocks of "The command line" run line by line (a failing command fails the
test); the ``console`` blocks of "Deploying" run each ``$ hoshin …`` line and compare its
output with the lines below it, exactly. The commands run in-process, in a temporary
folder, through the same ``main`` as the installed command; the few shell forms the
README uses are read here: ``export NAME=value``, ``NAME=$(hoshin … -q)``, ``$NAME``,
``# comments`` and ``\\`` line continuations.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from app.cli import main  # the installed `hoshin`, as the README's reader runs it

README = Path(__file__).resolve().parents[1] / "README.md"
SECTIONS = ("## The command line", "## Deploying")
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_CAPTURE = re.compile(r"^(\w+)=\$\((hoshin)$")
_VARIABLE = re.compile(r"\$\{?(\w+)\}?")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def blocks(kind: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    return [
        body
        for heading in SECTIONS
        for found_kind, body in _BLOCK.findall(_section(text, heading))
        if found_kind == kind
    ]


class Shell:
    """Just enough of a shell for the README: hoshin commands and variables."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self.capsys = capsys
        self.monkeypatch = monkeypatch
        self.variables: dict[str, str] = {}

    def _expand(self, word: str) -> str:
        return _VARIABLE.sub(lambda m: self.variables.get(m.group(1), m.group(0)), word)

    def hoshin(self, words: list[str]) -> str:
        assert words and words[0] == "hoshin", words
        code = main([self._expand(w) for w in words[1:]])
        out, err = self.capsys.readouterr()
        assert code == 0, f"{shlex.join(words)}\n{err}"
        assert "Traceback" not in err
        return out

    def run(self, line: str) -> str:
        """One logical line; returns what it printed."""
        words = shlex.split(line, comments=True)
        if not words:
            return ""
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            self.variables[name] = self._expand(value)
            self.monkeypatch.setenv(name, self.variables[name])
            return ""
        captured = _CAPTURE.match(words[0])
        if captured and words[-1].endswith(")"):  # NAME=$(hoshin … -q)
            name, first = captured.groups()
            inner = [first, *words[1:-1], words[-1][:-1]]
            self.variables[name] = self.hoshin(inner).strip()
            return ""
        return self.hoshin(words)


def _logical_lines(body: str) -> list[str]:
    return body.replace("\\\n", " ").splitlines()


@pytest.fixture
def shell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Shell:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HOSHIN_PERSON", raising=False)
    return Shell(capsys, monkeypatch)


def test_the_quick_command_line_examples_run(shell: Shell) -> None:
    quick, *later = blocks("sh")  # the later ones work on the sample plan the first makes
    lines = [line for line in _logical_lines(quick) if line.strip()]
    assert len(lines) >= 15
    printed = {line: shell.run(line) for line in lines}
    for block in later:
        for line in _logical_lines(block):
            shell.run(line)
    # What the comments promise.
    assert printed[lines[1]] == "P-1 Helen Ward added to CO\n"
    assert shell.variables["BT"] == "BT-1"
    link = next(line for line in lines if line.startswith("hoshin link"))
    assert printed[link] == "AO-1 supports BT-1: strength strong\n"
    measure = next(line for line in lines if line.startswith("hoshin measure"))
    assert printed[measure] == "KPI-1 2026-03 plan 28, actual 27 (green)\n"


def test_the_deploying_example_prints_what_the_readme_shows(shell: Shell) -> None:
    transcript = "".join(blocks("console"))
    commands = 0
    command: str | None = None
    expected: list[str] = []

    def check() -> None:
        if command is not None:
            assert shell.run(command).splitlines() == expected, command

    for line in transcript.splitlines():
        if line.startswith("$ "):
            check()
            command, expected = line[2:], []
            commands += 1
        else:
            expected.append(line)
    check()
    assert commands >= 20
    assert Path("acme.hoshin").exists()
