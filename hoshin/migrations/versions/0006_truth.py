"""every fact recordable: target aggregation, check owners, countermeasure lifecycle,
start dates of kaizens that were started without one

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 23:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: Kaizen statuses that mean the kaizen was started (DESIGN §5: ideas and dropped are not).
_STARTED = ("approved", "in progress", "done", "sustained", "regressed")


def upgrade() -> None:
    # How a target's months add up to its year to date. Existing targets keep the average
    # every view showed until now; a new target chooses (default: average).
    op.add_column("nodes", sa.Column("aggregation", sa.String(length=8), nullable=True))
    op.execute("UPDATE nodes SET aggregation = 'average' WHERE kind = 'target'")
    with op.batch_alter_table("sustainment_checks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_sustainment_checks_owner_id_people"),
            "people",
            ["owner_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.add_column("countermeasures", sa.Column("done_on", sa.Date(), nullable=True))
    _backfill_start_dates()
    _backfill_slipped_checks()


def _backfill_start_dates() -> None:
    """A started kaizen without a start date was invisible to demand (DESIGN §6).

    Its start is the day the audit log saw it enter ``approved`` or ``in progress`` (the
    first such move), else the day it was added, when the log knows it; otherwise it
    stays unknown rather than pretending it started on the day of the upgrade.
    """
    started = ", ".join(f"'{s}'" for s in _STARTED)
    moves = "'\"approved\"', '\"in progress\"'"
    day = "date(MIN(a.at))" if op.get_bind().dialect.name == "sqlite" else "CAST(MIN(a.at) AS date)"
    seen = "a.node_id = nodes.id AND a.table_name = 'nodes'"
    op.execute(
        f"""
        UPDATE nodes SET start_date = COALESCE(
            (SELECT {day} FROM audit_log a WHERE {seen}
               AND a.action = 'update' AND a.field = 'status' AND a.new IN ({moves})),
            (SELECT {day} FROM audit_log a WHERE {seen} AND a.action = 'insert')
        )
        WHERE kind = 'kaizen' AND start_date IS NULL AND status IN ({started})
        """
    )


def _backfill_slipped_checks() -> None:
    """A regressed kaizen is debt until a later check holds (DESIGN §5, §6), and the rule
    reads that from its slipped check. Plans could mark a kaizen regressed without one, so
    such a kaizen owed nothing: record the slip, dated when the log saw the move (else the
    day of the upgrade), as moving it to regressed now does."""
    day = "date(MAX(a.at))" if op.get_bind().dialect.name == "sqlite" else "CAST(MAX(a.at) AS date)"
    when = f"""COALESCE(
        (SELECT {day} FROM audit_log a
         WHERE a.node_id = n.id AND a.table_name = 'nodes' AND a.action = 'update'
           AND a.field = 'status' AND a.new = '"regressed"'),
        CURRENT_DATE)"""
    op.execute(
        f"""
        INSERT INTO sustainment_checks (kaizen_id, due, result, checked_on, note, version)
        SELECT n.id, {when}, 'slipped', {when},
               'Recorded by the upgrade: ' || n.code || ' was regressed without a slipped check.',
               1
        FROM nodes n
        WHERE n.kind = 'kaizen' AND n.status = 'regressed'
          AND NOT EXISTS (SELECT 1 FROM sustainment_checks c
                          WHERE c.kaizen_id = n.id AND c.result = 'slipped')
        """
    )


def downgrade() -> None:
    op.drop_column("countermeasures", "done_on")
    with op.batch_alter_table("sustainment_checks", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_sustainment_checks_owner_id_people"), type_="foreignkey"
        )
        batch_op.drop_column("owner_id")
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.drop_column("aggregation")
