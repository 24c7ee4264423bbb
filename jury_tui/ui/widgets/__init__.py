"""Widgets of the workbench; each posts small messages up to its screen."""
