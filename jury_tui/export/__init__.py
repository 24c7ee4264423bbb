"""Excel export of consolidated sessions (openpyxl, no Textual)."""
