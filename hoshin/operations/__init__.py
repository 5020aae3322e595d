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
from hoshin.operations.findings import (
    AddFinding,
    FindingToAction,
    FindingToKaizen,
    RemoveFinding,
    SetFindingDone,
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
from hoshin.operations.routines import (
    AddRoutine,
    AnswerOccurrence,
    ChangeAnswer,
    ClearAnswer,
    CopyRoutines,
    EditRoutine,
    RemoveRoutine,
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
    "AddFinding",
    "AddFunction",
    "AddNode",
    "AddPerson",
    "AddRoutine",
    "AddUnit",
    "AnswerOccurrence",
    "Applied",
    "Assign",
    "Batch",
    "ChangeAnswer",
    "ClearAnswer",
    "CopyRoutines",
    "DeleteA3",
    "DeleteNode",
    "EditActionItem",
    "EditCheck",
    "EditRoutine",
    "FindingToAction",
    "FindingToKaizen",
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
    "RemoveFinding",
    "RemovePerson",
    "RemoveRoutine",
    "RemoveUnit",
    "Revert",
    "SetA3Section",
    "SetAccess",
    "SetActionItemDone",
    "SetCountermeasureDone",
    "SetFindingDone",
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
