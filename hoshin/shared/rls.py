"""The permissions of a shared plan, enforced by PostgreSQL itself.

``hoshin db init`` (``db copy`` to a database, ``db upgrade``) create the plan's own
group role, ``hoshin_people_<database>`` (:func:`group_name`), its grants, and row-level
security policies that repeat
:mod:`hoshin.rules.permissions` in SQL: a person who logs in with their own login (``hoshin db
login``) reads the plan and writes only rows their roles allow, even with plain SQL. The
plan's owner (who ran ``db init``) is not subject to the policies: administration and
copies run as the owner. docs/security.md states the threat model: the cluster's
superuser and the plan's owner are trusted, no login is.

Functions are ``SECURITY DEFINER`` where they must read roles and units whatever the
caller may read; they take the caller's ``current_user`` as an argument, evaluated where
the policy runs, because inside such a function ``current_user`` is the function's owner.
Triggers that need the caller's identity run as the caller. Catchball's rules are in
:mod:`hoshin.shared.rls_catchball`; the history of a login's writes in
:mod:`hoshin.shared.rls_audit`; ids and codes in :mod:`hoshin.shared.rls_ids`; logins in
:mod:`hoshin.shared.logins`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlalchemy import Connection, text

from hoshin.model import entities as e
from hoshin.rules.years import NODE_OF
from hoshin.shared import (
    rls_audit,
    rls_catchball,
    rls_daily,
    rls_ids,
    rls_meetings,
    rls_routines,
)

#: The group every plan shared before each plan had its own (``db upgrade`` moves a plan's
#: logins out of it).
SHARED_GROUP = "hoshin_people"
_PLAIN = re.compile(r"[a-z0-9_]{1,49}")


def group_name(database: str) -> str:
    """The group role of the plan in ``database``: ``hoshin_people_<database>``, at most 63
    characters; a name that is not plain lower-case letters, digits and _ (or too long) is
    made plain and followed by a hash of the real name, so two databases never share one."""
    if _PLAIN.fullmatch(database):
        return f"{SHARED_GROUP}_{database}"
    plain = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
    digest = hashlib.sha256(database.encode()).hexdigest()[:8]
    return f"{SHARED_GROUP}_{plain}_{digest}"


#: Rank of each role; what a node of each kind needs (see hoshin.rules.permissions).
#:
#: Every function pins ``search_path`` with ``pg_temp`` last and names every object with
#: its schema: a login cannot plant a temporary table or a same-named function that the
#: owner's ``SECURITY DEFINER`` code would then read (PostgreSQL's own advice for such
#: functions). ``{s}`` is the plan's schema, quoted.
_FUNCTIONS = """
CREATE OR REPLACE FUNCTION {s}.hoshin_rank(role text) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE role WHEN 'viewer' THEN 0 WHEN 'member' THEN 1 WHEN 'manager' THEN 2
                   WHEN 'executive' THEN 3 ELSE -1 END
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_kind_need(kind text) RETURNS integer
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT CASE kind WHEN 'kaizen' THEN 1 WHEN 'target' THEN 2 WHEN 'priority' THEN 2
                   ELSE 3 END
$$;

-- Whether the plan has no roles yet (then only its owner writes it).
CREATE OR REPLACE FUNCTION {s}.hoshin_open() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT NOT EXISTS (SELECT 1 FROM {s}.unit_roles)
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_person(who name) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT p.id FROM {s}.people p WHERE p.login = who
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_level(unit integer, who name) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  WITH RECURSIVE up(id, parent_id, depth) AS (
    SELECT u.id, u.parent_id, 0 FROM {s}.units u WHERE u.id = unit
    UNION ALL
    SELECT u.id, u.parent_id, up.depth + 1 FROM {s}.units u JOIN up ON u.id = up.parent_id
    WHERE up.depth < 64
  )
  SELECT coalesce(max({s}.hoshin_rank(r.role)), -1)
  FROM {s}.unit_roles r JOIN {s}.people p ON p.id = r.person_id JOIN up ON up.id = r.unit_id
  WHERE p.login = who
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_node_ok(node integer, need integer, who name)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT {s}.hoshin_level(n.unit_id, who)
         >= CASE WHEN need = 0 THEN {s}.hoshin_kind_need(n.kind) ELSE need END
  FROM {s}.nodes n WHERE n.id = node
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_thread_node_ok(thread integer, who name)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT coalesce({s}.hoshin_node_ok(t.node_id, 0, who), false)
  FROM {s}.catchball_threads t WHERE t.id = thread
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_top_level(who name) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT {s}.hoshin_level((SELECT u.id FROM {s}.units u WHERE u.parent_id IS NULL), who)
$$;

