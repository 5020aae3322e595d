"""Drawing one unit's figures into the health tab's charts, tiles and labels.

Plain functions over :class:`~hoshin.reads.health_tab.UnitFigures`: what each panel says,
and in which words, kept apart from when the tab redraws (:mod:`views.health.view`).
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import QLabel

from hoshin.reads.health_tab import UnitFigures
from hoshin.text import formats
from hoshin.text.wording import count
from views.health import charts
from views.health.charts import BarChart, Bars
from views.health.panels import Tile


def pct(value: float | None) -> str:
    return formats.percent(value, spaced=True)


def show_tiles(tiles: dict[str, Tile], f: UnitFigures) -> None:
    d = f.demand[f.unit.code]
    pulled = d["bottom_up"] + d["joint"]
    tiles["demand"].set(
        pct(d["ratio"]),
        f"{pulled} of {d['started']} started in {count(f.window_days, 'day')} "
        f"{'was' if pulled == 1 else 'were'} pulled "
        f"({d['bottom_up']} bottom-up, {d['joint']} joint)",
        alert=d["ratio"] is not None and d["ratio"] < 0.5,
    )
    n = f.thirty_day[f.unit.code]
    tiles["thirty"].set(
        str(n),
        f"bottom-up {'kaizen' if n == 1 else 'kaizens'} started in the last 30 days"
        if n
        else "none in 30 days: without mandates, would improvement stop?",
        alert=n == 0,
    )
    debt = f.debt[f.unit.code]
    tiles["debt"].set(
        str(debt["total"]),
        f"{count(debt['open_action_items'], 'open item')} · "
        f"{count(debt['overdue_checks'], 'overdue check')} · {debt['slipped_checks']} slipped",
        alert=debt["total"] > 0,
    )
    # The tile turns red for an unsupported breakthrough too: it says so, or a red "100 %"
    # with "0 orphan kaizens · 0 priorities" reads as a false alarm.
    unsupported = len(f.unsupported_breakthroughs)
    tiles["sight"].set(
        pct(f.line_of_sight_share),
        f"{count(len(f.orphans), 'orphan kaizen')} · "
        f"{count(len(f.unserved_priorities), 'priority')} no kaizen serves"
        + (f" · {count(unsupported, 'breakthrough')} nothing supports" if unsupported else ""),
        alert=bool(f.orphans or f.unserved_priorities or unsupported),
    )
    cb = f.catchball
    tiles["catchball"].set(
        f"{cb['open']} open",
        f"of {count(cb['threads'], 'thread')} here · "
        f"{count(len(cb['units_not_agreed']), 'unit')} not agreed",
        alert=bool(cb["units_not_agreed"]),
    )


def _labels(chart: BarChart, f: UnitFigures, extra: list[str] | None = None) -> list[str]:
    extra = extra or [""] * len(f.rows)
    return [
        charts.category_label(r.name, x, chart.label_chars)
        for r, x in zip(f.rows, extra, strict=True)
    ]


def show_demand(chart: BarChart, f: UnitFigures) -> None:
    rows = [f.demand[r.code] for r in f.rows]
    chart.set_title(f"Demand ratio by unit, last {f.window_days} days")
    chart.set_data(
        _labels(chart, f, [pct(d["ratio"]) for d in rows]),
        [
            Bars("Top-down", [d["top_down"] for d in rows], charts.TOP_DOWN),
            Bars("Joint", [d["joint"] for d in rows], charts.JOINT),
            Bars("Bottom-up", [d["bottom_up"] for d in rows], charts.BOTTOM_UP),
        ],
        tips=[
            f"{r.name} ({r.code}): {d['started']} started — {d['top_down']} top-down, "
            f"{d['joint']} joint, {d['bottom_up']} bottom-up; demand ratio {pct(d['ratio'])}"
            for r, d in zip(f.rows, rows, strict=True)
        ],
    )


def show_months(chart: BarChart, f: UnitFigures) -> None:
    months = list(f.months)
    first, last = (dt.date(int(m[:4]), int(m[5:]), 1) for m in (months[0], months[-1]))
    chart.set_title(f"Kaizens started per month ({first:%b %Y} – {last:%b %Y})")
    counts = [f.months[m] for m in months]
    chart.set_data(
        [
            # The year under January only: under the first month it is cut off.
            f"{m_date:%b}<br>{m_date:%Y}" if m_date.month == 1 and i else f"{m_date:%b}"
            for i, m_date in enumerate(dt.date(int(m[:4]), int(m[5:]), 1) for m in months)
        ],
        [
            Bars("Top-down", [c["top-down"] for c in counts], charts.TOP_DOWN),
            Bars("Joint", [c["joint"] for c in counts], charts.JOINT),
            Bars("Bottom-up", [c["bottom-up"] for c in counts], charts.BOTTOM_UP),
        ],
        tips=[
            f"{dt.date(int(m[:4]), int(m[5:]), 1):%B %Y}: {c['top-down']} top-down, "
            f"{c['joint']} joint, {c['bottom-up']} bottom-up"
            for m, c in zip(months, counts, strict=True)
        ],
    )


def show_thirty(chart: BarChart, f: UnitFigures) -> None:
    values = [f.thirty_day[r.code] for r in f.rows]
    chart.set_title("30-day test: bottom-up kaizens started")
    chart.set_data(
        _labels(chart, f, ["" if n else "⚠ none" for n in values]),
        [Bars("Bottom-up kaizens started", values, charts.BOTTOM_UP)],
    )


def show_coverage(chart: BarChart, label: QLabel, f: UnitFigures) -> None:
    chart.set_data(
        [
            charts.category_label(name, "" if n else "⚠ none", chart.label_chars)
            for name, n in f.functions
        ],
        [Bars("Active kaizens", [n for _name, n in f.functions], charts.PLAIN)],
    )
    uncovered = f.uncovered
    label.setText(
        "<span style='color:#b3261e'>⚠ No active kaizen in: "
        + html.escape(", ".join(uncovered))
        + "</span>"
        if uncovered
        else "✔ Every function has an active kaizen."
    )


def show_debt(chart: BarChart, f: UnitFigures) -> None:
    rows = [f.debt[r.code] for r in f.rows]
    chart.set_title("Sustainment debt by unit: click a bar")
    chart.set_data(
        _labels(chart, f),
        [
            Bars("Open items", [d["open_action_items"] for d in rows], charts.OPEN_ITEMS),
            Bars("Overdue checks", [d["overdue_checks"] for d in rows], charts.OVERDUE),
            Bars("Slipped checks", [d["slipped_checks"] for d in rows], charts.SLIPPED),
        ],
        tips=[
            f"{r.name} ({r.code}): {count(d['open_action_items'], 'open action item')}, "
            f"{count(d['overdue_checks'], 'overdue check')}, "
            f"{count(d['slipped_checks'], 'slipped check')}"
            for r, d in zip(f.rows, rows, strict=True)
        ],
    )


def show_catchball(label: QLabel, f: UnitFigures) -> None:
    cb = f.catchball
    rounds = cb["median_rounds_to_agreement"]
    days = cb["median_days_to_agreement"]
    waiting = list(cb["waiting_per_person"].items())
    lines = [
        f"<b>{cb['open']}</b> open of <b>{cb['threads']}</b> threads this unit or a unit "
        "below it takes part in",
        f"Median rounds to agreement: <b>{'–' if rounds is None else rounds}</b>; "
        f"median days: <b>{'–' if days is None else days}</b>",
    ]
    not_agreed = cb["units_not_agreed"]
    lines.append(
        f"⚠ Units here not agreed yet ({len(not_agreed)}): "
        + html.escape(", ".join(not_agreed[:12]))
        + (" …" if len(not_agreed) > 12 else "")
        if not_agreed
        else "✔ Every unit here has agreed its targets."
    )
    if waiting:
        lines.append(
            "Waiting for an answer: "
            + html.escape(", ".join(f"{name} ({n})" for name, n in waiting[:8]))
            + (" …" if len(waiting) > 8 else "")
        )
    label.setText("<br>".join(lines))
