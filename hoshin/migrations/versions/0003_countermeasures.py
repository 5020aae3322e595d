"""countermeasures, and an index for unit boards

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 05:25:41.374200
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.create_index("ix_nodes_unit_status_seq", ["unit_id", "status", "seq"])
    op.create_table(
        "countermeasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["nodes.id"],
            name=op.f("fk_countermeasures_node_id_nodes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_countermeasures_owner_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_countermeasures")),
    )
    with op.batch_alter_table("countermeasures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_countermeasures_node_id"), ["node_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.drop_index("ix_nodes_unit_status_seq")
    with op.batch_alter_table("countermeasures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_countermeasures_node_id"))

    op.drop_table("countermeasures")
