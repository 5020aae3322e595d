"""Every edit of a plan is one of these reversible operations (see :mod:`.base`)."""

from __future__ import annotations

from hoshin.operations.a3 import (
    AddA3Row,
    DeleteA3,
    LinkA3,
    NewA3,
    RemoveA3Row,
    SetA3Section,
    UnlinkA3,
)
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
    "AddA3Row",
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
    "DeleteA3",
    "DeleteNode",
    "EditActionItem",
    "EditCheck",
    "Link",
    "LinkA3",
    "MoveKaizen",
    "NewA3",
    "Operation",
    "RecordCheck",
    "RemoveA3Row",
    "RemoveActionItem",
    "RemoveCheck",
    "RemoveCountermeasure",
    "RemovePerson",
    "RemoveUnit",
    "Revert",
    "SetA3Section",
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
    "UnlinkA3",
    "UpdateCountermeasure",
    "UpdateNode",
    "UpdatePerson",
    "UpdateUnit",
]
