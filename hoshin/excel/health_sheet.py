"""The Health sheet: the measures of DESIGN §6 from ``check_report``, plan-wide and per unit."""

from __future__ import annotations

from typing import Any

from openpyxl.workbook import Workbook

from hoshin import wording
from hoshin.checkup import check_report
from hoshin.excel import names
from hoshin.excel import styles as st
from hoshin.excel.cells import Put, SheetWriter, height_for, lines_for
from hoshin.excel.data import Context

TOP_LEVELS = 3  # the unit table shows the scope's top unit and two levels below it
LISTED = 40  # codes named in a list before "… and N more"
UNIT_HEADS = (
    ("Unit", 24),
    ("Name", 30),
    ("Level", 12),
    ("Started", 9),
    ("Bottom-up", 9),
    ("Joint", 9),
    ("Top-down", 9),
    ("Demand ratio", 9),
    ("30-day test", 9),
    ("Open action items", 9),
    ("Overdue checks", 9),
    ("Slipped checks", 9),
    ("Sustainment debt", 10),
    ("Catchball", 11),
    ("Review findings", 9),
)
DETAIL_W = sum(w for _h, w in UNIT_HEADS[2:])


def _codes(codes: list[str]) -> str:
    if not codes:
        return "none"
    shown = ", ".join(codes[:LISTED])
    return shown if len(codes) <= LISTED else f"{shown} … and {len(codes) - LISTED} more"


def _ratio(value: float | None) -> Any:
    return "n/a" if value is None else Put(value, st.PERCENT)


def write_health(wb: Workbook, ctx: Context) -> None:
    report = check_report(ctx.plan, as_of=ctx.as_of)
    h = report["health"]
    w = SheetWriter(wb, names.HEALTH)
    w.set_widths([width for _h, width in UNIT_HEADS])
    w.landscape(gridlines=False)
    last = len(UNIT_HEADS)
    r = w.row([f"Health of the deployment, as of {ctx.as_of.isoformat()}"], st.TITLE, height=22.0)
    w.merge(r, 1, r, last)
    window = report["plan"]["window_days"]
    r = w.row(
        [f"{ctx.plan.name} · the whole plan · demand over the last {window} days"], st.SUBTITLE
    )
    w.merge(r, 1, r, last)

    def section(title: str) -> None:
        w.blank()
        r = w.row([title], st.SECTION, height=20.0)
        w.merge(r, 1, r, last)

    def measure(label: str, value: Any, detail: str) -> None:
        height = height_for(lines_for(detail, DETAIL_W))
        r = w.row([label, value, detail], [st.LABEL, st.NUMBER, st.TEXT], height=height)
        w.merge(r, 3, r, last)

    section("The plan")
    d = h["demand"]["plan"]
    measure(
        "Demand ratio",
        _ratio(d["ratio"]),
        f"{d['bottom_up']} bottom-up and {d['joint']} joint of "
        f"{wording.count(d['started'], 'kaizen')} started "
        f"in the last {window} days ({d['top_down']} top-down)",
    )
    measure(
        "30-day test",
        h["thirty_day_test"]["plan"],
        "bottom-up kaizens started in the last 30 days: would improvement go on if "
        "nobody mandated a kaizen for 30 days?",
    )
    s = h["sustainment_debt"]["plan"]
    measure(
        "Sustainment debt",
        s["total"],
        f"{wording.count(s['open_action_items'], 'open action item')} of finished kaizens, "
        f"{wording.count(s['overdue_checks'], 'overdue check')}, "
        f"{wording.count(s['slipped_checks'], 'slipped check')} not "
        f"held again; kaizens in debt: {_codes(h['sustainment_debt']['kaizens'])}",
    )
    cover = h["function_coverage"]
    measure("Functions without kaizen", len(cover["uncovered"]), _codes(cover["uncovered"]))
    a = h["alignment"]
    measure(
        "Alignment",
        _ratio(a["share"]),
        f"{a['with_line_of_sight']} of {wording.count(a['kaizens'], 'kaizen')} "
        f"{'has' if a['with_line_of_sight'] == 1 else 'have'} a line of sight",
    )
    measure("Orphan kaizens", len(a["orphan_kaizens"]), _codes(a["orphan_kaizens"]))
    measure(
        "Priorities without kaizen",
        len(a["priorities_without_kaizen"]),
        _codes(a["priorities_without_kaizen"]),
    )
    measure(
        "Breakthroughs unsupported",
        len(a["breakthroughs_unsupported"]),
        _codes(a["breakthroughs_unsupported"]),
    )
    cb = h["catchball"]
    rounds, days = cb["median_rounds_to_agreement"], cb["median_days_to_agreement"]
    measure(
        "Open catchball threads",
        cb["open"],
        f"of {wording.count(cb['threads'], 'thread')}; median rounds to agreement "
        f"{'n/a' if rounds is None else rounds}, median days {'n/a' if days is None else days}; "
        f"units not agreed: {_codes(cb['units_not_agreed'])}",
    )
    counts = report["review"]["counts"]
    measure(
        "Review findings",
        sum(counts.values()),
        ", ".join(f"{check}: {n}" for check, n in counts.items()),
    )
    ctx.ticker.tick(10)

    section("Units (the top levels)")
    w.row([hd for hd, _w in UNIT_HEADS], st.HEADER, height=30.0)
    findings: dict[str, int] = {}
    for f in report["review"]["findings"]:
        findings[f["unit"]] = findings.get(f["unit"], 0) + 1
    not_agreed = set(cb["units_not_agreed"])
    top = ctx.org.depth[ctx.root_id]
    styles = [
        st.CODE,
        st.LINE,
        st.LINE,
        *([st.INTEGER] * 4),
        st.PERCENT,
        *([st.INTEGER] * 5),
        st.LINE,
        st.INTEGER,
    ]
    for unit in ctx.units:
        if ctx.org.depth[unit.id] - top >= TOP_LEVELS:
            continue
        dm = h["demand"]["units"].get(unit.code, {})
        debt = h["sustainment_debt"]["units"].get(unit.code, {})
        w.row(
            [
                unit.code,
                unit.name,
                unit.level,
                dm.get("started", 0),
                dm.get("bottom_up", 0),
                dm.get("joint", 0),
                dm.get("top_down", 0),
                dm.get("ratio") if dm.get("ratio") is not None else "n/a",
                h["thirty_day_test"]["units"].get(unit.code, 0),
                debt.get("open_action_items", 0),
                debt.get("overdue_checks", 0),
                debt.get("slipped_checks", 0),
                debt.get("total", 0),
                "not agreed" if unit.code in not_agreed else None,
                findings.get(unit.code, 0),
            ],
            styles,
        )
        ctx.ticker.tick()

    section("Function coverage: active kaizens per function")
    w.row(["Function", "Active kaizens"], st.HEADER)
    for name, count in cover["functions"].items():
        w.row([name, count if count else Put(0, st.FLAG)], [st.LINE, st.INTEGER])

    section("Review findings")
    w.row(["Unit", "Check", "Code", "Finding"], st.HEADER)
    for f in report["review"]["findings"]:
        r = w.row(
            [f["unit"], f["check"], f["code"], f["message"]], [st.CODE, st.LINE, st.CODE, st.TEXT]
        )
        w.merge(r, 4, r, last)
