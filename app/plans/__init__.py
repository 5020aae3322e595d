"""Plans as files and servers: opening, copying, connecting, watching, exporting."""
