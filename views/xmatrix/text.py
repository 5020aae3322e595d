"""Fitting text into a label: greedy word wrap with an ellipsis on the last line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF


def elide(text: str, fm: QFontMetricsF, width: float) -> str:
    return fm.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 0.0))


def balanced(text: str, fm: QFontMetricsF, widths: list[float]) -> list[str]:
    """Two lines of similar length when ``text`` does not fit on the first line alone.

    Greedy wrapping leaves a lone word ("%") on the second line of a rotated label;
    balancing reads better. Falls back to :func:`wrap` when no break fits.
    """
    text = _glue(text)
    if len(widths) < 2 or fm.horizontalAdvance(text) <= widths[0]:
        return wrap(text, fm, widths)[0]
    words = [w for w in text.split(" ") if w]
    best: tuple[float, list[str]] | None = None
    for k in range(1, len(words)):
        first, second = " ".join(words[:k]), " ".join(words[k:])
        w1, w2 = fm.horizontalAdvance(first), fm.horizontalAdvance(second)
        if w1 <= widths[0] and w2 <= widths[1]:
            # Compare the lines as they fill their own room (the first may be shorter).
            worst = max(w1 + widths[1] - widths[0], w2)
            if best is None or worst < best[0]:
                best = (worst, [first, second])
    return best[1] if best else wrap(text, fm, widths)[0]


def _glue(text: str) -> str:
    """Keep a unit sign with its number: "24 %" never breaks before the "%"."""
    return text.replace(" %", "\u00a0%")


def wrap(text: str, fm: QFontMetricsF, widths: list[float]) -> tuple[list[str], bool]:
    """Break ``text`` into at most ``len(widths)`` lines, line ``n`` at most ``widths[n]``.

    Returns the lines and whether the text was cut (the last line then ends in "…").
    A word longer than a whole line is cut inside the word rather than pushed away.
    """
    words = [w for w in text.split(" ") if w]
    lines: list[str] = []
    n = 0
    while n < len(words) and len(lines) < len(widths):
        width = widths[len(lines)]
        line = words[n]
        n += 1
        while n < len(words) and fm.horizontalAdvance(f"{line} {words[n]}") <= width:
            line = f"{line} {words[n]}"
            n += 1
        lines.append(line)
    cut = n < len(words)
    if lines and (cut or fm.horizontalAdvance(lines[-1]) > widths[len(lines) - 1]):
        rest = " ".join([lines[-1], *words[n:]])
        lines[-1] = elide(rest, fm, widths[len(lines) - 1])
        cut = True
    for k, line in enumerate(lines[:-1]):
        if fm.horizontalAdvance(line) > widths[k]:  # a single over-long word
            lines[k] = elide(line, fm, widths[k])
            cut = True
    return lines, cut