-- The unit of a review meeting: its agenda and decisions are that unit's managers' to write.
CREATE OR REPLACE FUNCTION {s}.hoshin_meeting_unit(meeting integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT m.unit_id FROM {s}.meetings m WHERE m.id = meeting
$$;
"""

#: The audit log is written for logins by the database: who (the login's person), when
#: (the server's clock) and the entry's id are the database's, never the caller's. Ids are
#: the next after the highest, taken under a lock held until commit, so they follow commit
#: order (a client's horizon, the highest id it has read, then misses nobody's edit) and
#: nobody can move anyone's horizon or burn ids with calls of their own. The plan's owner
#: and superusers (copies, administration) keep the values they give.
_AUDIT = """
CREATE TABLE IF NOT EXISTS {s}.hoshin_audit_lock (one boolean PRIMARY KEY CHECK (one));
INSERT INTO {s}.hoshin_audit_lock VALUES (true) ON CONFLICT DO NOTHING;
REVOKE ALL ON {s}.hoshin_audit_lock FROM PUBLIC, {g};

CREATE OR REPLACE FUNCTION {s}.hoshin_trusted(who name) RETURNS boolean
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT pg_catalog.pg_has_role(who, c.relowner, 'USAGE')
  FROM pg_catalog.pg_class c WHERE c.oid = '{s}.audit_log'::pg_catalog.regclass
$$;

-- Calling it only waits for the lock: the next id moves with the log, not with calls.
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_id() RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  PERFORM 1 FROM {s}.hoshin_audit_lock FOR UPDATE;
  RETURN coalesce((SELECT max(a.id) FROM {s}.audit_log a), 0) + 1;
END $$;

-- Runs as the caller (current_user is who writes), not as the owner.
CREATE OR REPLACE FUNCTION {s}.hoshin_audit_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  IF NOT {s}.hoshin_trusted(current_user) THEN
    IF NEW.id IS NOT NULL THEN
      RAISE EXCEPTION 'the ids of the history are the database''s to give'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.person_id IS NULL
       OR NEW.person_id IS DISTINCT FROM {s}.hoshin_person(current_user) THEN
      RAISE EXCEPTION 'login % writes history in its own person''s name only', current_user
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.at := pg_catalog.timezone('UTC', pg_catalog.now());
    -- Values are JSON, as the core writes them (the database compares them at commit).
    PERFORM NEW.old::jsonb, NEW.new::jsonb;
  END IF;
  IF NEW.id IS NULL THEN
    NEW.id := {s}.hoshin_audit_id();
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS hoshin_audit_stamp ON {s}.audit_log;
CREATE TRIGGER hoshin_audit_stamp BEFORE INSERT ON {s}.audit_log
  FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_audit_stamp();
ALTER TABLE {s}.audit_log ALTER COLUMN id DROP DEFAULT;
DO $$ BEGIN
  EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM {g}',
                 pg_catalog.pg_get_serial_sequence('{s}.audit_log', 'id'));
END $$;

-- Nobody's history loses its author: a person who wrote any is kept (the owner may
-- still remove one, deliberately).
CREATE OR REPLACE FUNCTION {s}.hoshin_keep_authors() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
BEGIN
  IF NOT {s}.hoshin_trusted(current_user)
     AND EXISTS (SELECT 1 FROM {s}.audit_log a WHERE a.person_id = OLD.id) THEN
    RAISE EXCEPTION 'person % has edits in the history; they are kept', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END $$;
DROP TRIGGER IF EXISTS hoshin_keep_authors ON {s}.people;
CREATE TRIGGER hoshin_keep_authors BEFORE DELETE ON {s}.people
  FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_keep_authors();
