"""``hoshin audit``: who changed what, when, from what to what."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from hoshin import audit
from hoshin.audit_csv import COLUMNS
from hoshin.plan import Plan


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="the audit log of the plan, or of one node")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE", nargs="?", help="only this node (with its links)")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="newest N entries")
    p.add_argument("--csv", action="store_true", help="write CSV (all columns) to stdout")
    p.set_defaults(run=_audit)


def _value(raw: str | None) -> str:
    if raw is None:
        return "–"
    value = json.loads(raw)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)


def _audit(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan:
        node = plan.graph.id_of(args.code) if args.code else None
        with plan.session() as session:
            rows = audit.history(session, node, limit=max(1, args.limit))
    if args.csv:
        writer = csv.DictWriter(sys.stdout, COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    for r in rows:
        who = r["person"] or "(nobody named)"
        if r["action"] == "update":
            change = f"{_value(r['old'])} → {_value(r['new'])}"
            what = f"{r['table_name']} {r['row_id']} {r['field']}: {change}"
        else:
            what = f"{r['action']} {r['table_name']} {r['row_id']}"
        print(f"{r['at']:%Y-%m-%d %H:%M}  {who:<18} {r['edit']}: {what}")
    return 0
