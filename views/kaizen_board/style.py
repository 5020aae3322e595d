"""Colours and words of the kaizen board, in one place so cards and headers agree.

Every colour comes with a word or symbol: a card must read the same in greyscale or to a
colour-blind person (DESIGN §1: the origin balance is a message, not a decoration).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from hoshin.model.kinds import KaizenStatus, Origin


@dataclass(frozen=True)
class Badge:
    """A small rounded label: its text (with a symbol) and its colours."""

    text: str
    fg: QColor
    bg: QColor
    border: QColor


def _badge(text: str, fg: str, bg: str, border: str | None = None) -> Badge:
    return Badge(text, QColor(fg), QColor(bg), QColor(border or bg))


#: Column titles, in lifecycle order (DESIGN §5).
STATUS_TITLE: dict[KaizenStatus, str] = {
    KaizenStatus.IDEA: "Idea",
    KaizenStatus.APPROVED: "Approved",
    KaizenStatus.IN_PROGRESS: "In progress",
    KaizenStatus.DONE: "Done",
    KaizenStatus.SUSTAINED: "Sustained",
    KaizenStatus.REGRESSED: "Regressed",
    KaizenStatus.DROPPED: "Dropped",
}

#: The stripe above each column.
STATUS_COLOUR: dict[KaizenStatus, QColor] = {
    KaizenStatus.IDEA: QColor("#9aa3ad"),
    KaizenStatus.APPROVED: QColor("#4a7fc1"),
    KaizenStatus.IN_PROGRESS: QColor("#e0a030"),
    KaizenStatus.DONE: QColor("#3f9b58"),
    KaizenStatus.SUSTAINED: QColor("#23807a"),
    KaizenStatus.REGRESSED: QColor("#c8483b"),
    KaizenStatus.DROPPED: QColor("#5f6670"),
}

#: Origin badges: distinct hues *and* distinct symbols and words.
ORIGIN_BADGE: dict[Origin, Badge] = {
    Origin.TOP_DOWN: _badge("▼ top-down", "#1d4f91", "#dde9f8", "#a9c4ea"),
    Origin.BOTTOM_UP: _badge("▲ bottom-up", "#1c6b33", "#dcf2e2", "#a6d8b4"),
    Origin.JOINT: _badge("◆ joint", "#5c2d88", "#eee4f7", "#cdb5e6"),
}

PRIORITY_FG = QColor("#39424e")
PRIORITY_BG = QColor("#eef0f3")
PRIORITY_BORDER = QColor("#c9ced6")
ORPHAN_BADGE = _badge("⚠ orphan", "#9b2216", "#fbe4e1", "#eeb1a9")
DEBT_FG, DEBT_BG, DEBT_BORDER = QColor("#7a4d00"), QColor("#fff1d2"), QColor("#efcf86")

CARD_BG = QColor("#ffffff")
CARD_BORDER = QColor("#cdd2d9")
CARD_HOVER_BORDER = QColor("#8f9aa8")
COLUMN_BG = QColor("#f1f3f6")
MUTED_TEXT = QColor("#5f6873")

MESSAGE_STYLE = (
    "QLabel { background: #fdecea; color: #7d1d12; border: 1px solid #d98b80;"
    " border-radius: 6px; padding: 8px 12px; }"
)

#: A slim bar (its width is the delegate's SCROLLBAR_W) that does not crowd the cards.
SCROLLBAR_STYLE = (
    "QScrollBar:vertical { width: 8px; background: transparent; margin: 2px 0; }"
    "QScrollBar::handle:vertical { background: #b4bcc6; border-radius: 4px; min-height: 28px; }"
    "QScrollBar::handle:vertical:hover { background: #8f9aa8; }"
    "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
    "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }"
)


def blend(below: QColor, above: QColor) -> QColor:
    """``above`` blended onto an opaque ``below``: a tint that stays opaque."""
    a = above.alphaF()
    return QColor.fromRgbF(
        below.redF() * (1 - a) + above.redF() * a,
        below.greenF() * (1 - a) + above.greenF() * a,
        below.blueF() * (1 - a) + above.blueF() * a,
    )