"""

#: A closed year is read-only (hoshin.rules.years): no login writes a row of a node of a
#: closed year, whatever its roles. Each table's trigger names the columns that say the
#: node (``year`` on the nodes themselves). The owner is trusted, as for the history: a copy
#: writes a closed year's rows, and Hoshin's own edits are held to the rule by the core.
_YEARS = """
CREATE OR REPLACE FUNCTION {s}.hoshin_closed_year_of(node integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  SELECT n.year FROM {s}.nodes n JOIN {s}.years y ON y.year = n.year
  WHERE n.id = node AND y.state = 'closed'
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_open_years_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  rec jsonb;
  col text;
  closed integer;
BEGIN
  IF {s}.hoshin_trusted(current_user) THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  FOREACH rec IN ARRAY ARRAY[
      CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
      CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END] LOOP
    CONTINUE WHEN rec IS NULL;
    FOREACH col IN ARRAY TG_ARGV LOOP
      IF col = 'year' THEN
        SELECT y.year INTO closed FROM {s}.years y
        WHERE y.year = (rec->>'year')::integer AND y.state = 'closed';
      ELSE
        closed := {s}.hoshin_closed_year_of((rec->>col)::integer);
      END IF;
      IF closed IS NOT NULL THEN
        RAISE EXCEPTION '% is closed: reopen it with `hoshin year reopen %` (an executive).',
          closed, closed USING ERRCODE = 'check_violation';
      END IF;
    END LOOP;
  END LOOP;
  RETURN COALESCE(NEW, OLD);
END $$;
"""

#: Each table whose rows belong to a node, and the columns naming it: the core's list
#: (hoshin.rules.years.NODE_OF), but a node itself says its year.
_YEAR_COLUMNS: dict[str, tuple[str, ...]] = {**NODE_OF, "nodes": ("year",)}


def _years(s: str) -> list[str]:
    out = [_YEARS.format(s=s)]
    for table, columns in _YEAR_COLUMNS.items():
        names = ", ".join(literal(c) for c in columns)
        out.append(f"DROP TRIGGER IF EXISTS hoshin_open_years_only ON {s}.{table}")
        out.append(
            f"CREATE TRIGGER hoshin_open_years_only BEFORE INSERT OR UPDATE OR DELETE "
            f"ON {s}.{table} FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_open_years_only({names})"
        )
    return out


#: The top unit is the plan's, fixed: one unit without a parent (an index, for everyone),
#: and logins never add, remove or re-parent units at the top (a department executive who
#: could detach a unit would otherwise run a second company). The core never moves a unit.
#: Checked at commit: a copy writes every unit first and its parent after.
_ONE_TOP = """DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_constraint
                 WHERE conname = 'hoshin_one_top_unit' AND conrelid = '{s}.units'::regclass) THEN
    ALTER TABLE {s}.units ADD CONSTRAINT hoshin_one_top_unit
      EXCLUDE ((true) WITH =) WHERE (parent_id IS NULL) DEFERRABLE INITIALLY DEFERRED;
  END IF;
