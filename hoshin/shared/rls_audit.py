"""Plain SQL leaves history too: the database writes the audit entry of a login's write
that Hoshin's own edit did not record.

Hoshin's core writes each edit's entries itself (hoshin/store/audit.py), with the edit's name.
A login who goes around Hoshin (psql, a script) writes rows without entries; for every
audited table a deferred trigger then runs at commit, sees which of the transaction's
row changes have no entry of the same transaction, and writes one in the core's shape
(table, row, node, field, old → new as JSON text) labelled "SQL by <login>". The entry
is written as the login (so the audit log's own trigger stamps the id, the server's time
and the login's person; nobody chooses them) and stands or falls with the write.

Which changes already have an entry is kept, per transaction, in a table only the plan's
owner reads and writes, filled by a trigger on the audit log (a trigger function cannot
be called by hand): a login marks a row as recorded only by writing an entry for it in
its own name. The plan's owner is trusted and left to the core.
"""

from __future__ import annotations

from hoshin.model import entities as e
from hoshin.store.audit import NODE_COLUMN

_SQL = """
CREATE TABLE IF NOT EXISTS {s}.hoshin_audit_marks (
  tx xid8 NOT NULL, table_name text NOT NULL, row_id text NOT NULL, action text NOT NULL,
  field text NOT NULL, PRIMARY KEY (tx, table_name, row_id, action, field));
REVOKE ALL ON {s}.hoshin_audit_marks FROM PUBLIC, {g};

-- Both triggers below: for entries written by a statement, not by the database's own
-- entries (trigger depth 1): a row changed twice by plain SQL gets an entry each time.
-- Forgets the marks of finished transactions: once a statement, not once a row (rows
-- this transaction deleted stay in every later scan of it).
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_forget() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  DELETE FROM {s}.hoshin_audit_marks m
  WHERE m.tx < pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot());
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS hoshin_audit_forget ON {s}.audit_log;
CREATE TRIGGER hoshin_audit_forget AFTER INSERT ON {s}.audit_log
  FOR EACH STATEMENT {top}EXECUTE FUNCTION {s}.hoshin_audit_forget();

-- Marks what an entry records, for its transaction.
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_mark() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  INSERT INTO {s}.hoshin_audit_marks
  VALUES (pg_catalog.pg_current_xact_id(), NEW.table_name, NEW.row_id, NEW.action,
          coalesce(NEW.field, ''))
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS hoshin_audit_mark ON {s}.audit_log;
CREATE TRIGGER hoshin_audit_mark AFTER INSERT ON {s}.audit_log
  FOR EACH ROW {top}EXECUTE FUNCTION {s}.hoshin_audit_mark();

CREATE OR REPLACE FUNCTION {s}.hoshin_audit_marked(tbl text, rid text, act text, fld text)
RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {s}.hoshin_audit_marks m
                 WHERE m.tx = pg_catalog.pg_current_xact_id() AND m.table_name = tbl
                   AND m.row_id = rid AND m.action = act AND m.field = fld)
$$;

-- A JSON value as the core writes it: SQL NULL for null.
CREATE OR REPLACE FUNCTION {s}.hoshin_json_text(v jsonb) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN v IS NULL OR pg_catalog.jsonb_typeof(v) = 'null' THEN NULL
              ELSE v::text END
$$;

-- Runs as the caller: the entry is the login's, stamped by the audit log's own trigger.
-- Arguments: the table's key column, the column naming the node ('' if none).
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_sql() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  pk text := TG_ARGV[0];
  node_column text := nullif(TG_ARGV[1], '');
  before jsonb;
  after jsonb;
  rid text;
  node integer;
  act text := pg_catalog.lower(TG_OP);
  k text;
  who integer := {s}.hoshin_person(current_user);
  label text := pg_catalog.left('SQL by ' || current_user, 200);
BEGIN
  IF TG_OP <> 'INSERT' THEN before := pg_catalog.to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN after := pg_catalog.to_jsonb(NEW); END IF;
  rid := coalesce(after, before) ->> pk;
  IF node_column IS NOT NULL THEN
    node := (coalesce(before, after) ->> node_column)::integer;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    FOR k IN SELECT n.key FROM pg_catalog.jsonb_each(after) n
             WHERE n.key <> pk AND n.key <> 'version'
               AND n.value IS DISTINCT FROM before -> n.key
             ORDER BY n.key LOOP
      IF NOT {s}.hoshin_audit_marked(TG_TABLE_NAME, rid, act, k) THEN
        INSERT INTO {s}.audit_log (at, person_id, edit, action, table_name, row_id, node_id,
                                   field, old, new)
        VALUES (pg_catalog.timezone('UTC', pg_catalog.now()), who, label, act, TG_TABLE_NAME,
                rid, node, k, {s}.hoshin_json_text(before -> k),
                {s}.hoshin_json_text(after -> k));
      END IF;
    END LOOP;
  ELSIF NOT {s}.hoshin_audit_marked(TG_TABLE_NAME, rid, act, '') THEN
    INSERT INTO {s}.audit_log (at, person_id, edit, action, table_name, row_id, node_id,
                               field, old, new)
    VALUES (pg_catalog.timezone('UTC', pg_catalog.now()), who, label, act, TG_TABLE_NAME,
            rid, node, NULL, pg_catalog.jsonb_strip_nulls(before)::text,
            pg_catalog.jsonb_strip_nulls(after)::text);
  END IF;
  RETURN NULL;
END $$;
"""


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def statements(s: str, group: str, owner: str) -> list[str]:
    """The marks, the functions and a deferred trigger on every table the core audits.
    ``s``, ``group``: quoted; ``owner``: the plan owner's name, whose writes are skipped."""
    skip = f"WHEN (current_user <> {_literal(owner)}) " if owner else ""
    top = "WHEN (pg_catalog.pg_trigger_depth() = 0" + (
        f" AND current_user <> {_literal(owner)}) " if owner else ") "
    )
    out = [_SQL.format(s=s, g=group, top=top)]
    for name, table in e.Base.metadata.tables.items():
        if name == e.AuditEntry.__tablename__:
            continue
        pk = next(iter(table.primary_key.columns)).name
        node = NODE_COLUMN.get(name, "")
        out += [
            f"DROP TRIGGER IF EXISTS hoshin_audit_sql ON {s}.{name}",
            f"CREATE CONSTRAINT TRIGGER hoshin_audit_sql AFTER INSERT OR UPDATE OR DELETE "
            f"ON {s}.{name} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {skip}"
            f"EXECUTE FUNCTION {s}.hoshin_audit_sql({_literal(pk)}, {_literal(node)})",
        ]
    return out
