"""``hoshin audit``: who changed what, when, from what to what."""

from __future__ import annotations

import argparse
import csv
import sys
from typing import Any

from hoshin.plan import Plan
from hoshin.reads import audit_text
from hoshin.reports.audit_csv import COLUMNS
from hoshin.store import audit


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="the audit log of the plan, or of one node")
    p.add_argument("path", metavar="PATH")
    p.add_argument("code", metavar="CODE", nargs="?", help="only this node (with its links)")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="newest N entries")
    p.add_argument("--csv", action="store_true", help="write CSV (all columns) to stdout")
    p.set_defaults(run=_audit)


def _audit(args: argparse.Namespace) -> int:
    with Plan.open(args.path) as plan:
        node = plan.graph.id_of(args.code) if args.code else None
        with plan.session() as session:
            rows = audit.history(session, node, limit=max(1, args.limit))
            said = audit_text.sentences(session, plan.graph, rows)
    if args.csv:
        writer = csv.DictWriter(sys.stdout, COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    # One heading per edit (when, who, what the edit was called), then what it did.
    last: tuple[object, ...] | None = None
    for r, sentence in zip(rows, said, strict=True):
        if not sentence:
            continue
        edit = (r["at"], r["person"], r["edit"])
        if edit != last:
            who = r["person"] or "(nobody named)"
            print(f"{r['at']:%Y-%m-%d %H:%M}  {who}: {r['edit']}")
            last = edit
        print(f"    {sentence}")
    return 0
