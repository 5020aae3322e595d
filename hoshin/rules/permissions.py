"""Who may change what: roles per unit (viewer, member, manager, executive).

A role on a unit holds for that unit and every unit below it. A plan without any role is
open to everyone (a personal file); once someone holds a role, every edit needs a named
person whose role allows each row it writes. The same rules are created as row-level
security policies on a shared plan (:mod:`hoshin.shared.rls`), so plain SQL cannot go around them.

What each row needs, on the unit it belongs to:

- kaizens, their links, checks, action items, monthly figures, countermeasures: member;
- an A3 and its rows: the role of the node it is written on;
- priorities, targets, their links and owners, people: manager;
- breakthrough and annual objectives, units, roles, functions, plan settings: executive;
- a comment on a year-end reflection: a member of the node's unit or of a unit above, in
  their own name;
- catchball: threads and messages need a member of either side (the catchball operations
  ask more: a manager of the side to offer, agree or withdraw; of the unit above to lock);
- routines of Leader Standard Work, their answers and findings: the person they belong to,
  or a manager of that person's unit (a finding made a kaizen: the kaizen's own rule);
- problems: a member of the unit that holds one; moving one a tier up or down, a manager of
  the lower unit; a step of its history, its own author;
- a review meeting, its agenda and decisions: manager of the meeting's unit; a decision's
  owner marks it done or open again;
- the reminder log (hoshin remind): executive of the top unit (or the plan's owner).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.model.errors import HoshinError, PermissionDeniedError
from hoshin.model.kinds import Access, NodeKind
from hoshin.model.lookups import find_person
from hoshin.store.steps import Row, Step

#: The role a node's own rows need, by the node's kind.
NODE_NEEDS: Mapping[NodeKind, Access] = {
    NodeKind.KAIZEN: Access.MEMBER,
    NodeKind.TARGET: Access.MANAGER,
    NodeKind.PRIORITY: Access.MANAGER,
    NodeKind.ANNUAL: Access.EXECUTIVE,
    NodeKind.BREAKTHROUGH: Access.EXECUTIVE,
}

#: Tables about one node, the column naming it, and the least role (else the node's own).
_NODE_ROWS: Mapping[str, tuple[str, Access | None]] = {
    "responsibilities": ("node_id", Access.MANAGER),
    "measurements": ("node_id", Access.MEMBER),
    "countermeasures": ("node_id", Access.MEMBER),
    "sustainment_checks": ("kaizen_id", Access.MEMBER),
    "action_items": ("kaizen_id", Access.MEMBER),
    # An A3 and its rows: the role of the node it is written on.
    "a3s": ("node_id", None),
    "a3_items": ("node_id", None),
    "a3_links": ("node_id", None),
    # The year-end reflection on a node: whoever may change the node (its manager).
    "reflections": ("node_id", None),
    # A target's daily or weekly values: like its monthly figures, a member of its unit.
    "target_values": ("node_id", Access.MEMBER),
    # A comment on it: a member of the node's unit or of a unit above (a role holds below),
    # in the author's own name (Guard._needs).
    "reflection_comments": ("node_id", Access.MEMBER),
}

#: How a refusal names rows of a table, where its name would not do.
_ROW_WORDS = {
    "a3s": "the A3",
    "a3_items": "rows of the A3",
    "a3_links": "links of the A3",
    "reflection_comments": "a comment on the reflection",
}

NO_PERSON = (
    "This plan gives people roles: say who you are before editing it (on the command line, "
    "HOSHIN_PERSON=<your key or name>, or --as where a command has it; in the app, "
    "Settings ▸ Current person)."
)

_VERB = {"insert": "add", "delete": "remove", "update": "change"}

#: Why a shared plan with roles renames nobody (its database refuses it to every login).
RENAME_REFUSED = (
    "{name} cannot be renamed on a shared plan: a name is how the history shows its "
    "author, so the database keeps every person's name as it was added."
)


def _refusal(name: str, doing: str, need: Access, code: str, held: Access | None) -> str:
    """The one sentence of a refusal, whether the edit was tried or only asked about."""
    has = f"{held.value} there" if held else "no role there"
    return (
        f"{name} may not {doing}: that needs the {need.value} role on {code} or a unit "
        f"above it ({name} has {has})."
    )


#: A unit (None: unknown), the least role needed there, and what the edit does, in words.
Need = tuple[int | None, Access, str]


@dataclass
class Roles:
    """Every role of the plan: person id → unit id → role."""

    by_person: dict[int, dict[int, Access]] = field(default_factory=dict)

    @property
    def enforced(self) -> bool:
        return bool(self.by_person)

    def level(self, person_id: int | None, unit_id: int, graph: StrategyGraph) -> Access | None:
        """The strongest role ``person_id`` holds on ``unit_id`` or a unit above it."""
        held = self.by_person.get(person_id or 0)
        if not held:
            return None
        best: Access | None = None
        for unit in (unit_id, *graph.unit_ancestors(unit_id)):
            role = held.get(unit)
            if role is not None and (best is None or role.rank > best.rank):
                best = role
        return best

    def allows(
        self, person_id: int | None, unit_id: int, need: Access, graph: StrategyGraph
    ) -> bool:
        role = self.level(person_id, unit_id, graph)
        return role is not None and role.rank >= need.rank


def load(session: Session) -> Roles:
    r = e.UnitRole
    roles = Roles()
    for person_id, unit_id, role in session.execute(select(r.person_id, r.unit_id, r.role)):
        roles.by_person.setdefault(person_id, {})[unit_id] = Access(role)
    return roles


def describe(session: Session, person_key: str) -> str:
    """A person's roles in words ("manager of OPS, member of T-AS"); "" on a plan without
    roles; "no role: reads only" for a person without one on a plan that has them."""
    r, p, u = e.UnitRole, e.Person, e.Unit
    if not session.execute(select(r.id).limit(1)).first():
        return ""
    held = session.execute(
        select(r.role, u.code)
        .join(p, p.id == r.person_id)
        .join(u, u.id == r.unit_id)
        .where(p.key == person_key)
        .order_by(u.code)
    ).all()
    if not held:
        return "no role: reads only"
    return ", ".join(f"{role} of {code}" for role, code in held)


#: What the owner of a decision changes in closing it or opening it again.
_CLOSING = frozenset({"id", "done", "done_on"})


class Guard:
    """Checks each raw step of an edit against the actor's roles before it is written."""

    def __init__(self, session: Session, graph: StrategyGraph, roles: Roles, person: Any) -> None:
        self.session = session
        self.graph = graph
        self.roles = roles
        self.person_id: int = person["id"]
        self.person_name: str = person["name"]

    def __call__(self, step: Step) -> None:
        rows = step.context if step.action == "update" else step.rows
        for row in rows:
            for unit_id, need, what in self._needs(step, row):
                self.require(unit_id, need, f"{_VERB[step.action]} {what}")

    def require(self, unit_id: int | None, need: Access, doing: str) -> None:
        """Refuse unless the actor holds ``need`` on ``unit_id`` or above."""
        if unit_id is not None and self.roles.allows(self.person_id, unit_id, need, self.graph):
            return
        held = self.roles.level(self.person_id, unit_id, self.graph) if unit_id else None
        code = self._unit_code(unit_id)
        raise PermissionDeniedError(_refusal(self.person_name, doing, need, code, held))

    def _unit_code(self, unit_id: int | None) -> str:
        if unit_id is None:
            return "the plan"
        code = self.session.execute(select(e.Unit.code).where(e.Unit.id == unit_id)).scalar()
        return str(code or unit_id)

    def _top_unit(self) -> int | None:
        return self.session.execute(select(e.Unit.id).where(e.Unit.parent_id.is_(None))).scalar()

    def _node(self, node_id: int, row: Row | None = None) -> tuple[int, NodeKind, str]:
        """Unit, kind and code of a node: from the row itself when it is being written."""
        if row is not None and "unit_id" in row:
            return row["unit_id"], NodeKind(row["kind"]), row["code"]
        if self.graph.has_node(node_id):
            node = self.graph.node(node_id)
            return node.unit_id, node.kind, node.code
        n = e.Node
        found = self.session.execute(select(n.unit_id, n.kind, n.code).where(n.id == node_id)).one()
        return found[0], NodeKind(found[1]), found[2]

    def _needs(self, step: Step, row: Row) -> list[Need]:
        table = step.table
        if table == "nodes":
            unit, kind, code = self._node(row["id"], row if step.action != "update" else None)
            out: list[Need] = [(unit, NODE_NEEDS[kind], f"{kind.label.lower()} {code}")]
            if step.action == "update":
                for new in step.rows:
                    if new["id"] == row["id"] and "unit_id" in new:  # a move needs both
                        out.append((new["unit_id"], NODE_NEEDS[kind], f"{code} into that unit"))
            return out
        if table == "edges":
            # A link belongs to the serving node: the child of a deployment.
            link_kind = row.get("kind")
            if link_kind is None:  # an update's context: ids only
                link_kind = self.session.execute(
                    select(e.Edge.kind).where(e.Edge.id == row["id"])
                ).scalar()
            serving = row["target_id"] if link_kind == "deploys" else row["source_id"]
            unit, kind, code = self._node(serving)
            return [(unit, NODE_NEEDS[kind], f"a link of {code}")]
        if table == "reflection_comments" and row.get("author_id") != self.person_id:
            raise PermissionDeniedError(
                f"{self.person_name} may comment in their own name only, not another's."
            )
        if table in _NODE_ROWS:
            column, least = _NODE_ROWS[table]
            unit, kind, code = self._node(row[column])
            need = least if least is not None else NODE_NEEDS[kind]
            words = _ROW_WORDS.get(table, table.replace("_", " "))
            return [(unit, need, f"{words} of {code}")]
        if table == "units":
            # Adding or removing a unit is its parent's business; renaming, its own.
            parent = row.get("parent_id") if step.action != "update" else row["id"]
            return [(parent if parent is not None else row["id"], Access.EXECUTIVE, "units")]
        if table == "people":
            home: int | None = row.get("unit_id")
            if home is None:
                home = self.session.execute(
                    select(e.Person.unit_id).where(e.Person.id == row["id"])
                ).scalar()
            return [(home, Access.MANAGER, "people")]
        if table == "unit_roles":
            held: int | None = row.get("unit_id")
            if held is None:
                held = self.session.execute(
                    select(e.UnitRole.unit_id).where(e.UnitRole.person_id == row["person_id"])
                ).scalar()
            return [(held, Access.EXECUTIVE, "roles")]
        if table in ("settings", "functions", "years"):
            return [(self._top_unit(), Access.EXECUTIVE, f"the plan's {table}")]
        if table in ("catchball_threads", "catchball_messages"):
            return self._catchball_needs(table, row)
        if table in _ROUTINE_ROWS:
            if step.action == "update" and relinks(table, step.rows):
                # The node it served is being deleted (or restored by an undo): the node's
                # own rule, for whoever does that.
                return self._link_needs(table, step.rows)
            return self._routine_needs(table, row)
        if table == "meeting_decisions" and self._closes_own(step):
            return []
        if table in ("meetings", "meeting_items", "meeting_decisions"):
            return [(self._meeting_unit(table, row), Access.MANAGER, "review meetings")]
        if table == "reminders_sent":
            return [(self._top_unit(), Access.EXECUTIVE, "the reminder log")]
        if table == "problems":
            return self._problem_needs(step, row)
        if table == "problem_steps":
            return self._problem_step_needs(step, row)
        return []

    def _problem_step_needs(self, step: Step, row: Row) -> list[Need]:
        """A step of a problem's history is written in its author's own name, by whoever
        may work on the problem or move it along its path (the unit it was raised in).
        Only the removal of a person (and its undo) changes a step, its author alone, and
        removing people is checked on their own row."""
        if step.action == "update":
            if all(set(new) <= {"id", "by_id"} for new in step.rows):
                return []
            raise PermissionDeniedError("A problem's history is never changed.")
        if row.get("by_id") != self.person_id:
            raise PermissionDeniedError(
                f"{self.person_name} may not {_VERB[step.action]} steps of a problem's "
                "history in someone else's name."
            )
        p = e.Problem
        where = self.session.execute(
            select(p.unit_id, p.raised_unit_id).where(p.id == row["problem_id"])
        ).first()
        if where is None or self.roles.allows(self.person_id, where[1], Access.MANAGER, self.graph):
            return []
        return [(where[0], Access.MEMBER, "the history of its problems")]

    def _closes_own(self, step: Step) -> bool:
        """Whether an update marks the actor's own action items done or open again, and
        changes nothing else of them (the owner of a decision closes it; a manager of the
        meeting's unit changes the rest)."""
        if step.action != "update" or not all(set(new) <= _CLOSING for new in step.rows):
            return False
        d = e.MeetingDecision
        ids = [new["id"] for new in step.rows]
        owners = self.session.execute(select(d.owner_id).where(d.id.in_(ids))).scalars().all()
        return len(owners) == len(ids) and all(owner == self.person_id for owner in owners)

    def _meeting_unit(self, table: str, row: Row) -> int | None:
        """The unit a row of a review meeting belongs to: its meeting's."""
        if table == "meetings":
            if row.get("unit_id") is not None:
                return int(row["unit_id"])
            found = select(e.Meeting.unit_id).where(e.Meeting.id == row["id"])
            return self.session.execute(found).scalar()
        meeting_id = row.get("meeting_id")
        if meeting_id is None:
            entity = e.MeetingItem if table == "meeting_items" else e.MeetingDecision
            meeting_id = self.session.execute(
                select(entity.meeting_id).where(entity.id == row["id"])
            ).scalar()
        return self.session.execute(
            select(e.Meeting.unit_id).where(e.Meeting.id == meeting_id)
        ).scalar()

    def _problem_needs(self, step: Step, row: Row) -> list[Need]:
        """A problem is worked on by a member of the unit that holds it; moving it between
        a unit and the unit above (escalating, sending back, and their undo) needs a
        manager of the lower of the two, which a manager of the upper one is too."""
        if step.action != "update":
            return [(row["unit_id"], Access.MEMBER, "problems")]
        here = self.session.execute(
            select(e.Problem.unit_id).where(e.Problem.id == row["id"])
        ).scalar()
        new = next((r for r in step.rows if r["id"] == row["id"]), {})
        there = new.get("unit_id", here)
        if there == here or here is None or there is None:
            return [(here, Access.MEMBER, "problems")]
        if there == self.graph.unit_parent_of(here):
            lower = here
        elif here == self.graph.unit_parent_of(there):
            lower = there
        else:  # only ever one tier at a time
            return [(self._top_unit(), Access.EXECUTIVE, "problems across several tiers")]
        return [(lower, Access.MANAGER, "problems between tiers")]

    def _link_needs(self, table: str, rows: tuple[Row, ...]) -> list[Need]:
        out: list[Need] = []
        column = "node_id" if table == "routines" else "kaizen_id"
        for new in rows:
            if new.get(column) is not None:
                unit, kind, code = self._node(new[column])
                out.append((unit, NODE_NEEDS[kind], f"link {table} to {code}"))
        return out

    def _routine_needs(self, table: str, row: Row) -> list[Need]:
        person = routine_person(self.session, table, row)
        if person is None or person == self.person_id:
            return []  # one's own standard work (a row already gone: nothing to guard)
        home, name = self.session.execute(
            select(e.Person.unit_id, e.Person.name).where(e.Person.id == person)
        ).one()
        return [(home, Access.MANAGER, f"the routines of {name}")]

    def _catchball_needs(self, table: str, row: Row) -> list[Need]:
        if table == "catchball_messages" and row.get("author_id") == self.person_id:
            return []  # one's own message
        thread_id = row["thread_id"] if table == "catchball_messages" else row["id"]
        if "upper_unit_id" in row:  # a thread being written: its own row says
            upper, lower = row["upper_unit_id"], row["lower_unit_id"]
        else:
            t = e.CatchballThread
            upper, lower = self.session.execute(
                select(t.upper_unit_id, t.lower_unit_id).where(t.id == thread_id)
            ).one()
        if self.roles.allows(self.person_id, lower, Access.MEMBER, self.graph):
            return []
        return [(upper, Access.MEMBER, f"catchball thread {thread_id}")]


