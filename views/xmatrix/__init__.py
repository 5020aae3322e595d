"""The X-matrix tab (DESIGN §3): one unit's matrix, painted, zoomable, editable, exportable."""

from __future__ import annotations

from views.xmatrix.view import XMatrixView

__all__ = ["XMatrixView"]
