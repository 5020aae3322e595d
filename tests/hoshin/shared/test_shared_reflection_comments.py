"""Comments on year-end reflections on a shared plan: the core and the database agree
(hoshin/rules/permissions.py, hoshin/shared/rls.py). A member of the node's unit or of a
unit above may comment, in their own name only; a closed year takes none.

Kenji manages OPS (above PLT and T-AS), Aisha is a member of T-AS, Gareth holds no role."""

from __future__ import annotations

import psycopg
import pytest

from hoshin.model.errors import PermissionDeniedError
from hoshin.operations.years import CommentReflection, SetYearState
from hoshin.plan import Plan
from hoshin.rules.years import YearClosedError
from tests.hoshin.shared.test_shared_plan_attacks import _as_login, _connect, _unchanged, shared

__all__ = ["shared"]  # the fixture

_INSERT = (
    "INSERT INTO reflection_comments (id, node_id, author_id, at, text) "
    "SELECT (hoshin_next_ids('reflection_comments', 1))[1], n.id, p.id, now(), 'by SQL' "
    "FROM nodes n, people p WHERE n.code = %s AND p.name = %s"
)


def _comment(url: str, login: str, code: str, text: str) -> None:
    with Plan.open(_as_login(url, login)) as plan:
        plan.execute(CommentReflection(code, text))


def _comments(url: str) -> list[tuple[str, str, str]]:
    with _connect(url) as admin:
        rows = admin.execute(
            "SELECT n.code, p.name, c.text FROM reflection_comments c "
            "JOIN nodes n ON n.id = c.node_id JOIN people p ON p.id = c.author_id ORDER BY c.id"
        ).fetchall()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def test_the_unit_above_and_the_units_own_comment_others_may_not(shared: str) -> None:
    _comment(shared, "kenji", "KZ-114", "Good start; spread it to PLT")  # a unit below
    _comment(shared, "kenji", "KPI-9", "Agreed")  # his own unit
    _comment(shared, "aisha", "KZ-114", "Thanks")  # her own unit
    with _unchanged(shared):
        for login, code in (("kenji", "KPI-1"), ("aisha", "KPI-9"), ("gareth", "KZ-114")):
            with pytest.raises(PermissionDeniedError, match="comment"):
                _comment(shared, login, code, "Not mine to say")
    assert _comments(shared) == [
        ("KZ-114", "Kenji Watanabe", "Good start; spread it to PLT"),
        ("KPI-9", "Kenji Watanabe", "Agreed"),
        ("KZ-114", "Aisha Bello", "Thanks"),
    ]


def test_the_database_holds_plain_sql_to_the_same_rule(shared: str) -> None:
    with _connect(shared, "aisha") as conn:  # what the rule allows goes through
        assert conn.execute(_INSERT, ("KZ-114", "Aisha Bello")).rowcount == 1
    _comment(shared, "kenji", "KZ-114", "Kenji's")
    with _unchanged(shared), _connect(shared, "aisha") as conn:
        for code, name in (("KPI-9", "Aisha Bello"), ("KZ-114", "Helen Ward")):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(_INSERT, (code, name))  # above her unit; in another's name
        gone = conn.execute(
            "DELETE FROM reflection_comments WHERE text = 'Kenji''s'"
        ).rowcount  # another's comment: not hers to take back
        assert gone == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE reflection_comments SET text = 'changed'")


def test_a_closed_year_takes_no_comment(shared: str) -> None:
    with Plan.open(_as_login(shared, "helen")) as helen:
        helen.execute(SetYearState(2026, "closed"))
    with _unchanged(shared):
        with pytest.raises(YearClosedError, match="2026 is closed"):
            _comment(shared, "kenji", "KZ-114", "Too late")
        with _connect(shared, "aisha") as conn, pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(_INSERT, ("KZ-114", "Aisha Bello"))
