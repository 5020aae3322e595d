"""Words and numbers as people read them: counts, plurals, figures and dates."""
