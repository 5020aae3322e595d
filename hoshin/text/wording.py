"""Small pieces of English shared by messages: counts in words ("1 red month", "2 red
months") and the article before a word ("an agreed thread").

One rule for every sentence that counts something, in the CLI, the workbook and the app,
so that no screen says "1 red months" or hedges with "item(s)".
"""

from __future__ import annotations


def plural(word: str) -> str:
    """The English plural of a count noun as Hoshin uses them (``month`` → ``months``)."""
    irregular = {"person": "people", "is": "are", "was": "were", "has": "have"}
    if word in irregular:
        return irregular[word]
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    return word + "s"


def count(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word`` agreeing: ``count(1, "red month")`` is "1 red month".

    Args:
        n: how many.
        word: the singular; only its last word takes the plural ("red month").
        many: the plural when it is not the regular one.

    Returns:
        "1 thread", "3 threads", "1,200 kaizens" (thousands grouped).
    """
    if n == 1:
        return f"1 {word}"
    if many is None:
        head, _, last = word.rpartition(" ")
        many = f"{head} {plural(last)}" if head else plural(last)
    return f"{n:,} {many}"


_VOWEL_SOUNDS = ("a", "e", "i", "o", "u")
_CONSONANT_SOUNDS = ("one", "uni", "use", "eu")  # "a unit", "a user", "a one-off"


def a(word: str) -> str:
    """``word`` with its indefinite article: "a proposal", "an agree", "an in discussion"."""
    lower = word.lower()
    vowel = lower.startswith(_VOWEL_SOUNDS) and not lower.startswith(_CONSONANT_SOUNDS)
    return f"{'an' if vowel else 'a'} {word}"
