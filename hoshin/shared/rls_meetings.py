"""Review meetings on a shared plan, the point the row policies alone do not hold
(hoshin.shared.rls has the policies; the core's rule: hoshin.rules.permissions,
Guard._closes_own). ``{s}``: the plan's schema, quoted.

A manager of the meeting's unit writes its agenda and decisions. The owner of a decision
(an action item) marks it done or open again: the update policy lets the owner's login
update the row, and the trigger refuses any other column changed by someone who is not a
manager of the unit (no owner hands the item to another, moves its due date or rewrites it).
"""

from __future__ import annotations

_ME = "current_user"

_CLOSE_ONLY = """
CREATE OR REPLACE FUNCTION {s}.hoshin_decision_close_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  IF {s}.hoshin_trusted(current_user)
     OR {s}.hoshin_level({s}.hoshin_meeting_unit(OLD.meeting_id), current_user) >= 2 THEN
    RETURN NEW;
  END IF;
  IF (to_jsonb(NEW) - 'done' - 'done_on' - 'version')
     IS DISTINCT FROM (to_jsonb(OLD) - 'done' - 'done_on' - 'version') THEN
    RAISE EXCEPTION 'login % may only mark its own action item % done or open',
      current_user, OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
"""


def statements(s: str, group: str, manager: str) -> list[str]:
    """The decisions' update policy and trigger (after the tables' own policies);
    ``manager``: the tables' own rule, a manager of the meeting's unit."""
    own = f"(owner_id = {s}.hoshin_person({_ME}))"
    return [
        _CLOSE_ONLY.format(s=s),
        f"DROP POLICY IF EXISTS hoshin_update ON {s}.meeting_decisions",
        f"CREATE POLICY hoshin_update ON {s}.meeting_decisions FOR UPDATE TO {group} "
        f"USING (({manager}) OR {own}) WITH CHECK (({manager}) OR {own})",
        f"DROP TRIGGER IF EXISTS hoshin_decision_close_only ON {s}.meeting_decisions",
        f"CREATE TRIGGER hoshin_decision_close_only BEFORE UPDATE ON {s}.meeting_decisions "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_decision_close_only()",
    ]
