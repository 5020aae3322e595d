"""Roles per unit: give, change or take away a person's role on a unit; set a login."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from hoshin.model import entities as e
from hoshin.model.errors import ValidationError
from hoshin.model.kinds import Access
from hoshin.operations.base import Operation, Tx
from hoshin.rules import validate

#: A PostgreSQL role name Hoshin creates: lower-case, no quoting needed.
LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class SetAccess(Operation):
    """Give ``who`` the role ``access`` on ``unit`` (None takes the role away)."""

    who: str
    unit: str
    access: Access | str | None

    @property
    def label(self) -> str:
        if self.access is None:
            return f"Take {self.who}'s role on {self.unit}"
        return f"Make {self.who} {self.access} of {self.unit}"

    def apply(self, tx: Tx) -> None:
        person = tx.person(self.who)
        unit = tx.unit(self.unit)
        access = None if self.access is None else validate.choice(Access, self.access, "role")
        r = e.UnitRole
        first = access is not None and not tx.session.execute(select(func.count(r.id))).scalar()
        if first and (unit["parent_id"] is not None or access is not Access.EXECUTIVE):
            raise ValidationError(
                "Roles start with an executive of the top unit: once a plan has a role, "
                "only executives may give roles, so make someone executive of the top "
                "unit first."
            )
        # Delete and insert rather than update: each row then carries its unit, which the
        # permission check and the audit read.
        tx.rec.delete_where(e.UnitRole, r.person_id == person["id"], r.unit_id == unit["id"])
        if access is not None:
            tx.rec.insert_one(
                e.UnitRole, {"person_id": person["id"], "unit_id": unit["id"], "role": access}
            )


@dataclass(frozen=True)
class SetLogin(Operation):
    """Record the database login of a person on a shared plan (None: no login)."""

    who: str
    login: str | None

    @property
    def label(self) -> str:
        return f"Set the login of {self.who}"

    def apply(self, tx: Tx) -> None:
        person = tx.person(self.who)
        login = (self.login or "").strip().lower() or None
        if login is not None:
            if not LOGIN.match(login):
                raise ValidationError(
                    f"{self.login!r} cannot be a login: use lower-case letters, digits and _, "
                    "starting with a letter, at most 63."
                )
            taken = tx.session.execute(
                select(e.Person.name).where(e.Person.login == login, e.Person.id != person["id"])
            ).scalar()
            if taken:
                raise ValidationError(f"The login {login} belongs to {taken} already.")
        tx.rec.update_where(e.Person, {"login": login}, e.Person.id == person["id"])
