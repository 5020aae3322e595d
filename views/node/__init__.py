"""The selected node: its editor, owners, history and line of sight."""
