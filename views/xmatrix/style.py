"""Fonts, colours and sizes of the X-matrix, in one place.

Sizes are scene pixels and fonts use pixel sizes (not points): the same layout is painted on
the screen, into a PNG and into a 300-dpi PDF, and point sizes would grow with the device's
resolution while the geometry does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

from hoshin.model.kinds import NodeKind

# -- geometry (scene pixels) -------------------------------------------------------------
MARGIN = 24.0
TITLE_H = 58.0  # title, subtitle and the owner heading above the matrix
ROW_H = 26.0  # a North or South row, and an owner row
COL_W = 36.0  # a West or East column: two lines of rotated text
OWNER_W = 28.0  # one person's column
GAP = 14.0  # between the East band and the owner block
OWNER_CODE_W = 60.0  # the codes to the right of the owner block
LEGEND_GAP = 18.0
LEGEND_H = 44.0  # two lines
PAD = 6.0  # text padding inside a label
MARKER_W = 4.0  # the review-finding bar on a label's outer edge
ADD_R = 9.0  # radius of a "+" button

CENTRE_W_MIN, CENTRE_W_MAX = 440.0, 640.0
CENTRE_H_MIN, CENTRE_H_MAX = 250.0, 340.0

# -- colours -----------------------------------------------------------------------------
INK = QColor("#1f2933")
INK_SOFT = QColor("#52606d")
INK_FAINT = QColor("#9aa5b1")
GRID = QColor("#d9dee5")
FRAME = QColor("#7b8794")
STRIPE = QColor(31, 41, 51, 10)  # alternating rows/columns, see-through so they cross
HOVER = QColor(37, 99, 235, 28)
SELECTED = QColor(37, 99, 235, 46)
SELECTED_FRAME = QColor("#2563eb")
RED = QColor("#d64545")
AMBER = QColor("#e8a317")
RATIONALE = QColor("#3e7cb1")
ADD_FILL = QColor("#2563eb")

#: A quiet hue per band, stronger in the centre triangle than in the band itself.
BAND_TINT: dict[NodeKind, tuple[QColor, QColor]] = {
    NodeKind.BREAKTHROUGH: (QColor("#eef4fb"), QColor("#dce9f7")),
    NodeKind.ANNUAL: (QColor("#eff8f1"), QColor("#dbefe0")),
    NodeKind.PRIORITY: (QColor("#fdf6e9"), QColor("#f8e8c8")),
    NodeKind.TARGET: (QColor("#f5f1fa"), QColor("#e6ddf2")),
}
OWNER_TINT = QColor("#f4f5f7")
#: A deployed-in row or column (another unit's item the unit serves): hatched grey, read only.
DEPLOYED_IN_TINT = QColor("#e9ecef")
DEPLOYED_IN_TAG = "⇣"

HEADINGS: dict[NodeKind, str] = {
    NodeKind.BREAKTHROUGH: "Breakthrough objectives",
    NodeKind.ANNUAL: "Annual objectives",
    NodeKind.PRIORITY: "Improvement priorities",
    NodeKind.TARGET: "Targets",
}
OWNERS_HEADING = "Owners"

PRIMARY_SYMBOL = "●"
SECONDARY_SYMBOL = "○"


def _font(px: int, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    # Hinting snaps glyphs to the screen grid and would make PDF text wider than measured.
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


@dataclass(frozen=True)
class Fonts:
    label: QFont
    code: QFont
    small: QFont
    heading: QFont
    title: QFont
    subtitle: QFont
    symbol: QFont
    centre: QFont

    @classmethod
    def default(cls) -> Fonts:
        return cls(
            label=_font(12),
            code=_font(12, bold=True),
            small=_font(11),
            heading=_font(13, bold=True),
            title=_font(19, bold=True),
            subtitle=_font(12),
            symbol=_font(15),
            centre=_font(15, bold=True),
        )
