"""Catchball's rules, enforced by PostgreSQL for logins (the core's: hoshin/catchball/).

Row-level security alone says who may write a row; catchball also has parties and
transitions. A trigger on threads and the policy on messages repeat what the operations
ask: the unit above (a manager there) throws and locks; a manager of the unit below (or
above, whose role holds below too) offers, counters, agrees, rejects or withdraws; anyone
may comment or ask in their own name; a comment from below catches a proposed ball. A
thread stays between the units and nodes it was thrown for, and is removed (an undone
throw) only once its messages are gone, so no one wipes another person's words.

What is not repeated: the order of offers within a round (who may agree to which offer)
stays with the core; the database keeps the parties and the states.
"""

from __future__ import annotations

_ME = "current_user"

#: ``{s}``: the plan's schema, quoted.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION {s}.hoshin_thread_level(thread integer, upper boolean, who name)
RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT coalesce(
    {s}.hoshin_level(CASE WHEN upper THEN t.upper_unit_id ELSE t.lower_unit_id END, who), -1)
  FROM {s}.catchball_threads t WHERE t.id = thread
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_thread_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  up integer;
  down integer;
BEGIN
  IF {s}.hoshin_trusted(current_user) THEN
    RETURN NEW;
  END IF;
  up := {s}.hoshin_level(NEW.upper_unit_id, current_user);
  down := {s}.hoshin_level(NEW.lower_unit_id, current_user);
  IF TG_OP = 'INSERT' THEN
    IF NEW.state NOT IN ('draft', 'proposed') OR NEW.agreed_value IS NOT NULL
       OR NEW.agreed_at IS NOT NULL OR up < 2 THEN
      RAISE EXCEPTION 'a manager of the unit above throws, as a draft or a proposal'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.node_id, NEW.upper_unit_id, NEW.lower_unit_id)
       IS DISTINCT FROM (OLD.node_id, OLD.upper_unit_id, OLD.lower_unit_id)
     OR NEW.child_node_id IS DISTINCT FROM OLD.child_node_id THEN
    RAISE EXCEPTION 'a catchball thread stays between its units and nodes'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.state IS DISTINCT FROM OLD.state
     OR NEW.agreed_value IS DISTINCT FROM OLD.agreed_value
     OR NEW.agreed_at IS DISTINCT FROM OLD.agreed_at
     OR NEW.locked_parent_goal IS DISTINCT FROM OLD.locked_parent_goal THEN
    IF NEW.state = 'locked' OR OLD.state = 'locked' THEN
      IF up < 2 THEN
        RAISE EXCEPTION 'only a manager of the unit above locks or reopens an agreement'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
    ELSIF NOT (OLD.state = 'proposed' AND NEW.state = 'in discussion'
               AND NEW.agreed_value IS NOT DISTINCT FROM OLD.agreed_value
               AND NEW.agreed_at IS NOT DISTINCT FROM OLD.agreed_at AND down >= 1)
          AND down < 2 THEN
      RAISE EXCEPTION 'offers, agreements and withdrawals need a manager of a side'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS hoshin_thread_guard ON {s}.catchball_threads;
CREATE TRIGGER hoshin_thread_guard BEFORE INSERT OR UPDATE ON {s}.catchball_threads
  FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_thread_guard();
"""

#: Who may write a message, by its kind (the author is always the login's own person).
MESSAGE = (
    f"author_id = {{s}}.hoshin_person({_ME}) AND ("
    "kind IN ('comment', 'question')"
    f" OR (kind IN ('throw', 'lock') AND {{s}}.hoshin_thread_level(thread_id, true, {_ME}) >= 2)"
    " OR (kind IN ('proposal', 'counter', 'agree', 'reject', 'withdraw')"
    f" AND {{s}}.hoshin_thread_level(thread_id, false, {_ME}) >= 2))"
)

#: A thread is removed only empty (its messages, one's own, removed first: an undone throw).
THREAD_DELETE = (
    f"{{s}}.hoshin_level(upper_unit_id, {_ME}) >= 2 AND NOT EXISTS "
    "(SELECT 1 FROM {s}.catchball_messages m WHERE m.thread_id = catchball_threads.id)"
)
