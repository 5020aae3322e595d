"""Qt widgets and item models that show a plan and send edits through the document."""
