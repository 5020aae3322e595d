"""Ids and codes of a shared plan: handed out without a lock anyone could hold.

The core chooses the ids of new rows itself (undo and redo replay the same ids) and the
numbers of new codes (``KZ-141``, ``U-3``, ``P-25``). On a shared plan neither waits for
another transaction, so no login can hold every add back:

- ids come from each table's own sequence through :func:`hoshin_next_ids`, the owner's
  function (after the table's highest id, never twice); a login may write an id of its
  own only among those handed out already (an undo, a redo), never a later one, so no
  row takes the last id an integer holds and none sits on an id about to be handed out;
- a code's number is claimed with a transaction-scoped advisory lock taken *without
  waiting* (hoshin/store/steps.py ``Recorder.claim``): a number another transaction holds is
  skipped. A login who writes a code of that form itself claims its number the same way,
  here, so a row it keeps uncommitted never makes another edit wait on the code's unique
  index; and node numbers stay within reach of the highest (no ``KZ-2147483647``).
"""

from __future__ import annotations

#: Tables whose integer ids the clients choose.
TABLES = (
    "units", "people", "unit_roles", "functions", "nodes", "edges", "responsibilities",
    "measurements", "countermeasures", "sustainment_checks", "action_items",
    "catchball_threads", "catchball_messages", "a3s", "a3_items", "a3_links",
    "routines", "routine_answers", "findings",
    "problems", "problem_steps",
    "target_values",
    "reflection_comments",
    "meetings", "meeting_items", "meeting_decisions", "reminders_sent",
)  # fmt: skip
#: Tables with a code the core numbers: its column and the name of its numbers (after
#: ``hoshin:``, before the prefix; as ``Recorder.claim`` is called).
CODED = {
    "nodes": ("code", "code:"),
    "units": ("code", "key:units:"),
    "people": ("key", "key:people:"),
}
#: How far above the highest a node's number a login writes may go: enough for an undo of
#: nodes deleted out of order, never the last number an integer holds.
SLACK = 10_000
#: At most this many ids in one call (a figures import of a whole enterprise's year).
MOST = 1_000_000

_SQL = """
-- Ids for new rows of a table, as the owner (logins may not move the sequences).
CREATE OR REPLACE FUNCTION {s}.hoshin_next_ids(tbl text, n integer) RETURNS integer[]
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  seq text;
  top bigint;
  v bigint;
  ids integer[] := '{{}}';
BEGIN
  IF NOT tbl = ANY(ARRAY[{tables}]) OR n IS NULL OR n < 1 OR n > {most} THEN
    RAISE EXCEPTION 'the plan hands out no % ids of %', n, tbl
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  seq := pg_catalog.pg_get_serial_sequence(pg_catalog.format('%I.%I', {schema}, tbl), 'id');
  EXECUTE pg_catalog.format('SELECT max(id) FROM %I.%I', {schema}, tbl) INTO top;
  FOR i IN 1..n LOOP
    v := pg_catalog.nextval(seq);
    WHILE v <= coalesce(top, 0) LOOP  -- rows written with ids of their own (a copy's)
      v := pg_catalog.nextval(seq);
    END LOOP;
    ids := ids || v::integer;
  END LOOP;
  RETURN ids;
END $$;

-- A login's own ids and codes (an undo, a redo, plain SQL): see the module's text.
CREATE OR REPLACE FUNCTION {s}.hoshin_bounded_id() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  top bigint;
  handed bigint;
  code text[];
BEGIN
  IF {s}.hoshin_trusted(current_user) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' OR NEW.id IS DISTINCT FROM OLD.id THEN
    EXECUTE pg_catalog.format('SELECT max(id) FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)
      INTO top;
    handed := pg_catalog.pg_sequence_last_value(pg_catalog.pg_get_serial_sequence(
      pg_catalog.format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'id')::pg_catalog.regclass);
    IF NEW.id < 1 OR NEW.id > greatest(coalesce(top, 0), coalesce(handed, 0)) THEN
      RAISE EXCEPTION 'id % is not one the plan handed out for %: its next ids come from '
                      'hoshin_next_ids', NEW.id, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  IF TG_TABLE_NAME = 'nodes' THEN
    SELECT max(n.seq) INTO top FROM {s}.nodes n WHERE n.kind = NEW.kind;
    IF NEW.seq > coalesce(top, 0) + {slack} OR NEW.seq < 0 THEN
      RAISE EXCEPTION 'number % is not the plan''s next %', NEW.seq, NEW.kind
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  IF TG_NARGS > 0 THEN
    code := pg_catalog.regexp_match(pg_catalog.to_jsonb(NEW) ->> TG_ARGV[0],
                                    '^([A-Z][A-Z0-9]*)-([0-9]{{1,9}})$');
    IF code IS NOT NULL AND NOT pg_catalog.pg_try_advisory_xact_lock(
         pg_catalog.hashtext('hoshin:' || TG_ARGV[1] || code[1]), code[2]::integer) THEN
      RAISE EXCEPTION 'the code %-% is being given to another edit now; try again',
        code[1], code[2] USING ERRCODE = 'lock_not_available';
    END IF;
  END IF;
  RETURN NEW;
END $$;

-- Sequences behind their tables (rows copied with their ids) move past the highest.
DO $$ DECLARE t text; seq text; top bigint; BEGIN
  FOREACH t IN ARRAY ARRAY[{tables}] LOOP
    seq := pg_catalog.pg_get_serial_sequence(pg_catalog.format('%I.%I', {schema}, t), 'id');
    EXECUTE pg_catalog.format('SELECT max(id) FROM %I.%I', {schema}, t) INTO top;
    IF top > coalesce(pg_catalog.pg_sequence_last_value(seq::pg_catalog.regclass), 0) THEN
      PERFORM pg_catalog.setval(seq, top);
    END IF;
  END LOOP;
END $$;
"""


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def statements(s: str, group: str, owner: str, schema: str) -> list[str]:
    """The allocator, the triggers on every table with client-chosen ids, and the
    sequences out of logins' reach. ``s``, ``group``: quoted; ``owner``: the plan owner's
    name; ``schema``: unquoted."""
    tables = ", ".join(_literal(t) for t in TABLES)
    out = [
        _SQL.format(s=s, tables=tables, schema=_literal(schema), slack=SLACK, most=MOST),
        # Logins read the sequences (the trigger asks how far they went), never move them.
        f"REVOKE USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA {s} FROM {group}",
    ]
    # The owner's writes (a copy of 100,000 rows) skip the function call: measured 40 µs a
    # row with it. Any other trusted role still goes through it, and passes.
    skip = f"WHEN (current_user <> {_literal(owner)}) " if owner else ""
    for table in TABLES:
        column, name = CODED.get(table, ("", ""))
        watched = ", ".join(c for c in ("id", "seq" if table == "nodes" else "", column) if c)
        args = f"{_literal(column)}, {_literal(name)}" if column else ""
        out += [
            f"DROP TRIGGER IF EXISTS hoshin_bounded_id ON {s}.{table}",
            f"CREATE TRIGGER hoshin_bounded_id BEFORE INSERT OR UPDATE OF {watched} ON "
            f"{s}.{table} FOR EACH ROW {skip}EXECUTE FUNCTION {s}.hoshin_bounded_id({args})",
        ]
    return out
