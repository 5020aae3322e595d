"""The organisation as its screen and commands read it: units, people, roles, functions,
and what removing a unit or a person would take with it.

Plain rows, each list read in one or two grouped queries whatever the size of the plan (a
thousand teams cost the same few SELECTs as the sample): the ``Organisation…`` dialog, and
``hoshin unit list``, ``function list``, ``unit remove`` and ``person remove`` ask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError
from hoshin.model.kinds import Access, NodeKind
from hoshin.model.lookups import find_person
from hoshin.plan import Plan
from hoshin.rules import permissions
from hoshin.text.wording import count


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    code: str
    name: str
    parent_id: int | None
    level: str
    function: str | None
    depth: int  # 0 for the top unit
    people: int  # the unit's own, not the units' below


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    key: str
    name: str
    unit_id: int
    unit_code: str
    unit_name: str
    function: str | None  # the unit's: a person works in the function of their unit
    login: str | None
    owns: int  # priorities and targets they answer for
    email: str | None = None  # where reminders reach them


@dataclass(frozen=True, slots=True)
class RoleRow:
    unit_id: int
    unit_code: str
    unit_name: str
    person_id: int
    person_key: str
    person_name: str
    role: Access
    login: str | None


@dataclass(frozen=True, slots=True)
class FunctionRow:
    id: int
    name: str
    units: int
    kaizens: int


def units(session: Session) -> list[UnitRow]:
    """Every unit, each after its parent, siblings in the order they were added."""
    u, f, p = e.Unit, e.Function, e.Person
    people = dict(session.execute(select(p.unit_id, func.count()).group_by(p.unit_id)).all())
    rows = session.execute(
        select(u.id, u.code, u.name, u.parent_id, u.level, f.name)
        .outerjoin(f, f.id == u.function_id)
        .order_by(u.id)
    ).all()
    children: dict[int | None, list[UnitRow]] = {}
    for uid, code, name, parent, level, function in rows:
        unit = UnitRow(uid, code, name, parent, level, function, 0, int(people.get(uid, 0)))
        children.setdefault(parent, []).append(unit)
    out: list[UnitRow] = []
    # Depth first, iteratively: a thousand teams need no thousand stack frames.
    stack = [(unit, 0) for unit in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        out.append(replace(unit, depth=depth))
        stack += [(child, depth + 1) for child in reversed(children.get(unit.id, []))]
    return out


def people(session: Session, unit_id: int | None = None) -> list[PersonRow]:
    """The people of one unit (its own), or of the whole plan, by name."""
    p, u, f, r = e.Person, e.Unit, e.Function, e.Responsibility
    owns_q = select(r.person_id, func.count()).group_by(r.person_id)
    query = (
        select(p.id, p.key, p.name, p.unit_id, u.code, u.name, f.name, p.login, p.email)
        .join(u, u.id == p.unit_id)
        .outerjoin(f, f.id == u.function_id)
        .order_by(p.name, p.id)
    )
    if unit_id is not None:
        query = query.where(p.unit_id == unit_id)
        owns_q = owns_q.join(p, p.id == r.person_id).where(p.unit_id == unit_id)
    owns = dict(session.execute(owns_q).all())
    return [
        PersonRow(pid, key, name, uid, code, unit, function, login, int(owns.get(pid, 0)), email)
        for pid, key, name, uid, code, unit, function, login, email in session.execute(query)
    ]


def roles(session: Session, unit_id: int | None = None) -> list[RoleRow]:
    """Roles held on one unit, or every role of the plan, by unit code and person key."""
    r, p, u = e.UnitRole, e.Person, e.Unit
    query = (
        select(u.id, u.code, u.name, p.id, p.key, p.name, r.role, p.login)
        .join(p, p.id == r.person_id)
        .join(u, u.id == r.unit_id)
        .order_by(u.code, p.key)
    )
    if unit_id is not None:
        query = query.where(r.unit_id == unit_id)
    return [
        RoleRow(uid, code, unit, pid, key, name, Access(role), login)
        for uid, code, unit, pid, key, name, role, login in session.execute(query)
    ]


def functions(session: Session) -> list[FunctionRow]:
    """The plan's functions in their order, with how many units and kaizens have each."""
    f, u, n = e.Function, e.Unit, e.Node
    in_units = dict(
        session.execute(
            select(u.function_id, func.count())
            .where(u.function_id.is_not(None))
            .group_by(u.function_id)
        ).all()
    )
    kaizens = dict(
        session.execute(
            select(n.function_id, func.count())
            .where(n.kind == NodeKind.KAIZEN.value, n.function_id.is_not(None))
            .group_by(n.function_id)
        ).all()
    )
    return [
        FunctionRow(fid, name, int(in_units.get(fid, 0)), int(kaizens.get(fid, 0)))
        for fid, name in session.execute(select(f.id, f.name).order_by(f.position, f.id))
    ]


