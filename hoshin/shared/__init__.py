"""Shared plans on PostgreSQL: logins, row-level security, database-written audit, live updates."""
