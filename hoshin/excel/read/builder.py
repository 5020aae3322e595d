"""Turning an imported workbook's :class:`Content` into a plan: one Batch, all or nothing.

Everything goes through operations (the same checks as a person's edits: codes, kinds,
cycles), in one transaction, into a file under a temporary name that takes the plan's
name only when complete: a failed or killed import leaves no plan behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hoshin.excel import names
from hoshin.excel.errors import ImportFailed
from hoshin.excel.read.content import Content, ReflectionRec, UnitRec
from hoshin.excel.read.import_ops import (
    At,
    ImportA3Link,
    ImportActionItem,
    ImportCarried,
    ImportCatchball,
    ImportCheck,
    ImportCountermeasure,
    ImportPerson,
    ImportStatus,
    RestoreStatus,
    SetCommittedGoal,
)
from hoshin.excel.read.report import ImportReport
from hoshin.excel.read.years_reader import YearNodeRec
from hoshin.model.errors import HoshinError
from hoshin.model.kinds import (
    DEFAULT_FUNCTIONS,
    FINISHED_STATUSES,
    KaizenStatus,
    NodeKind,
    parse_enum,
)
from hoshin.operations import (
    AddA3Row,
    AddNode,
    AddUnit,
    Assign,
    Batch,
    Link,
    LinkA3,
    NewA3,
    Operation,
    SetA3Section,
    SetMeasurement,
    SetSetting,
    UpdateUnit,
)
from hoshin.operations.target_values import SetTargetValues, SetTracking
from hoshin.operations.years import AddYear, Reflect, SetYearState
from hoshin.plan import Plan
from hoshin.rules.years import CLOSED
from hoshin.store import new_file

Tick = Callable[[], None]


def build_plan(content: Content, out: Path, tick: Tick | None = None) -> ImportReport:
    """Create the plan ``content`` describes at ``out`` (which must not exist).

    The plan is built under a temporary name and appears at ``out`` only when complete.
    """
    units = _tree_order(content.units)
    try:
        with new_file.building(out) as tmp:
            _build(content, units, tmp, tick)
    except ImportFailed:
        raise
    except HoshinError as exc:
        raise ImportFailed(f"Cannot create the plan: {exc}") from exc
    counts = {
        "units": len(units),
        "people": len(content.people),
        "objectives and targets": len(content.nodes),
        "links": len(content.links),
        "owners": len(content.owners),
        "monthly figures": len(content.measurements),
        "kaizens": len(content.kaizens),
        "checks": len(content.checks),
        "action items": len(content.items),
        "countermeasures": len(content.countermeasures),
        "catchball threads": len(content.threads),
        "reflections": len(content.reflections),
        "nodes of other years": len(content.year_nodes),
    }
    return ImportReport(out, content.source, content.plan_name, counts, content.problems)


def _build(content: Content, units: list[UnitRec], at: Path, tick: Tick | None) -> None:
    top = units[0]
    functions = tuple(content.functions) or DEFAULT_FUNCTIONS
    try:
        plan = Plan.create(
            at, content.plan_name, functions=functions, org_code=top.code, year=content.year
        )
    except HoshinError as exc:
        raise ImportFailed(f"Cannot create the plan: {exc}") from exc
    with plan:
        try:
            plan.execute(Batch("Import workbook", list(operations(content, units, tick))))
            _other_years(plan, content, tick)
        except HoshinError as exc:
            if isinstance(exc, ImportFailed):
                raise
            raise ImportFailed(f"The plan could not be built: {exc}") from exc


def _tree_order(units: list[UnitRec]) -> list[UnitRec]:
    """Units with the top one first and each parent before its units.

    The sheet's order is kept wherever it allows: the Organisation sheet lists units in
    the order they were created, so the new plan numbers them as the old one did.
    """
    if not units:
        raise ImportFailed("The workbook names no organisation unit.")
    codes = {u.code for u in units}
    tops = [u for u in units if u.parent is None or u.parent not in codes]
    if len(tops) != 1:
        names = ", ".join(u.code for u in tops) or "none"
        raise ImportFailed(f"A plan has one top unit; the workbook has {names}.")
    ordered, placed = [tops[0]], {tops[0].code}
    rest = [u for u in units if u is not tops[0]]
    while rest:
        waiting = []
        for u in rest:
            if u.parent in placed:
                ordered.append(u)
                placed.add(u.code)
            else:
                waiting.append(u)
        if len(waiting) == len(rest):
            loop = ", ".join(u.code for u in rest)
            raise ImportFailed(f"The units {loop} do not lead up to {tops[0].code}.")
        rest = waiting
    return ordered


def operations(content: Content, units: list[UnitRec], tick: Tick | None) -> Iterator[Operation]:
    def at(op: Operation, where: str) -> At:
        return At(op, where, tick)

    top = units[0]
    fix: dict[str, Any] = {}
    if top.name != content.plan_name:
        fix["name"] = top.name
    if top.level:
        fix["level"] = top.level
    if top.function:
        fix["function"] = top.function
    if fix:
        yield at(UpdateUnit(top.code, **fix), top.where)
    for u in units[1:]:
        yield at(AddUnit(u.name, u.parent, u.level, u.function, u.code), u.where)
    for key, value in content.settings.items():
        yield at(SetSetting(key, value), f"settings: {key}")
    for p in content.people:
        yield at(ImportPerson(p.key, p.name, p.unit, p.email), p.where)
    for node in content.nodes.values():
        yield at(AddNode(node.kind, node.unit, node.title, node.fields, code=node.code), node.where)
    for node in content.nodes.values():
        for parent in node.parents:
            if parent in content.nodes:
                yield at(Link(parent, node.code, kind="deploys"), node.where)
            else:
                content.problems.append(
                    f"{node.where}: {node.code} was deployed from {parent}, which is not in "
                    "the workbook; the link was left out"
                )
    for link in content.links:
        yield at(
            Link(link.source, link.target, strength=link.strength, rationale=link.rationale),
            link.where,
        )
    for owner in content.owners:
        yield at(Assign(owner.code, owner.key, owner.role), owner.where)
    for m in content.measurements:
        figures = {k: v for k, v in (("plan", m.plan), ("actual", m.actual)) if v is not None}
        if figures:
            yield at(SetMeasurement(m.code, m.month, **figures), m.where)
    for c in content.countermeasures:
        cm = ImportCountermeasure(c.code, c.month, c.what, c.owner, c.due, c.done, c.done_on)
        yield at(cm, c.where)
    for code, (tracking, where) in content.tracking.items():
        yield at(SetTracking(code, tracking), where)
    if content.target_values:
        values = SetTargetValues(content.target_values, f"the {names.TARGET_VALUES} sheet")
        yield at(values, names.TARGET_VALUES)
    yield from _kaizens(content, at)
    if content.threads:
        yield at(ImportCatchball(content.threads), "Catchball")
    for node in content.nodes.values():
        if node.committed_goal is not None:
            yield at(SetCommittedGoal(node.code, node.committed_goal), node.where)
    yield from _a3s(content, at)
    for r in content.reflections:
        yield at(_reflect(r), r.where)


def _reflect(r: ReflectionRec) -> Reflect:
    """The edit that records a reflection read from the Reflection or Years sheet."""
    return Reflect(
        r.code,
        decision=r.decision,
        new_title=r.new_title,
        new_goal=r.new_goal,
        result=r.result,
        helped=r.helped,
        hindered=r.hindered,
        lesson=r.lesson,
        author=r.author,
    )


def _other_years(plan: Plan, content: Content, tick: Tick | None) -> None:
    """The years the Years sheet holds besides the one the other sheets show, each built
    in that year; then what each node was carried from, and last each year's state (a
    closed year takes no more writes)."""

    def at(op: Operation, where: str) -> At:
        return At(op, where, tick)

    by_year: dict[int, list[YearNodeRec]] = {}
    for node in content.year_nodes:
        by_year.setdefault(node.year, []).append(node)
    for year in sorted(by_year):
        plan.execute(AddYear(year))
        plan.use_year(year)
        plan.execute(Batch(f"Import {year}", list(_year_operations(by_year[year], at))))
    plan.use_year(None)
    pairs = tuple((c.year, c.code, c.from_year, c.from_code) for c in content.carried)
    if pairs:
        plan.execute(ImportCarried(pairs))
    built = set(by_year) | ({content.year} if content.year is not None else set())
    for year, state in sorted(content.year_states.items()):
        if state == CLOSED and year in built:
            plan.execute(SetYearState(year, CLOSED))
    plan.use_year(None)


def _year_operations(
    nodes: list[YearNodeRec], at: Callable[[Operation, str], At]
) -> Iterator[Operation]:
    restore: list[tuple[str, KaizenStatus, str]] = []
    for node in nodes:
        fields = dict(node.fields)
        if node.kind is NodeKind.KAIZEN:
            status = parse_enum(KaizenStatus, str(fields.get("status", "idea")), "status")
            if status is not KaizenStatus.IDEA:
                fields["status"] = KaizenStatus.IN_PROGRESS.value
                restore.append((node.code, status, node.where))
        yield at(AddNode(node.kind, node.unit, node.title, fields, code=node.code), node.where)
    for node in nodes:
        for code, strength in node.serves:
            yield at(Link(node.code, code, strength=strength), node.where)
        for key, role in node.owners:
            yield at(Assign(node.code, key, role), node.where)
        for month, plan_value, actual in node.figures:
            figures = {k: v for k, v in (("plan", plan_value), ("actual", actual)) if v is not None}
            if figures:
                yield at(SetMeasurement(node.code, month, **figures), node.where)
    for code, status, where in restore:
        yield at(ImportStatus(code, status), where)
    for node in nodes:
        if node.reflection is not None:
            yield at(_reflect(node.reflection), node.reflection.where)


_ITEM_KINDS = {part: kind for kind, part in names.A3_ITEM_PARTS.items()}


def _a3s(content: Content, at: Callable[[Operation, str], At]) -> Iterator[Operation]:
    """Each A3 of the A3s sheet: started on its first row, then part by part."""
    started: set[str] = set()
    for r in content.a3s:
        if r.code not in started:
            started.add(r.code)
            title = r.text if r.part == names.A3_TITLE else None
            yield at(NewA3(r.code, r.kind or None, title or None), r.where)
            if r.part == names.A3_TITLE:
                continue
        if r.part == names.A3_TITLE:
            yield at(SetA3Section(r.code, "title", r.text), r.where)
        elif r.part in _ITEM_KINDS:
            kind = _ITEM_KINDS[r.part]
            yield at(AddA3Row(r.code, kind, r.text, r.m, r.who, r.when), r.where)
        elif r.part == names.A3_KAIZEN:
            yield at(LinkA3(r.code, kaizen=r.links or ""), r.where)
        elif r.part == names.A3_COUNTERMEASURE:
            yield at(ImportA3Link(r.code, r.links or "", r.text), r.where)
        elif r.text:
            yield at(SetA3Section(r.code, r.part, r.text), r.where)


def _kaizens(content: Content, at: Callable[[Operation, str], At]) -> Iterator[Operation]:
    # A finished kaizen's checks are its history: it is added in progress, its checks and
    # items follow, then it enters its status by the lifecycle rule (a sustained kaizen
    # needs its last check held; a regressed one a slip, recorded if the workbook has none).
    restore: list[tuple[str, KaizenStatus, str]] = []
    for k in content.kaizens:
        fields = dict(k.fields)
        status = _finished(fields.get("status"))
        if status is not None:
            fields["status"] = KaizenStatus.IN_PROGRESS.value
            restore.append((k.code, status, k.where))
        yield at(AddNode(NodeKind.KAIZEN, k.unit, k.title, fields, code=k.code), k.where)
    for k in content.kaizens:
        for code, strength in k.supports:
            yield at(Link(k.code, code, strength=strength), k.where)
    for c in content.checks:
        yield at(ImportCheck(c.code, c.due, c.result, c.on, c.note, c.owner), c.where)
    for i in content.items:
        yield at(ImportActionItem(i.code, i.title, i.owner, i.due, i.done, i.done_on), i.where)
    for code, status, where in restore:
        yield at(RestoreStatus(code, status), where)


def _finished(value: object) -> KaizenStatus | None:
    try:
        status = parse_enum(KaizenStatus, str(value), "status")
    except ValueError:
        return None  # AddNode names the bad value with its cell
    return status if status in FINISHED_STATUSES else None
