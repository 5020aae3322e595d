"""Reading the record sheets of a Hoshin workbook: Bowling, Kaizens, Sustainment, Catchball,
A3s and Reflection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hoshin.catchball.rules import Kind, Said, Side, State, standing_offer, waiting_side
from hoshin.excel import names
from hoshin.excel.read.content import (
    A3Rec,
    CheckRec,
    Content,
    CountermeasureRec,
    ItemRec,
    KaizenRec,
    MeasurementRec,
    ReflectionRec,
)
from hoshin.excel.read.hoshin_reader import direction, parse_codes
from hoshin.excel.read.import_ops import Message, Thread
from hoshin.excel.read.reading import Book, as_date, as_text, iter_rows, ref
from hoshin.excel.read.table_reader import Row, read_table
from hoshin.model.kinds import CheckResult

Tick = Callable[[int], None]


def _number(value: Any, where: str, content: Content) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        content.problems.append(f"{where}: {value!r} is not a number")
        return None


def read_bowling(book: Book, content: Content, tick: Tick) -> None:
    """Monthly plan and actual of each target; its measure fields override Objectives."""
    sheet = names.BOWLING
    width = len(names.BOWLING_FIXED) + 14
    rows = iter_rows(book.sheet(sheet), max_col=width)
    months: dict[int, str] = {}
    label_col = len(names.BOWLING_FIXED)
    for _row, values in rows:
        if values and values[0] == "Code" and len(values) > 1 and values[1] == "Target":
            for c, v in enumerate(values, start=1):
                if isinstance(v, dt.date):
                    months[c] = f"{v.year:04d}-{v.month:02d}"
            break
    if not months:
        content.problems.append(f"{sheet}: no heading row with months; no figures were read")
        return
    code: str | None = None
    plans: dict[str, float | None] = {}
    for r, values in rows:
        cell = list(values) + [None] * (width - len(values))
        label = as_text(cell[label_col - 1])
        if label == names.PLAN_ROW:
            code = as_text(cell[0])
            if code is None:
                continue
            code = code.upper()
            node = content.nodes.get(code)
            if node is not None:
                node.fields |= {
                    "unit_of_measure": as_text(cell[4]),
                    "direction": direction(cell[5]),
                    "baseline": _number(cell[6], f"{sheet}!{ref(r, 7)}", content),
                    "goal": _number(cell[7], f"{sheet}!{ref(r, 8)}", content),
                }
                # The last column (a workbook before it had none: average, as then).
                aggregation = as_text(cell[width - 1])
                if aggregation:
                    node.fields["aggregation"] = aggregation.lower()
            else:
                content.problems.append(f"{sheet}!{ref(r, 1)}: {code} is on no X-matrix")
            plans = {
                m: _number(cell[c - 1], f"{sheet}!{ref(r, c)}", content) for c, m in months.items()
            }
        elif label == names.ACTUAL_ROW and code is not None:
            for c, month in months.items():
                actual = _number(cell[c - 1], f"{sheet}!{ref(r, c)}", content)
                plan = plans.get(month)
                if plan is not None or actual is not None:
                    where = f"{sheet}!{ref(r, c)}"
                    content.measurements.append(MeasurementRec(code, month, plan, actual, where))
            code = None
            tick(2)


def read_kaizens(book: Book, content: Content, tick: Tick) -> None:
    headings = [h for h, _w in names.KAIZEN_COLUMNS]
    for row in read_table(book, names.KAIZENS, headings, required=("Code", "Title", "Team")):
        code, title, team = as_text(row["Code"]), as_text(row["Title"]), as_text(row["Team"])
        if not code or not team:
            content.problems.append(f"{row.at('Code')}: a kaizen needs a code and a team")
            continue
        fields: dict[str, Any] = {
            "function": as_text(row["Function"]),
            "origin": as_text(row["Origin"]) or "bottom-up",
            "status": as_text(row["Status"]) or "idea",
            "kaizen_type": as_text(row["Type"]) or "event",
            "start_date": as_date(row["Start"]),
            "due_date": as_date(row["Due"]),
            "end_date": as_date(row["End"]),
            "effect_target": as_text(row["Target affected"]),
            "expected_effect": as_text(row["Expected effect"]),
            "description": as_text(row["Description"]),
        }
        supports = parse_codes(as_text(row["Supports"]), row.at("Supports"), content)
        content.kaizens.append(
            KaizenRec(code.upper(), team.upper(), title or "", fields, supports, row.at("Title"))
        )
        tick(1)


def read_sustainment(book: Book, content: Content, tick: Tick) -> None:
    headings = [h for h, _w in names.SUSTAINMENT_COLUMNS]
    keys = {p.key for p in content.people}
    for row in read_table(book, names.SUSTAINMENT, headings, required=("Kaizen", "Record")):
        code, record = as_text(row["Kaizen"]), (as_text(row["Record"]) or "").lower()
        if not code:
            continue
        code = code.upper()
        result = (as_text(row["Result"]) or "").lower()
        owner = as_text(row["Owner key"]) or as_text(row["Owner"])
        if owner is not None and owner.upper() not in keys:
            # Someone of a unit this workbook does not hold (a partial export).
            content.problems.append(
                f"{row.at('Owner')}: {owner} is not on the Organisation sheet; the "
                f"{record or 'record'} was kept without an owner"
            )
            owner = None
        if record == names.CHECK:
            if result not in ("", names.OPEN, "overdue", *(r.value for r in CheckResult)):
                content.problems.append(f"{row.at('Result')}: {result!r} is not a check result")
                result = ""
            held = result if result in {r.value for r in CheckResult} else None
            content.checks.append(
                CheckRec(
                    code,
                    as_date(row["Due"]),
                    held,
                    as_date(row["On"]),
                    as_text(row["What"]) or "",
                    row.at("Due"),
                    owner,
                )
            )
        elif record == names.ACTION_ITEM:
            content.items.append(
                ItemRec(
                    code,
                    as_text(row["What"]) or "",
                    owner,
                    as_date(row["Due"]),
                    result == names.DONE,
                    as_date(row["On"]),
                    row.at("What"),
                )
            )
        else:
            content.problems.append(
                f"{row.at('Record')}: {record!r} is neither a check nor an action item"
            )
        tick(1)


def read_countermeasures(book: Book, content: Content, tick: Tick) -> None:
    headings = [h for h, _w in names.COUNTERMEASURE_COLUMNS]
    keys = {p.key for p in content.people}
    for row in read_table(book, names.COUNTERMEASURES, headings, required=("Target", "Month")):
        code, month = as_text(row["Target"]), row["Month"]
        if not code:
            continue
        if isinstance(month, dt.date):  # a person's edit may have made the month a date
            month = f"{month.year:04d}-{month.month:02d}"
        owner = as_text(row["Owner key"]) or as_text(row["Owner"])
        if owner is not None and owner.upper() not in keys:
            content.problems.append(
                f"{row.at('Owner')}: {owner} is not on the Organisation sheet; the "
                "countermeasure was kept without an owner"
            )
            owner = None
        state = (as_text(row["State"]) or names.OPEN).lower()
        content.countermeasures.append(
            CountermeasureRec(
                code.upper(),
                as_text(month) or "",
                as_text(row["Countermeasure"]) or "",
                owner,
                as_date(row["Due"]),
                state == names.DONE,
                row.at("Countermeasure"),
                as_date(row["Done on"]),
            )
        )
        tick(1)


def read_a3s(book: Book, content: Content, tick: Tick) -> None:
    headings = [h for h, _w in names.A3_COLUMNS]
    keys = {p.key for p in content.people}
    for row in read_table(book, names.A3S, headings, required=("Node", "Part")):
        code, part = as_text(row["Node"]), as_text(row["Part"])
        if not code or not part:
            continue
        who = as_text(row["Who key"]) or as_text(row["Who"])
        if who is not None and who.upper() not in keys:
            content.problems.append(
                f"{row.at('Who')}: {who} is not on the Organisation sheet; the step was kept "
                "without a who"
            )
            who = None
        content.a3s.append(
            A3Rec(
                code.upper(),
                (as_text(row["A3 kind"]) or "").lower(),
                part.lower(),
                as_text(row["6 M"]),
                as_text(row["Text"]) or "",
                who,
                as_date(row["When"]),
                as_text(row["Links"]),
                row.at("Text"),
            )
        )
        tick(1)


def read_reflections(book: Book, content: Content, tick: Tick) -> None:
    """The reflection recorded on each node; a row with nothing recorded (only the figures
    the plan fills in again) is not one. The sheet names its author by name ("By")."""
    headings = [h for h, _w in names.REFLECTION_COLUMNS]
    named: dict[str, list[str]] = {}
    for p in content.people:
        named.setdefault(p.name, []).append(p.key)
    for row in read_table(book, names.REFLECTION, headings, required=("Node", "Decision")):
        code = as_text(row["Node"])
        words = {
            h: as_text(row[h])
            for h in ("Result", "Decision", "New title", "What helped", "What hindered", "Lesson")
        }
        new_goal = _number(row["New goal"], row.at("New goal"), content)
        if not code or (new_goal is None and not any(words.values())):
            continue
        author = None
        if (by := as_text(row["By"])) is not None:
            keys = named.get(by, [])
            if len(keys) == 1:
                author = keys[0]
            else:
                content.problems.append(
                    f"{row.at('By')}: {by} is not one person on the Organisation sheet; the "
                    "reflection was kept without its author"
                )
        content.reflections.append(
            ReflectionRec(
                code.upper(),
                (words["Result"] or "").lower() or None,
                (words["Decision"] or "").lower() or None,
                words["New title"],
                new_goal,
                words["What helped"] or "",
                words["What hindered"] or "",
                words["Lesson"] or "",
                author,
                row.at("Node"),
            )
        )
        tick(1)


def _seconds(value: Any) -> dt.datetime | None:
    """A time read back from a cell, rounded to the second (Excel stores it as a fraction)."""
    if isinstance(value, dt.datetime):
        return (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return None


def read_catchball(book: Book, content: Content, tick: Tick) -> None:
    headings = [h for h, _w in names.CATCHBALL_COLUMNS]
    unit_of = {p.key: p.unit for p in content.people}
    threads: dict[int, list[Row]] = {}
    for row in read_table(book, names.CATCHBALL, headings, required=("Thread", "Node", "Kind")):
        tid = row["Thread"]
        if not isinstance(tid, int | float):
            content.problems.append(f"{row.at('Thread')}: {tid!r} is not a thread number")
            continue
        threads.setdefault(int(tid), []).append(row)
        tick(1)
    for tid, rows in threads.items():
        thread = _thread(tid, rows, unit_of, content)
        if thread is not None:
            content.threads.append(thread)


def _thread(tid: int, rows: list[Row], unit_of: dict[str, str], content: Content) -> Thread | None:
    first = next((r for r in rows if as_text(r["Direction"]) in ("down", "up")), None)
    if first is None:
        content.problems.append(
            f"{rows[0].at('Thread')}: thread {tid} has no message between "
            "its two units; it was left out"
        )
        return None
    down = as_text(first["Direction"]) == "down"
    upper = as_text(first["From"] if down else first["To"]) or ""
    lower = as_text(first["To"] if down else first["From"]) or ""
    strangers = {
        key
        for r in rows
        for key in (as_text(r["Author key"]), as_text(r["Owner key"]))
        if key is not None and key not in unit_of
    }
    if strangers:
        content.problems.append(
            f"{rows[0].at('Thread')}: thread {tid} names {', '.join(sorted(strangers))}, who "
            "are not on the Organisation sheet; the thread was left out"
        )
        return None
    messages: list[Message] = []
    for r in rows:
        try:
            kind, state = Kind(as_text(r["Kind"]) or ""), State(as_text(r["State after"]) or "")
        except ValueError:
            content.problems.append(
                f"{r.at('Kind')}: thread {tid} has a message Hoshin does not "
                "know; the thread was left out"
            )
            return None
        at = _seconds(r["Time"])
        if at is None:
            content.problems.append(
                f"{r.at('Time')}: a message needs its time; thread {tid} was left out"
            )
            return None
        rnd = r["Round"]
        messages.append(
            Message(
                at,
                as_text(r["Direction"]),
                as_text(r["Author key"]),
                kind.value,
                _number(r["Value"], r.at("Value"), content),
                as_date(r["Date"]),
                as_text(r["Owner key"]),
                as_text(r["Resources"]) or "",
                as_text(r["Text"]) or "",
                int(rnd) if isinstance(rnd, int | float) else 1,
                state.value,
            )
        )

    def side(m: Message) -> Side | None:
        if m.author is None:
            return None
        unit = unit_of.get(m.author)
        return {upper: Side.UPPER, lower: Side.LOWER}.get(unit or "", Side.OUTSIDE)

    said = [Said(Kind(m.kind), side(m)) for m in messages]
    agreed_at, agreed_value = None, None
    for i, m in enumerate(messages):
        if m.kind == Kind.AGREE.value:
            # As Reply does: the standing offer, else the throw that opened the thread.
            offer = standing_offer(said[:i]) or 0
            agreed_at = m.at
            agreed_value = messages[offer].value
    last = messages[-1]
    waiting = waiting_side(State(last.state), said)
    return Thread(
        tid,
        as_text(rows[0]["Node"]) or "",
        as_text(rows[0]["Counterpart"]),
        upper,
        lower,
        last.state,
        waiting.value if waiting else None,
        last.round,
        messages[0].at,
        agreed_at,
        agreed_value,
        any(m.kind == Kind.LOCK.value for m in messages),
        tuple(messages),
    )
