"""row versions, unit roles, database logins

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: Every table whose rows are edited in place (catchball messages and the audit log are
#: only ever appended).
VERSIONED = (
    "settings",
    "functions",
    "units",
    "people",
    "nodes",
    "edges",
    "responsibilities",
    "measurements",
    "sustainment_checks",
    "action_items",
    "catchball_threads",
    "countermeasures",
)


def upgrade() -> None:
    for table in VERSIONED:
        # ADD COLUMN with a constant default: no table rebuild on SQLite or PostgreSQL.
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("people", sa.Column("login", sa.String(length=63), nullable=True))
    op.create_index("uq_people_login", "people", ["login"], unique=True)
    op.create_table(
        "unit_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_unit_roles_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_unit_roles_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_roles")),
        sa.UniqueConstraint("person_id", "unit_id", name=op.f("uq_unit_roles_person_id")),
    )
    op.create_index(op.f("ix_unit_roles_unit_id"), "unit_roles", ["unit_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_unit_roles_unit_id"), table_name="unit_roles")
    op.drop_table("unit_roles")
    op.drop_index("uq_people_login", table_name="people")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("login")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
