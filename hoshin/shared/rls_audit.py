"""The history of a login's transaction is what the database saw: every change has its
entry, and every entry a login writes describes a change.

Hoshin's core writes each edit's entries itself (hoshin/store/audit.py), with the edit's name,
after the edit's rows. A login who goes around Hoshin (psql, a script) may write rows
without entries, or entries without rows. So for a login's transaction the database
checks both ways at commit (deferred triggers, in the order things were written):

- every row change of an audited table (each changed field of an update, the whole row of
  an insert or delete) takes one entry the login wrote for it in the same transaction
  that says the same — table, row, node, field, old → new as the database saw them
  (compared as values: ``20`` and ``20.0``, a date written with a space or a ``T``, are
  the same) — or else the database writes the entry itself, labelled "SQL by <login>";
- every entry the login wrote must have been taken by a change written before it, or the
  transaction is refused: nobody writes history the database did not see.

Entries are stamped by the audit log's own trigger (hoshin/shared/rls.py): the next id, the
server's clock, the login's person. Which entries a transaction wrote and which were
taken is kept in a table only the plan's owner reads and writes, by trigger functions,
which nobody can call by hand or attach to a table of their own. The plan's owner is
trusted and left to the core.
"""

from __future__ import annotations

from hoshin.model import entities as e
from hoshin.store.audit import NODE_COLUMN

