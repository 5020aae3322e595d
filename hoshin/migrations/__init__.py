"""Alembic migrations of the plan schema; run by :mod:`hoshin.store.storage` on open."""