#: Tables of Leader Standard Work: their rows belong to a person (see routine_person).
_ROUTINE_ROWS = ("routines", "routine_answers", "findings")
#: The link columns of anybody's routine or finding that whoever may change the node they
#: point to may clear (DeleteNode) and set back (its undo): the node's own rule guards them.
UNLINKING = {"routines": frozenset({"node_id"}), "findings": frozenset({"kaizen_id", "outcome"})}


def relinks(table: str, rows: tuple[Row, ...]) -> bool:
    """Whether an update of ``rows`` (id and new values) touches link columns only."""
    columns = UNLINKING.get(table)
    return (
        columns is not None
        and all(set(new) - {"id"} <= columns for new in rows)
        and all(set(new) - {"id"} for new in rows)
    )


def routine_person(session: Session, table: str, row: Row) -> int | None:
    """The person a row of a routine, an answer or a finding belongs to."""
    if table in ("routines", "routine_answers") and "person_id" in row:
        return int(row["person_id"])
    if table == "routines":
        found = select(e.Routine.person_id).where(e.Routine.id == row["id"])
    elif table == "routine_answers":
        found = select(e.Routine.person_id).where(e.Routine.id == row["routine_id"])
    else:
        a = e.RoutineAnswer
        answer = row.get("answer_id")
        if answer is None:
            answer = session.execute(
                select(e.Finding.answer_id).where(e.Finding.id == row["id"])
            ).scalar()
        found = select(a.person_id).where(a.id == answer)
    person = session.execute(found).scalar()
    return int(person) if person is not None else None