END $$"""

_ME = "current_user"
#: Who may write a row of each table, as an SQL condition on the row (0 = the node's own).
#: ``{s}`` is the plan's schema: policies name the functions they call with it.
_WRITE: dict[str, str] = {
    "nodes": f"{{s}}.hoshin_level(unit_id, {_ME}) >= {{s}}.hoshin_kind_need(kind)",
    "edges": (
        "{s}.hoshin_node_ok(CASE WHEN kind = 'deploys' THEN target_id ELSE source_id END, "
        f"0, {_ME})"
    ),
    "responsibilities": f"{{s}}.hoshin_node_ok(node_id, 2, {_ME})",
    "measurements": f"{{s}}.hoshin_node_ok(node_id, 1, {_ME})",
    "countermeasures": f"{{s}}.hoshin_node_ok(node_id, 1, {_ME})",
    "sustainment_checks": f"{{s}}.hoshin_node_ok(kaizen_id, 1, {_ME})",
    "action_items": f"{{s}}.hoshin_node_ok(kaizen_id, 1, {_ME})",
    # An A3 and its rows need the role of the node they are written on.
    "a3s": f"{{s}}.hoshin_node_ok(node_id, 0, {_ME})",
    "a3_items": f"{{s}}.hoshin_node_ok(node_id, 0, {_ME})",
    "a3_links": f"{{s}}.hoshin_node_ok(node_id, 0, {_ME})",
    # Renaming a unit is its own executive's business; adding or removing one, its
    # parent's (below).
    "units": f"{{s}}.hoshin_level(id, {_ME}) >= 3",
    "people": f"{{s}}.hoshin_level(unit_id, {_ME}) >= 2",
    "unit_roles": f"{{s}}.hoshin_level(unit_id, {_ME}) >= 3",
    "settings": f"{{s}}.hoshin_top_level({_ME}) >= 3",
    # Closing and reopening a year: an executive of the top unit.
    "years": f"{{s}}.hoshin_top_level({_ME}) >= 3",
    # The year-end reflection on a node: whoever may change the node.
    "reflections": f"{{s}}.hoshin_node_ok(node_id, 0, {_ME})",
    # A target's daily or weekly values: a member, as its monthly figures.
    "target_values": f"{{s}}.hoshin_node_ok(node_id, 1, {_ME})",
    "functions": f"{{s}}.hoshin_top_level({_ME}) >= 3",
    # A review meeting, its agenda and decisions: a manager of the meeting's unit.
    "meetings": f"{{s}}.hoshin_level(unit_id, {_ME}) >= 2",
    "meeting_items": f"{{s}}.hoshin_level({{s}}.hoshin_meeting_unit(meeting_id), {_ME}) >= 2",
    "meeting_decisions": (f"{{s}}.hoshin_level({{s}}.hoshin_meeting_unit(meeting_id), {_ME}) >= 2"),
    # The reminder log: written by whoever runs ``hoshin remind`` for the whole plan, the
    # owner (whom no policy binds) or an executive of the top unit.
    "reminders_sent": f"{{s}}.hoshin_top_level({_ME}) >= 3",
    "catchball_threads": (
        f"({{s}}.hoshin_level(upper_unit_id, {_ME}) >= 1"
        f" OR {{s}}.hoshin_level(lower_unit_id, {_ME}) >= 1)"
        f" AND (state <> 'locked' OR {{s}}.hoshin_level(upper_unit_id, {_ME}) >= 2)"
    ),
    # Leader Standard Work: one's own, or a manager's of the person's unit.
    **rls_routines.WRITE,
}
_REOPEN = (
    f"(author_id IS NULL AND kind = 'reopen' AND {{s}}.hoshin_thread_node_ok(thread_id, {_ME}))"
)
#: Append-only tables: one may add (and take back) only what one wrote oneself.
_OWN: dict[str, str] = {
    # Hoshin's own "reopened" note has no author: it is written by the edit of the goal,
    # so by whoever may change the thread's node.
    "catchball_messages": (f"author_id = {{s}}.hoshin_person({_ME}) OR {_REOPEN}"),
    "audit_log": f"person_id IS NOT DISTINCT FROM {{s}}.hoshin_person({_ME})",
    # A comment on a year-end reflection: its author's own, a member of the node's unit or
    # of a unit above (hoshin.rules.permissions).
    "reflection_comments": (
        f"author_id = {{s}}.hoshin_person({_ME}) AND {{s}}.hoshin_node_ok(node_id, 1, {_ME})"
    ),
    # A problem's history: each step in its author's own name (undo takes it back), by
    # whoever may work on the problem or move it along its path.
    "problem_steps": (
        f"by_id = {{s}}.hoshin_person({_ME}) AND {{s}}.hoshin_problem_ok(problem_id, {_ME})"
    ),
}


#: Every column holding one of a fixed set of words, and the words (the core's own
#: enums): a row with any other word would make every reader fail (a KeyError for all).
def _vocabulary() -> dict[tuple[str, str], list[str]]:
    from hoshin.catchball.rules import Kind, Side, State
    from hoshin.model.agenda import AgendaKind
    from hoshin.model.kinds import (
        Access,
        Aggregation,
        AnswerState,
        Cadence,
        CheckResult,
        Direction,
        EdgeKind,
        FindingOutcome,
        KaizenStatus,
        KaizenType,
        NodeKind,
        Origin,
        OwnerRole,
        ProblemEvent,
        ProblemStatus,
        Strength,
        Tracking,
    )

    words: dict[tuple[str, str], Any] = {
        ("nodes", "kind"): NodeKind,
        ("nodes", "direction"): Direction,
        ("nodes", "aggregation"): Aggregation,
        ("nodes", "status"): KaizenStatus,
        ("nodes", "origin"): Origin,
        ("nodes", "kaizen_type"): KaizenType,
        ("nodes", "tracking"): (Tracking.WEEKLY, Tracking.DAILY),
        ("edges", "kind"): EdgeKind,
        ("edges", "strength"): Strength,
        ("responsibilities", "role"): OwnerRole,
        ("unit_roles", "role"): Access,
        ("sustainment_checks", "result"): CheckResult,
        ("catchball_threads", "state"): State,
        ("catchball_threads", "waiting"): (Side.UPPER, Side.LOWER),
        ("catchball_messages", "kind"): Kind,
        ("catchball_messages", "state"): State,
        ("catchball_messages", "direction"): ("up", "down"),
        ("audit_log", "action"): ("insert", "update", "delete"),
        ("routines", "cadence"): Cadence,
        ("routine_answers", "state"): AnswerState,
        ("findings", "outcome"): FindingOutcome,
        ("meeting_items", "kind"): AgendaKind,
        ("problems", "status"): ProblemStatus,
        ("problem_steps", "kind"): ProblemEvent,
    }
    return {key: sorted(str(w) for w in values) for key, values in words.items()}


def _checks(s: str) -> list[str]:
    """CHECK constraints for :func:`_vocabulary`, made again on each install so that they
    follow the core's words (NULL stays allowed where the column allows it)."""
    out = []
    for (table, column), words in _vocabulary().items():
        name = f"hoshin_{table}_{column}_words"
        allowed = ", ".join("'" + w.replace("'", "''") + "'" for w in words)
        out += [
            f"ALTER TABLE {s}.{table} DROP CONSTRAINT IF EXISTS {name}",
            f"ALTER TABLE {s}.{table} ADD CONSTRAINT {name} CHECK ({column} IN ({allowed}))",
        ]
    return out


