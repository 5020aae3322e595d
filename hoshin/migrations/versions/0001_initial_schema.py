"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 04:48:13.286344
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "functions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_functions")),
        sa.UniqueConstraint("name", name=op.f("uq_functions_name")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.String(length=80), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["function_id"], ["functions.id"], name=op.f("fk_units_function_id_functions")
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["units.id"], name=op.f("fk_units_parent_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("code", name=op.f("uq_units_code")),
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_units_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "nodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("unit_of_measure", sa.String(length=40), nullable=True),
        sa.Column("direction", sa.String(length=8), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("goal", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=True),
        sa.Column("kaizen_type", sa.String(length=16), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("effect_target_id", sa.Integer(), nullable=True),
        sa.Column("expected_effect", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["effect_target_id"], ["nodes.id"], name=op.f("fk_nodes_effect_target_id_nodes")
        ),
        sa.ForeignKeyConstraint(
            ["function_id"], ["functions.id"], name=op.f("fk_nodes_function_id_functions")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_nodes_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nodes")),
        sa.UniqueConstraint("code", name=op.f("uq_nodes_code")),
    )
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.create_index("ix_nodes_kind_seq", ["kind", "seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_nodes_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_nodes_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_people_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("key", name=op.f("uq_people_key")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kaizen_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["kaizen_id"],
            ["nodes.id"],
            name=op.f("fk_action_items_kaizen_id_nodes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_action_items_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_items_kaizen_id"), ["kaizen_id"], unique=False)

    op.create_table(
        "edges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("strength", sa.String(length=8), nullable=True),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"], ["nodes.id"], name=op.f("fk_edges_source_id_nodes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["nodes.id"], name=op.f("fk_edges_target_id_nodes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edges")),
        sa.UniqueConstraint("source_id", "target_id", "kind", name=op.f("uq_edges_source_id")),
    )
    with op.batch_alter_table("edges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_edges_target_id"), ["target_id"], unique=False)

    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("plan", sa.Float(), nullable=True),
        sa.Column("actual", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["nodes.id"],
            name=op.f("fk_measurements_node_id_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurements")),
        sa.UniqueConstraint("node_id", "month", name=op.f("uq_measurements_node_id")),
    )
    op.create_table(
        "responsibilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["nodes.id"],
            name=op.f("fk_responsibilities_node_id_nodes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_responsibilities_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_responsibilities")),
        sa.UniqueConstraint("node_id", "person_id", name=op.f("uq_responsibilities_node_id")),
    )
    with op.batch_alter_table("responsibilities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_responsibilities_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "sustainment_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kaizen_id", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=8), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kaizen_id"],
            ["nodes.id"],
            name=op.f("fk_sustainment_checks_kaizen_id_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sustainment_checks")),
    )
    with op.batch_alter_table("sustainment_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sustainment_checks_kaizen_id"), ["kaizen_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sustainment_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sustainment_checks_kaizen_id"))

    op.drop_table("sustainment_checks")
    with op.batch_alter_table("responsibilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_responsibilities_person_id"))

    op.drop_table("responsibilities")
    op.drop_table("measurements")
    with op.batch_alter_table("edges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_edges_target_id"))

    op.drop_table("edges")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_kaizen_id"))

    op.drop_table("action_items")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_unit_id"))

    op.drop_table("people")
    with op.batch_alter_table("nodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nodes_unit_id"))
        batch_op.drop_index(batch_op.f("ix_nodes_status"))
        batch_op.drop_index("ix_nodes_kind_seq")

    op.drop_table("nodes")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_units_parent_id"))

    op.drop_table("units")
    op.drop_table("settings")
    op.drop_table("functions")
