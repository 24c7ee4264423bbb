"""A jury session: its model, loader and edits, candidate import, dossiers, and where its files live."""
