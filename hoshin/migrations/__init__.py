"""Alembic migrations of the plan schema; run by :mod:`hoshin.storage` on open."""
