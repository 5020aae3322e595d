"""The sample plan: a mid-size instrument maker, deployed from company to teams.

Written through the same operations a user's edits go through (in one transaction), so the
sample is also a check that the operations can build a whole plan. It holds on purpose what
the review and health views exist to find: orphan kaizens, a priority nothing serves, a
target with no primary owner, done kaizens with open action items, a slipped check.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hoshin import demo_routines
from hoshin.demo_daily import SeedProblems
from hoshin.demo_tracking import tracking_operations
from hoshin.model.kinds import NodeKind, Strength
from hoshin.operations import (
    AddActionItem,
    AddCheck,
    AddNode,
    AddPerson,
    AddUnit,
    Assign,
    Batch,
    Link,
    MoveKaizen,
    Operation,
    SetMeasurement,
)
from hoshin.plan import Plan
from hoshin.store import storage

S, M, W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK
BT, AO, IP, KPI, KZ = (
    NodeKind.BREAKTHROUGH,
    NodeKind.ANNUAL,
    NodeKind.PRIORITY,
    NodeKind.TARGET,
    NodeKind.KAIZEN,
)

ORG = "Northwind Instruments"

# (code, name, parent, function, people)
UNITS: list[tuple[str, str, str, str | None, list[str]]] = [
    ("COM", "Commercial", "CO", "Sales", ["Maria Lopez"]),
    ("OPS", "Operations", "CO", "Operations", ["Kenji Watanabe"]),
    ("PD", "Product development", "CO", "Product development", ["Priya Nair"]),
    ("CS", "Corporate services", "CO", "Finance", ["Tom Becker"]),
    ("SAL", "Sales", "COM", "Sales", ["Ana Costa"]),
    ("MKT", "Marketing", "COM", "Marketing", ["Lena Fischer"]),
    ("SVC", "Customer service", "COM", "Customer service", ["Omar Haddad"]),
    ("PLT", "Plant Leeds", "OPS", "Operations", ["Gareth Evans"]),
    ("SCM", "Supply chain", "OPS", "Supply chain", ["Mei Chen"]),
    ("QA", "Quality", "OPS", "Quality", ["Ivan Petrov"]),
    ("ENG", "Engineering", "PD", "Product development", ["Sara Lindqvist"]),
    ("HR", "Human resources", "CS", "HR", ["Grace Okafor"]),
    ("FIN", "Finance", "CS", "Finance", ["Paul Martin"]),
    ("IT", "IT", "CS", "IT", ["Nadia Rahman"]),
    ("T-SN", "Sales North", "SAL", "Sales", ["Jonas Berg", "Eva Novak"]),
    ("T-SS", "Sales South", "SAL", "Sales", ["Lucia Romano", "Ben Carter"]),
    ("T-DM", "Digital marketing", "MKT", "Marketing", ["Chloe Dubois"]),
    ("T-SD", "Support desk", "SVC", "Customer service", ["Raj Patel", "Hannah Scott"]),
    ("T-AS", "Assembly", "PLT", "Operations", ["Mark Hughes", "Aisha Bello"]),
    ("T-MC", "Machining", "PLT", "Operations", ["Pete Walsh"]),
    ("T-LG", "Logistics", "SCM", "Supply chain", ["Carlos Ruiz"]),
    ("T-QL", "Quality lab", "QA", "Quality", ["Yuki Tanaka"]),
    ("T-SE", "Sensors", "ENG", "Product development", ["Erik Larsen", "Fatima Zahra"]),
    ("T-FW", "Firmware", "ENG", "Product development", ["Dan Kowalski"]),
    ("T-PT", "People and talent", "HR", "HR", ["Olivia Grant"]),
    ("T-AC", "Accounting", "FIN", "Finance", ["Henrik Dahl"]),
    ("T-IS", "IT service", "IT", "IT", ["Sofia Marin"]),
]
CEO = ["Helen Ward", "David Kim"]

# Company X-matrix. Nodes: (code, kind, title, extra fields)
COMPANY: list[tuple[str, NodeKind, str, dict[str, Any]]] = [
    ("BT-1", BT, "Be our customers' first choice in precision instruments", {}),
    ("BT-2", BT, "Halve the time from order to delivery by 2029", {}),
    ("BT-3", BT, "Grow recurring service revenue to 40 % of sales", {}),
    ("AO-1", AO, "Raise lead conversion from 18 % to 24 %", {}),
    ("AO-2", AO, "Cut order-to-delivery lead time by 20 %", {}),
    ("AO-3", AO, "Launch two connected-instrument products", {}),
    ("AO-4", AO, "Resolve 80 % of support cases at first contact", {}),
    ("AO-5", AO, "Every team runs one kaizen a month", {}),
    ("IP-1", IP, "Standardise the sales funnel and lead qualification", {}),
    ("IP-2", IP, "Flow production and pull scheduling", {}),
    ("IP-3", IP, "Stage-gate with customer validation", {}),
    ("IP-4", IP, "Knowledge base and tiered support", {}),
    ("IP-5", IP, "Kaizen training and coaching for every leader", {}),
    ("IP-6", IP, "Digitise expense approvals", {}),  # serves nothing: a review finding
]


def _target(uom: str, direction: str, baseline: float, goal: float) -> dict[str, Any]:
    return {"unit_of_measure": uom, "direction": direction, "baseline": baseline, "goal": goal}


COMPANY_TARGETS: list[tuple[str, str, dict[str, Any]]] = [
    ("KPI-1", "Lead conversion rate", _target("%", "up", 18, 24)),
    ("KPI-2", "Order-to-delivery lead time", _target("days", "down", 30, 24)),
    ("KPI-3", "Net promoter score", _target("points", "up", 38, 50)),
    ("KPI-4", "First-contact resolution", _target("%", "up", 62, 80)),
    ("KPI-5", "Time to market", _target("months", "down", 18, 14)),
    ("KPI-6", "Kaizens completed per team per month", _target("count", "up", 0.3, 1)),
    ("KPI-7", "Employee engagement index", _target("index", "up", 64, 70)),
]

COMPANY_LINKS: list[tuple[str, str, Strength]] = [
    ("AO-1", "BT-1", M), ("AO-1", "BT-3", S), ("AO-2", "BT-2", S), ("AO-2", "BT-1", M),
    ("AO-3", "BT-3", S), ("AO-3", "BT-1", W), ("AO-4", "BT-1", S), ("AO-4", "BT-3", M),
    ("AO-5", "BT-1", W), ("AO-5", "BT-2", M),
    ("IP-1", "AO-1", S), ("IP-2", "AO-2", S), ("IP-3", "AO-3", S), ("IP-4", "AO-4", S),
    ("IP-4", "AO-1", W), ("IP-5", "AO-5", S), ("IP-5", "AO-2", W),
    ("KPI-1", "IP-1", S), ("KPI-1", "BT-3", M), ("KPI-2", "IP-2", S), ("KPI-2", "BT-2", S),
    ("KPI-3", "BT-1", S), ("KPI-3", "IP-4", M), ("KPI-4", "IP-4", S), ("KPI-5", "IP-3", S),
    ("KPI-6", "IP-5", S), ("KPI-7", "IP-5", M),
]  # fmt: skip

# Division X-matrices: what each deploys from the company, and its own objectives.
# (unit, parent priority deployed as the unit's breakthrough, annual, priorities, target)
DIVISIONS: list[tuple[str, list[str], str, list[str], tuple[str, str]]] = [
    ("COM", ["IP-1", "IP-4"], "Qualified pipeline worth 3x the sales plan",
     ["Lead scoring in every region", "Self-service knowledge base"],
     ("KPI-1", "Lead conversion rate, Commercial")),
    ("OPS", ["IP-2"], "Lead time of 24 days in every plant",
     ["Pull scheduling with kanban", "Quick changeover on every line"],
     ("KPI-2", "Order-to-delivery lead time, Operations")),
    ("PD", ["IP-3"], "Customer validation at every gate",
     ["Customer panels for each product line"],
     ("KPI-5", "Time to market, Product development")),
    ("CS", ["IP-5"], "Every leader coached in kaizen",
     ["Leader standard work with kaizen coaching"],
     ("KPI-6", "Kaizens completed per team per month, Corporate")),
]  # fmt: skip

# Teams' kaizens: (team, title, origin, status, supports: division priority index or None)
KAIZENS: list[tuple[str, str, str, str, int | None]] = [
    ("T-SN", "Qualification checklist for inbound leads", "top-down", "done", 0),
    ("T-SN", "Weekly pipeline review stand-up", "top-down", "sustained", 0),
    ("T-SN", "CRM fields cut from 42 to 12", "top-down", "in progress", 0),
    ("T-SS", "Same-day quote for standard instruments", "joint", "done", 0),
    ("T-SS", "Lead hand-off from marketing in one click", "bottom-up", "approved", 0),
    ("T-SS", "Price list in the field app", "top-down", "idea", 0),
    ("T-DM", "Webinar sign-up page A/B test", "bottom-up", "done", 0),
    ("T-DM", "Lead scoring model review", "joint", "in progress", 0),
    ("T-DM", "Newsletter template redesign", "bottom-up", "idea", None),
    ("T-SD", "Top-20 answers in the knowledge base", "bottom-up", "sustained", 1),
    ("T-SD", "Call-back slot booking", "bottom-up", "done", 1),
    ("T-SD", "Tier-1 script for calibration questions", "joint", "regressed", 1),
    ("T-SD", "Queue board on the wall", "bottom-up", "in progress", 1),
    ("T-AS", "Kanban loop for sensor housings", "bottom-up", "sustained", 0),
    ("T-AS", "Single-minute die change on press 3", "joint", "done", 1),
    ("T-AS", "5S of the final test bench", "bottom-up", "done", 1),
    ("T-AS", "Andon cord on line 2", "top-down", "in progress", 0),
    ("T-MC", "Tool presetting off the machine", "bottom-up", "done", 1),
    ("T-MC", "Chip conveyor fix", "bottom-up", "idea", None),
    ("T-MC", "Milk run for bar stock", "top-down", "approved", 0),
    ("T-LG", "Supplier kanban for PCBs", "joint", "in progress", 0),
    ("T-LG", "Outbound dock visual schedule", "bottom-up", "done", 0),
    ("T-QL", "Gauge R&R on the torque station", "top-down", "done", 1),
    ("T-QL", "Defect photo board", "bottom-up", "approved", 1),
    ("T-SE", "Customer panel for the pressure sensor", "top-down", "done", 0),
    ("T-SE", "Prototype test in customer plant", "joint", "in progress", 0),
    ("T-SE", "Bench layout for faster builds", "bottom-up", "dropped", None),
    ("T-FW", "Over-the-air update check with pilot customers", "joint", "approved", 0),
    ("T-FW", "Automated regression suite", "bottom-up", "in progress", 0),
    ("T-PT", "Kaizen basics course for new leaders", "top-down", "done", 0),
    ("T-PT", "Onboarding checklist in one page", "bottom-up", "sustained", 0),
    ("T-PT", "Exit interview questions redesign", "joint", "idea", 0),
    ("T-AC", "Invoice matching without paper", "bottom-up", "done", 0),
    ("T-AC", "Month-end close checklist", "top-down", "in progress", 0),
    ("T-AC", "Expense report in the phone app", "bottom-up", "approved", 0),
    ("T-IS", "Password reset self-service", "bottom-up", "done", 0),
    ("T-IS", "Laptop set-up in one hour", "joint", "in progress", 0),
    ("T-IS", "Ticket categories cleaned up", "top-down", "idea", 0),
    ("T-SN", "Trade fair follow-up routine", "top-down", "idea", None),
    ("T-QL", "Calibration certificate template", "bottom-up", "in progress", 1),
]

_STATUS_PATH = {
    "idea": [],
    "approved": ["approved"],
    "in progress": ["approved", "in progress"],
    "done": ["approved", "in progress", "done"],
    "sustained": ["approved", "in progress", "done", "sustained"],
    "regressed": ["approved", "in progress", "done", "regressed"],
    "dropped": ["dropped"],
}


def _month(as_of: dt.date, index: int) -> str:
    return f"{as_of.year:04d}-{index:02d}"


def build_operations(as_of: dt.date, seed: int = 7) -> list[Operation]:
    """The sample plan as a list of operations, dated relative to ``as_of``."""
    rng = random.Random(seed)
    ops: list[Operation] = []
    add = ops.append
    for code, name, parent, function, _people in UNITS:
        add(AddUnit(name, parent, function=function, code=code))
    for name in CEO:
        add(AddPerson(name, "CO"))
    for code, _name, _parent, _fn, people in UNITS:
        for name in people:
            add(AddPerson(name, code))
    for code, kind, title, fields in COMPANY:
        add(AddNode(kind, "CO", title, fields, code=code))
    for code, title, fields in COMPANY_TARGETS:
        add(AddNode(KPI, "CO", title, fields, code=code))
    for source, target, strength in COMPANY_LINKS:
        add(Link(source, target, strength=strength))
    for i, code in enumerate(["IP-1", "IP-2", "IP-3", "IP-4", "IP-5", "IP-6"]):
        add(Assign(code, CEO[i % 2]))
    for i, (code, *_rest) in enumerate(COMPANY_TARGETS[:-1]):  # KPI-7: no owner on purpose
        add(Assign(code, CEO[(i + 1) % 2]))
        if i % 3 == 0:
            add(Assign(code, "Maria Lopez", "secondary"))
    _add_measurements(add, rng, as_of, [(c, f) for c, _t, f in COMPANY_TARGETS])

    # Divisions: the company's priorities arrive as their breakthroughs.
    bt, ao, ip, kpi = 4, 6, 7, 8  # next free numbers in the company's code series
    division_priorities: dict[str, list[str]] = {}
    for unit, deployed, annual, priorities, (parent_kpi, kpi_title) in DIVISIONS:
        manager = next(p for c, _n, _p, _f, p in UNITS if c == unit)[0]
        bts = []
        for parent_ip in deployed:
            title = next(t for c, _k, t, _f in COMPANY if c == parent_ip)
            bts.append(f"BT-{bt}")
            add(AddNode(BT, unit, title, code=f"BT-{bt}"))
            add(Link(parent_ip, f"BT-{bt}", kind="deploys"))
            bt += 1
        ao_code = f"AO-{ao}"
        add(AddNode(AO, unit, annual, code=ao_code))
        for b in bts:
            add(Link(ao_code, b, strength=S))
        ao += 1
        codes = []
        for title in priorities:
            codes.append(f"IP-{ip}")
            add(AddNode(IP, unit, title, code=f"IP-{ip}"))
            add(Link(f"IP-{ip}", ao_code, strength=S if not codes[:-1] else M))
            add(Assign(f"IP-{ip}", manager))
            ip += 1
        division_priorities[unit] = codes
        parent_fields = dict(next(f for c, _t, f in COMPANY_TARGETS if c == parent_kpi))
        kpi_code = f"KPI-{kpi}"
        add(AddNode(KPI, unit, kpi_title, parent_fields, code=kpi_code))
        add(Link(parent_kpi, kpi_code, kind="deploys"))
        add(Link(kpi_code, codes[0], strength=S))
        add(Assign(kpi_code, manager))
        _add_measurements(add, rng, as_of, [(kpi_code, parent_fields)])
        kpi += 1

    # Teams' kaizens support a priority of their division.
    division_of = _division_of()
    start0 = as_of - dt.timedelta(days=300)
    for n, (team, title, origin, status, supports) in enumerate(KAIZENS, start=1):
        code = f"KZ-{100 + n}"
        division = division_of[team]
        start = start0 + dt.timedelta(days=int(7 * n * 300 / (7 * len(KAIZENS))))
        if origin == "bottom-up" and n % 3 == 0:
            start = as_of - dt.timedelta(days=5 + n % 20)  # recent pull: the 30-day test
        kz_fields: dict[str, Any] = {"origin": origin, "start_date": start}
        if status in ("done", "sustained", "regressed"):
            kz_fields["end_date"] = min(as_of, start + dt.timedelta(days=30))
        add(AddNode(KZ, team, title, kz_fields, code=code))
        finished = status in ("done", "sustained", "regressed")
        path = _STATUS_PATH[status]
        for step in path[:2] if finished else path:
            add(MoveKaizen(code, step))
        if supports is not None:
            priorities = division_priorities[division]
            add(Link(code, priorities[min(supports, len(priorities) - 1)]))
        if finished:
            # Its checks are planned before it is done, so none is proposed (dated today)
            # and the lifecycle finds the held or slipped check a status needs.
            _add_sustainment(add, code, team, status, kz_fields["end_date"], as_of, n)
            for step in path[2:]:
                add(MoveKaizen(code, step))
    ops.extend(demo_routines.build(as_of))  # Leader Standard Work: a month of routines
    # Two targets tracked daily and weekly (hoshin/demo_tracking.py).
    ops += tracking_operations(ops, as_of, seed)
    add(SeedProblems(as_of, seed))  # a month of huddles (hoshin/demo_daily.py)
    return ops


def _division_of() -> dict[str, str]:
    parent = {code: p for code, _n, p, _f, _pp in UNITS}
    out = {}
    for code in parent:
        chain = [code]
        while parent.get(chain[-1], "CO") != "CO":
            chain.append(parent[chain[-1]])
        out[code] = chain[-1]
    return out


def _add_measurements(
    add: Callable[[Operation], None],
    rng: random.Random,
    as_of: dt.date,
    targets: list[tuple[str, dict[str, Any]]],
) -> None:
    """Twelve months of plan, and actuals up to last month, wandering around the plan."""
    for code, fields in targets:
        base, goal = float(fields["baseline"]), float(fields["goal"])
        spread = abs(goal - base) or 1.0
        for month in range(1, 13):
            plan = round(base + (goal - base) * month / 12, 2)
            actual: float | None = None
            if month < as_of.month:
                actual = round(plan + rng.uniform(-0.35, 0.25) * spread, 2)
            add(SetMeasurement(code, _month(as_of, month), plan=plan, actual=actual))


def _add_sustainment(
    add: Callable[[Operation], None],
    code: str,
    team: str,
    status: str,
    end: dt.date,
    as_of: dt.date,
    n: int,
) -> None:
    owner = next(p for c, _n, _p, _f, p in UNITS if c == team)[0]
    first = end + dt.timedelta(days=30)
    result = "slipped" if status == "regressed" else "held"
    if status == "done":
        add(AddCheck(code, first, result if first <= as_of else None))
    else:  # sustained or regressed: its first check took place, and the next is planned
        add(AddCheck(code, min(first, as_of), result))
        add(AddCheck(code, as_of + dt.timedelta(days=14 if status == "regressed" else 90)))
    if status == "done":
        add(AddCheck(code, end + dt.timedelta(days=90)))
        if n % 2 == 0:
            add(AddActionItem(code, "Update the standard work sheet", owner, end + DAYS_14))
        add(AddActionItem(code, "Train the second shift", owner, end + dt.timedelta(days=21)))
    if status == "sustained":
        add(AddActionItem(code, "Share the result at the gemba walk", owner, end, done_on=end))
    if status == "regressed":
        add(AddActionItem(code, "Find why the gain slipped", owner, as_of + dt.timedelta(days=7)))


DAYS_14 = dt.timedelta(days=14)


def write_demo(location: str | Path, *, as_of: dt.date | None = None, seed: int = 7) -> Plan:
    """Create the sample plan at ``location`` (which must not exist yet)."""
    plan = Plan.create(location, ORG)
    try:
        plan.execute(Batch("Sample plan", build_operations(as_of or dt.date.today(), seed)))
    except BaseException:
        plan.close()
        if plan.is_file:
            storage.remove_plan_files(Path(str(location)))
        raise
    return plan
