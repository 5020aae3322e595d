"""The reminder log (table reminders_sent): what was told to whom. Written only after the
mail server accepted a digest, one row per item, so a failed send leaves nothing logged.

Not an undoable edit (nobody takes back a sent mail) and not in the audit log: a log of
its own. Ids are handed out as for every table the clients write on a shared plan
(:meth:`hoshin.store.steps.Recorder.new_ids`); row-level security lets only the plan's
owner or an executive of the top unit write it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert
from sqlalchemy.orm import Session

from hoshin.model import entities as e
from hoshin.reads.reminders import Digest
from hoshin.store.steps import Recorder


def record_sent(session: Session, digest: Digest, at: dt.datetime) -> None:
    """Log every item of ``digest`` as told at ``at`` (the caller commits)."""
    ids = Recorder(session).new_ids(e.ReminderSent, len(digest.items))
    session.execute(
        insert(e.ReminderSent),
        [
            {
                "id": row_id,
                "person_id": digest.person_id,
                "day": digest.as_of,
                "sent_at": at.replace(tzinfo=None),
                "item": told.obligation.key[:160],
                "fingerprint": told.obligation.fingerprint,
            }
            for row_id, told in zip(ids, digest.items, strict=True)
        ],
    )
