"""The A3 of a node: its one-page PDF and its editor dialog."""
