"""Problems of daily management: raised at a unit's huddle, worked on, escalated up the
tiers, sent back down with an answer, solved where they are solved.

A problem's row says where it is now (``unit_id``, ``tier``: 1 where it was raised) and
its status there; every step (raised, started, escalated, returned, solved, reopened,
changed) is appended to ``problem_steps`` with who, when, from which unit to which, so the
path up the tiers is read from there and never rewritten. Each action is one reversible
edit; undo removes the step it appended and puts the row back.

Who may do what (hoshin.rules.permissions, repeated by the database): a member of the unit
that holds a problem raises, starts, edits, solves and reopens it; escalating needs a
manager of the unit that holds it, sending back a manager of the unit that sends it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import RowMapping

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError
from hoshin.model.kinds import Access, FindingOutcome, NodeKind, ProblemEvent, ProblemStatus
from hoshin.operations.base import UNSET, Operation, Tx
from hoshin.operations.countermeasures import AddCountermeasure
from hoshin.operations.findings import BECAME
from hoshin.operations.nodes import AddNode
from hoshin.rules import validate


def problem_row(tx: Tx, problem_id: int) -> RowMapping:
    p = e.Problem.__table__
    row = tx.session.execute(select(p).where(p.c.id == problem_id)).mappings().first()
    if row is None:
        raise NotFoundError(f"No problem {problem_id} in this plan.")
    return row


def _unit_code(tx: Tx, unit_id: int) -> str:
    return str(tx.session.execute(select(e.Unit.code).where(e.Unit.id == unit_id)).scalar())


def _by(tx: Tx, by: str | None) -> int | None:
    """Who takes a step: the person named, else the person editing (a plan with roles).
    On a plan with roles nobody takes a step in someone else's name (the database refuses
    it too: a step's author is the login's person)."""
    if by:
        person = tx.person(by)
        if tx.guard is not None and person["id"] != tx.guard.person_id:
            raise ValidationError(
                f"{tx.guard.person_name} cannot act on problems as {person['name']}."
            )
        return int(person["id"])
    return tx.guard.person_id if tx.guard is not None else None


#: What a problem's dates are checked against, in the refusal's words.
RAISED = "the day it was raised"


def add_step(
    tx: Tx,
    problem_id: int,
    kind: ProblemEvent,
    by_id: int | None,
    *,
    from_unit: int | None = None,
    to_unit: int | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> None:
    """Append one step to a problem's history, at the time of the edit (or `at`)."""
    tx.rec.insert_one(
        e.ProblemStep,
        {
            "problem_id": problem_id,
            "kind": kind.value,
            "at": at or tx.now(),
            "by_id": by_id,
            "from_unit_id": from_unit,
            "to_unit_id": to_unit,
            "note": note,
        },
    )


def _set(tx: Tx, problem_id: int, values: dict[str, Any]) -> None:
    tx.rec.update_where(e.Problem, values, e.Problem.id == problem_id)


def _not_solved(row: RowMapping, doing: str) -> None:
    if row["status"] == ProblemStatus.SOLVED:
        raise ValidationError(f"Problem {row['id']} is solved: reopen it before you {doing} it.")


