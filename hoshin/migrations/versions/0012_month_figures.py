"""The monthly figures of finer target values, kept by the database (month_figures)

Each month of a target with daily or weekly values holds the count of its values and their
aggregate by the target's aggregation (hoshin.rules.finer_months reads it, and settles it to
9 decimals). Triggers work a month out again whenever one of its values is written or
removed, and a target's months when its aggregation changes: every writer (an edit, an
undo, an import, plain SQL through a login of a shared plan) leaves the figures true, and on
PostgreSQL no login may write them (hoshin.shared.rls grants SELECT only).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# The figure of a group of one target's values of one month, by the target's aggregation:
# "last" is the value of the month's latest day (the rule: hoshin.rules.target_values).
# SQLite: dates are ISO text, a month is their first 7 characters; any day of the group
# names its month (SQLite has no outer aggregate in a subquery, PostgreSQL has).
_SQLITE_FIGURE = """CASE n.aggregation
      WHEN 'sum' THEN sum(v.value) WHEN 'min' THEN min(v.value) WHEN 'max' THEN max(v.value)
      WHEN 'last' THEN (SELECT w.value FROM target_values w
                        WHERE w.node_id = v.node_id
                          AND w.day BETWEEN substr(v.day, 1, 7) || '-01'
                                        AND substr(v.day, 1, 7) || '-31'
                        ORDER BY w.day DESC LIMIT 1)
      ELSE avg(v.value) END"""

_SQLITE_MONTHS = """INSERT INTO month_figures (node_id, month, count, value)
    SELECT v.node_id, substr(v.day, 1, 7), count(*), {figure}
    FROM target_values v JOIN nodes n ON n.id = v.node_id
    WHERE {where}
    GROUP BY v.node_id, substr(v.day, 1, 7), n.aggregation"""


def _sqlite_month(node: str, day: str) -> str:
    """Work out again the month of ``day`` of target ``node`` (trigger expressions)."""
    month = f"substr({day}, 1, 7)"
    where = f"v.node_id = {node} AND v.day BETWEEN {month} || '-01' AND {month} || '-31'"
    return (
        f"DELETE FROM month_figures WHERE node_id = {node} AND month = {month};\n  "
        + _SQLITE_MONTHS.format(figure=_SQLITE_FIGURE, where=where)
        + ";"
    )


def _sqlite() -> list[str]:
    return [
        f"""CREATE TRIGGER month_figures_value_added AFTER INSERT ON target_values BEGIN
  {_sqlite_month("NEW.node_id", "NEW.day")}
END""",
        f"""CREATE TRIGGER month_figures_value_changed
AFTER UPDATE OF node_id, day, value ON target_values BEGIN
  {_sqlite_month("OLD.node_id", "OLD.day")}
  {_sqlite_month("NEW.node_id", "NEW.day")}
END""",
        f"""CREATE TRIGGER month_figures_value_removed AFTER DELETE ON target_values BEGIN
  {_sqlite_month("OLD.node_id", "OLD.day")}
END""",
        f"""CREATE TRIGGER month_figures_aggregation AFTER UPDATE OF aggregation ON nodes
WHEN NEW.aggregation IS NOT OLD.aggregation BEGIN
  DELETE FROM month_figures WHERE node_id = NEW.id;
  {_SQLITE_MONTHS.format(figure=_SQLITE_FIGURE, where="v.node_id = NEW.id")};
END""",
        _SQLITE_MONTHS.format(figure=_SQLITE_FIGURE, where="1 = 1"),
    ]


# PostgreSQL: one run per statement, however many rows it writes (an import, a copy): the
# months it touched are worked out again together, from its transition tables. The functions
# run as the plan's owner (SECURITY DEFINER), who alone writes month_figures.
_PG_FIGURE = """CASE n.aggregation
      WHEN 'sum' THEN sum(v.value) WHEN 'min' THEN min(v.value) WHEN 'max' THEN max(v.value)
      WHEN 'last' THEN (SELECT w.value FROM {s}.target_values w
                        WHERE w.node_id = v.node_id AND w.day = max(v.day))
      ELSE avg(v.value) END"""

_PG_MONTHS = """INSERT INTO {s}.month_figures (node_id, month, count, value)
    SELECT v.node_id, to_char(v.day, 'YYYY-MM'), count(*), {figure}
    FROM {source}
    JOIN {s}.nodes n ON n.id = v.node_id
    WHERE {where}
    GROUP BY v.node_id, to_char(v.day, 'YYYY-MM'), n.aggregation"""


def _pg_months(s: str, source: str, where: str = "true") -> str:
    return _PG_MONTHS.format(s=s, figure=_PG_FIGURE.format(s=s), source=source, where=where)


#: The advisory lock class of a target's figures (any constant of this plan's own).
_LOCK_CLASS = 20120


def _pg_lock(nodes: str) -> str:
    """One writer of a target's figures at a time, until its transaction ends: a second
    login recording the same month waits for the first, and its next statements then see
    the first's values (each statement of the function reads anew), where both would
    otherwise insert the month (one refused as a duplicate) or one would miss the
    other's value. Taken in the order of the ids, so two writers never wait on each other."""
    return (
        f"PERFORM pg_catalog.pg_advisory_xact_lock({_LOCK_CLASS}, l.node_id) "
        f"FROM (SELECT node_id FROM {nodes} n ORDER BY node_id) l"
    )