_SQL = """
DROP TABLE IF EXISTS {s}.hoshin_audit_marks;
CREATE TABLE IF NOT EXISTS {s}.hoshin_audit_claims (
  tx xid8 NOT NULL, entry_id integer NOT NULL, table_name text NOT NULL,
  row_id text NOT NULL, action text NOT NULL, used boolean NOT NULL DEFAULT false,
  PRIMARY KEY (tx, entry_id));
CREATE INDEX IF NOT EXISTS hoshin_audit_claims_open
  ON {s}.hoshin_audit_claims (tx, table_name, row_id, action) WHERE NOT used;
REVOKE ALL ON {s}.hoshin_audit_claims FROM PUBLIC, {g};

-- Forgets the claims of finished transactions: once a statement, not once a row.
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_forget() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  DELETE FROM {s}.hoshin_audit_claims c
  WHERE c.tx < pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot());
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS hoshin_audit_forget ON {s}.audit_log;
CREATE TRIGGER hoshin_audit_forget AFTER INSERT ON {s}.audit_log
  FOR EACH STATEMENT {skip}EXECUTE FUNCTION {s}.hoshin_audit_forget();

-- An entry a login wrote claims a change of its transaction.
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_claim() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  IF TG_TABLE_SCHEMA <> {schema} OR TG_TABLE_NAME <> 'audit_log' THEN
    RAISE EXCEPTION 'hoshin_audit_claim is the plan''s audit log''s own'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO {s}.hoshin_audit_claims (tx, entry_id, table_name, row_id, action)
  VALUES (pg_catalog.pg_current_xact_id(), NEW.id, NEW.table_name, NEW.row_id, NEW.action);
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS hoshin_audit_mark ON {s}.audit_log;
DROP FUNCTION IF EXISTS {s}.hoshin_audit_mark();
DROP FUNCTION IF EXISTS {s}.hoshin_audit_marked(text, text, text, text);
DROP TRIGGER IF EXISTS hoshin_audit_claim ON {s}.audit_log;
CREATE TRIGGER hoshin_audit_claim AFTER INSERT ON {s}.audit_log
  FOR EACH ROW {skip}EXECUTE FUNCTION {s}.hoshin_audit_claim();

-- At commit (after the changes written before it): the entry was taken by a change.
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_verify() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  IF TG_TABLE_SCHEMA <> {schema} OR TG_TABLE_NAME <> 'audit_log' THEN
    RAISE EXCEPTION 'hoshin_audit_verify is the plan''s audit log''s own'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF EXISTS (SELECT 1 FROM {s}.hoshin_audit_claims c
             WHERE c.tx = pg_catalog.pg_current_xact_id() AND c.entry_id = NEW.id
               AND NOT c.used) THEN
    RAISE EXCEPTION 'the history entry on % % (%, %) records no change this transaction made '
                    'before it; the database keeps only what it saw',
                    NEW.table_name, NEW.row_id, NEW.action, coalesce(NEW.field, 'the row')
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS hoshin_audit_verify ON {s}.audit_log;
CREATE CONSTRAINT TRIGGER hoshin_audit_verify AFTER INSERT ON {s}.audit_log
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {skip}EXECUTE FUNCTION {s}.hoshin_audit_verify();

-- Whether an entry's value (JSON as the core writes it) is the value the database holds
-- in column ``col`` of table ``rel``: as JSON values (20 = 20.0), and dates and times as
-- such (Python writes '2026-06-15 10:00:00', PostgreSQL '2026-06-15T10:00:00').
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_same(said jsonb, held jsonb, rel oid, col text)
RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  typ oid;
BEGIN
  IF said IS NULL OR pg_catalog.jsonb_typeof(said) = 'null' THEN
    RETURN held IS NULL OR pg_catalog.jsonb_typeof(held) = 'null';
  END IF;
  IF held IS NULL OR pg_catalog.jsonb_typeof(held) = 'null' THEN
    RETURN false;
  END IF;
  IF said = held THEN
    RETURN true;
  END IF;
  IF pg_catalog.jsonb_typeof(said) <> 'string' OR pg_catalog.jsonb_typeof(held) <> 'string' THEN
    RETURN false;
  END IF;
  SELECT a.atttypid INTO typ FROM pg_catalog.pg_attribute a
  WHERE a.attrelid = rel AND a.attname = col AND NOT a.attisdropped;
  IF typ IN ('pg_catalog.timestamp'::pg_catalog.regtype, 'pg_catalog.date'::pg_catalog.regtype,
             'pg_catalog.timestamptz'::pg_catalog.regtype) THEN
    -- A value that is no time at all fails the cast, and with it the transaction.
    RETURN (said #>> '{{}}')::pg_catalog.timestamp = (held #>> '{{}}')::pg_catalog.timestamp;
  END IF;
  RETURN false;
END $$;

-- Whether an entry's whole row (an insert's or a delete's) is the row the database saw:
-- the same columns with a value, each the same; the row's version aside (bookkeeping:
-- an undone add removes the row it added, which its later edits and their undos moved
-- on by a version each).
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_row_same(said text, held jsonb, rel oid)
RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  written jsonb := said::jsonb;
  k text;
  v jsonb;
BEGIN
  held := pg_catalog.jsonb_strip_nulls(held) - 'version';
  IF pg_catalog.jsonb_typeof(written) = 'object' THEN
    written := written - 'version';
  END IF;
  IF written IS NULL OR pg_catalog.jsonb_typeof(written) <> 'object'
     OR (SELECT pg_catalog.array_agg(x ORDER BY x) FROM pg_catalog.jsonb_object_keys(written) x)
        IS DISTINCT FROM
        (SELECT pg_catalog.array_agg(x ORDER BY x) FROM pg_catalog.jsonb_object_keys(held) x)
  THEN
    RETURN false;
  END IF;
  FOR k, v IN SELECT w.key, w.value FROM pg_catalog.jsonb_each(written) w LOOP
    IF NOT {s}.hoshin_audit_same(v, held -> k, rel, k) THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END $$;

-- A JSON value as the core writes it: SQL NULL for null.
CREATE OR REPLACE FUNCTION {s}.hoshin_json_text(v jsonb) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE WHEN v IS NULL OR pg_catalog.jsonb_typeof(v) = 'null' THEN NULL
              ELSE v::text END
$$;

-- A change a login made: the entries it wrote for it are taken, the rest the database
-- writes. As the owner (who alone reads the claims), for the login who made it: its
-- session's user, whatever role it set.
-- Arguments: the table's key column, the column naming the node ('' if none).
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_sql() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  pk text := TG_ARGV[0];
  node_column text := nullif(TG_ARGV[1], '');
  before jsonb;
  after jsonb;
  rid text;
  node integer;
  act text := pg_catalog.lower(TG_OP);
  k text;
  c record;
  taken text[] := '{{}}';
  found boolean := false;
  me pg_catalog.xid8 := pg_catalog.pg_current_xact_id();
  who integer := {s}.hoshin_person(session_user);
  label text := pg_catalog.left('SQL by ' || session_user, 200);
BEGIN
  IF TG_TABLE_SCHEMA <> {schema} THEN
    RAISE EXCEPTION 'hoshin_audit_sql audits the plan''s own tables only'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP <> 'INSERT' THEN before := pg_catalog.to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN after := pg_catalog.to_jsonb(NEW); END IF;
  rid := coalesce(after, before) ->> pk;
  IF node_column IS NOT NULL THEN
    node := (coalesce(before, after) ->> node_column)::integer;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- One entry per field of this change, saying what the field held before and after
    -- (an edit names every field it set, changed or not); it may leave the node out, as
    -- the core does for a catchball thread's fields, but never name another.
    FOR c IN SELECT a.id, a.field, a.old, a.new, a.node_id
             FROM {s}.hoshin_audit_claims m JOIN {s}.audit_log a ON a.id = m.entry_id
             WHERE m.tx = me AND m.table_name = TG_TABLE_NAME AND m.row_id = rid
               AND m.action = act AND NOT m.used
             ORDER BY a.id LOOP
      IF c.field IS NOT NULL AND c.field <> pk AND c.field <> 'version' AND after ? c.field
         AND NOT c.field = ANY(taken) AND (c.node_id IS NULL OR c.node_id = node)
         AND {s}.hoshin_audit_same(c.old::jsonb, before -> c.field, TG_RELID, c.field)
         AND {s}.hoshin_audit_same(c.new::jsonb, after -> c.field, TG_RELID, c.field) THEN
        UPDATE {s}.hoshin_audit_claims m SET used = true WHERE m.tx = me AND m.entry_id = c.id;
        taken := taken || c.field;
      END IF;
    END LOOP;
    FOR k IN SELECT n.key FROM pg_catalog.jsonb_each(after) n
             WHERE n.key <> pk AND n.key <> 'version' AND NOT n.key = ANY(taken)
               AND n.value IS DISTINCT FROM before -> n.key
             ORDER BY n.key LOOP
      INSERT INTO {s}.audit_log (at, person_id, edit, action, table_name, row_id, node_id,
                                 field, old, new)
      VALUES (pg_catalog.timezone('UTC', pg_catalog.now()), who, label, act, TG_TABLE_NAME,
              rid, node, k, {s}.hoshin_json_text(before -> k), {s}.hoshin_json_text(after -> k));
    END LOOP;
    RETURN NULL;
  END IF;
  FOR c IN SELECT a.id, a.field, a.old, a.new, a.node_id
           FROM {s}.hoshin_audit_claims m JOIN {s}.audit_log a ON a.id = m.entry_id
           WHERE m.tx = me AND m.table_name = TG_TABLE_NAME AND m.row_id = rid
             AND m.action = act AND NOT m.used
           ORDER BY a.id LOOP
    IF c.field IS NULL AND c.node_id IS NOT DISTINCT FROM node
       AND (CASE WHEN act = 'insert' THEN c.old ELSE c.new END) IS NULL
       AND {s}.hoshin_audit_row_same(CASE WHEN act = 'insert' THEN c.new ELSE c.old END,
                                     coalesce(after, before), TG_RELID) THEN
      UPDATE {s}.hoshin_audit_claims m SET used = true WHERE m.tx = me AND m.entry_id = c.id;
      found := true;
      EXIT;
    END IF;
  END LOOP;
  IF NOT found THEN
    INSERT INTO {s}.audit_log (at, person_id, edit, action, table_name, row_id, node_id,
                               field, old, new)
    VALUES (pg_catalog.timezone('UTC', pg_catalog.now()), who, label, act, TG_TABLE_NAME,
            rid, node, NULL, pg_catalog.jsonb_strip_nulls(before)::text,
            pg_catalog.jsonb_strip_nulls(after)::text);
  END IF;
  RETURN NULL;
END $$;

-- Trigger functions run only as the plan's triggers: nobody attaches them elsewhere.
REVOKE ALL ON FUNCTION {s}.hoshin_audit_forget(), {s}.hoshin_audit_claim(),
  {s}.hoshin_audit_verify(), {s}.hoshin_audit_sql() FROM PUBLIC;
"""


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def statements(s: str, group: str, owner: str, schema: str = "public") -> list[str]:
    """The claims, the functions and a deferred trigger on every table the core audits.
    ``s``, ``group``: quoted; ``owner``: the plan owner's name, whose writes are skipped;
    ``schema``: the plan's schema, unquoted."""
    skip = f"WHEN (current_user <> {_literal(owner)}) " if owner else ""
    out = [_SQL.format(s=s, g=group, skip=skip, schema=_literal(schema))]
    for name, table in e.Base.metadata.tables.items():
        if name == e.AuditEntry.__tablename__ or name in e.DERIVED_TABLES:
            continue  # the history itself, and what the database derives from audited rows
        pk = next(iter(table.primary_key.columns)).name
        node = NODE_COLUMN.get(name, "")
        out += [
            f"DROP TRIGGER IF EXISTS hoshin_audit_sql ON {s}.{name}",
            f"CREATE CONSTRAINT TRIGGER hoshin_audit_sql AFTER INSERT OR UPDATE OR DELETE "
            f"ON {s}.{name} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {skip}"
            f"EXECUTE FUNCTION {s}.hoshin_audit_sql({_literal(pk)}, {_literal(node)})",
        ]
    return out
