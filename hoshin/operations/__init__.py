"""Every edit of a plan is one of these reversible operations (see :mod:`.base`)."""

from __future__ import annotations

from hoshin.operations.access import SetAccess, SetLogin
from hoshin.operations.base import Applied, Batch, Operation, Revert, Tx
from hoshin.operations.countermeasures import (
    AddCountermeasure,
    RemoveCountermeasure,
    SetCountermeasureDone,
    UpdateCountermeasure,
)
from hoshin.operations.links import Link, SetRationale, SetStrength, Unlink
from hoshin.operations.nodes import AddNode, DeleteNode, MoveKaizen, UpdateNode
from hoshin.operations.org import (
    AddFunction,
    AddPerson,
    AddUnit,
    Assign,
    RemovePerson,
    RemoveUnit,
    SetSetting,
    Unassign,
    UpdateUnit,
)
from hoshin.operations.tracking import (
    AddActionItem,
    AddCheck,
    RecordCheck,
    SetActionItemDone,
    SetMeasurement,
)

__all__ = [
    "AddActionItem",
    "AddCheck",
    "AddCountermeasure",
    "AddFunction",
    "AddNode",
    "AddPerson",
    "AddUnit",
    "Applied",
    "Assign",
    "Batch",
    "DeleteNode",
    "Link",
    "MoveKaizen",
    "Operation",
    "RecordCheck",
    "RemoveCountermeasure",
    "RemovePerson",
    "RemoveUnit",
    "Revert",
    "SetAccess",
    "SetActionItemDone",
    "SetCountermeasureDone",
    "SetLogin",
    "SetMeasurement",
    "SetRationale",
    "SetSetting",
    "SetStrength",
    "Tx",
    "Unassign",
    "Unlink",
    "UpdateCountermeasure",
    "UpdateNode",
    "UpdateUnit",
]