def literal(value: str) -> str:
    """An SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def quote(name: str) -> str:
    """An SQL identifier, quoted (as PostgreSQL's ``quote_ident`` would, always)."""
    return '"' + name.replace('"', '""') + '"'


#: What a shared plan's database needs of no one: temporary tables (the takeover through
#: ``pg_temp``), objects created in the plan's schema by others, connections from roles
#: outside the plan's group. Warnings only when the owner does not own the database.
_LOCKDOWN = """DO $$ BEGIN
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM {g}', current_database());
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM {g}', current_database());
END $$"""

#: Only the plan's own logins connect (``hoshin db login`` grants it to each): a login of
#: another plan on the same server does not even get in. Each is in the plan's own group,
#: and no longer in the group all plans shared before (a plan made by an older Hoshin).
#: ``{s}``: the schema; ``{g}``: the group, quoted; ``{old}``: the shared group's name.
_CONNECT = """DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT p.login FROM {s}.people p
           JOIN pg_catalog.pg_roles g ON g.rolname = p.login LOOP
    EXECUTE pg_catalog.format('GRANT CONNECT ON DATABASE %I TO %I', current_database(),
                              r.login);
    EXECUTE pg_catalog.format('GRANT {g} TO %I', r.login);
    IF EXISTS (SELECT FROM pg_catalog.pg_auth_members m
                   JOIN pg_catalog.pg_roles o ON o.oid = m.roleid
                   JOIN pg_catalog.pg_roles l ON l.oid = m.member
                   WHERE o.rolname = '{old}' AND l.rolname = r.login) THEN
      EXECUTE pg_catalog.format('REVOKE {old} FROM %I', r.login);
    END IF;
  END LOOP;
END $$"""

#: What the shared group of older plans held here: nothing, once the plan has its own.
_LEAVE_SHARED = """DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{old}') THEN
    REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {old};
    REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {old};
    REVOKE ALL ON SCHEMA {s} FROM {old};
    EXECUTE pg_catalog.format('REVOKE ALL ON DATABASE %I FROM {old}', current_database());
  END IF;
END $$"""


def statements(schema: str = "public", owner: str = "", database: str = "") -> list[str]:
    """Every statement that sets up the roles, grants and policies; safe to run again.
    ``owner``: the role running them, the plan's owner; ``database``: the plan's."""
    s = quote(schema)
    name = group_name(database)
    group = quote(name)
    out = [
        f"""DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal(name)}) THEN
            CREATE ROLE {group} NOLOGIN;
          END IF;
        END $$""",
        _LOCKDOWN.format(g=group),
        f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA {s} FROM {group}",
        _FUNCTIONS.format(s=s),
        _CONNECT.format(s=s, g=group, old=SHARED_GROUP),
        _LEAVE_SHARED.format(s=s, old=SHARED_GROUP),
        f"GRANT USAGE ON SCHEMA {s} TO {group}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {group}",
        f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {group}",
        # A person's login is set by the plan's owner only (hoshin db login), and no edit
        # renames a person: logins may not update those columns (a manager renaming
        # someone to another person's name would change the author shown on history),
        # and rows they add must come without a login.
        f"REVOKE UPDATE ON {s}.people FROM {group}",
        f"GRANT INSERT, DELETE, UPDATE (unit_id, email, version) ON {s}.people TO {group}",
        _ONE_TOP.format(s=s),
        _AUDIT.format(s=s, g=group),
        *_years(s),
        rls_catchball.FUNCTIONS.format(s=s),
        rls_routines.FUNCTIONS.format(s=s),
        rls_daily.FUNCTIONS.format(s=s),
        *rls_catchball.ordering(s, owner, schema),
        *rls_audit.statements(s, group, owner, schema),
        *_checks(s),
        *rls_ids.statements(s, group, owner, schema),
        f"REVOKE UPDATE ON {s}.units FROM {group}",
        f"GRANT INSERT, DELETE, UPDATE (code, name, level, function_id, version) ON {s}.units "
        f"TO {group}",
    ]
    # A plan without roles is written by its owner alone until the first executive is
    # named; a login reads only a plan it is a person of.
    read = f"(SELECT {s}.hoshin_person({_ME})) IS NOT NULL"
    for table, rule in _WRITE.items():
        may = f"({rule.format(s=s)})"
        add = f"({may} AND login IS NULL)" if table == "people" else may
        if table == "units":  # below the top unit only
            add = f"({s}.hoshin_level(parent_id, {_ME}) >= 3 AND parent_id IS NOT NULL)"
            out += _policies(f"{s}.{table}", group, read=read, insert=add, update=may, delete=add)
            continue
        if table != "people":
            out.append(f"GRANT INSERT, UPDATE, DELETE ON {s}.{table} TO {group}")
        gone = may
        if table == "catchball_threads":
            gone = f"({rls_catchball.THREAD_DELETE.format(s=s)})"
        out += _policies(f"{s}.{table}", group, read=read, insert=add, update=may, delete=gone)
    out += problem_statements(s, group)
    for table, rule in _OWN.items():
        may = f"({rule.format(s=s)})"
        if table == "audit_log":  # history: added to, never changed or removed
            out.append(f"GRANT INSERT ON {s}.{table} TO {group}")
            out += _policies(f"{s}.{table}", group, read=read, insert=may)
        elif table in (
            "reflection_comments",
            "problem_steps",
        ):  # added, and taken back (undo), by its author
            gone = may
            if table == "problem_steps":  # taken back from the end of its history only
                gone = f"({may} AND {rls_daily.STEP_DELETE.format(s=s)})"
            out.append(f"GRANT INSERT, DELETE ON {s}.{table} TO {group}")
            out += _policies(f"{s}.{table}", group, read=read, insert=may, delete=gone)
        else:  # catchball messages: by kind, as the rules say; taken back by their author
            said = f"({rls_catchball.MESSAGE} OR {_REOPEN})".format(s=s)
            out.append(f"GRANT INSERT, DELETE ON {s}.{table} TO {group}")
            out += _policies(f"{s}.{table}", group, read=read, insert=said, delete=may)
    out += rls_routines.statements(s, group)  # after the tables' own policies
    out += rls_meetings.statements(s, group, _WRITE["meeting_decisions"].format(s=s))
    out += rls_daily.statements(s)
    # Read as the values it is made of; written by the database's own triggers only
    # (migration 0012): no login is granted more than the SELECT every table has.
    for table in sorted(e.DERIVED_TABLES):
        out += _policies(f"{s}.{table}", group, read=read)
    return out


def _policies(
    table: str,
    group: str,
    *,
    read: str,
    insert: str | None = None,
    update: str | None = None,
    delete: str | None = None,
) -> list[str]:
    out = [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"]
    wanted = {
        "read": f"FOR SELECT TO {group} USING ({read})",
        "insert": f"FOR INSERT TO {group} WITH CHECK {insert}" if insert else None,
        "update": f"FOR UPDATE TO {group} USING {update} WITH CHECK {update}" if update else None,
        "delete": f"FOR DELETE TO {group} USING {delete}" if delete else None,
    }
    for name, body in wanted.items():
        out.append(f"DROP POLICY IF EXISTS hoshin_{name} ON {table}")
        if body:
            out.append(f"CREATE POLICY hoshin_{name} ON {table} {body}")
    return out


def install(conn: Connection) -> None:
    """Create or refresh the roles, grants and policies (run as the plan's owner)."""
    schema = conn.execute(text("SELECT current_schema()")).scalar() or "public"
    owner = conn.execute(text("SELECT current_user")).scalar() or ""
    database = conn.execute(text("SELECT current_database()")).scalar() or ""
    _run(conn, statements(str(schema), str(owner), str(database)))


#: Problems of daily management (hoshin.rules.permissions): a member of the unit that
#: holds one works on it; moving it one tier up or down needs a manager of the lower of the
#: two units. The policies let through the member and whoever could move it along its path
#: (a manager at or above the unit it was raised in); the trigger, which sees the row
#: before and after, says which move is allowed.
_PROBLEMS = """
CREATE OR REPLACE FUNCTION {s}.hoshin_parent_of(unit integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT u.parent_id FROM {s}.units u WHERE u.id = unit
$$;

-- Whether a login may work on a problem (a member of the unit that holds it) or move it
-- along its path (a manager at or above the unit it was raised in).
CREATE OR REPLACE FUNCTION {s}.hoshin_problem_ok(problem integer, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS $$
  SELECT coalesce(bool_or({s}.hoshin_level(p.unit_id, who) >= 1
                          OR {s}.hoshin_level(p.raised_unit_id, who) >= 2), false)
  FROM {s}.problems p WHERE p.id = problem
$$;

CREATE OR REPLACE FUNCTION {s}.hoshin_problem_move() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {s}, pg_temp AS $$
DECLARE
  lower_unit integer;
  step integer;
BEGIN
  IF {s}.hoshin_trusted(current_user) THEN
    RETURN NEW;
  END IF;
  IF NEW.raised_unit_id IS DISTINCT FROM OLD.raised_unit_id THEN
    RAISE EXCEPTION 'a problem stays raised where it was raised'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.unit_id = OLD.unit_id THEN
    lower_unit := NULL;
    IF {s}.hoshin_level(NEW.unit_id, current_user) < 1 THEN
      RAISE EXCEPTION 'login % is no member of the unit that holds problem %',
        current_user, NEW.id USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSIF NEW.unit_id = {s}.hoshin_parent_of(OLD.unit_id) THEN
    lower_unit := OLD.unit_id;
  ELSIF OLD.unit_id = {s}.hoshin_parent_of(NEW.unit_id) THEN
    lower_unit := NEW.unit_id;
  ELSE
    RAISE EXCEPTION 'a problem moves one tier at a time' USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- The tier follows the move: one up, one down, or none for staying.
  step := 0;
  IF lower_unit = OLD.unit_id THEN
    step := 1;
  ELSIF lower_unit IS NOT NULL THEN
    step := -1;
  END IF;
  IF NEW.tier IS DISTINCT FROM OLD.tier + step THEN
    RAISE EXCEPTION 'a problem''s tier changes by the one tier it moves'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF lower_unit IS NOT NULL AND {s}.hoshin_level(lower_unit, current_user) < 2 THEN
    RAISE EXCEPTION 'login % is no manager to move problem % between tiers',
      current_user, NEW.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS hoshin_problem_move ON {s}.problems;
CREATE TRIGGER hoshin_problem_move BEFORE UPDATE ON {s}.problems
  FOR EACH ROW EXECUTE FUNCTION {s}.hoshin_problem_move();
"""


def problem_statements(s: str, group: str) -> list[str]:
    """The grants, policies and trigger of ``problems`` (``s``: the schema, quoted)."""
    read = f"(SELECT {s}.hoshin_person({_ME})) IS NOT NULL"
    member = f"({s}.hoshin_level(unit_id, {_ME}) >= 1)"
    along = f"({member} OR {s}.hoshin_level(raised_unit_id, {_ME}) >= 2)"
    # Removed only as the undo of its raise: while its history holds nothing more.
    gone = f"({member} AND {rls_daily.PROBLEM_DELETE.format(s=s)})"
    return [
        _PROBLEMS.format(s=s),
        f"GRANT INSERT, UPDATE, DELETE ON {s}.problems TO {group}",
        *_policies(f"{s}.problems", group, read=read, insert=member, update=along, delete=gone),
    ]


def _run(conn: Connection, sql: list[str]) -> None:
    # The driver's own cursor, without parameters: format()'s %I and %L stay as written.
    cursor = conn.connection.cursor()
    try:
        for statement in sql:
            cursor.execute(statement)
    finally:
        cursor.close()
