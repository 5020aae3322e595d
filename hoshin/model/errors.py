"""Domain errors: each carries a sentence a user can act on."""

from __future__ import annotations


class HoshinError(Exception):
    """Base of every error the core raises on purpose; ``str(error)`` is for the user."""


class PlanError(HoshinError):
    """The plan cannot be opened, created or written."""


class NewerSchemaError(PlanError):
    """The plan was written by a newer Hoshin than this one."""


class NotFoundError(HoshinError):
    """A code, key or id names nothing in the plan."""


class ValidationError(HoshinError):
    """A value a person typed is not acceptable (empty title, goal that is not a number…)."""


class LinkError(HoshinError):
    """A link was refused: self link, duplicate, kinds that do not pair, or a cycle."""


class CycleError(LinkError):
    """A link would make a node serve itself; ``cycle`` lists the codes around the loop."""

    def __init__(self, message: str, cycle: list[str]) -> None:
        super().__init__(message)
        self.cycle = cycle


class TransitionError(HoshinError):
    """A lifecycle or state move that is not allowed from where the item stands."""


class StaleEditError(HoshinError):
    """Someone else changed or deleted the row since this client last read it.

    ``who`` and ``at`` name the last change, from the audit log, when it is known.
    """

    def __init__(self, message: str, who: str | None = None, at: object = None) -> None:
        super().__init__(message)
        self.who = who
        self.at = at


class PermissionDeniedError(HoshinError):
    """The person's roles do not allow this edit (or no person was named on a plan with
    roles)."""
