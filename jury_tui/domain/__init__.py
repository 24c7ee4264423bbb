"""The grading domain: grids, sessions, score sheets, decisions and files.

Nothing in this package imports Textual; a test enforces it.
"""