@dataclass(frozen=True)
class RaiseProblem(Operation):
    """A problem raised at a unit's huddle (tier 1 there), open."""

    title: str
    unit: str
    raised_by: str | None = None
    owner: str | None = None
    due: dt.date | str | None = None
    node: str | None = None  # the target or priority it concerns
    detail: str = ""
    on: dt.date | str | None = None  # the day it was raised (today)

    @property
    def label(self) -> str:
        return f"Raise a problem at {self.unit.strip().upper()}"

    def done_label(self, result: Any) -> str:
        return f"Raise problem {result} at {self.unit.strip().upper()}"

    def apply(self, tx: Tx) -> int:
        unit = tx.unit(self.unit)
        title = validate.title(self.title, "problem")
        raised_by = _by(tx, self.raised_by)
        owner = tx.person(self.owner)["id"] if self.owner else None
        due = validate.date(self.due, "due date")
        on = validate.date(self.on, "date raised") or tx.now().date()
        validate.date_order(on, due, "due date", RAISED)
        node_id = None
        if self.node:
            node = tx.node(self.node)
            if node["kind"] == NodeKind.KAIZEN:
                raise ValidationError(
                    f"A problem concerns a target or a priority; {node['code']} is a kaizen."
                )
            node_id = node["id"]
        tx.require(unit["id"], Access.MEMBER, "raise problems")
        problem_id = tx.rec.insert_one(
            e.Problem,
            {
                "title": title,
                "detail": (self.detail or "").strip(),
                "unit_id": unit["id"],
                "raised_unit_id": unit["id"],
                "tier": 1,
                "status": ProblemStatus.OPEN.value,
                "raised_by_id": raised_by,
                "owner_id": owner,
                "raised_on": on,
                "due": due,
                "solved_on": None,
                "answer": "",
                "node_id": node_id,
            },
        )
        # A problem recorded after the huddle that raised it (--on yesterday) has been at its
        # tier since that day: its path and the days-per-tier measures start there.
        now = tx.now()
        at = now.replace(year=on.year, month=on.month, day=on.day) if on < now.date() else None
        add_step(tx, problem_id, ProblemEvent.RAISED, raised_by, to_unit=unit["id"], at=at)
        return problem_id


@dataclass(frozen=True)
class StartProblem(Operation):
    """Someone works on it now: open → in progress, where it is."""

    problem_id: int
    by: str | None = None

    @property
    def label(self) -> str:
        return f"Start problem {self.problem_id}"

    def apply(self, tx: Tx) -> None:
        row = problem_row(tx, self.problem_id)
        _not_solved(row, "start")
        if row["status"] == ProblemStatus.IN_PROGRESS:
            raise ValidationError(f"Problem {self.problem_id} is in progress already.")
        tx.require(row["unit_id"], Access.MEMBER, "work on its problems")
        _set(tx, row["id"], {"status": ProblemStatus.IN_PROGRESS.value})
        add_step(tx, row["id"], ProblemEvent.STARTED, _by(tx, self.by), to_unit=row["unit_id"])


@dataclass(frozen=True)
class EditProblem(Operation):
    """Change a problem's wording, owner or due date (None clears owner or due)."""

    problem_id: int
    title: Any = UNSET
    detail: Any = UNSET
    owner: Any = UNSET
    due: Any = UNSET
    by: str | None = None

    @property
    def label(self) -> str:
        return f"Edit problem {self.problem_id}"

    def apply(self, tx: Tx) -> None:
        if (self.title, self.detail, self.owner, self.due) == (UNSET,) * 4:
            raise ValidationError("Give the wording, an owner or a due date to change.")
        row = problem_row(tx, self.problem_id)
        values: dict[str, Any] = {}
        said: list[str] = []
        if self.title is not UNSET:
            values["title"] = validate.title(self.title, "problem")
            said.append("wording")
        if self.detail is not UNSET:
            values["detail"] = (self.detail or "").strip()
            said.append("detail")
        if self.owner is not UNSET:
            owner = tx.person(self.owner) if self.owner else None
            values["owner_id"] = owner["id"] if owner is not None else None
            said.append(f"owner {owner['name']}" if owner is not None else "no owner")
        if self.due is not UNSET:
            due = validate.date(self.due, "due date")
            validate.date_order(row["raised_on"], due, "due date", RAISED)
            values["due"] = due
            said.append(f"due {due.isoformat()}" if due else "no due date")
        tx.require(row["unit_id"], Access.MEMBER, "work on its problems")
        if all(row[k] == v for k, v in values.items()):
            return
        _set(tx, row["id"], values)
        add_step(
            tx,
            row["id"],
            ProblemEvent.CHANGED,
            _by(tx, self.by),
            to_unit=row["unit_id"],
            note=", ".join(said),
        )


