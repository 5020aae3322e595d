"""The Health sheet: the measures of DESIGN §6 from ``check_report``, plan-wide and per unit."""

from __future__ import annotations

from typing import Any

from openpyxl.workbook import Workbook

from hoshin.excel import names
from hoshin.excel.write import printing
from hoshin.excel.write import styles as st
from hoshin.excel.write.cells import Put, SheetWriter, height_for, lines_for
from hoshin.excel.write.data import Context
from hoshin.reads import xmatrix_checks as review
from hoshin.reads.checkup import check_report
from hoshin.text import wording

TOP_LEVELS = 3  # the unit table shows the scope's top unit and two levels below it
LISTED = 40  # codes named in a list before "… and N more"
#: The unit table: the unit (code and name, indented by level), then its figures; narrow
#: enough for A4 landscape (hoshin.excel.write.printing). The measures above it use the same
#: columns: the name in A, the figure in B, the explanation from D on.
UNIT_HEADS = (
    ("Unit", 26.0),
    ("Kaizens started", 7.2),
    ("Bottom-up", 7.2),
    ("Joint", 7.2),
    ("Top-down", 7.2),
    ("Demand ratio", 7.2),
    ("30-day test", 7.2),
    ("Open actions", 7.2),
    ("Overdue checks", 7.2),
    ("Slipped checks", 7.2),
    ("Debt in all", 7.2),
    ("Catchball", 9.2),
    ("Findings", 7.2),
)
DETAIL_AT = 4  # the explanation of a measure starts one column after its figure
DETAIL_W = sum(w for _h, w in UNIT_HEADS[DETAIL_AT - 1 :])
#: What each review check is called on paper (its name is a JSON key of ``hoshin check``).
CHECK_WORDS = {
    review.PRIORITY_SUPPORTS_NOTHING: "Priority supports no annual objective",
    review.BREAKTHROUGH_UNSUPPORTED: "Breakthrough without annual objective",
    review.OWNER_NOT_ONE_PRIMARY: "Not exactly one primary owner",
    review.OWNER_OVERLOADED: "Owner of too many items",
    review.TOO_MANY_BREAKTHROUGHS: "Too many breakthroughs",
    review.TOO_MANY_ANNUAL: "Too many annual objectives",
}


