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
from hoshin.operations.links import Link, SetLink, SetRationale, SetStrength, Unlink
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
    UpdatePerson,
    UpdateUnit,
)
from hoshin.operations.sustainment import (
    AddActionItem,
    AddCheck,
    EditActionItem,
    EditCheck,
    RecordCheck,
    RemoveActionItem,
    RemoveCheck,
    SetActionItemDone,
)
from hoshin.operations.tracking import SetMeasurement, SetMeasurements

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
    "EditActionItem",
    "EditCheck",
    "Link",
    "MoveKaizen",
    "Operation",
    "RecordCheck",
    "RemoveActionItem",
    "RemoveCheck",
    "RemoveCountermeasure",
    "RemovePerson",
    "RemoveUnit",
    "Revert",
    "SetAccess",
    "SetActionItemDone",
    "SetCountermeasureDone",
    "SetLink",
    "SetLogin",
    "SetMeasurement",
    "SetMeasurements",
    "SetRationale",
    "SetSetting",
    "SetStrength",
    "Tx",
    "Unassign",
    "Unlink",
    "UpdateCountermeasure",
    "UpdateNode",
    "UpdatePerson",
    "UpdateUnit",
]
