"""The workbook's named styles, registered once per workbook and assigned to cells by name.

A cell that names a style costs a lookup; a cell that builds its own Font and Fill costs an
object each and a style-table search on save. Every look of the workbook is therefore one
entry here, and the sheets refer to these names only.

Plain table cells have no borders: the sheets print their gridlines instead, so an empty
cell of a table needs no cell at all (a quarter of the catchball log is empty cells).
Cells with a fill keep a border, as a fill hides the gridlines.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook import Workbook

from hoshin.model.kinds import NodeKind

FONT = "Arial"
SIZE = 10

# -- colours (no leading #: openpyxl's format) ---------------------------------------------
INK = "1F2933"
INK_SOFT = "52606D"
GRID = "C9D1DA"
FRAME = "7B8794"
HEADER_FILL = "DCE6F1"
SECTION_FILL = "EEF2F6"
GREEN = "C6EFCE"
GREEN_INK = "006100"
RED = "FFC7CE"
RED_INK = "9C0006"
YELLOW = "FFEB9C"
YELLOW_INK = "7F6000"
GREY_FILL = "EDEFF2"
#: The band tints of the desktop X-matrix (views/xmatrix/style.py), so print and screen agree.
BAND_TINT: dict[NodeKind, str] = {
    NodeKind.BREAKTHROUGH: "EEF4FB",
    NodeKind.ANNUAL: "EFF8F1",
    NodeKind.PRIORITY: "FDF6E9",
    NodeKind.TARGET: "F5F1FA",
}
OWNER_TINT = "F4F5F7"

# -- number formats ------------------------------------------------------------------------
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MONTH_FORMAT = "mmm yyyy"
FIGURE_FORMAT = "0.0#"
#: The mark lives in the number format, so the cell stays a number and reads in black and white.
GREEN_FORMAT = '"✔ "0.0#;"✔ -"0.0#'
YELLOW_FORMAT = '"≈ "0.0#;"≈ -"0.0#'
RED_FORMAT = '"✖ "0.0#;"✖ -"0.0#'
PERCENT_FORMAT = "0%"

# -- style names ---------------------------------------------------------------------------
TITLE = "Hoshin title"
SUBTITLE = "Hoshin subtitle"
SECTION = "Hoshin section"
HEADER = "Hoshin header"
HEADER_MONTH = "Hoshin header month"
TEXT = "Hoshin text"  # wrapped
LINE = "Hoshin line"  # one line, no wrap
CODE = "Hoshin code"
NUMBER = "Hoshin number"
INTEGER = "Hoshin integer"
PERCENT = "Hoshin percent"
DATE = "Hoshin date"
DATETIME = "Hoshin datetime"
NOTE = "Hoshin note"  # grey small text under a table
LABEL = "Hoshin label"  # bold text in a key/value list
FIGURE = "Hoshin figure"
FIGURE_GREEN = "Hoshin on plan"
FIGURE_YELLOW = "Hoshin near plan"
FIGURE_RED = "Hoshin off plan"
STATE_DONE = "Hoshin agreed"
STATE_OPEN = "Hoshin open"
STATE_NONE = "Hoshin not deployed"
STATE_GAP = "Hoshin deployment gap"  # agreed or locked weaker than the parent's goal
FLAG = "Hoshin flag"  # a review finding or a debt worth a look
INDENT = tuple(f"Hoshin indent {n}" for n in range(6))
# X-matrix
X_TITLE = "X title"
X_SUB = "X subtitle"
X_CODE = {k: f"X code {k.value}" for k in NodeKind}
X_LABEL = {k: f"X label {k.value}" for k in NodeKind}
X_FLAGGED = {k: f"X flagged {k.value}" for k in NodeKind}
X_DEPLOYED_IN = {k: f"X deployed in {k.value}" for k in NodeKind}
X_CELL = "X cell"
X_OWNER = "X owner"
X_PERSON = "X person"
X_OWNER_CODE = "X owner code"
X_CENTRE = "X centre"
X_DIAG_DOWN = "X diagonal down"
X_DIAG_UP = "X diagonal up"
X_HEADING = {k: f"X heading {k.value}" for k in NodeKind}
X_LEGEND = "X legend"
X_FINDING = "X finding"
X_GAP = "X gap"

_thin = Side(style="thin", color=GRID)
_frame = Side(style="thin", color=FRAME)
_medium = Side(style="medium", color=INK)
GRID_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
FRAME_BORDER = Border(left=_frame, right=_frame, top=_frame, bottom=_frame)


def _fill(colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=colour, end_color=colour)


def _font(
    *, bold: bool = False, italic: bool = False, size: float = SIZE, colour: str = INK
) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic, color=colour)


@dataclass(frozen=True)
class _Spec:
    font: Font
    fill: PatternFill | None = None
    border: Border | None = None
    alignment: Alignment | None = None
    number_format: str = "General"


_TOP_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_ROTATED = Alignment(textRotation=90, wrap_text=True, horizontal="center", vertical="bottom")


def _specs() -> dict[str, _Spec]:
    plain = _font()
    specs: dict[str, _Spec] = {
        TITLE: _Spec(_font(bold=True, size=14), alignment=_TOP),
        SUBTITLE: _Spec(_font(italic=True, colour=INK_SOFT), alignment=_TOP),
        SECTION: _Spec(
            _font(bold=True, size=11),
            _fill(SECTION_FILL),
            Border(bottom=_frame),
            Alignment(vertical="center"),
        ),
        HEADER: _Spec(_font(bold=True), _fill(HEADER_FILL), FRAME_BORDER, _CENTRE),
        HEADER_MONTH: _Spec(
            _font(bold=True), _fill(HEADER_FILL), FRAME_BORDER, _CENTRE, MONTH_FORMAT
        ),
        TEXT: _Spec(plain, alignment=_TOP_WRAP),
        LINE: _Spec(plain, alignment=_TOP),
        CODE: _Spec(_font(bold=True), alignment=_TOP),
        NUMBER: _Spec(plain, alignment=_TOP, number_format="General"),
        INTEGER: _Spec(plain, alignment=_TOP, number_format="0"),
        PERCENT: _Spec(plain, alignment=_TOP, number_format=PERCENT_FORMAT),
        DATE: _Spec(plain, alignment=_TOP, number_format=DATE_FORMAT),
        DATETIME: _Spec(plain, alignment=_TOP, number_format=DATETIME_FORMAT),
        NOTE: _Spec(_font(italic=True, size=9, colour=INK_SOFT), alignment=_TOP_WRAP),
        LABEL: _Spec(_font(bold=True), alignment=_TOP),
        FIGURE: _Spec(plain, border=GRID_BORDER, alignment=_CENTRE, number_format=FIGURE_FORMAT),
        FIGURE_GREEN: _Spec(
            _font(colour=GREEN_INK), _fill(GREEN), GRID_BORDER, _CENTRE, GREEN_FORMAT
        ),
        FIGURE_YELLOW: _Spec(
            _font(colour=YELLOW_INK), _fill(YELLOW), GRID_BORDER, _CENTRE, YELLOW_FORMAT
        ),
        FIGURE_RED: _Spec(
            _font(bold=True, colour=RED_INK), _fill(RED), GRID_BORDER, _CENTRE, RED_FORMAT
        ),
        STATE_DONE: _Spec(_font(colour=GREEN_INK), _fill(GREEN), GRID_BORDER, _TOP_WRAP),
        STATE_OPEN: _Spec(_font(colour=YELLOW_INK), _fill(YELLOW), GRID_BORDER, _TOP_WRAP),
        STATE_NONE: _Spec(
            _font(italic=True, colour=INK_SOFT), _fill(GREY_FILL), GRID_BORDER, _TOP_WRAP
        ),
        STATE_GAP: _Spec(_font(bold=True, colour=RED_INK), _fill(RED), GRID_BORDER, _TOP_WRAP),
        FLAG: _Spec(_font(bold=True, colour=RED_INK), _fill(RED), GRID_BORDER, _TOP),
        X_TITLE: _Spec(_font(bold=True, size=16), alignment=Alignment(vertical="center")),
        X_SUB: _Spec(_font(italic=True, colour=INK_SOFT), alignment=Alignment(vertical="top")),
        X_CELL: _Spec(_font(size=12), border=GRID_BORDER, alignment=_CENTRE),
        X_OWNER: _Spec(_font(size=12), _fill(OWNER_TINT), GRID_BORDER, _CENTRE),
        X_PERSON: _Spec(_font(size=9), _fill(OWNER_TINT), GRID_BORDER, _ROTATED),
        X_OWNER_CODE: _Spec(
            _font(bold=True, size=9), _fill(OWNER_TINT), GRID_BORDER, Alignment(vertical="center")
        ),
        X_CENTRE: _Spec(
            _font(bold=True, size=12),
            _fill("FFFFFF"),
            Border(left=_medium, right=_medium, top=_medium, bottom=_medium),
            _CENTRE,
        ),
        X_DIAG_DOWN: _Spec(
            plain, border=Border(diagonal=_medium, diagonalDown=True, diagonalUp=False)
        ),
        X_DIAG_UP: _Spec(
            plain, border=Border(diagonal=_medium, diagonalUp=True, diagonalDown=False)
        ),
        X_LEGEND: _Spec(_font(size=9, colour=INK_SOFT), alignment=Alignment(vertical="center")),
        X_FINDING: _Spec(_font(size=9, colour=RED_INK), alignment=Alignment(vertical="center")),
        X_GAP: _Spec(plain),
    }
    for n, name in enumerate(INDENT):
        specs[name] = _Spec(plain, alignment=Alignment(vertical="top", indent=2 * n))
    for kind in NodeKind:
        tint = _fill(BAND_TINT.get(kind, "FFFFFF"))
        rotated = kind in (NodeKind.ANNUAL, NodeKind.TARGET)
        label_align = (
            _ROTATED
            if rotated
            else Alignment(wrap_text=True, vertical="center", horizontal="left", indent=1)
        )
        specs[X_LABEL[kind]] = _Spec(_font(), tint, FRAME_BORDER, label_align)
        specs[X_FLAGGED[kind]] = _Spec(_font(), _fill(YELLOW), FRAME_BORDER, label_align)
        specs[X_DEPLOYED_IN[kind]] = _Spec(
            _font(italic=True, colour=INK_SOFT), _fill(GREY_FILL), FRAME_BORDER, label_align
        )
        specs[X_CODE[kind]] = _Spec(_font(bold=True), tint, FRAME_BORDER, _CENTRE)
        heading_align = (
            Alignment(textRotation=90, horizontal="center", vertical="center", wrap_text=True)
            if rotated
            else Alignment(horizontal="center", vertical="center", wrap_text=True)
        )
        specs[X_HEADING[kind]] = _Spec(_font(italic=True, colour=INK_SOFT), alignment=heading_align)
    return specs


def register_styles(wb: Workbook) -> None:
    """Add every named style to ``wb``; call once, before any cell names a style."""
    for name, spec in _specs().items():
        style = NamedStyle(name=name, font=spec.font, number_format=spec.number_format)
        if spec.fill is not None:
            style.fill = spec.fill
        if spec.border is not None:
            style.border = spec.border
        if spec.alignment is not None:
            style.alignment = spec.alignment
        wb.add_named_style(style)


#: Styles whose number format shows a date: only these may hold a date or a datetime.
DATE_STYLES = frozenset({DATE, DATETIME, HEADER_MONTH})
