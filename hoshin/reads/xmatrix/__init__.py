"""The X-matrix of a unit (DESIGN §3), read for the Qt view and the Excel export.

- :mod:`~hoshin.reads.xmatrix.model`: the matrix as plain data (bands, corners, owners).
- :mod:`~hoshin.reads.xmatrix.reader`: one read path, for one unit (:func:`build_xmatrix`,
  the view) or for every unit at once (:class:`XMatrixBatch`, the workbook).
- :mod:`~hoshin.reads.xmatrix.findings`: the review findings shown on the matrix.
- :mod:`~hoshin.reads.xmatrix.changes`: whether an edit changes what a matrix shows.
"""

from __future__ import annotations

from hoshin.reads.xmatrix.changes import affects
from hoshin.reads.xmatrix.findings import unit_findings
from hoshin.reads.xmatrix.model import (
    LINE_OF_SIGHT_CHECKS,
    MATRIX_KINDS,
    Cells,
    Corner,
    Item,
    Owner,
    XMatrix,
    corner_of,
)
from hoshin.reads.xmatrix.reader import XMatrixBatch, build_xmatrix, primary_load

__all__ = [
    "LINE_OF_SIGHT_CHECKS",
    "MATRIX_KINDS",
    "Cells",
    "Corner",
    "Item",
    "Owner",
    "XMatrix",
    "XMatrixBatch",
    "affects",
    "build_xmatrix",
    "corner_of",
    "primary_load",
    "unit_findings",
]
