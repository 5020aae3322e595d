"""The ``hoshin`` command that does an obligation: one wording for the agenda's "do:" lines,
its JSON and the reminder digests (hoshin.reads.obligations keys each obligation)."""

from __future__ import annotations

from hoshin.reads.obligations import Obligation


def do_command(ob: Obligation, path: str = "PATH") -> str:
    """The command that does ``ob`` on the plan at ``path`` ("" when none does)."""
    kind, _, rest = ob.key.partition(":")
    code = ob.node_code
    last = rest.rpartition(":")[2]  # a month, or an id
    if kind == "actual" and code:
        return f"hoshin measure {path} {code} --month {last} --actual VALUE"
    if kind == "countermeasure" and code:
        return f'hoshin countermeasure add {path} {code} --month {last} --what "…"'
    if kind == "routine":
        routine_id, _, day = rest.partition(":")
        return f"hoshin routine done {path} {routine_id} --date {day}"
    verbs = {
        "countermeasure-action": "countermeasure done",
        "catchball": "catchball show",
        "check": "sustain check held",
        "action": "sustain action done",
        "decision": "meeting done",
        "finding": "routine finding done",
    }
    if kind in verbs and rest:
        tail = "   (or: slipped)" if kind == "check" else ""
        return f"hoshin {verbs[kind]} {path} {rest}{tail}"
    if kind == "problem" and rest:
        return f'hoshin problem solve {path} {rest} --answer "…"'
    return ""