def _pg_rows_function(s: str, name: str, rows: str) -> str:
    """A statement trigger's function working out again the months of ``rows`` (the node
    and day of each row its statement wrote or removed)."""
    touched = f"(SELECT DISTINCT node_id, date_trunc('month', day)::date AS first FROM {rows}) t"
    source = (
        f"{touched} JOIN {s}.target_values v ON v.node_id = t.node_id"
        " AND v.day >= t.first AND v.day < t.first + interval '1 month'"
    )
    return f"""
CREATE OR REPLACE FUNCTION {s}.{name}() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  {_pg_lock(f"(SELECT DISTINCT node_id FROM {rows})")};
  DELETE FROM {s}.month_figures f USING {touched}
    WHERE f.node_id = t.node_id AND f.month = to_char(t.first, 'YYYY-MM');
  {_pg_months(s, source)};
  RETURN NULL;
END $$"""


def _postgresql(s: str) -> list[str]:
    table = f"{s}.target_values"
    both = "(SELECT node_id, day FROM old_rows UNION ALL SELECT node_id, day FROM new_rows) r"
    return [
        _pg_rows_function(s, "hoshin_month_figures_added", "new_rows"),
        _pg_rows_function(s, "hoshin_month_figures_changed", both),
        _pg_rows_function(s, "hoshin_month_figures_removed", "old_rows"),
        f"""CREATE TRIGGER hoshin_month_figures_added AFTER INSERT ON {table}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION {s}.hoshin_month_figures_added()""",
        f"""CREATE TRIGGER hoshin_month_figures_changed AFTER UPDATE ON {table}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION {s}.hoshin_month_figures_changed()""",
        f"""CREATE TRIGGER hoshin_month_figures_removed AFTER DELETE ON {table}
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION {s}.hoshin_month_figures_removed()""",
        f"""
CREATE OR REPLACE FUNCTION {s}.hoshin_month_figures_aggregation() RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  {_pg_lock("(SELECT NEW.id AS node_id)")};
  DELETE FROM {s}.month_figures WHERE node_id = NEW.id;
  {_pg_months(s, f"{table} v", "v.node_id = NEW.id")};
  RETURN NULL;
END $$""",
        f"""CREATE TRIGGER hoshin_month_figures_aggregation AFTER UPDATE OF aggregation
  ON {s}.nodes FOR EACH ROW WHEN (OLD.aggregation IS DISTINCT FROM NEW.aggregation)
  EXECUTE FUNCTION {s}.hoshin_month_figures_aggregation()""",
        _pg_months(s, f"{table} v"),
    ]


def _schema() -> str:
    """The plan's schema, quoted, as the functions must name it."""
    name = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar() or "public"
    return '"' + str(name).replace('"', '""') + '"'


def upgrade() -> None:
    op.create_table(
        "month_figures",
        sa.Column("node_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["node_id"],
            ["nodes.id"],
            name=op.f("fk_month_figures_node_id_nodes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("node_id", "month", name=op.f("pk_month_figures")),
    )
    bind = op.get_bind()
    # The last statement of each fills the table from the values already stored.
    statements = _sqlite() if bind.dialect.name == "sqlite" else _postgresql(_schema())
    for statement in statements:
        bind.exec_driver_sql(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("value_added", "value_changed", "value_removed", "aggregation"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS month_figures_{name}")
    else:
        s = _schema()
        for name, table in (
            ("added", "target_values"),
            ("changed", "target_values"),
            ("removed", "target_values"),
            ("aggregation", "nodes"),
        ):
            bind.exec_driver_sql(
                f"DROP TRIGGER IF EXISTS hoshin_month_figures_{name} ON {s}.{table}"
            )
            bind.exec_driver_sql(f"DROP FUNCTION IF EXISTS {s}.hoshin_month_figures_{name}()")
    op.drop_table("month_figures")
