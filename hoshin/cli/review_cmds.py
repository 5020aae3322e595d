"""``hoshin review``: the monthly review from the command line."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path
from typing import Any

from hoshin import outputs
from hoshin.errors import HoshinError, ValidationError
from hoshin.monthly_review import build_review, to_html
from hoshin.plan import Plan
from hoshin.storage import is_url


def register(sub: Any) -> None:
    p = sub.add_parser("review", help="the monthly review of a unit, as a PDF (or HTML)")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--unit", required=True, metavar="CODE")
    p.add_argument("--month", required=True, metavar="YYYY-MM")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="review.pdf or .html")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(run=_review)


def _review(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() not in (".pdf", ".html", ".htm"):
        raise ValidationError("The review is written as .pdf or .html; give one of those.")
    outputs.guard(out, reading=[] if is_url(args.path) else [args.path], force=args.force)
    with Plan.open(args.path) as plan:
        review = build_review(plan, args.unit, args.month)
    document = to_html(review)
    if out.suffix.lower() == ".pdf":
        try:
            renderer = importlib.import_module("views.review_pdf")  # Qt only when needed
        except ImportError as exc:
            raise HoshinError(f"PDF output needs the desktop libraries: {exc}.") from exc
        renderer.write_pdf(document, out, review.title)
    else:
        out.write_text(document, encoding="utf-8")
    print(f"Wrote {out}: {review.title}")
    return 0