def level_names(session: Session, defaults: Iterable[str]) -> list[str]:
    """The level names to offer for a unit: the plan's, then any other a unit uses."""
    names = list(dict.fromkeys(defaults))
    for (level,) in session.execute(select(e.Unit.level).distinct().order_by(e.Unit.level)):
        if level not in names:
            names.append(level)
    return names


# -- what a removal takes ---------------------------------------------------------------


@dataclass
class UnitRemoval:
    """What removing a unit takes with it, or what keeps it (then nothing goes)."""

    code: str
    name: str
    top: bool = False
    kept_by: list[str] = field(default_factory=list)  # "2 people", "1 unit below it"
    roles: list[str] = field(default_factory=list)  # "Gareth Lee as manager"

    @property
    def blocked(self) -> bool:
        """The core refuses it (and says why): the top unit, or a unit not yet empty."""
        return self.top or bool(self.kept_by)

    def parts(self) -> list[str]:
        """What goes with it, in words."""
        if not self.roles:
            return []
        return [f"{count(len(self.roles), 'role')} on it: {', '.join(self.roles)}"]


def unit_removal(session: Session, code: str) -> UnitRemoval:
    """What ``hoshin unit remove`` and the dialog's Remove would take: a few counts."""
    u, p, n, r = e.Unit, e.Person, e.Node, e.UnitRole
    found = session.execute(
        select(u.id, u.code, u.name, u.parent_id).where(u.code == code.strip().upper())
    ).first()
    if found is None:
        raise NotFoundError(f"No unit {code.strip()} in this plan.")
    uid, ucode, name, parent = found
    out = UnitRemoval(ucode, name, top=parent is None)
    for what, many, table, column in (
        ("unit below it", "units below it", u, u.parent_id),
        ("person", "people", p, p.unit_id),
        ("objective, target or kaizen", "objectives, targets or kaizens", n, n.unit_id),
    ):
        held = session.execute(select(func.count()).select_from(table).where(column == uid))
        if number := int(held.scalar() or 0):
            out.kept_by.append(count(number, what, many))
    named = select(p.name, r.role).join(p, p.id == r.person_id).where(r.unit_id == uid)
    out.roles = [f"{person} as {role}" for person, role in session.execute(named.order_by(p.name))]
    return out


@dataclass
class PersonRemoval:
    """What removing a person takes with them, or the history that keeps them."""

    key: str
    name: str
    unit_code: str
    kept_by: str = ""  # the history under their name, in words ("" when they may go)
    owns: list[str] = field(default_factory=list)  # codes of priorities and targets
    roles: list[str] = field(default_factory=list)  # "manager of PLT"
    unowned: int = 0  # action items, countermeasures and checks left without an owner

    @property
    def blocked(self) -> bool:
        return bool(self.kept_by)

    def parts(self) -> list[str]:
        """What goes with them, in words ("ownership of KPI-1", "role manager of PLT")."""
        out: list[str] = []
        if self.owns:
            out.append(f"ownership of {', '.join(self.owns)}")
        if self.roles:
            out.append(("roles " if len(self.roles) > 1 else "role ") + ", ".join(self.roles))
        if self.unowned:
            what = count(
                self.unowned,
                "action item, countermeasure or check",
                "action items, countermeasures or checks",
            )
            out.append(f"the owner of {what} (kept, with no owner)")
        return out


