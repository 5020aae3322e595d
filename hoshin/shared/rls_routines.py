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