@dataclass(frozen=True)
class EscalateProblem(Operation):
    """Move a problem to the huddle of the unit above: one tier up, open there."""

    problem_id: int
    note: str = ""
    by: str | None = None

    @property
    def label(self) -> str:
        return f"Escalate problem {self.problem_id}"

    def apply(self, tx: Tx) -> str:
        row = problem_row(tx, self.problem_id)
        _not_solved(row, "escalate")
        here = row["unit_id"]
        parent = tx.session.execute(select(e.Unit.parent_id).where(e.Unit.id == here)).scalar()
        if parent is None:
            raise ValidationError(
                f"Problem {self.problem_id} is at {_unit_code(tx, here)}, the top unit: "
                "there is no tier above to escalate it to."
            )
        tx.require(here, Access.MANAGER, "escalate its problems")
        _set(
            tx,
            row["id"],
            {"unit_id": parent, "tier": row["tier"] + 1, "status": ProblemStatus.OPEN.value},
        )
        add_step(
            tx,
            row["id"],
            ProblemEvent.ESCALATED,
            _by(tx, self.by),
            from_unit=here,
            to_unit=parent,
            note=(self.note or "").strip(),
        )
        return _unit_code(tx, parent)


def came_from(tx: Tx, row: RowMapping) -> int | None:
    """The unit a problem was escalated to its present unit from (None: raised here)."""
    s = e.ProblemStep
    return tx.session.execute(
        select(s.from_unit_id)
        .where(
            s.problem_id == row["id"],
            s.kind == ProblemEvent.ESCALATED.value,
            s.to_unit_id == row["unit_id"],
        )
        .order_by(s.id.desc())
        .limit(1)
    ).scalar()


@dataclass(frozen=True)
class ReturnProblem(Operation):
    """Send a problem back down, with an answer, to the unit that escalated it: one tier
    down, open there (they act on the answer)."""

    problem_id: int
    answer: str
    by: str | None = None

    @property
    def label(self) -> str:
        return f"Send problem {self.problem_id} back"

    def apply(self, tx: Tx) -> str:
        row = problem_row(tx, self.problem_id)
        _not_solved(row, "send back")
        answer = validate.title(self.answer, "answer")
        below = came_from(tx, row)
        if below is None or row["tier"] <= 1:
            raise ValidationError(
                f"Problem {self.problem_id} was raised at {_unit_code(tx, row['unit_id'])}: "
                "there is no tier below to send it back to."
            )
        tx.require(row["unit_id"], Access.MANAGER, "send its problems back")
        _set(
            tx,
            row["id"],
            {
                "unit_id": below,
                "tier": row["tier"] - 1,
                "status": ProblemStatus.OPEN.value,
                "answer": answer,
            },
        )
        add_step(
            tx,
            row["id"],
            ProblemEvent.RETURNED,
            _by(tx, self.by),
            from_unit=row["unit_id"],
            to_unit=below,
            note=answer,
        )
        return _unit_code(tx, below)


@dataclass(frozen=True)
class SolveProblem(Operation):
    """Solved where it is, on a day (today), with the answer."""

    problem_id: int
    answer: str
    on: dt.date | str | None = None
    by: str | None = None

    @property
    def label(self) -> str:
        return f"Solve problem {self.problem_id}"

    def apply(self, tx: Tx) -> None:
        row = problem_row(tx, self.problem_id)
        if row["status"] == ProblemStatus.SOLVED:
            raise ValidationError(f"Problem {self.problem_id} is solved already.")
        answer = validate.title(self.answer, "answer")
        on = validate.date(self.on, "date solved") or tx.now().date()
        validate.date_order(row["raised_on"], on, "date solved", RAISED)
        tx.require(row["unit_id"], Access.MEMBER, "work on its problems")
        _set(
            tx,
            row["id"],
            {"status": ProblemStatus.SOLVED.value, "solved_on": on, "answer": answer},
        )
        add_step(
            tx,
            row["id"],
            ProblemEvent.SOLVED,
            _by(tx, self.by),
            to_unit=row["unit_id"],
            note=answer,
        )


@dataclass(frozen=True)
class ReopenProblem(Operation):
    """A solved problem came back: open again where it was solved."""

    problem_id: int
    note: str = ""
    by: str | None = None

    @property
    def label(self) -> str:
        return f"Reopen problem {self.problem_id}"

    def apply(self, tx: Tx) -> None:
        row = problem_row(tx, self.problem_id)
        if row["status"] != ProblemStatus.SOLVED:
            raise ValidationError(f"Problem {self.problem_id} is not solved; it is open already.")
        tx.require(row["unit_id"], Access.MEMBER, "work on its problems")
        _set(tx, row["id"], {"status": ProblemStatus.OPEN.value, "solved_on": None})
        add_step(
            tx,
            row["id"],
            ProblemEvent.REOPENED,
            _by(tx, self.by),
            to_unit=row["unit_id"],
            note=(self.note or "").strip(),
        )