def check_words(check: str) -> str:
    return CHECK_WORDS.get(check, check.replace("-", " ").capitalize())


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
    layout = w.print_setup(gridlines=False)
    pager = printing.Pager(w.ws, w.widths.values(), layout) if layout else None
    last = len(UNIT_HEADS)
    r = w.row([f"Health of the deployment, as of {ctx.as_of.isoformat()}"], st.TITLE, height=22.0)
    w.merge(r, 1, r, last)
    window = report["plan"]["window_days"]
    r = w.row(
        [f"{ctx.plan.name} · the whole plan · demand over the last {window} days"], st.SUBTITLE
    )
    w.merge(r, 1, r, last)

    def section(title: str, rows: int = 3) -> None:
        """A heading, kept on a page with its table: all of a short one, else three rows."""
        w.blank()
        if pager is not None:
            pager.keep(w.row_index, 20.0 + height_for(3) + min(rows, 15) * height_for(1))
        r = w.row([title], st.SECTION, height=20.0)
        w.merge(r, 1, r, last)

    def measure(label: str, value: Any, detail: str) -> None:
        height = height_for(lines_for(detail, DETAIL_W))
        r = w.row([label, value, None, detail], [st.LABEL, st.NUMBER, None, st.TEXT],
                  height=height, blanks=False)  # fmt: skip
        w.merge(r, DETAIL_AT, r, last)

    section("The plan")
    heads = ["Measure", "Figure", None, "What it counts"]
    r = w.row(heads, [st.HEADER, st.HEADER, None, st.HEADER], blanks=False)
    w.merge(r, DETAIL_AT, r, last)
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
    agreed = (
        "no thread agreed yet"
        if rounds is None
        else (f"agreed in {rounds} rounds and {'?' if days is None else days} days (median)")
    )
    measure(
        "Open catchball threads",
        cb["open"],
        f"open of {wording.count(cb['threads'], 'thread')}; {agreed}; "
        f"units not agreed: {_codes(cb['units_not_agreed'])}",
    )
    daily = h["daily_management"]["plan"]
    tiers = lambda m: ", ".join(f"tier {t} {d:g}" for t, d in m.items()) or "none"  # noqa: E731
    measure(
        "Problems per team per week",
        "n/a" if daily["per_team_per_week"] is None else daily["per_team_per_week"],
        f"{wording.count(daily['raised'], 'problem')} raised at the huddles of "
        f"{wording.count(daily['teams'], 'team')} in the last {window} days; "
        f"{wording.count(daily['escalations'], 'escalation')}",
    )
    measure(
        "Solved at tier 1",
        _ratio(daily["share_solved_at_tier_1"]),
        f"{daily['solved_at_tier_1']} of the {daily['solved']} solved were solved where they "
        f"were raised; median days to solve: {tiers(daily['median_days_to_solve'])}; "
        f"to escalate: {tiers(daily['median_days_to_escalate'])}",
    )
    measure(
        "Problems open past due",
        daily["open_past_due"],
        f"not solved and due before {ctx.as_of.isoformat()} (the Huddle log lists them)",
    )
    counts = report["review"]["counts"]
    found = [f"{n} × {check_words(check).lower()}" for check, n in counts.items() if n]
    measure(
        "Review findings",
        sum(counts.values()),
        "; ".join(found) if found else "the X-matrix review found nothing",
    )
    ctx.ticker.tick(10)

    if pager is not None:  # the units on a page of their own
        pager.new_page(w.row_index)
    section("Units (the top levels)")
    heads = [hd for hd, _w in UNIT_HEADS]
    w.row(heads, st.HEADER, height=height_for(max(lines_for(hd, wd) for hd, wd in UNIT_HEADS)))
    findings: dict[str, int] = {}
    for f in report["review"]["findings"]:
        findings[f["unit"]] = findings.get(f["unit"], 0) + 1
    not_agreed = set(cb["units_not_agreed"])
    top = ctx.org.depth[ctx.root_id]
    figures = [*([st.INTEGER] * 4), st.PERCENT, *([st.INTEGER] * 5), st.LINE, st.INTEGER]
    for unit in ctx.units:
        level = ctx.org.depth[unit.id] - top
        if level >= TOP_LEVELS:
            continue
        dm = h["demand"]["units"].get(unit.code, {})
        debt = h["sustainment_debt"]["units"].get(unit.code, {})
        w.row(
            [
                f"{unit.code} · {unit.name}",
                dm.get("started", 0),
                dm.get("bottom_up", 0),
                dm.get("joint", 0),
                dm.get("top_down", 0),
                dm.get("ratio"),
                h["thirty_day_test"]["units"].get(unit.code, 0),
                debt.get("open_action_items", 0),
                debt.get("overdue_checks", 0),
                debt.get("slipped_checks", 0),
                debt.get("total", 0),
                "open" if unit.code in not_agreed else None,
                findings.get(unit.code, 0),
            ],
            [st.INDENT[min(level, len(st.INDENT) - 1)], *figures],
        )
        ctx.ticker.tick()
    w.row(
        ["Kaizens started in the last "
         f"{window} days; open actions of finished kaizens; catchball open: a thread of the "
         "unit not agreed yet; findings: of the X-matrix review."],
        st.NOTE,
        height=height_for(2),
    )  # fmt: skip
    w.merge(w.row_index, 1, w.row_index, last)

    section("Function coverage: active kaizens per function", len(cover["functions"]))
    w.row(["Function", "Kaizens"], st.HEADER)
    for name, count in cover["functions"].items():
        w.row([name, count if count else Put(0, st.FLAG)], [st.LINE, st.INTEGER])

    section("Findings of the X-matrix review", len(report["review"]["findings"]))
    if not report["review"]["findings"]:
        w.row(["The X-matrix review found nothing."], st.NOTE)
    else:
        r = w.row(["Finding", "Unit", None, "What was found"],
                  [st.HEADER, st.HEADER, None, st.HEADER], blanks=False)  # fmt: skip
        w.merge(r, DETAIL_AT, r, last)
    for f in report["review"]["findings"]:
        words = check_words(f["check"])
        lines = max(lines_for(words, UNIT_HEADS[0][1]), lines_for(f["message"], DETAIL_W))
        r = w.row(
            [words, f["unit"], None, f["message"]],
            [st.TEXT, st.CODE, None, st.TEXT],
            height=height_for(lines),
            blanks=False,
        )
        w.merge(r, DETAIL_AT, r, last)
