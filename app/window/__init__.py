"""The main window: its tabs, docks, menus and the panels wired into them."""
