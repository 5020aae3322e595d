"""The ``hoshin`` command line: build and inspect plans without the desktop app."""
