"""Leader Standard Work on a shared plan: the database's copy of the core's rule
(hoshin.rules.permissions, Guard._routine_needs).

A routine, its answers and their findings belong to a person: that person's login writes
them, and so does a manager of the person's unit or a unit above it. A finding made a kaizen
writes a node, held to the kaizen's own policy (``nodes``). ``{s}``: the plan's schema.
"""

from __future__ import annotations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION {s}.hoshin_lsw_ok(person integer, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT coalesce(person = {s}.hoshin_person(who)
                  OR {s}.hoshin_level(p.unit_id, who) >= 2, false)
  FROM {s}.people p WHERE p.id = person
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_lsw_answer_ok(answer integer, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT coalesce((SELECT {s}.hoshin_lsw_ok(a.person_id, who)
                   FROM {s}.routine_answers a WHERE a.id = answer), false)
$$;
"""

_ME = "current_user"
#: Who may write a row of each table (see hoshin.shared.rls._WRITE).
WRITE: dict[str, str] = {
    "routines": f"coalesce({{s}}.hoshin_lsw_ok(person_id, {_ME}), false)",
    "routine_answers": f"coalesce({{s}}.hoshin_lsw_ok(person_id, {_ME}), false)",
    "findings": f"{{s}}.hoshin_lsw_answer_ok(answer_id, {_ME})",
}

#: Unlinking (hoshin.rules.permissions.UNLINKING): whoever may change the node a routine
#: serves, or the kaizen a finding became, may clear that link of anybody's row (the node is
#: being deleted) or set it back to a node they may change that the history shows the row
#: held (the undo; hoshin.shared.rls_daily.hoshin_held), and nothing else of
#: it: the policy lets the row be updated, the trigger refuses any other column changed by
#: someone the row's own rule does not allow.
_UNLINK = """
CREATE OR REPLACE FUNCTION {s}.hoshin_lsw_unlink_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  link text := TG_ARGV[0];
  own boolean;
BEGIN
  IF {s}.hoshin_trusted(current_user) THEN
    RETURN NEW;
  END IF;
  IF TG_TABLE_NAME = 'routines' THEN
    own := coalesce({s}.hoshin_lsw_ok(OLD.person_id, current_user), false);
  ELSE
    own := {s}.hoshin_lsw_answer_ok(OLD.answer_id, current_user);
  END IF;
  IF own THEN
    RETURN NEW;
  END IF;
  IF (to_jsonb(NEW) ->> link) IS NOT DISTINCT FROM (to_jsonb(OLD) ->> link)
     OR (to_jsonb(NEW) ->> link IS NOT NULL AND NOT coalesce({s}.hoshin_node_ok(
          (to_jsonb(NEW) ->> link)::integer, 0, current_user), false))
     -- set back only to the node the history shows it held (the undo), not any other
     OR (to_jsonb(NEW) ->> link IS NOT NULL AND NOT {s}.hoshin_held(
          TG_TABLE_NAME, OLD.id, link, (to_jsonb(NEW) ->> link)::integer))
     OR (to_jsonb(NEW) - link - 'outcome' - 'version')
        IS DISTINCT FROM (to_jsonb(OLD) - link - 'outcome' - 'version')
     OR (TG_TABLE_NAME = 'findings'
         AND (to_jsonb(NEW) ->> 'outcome') IS DISTINCT FROM
             CASE WHEN to_jsonb(NEW) ->> link IS NULL THEN NULL ELSE 'kaizen' END) THEN
    RAISE EXCEPTION 'login % may only unlink this row from the node it names', current_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
"""
#: (table, the link column, the row's own rule) for the unlinking policy.
_LINKS = (("routines", "node_id"), ("findings", "kaizen_id"))


def statements(s: str, group: str) -> list[str]:
    """The unlinking update policies and triggers (after the tables' own policies)."""
    out = [_UNLINK.format(s=s)]
    for table, link in _LINKS:
        own = WRITE[table].format(s=s)
        node = f"coalesce({s}.hoshin_node_ok({link}, 0, {_ME}), false)"
        out += [
            f"DROP POLICY IF EXISTS hoshin_update ON {s}.{table}",
            f"CREATE POLICY hoshin_update ON {s}.{table} FOR UPDATE TO {group} "
            f"USING (({own}) OR {link} IS NULL OR {node}) "
            f"WITH CHECK (({own}) OR {link} IS NULL OR {node})",
            f"DROP TRIGGER IF EXISTS hoshin_lsw_unlink_only ON {s}.{table}",
            f"CREATE TRIGGER hoshin_lsw_unlink_only BEFORE UPDATE ON {s}.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_lsw_unlink_only('{link}')",
        ]
    return out
