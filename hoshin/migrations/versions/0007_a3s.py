"""A3s: one-page problem-solving and strategy documents on nodes, their list rows
(5 whys, fishbone causes, implementation plan) and their links to countermeasures and
kaizens

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 03:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SIX_MS = "'man', 'machine', 'method', 'material', 'measurement', 'environment'"


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer(), server_default="1", nullable=False)


def upgrade() -> None:
    text = [
        sa.Column(name, sa.Text(), nullable=False)
        for name in (
            "background",
            "current_condition",
            "goal",
            "analysis",
            "plan_text",
            "owners_text",
            "risks",
            "follow_up",
        )
    ]
    op.create_table(
        "a3s",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        *text,
        _version(),
        sa.CheckConstraint("kind IN ('problem', 'strategy')", name=op.f("ck_a3s_kind")),
        sa.ForeignKeyConstraint(
            ["node_id"], ["nodes.id"], name=op.f("fk_a3s_node_id_nodes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_a3s")),
        sa.UniqueConstraint("id", "node_id", name="uq_a3s_id_node"),
    )
    op.create_index(op.f("ix_a3s_node_id"), "a3s", ["node_id"], unique=True)
    op.create_table(
        "a3_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a3_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        _version(),
        sa.CheckConstraint("kind IN ('why', 'cause', 'step')", name=op.f("ck_a3_items_kind")),
        sa.CheckConstraint(
            f"(kind = 'cause') = (category IS NOT NULL) AND "
            f"(category IS NULL OR category IN ({_SIX_MS}))",
            name=op.f("ck_a3_items_category"),
        ),
        # A row of an A3 is of its node: the roles checked on node_id are the A3's.
        sa.ForeignKeyConstraint(
            ["a3_id", "node_id"],
            ["a3s.id", "a3s.node_id"],
            name="fk_a3_items_a3",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["node_id"], ["nodes.id"], name=op.f("fk_a3_items_node_id_nodes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_a3_items_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_a3_items")),
    )
    op.create_index(op.f("ix_a3_items_a3_id"), "a3_items", ["a3_id"], unique=False)
    op.create_index(op.f("ix_a3_items_node_id"), "a3_items", ["node_id"], unique=False)
    op.create_table(
        "a3_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("a3_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("countermeasure_id", sa.Integer(), nullable=True),
        sa.Column("kaizen_id", sa.Integer(), nullable=True),
        _version(),
        sa.CheckConstraint(
            "(countermeasure_id IS NULL) <> (kaizen_id IS NULL)",
            name=op.f("ck_a3_links_one_target"),
        ),
        # A row of an A3 is of its node: the roles checked on node_id are the A3's.
        sa.ForeignKeyConstraint(
            ["a3_id", "node_id"],
            ["a3s.id", "a3s.node_id"],
            name="fk_a3_links_a3",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["node_id"], ["nodes.id"], name=op.f("fk_a3_links_node_id_nodes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["countermeasure_id"],
            ["countermeasures.id"],
            name=op.f("fk_a3_links_countermeasure_id_countermeasures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kaizen_id"],
            ["nodes.id"],
            name=op.f("fk_a3_links_kaizen_id_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_a3_links")),
        sa.UniqueConstraint("a3_id", "countermeasure_id", name="uq_a3_links_countermeasure"),
        sa.UniqueConstraint("a3_id", "kaizen_id", name="uq_a3_links_kaizen"),
    )
    for column in ("a3_id", "node_id", "countermeasure_id", "kaizen_id"):
        op.create_index(op.f(f"ix_a3_links_{column}"), "a3_links", [column], unique=False)


def downgrade() -> None:
    op.drop_table("a3_links")
    op.drop_table("a3_items")
    op.drop_table("a3s")
