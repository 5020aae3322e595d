"""Organisation units, people, responsibilities, functions and plan settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from hoshin.model import entities as e
from hoshin.model.errors import PermissionDeniedError, ValidationError
from hoshin.model.kinds import Access, NodeKind, OwnerRole
from hoshin.model.plan_settings import OPTIONS, check_range, encode
from hoshin.operations import problem_refs
from hoshin.operations.base import Operation, Tx
from hoshin.rules import validate
from hoshin.rules.due_dates import parse_holidays
from hoshin.rules.permissions import RENAME_REFUSED
from hoshin.store.steps import Entity
from hoshin.text.wording import a


def _next_key(tx: Tx, table: Entity, column: Any, prefix: str) -> str:
    """``prefix-N`` with N one more than the highest number in use (and than any other
    edit is handing out now)."""

    def highest() -> int:
        codes = tx.session.execute(select(column).where(column.like(f"{prefix}-%"))).scalars()
        numbers = [int(c.rpartition("-")[2]) for c in codes if c.rpartition("-")[2].isdigit()]
        return max(numbers, default=0)

    return f"{prefix}-{tx.rec.claim(f'key:{table.__tablename__}:{prefix}', highest)}"


def _require_unit_code(code: str) -> None:
    """A unit code never has the form of a node's (``KZ-101``): the CLI looks a code up as a
    node first, so such a unit would hide behind a node of that code, now or once one is
    numbered so."""
    prefix, dash, digits = code.rpartition("-")
    if dash and digits.isdigit() and prefix in {k.prefix for k in NodeKind}:
        kind = next(k for k in NodeKind if k.prefix == prefix)
        raise ValidationError(
            f"{code} has the form of a {kind.value}'s code; choose another unit code."
        )


@dataclass(frozen=True)
class AddUnit(Operation):
    name: str
    parent: str | None
    level: str | None = None
    function: str | None = None
    code: str | None = None

    @property
    def label(self) -> str:
        return f"Add unit {self.name.strip()}"

    def apply(self, tx: Tx) -> str:
        name = validate.title(self.name, "unit name")
        parent_id = None
        depth = 0
        if self.parent is not None:
            parent = tx.unit(self.parent)
            parent_id = parent["id"]
            depth = len(tx.graph.unit_ancestors(parent_id)) + 1
        elif tx.session.execute(select(func.count()).select_from(e.Unit)).scalar():
            raise ValidationError("A plan has one top unit; give the new unit a parent.")
        if self.code:
            code = self.code.strip().upper()
            _require_unit_code(code)
            if tx.session.execute(select(e.Unit.id).where(e.Unit.code == code)).first():
                raise ValidationError(f"The unit code {code} is taken already.")
        else:
            code = _next_key(tx, e.Unit, e.Unit.code, "U")
        level = (self.level or "").strip() or tx.settings.level_name(depth)
        tx.rec.insert_one(
            e.Unit,
            {
                "code": code,
                "name": name,
                "parent_id": parent_id,
                "level": level,
                "function_id": tx.function_id(self.function),
            },
        )
        return code


@dataclass(frozen=True)
class UpdateUnit(Operation):
    code: str
    name: str | None = None
    level: str | None = None
    function: str | None = None

    @property
    def label(self) -> str:
        return f"Change unit {self.code}"

    def apply(self, tx: Tx) -> None:
        unit = tx.unit(self.code)
        values: dict[str, Any] = {}
        if self.name is not None:
            values["name"] = validate.title(self.name, "unit name")
        if self.level is not None:
            values["level"] = validate.title(self.level, "level name")
        if self.function is not None:
            values["function_id"] = tx.function_id(self.function)
        tx.rec.update_where(e.Unit, values, e.Unit.id == unit["id"])


@dataclass(frozen=True)
class RemoveUnit(Operation):
    """Remove an empty unit (no units below, no people, no nodes)."""

    code: str

    @property
    def label(self) -> str:
        return f"Remove unit {self.code}"

    def apply(self, tx: Tx) -> None:
        unit = tx.unit(self.code)
        uid = unit["id"]
        if unit["parent_id"] is None:
            # A plan without its top unit would no longer open (Plan._require_organisation).
            raise ValidationError(f"{unit['code']} is the top unit; a plan keeps it.")
        for what, stmt in (
            ("units below it", select(e.Unit.id).where(e.Unit.parent_id == uid)),
            ("people", select(e.Person.id).where(e.Person.unit_id == uid)),
            ("objectives, targets or kaizens", select(e.Node.id).where(e.Node.unit_id == uid)),
            ("routines held there", select(e.Routine.id).where(e.Routine.unit_id == uid)),
            ("findings of walks there", select(e.Finding.id).where(e.Finding.unit_id == uid)),
        ):
            if tx.session.execute(stmt.limit(1)).first():
                raise ValidationError(
                    f"{unit['code']} still has {what}; move or delete them first."
                )
        # Asked first, so that a refusal names the unit and not the roles going with it.
        tx.require(unit["parent_id"], Access.EXECUTIVE, "remove units")
        # The roles held on it go with it, recorded: the database's cascade would take them
        # past the undo and the permission check.
        tx.rec.delete_where(e.UnitRole, e.UnitRole.unit_id == uid)
        tx.rec.delete_where(e.Unit, e.Unit.id == uid)


@dataclass(frozen=True)
class AddPerson(Operation):
    name: str
    unit: str

    @property
    def label(self) -> str:
        return f"Add person {self.name.strip()}"

    def apply(self, tx: Tx) -> str:
        name = validate.title(self.name, "name")
        unit_id = tx.unit(self.unit)["id"]
        key = _next_key(tx, e.Person, e.Person.key, "P")
        tx.rec.insert_one(e.Person, {"key": key, "name": name, "unit_id": unit_id})
        return key


@dataclass(frozen=True)
class UpdatePerson(Operation):
    """Rename a person, move them to another unit, or set where reminders reach them
    (``email``; "" clears it). None leaves a field as it is."""

    who: str
    name: str | None = None
    unit: str | None = None
    email: str | None = None

    @property
    def label(self) -> str:
        if self.name is None and self.unit is None and self.email is not None:
            return f"Set the e-mail address of {self.who.strip()}"
        if self.unit is None:
            return f"Rename {self.who.strip()}"
        verb = "Move" if self.name is None else "Rename and move"
        return f"{verb} {self.who.strip()} to {self.unit.strip().upper()}"

    def apply(self, tx: Tx) -> None:
        person = tx.person(self.who)
        values: dict[str, Any] = {}
        if self.name is not None:
            name = validate.title(self.name, "name")
            if name != person["name"]:
                if tx.guard is not None and tx.session.get_bind().dialect.name == "postgresql":
                    # A shared plan's database lets no login rename anyone (a name is how
                    # the history shows its authors): the core says so first, in words.
                    raise PermissionDeniedError(RENAME_REFUSED.format(name=person["name"]))
                values["name"] = name
        if self.unit is not None:
            unit = tx.unit(self.unit)
            if unit["id"] != person["unit_id"]:
                tx.require(unit["id"], Access.MANAGER, f"move people into {unit['code']}")
                values["unit_id"] = unit["id"]
        if self.email is not None:
            address = validate.email(self.email)
            if address != person["email"]:
                tx.require(person["unit_id"], Access.MANAGER, "change people")
                values["email"] = address
        if values:
            tx.rec.update_where(e.Person, values, e.Person.id == person["id"])


@dataclass(frozen=True)
class RemovePerson(Operation):
    who: str

    @property
    def label(self) -> str:
        return f"Remove {self.who}"

    def apply(self, tx: Tx) -> None:
        person = tx.person(self.who)
        pid = person["id"]
        m = e.CatchballMessage
        if tx.session.execute(
            select(m.id).where((m.author_id == pid) | (m.owner_id == pid)).limit(1)
        ).first():
            raise ValidationError(
                f"{person['name']} took part in catchball; the record keeps them, so they "
                "cannot be removed."
            )
        if tx.session.execute(
            select(e.AuditEntry.id).where(e.AuditEntry.person_id == pid).limit(1)
        ).first():
            raise ValidationError(
                f"{person['name']} made edits that the history keeps under their name, so "
                "they cannot be removed."
            )
        problem_refs.forget_person(tx, pid)
        tx.rec.update_where(e.ActionItem, {"owner_id": None}, e.ActionItem.owner_id == pid)
        tx.rec.update_where(e.Countermeasure, {"owner_id": None}, e.Countermeasure.owner_id == pid)
        # Recorded rather than left to the database's ON DELETE rules, which undo cannot see.
        tx.rec.update_where(
            e.SustainmentCheck, {"owner_id": None}, e.SustainmentCheck.owner_id == pid
        )
        tx.rec.update_where(e.A3Item, {"owner_id": None}, e.A3Item.owner_id == pid)
        tx.rec.update_where(
            e.MeetingDecision, {"owner_id": None}, e.MeetingDecision.owner_id == pid
        )
        tx.rec.update_where(e.Meeting, {"chair_id": None}, e.Meeting.chair_id == pid)
        tx.rec.delete_where(e.UnitRole, e.UnitRole.person_id == pid)
        tx.rec.delete_where(e.Responsibility, e.Responsibility.person_id == pid)
        from hoshin.operations.routines import forget_person  # routines build on people

        forget_person(tx, pid)
        tx.rec.delete_where(e.Person, e.Person.id == pid)


@dataclass(frozen=True)
class Assign(Operation):
    """Make a person primary or secondary owner of a priority or target."""

    code: str
    who: str
    role: OwnerRole | str = OwnerRole.PRIMARY

    @property
    def label(self) -> str:
        return f"Make {self.who} {self.role} owner of {self.code}"

    def apply(self, tx: Tx) -> None:
        node = tx.node(self.code)
        if node["kind"] not in (NodeKind.PRIORITY, NodeKind.TARGET):
            raise ValidationError(
                f"Owners are for priorities and targets; {node['code']} is {a(node['kind'])}."
            )
        person = tx.person(self.who)
        role = validate.choice(OwnerRole, self.role, "role")
        r = e.Responsibility
        where = (r.node_id == node["id"], r.person_id == person["id"])
        if tx.session.execute(select(r.id).where(*where)).first():
            tx.rec.update_where(e.Responsibility, {"role": role.value}, *where)
        else:
            tx.rec.insert_one(
                e.Responsibility,
                {"node_id": node["id"], "person_id": person["id"], "role": role.value},
            )


@dataclass(frozen=True)
class Unassign(Operation):
    code: str
    who: str

    @property
    def label(self) -> str:
        return f"Remove {self.who} as owner of {self.code}"

    def apply(self, tx: Tx) -> None:
        node, person = tx.node(self.code), tx.person(self.who)
        r = e.Responsibility
        if not tx.rec.delete_where(
            e.Responsibility, r.node_id == node["id"], r.person_id == person["id"]
        ):
            raise ValidationError(f"{person['name']} is not an owner of {node['code']}.")


@dataclass(frozen=True)
class SetSetting(Operation):
    key: str
    value: Any

    @property
    def label(self) -> str:
        return f"Change {OPTIONS[self.key].label.lower()}" if self.key in OPTIONS else "Setting"

    def apply(self, tx: Tx) -> None:
        if self.key not in OPTIONS:
            raise ValidationError(f"There is no plan setting {self.key!r}.")
        value = self.value
        if self.key == "holidays":  # stored sorted as ISO dates, a bad one refused in words
            value = [d.isoformat() for d in sorted(parse_holidays(value or []))]
        check_range(self.key, value)
        raw = encode(value)
        s = e.Setting
        if tx.session.execute(select(s.key).where(s.key == self.key)).first():
            tx.rec.update_where(e.Setting, {"value": raw}, s.key == self.key)
        else:
            tx.rec.insert(e.Setting, [{"key": self.key, "value": raw}])


@dataclass(frozen=True)
class AddFunction(Operation):
    name: str

    @property
    def label(self) -> str:
        return f"Add function {self.name.strip()}"

    def apply(self, tx: Tx) -> int:
        name = validate.title(self.name, "function name")
        rows = tx.session.execute(select(e.Function.name)).scalars().all()
        if name.lower() in (n.lower() for n in rows):
            raise ValidationError(f"The function {name} exists already.")
        return tx.rec.insert_one(e.Function, {"name": name, "position": len(rows)})
