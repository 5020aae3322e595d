"""The review meeting of a unit: its agenda, decisions and minutes."""
