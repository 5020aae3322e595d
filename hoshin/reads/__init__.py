"""Read models: each module answers one screen's or one command's question in a few bulk SELECTs."""
