"""Countermeasures: only for a month behind plan; open → done, edit, reopen, remove, undoable."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from hoshin.cli.main import main
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import NodeKind
from hoshin.operations import (
    AddCountermeasure,
    AddNode,
    AddPerson,
    RemoveCountermeasure,
    SetCountermeasureDone,
    SetMeasurement,
    UpdateCountermeasure,
)
from hoshin.plan import Plan
from hoshin.reads.countermeasures import countermeasures
from tests.hoshin.dump import dump


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    """Lead time (lower is better): April green (27 against 28), May red (31 against 28),
    June yellow (29 against 28: within 5 %), July with a plan and no actual."""
    plan = Plan.create(tmp_path / "cm.hoshin", "Acme")
    plan.execute(AddPerson("Kenji Watanabe", "CO"))
    plan.execute(AddPerson("Ana Costa", "CO"))
    fields = {"unit_of_measure": "days", "direction": "down", "baseline": 30, "goal": 24}
    plan.execute(AddNode(NodeKind.TARGET, "CO", "Lead time", fields))
    for month, actual in (("2026-04", 27), ("2026-05", 31), ("2026-06", 29), ("2026-07", None)):
        plan.execute(SetMeasurement("KPI-1", month, plan=28, actual=actual))
    plan.clock = lambda: dt.datetime(2026, 6, 20, 10, 0)
    return plan


@pytest.mark.parametrize(
    ("month", "words"),
    [
        (
            "2026-04",
            "KPI-1 is green in 2026-04 (actual 27 against a plan of 28, lower is better): "
            "a countermeasure answers a month behind plan.",
        ),
        (
            "2026-07",
            "KPI-1 has no actual for 2026-07: a countermeasure answers a month behind plan; "
            "record the actual first.",
        ),
        ("2026-08", "KPI-1 has no actual for 2026-08"),
    ],
)
def test_only_a_month_behind_plan_takes_one(plan: Plan, month: str, words: str) -> None:
    before = dump(plan)
    with pytest.raises(ValidationError) as refused:
        plan.execute(AddCountermeasure("KPI-1", month, "Second shift"))
    assert str(refused.value).startswith(words)
    assert dump(plan) == before
    plan.execute(AddCountermeasure("KPI-1", "2026-05", "Second shift"))  # red
    plan.execute(AddCountermeasure("KPI-1", "2026-06", "Watch the queue"))  # yellow


def _one(plan: Plan, cm_id: int) -> tuple[str, str | None, dt.date | None, bool, dt.date | None]:
    with plan.session() as s:
        [row] = countermeasures(s, ids=[cm_id])
    return row.what, row.owner, row.due, row.done, row.done_on


def test_the_lifecycle_and_every_step_undoes(plan: Plan) -> None:
    start = dump(plan)
    cm = plan.execute(
        AddCountermeasure("KPI-1", "2026-05", "Second shift", "Kenji Watanabe", "2026-06-30")
    ).result
    assert _one(plan, cm) == ("Second shift", "Kenji Watanabe", dt.date(2026, 6, 30), False, None)
    steps = [
        (UpdateCountermeasure(cm, what="Second shift on press 3", owner="Ana Costa", due=None),
         ("Second shift on press 3", "Ana Costa", None, False, None)),
        (SetCountermeasureDone(cm), ("Second shift on press 3", "Ana Costa", None, True,
                                     dt.date(2026, 6, 20))),  # done today by default
        (SetCountermeasureDone(cm, False), ("Second shift on press 3", "Ana Costa", None, False,
                                            None)),
        (SetCountermeasureDone(cm, True, "2026-06-18"),
         ("Second shift on press 3", "Ana Costa", None, True, dt.date(2026, 6, 18))),
    ]  # fmt: skip
    for op, expected in steps:
        before = dump(plan)
        applied = plan.execute(op)
        assert _one(plan, cm) == expected
        plan.execute(applied.inverse)
        assert dump(plan) == before
        plan.execute(op)
    with pytest.raises(ValidationError, match=f"Countermeasure {cm} is done already"):
        plan.execute(SetCountermeasureDone(cm))
    before = dump(plan)
    removed = plan.execute(RemoveCountermeasure(cm))
    with plan.session() as s:
        assert countermeasures(s) == []
    plan.execute(removed.inverse)
    assert dump(plan) == before
    plan.execute(RemoveCountermeasure(cm))
    with pytest.raises(NotFoundError, match=f"No countermeasure {cm}"):
        plan.execute(SetCountermeasureDone(cm))
    with pytest.raises(ValidationError, match="Give what, an owner or a due date"):
        plan.execute(UpdateCountermeasure(cm + 99))
    assert dump(plan) == start  # removed: the plan is as it was before the first add


def test_the_cli(plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "cm.hoshin")
    plan.close()

    def hoshin(*args: str, ok: bool = True) -> str:
        code = main(list(args))
        out, err = capsys.readouterr()
        assert (code == 0) is ok, err
        return (out if ok else err).strip()

    said = hoshin("countermeasure", "add", path, "KPI-1", "--month", "2026-05", "--what",
                  "Second shift", "--owner", "Kenji Watanabe", "--due", "2026-06-30")  # fmt: skip
    assert said == (
        "Countermeasure added: 1 KPI-1 2026-05 open: Second shift (Kenji Watanabe, due 2026-06-30)"
    )
    assert hoshin("countermeasure", "add", path, "KPI-1", "--month", "2026-06", "--what",
                  "Watch the queue", "--quiet") == "2"  # fmt: skip
    refused = hoshin("countermeasure", "add", path, "KPI-1", "--month", "2026-04", "--what",
                     "x", ok=False)  # fmt: skip
    assert refused.startswith("hoshin: error: KPI-1 is green in 2026-04") and "\n" not in refused
    assert hoshin("countermeasure", "done", path, "1", "--on", "2026-06-18") == (
        "Countermeasure done: 1 KPI-1 2026-05 done: Second shift "
        "(Kenji Watanabe, due 2026-06-30, done 2026-06-18)"
    )
    assert hoshin("countermeasure", "reopen", path, "1").startswith(
        "Countermeasure reopened: 1 KPI-1 2026-05 open:"
    )
    assert hoshin("countermeasure", "edit", path, "1", "--owner", "", "--due", "") == (
        "Countermeasure changed: 1 KPI-1 2026-05 open: Second shift (no owner)"
    )
    assert hoshin("countermeasure", "remove", path, "2", "--quiet") == ""
    listed = json.loads(hoshin("countermeasure", "list", path, "KPI-1", "--json"))
    assert [(c["id"], c["month"], c["state"], c["owner"]) for c in listed] == [
        (1, "2026-05", "open", None)
    ]
    assert hoshin("countermeasure", "list", path, "--month", "2026-06") == "No countermeasures."
    assert "No countermeasure 7" in hoshin("countermeasure", "done", path, "7", ok=False)
