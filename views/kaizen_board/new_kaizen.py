"""The board's "New kaizen…": a team writes down its own idea where it sees its kaizens.

Without it a kaizen could only come from the command line or a workbook, and the demand
ratio counts exactly these: improvement the team pulls, not what is mandated. A new
kaizen is an idea, bottom-up, of the team chosen on the board (or its unit); the node
editor then links it to the priority it serves and sets what else it needs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from hoshin.model.kinds import NodeKind, Origin
from hoshin.operations import AddNode
from views.document import PlanDocument


def add_kaizen(document: PlanDocument, unit_code: str, unit_name: str, parent: QWidget) -> str:
    """Ask for the title and add the kaizen (one undoable edit); its code, or "" if none.

    Args:
        document: the open plan.
        unit_code: the unit the kaizen belongs to.
        unit_name: that unit's name, for the question.
        parent: the dialog's parent.

    Returns:
        The new kaizen's code, selected in every view; "" when cancelled or refused (the
        document has said why).
    """
    title, ok = QInputDialog.getText(
        parent, "New kaizen", f"A kaizen of {unit_name} ({unit_code}), as an idea:"
    )
    if not ok or not title.strip():
        return ""
    fields = {"origin": Origin.BOTTOM_UP.value}
    applied = document.execute(AddNode(NodeKind.KAIZEN, unit_code, title, fields))
    plan = document.plan
    if applied is None or plan is None:
        return ""
    code = str(applied.result)
    document.select_node(plan.graph.id_of(code))
    return code
