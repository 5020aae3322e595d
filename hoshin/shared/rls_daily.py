"""Daily management on a shared plan, the points the row policies alone do not hold
(hoshin.shared.rls has the policies): names written on rows, a problem's place and its
history. ``{s}``: the plan's schema, quoted.

- A name a login writes on a row — who recorded an answer (``routine_answers.recorded_by_id``),
  who raised a problem (``problems.raised_by_id``) — is its own person's, or nobody's, or one
  the history shows that row held (an undo puts back an answer a manager recorded, or the
  raiser a removal of a person cleared): nobody records or raises in another's name.
- A problem is raised where it stands, at tier 1 (RaiseProblem); each move changes its tier by
  the one step it moves (hoshin.shared.rls: hoshin_problem_move), and staying keeps it.
- A step of a problem's history is written, or taken back, only with the change of the
  problem it records (checked at commit: the problem is written, or gone, in the same
  transaction); it is taken back only from the end of the history (an undo takes back the
  step its edit wrote, the last), and a problem is removed (the
  undo of its raise) only once its history is empty: a member who may raise problems does
  not wipe another's, nor one's path.
"""

from __future__ import annotations

FUNCTIONS = """
-- Whether the history shows ``field`` of a row once held ``val``: its removal (the row as it
-- was) or a change away from it, which an undo puts back.
CREATE OR REPLACE FUNCTION {s}.hoshin_held(tbl text, rid integer, col text, val integer)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM {s}.audit_log a
    WHERE a.table_name = tbl AND a.row_id = rid::text
      AND ((a.action = 'delete' AND (a.old::jsonb ->> col) = val::text)
        OR (a.action = 'update' AND a.field = col
            AND (a.old::jsonb #>> ARRAY[]::text[]) = val::text)))
$$;

-- Runs as the caller: the name in column TG_ARGV[0] is the login's own person's.
CREATE OR REPLACE FUNCTION {s}.hoshin_own_name() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  col text := TG_ARGV[0];
  val integer := (to_jsonb(NEW) ->> col)::integer;
BEGIN
  IF TG_TABLE_NAME NOT IN ('routine_answers', 'problems') THEN
    RAISE EXCEPTION 'hoshin_own_name is not for table %', TG_TABLE_NAME;
  END IF;
  IF {s}.hoshin_trusted(current_user) OR val IS NULL
     OR val = {s}.hoshin_person(current_user) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF val IS NOT DISTINCT FROM (to_jsonb(OLD) ->> col)::integer THEN
      RETURN NEW;
    END IF;
  END IF;
  IF {s}.hoshin_held(TG_TABLE_NAME, NEW.id, col, val) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'login % writes % in its own person''s name only', current_user, col
    USING ERRCODE = 'insufficient_privilege';
END $$;

-- A problem is raised where it stands, at tier 1 (moves are hoshin_problem_move's).
CREATE OR REPLACE FUNCTION {s}.hoshin_problem_raise() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  IF TG_TABLE_NAME <> 'problems' THEN
    RAISE EXCEPTION 'hoshin_problem_raise is not for table %', TG_TABLE_NAME;
  END IF;
  IF NOT {s}.hoshin_trusted(current_user)
     AND (NEW.raised_unit_id IS DISTINCT FROM NEW.unit_id OR NEW.tier IS DISTINCT FROM 1) THEN
    RAISE EXCEPTION 'a problem is raised at tier 1 of the unit that holds it'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

-- Whether a step is the last of its problem's history (an undo takes back only that one).
CREATE OR REPLACE FUNCTION {s}.hoshin_last_step(step integer, problem integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT NOT EXISTS (SELECT 1 FROM {s}.problem_steps t
                     WHERE t.problem_id = problem AND t.id > step)
$$;

-- At commit: a step written, or taken back, went with the change of its problem it records
-- (every edit of a problem writes the problem and its step in one transaction; an undo
-- changes or removes the problem with the step). Runs as the caller, who reads every problem.
CREATE OR REPLACE FUNCTION {s}.hoshin_step_with_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  problem integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.problem_id ELSE NEW.problem_id END;
BEGIN
  IF TG_TABLE_NAME <> 'problem_steps' THEN
    RAISE EXCEPTION 'hoshin_step_with_change is not for table %', TG_TABLE_NAME;
  END IF;
  IF NOT {s}.hoshin_trusted(current_user) AND EXISTS (
       SELECT 1 FROM {s}.problems p WHERE p.id = problem
         AND p.xmin <> pg_catalog.pg_current_xact_id()::xid) THEN
    RAISE EXCEPTION 'a step of problem % is written or taken back only with the change of the '
                    'problem it records', problem USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END $$;
DROP FUNCTION IF EXISTS {s}.hoshin_step_taken_back() CASCADE;

-- Whether a problem has a history left (then it is not removed: an undo of its raise takes
-- its one step back first, and only its raiser may take that step).
CREATE OR REPLACE FUNCTION {s}.hoshin_problem_has_steps(problem integer) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM {s}.problem_steps t WHERE t.problem_id = problem)
$$;
"""

#: What a login's removal of a step, or of a problem, needs besides the table's own rule.
STEP_DELETE = "{s}.hoshin_last_step(id, problem_id)"
PROBLEM_DELETE = "NOT {s}.hoshin_problem_has_steps(id)"
#: (table, column naming a person) that the login writes in its own name.
_NAMES = (("routine_answers", "recorded_by_id"), ("problems", "raised_by_id"))


def statements(s: str) -> list[str]:
    """The triggers (:data:`FUNCTIONS` are made before the policies that call them)."""
    out: list[str] = []
    for table, column in _NAMES:
        out += [
            f"DROP TRIGGER IF EXISTS hoshin_own_name ON {s}.{table}",
            f"CREATE TRIGGER hoshin_own_name BEFORE INSERT OR UPDATE OF {column} ON {s}.{table} "
            f"FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_own_name('{column}')",
        ]
    out += [
        f"DROP TRIGGER IF EXISTS hoshin_step_with_change ON {s}.problem_steps",
        f"CREATE CONSTRAINT TRIGGER hoshin_step_with_change AFTER INSERT OR DELETE ON "
        f"{s}.problem_steps DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        f"EXECUTE FUNCTION {s}.hoshin_step_with_change()",
        f"DROP TRIGGER IF EXISTS hoshin_problem_raise ON {s}.problems",
        f"CREATE TRIGGER hoshin_problem_raise BEFORE INSERT ON {s}.problems "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_problem_raise()",
    ]
    return out
