"""What a kaizen card shows, measured and laid out once per card and width.

Eliding, wrapping and shaping text cost more than drawing it; a card's face keeps the
result, so a repaint (a hover, a scroll, a unit shown again) only draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QStaticText, QTextLayout, QTextOption

from hoshin.reads.board import Card
from views.catchball.badge import badge_size
from views.kaizen_board.style import (
    DEBT_BG,
    DEBT_BORDER,
    DEBT_FG,
    ORIGIN_BADGE,
    ORPHAN_BADGE,
    PRIORITY_BG,
    PRIORITY_BORDER,
    PRIORITY_FG,
    Badge,
)

PAD = 9  # inside a card
GAP = 5  # between rows
TITLE_LINES = 2
BADGE_PAD_X, BADGE_PAD_Y = 6, 2


def title_lines(text: str, font: QFont, width: int, most: int = TITLE_LINES) -> tuple[str, ...]:
    """``text`` wrapped to ``width`` pixels, at most ``most`` lines, the last one elided."""
    if width <= 0:
        return (text,)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts: list[tuple[int, int]] = []
    while len(starts) < most:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    more = layout.createLine().isValid()
    layout.endLayout()
    lines = [text[s : s + n].rstrip() for s, n in starts]
    if more and lines:
        rest = text[starts[-1][0] :].strip()
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return tuple(lines) or ("",)


@dataclass(frozen=True)
class CardMetrics:
    """Fonts and row heights of a card, derived once per view font."""

    base: QFont
    code: QFont
    small: QFont
    key: str  # the view font's, in the key of every picture drawn in these fonts
    first: int  # code and origin badge
    code_top: float  # the code's top below the row's: centred as drawText would
    line: int  # one title line
    team: int
    badge: int
    code_fm: QFontMetrics
    small_fm: QFontMetrics
    widths: dict[str, int] = field(default_factory=dict)  # badge texts repeat: measure once
    balls: dict[int, QSizeF] = field(default_factory=dict)  # catchball badges, by count

    def badge_width(self, text: str) -> int:
        width = self.widths.get(text)
        if width is None:
            width = self.widths[text] = self.small_fm.horizontalAdvance(text) + 2 * BADGE_PAD_X
        return width

    def ball_size(self, count: int) -> QSizeF:
        """The catchball badge's size for ``count`` open threads."""
        size = self.balls.get(count)
        if size is None:
            size = self.balls[count] = badge_size(self.small, count)
        return size

    @classmethod
    def of(cls, font: QFont) -> CardMetrics:
        base = QFont(font)
        code = QFont(base)
        code.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        code_fm, small_fm = QFontMetrics(code), QFontMetrics(small)
        badge = small_fm.height() + 2 * BADGE_PAD_Y
        first = max(code_fm.height(), badge)
        return cls(
            base,
            code,
            small,
            key=base.key(),
            first=first,
            code_top=(first - code_fm.height()) / 2,
            line=QFontMetrics(base).lineSpacing(),
            team=small_fm.height(),
            badge=badge,
            code_fm=code_fm,
            small_fm=small_fm,
        )

    @property
    def card_height(self) -> int:
        """Every card is this tall, so the view lays out thousands without asking each."""
        title = TITLE_LINES * self.line
        return 2 * PAD + self.first + GAP + title + GAP + self.team + GAP + self.badge


def _static(text: str) -> QStaticText:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)  # a title with a "<" is not markup
    return static


@dataclass(frozen=True, slots=True)
class CardFace:
    """A card's texts, laid out to draw as they are, and its badges."""

    code: QStaticText
    title: tuple[QStaticText, ...]
    team: QStaticText
    origin: Badge
    supports: Badge
    debt: Badge | None

    @classmethod
    def of(cls, card: Card, m: CardMetrics, width: int) -> CardFace:
        """``card``'s face, ``width`` pixels wide inside the card's padding."""
        origin = ORIGIN_BADGE[card.origin]
        if m.code_fm.horizontalAdvance(card.code) + GAP + m.badge_width(origin.text) > width:
            # The code comes first; a narrow card keeps the badge's symbol (▼ ▲ ◆ differ in
            # shape as well as colour) and says the word in its tooltip.
            origin = replace(origin, text=origin.text.split()[0])
        code_width = width - m.badge_width(origin.text) - GAP
        code = m.code_fm.elidedText(card.code, Qt.TextElideMode.ElideRight, code_width)
        team = m.small_fm.elidedText(card.team, Qt.TextElideMode.ElideRight, width)
        title = tuple(_static(line) for line in title_lines(card.title, m.base, width))
        return cls(_static(code), title, _static(team), origin, _supports(card), _debt(card))


def _supports(card: Card) -> Badge:
    if not card.priorities:
        return ORPHAN_BADGE
    more = f" +{len(card.priorities) - 1}" if len(card.priorities) > 1 else ""
    return Badge(f"→ {card.priorities[0]}{more}", PRIORITY_FG, PRIORITY_BG, PRIORITY_BORDER)


def _debt(card: Card) -> Badge | None:
    return Badge(f"⚑ {card.debt} open", DEBT_FG, DEBT_BG, DEBT_BORDER) if card.debt else None
