"""Catchball: negotiating a deployed node between two adjacent levels (DESIGN §4)."""
