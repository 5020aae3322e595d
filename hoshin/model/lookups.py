"""Finding a row by what a person types: a key or a name. Used by the edits, the reads
and the rules alike, so it depends on the tables only."""

from __future__ import annotations

from sqlalchemy import func, literal, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.model.errors import NotFoundError, ValidationError


def find_person(session: Session, who: str) -> RowMapping:
    """A person by key (``P-3``) or by exact name, ignoring case."""
    t = e.Person.__table__
    text = who.strip()
    if not text:
        raise ValidationError("Give the person: a key (P-3) or a name.")
    found = session.execute(select(t).where(t.c.key == text.upper())).mappings().first()
    if found is not None:
        return found
    # Equal ignoring case, not LIKE: there "_" and "%" are wildcards ("T_na Fox" was Tina).
    same = func.lower(t.c.name) == func.lower(literal(text))  # both lowered by the database
    rows = session.execute(select(t).where(same)).mappings().all()
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        keys = ", ".join(r["key"] for r in rows)
        raise ValidationError(f"Several people are called {text}: use a key ({keys}).")
    raise NotFoundError(f"No person {text} in this plan.")
