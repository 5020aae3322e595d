"""Alembic environment: always run in-process on the connection the plan opened."""

from __future__ import annotations

from alembic import context

from hoshin.model.entities import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the CLI of alembic itself gets here
    raise RuntimeError("Hoshin runs its migrations itself; open the plan with Hoshin.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
