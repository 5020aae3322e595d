"""Strategy lived daily: routines of Leader Standard Work and their answered occurrences,
findings, problems of daily management and their steps up the tiers, finer target values
(nodes.tracking); comments on reflections; people's e-mail addresses

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 04:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflection_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_reflection_comments_author_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["nodes.id"],
            name=op.f("fk_reflection_comments_node_id_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection_comments")),
    )
    op.create_index(
        op.f("ix_reflection_comments_node_id"), "reflection_comments", ["node_id"], unique=False
    )
    op.create_table(
        "routines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("cadence", sa.String(length=12), nullable=False),
        sa.Column("every", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("nth", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["node_id"], ["nodes.id"], name=op.f("fk_routines_node_id_nodes"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_routines_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_routines_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routines")),
        sa.UniqueConstraint("id", "person_id", name="uq_routines_id_person"),
    )
    op.create_index(op.f("ix_routines_node_id"), "routines", ["node_id"], unique=False)
    op.create_index(op.f("ix_routines_person_id"), "routines", ["person_id"], unique=False)
    op.create_index(op.f("ix_routines_unit_id"), "routines", ["unit_id"], unique=False)
    op.create_table(
        "target_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["nodes.id"],
            name=op.f("fk_target_values_node_id_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_values")),
        sa.UniqueConstraint("node_id", "day", name=op.f("uq_target_values_node_id")),
    )
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("raised_unit_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("solved_on", sa.Date(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=True),
        sa.Column("kaizen_id", sa.Integer(), nullable=True),
        sa.Column("countermeasure_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["countermeasure_id"],
            ["countermeasures.id"],
            name=op.f("fk_problems_countermeasure_id_countermeasures"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["kaizen_id"],
            ["nodes.id"],
            name=op.f("fk_problems_kaizen_id_nodes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["node_id"], ["nodes.id"], name=op.f("fk_problems_node_id_nodes"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_problems_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["raised_by_id"],
            ["people.id"],
            name=op.f("fk_problems_raised_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["raised_unit_id"], ["units.id"], name=op.f("fk_problems_raised_unit_id_units")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_problems_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problems")),
    )
    op.create_index(op.f("ix_problems_owner_id"), "problems", ["owner_id"], unique=False)
    # Covering the daily-management measures' read of a window (raised_on): no table row.
    op.create_index(
        op.f("ix_problems_raised_on"),
        "problems",
        ["raised_on", "raised_unit_id", "status"],
        unique=False,
    )
    op.create_index(
        op.f("ix_problems_raised_unit_id"), "problems", ["raised_unit_id"], unique=False
    )
    op.create_index("ix_problems_unit_status", "problems", ["unit_id", "status"], unique=False)
    op.create_table(
        "routine_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_routine_answers_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["people.id"],
            name=op.f("fk_routine_answers_recorded_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["routine_id", "person_id"],
            ["routines.id", "routines.person_id"],
            name="fk_routine_answers_routine",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routine_answers")),
        sa.UniqueConstraint("routine_id", "day", name=op.f("uq_routine_answers_routine_id")),
    )
    op.create_index(
        "ix_routine_answers_person_day", "routine_answers", ["person_id", "day"], unique=False
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=True),
        sa.Column("kaizen_id", sa.Integer(), nullable=True),
        sa.Column("problem_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["routine_answers.id"],
            name=op.f("fk_findings_answer_id_routine_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["kaizen_id"],
            ["nodes.id"],
            name=op.f("fk_findings_kaizen_id_nodes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["people.id"],
            name=op.f("fk_findings_owner_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_findings_problem_id_problems"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_findings_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    op.create_index(op.f("ix_findings_answer_id"), "findings", ["answer_id"], unique=False)
    op.create_index(op.f("ix_findings_unit_id"), "findings", ["unit_id"], unique=False)
    op.create_table(
        "problem_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("from_unit_id", sa.Integer(), nullable=True),
        sa.Column("to_unit_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["by_id"],
            ["people.id"],
            name=op.f("fk_problem_steps_by_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["from_unit_id"], ["units.id"], name=op.f("fk_problem_steps_from_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
            name=op.f("fk_problem_steps_problem_id_problems"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_unit_id"], ["units.id"], name=op.f("fk_problem_steps_to_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_problem_steps")),
    )
    op.create_index(
        op.f("ix_problem_steps_problem_id"),
        "problem_steps",
        # Covering a problem's path (the measures read 35,000 of them): no table row.
        ["problem_id", "at", "id", "kind", "from_unit_id", "to_unit_id"],
        unique=False,
    )
    op.add_column("nodes", sa.Column("tracking", sa.String(length=8), nullable=True))
    op.add_column("people", sa.Column("email", sa.String(length=254), nullable=True))


def downgrade() -> None:
    op.drop_column("people", "email")
    op.drop_column("nodes", "tracking")
    op.drop_index(op.f("ix_problem_steps_problem_id"), table_name="problem_steps")
    op.drop_table("problem_steps")
    op.drop_index(op.f("ix_findings_unit_id"), table_name="findings")
    op.drop_index(op.f("ix_findings_answer_id"), table_name="findings")
    op.drop_table("findings")
    op.drop_index("ix_routine_answers_person_day", table_name="routine_answers")
    op.drop_table("routine_answers")
    op.drop_index("ix_problems_unit_status", table_name="problems")
    op.drop_index(op.f("ix_problems_raised_unit_id"), table_name="problems")
    op.drop_index(op.f("ix_problems_raised_on"), table_name="problems")
    op.drop_index(op.f("ix_problems_owner_id"), table_name="problems")
    op.drop_table("problems")
    op.drop_table("target_values")
    op.drop_index(op.f("ix_routines_unit_id"), table_name="routines")
    op.drop_index(op.f("ix_routines_person_id"), table_name="routines")
    op.drop_index(op.f("ix_routines_node_id"), table_name="routines")
    op.drop_table("routines")
    op.drop_index(op.f("ix_reflection_comments_node_id"), table_name="reflection_comments")
    op.drop_table("reflection_comments")
