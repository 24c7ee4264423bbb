"""jury-tui: a terminal workbench for certification juries."""

__version__ = "0.1.0"
