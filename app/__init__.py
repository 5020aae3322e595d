"""The application shell: QApplication, main window, actions, undo, settings."""