# -- asking before editing: what a screen may offer --------------------------------------


@dataclass(frozen=True)
class Answer:
    """Whether an edit would be allowed; if not, why, in the words of its refusal."""

    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


YES = Answer(True)


@dataclass(frozen=True)
class Rights:
    """What the person editing may change in the organisation, asked before they try (the
    orange-canvas ``can_connect``): a screen disables what the core would refuse and shows
    the same sentence. Each answer follows :meth:`Guard._needs` for the rows the edit writes.
    """

    roles: Roles
    graph: StrategyGraph
    person_id: int | None
    person_name: str
    codes: Mapping[int, str]  # unit id → code, for the sentences
    parents: Mapping[int, int | None]  # unit id → parent id
    free: bool = False  # a plan without roles, or its owner administering it
    shared: bool = False  # a PostgreSQL plan, whose database adds its own refusals
    missing: str = NO_PERSON  # why nobody is named, when person_id is None

    @property
    def top(self) -> int | None:
        return next((u for u, parent in self.parents.items() if parent is None), None)

    def _need(self, unit_id: int | None, need: Access, doing: str) -> Answer:
        if self.free:
            return YES
        if self.person_id is None:
            return Answer(False, self.missing)
        if unit_id is not None and self.roles.allows(self.person_id, unit_id, need, self.graph):
            return YES
        held = self.roles.level(self.person_id, unit_id, self.graph) if unit_id else None
        code = self.codes.get(unit_id, "the plan") if unit_id is not None else "the plan"
        return Answer(False, _refusal(self.person_name, doing, need, code, held))

    def can_add_unit_below(self, unit_id: int) -> Answer:
        """Adding a unit is its parent's business."""
        return self._need(unit_id, Access.EXECUTIVE, "add units")

    def can_change_unit(self, unit_id: int) -> Answer:
        """Renaming a unit, or setting its level or function, is its own executive's."""
        return self._need(unit_id, Access.EXECUTIVE, "change units")

    def can_remove_unit(self, unit_id: int) -> Answer:
        parent = self.parents.get(unit_id)
        if parent is None:
            return Answer(
                False, f"{self.codes.get(unit_id, unit_id)} is the top unit; a plan keeps it."
            )
        return self._need(parent, Access.EXECUTIVE, "remove units")

    def can_change_people(self, unit_id: int, verb: str = "change") -> Answer:
        """Adding (``verb`` "add"), moving or removing the people of a unit."""
        return self._need(unit_id, Access.MANAGER, f"{verb} people")

    def can_rename_person(self, unit_id: int, name: str) -> Answer:
        if self.shared and not self.free:
            return Answer(False, RENAME_REFUSED.format(name=name))
        return self.can_change_people(unit_id)

    def can_give_roles(self, unit_id: int, verb: str = "add") -> Answer:
        """Giving a role on a unit ("add"), or changing or taking one away ("remove")."""
        return self._need(unit_id, Access.EXECUTIVE, f"{verb} roles")

    def can_change_functions(self, verb: str = "add") -> Answer:
        return self._need(self.top, Access.EXECUTIVE, f"{verb} the plan's functions")

    def can_manage_routines(self, person_id: int, home_unit: int, name: str) -> Answer:
        """Adding, answering or changing the routines of a person: their own, or a manager
        of their unit's."""
        if not self.free and person_id == self.person_id:
            return YES
        return self._need(home_unit, Access.MANAGER, f"change the routines of {name}")

    def can_change_node(self, unit_id: int, kind: NodeKind | str, code: str) -> Answer:
        """Changing a node of ``unit_id`` (and the rows about it that take the node's own
        role: its A3, its reflection): the role its kind needs there."""
        kind = NodeKind(kind)
        return self._need(unit_id, NODE_NEEDS[kind], f"change {kind.label.lower()} {code}")

    def can_comment_reflection(self, unit_id: int, code: str) -> Answer:
        """Commenting on the reflection on a node of ``unit_id``: a member there or above."""
        return self._need(unit_id, Access.MEMBER, f"comment on the reflection on {code}")


def rights(
    session: Session,
    graph: StrategyGraph,
    roles: Roles,
    actor: str | None,
    *,
    administrator: bool = False,
) -> Rights:
    """The :class:`Rights` of ``actor`` (a key or a name; None: nobody chosen)."""

    u = e.Unit
    units = session.execute(select(u.id, u.code, u.parent_id)).all()
    codes = {uid: code for uid, code, _parent in units}
    parents = {uid: parent for uid, _code, parent in units}
    shared = session.get_bind().dialect.name == "postgresql"
    free = not roles.enforced or administrator
    person_id, name, missing = None, "", NO_PERSON
    if actor and not free:
        try:
            person = find_person(session, actor)
        except HoshinError as exc:
            missing = str(exc)
        else:
            person_id, name = int(person["id"]), str(person["name"])
    return Rights(roles, graph, person_id, name, codes, parents, free, shared, missing)
