"""Catchball's rules, enforced by PostgreSQL for logins (the core's: hoshin/catchball/).

Row-level security alone says who may write a row; catchball also has parties and
transitions. A trigger on threads and the policy on messages repeat what the operations
ask: the unit above (a manager there) throws and locks; a manager of the unit below (or
above, whose role holds below too) offers, counters, agrees, rejects or withdraws; anyone
may comment or ask in their own name; a comment from below catches a proposed ball. A
thread stays between the units and nodes it was thrown for, and is removed (an undone
throw) only once its messages are gone, so no one wipes another person's words.

Each message a login writes also follows the state machine of hoshin/catchball/rules.py
(:func:`ordering`): the kinds a state takes, the side that may send each (a person's side
is their unit, as in the core), and which offer an answer answers — an agreement, a
rejection or a counter answers the standing offer, which must be the other side's — with
the state, round and direction the core would give the message. A thread opens with its
throw and is the state of its last message, and an agreed thread holds the value of the
offer its agreement answered (checked at commit: the core writes the thread first);
Hoshin's "reopened" note comes only after an agreement, with a change of the goal above
in the same transaction. A message is taken back (an undo) only while it is the last of
its thread, and a target's committed goal (what a lock froze) is written by a manager of
the unit above only.
"""

from __future__ import annotations

from collections.abc import Iterable

from hoshin.catchball import rules

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

-- A target's committed goal is what a lock froze (the deployment gap reads it): written
-- (and taken back, an undone lock) by a manager of the unit above only, as the lock is.
CREATE OR REPLACE FUNCTION {s}.hoshin_commitment_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  IF NEW.committed_goal IS DISTINCT FROM OLD.committed_goal
     AND NOT {s}.hoshin_trusted(current_user)
     AND NOT EXISTS (SELECT 1 FROM {s}.catchball_threads t
                     WHERE t.child_node_id = NEW.id
                       AND {s}.hoshin_level(t.upper_unit_id, current_user) >= 2) THEN
    RAISE EXCEPTION 'only a manager of the unit above commits %''s goal, by locking', NEW.code
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS hoshin_commitment_guard ON {s}.nodes;
CREATE TRIGGER hoshin_commitment_guard BEFORE UPDATE OF committed_goal ON {s}.nodes
  FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_commitment_guard();
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


def _words(values: Iterable[object]) -> str:
    """An SQL list of words: ``'a', 'b'``."""
    return ", ".join(f"'{w}'" for w in sorted(str(v) for v in values))


def _allowed() -> str:
    """``rules.ALLOWED`` as an SQL condition on ``prev`` (a state) and ``kind``."""
    cases = " ".join(
        f"WHEN '{state}' THEN kind IN ({_words(kinds)})" for state, kinds in rules.ALLOWED.items()
    )
    return f"CASE prev {cases} ELSE false END"


