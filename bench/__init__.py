"""``python -m bench``: the figures of the scale issue, each against a raw baseline."""
