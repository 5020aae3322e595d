"""The core alone: ``python -m hoshin`` works with Qt and the desktop shell unimportable,
and says in one line where a command of the desktop is.

The subprocesses block PySide6, shiboken6, ``app`` and ``views`` with an import hook (a
``sitecustomize`` on PYTHONPATH), as on a server where PySide6 is not installed: a module
of the core that reached for any of them, by an import statement or by a name in a string,
fails here.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hoshin.cli.main import main

ROOT = Path(__file__).resolve().parents[2]

BLOCKER = '''
import sys


class _Blocked:
    """Qt and the desktop shell cannot be imported, as where PySide6 is not installed."""

    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {"PySide6", "shiboken6", "app", "views"}:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
        return None


sys.meta_path.insert(0, _Blocked())
'''

#: Modules that are scripts rather than modules: what they run is run otherwise here.
SCRIPTS = {
    "hoshin.__main__": "runs the command line, as every command below does",
    "hoshin.migrations.env": "alembic runs it inside its own context when demo makes a plan",
}

IMPORT_ALL = f"""
import importlib, pkgutil, sys
import hoshin

names = [m.name for m in pkgutil.walk_packages(hoshin.__path__, "hoshin.")]
for name in names:
    if name not in {sorted(SCRIPTS)!r}:
        importlib.import_module(name)
loaded = [m for m in sys.modules if m.partition(".")[0] in ("PySide6", "shiboken6")]
print(len(names), loaded)
"""


class Core:
    """``python -m hoshin`` and ``python -c`` in ``folder``, without Qt or the shell."""

    def __init__(self, folder: Path) -> None:
        site = folder / "site"
        site.mkdir()
        (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
        self.folder = folder
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(site)])}

    def python(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def hoshin(self, *args: str) -> str:
        """Run a command that must succeed quietly on stderr; its stdout."""
        done = self.python("-m", "hoshin", *args)
        assert (done.returncode, done.stderr) == (0, ""), (args, done.stderr)
        return done.stdout


@pytest.fixture
def core(tmp_path: Path) -> Core:
    return Core(tmp_path)


def test_the_blocker_blocks_qt_and_the_shell(core: Core) -> None:
    for module in ("PySide6.QtCore", "shiboken6", "app.cli", "views"):
        done = core.python("-c", f"import {module}")
        assert done.returncode == 1 and "(blocked)" in done.stderr, (module, done.stderr)


def test_the_core_commands_run_without_qt(core: Core) -> None:
    assert core.hoshin("demo", "x.hoshin").startswith("Wrote x.hoshin: 80 nodes")
    assert "KZ-101" in core.hoshin("show", "x.hoshin", "KZ-101")
    report = json.loads(core.hoshin("check", "x.hoshin", "--json"))
    assert report["health"]["alignment"]["orphan_kaizens"]
    core.hoshin("export", "x.hoshin", "-o", "plan.xlsx")
    assert (core.folder / "plan.xlsx").read_bytes()[:2] == b"PK"
    args = ("--unit", "OPS", "--month", "2026-05", "-o", "review.html")
    assert "Monthly review" in core.hoshin("review", "x.hoshin", *args)
    html = (core.folder / "review.html").read_text(encoding="utf-8")
    assert "Operations (OPS)" in html and "May 2026" in html


def test_every_module_of_the_core_imports_without_qt(core: Core) -> None:
    done = core.python("-c", IMPORT_ALL)
    assert done.returncode == 0, done.stderr
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) > 100 and loaded.strip() == "[]"


def test_a_desktop_command_of_the_core_alone_is_one_clear_line(core: Core) -> None:
    for args, words in [
        ([], "the desktop app starts from the installed 'hoshin' command"),
        (["open", "x.hoshin"], "'open' needs the desktop app"),
    ]:
        done = core.python("-m", "hoshin", *args)
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr.startswith("hoshin: error: ") and done.stderr.count("\n") == 1
        assert words in done.stderr


def test_the_review_as_a_pdf_needs_the_desktop_app(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.pdf"
    code = main(["review", str(demo_path), "--unit", "OPS", "--month", "2026-05", "-o", str(out)])
    assert code == 1 and not out.exists()
    err = capsys.readouterr().err
    assert err == (
        "hoshin: error: The review as a PDF needs the desktop app: run the installed 'hoshin' "
        "command, or write it as .html.\n"
    )


def _dynamic_imports(tree: ast.AST) -> list[str]:
    """The literal names given to ``import_module`` or ``__import__``."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = node.args[0]
        if name in ("import_module", "__import__") and isinstance(first, ast.Constant):
            found.append(str(first.value))
    return found


def test_the_core_loads_no_module_of_the_shell_by_name() -> None:
    """What the import contracts cannot see: a module named in a string."""
    reached = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "hoshin").rglob("*.py")
        for name in _dynamic_imports(ast.parse(path.read_text(encoding="utf-8")))
        if name.partition(".")[0] != "hoshin"
    }
    assert reached == set()
