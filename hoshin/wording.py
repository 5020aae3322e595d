"""Small pieces of English shared by messages: the article before a word."""

from __future__ import annotations

_VOWEL_SOUNDS = ("a", "e", "i", "o", "u")
_CONSONANT_SOUNDS = ("one", "uni", "use", "eu")  # "a unit", "a user", "a one-off"


def a(word: str) -> str:
    """``word`` with its indefinite article: "a proposal", "an agree", "an in discussion"."""
    lower = word.lower()
    vowel = lower.startswith(_VOWEL_SOUNDS) and not lower.startswith(_CONSONANT_SOUNDS)
    return f"{'an' if vowel else 'a'} {word}"