def person_removal(session: Session, who: str) -> PersonRemoval:
    """What ``hoshin person remove`` and the dialog's Remove would take: a few counts."""
    person = find_person(session, who)
    pid = person["id"]
    unit_code = session.execute(select(e.Unit.code).where(e.Unit.id == person["unit_id"])).scalar()
    out = PersonRemoval(person["key"], person["name"], str(unit_code))
    m = e.CatchballMessage
    if session.execute(
        select(m.id).where(or_(m.author_id == pid, m.owner_id == pid)).limit(1)
    ).first():
        out.kept_by = "catchball messages"
    elif session.execute(
        select(e.AuditEntry.id).where(e.AuditEntry.person_id == pid).limit(1)
    ).first():
        out.kept_by = "edits in the history"
    n, r = e.Node, e.Responsibility
    out.owns = list(
        session.execute(
            select(n.code).join(r, r.node_id == n.id).where(r.person_id == pid).order_by(n.code)
        ).scalars()
    )
    ur, u = e.UnitRole, e.Unit
    out.roles = [
        f"{role} of {code}"
        for role, code in session.execute(
            select(ur.role, u.code)
            .join(u, u.id == ur.unit_id)
            .where(ur.person_id == pid)
            .order_by(u.code)
        )
    ]
    for table in (e.ActionItem, e.Countermeasure, e.SustainmentCheck):
        out.unowned += int(
            session.execute(
                select(func.count()).select_from(table).where(table.owner_id == pid)
            ).scalar()
            or 0
        )
    return out


@dataclass(frozen=True)
class Organisation:
    """Everything the Organisation dialog shows at once, read in one session (so the
    lists agree with one another)."""

    units: list[UnitRow]
    functions: list[FunctionRow]
    people: list[PersonRow]
    level_names: list[str]
    rights: permissions.Rights  # what the person using the app may do here
    held: str  # their roles in words ("" for nobody)


class OrganisationReads:
    """What the Organisation dialog asks of an open plan; each read is one short session
    (views hold no session, as :class:`hoshin.reads.board.BoardReads`).

    Args:
        plan: the plan shown.
    """

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def whole(self) -> Organisation:
        plan = self.plan
        with plan.session() as s:
            everyone = people(s)
            rights = permissions.rights(
                s, plan.graph, plan.roles, plan.actor, administrator=plan.administrator
            )
            me = next((p.key for p in everyone if p.id == rights.person_id), None)
            return Organisation(
                units(s),
                functions(s),
                everyone,
                level_names(s, plan.settings.values["level_names"]),
                rights,
                permissions.describe(s, me) if me else "",
            )

    def units(self) -> list[UnitRow]:
        with self.plan.session() as s:
            return units(s)

    def of_unit(self, unit_id: int) -> tuple[list[PersonRow], list[RoleRow]]:
        """The people of a unit and the roles held on it."""
        with self.plan.session() as s:
            return people(s, unit_id), roles(s, unit_id)

    def roles(self) -> list[RoleRow]:
        with self.plan.session() as s:
            return roles(s)

    def functions(self) -> list[FunctionRow]:
        with self.plan.session() as s:
            return functions(s)

    def unit_removal(self, code: str) -> UnitRemoval:
        with self.plan.session() as s:
            return unit_removal(s, code)

    def person_removal(self, who: str) -> PersonRemoval:
        with self.plan.session() as s:
            return person_removal(s, who)
