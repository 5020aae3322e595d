"""catchball

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 05:02:24.932637
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catchball_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("child_node_id", sa.Integer(), nullable=True),
        sa.Column("upper_unit_id", sa.Integer(), nullable=False),
        sa.Column("lower_unit_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("waiting", sa.String(length=8), nullable=True),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("agreed_at", sa.DateTime(), nullable=True),
        sa.Column("agreed_value", sa.Float(), nullable=True),
        sa.Column("locked_parent_goal", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["child_node_id"], ["nodes.id"], name=op.f("fk_catchball_threads_child_node_id_nodes")
        ),
        sa.ForeignKeyConstraint(
            ["lower_unit_id"], ["units.id"], name=op.f("fk_catchball_threads_lower_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["node_id"], ["nodes.id"], name=op.f("fk_catchball_threads_node_id_nodes")
        ),
        sa.ForeignKeyConstraint(
            ["upper_unit_id"], ["units.id"], name=op.f("fk_catchball_threads_upper_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catchball_threads")),
    )
    with op.batch_alter_table("catchball_threads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catchball_threads_child_node_id"), ["child_node_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_catchball_threads_lower_unit_id"), ["lower_unit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_catchball_threads_node_id"), ["node_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_catchball_threads_state"), ["state"], unique=False)

    op.create_table(
        "catchball_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("direction", sa.String(length=4), nullable=True),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("resources", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["people.id"], name=op.f("fk_catchball_messages_author_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["people.id"], name=op.f("fk_catchball_messages_owner_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["catchball_threads.id"],
            name=op.f("fk_catchball_messages_thread_id_catchball_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catchball_messages")),
    )
    with op.batch_alter_table("catchball_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catchball_messages_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_catchball_messages_thread_id"), ["thread_id"], unique=False
        )

    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("committed_goal", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.drop_column("committed_goal")

    with op.batch_alter_table("catchball_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catchball_messages_thread_id"))
        batch_op.drop_index(batch_op.f("ix_catchball_messages_author_id"))

    op.drop_table("catchball_messages")
    with op.batch_alter_table("catchball_threads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catchball_threads_state"))
        batch_op.drop_index(batch_op.f("ix_catchball_threads_node_id"))
        batch_op.drop_index(batch_op.f("ix_catchball_threads_lower_unit_id"))
        batch_op.drop_index(batch_op.f("ix_catchball_threads_child_node_id"))

    op.drop_table("catchball_threads")
