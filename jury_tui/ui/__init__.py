"""The Textual workbench: a thin layer over :mod:`jury_tui.domain`."""