def _solved(tx: Tx, problem_id: int, becoming: str) -> RowMapping:
    row = problem_row(tx, problem_id)
    if row["status"] != ProblemStatus.SOLVED:
        raise ValidationError(
            f"Problem {problem_id} is not solved yet: solve it before it becomes {becoming}."
        )
    if row["kaizen_id"] is not None or row["countermeasure_id"] is not None:
        raise ValidationError(f"Problem {problem_id} became a kaizen or countermeasure already.")
    return row


@dataclass(frozen=True)
class ProblemToKaizen(Operation):
    """A solved problem becomes a kaizen idea of the team that raised it (bottom-up: the
    team found it), linked both ways."""

    problem_id: int
    title: str | None = None

    @property
    def label(self) -> str:
        return f"Make problem {self.problem_id} a kaizen"

    def done_label(self, result: Any) -> str:
        return f"Make problem {self.problem_id} kaizen {result}"

    def apply(self, tx: Tx) -> str:
        row = _solved(tx, self.problem_id, "a kaizen")
        # The unit that solved it says what becomes of it (as the shared plan's database
        # does: writing a problem that stays needs a member of the unit holding it).
        tx.require(row["unit_id"], Access.MEMBER, "make its solved problems kaizens")
        code = tx.run(
            AddNode(
                NodeKind.KAIZEN,
                _unit_code(tx, row["raised_unit_id"]),
                self.title or row["title"],
                {"origin": "bottom-up", "description": row["answer"]},
            )
        )
        _set(tx, row["id"], {"kaizen_id": tx.graph.id_of(code)})
        return str(code)


@dataclass(frozen=True)
class ProblemToCountermeasure(Operation):
    """A solved problem becomes the countermeasure of a red month of the target it
    concerns (or of ``target``), linked."""

    problem_id: int
    month: str
    target: str | None = None

    @property
    def label(self) -> str:
        return f"Make problem {self.problem_id} a countermeasure"

    def apply(self, tx: Tx) -> int:
        row = _solved(tx, self.problem_id, "a countermeasure")
        tx.require(row["unit_id"], Access.MEMBER, "make its solved problems countermeasures")
        code = self.target
        if not code:
            if row["node_id"] is None:
                raise ValidationError(
                    f"Problem {self.problem_id} concerns no target: name the target."
                )
            code = tx.graph.node(row["node_id"]).code
        owner = tx.session.execute(
            select(e.Person.key).where(e.Person.id == row["owner_id"])
        ).scalar()
        what = f"{row['title']}: {row['answer']}" if row["answer"] else row["title"]
        countermeasure_id = tx.run(
            AddCountermeasure(code, self.month, what[:500], owner=owner, due=row["solved_on"])
        )
        _set(tx, row["id"], {"countermeasure_id": countermeasure_id})
        return int(countermeasure_id)


@dataclass(frozen=True)
class FindingToProblem(Operation):
    """A routine's finding becomes a problem on the visited unit's huddle, linked."""

    finding_id: int
    owner: str | None = None
    due: dt.date | str | None = None
    by: str | None = None

    @property
    def label(self) -> str:
        return f"Make finding {self.finding_id} a problem"

    def apply(self, tx: Tx) -> int:
        f = e.Finding
        row = (
            tx.session.execute(select(f.__table__).where(f.id == self.finding_id))
            .mappings()
            .first()
        )
        if row is None:
            raise NotFoundError(f"No finding {self.finding_id} in this plan.")
        if row["outcome"] is not None:
            became = BECAME.get(row["outcome"], row["outcome"])
            raise ValidationError(f"Finding {self.finding_id} became {became} already.")
        problem_id = tx.run(
            RaiseProblem(
                row["text"][:500],
                _unit_code(tx, row["unit_id"]),
                raised_by=self.by,
                owner=self.owner,
                due=self.due,
                detail=row["text"] if len(row["text"]) > 500 else "",
            )
        )
        tx.rec.update_where(
            e.Finding,
            {"outcome": FindingOutcome.PROBLEM.value, "problem_id": problem_id},
            f.id == self.finding_id,
        )
        return int(problem_id)
