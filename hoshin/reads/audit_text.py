"""The audit log in a person's words: "KPI-4: actual for 2026-10 set to 25.3", not
"measurements 12 actual".

The log records rows; a person thinks in codes, months, links and names. What a row
change meant is rebuilt here from the entry and, for the rows an update names only by
id (a month's figure, a link), from one query per table for a whole page of entries.
Both ``hoshin audit`` and the app's node history read these sentences.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoshin.graph import StrategyGraph
from hoshin.model import entities as e
from hoshin.store.chunks import chunks
from hoshin.store.steps import Row
from hoshin.text import formats

#: A node field as a person names it.
FIELD_WORDS = {
    "unit_id": "unit",
    "function_id": "function",
    "start_date": "start date",
    "due_date": "due date",
    "end_date": "end date",
    "unit_of_measure": "unit of measure",
    "kaizen_type": "kaizen type",
    "effect_target_id": "target it moves",
    "expected_effect": "expected effect",
    "committed_goal": "committed goal",
    "agreed_value": "agreed value",
    "agreed_at": "agreed at",
    "locked_parent_goal": "parent's goal when locked",
    "checked_on": "checked on",
    "done_on": "done on",
    "owner_id": "owner",
    "person_id": "person",
    "current_condition": "current condition",
    "plan_text": "plan",
    "owners_text": "owners",
    "follow_up": "follow-up",
}

#: Past tense of a catchball message ("Gareth countered 23").
DID = {
    "throw": "threw",
    "comment": "commented",
    "question": "asked",
    "proposal": "proposed",
    "counter": "countered",
    "agree": "agreed",
    "reject": "rejected",
    "withdraw": "withdrew",
    "lock": "locked",
    "reopen": "reopened",
}

#: Tables whose updated rows the sentences name by more than their id.
_LOOKUPS: dict[str, tuple[str, ...]] = {
    "measurements": ("node_id", "month"),
    "edges": ("source_id", "kind", "target_id", "strength"),
    "countermeasures": ("node_id", "month"),
    "sustainment_checks": ("kaizen_id", "due"),
    "action_items": ("kaizen_id", "title"),
    "catchball_threads": ("node_id",),
    "units": ("code",),
    "people": ("name",),
    "unit_roles": ("person_id", "unit_id"),
    "responsibilities": ("node_id", "person_id"),
    "functions": ("name",),
    "a3s": ("node_id",),
    "a3_items": ("node_id", "kind", "text"),
}


def payload(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def value_words(value: Any) -> str:
    """A logged value as it reads: 22 not 22.0, text in quotes, nothing as –."""
    if value is None or value == "":
        return formats.MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return formats.number(value)
    if isinstance(value, str):
        return " ".join(value.split())
    return str(value)


class Describer:
    """Sentences for a page of audit entries, with the names they need read in bulk."""

    def __init__(self, session: Session, graph: StrategyGraph, entries: Sequence[Row]) -> None:
        self.graph = graph
        self._rows: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self._people: dict[int, str] = {}
        self._units: dict[int, str] = {}
        self._functions: dict[int, str] = {}
        self._deleted_nodes: dict[int, str] = {}
        self._load(session, entries)

    # -- reading what the entries refer to ------------------------------------------------

    def _load(self, session: Session, entries: Sequence[Row]) -> None:
        wanted: dict[str, set[int]] = defaultdict(set)
        people: set[int] = set()
        for entry in entries:
            table = str(entry["table_name"])
            if entry["action"] == "update" and table in _LOOKUPS and str(entry["row_id"]).isdigit():
                wanted[table].add(int(entry["row_id"]))
            row = payload(entry["new"] if entry["action"] == "insert" else entry["old"])
            if isinstance(row, dict):
                for key in ("person_id", "author_id", "owner_id"):
                    if isinstance(row.get(key), int):
                        people.add(row[key])
                if table == "nodes" and isinstance(row.get("id"), int):
                    self._deleted_nodes[row["id"]] = str(row.get("code", ""))
            if entry["field"] in ("owner_id", "person_id"):
                for raw in (entry["old"], entry["new"]):
                    if isinstance(payload(raw), int):
                        people.add(payload(raw))
        for table, ids in wanted.items():
            t = e.Base.metadata.tables[table]
            columns = [t.c[c] for c in _LOOKUPS[table]]
            for batch in chunks(sorted(ids)):
                for row in session.execute(select(t.c.id, *columns).where(t.c.id.in_(batch))):
                    self._rows[table][str(row[0])] = dict(
                        zip(_LOOKUPS[table], row[1:], strict=True)
                    )
                    if table in ("unit_roles", "responsibilities"):
                        people.add(int(row[1 + _LOOKUPS[table].index("person_id")]))
        if people:
            for batch in chunks(sorted(people)):
                found = select(e.Person.id, e.Person.name).where(e.Person.id.in_(batch))
                self._people.update((int(i), str(n)) for i, n in session.execute(found))
        # A Result has keys(), so dict() would read it as a mapping: build from tuples.
        self._units = {int(i): str(c) for i, c in session.execute(select(e.Unit.id, e.Unit.code))}
        self._functions = {
            int(i): str(n) for i, n in session.execute(select(e.Function.id, e.Function.name))
        }

    # -- names ------------------------------------------------------------------------------

    def code(self, node_id: Any) -> str:
        if not isinstance(node_id, int):
            return "a node"
        if self.graph.has_node(node_id):
            return self.graph.code(node_id)
        known = self._deleted_nodes.get(node_id)
        return f"{known} (deleted)" if known else f"node #{node_id} (deleted)"

    def person(self, person_id: Any) -> str:
        if not isinstance(person_id, int):
            return "nobody"
        return self._people.get(person_id, f"person #{person_id}")

    def unit(self, unit_id: Any) -> str:
        return self._units.get(unit_id, f"unit #{unit_id}") if isinstance(unit_id, int) else "–"

    def _field_value(self, field: str, value: Any) -> str:
        if value is None:
            return "–"
        if field == "unit_id":
            return self.unit(value)
        if field == "function_id":
            return self._functions.get(value, "–")
        if field == "effect_target_id":
            return self.code(value)
        if field in ("owner_id", "person_id", "author_id"):
            return self.person(value)
        if field == "title":
            return f"“{value_words(value)}”"
        return value_words(value)

    # -- sentences --------------------------------------------------------------------------

    def sentence(self, entry: Row) -> str:
        """What one entry did, in words; an update that changed nothing reads ''."""
        table, action = str(entry["table_name"]), str(entry["action"])
        if action == "update":
            old, new = payload(entry["old"]), payload(entry["new"])
            if old == new:
                return ""
            return self._update(table, entry, str(entry["field"]), old, new)
        row = payload(entry["new"] if action == "insert" else entry["old"])
        if not isinstance(row, dict):
            row = {}
        maker = _ROW_SENTENCES.get(table)
        if maker is not None:
            return maker(self, row, action == "insert")
        return f"{table.replace('_', ' ')} {row.get('id', entry['row_id'])} {_done(action)}"

    def month_of(self, entry: Row) -> str | None:
        """The month of an updated figure or countermeasure (an update names only its id)."""
        known = self._rows[str(entry["table_name"])].get(str(entry["row_id"]), {})
        month = known.get("month")
        return str(month) if month is not None else None

    def change(self, entry: Row) -> str:
        """``before → after`` of an updated field, named (a unit's code, not its id)."""
        field = str(entry["field"])
        if field == "title":  # a table cell: no quotes around the text
            return f"{value_words(payload(entry['old']))} → {value_words(payload(entry['new']))}"
        before = self._field_value(field, payload(entry["old"]))
        return f"{before} → {self._field_value(field, payload(entry['new']))}"

    def _update(self, table: str, entry: Row, field: str, old: Any, new: Any) -> str:
        known = self._rows[table].get(str(entry["row_id"]), {})
        words = FIELD_WORDS.get(field, field.replace("_", " "))
        before, after = self._field_value(field, old), self._field_value(field, new)
        if table == "nodes":
            code = self.code(int(entry["row_id"]) if str(entry["row_id"]).isdigit() else None)
            if field == "status":
                return f"{code} moved from {before} to {after}"
            if field == "title":
                return f"{code} renamed from {before} to {after}"
            return _changed(code, words, before, after)
        if table == "measurements":
            month = known.get("month", "a month")
            subject = f"{self.code(known.get('node_id', entry['node_id']))}: {field} for {month}"
            if new is None:
                return f"{subject} cleared (was {before})"
            return f"{subject} set to {after}" + (f" (was {before})" if old is not None else "")
        if table == "edges":
            link = self._link(known) if known else "a link"
            return _changed(link + ":", words, before, after)
        if table == "catchball_threads":
            subject = f"Thread {entry['row_id']} ({self.code(known.get('node_id'))})"
            if field == "state":
                return f"{subject} moved from {before} to {after}"
            if field == "waiting":
                return f"{subject} now waits for {_side(new)}"
            return _changed(subject, words, before, after)
        if table == "responsibilities":
            who, node = self.person(known.get("person_id")), self.code(known.get("node_id"))
            return f"{who} is now {after} owner of {node} (was {before})"
        if table == "countermeasures":
            subject = (
                f"{self.code(known.get('node_id'))}: countermeasure for {known.get('month', '?')}"
            )
            return _changed(subject, words, before, after)
        if table == "sustainment_checks":
            subject = f"{self.code(known.get('kaizen_id'))}: check due {known.get('due', '?')}"
            return _changed(subject, words, before, after)
        if table == "action_items":
            subject = (
                f"{self.code(known.get('kaizen_id'))}: action item “{known.get('title', '?')}”"
            )
            if field == "done":
                return f"{subject} {'closed' if new else 'reopened'}"
            return _changed(subject, words, before, after)
        if table == "a3s":
            return _changed(f"{self.code(known.get('node_id'))}: A3", words, before, after)
        if table == "a3_items":
            subject = f"{self.code(known.get('node_id'))}: A3 {known.get('kind', 'row')}"
            return _changed(f"{subject} “{value_words(known.get('text'))}”", words, before, after)
        if table == "units":
            return _changed(f"Unit {known.get('code', entry['row_id'])}", words, before, after)
        if table == "people":
            return _changed(f"{known.get('name', 'A person')}", words, before, after)
        if table == "unit_roles":
            who, unit = self.person(known.get("person_id")), self.unit(known.get("unit_id"))
            return f"{who} is now {after} of {unit} (was {before})"
        if table == "settings":
            return _changed(f"Setting {entry['row_id']}", "value", before, after)
        return _changed(f"{table.replace('_', ' ')} {entry['row_id']}", words, before, after)

    def _link(self, row: dict[str, Any]) -> str:
        source, target = self.code(row.get("source_id")), self.code(row.get("target_id"))
        kind = str(row.get("kind", "links"))
        verb = "deploys to" if kind == "deploys" else kind
        return f"{source} {verb} {target}"

    # Row sentences (insert/delete), one per table.

    def _node_row(self, row: dict[str, Any], added: bool) -> str:
        code, title = row.get("code", "?"), value_words(row.get("title"))
        if added:
            unit = self.unit(row.get("unit_id"))
            return f"{code} added: {row.get('kind', 'node')} “{title}” in {unit}"
        return f"{code} “{title}” deleted"

    def _edge_row(self, row: dict[str, Any], added: bool) -> str:
        strength = f" ({row['strength']})" if row.get("strength") else ""
        source, target = self.code(row.get("source_id")), self.code(row.get("target_id"))
        kind = str(row.get("kind", "links"))
        verb = "deploys to" if kind == "deploys" else kind
        if added:
            return f"{source} now {verb} {target}{strength}"
        return f"{source} no longer {verb} {target}"

    def _figure_row(self, row: dict[str, Any], added: bool) -> str:
        code, month = self.code(row.get("node_id")), row.get("month", "a month")
        if not added:
            return f"{code}: figures for {month} removed"
        parts = [
            f"{name} for {month} set to {value_words(row[name])}"
            for name in ("plan", "actual")
            if row.get(name) is not None
        ]
        return f"{code}: " + (" and ".join(parts) if parts else f"{month} added")

    def _owner_row(self, row: dict[str, Any], added: bool) -> str:
        who, node = self.person(row.get("person_id")), self.code(row.get("node_id"))
        if added:
            return f"{who} is now {row.get('role', '')} owner of {node}".replace("  ", " ")
        return f"{who} is no longer owner of {node}"

    def _countermeasure_row(self, row: dict[str, Any], added: bool) -> str:
        code, month = self.code(row.get("node_id")), row.get("month", "?")
        what = value_words(row.get("what"))
        if added:
            owner = f", owner {self.person(row['owner_id'])}" if row.get("owner_id") else ""
            due = f", due {row['due']}" if row.get("due") else ""
            return f"{code}: countermeasure for {month} added: “{what}”{owner}{due}"
        return f"{code}: countermeasure for {month} removed: “{what}”"

    def _check_row(self, row: dict[str, Any], added: bool) -> str:
        code, due = self.code(row.get("kaizen_id")), row.get("due", "?")
        if not added:
            return f"{code}: sustainment check due {due} removed"
        result = f", {row['result']}" if row.get("result") else ""
        return f"{code}: sustainment check due {due} planned{result}"

    def _item_row(self, row: dict[str, Any], added: bool) -> str:
        code, title = self.code(row.get("kaizen_id")), value_words(row.get("title"))
        return f"{code}: action item “{title}” {'added' if added else 'removed'}"

    def _thread_row(self, row: dict[str, Any], added: bool) -> str:
        code = self.code(row.get("node_id"))
        lower = self.unit(row.get("lower_unit_id"))
        if added:
            return f"Thread {row.get('id', '?')} opened: {code} thrown to {lower}"
        return f"Thread {row.get('id', '?')} ({code} → {lower}) removed"

    def _message_row(self, row: dict[str, Any], added: bool) -> str:
        who = self.person(row.get("author_id")) if row.get("author_id") else "Hoshin"
        kind = str(row.get("kind", "message"))
        value = f" {value_words(row['value'])}" if row.get("value") is not None else ""
        text = f": “{value_words(row['text'])}”" if row.get("text") else ""
        thread = row.get("thread_id", "?")
        if not added:
            return f"Thread {thread}: a {kind} message removed"
        return f"Thread {thread}: {who} {DID.get(kind, kind)}{value}{text}"

    def _a3_row(self, row: dict[str, Any], added: bool) -> str:
        code = self.code(row.get("node_id"))
        if added:
            return f"{code}: A3 started ({row.get('kind', '?')}) “{value_words(row.get('title'))}”"
        return f"{code}: A3 deleted"

    def _a3_item_row(self, row: dict[str, Any], added: bool) -> str:
        code, kind = self.code(row.get("node_id")), str(row.get("kind", "row"))
        category = f" ({row['category']})" if row.get("category") else ""
        text = value_words(row.get("text"))
        if not added:
            return f"{code}: A3 {kind}{category} removed: “{text}”"
        who = f", who {self.person(row['owner_id'])}" if row.get("owner_id") else ""
        when = f", when {row['due']}" if row.get("due") else ""
        return f"{code}: A3 {kind}{category} added: “{text}”{who}{when}"

    def _a3_link_row(self, row: dict[str, Any], added: bool) -> str:
        code = self.code(row.get("node_id"))
        if row.get("countermeasure_id") is not None:
            what = f"countermeasure {row['countermeasure_id']}"
        else:
            what = self.code(row.get("kaizen_id"))
        return f"{code}: A3 {'now links' if added else 'no longer links'} {what}"

    def _unit_row(self, row: dict[str, Any], added: bool) -> str:
        parent = f" under {self.unit(row['parent_id'])}" if row.get("parent_id") else ""
        name = value_words(row.get("name"))
        if added:
            return f"Unit {row.get('code', '?')} {name} added{parent}"
        return f"Unit {row.get('code', '?')} {name} removed"

    def _person_row(self, row: dict[str, Any], added: bool) -> str:
        name = value_words(row.get("name"))
        if added:
            return f"{row.get('key', '?')} {name} added to {self.unit(row.get('unit_id'))}"
        return f"{row.get('key', '?')} {name} removed"

    def _role_row(self, row: dict[str, Any], added: bool) -> str:
        who, unit = self.person(row.get("person_id")), self.unit(row.get("unit_id"))
        if added:
            return f"{who} is now {row.get('role', '?')} of {unit}"
        return f"{who} is no longer {row.get('role', '?')} of {unit}"

    def _setting_row(self, row: dict[str, Any], added: bool) -> str:
        return f"Setting {row.get('key', '?')} {'set' if added else 'removed'}"

    def _function_row(self, row: dict[str, Any], added: bool) -> str:
        return f"Function {value_words(row.get('name'))} {'added' if added else 'removed'}"


def _done(action: str) -> str:
    return {"insert": "added", "delete": "removed"}.get(action, "changed")


def _side(waiting: Any) -> str:
    return {"upper": "the unit above", "lower": "the unit below"}.get(str(waiting), "nobody")


def _changed(subject: str, words: str, before: str, after: str) -> str:
    if before == "–":
        return f"{subject} {words} set to {after}"
    if after == "–":
        return f"{subject} {words} cleared (was {before})"
    return f"{subject} {words} changed from {before} to {after}"


_ROW_SENTENCES: dict[str, Callable[[Describer, dict[str, Any], bool], str]] = {
    "nodes": Describer._node_row,
    "edges": Describer._edge_row,
    "measurements": Describer._figure_row,
    "responsibilities": Describer._owner_row,
    "countermeasures": Describer._countermeasure_row,
    "sustainment_checks": Describer._check_row,
    "action_items": Describer._item_row,
    "catchball_threads": Describer._thread_row,
    "catchball_messages": Describer._message_row,
    "units": Describer._unit_row,
    "people": Describer._person_row,
    "unit_roles": Describer._role_row,
    "settings": Describer._setting_row,
    "functions": Describer._function_row,
    "a3s": Describer._a3_row,
    "a3_items": Describer._a3_item_row,
    "a3_links": Describer._a3_link_row,
}


def sentences(session: Session, graph: StrategyGraph, entries: Iterable[Row]) -> list[str]:
    """One sentence per entry, in order ('' for an update that changed nothing)."""
    rows = list(entries)
    describer = Describer(session, graph, rows)
    return [describer.sentence(r) for r in rows]