#: The rules of hoshin/catchball/rules.py for one message: ``hoshin_cb_refusal`` is
#: ``check`` (NULL: allowed; else why not), ``hoshin_cb_next_state`` is ``next_state``;
#: ``offer_side``: the side of the standing offer (NULL: none). Their agreement with the
#: core is tested case by case (tests/hoshin/shared/test_shared_plan_catchball.py).
_RULES = """
CREATE OR REPLACE FUNCTION {s}.hoshin_cb_refusal(prev text, kind text, side text,
                                                offer_side text) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF prev IS NULL OR NOT coalesce({allowed}, false) THEN
    RETURN pg_catalog.format('a thread %s cannot take a %s', coalesce(prev, 'not thrown'), kind);
  END IF;
  IF side IS DISTINCT FROM 'upper' AND side IS DISTINCT FROM 'lower'
     AND kind NOT IN ('comment', 'question') THEN
    RETURN pg_catalog.format('only people of the two units may %s; others comment or ask', kind);
  END IF;
  IF kind IN ('withdraw', 'lock') AND side IS DISTINCT FROM 'upper' THEN
    RETURN pg_catalog.format('only the unit above may %s the thread', kind);
  END IF;
  IF prev = 'draft' AND kind = 'proposal' AND side IS DISTINCT FROM 'upper' THEN
    RETURN 'the draft has not been thrown yet; the unit above sends it first';
  END IF;
  IF kind IN ('agree', 'reject', 'counter') THEN
    IF offer_side IS NULL THEN
      RETURN pg_catalog.format('there is no offer on the table to %s', kind);
    END IF;
    IF offer_side = side THEN
      RETURN pg_catalog.format('the offer on the table is the %s side''s own; only the other '
                               'side may %s it', side, kind);
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION {s}.hoshin_cb_next_state(prev text, kind text, side text)
RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE
    WHEN kind = 'proposal' THEN CASE WHEN prev = 'draft' THEN 'proposed' ELSE 'in discussion' END
    WHEN kind = 'counter' THEN 'countered'
    WHEN kind = 'agree' THEN 'agreed'
    WHEN kind = 'reject' THEN 'in discussion'
    WHEN kind = 'withdraw' THEN 'withdrawn'
    WHEN kind = 'lock' THEN 'locked'
    WHEN kind = 'reopen' THEN 'in discussion'
    WHEN prev = 'proposed' AND side = 'lower' THEN 'in discussion'
    ELSE prev END
$$;

-- A person's side of a thread, by their unit as the core has it (NULL: no person).
CREATE OR REPLACE FUNCTION {s}.hoshin_cb_side(upper_unit integer, lower_unit integer,
                                             person integer) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT CASE WHEN person IS NULL THEN NULL
              WHEN p.unit_id = upper_unit THEN 'upper'
              WHEN p.unit_id = lower_unit THEN 'lower'
              ELSE 'outside' END
  FROM (SELECT 1) one LEFT JOIN {s}.people p ON p.id = person
$$;

-- The side of the standing offer of a thread, before message ``below`` (NULL: the last
-- offer was answered, or there is none), its value, and the side of the last offer.
CREATE OR REPLACE FUNCTION {s}.hoshin_cb_offer(thread integer, below integer,
  OUT offer_side text, OUT offer_value double precision, OUT last_offer_side text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  t record;
  m record;
  standing boolean := true;
BEGIN
  SELECT c.upper_unit_id, c.lower_unit_id INTO t FROM {s}.catchball_threads c
  WHERE c.id = thread;
  FOR m IN SELECT x.kind, x.author_id, x.value FROM {s}.catchball_messages x
           WHERE x.thread_id = thread AND x.id < below ORDER BY x.id DESC LOOP
    IF standing AND m.kind IN ('reject', 'reopen', 'agree') THEN
      standing := false;
    END IF;
    IF m.kind IN ({offers}) THEN
      last_offer_side := {s}.hoshin_cb_side(t.upper_unit_id, t.lower_unit_id, m.author_id);
      IF standing THEN
        offer_side := last_offer_side;
        offer_value := m.value;
      END IF;
      RETURN;
    END IF;
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION {s}.hoshin_message_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  t record;
  last record;
  o record;
  side text;
  why text;
  want_state text;
  want_round integer;
BEGIN
  IF {s}.hoshin_trusted(current_user) THEN
    RETURN coalesce(NEW, OLD);
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM {s}.catchball_messages m
               WHERE m.thread_id = OLD.thread_id AND m.id > OLD.id) THEN
      RAISE EXCEPTION 'a catchball message is taken back only as the last of its thread'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;
  SELECT c.* INTO t FROM {s}.catchball_threads c WHERE c.id = NEW.thread_id;
  IF NOT FOUND THEN
    RETURN NEW;  -- the foreign key refuses it
  END IF;
  side := {s}.hoshin_cb_side(t.upper_unit_id, t.lower_unit_id, NEW.author_id);
  SELECT m.id, m.state, m.round INTO last FROM {s}.catchball_messages m
  WHERE m.thread_id = NEW.thread_id ORDER BY m.id DESC LIMIT 1;
  IF NOT FOUND THEN
    IF NEW.kind <> 'throw' OR side IS DISTINCT FROM 'upper' OR NEW.state IS DISTINCT FROM t.state
       OR NEW.round IS DISTINCT FROM t.round OR NEW.direction IS DISTINCT FROM 'down' THEN
      RAISE EXCEPTION 'a catchball thread opens with its throw, from the unit above'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.id IS NOT NULL AND NEW.id <= last.id THEN
    RAISE EXCEPTION 'a catchball message comes after the last of its thread'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.kind = 'reopen' THEN
    IF NEW.author_id IS NOT NULL OR last.state NOT IN ('agreed', 'locked')
       OR NEW.state IS DISTINCT FROM 'in discussion' OR NEW.round IS DISTINCT FROM last.round
       OR NEW.direction IS NOT NULL THEN
      RAISE EXCEPTION 'only Hoshin reopens an agreement, when the goal above changes'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- With the change of that goal, in the same transaction (whose history names who).
    IF NOT EXISTS (SELECT 1 FROM {s}.nodes n WHERE n.id = t.node_id
                   AND n.xmin = pg_catalog.pg_current_xact_id()::pg_catalog.xid) THEN
      RAISE EXCEPTION 'an agreement reopens only with a change of the goal above, in one edit'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  SELECT * INTO o FROM {s}.hoshin_cb_offer(NEW.thread_id, last.id + 1);
  why := {s}.hoshin_cb_refusal(last.state, NEW.kind, side, o.offer_side);
  IF why IS NOT NULL THEN
    RAISE EXCEPTION '%', why USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.kind NOT IN ('comment', 'question')
     AND {s}.hoshin_level(CASE side WHEN 'upper' THEN t.upper_unit_id ELSE t.lower_unit_id END,
                          current_user) < 2 THEN
    RAISE EXCEPTION 'a % needs a manager of the author''s side', NEW.kind
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  want_state := {s}.hoshin_cb_next_state(last.state, NEW.kind, side);
  want_round := last.round + CASE WHEN NEW.kind IN ({offers}) AND side = 'upper'
                                       AND o.last_offer_side = 'lower' THEN 1 ELSE 0 END;
  IF NEW.state IS DISTINCT FROM want_state OR NEW.round IS DISTINCT FROM want_round
     OR NEW.direction IS DISTINCT FROM (CASE side WHEN 'upper' THEN 'down'
                                                  WHEN 'lower' THEN 'up' END) THEN
    RAISE EXCEPTION 'a % from the % side leaves the thread %, round %', NEW.kind,
      coalesce(side, 'no'), want_state, want_round USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS hoshin_message_guard ON {s}.catchball_messages;
CREATE TRIGGER hoshin_message_guard BEFORE INSERT OR DELETE ON {s}.catchball_messages
  FOR EACH ROW {skip}EXECUTE FUNCTION {s}.hoshin_message_guard();

-- At commit (the core writes a thread before its message): a thread is the state and
-- round of its last message, and an agreed (or locked) thread holds the value of the
-- offer its agreement answered.
CREATE OR REPLACE FUNCTION {s}.hoshin_thread_agrees() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  tid integer;
  t record;
  last record;
  agreed integer;
  o record;
BEGIN
  IF TG_TABLE_SCHEMA <> {schema} THEN
    RAISE EXCEPTION 'hoshin_thread_agrees is the plan''s own'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_TABLE_NAME = 'catchball_threads' THEN
    tid := NEW.id;
  ELSIF TG_OP = 'DELETE' THEN
    tid := OLD.thread_id;
  ELSE
    tid := NEW.thread_id;
  END IF;
  SELECT c.* INTO t FROM {s}.catchball_threads c WHERE c.id = tid;
  IF NOT FOUND THEN
    RETURN NULL;  -- removed since: nothing left to hold
  END IF;
  SELECT m.id, m.state, m.round INTO last FROM {s}.catchball_messages m
  WHERE m.thread_id = tid ORDER BY m.id DESC LIMIT 1;
  IF NOT FOUND OR t.state IS DISTINCT FROM last.state OR t.round IS DISTINCT FROM last.round THEN
    RAISE EXCEPTION 'catchball thread % is %, round %, its last message says %, round %',
      tid, t.state, t.round, coalesce(last.state, 'nothing'), last.round
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF t.state IN ('agreed', 'locked') THEN
    SELECT max(m.id) INTO agreed FROM {s}.catchball_messages m
    WHERE m.thread_id = tid AND m.kind = 'agree';
    SELECT * INTO o FROM {s}.hoshin_cb_offer(tid, agreed);
    IF agreed IS NULL OR t.agreed_value IS DISTINCT FROM o.offer_value THEN
      RAISE EXCEPTION 'catchball thread % holds %, not the offer its agreement answered (%)',
        tid, coalesce(t.agreed_value::text, 'no value'), coalesce(o.offer_value::text, 'none')
        USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION {s}.hoshin_thread_agrees() FROM PUBLIC;
DROP TRIGGER IF EXISTS hoshin_thread_agrees ON {s}.catchball_threads;
CREATE CONSTRAINT TRIGGER hoshin_thread_agrees AFTER INSERT OR UPDATE ON {s}.catchball_threads
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {skip}EXECUTE FUNCTION {s}.hoshin_thread_agrees();
DROP TRIGGER IF EXISTS hoshin_thread_agrees ON {s}.catchball_messages;
CREATE CONSTRAINT TRIGGER hoshin_thread_agrees AFTER INSERT OR DELETE ON {s}.catchball_messages
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW {skip}EXECUTE FUNCTION {s}.hoshin_thread_agrees();
"""


def ordering(s: str, owner: str, schema: str = "public") -> list[str]:
    """The state machine's checks on messages and threads (see the module's text).
    ``s``: the schema, quoted; ``owner``: the plan owner's name, whose writes are the
    core's (copies); ``schema``: unquoted."""
    skip = "WHEN (current_user <> '" + owner.replace("'", "''") + "') " if owner else ""
    return [
        _RULES.format(
            s=s,
            skip=skip,
            allowed=_allowed(),
            offers=_words(rules.OFFERS),
            schema="'" + schema.replace("'", "''") + "'",
        )
    ]
