"""years: a plan holds years, each node belongs to one; the year-end reflections

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-07 03:10:00
"""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_OLD_UNIQUE = "CONSTRAINT uq_nodes_code UNIQUE (code)"
_NEW_UNIQUE = "CONSTRAINT uq_nodes_year UNIQUE (year, code)"
_PK = "CONSTRAINT pk_nodes PRIMARY KEY (id)"


def current_year(conn: sa.Connection) -> int:
    """The year an existing plan is in (docs/years.md): the year of its latest month with
    an actual, else of its latest month with any figure, else the year of the upgrade."""
    for where in ("WHERE actual IS NOT NULL", ""):
        month = conn.exec_driver_sql(f"SELECT MAX(month) FROM measurements {where}").scalar()
        if month:
            return int(str(month)[:4])
    return dt.date.today().year


def upgrade() -> None:
    conn = op.get_bind()
    year = current_year(conn)
    op.create_table(
        "years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("state IN ('open', 'closed')", name=op.f("ck_years_state")),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_years")),
    )
    # A plan being made (no nodes yet) gets its first year from Plan.create; a copy, the
    # source's years.
    if conn.exec_driver_sql("SELECT 1 FROM nodes LIMIT 1").first() is not None:
        op.execute(f"INSERT INTO years (year, state, version) VALUES ({year}, 'open', 1)")
    if conn.dialect.name == "sqlite":
        _nodes_with_years_sqlite(conn, year)
    else:
        op.add_column("nodes", sa.Column("year", sa.Integer(), nullable=True))
        op.add_column("nodes", sa.Column("previous_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE nodes SET year = {year}")
        op.alter_column("nodes", "year", nullable=False)
        op.drop_constraint("uq_nodes_code", "nodes", type_="unique")
        op.create_unique_constraint("uq_nodes_year", "nodes", ["year", "code"])
    # The hot queries read one year: a unit's nodes of a kind, the graph of the year.
    op.create_index("ix_nodes_year_unit_kind", "nodes", ["year", "unit_id", "kind"])
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=True),
        sa.Column("new_title", sa.String(length=500), nullable=True),
        sa.Column("new_goal", sa.Float(), nullable=True),
        sa.Column("result", sa.String(length=8), nullable=True),
        sa.Column("helped", sa.Text(), nullable=False),
        sa.Column("hindered", sa.Text(), nullable=False),
        sa.Column("lesson", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "decision IN ('carry', 'modify', 'drop', 'complete')",
            name=op.f("ck_reflections_decision"),
        ),
        sa.CheckConstraint(
            "result IN ('achieved', 'partly', 'missed')", name=op.f("ck_reflections_result")
        ),
        sa.ForeignKeyConstraint(
            ["node_id"], ["nodes.id"], name=op.f("fk_reflections_node_id_nodes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_reflections_author_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
        sa.UniqueConstraint("node_id", name=op.f("uq_reflections_node_id")),
    )


def _nodes_with_years_sqlite(conn: sa.Connection, year: int) -> None:
    """Rebuild the nodes table with its year (NOT NULL, no default) and the (year, code)
    uniqueness, keeping its stored definition otherwise: SQLite's copy, drop and rename
    (the upgrade runs with foreign keys off, see storage._upgrade)."""
    stored = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'nodes'"
    ).scalar()
    indexes = [
        sql
        for (sql,) in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'nodes'"
            " AND sql IS NOT NULL"
        )
    ]
    if not stored or _OLD_UNIQUE not in stored or _PK not in stored:
        raise RuntimeError("The nodes table is not as schema 0006 made it; cannot upgrade.")
    columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(nodes)")]
    created = stored.replace(_OLD_UNIQUE, _NEW_UNIQUE).replace(
        _PK, f"year INTEGER NOT NULL, previous_id INTEGER, {_PK}"
    )
    names = ", ".join(f'"{c}"' for c in columns)
    _rebuild(conn, created, f"{names}, year", f"{names}, {year}")
    for sql in indexes:
        conn.exec_driver_sql(sql)


def _rebuild(conn: sa.Connection, created: str, into: str, values: str) -> None:
    """Make the nodes table anew as ``created`` says, with its rows; its indexes go."""
    made = re.sub(r'^CREATE TABLE "?nodes"?', "CREATE TABLE _nodes_0008", created.strip(), count=1)
    conn.exec_driver_sql(made)
    conn.exec_driver_sql(f"INSERT INTO _nodes_0008 ({into}) SELECT {values} FROM nodes")
    conn.exec_driver_sql("DROP TABLE nodes")
    conn.exec_driver_sql("ALTER TABLE _nodes_0008 RENAME TO nodes")


def downgrade() -> None:
    conn = op.get_bind()
    op.drop_table("reflections")
    op.drop_index("ix_nodes_year_unit_kind", table_name="nodes")
    years = conn.exec_driver_sql("SELECT COUNT(DISTINCT year) FROM nodes").scalar()
    if years and years > 1:
        raise RuntimeError("The plan holds several years; schema 0006 can hold only one.")
    if conn.dialect.name == "sqlite":
        stored = str(
            conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'nodes'"
            ).scalar()
        )
        indexes = [
            sql
            for (sql,) in conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'nodes'"
                " AND sql IS NOT NULL"
            )
        ]
        columns = [
            row[1]
            for row in conn.exec_driver_sql("PRAGMA table_info(nodes)")
            if row[1] not in ("year", "previous_id")
        ]
        created = stored.replace(_NEW_UNIQUE, _OLD_UNIQUE).replace(
            f"year INTEGER NOT NULL, previous_id INTEGER, {_PK}", _PK
        )
        names = ", ".join(f'"{c}"' for c in columns)
        _rebuild(conn, created, names, names)
        for sql in indexes:
            conn.exec_driver_sql(sql)
    else:
        op.drop_constraint("uq_nodes_year", "nodes", type_="unique")
        op.create_unique_constraint("uq_nodes_code", "nodes", ["code"])
        op.drop_column("nodes", "previous_id")
        op.drop_column("nodes", "year")
    op.drop_table("years")
